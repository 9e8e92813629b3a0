/**
 * The bundled example projects (resources/examples/*.rnn.json), generated from seeded data so they can be
 * rebuilt and checked: `npm run examples` writes them; test/examples.test.ts checks the committed files
 * equal what this generates, and trains each one to its stated loss.
 */
import { createRng, lectureNetwork, LECTURE_TRAINING, type Sequence } from '../src/core/index.js'
import { createProject, type Project } from '../src/shared/project-file.js'

export interface Example {
  file: string
  project: Project
  /** The training loss this example reaches within its `training.epochs` (checked by the tests). */
  reaches: number
}

const bits = (rng: ReturnType<typeof createRng>, n: number) => Array.from({ length: n }, () => rng.int(2))
const CREATED = new Date('2026-11-27T00:00:00Z') // fixed, so regenerating gives identical files

/** The notes' network on a task its one-step gradient can learn: does the current bit equal the last one? */
function lectureMinimal(): Example {
  const rng = createRng(11)
  const train: Sequence[] = Array.from({ length: 8 }, () => {
    const x = bits(rng, 6)
    return { u: x.map((b) => [b, 1 - b]), z: x.map((b, t) => (t === 0 ? null : [b === x[t - 1] ? 1 : 0])) }
  })
  return {
    file: 'lecture-minimal.rnn.json',
    reaches: 0.05,
    project: createProject({
      name: 'Lecture minimal',
      description: "The lecture's network exactly: sigmoid units, no biases, the notes' gradient formulas and full-batch gradient descent. Task: is the current bit the same as the previous one?",
      network: lectureNetwork(2, [4], 1),
      training: { ...LECTURE_TRAINING, learningRate: 0.5, epochs: 2000, seed: 3, init: { kind: 'uniform', scale: 0.5 } },
      data: { kind: 'inline', inputSize: 2, outputSize: 1, train },
      now: CREATED,
    }),
  }
}

/** Output the input bit of two steps ago. */
function delayedRecall(): Example {
  const rng = createRng(12)
  const delay = 2
  const train: Sequence[] = Array.from({ length: 32 }, () => {
    const x = bits(rng, 12)
    return { u: x.map((b) => [b]), z: x.map((_, t) => (t < delay ? null : [x[t - delay]])) }
  })
  return {
    file: 'delayed-recall.rnn.json',
    reaches: 0.05,
    project: createProject({
      name: 'Delayed recall',
      description: 'Output the input bit of two steps ago: the network must hold two bits in its recurrent state. No target for the first two steps.',
      network: { inputSize: 1, hidden: [{ units: 8, activation: 'tanh' }], output: { units: 1, activation: 'sigmoid' } },
      training: { optimizer: 'adam', learningRate: 0.05, epochs: 300, seed: 1 },
      data: { kind: 'inline', inputSize: 1, outputSize: 1, train },
      now: CREATED,
    }),
  }
}

/** Add two binary numbers fed least significant bit first; output the sum bit at each step. */
function binaryAddition(): Example {
  const rng = createRng(13)
  const width = 8
  const train: Sequence[] = Array.from({ length: 64 }, () => {
    const a = bits(rng, width)
    const b = bits(rng, width)
    let carry = 0
    const z: number[][] = []
    for (let t = 0; t < width; t++) {
      const s = a[t] + b[t] + carry
      z.push([s % 2])
      carry = s >> 1
    }
    return { u: a.map((ai, t) => [ai, b[t]]), z }
  })
  return {
    file: 'binary-addition.rnn.json',
    reaches: 0.2,
    project: createProject({
      name: 'Binary addition',
      description: 'Two bit streams, least significant bit first; the output is the sum bit. The carry lives in the recurrent state.',
      network: { inputSize: 2, hidden: [{ units: 8, activation: 'tanh' }], output: { units: 1, activation: 'sigmoid' } },
      training: { optimizer: 'adam', learningRate: 0.05, epochs: 300, seed: 1 },
      data: { kind: 'inline', inputSize: 2, outputSize: 1, train },
      now: CREATED,
    }),
  }
}

/** Predict the next value of a sine wave from the values so far. */
function sine(): Example {
  const rng = createRng(14)
  const steps = 30
  const omega = (2 * Math.PI) / 12
  const wave = (): Sequence => {
    const phase = rng.uniform(0, 2 * Math.PI)
    const v = Array.from({ length: steps + 1 }, (_, t) => Math.round(Math.sin(omega * t + phase) * 1e6) / 1e6)
    return { u: v.slice(0, steps).map((x) => [x]), z: v.slice(1).map((x, t) => (t < 2 ? null : [x])) }
  }
  const train: Sequence[] = Array.from({ length: 16 }, wave)
  const validation: Sequence[] = Array.from({ length: 4 }, wave) // phases not trained on
  return {
    file: 'sine.rnn.json',
    reaches: 0.05,
    project: createProject({
      name: 'Sine',
      description: 'Predict the next value of a sine wave (period 12 steps, random phase), with 4 validation waves. The first two steps have no target: one value alone does not tell rising from falling.',
      network: { inputSize: 1, hidden: [{ units: 10, activation: 'tanh' }], output: { units: 1, activation: 'linear' } },
      training: { optimizer: 'adam', learningRate: 0.02, epochs: 300, seed: 1 },
      data: { kind: 'inline', inputSize: 1, outputSize: 1, train, validation },
      now: CREATED,
    }),
  }
}

export function examples(): Example[] {
  return [lectureMinimal(), delayedRecall(), binaryAddition(), sine()]
}
