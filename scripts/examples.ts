/**
 * The bundled example projects (resources/examples/*.rnn.json). Their data are data scripts, so that users
 * can open an example and edit how its data is made. `npm run examples` writes the files; test/examples.test.ts
 * checks the committed files equal what this generates, that every script type-checks against the script API,
 * and trains each one (on the data its script makes) to its stated loss.
 */
import { lectureNetwork, LECTURE_TRAINING } from '../src/core/index.js'
import { PAPER_TRAINING, nettalkNetwork } from '../src/core/nettalk/index.js'
import { NETTALK_BUNDLED } from '../src/shared/project-constants.js'
import { createProject, type NettalkData, type Project, type ScriptData } from '../src/shared/project-file.js'

export interface Example {
  file: string
  project: Project<ScriptData>
  /** The training loss this example reaches within its `training.epochs` (checked by the tests). */
  reaches: number
}

const CREATED = new Date('2026-11-27T00:00:00Z') // fixed, so regenerating gives identical files

/** Script source: the template's common indentation removed, so the file shows it as written. */
function source(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\s+$/, '').split('\n')
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length))
  return lines.map((l) => l.slice(indent)).join('\n') + '\n'
}

const script = (seed: number, text: string): ScriptData => ({ kind: 'script', source: source(text), seed })

/** The notes' network on a task its one-step gradient can learn: does the current bit equal the last one? */
function lectureMinimal(): Example {
  return {
    file: 'lecture-minimal.rnn.json',
    reaches: 0.05,
    project: createProject({
      name: 'Lecture minimal',
      description: "The lecture's network exactly: sigmoid units, no biases, the notes' gradient formulas and full-batch gradient descent. Task: is the current bit the same as the previous one?",
      network: lectureNetwork(2, [4], 1),
      training: { ...LECTURE_TRAINING, learningRate: 0.5, epochs: 2000, seed: 3, init: { kind: 'uniform', scale: 0.5 } },
      data: script(
        11,
        `
        // Is the current bit the same as the previous one? Each step's input is the bit and its complement
        // (the lecture's units take binary inputs, and without biases a 0 alone would carry no signal).
        export default function (h: ScriptHelpers): DataSet {
          const train = h.range(8).map(() => {
            const x = h.range(6).map(() => h.rng.bit())
            return {
              u: x.map((b) => [b, 1 - b]),
              // no target at the first step: there is no previous bit yet
              z: x.map((b, t) => (t === 0 ? null : [b === x[t - 1] ? 1 : 0])),
            }
          })
          return { inputSize: 2, outputSize: 1, train }
        }
        `,
      ),
      now: CREATED,
    }),
  }
}

/** Output the input bit of two steps ago. */
function delayedRecall(): Example {
  return {
    file: 'delayed-recall.rnn.json',
    reaches: 0.05,
    project: createProject({
      name: 'Delayed recall',
      description: 'Output the input bit of two steps ago: the network must hold two bits in its recurrent state. No target for the first two steps.',
      network: { inputSize: 1, hidden: [{ units: 8, activation: 'tanh' }], output: { units: 1, activation: 'sigmoid' } },
      training: { optimizer: 'adam', learningRate: 0.05, epochs: 300, seed: 1 },
      data: script(
        12,
        `
        // Output the input bit of \`delay\` steps ago. Try delay = 3, or longer sequences.
        const delay = 2
        const steps = 12

        export default function (h: ScriptHelpers): DataSet {
          const sequence = (): DataSequence => {
            const bits = h.range(steps).map(() => h.rng.bit())
            return {
              u: bits.map((b) => [b]),
              z: bits.map((_, t) => (t < delay ? null : [bits[t - delay]])),
            }
          }
          return { inputSize: 1, outputSize: 1, train: h.range(32).map(sequence) }
        }
        `,
      ),
      now: CREATED,
    }),
  }
}

/** Add two binary numbers fed least significant bit first; output the sum bit at each step. */
function binaryAddition(): Example {
  return {
    file: 'binary-addition.rnn.json',
    reaches: 0.2,
    project: createProject({
      name: 'Binary addition',
      description: 'Two bit streams, least significant bit first; the output is the sum bit. The carry lives in the recurrent state.',
      network: { inputSize: 2, hidden: [{ units: 8, activation: 'tanh' }], output: { units: 1, activation: 'sigmoid' } },
      training: { optimizer: 'adam', learningRate: 0.05, epochs: 300, seed: 1 },
      data: script(
        13,
        `
        // Two binary numbers a and b, fed least significant bit first (u = [a_t, b_t]); the target is the
        // sum's bit at each step. The carry must live in the recurrent state.
        const width = 8

        export default function (h: ScriptHelpers): DataSet {
          const train = h.range(64).map(() => {
            const a = h.range(width).map(() => h.rng.bit())
            const b = h.range(width).map(() => h.rng.bit())
            let carry = 0
            const z: number[][] = []
            for (let t = 0; t < width; t++) {
              const sum = a[t] + b[t] + carry
              z.push([sum % 2])
              carry = sum >> 1
            }
            return { u: h.zip(a, b).map(([at, bt]) => [at, bt]), z }
          })
          return { inputSize: 2, outputSize: 1, train }
        }
        `,
      ),
      now: CREATED,
    }),
  }
}

/** Predict the next value of a sine wave from the values so far. */
function sine(): Example {
  return {
    file: 'sine.rnn.json',
    reaches: 0.05,
    project: createProject({
      name: 'Sine',
      description: 'Predict the next value of a sine wave (period 12 steps, random phase), with 4 validation waves. The first two steps have no target: one value alone does not tell rising from falling.',
      network: { inputSize: 1, hidden: [{ units: 10, activation: 'tanh' }], output: { units: 1, activation: 'linear' } },
      training: { optimizer: 'adam', learningRate: 0.02, epochs: 300, seed: 1 },
      data: script(
        14,
        `
        // Predict the next value of a sine wave (period 12 steps) from the values so far. Each wave has a
        // random phase; the validation waves are phases the network is not trained on.
        const steps = 30
        const omega = (2 * Math.PI) / 12

        export default function (h: ScriptHelpers): DataSet {
          const wave = (): DataSequence => {
            const phase = h.rng.uniform(0, 2 * Math.PI)
            const v = h.range(steps + 1).map((t) => Math.sin(omega * t + phase))
            return {
              u: v.slice(0, steps).map((x) => [x]),
              // one value alone does not tell rising from falling: no targets for the first two steps
              z: v.slice(1).map((x, t) => (t < 2 ? null : [x])),
            }
          }
          return { inputSize: 1, outputSize: 1, train: h.range(16).map(wave), validation: h.range(4).map(wave) }
        }
        `,
      ),
      now: CREATED,
    }),
  }
}

export function examples(): Example[] {
  return [lectureMinimal(), delayedRecall(), binaryAddition(), sine()]
}

/**
 * NETtalk, the lecture's application: the paper's network (203 → 120 → 26, sigmoid, weights in ±0.3, errors
 * under 0.1 count as zero, one update per word), trained on the paper's 1,000 words. Dictionary and word list
 * are the ones that ship with the app ('bundled', resources/nettalk/), so the example trains as it opens.
 */
export function nettalkExample(): { file: string; project: Project<NettalkData> } {
  const data: NettalkData = { kind: 'nettalk', corpus: NETTALK_BUNDLED, wordList: NETTALK_BUNDLED, validationWords: 500, seed: 1 }
  return {
    file: 'nettalk.rnn.json',
    project: createProject({
      name: 'NETtalk',
      description:
        "Letters to phonemes (Sejnowski & Rosenberg 1987): a window of 7 letters in, the centre letter's articulatory features and stress out. It trains on the paper's 1000 most common words from the corpus that ships with the app (the Data tab can choose other files); the per-letter score is drawn beside the loss, and the Say a word pane reads any word aloud in phonemes.",
      network: nettalkNetwork({}, { hidden: 120 }),
      training: { ...PAPER_TRAINING, seed: 1 },
      data,
      now: CREATED,
    }),
  }
}
