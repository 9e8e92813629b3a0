// Project files (format 1; records of format 2 in run-records.test.ts): round trips, and bad files refused with the JSON path of every problem, nothing half-loaded.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Trainer } from '../../src/core/index.js'
import { LIMITS, ProjectFileError, parseProject, projectJsonSchema, serializeProject, type InlineData, type Project } from '../../src/shared/project-file.js'
import { trainingDataset } from '../../src/shared/runs.js'
import { EXAMPLES_DIR, inlineExampleFile } from '../helpers/projects.js'

// delayed recall with its data written out inline: the checks of inline data
const exampleText = JSON.stringify(await inlineExampleFile('delayed-recall'))

function trained(): Project {
  const p = parseProject(exampleText) as Project<InlineData>
  const t = new Trainer({ network: p.network, training: { ...p.training, epochs: 3 }, data: trainingDataset(p.data) })
  const loss = [t.runEpoch().loss, t.runEpoch().loss, t.runEpoch().loss]
  return { ...p, weights: { ...t.snapshot(), epoch: t.epoch }, history: { loss } }
}

/** The example as a plain object with `edit` applied. */
function edited(edit: (json: any) => void): string {
  const json = JSON.parse(exampleText)
  edit(json)
  return JSON.stringify(json)
}

function issuesOf(text: string) {
  try {
    parseProject(text)
  } catch (e) {
    expect(e).toBeInstanceOf(ProjectFileError)
    return (e as ProjectFileError).issues
  }
  throw new Error('expected the project to be refused')
}

describe('project file', () => {
  it('round-trips a trained project bit for bit, optimizer state included', () => {
    const p = trained()
    const back = parseProject(serializeProject(p))
    expect(Array.from(back.weights!.params)).toEqual(Array.from(p.weights!.params))
    expect(back.weights!.epoch).toBe(3)
    expect(back.weights!.optimizer!.steps).toBe(3)
    expect(Array.from(back.weights!.optimizer!.second)).toEqual(Array.from(p.weights!.optimizer!.second))
    expect(back.history.loss).toEqual(p.history.loss)
    expect(back.network).toEqual(p.network)
    expect(back.training).toEqual(p.training)
    expect(back.data).toEqual(p.data)
    expect(serializeProject(back)).toBe(serializeProject(p))
  })

  it('a float32 run saves float64 weights: the project keeps the precision setting and the weights round-trip exactly', () => {
    const p = parseProject(edited((j) => (j.training.precision = 'float32'))) as Project<InlineData>
    expect(p.training.precision).toBe('float32')
    const t = new Trainer({ network: p.network, training: { ...p.training, epochs: 2 }, data: trainingDataset(p.data) })
    t.runEpoch()
    t.runEpoch()
    expect(t.params).toBeInstanceOf(Float32Array)
    const weights = { ...t.snapshot(), epoch: t.epoch }
    expect(weights.params).toBeInstanceOf(Float64Array)
    const back = parseProject(serializeProject({ ...p, weights, history: { loss: [1, 0.5] } }))
    expect(back.training.precision).toBe('float32')
    expect(Array.from(back.weights!.params)).toEqual(Array.from(t.params))
    expect(Array.from(back.weights!.optimizer!.first)).toEqual(Array.from(t.optimizer.first))
  })

  it('keeps arrays of numbers on one line', () => {
    expect(serializeProject(parseProject(exampleText))).toMatch(/"u": \[\n {10}\[[01]\],/)
  })

  it('keeps a data script as written, and checks its settings', () => {
    const text = readFileSync(join(EXAMPLES_DIR, 'delayed-recall.rnn.json'), 'utf8')
    const p = parseProject(text)
    expect(p.data).toMatchObject({ kind: 'script', seed: 12, source: expect.stringContaining('export default function (h: ScriptHelpers): DataSet') })
    expect(serializeProject(p)).toBe(text)
    const scripted = (edit: (data: any) => void) => {
      const json = JSON.parse(text)
      edit(json.data)
      return JSON.stringify(json)
    }
    expect(issuesOf(scripted((d) => (d.seed = -1)))).toEqual([{ path: 'data.seed', message: 'expected a whole number ≥ 0' }])
    expect(issuesOf(scripted((d) => delete d.source))[0].path).toBe('data.source')
    expect(issuesOf(scripted((d) => (d.timeLimitMs = 3_600_000)))[0].path).toBe('data.timeLimitMs')
    expect(issuesOf(scripted((d) => (d.memoryLimitBytes = 1024)))).toEqual([{ path: 'data.memoryLimitBytes', message: 'expected a whole number ≥ 4194304' }])
    expect(issuesOf(scripted((d) => (d.train = [])))).toEqual([{ path: 'data', message: expect.stringMatching(/unrecognized key.*"train"/i) }])
    // data sizes are checked when the script has run (resolveProjectData), not at load: a script's m may differ
    expect(() => parseProject(scripted(() => {}).replace('"inputSize": 1', '"inputSize": 3'))).not.toThrow()
  })

  it.each([
    ['not JSON', '{"format": ', '', /not valid JSON/],
    ['another format', JSON.stringify({ format: 'something-else', version: 1 }), 'format', /not an RNN Workbench project/],
    ['a newer version', edited((j) => (j.version = 7)), 'version', /newer RNN Workbench \(project format version 7\).*reads format 2/],
    ['zero units', edited((j) => (j.network.hidden[0].units = 0)), 'network.hidden[0].units', /^expected a whole number ≥ 1$/],
    ['fractional units', edited((j) => (j.network.hidden[0].units = 2.5)), 'network.hidden[0].units', /^expected a whole number$/],
    ['absurd size', edited((j) => (j.network.hidden[0].units = 1e9)), 'network.hidden[0].units', /^expected a whole number ≤ 100000$/],
    ['too many parameters', edited((j) => (j.network.hidden = Array.from({ length: 10 }, () => ({ units: 100000 })))), 'network', /parameters exceed/],
    ['an unknown activation', edited((j) => (j.network.output.activation = 'swish')), 'network.output.activation', /expected one of|Invalid option/i],
    ['softmax in a hidden layer', edited((j) => (j.network.hidden[0].activation = 'softmax')), 'network.hidden[0].activation', /only allowed on the output layer/],
    ['softmax without cross-entropy', edited((j) => (j.network.output.activation = 'softmax')), 'training.loss', /softmax output needs the cross-entropy/],
    ['a negative learning rate', edited((j) => (j.training.learningRate = -1)), 'training.learningRate', /Too small|>0/i],
    ['an unknown field', edited((j) => (j.training.learningRat = 0.1)), 'training', /Unrecognized key.*learningRat/],
    ['an unknown precision', edited((j) => (j.training.precision = 'float16')), 'training.precision', /expected one of|Invalid option/i],
    ['a step of the wrong width', edited((j) => (j.data.train[3].u[5] = [1, 0])), 'data.train[3].u[5]', /expected 1 numbers, got 2/],
    ['u and z of unequal length', edited((j) => j.data.train[2].z.pop()), 'data.train[2]', /u has 12 steps but z has 11/],
    ['data sizes that do not fit the network', edited((j) => (j.network.inputSize = 3)), 'data.inputSize', /data has 1 inputs but the network expects m = 3/],
    ['a string among the numbers', edited((j) => (j.data.train[0].u[0] = ['1'])), 'data.train[0].u[0][0]', /expected number/i],
  ])('refuses %s, naming the path', (_, text, path, message) => {
    const issues = issuesOf(text)
    const issue = issues.find((i) => i.path === path)
    expect(issue, JSON.stringify(issues)).toBeDefined()
    expect(issue!.message).toMatch(message)
  })

  it('refuses weights of the wrong shape, missing, or not finite', () => {
    const good = JSON.parse(serializeProject(trained()))
    const wrongShape = structuredClone(good)
    wrongShape.weights.arrays[0].shape = [4, 1]
    expect(issuesOf(JSON.stringify(wrongShape))[0]).toEqual({ path: 'weights.arrays[0].shape', message: 'W0 should have shape [8, 1], got [4, 1]' })
    const missing = structuredClone(good)
    missing.weights.arrays.pop()
    expect(issuesOf(JSON.stringify(missing))[0]).toEqual({ path: 'weights.arrays', message: 'missing b2' })
    const nan = structuredClone(good)
    const bytes = new Uint8Array(8 * 8)
    new DataView(bytes.buffer).setFloat64(8, NaN, true)
    nan.weights.arrays[0].data = btoa(String.fromCharCode(...bytes))
    expect(issuesOf(JSON.stringify(nan))[0]).toEqual({ path: 'weights.arrays[0].data', message: 'value 1 is NaN; weights must be finite numbers' })
    const short = structuredClone(good)
    short.weights.arrays[0].data = btoa('abc')
    const malformed = structuredClone(good)
    malformed.weights.arrays[0].data = 'A'
    expect(issuesOf(JSON.stringify(malformed))[0]).toEqual({ path: 'weights.arrays[0].data', message: 'not valid base64' })
    expect(issuesOf(JSON.stringify(short))[0].message).toMatch(/expected 8 float64 values \(64 bytes\), got 3 bytes/)
  })

  it('reports every structural problem at once', () => {
    const issues = issuesOf(edited((j) => {
      j.network.hidden[0].units = -1
      j.training.epochs = 'many'
    }))
    expect(issues.map((i) => i.path).sort()).toEqual(['network.hidden[0].units', 'training.epochs'])
  })

  it("takes threads 'auto' or 1..64, and refuses anything else with its path", () => {
    expect(parseProject(edited((j) => (j.training.threads = 3))).training.threads).toBe(3)
    expect(parseProject(edited((j) => (j.training.threads = 'auto'))).training.threads).toBe('auto')
    for (const bad of [0, 65, 1.5, 'two', null]) expect(issuesOf(edited((j) => (j.training.threads = bad))).map((i) => i.path)).toEqual(['training.threads'])
  })

  it('the largest project within the limits still fits in one JavaScript string', () => {
    const base64PerWeight = (8 * 4) / 3
    const weightsAndAdamState = 3 * LIMITS.parameters * base64PerWeight
    const data = LIMITS.dataValues * 25 // "-1.2345678901234567e-100, " at the longest
    expect(weightsAndAdamState + data).toBeLessThan(2 ** 29 - 24 - 10_000_000) // V8's limit, with room for the rest
  })

  it('the committed JSON Schema is generated from the same schema (npm run schema)', () => {
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/project.schema.json'), 'utf8'))
    expect(committed).toEqual(projectJsonSchema())
  })
})
