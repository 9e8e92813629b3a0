// JSON and CSV exports, the refusal of untrained projects, and JSON import with its error messages.
import { describe, expect, it } from 'vitest'
import { normalizeNetworkSpec, paramLayout, toNamedWeights, type NetworkSpec } from '../../../src/core/index.js'
import { EXPORT_FORMATS, ExportError, detectImportFormat, exportWeights, importWeights, WeightsImportError } from '../../../src/node/export/index.js'
import { createProject, serializeProject, type Project } from '../../../src/shared/project-file.js'
import { projectWithWeights } from './helpers.js'

const spec: NetworkSpec = { inputSize: 2, hidden: [{ units: 3, activation: 'tanh' }], output: { units: 1, activation: 'sigmoid', bias: false } }
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

function problems(fn: () => unknown): string[] {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(WeightsImportError)
    return (e as WeightsImportError).problems.map((p) => p.message)
  }
  throw new Error('expected a WeightsImportError')
}

describe('exportWeights', () => {
  it.each(EXPORT_FORMATS)('refuses %s for a project without trained weights', (format) => {
    const project = { metadata: { name: 'fresh' }, network: spec, weights: null }
    expect(() => exportWeights(project, { format })).toThrow(ExportError)
    expect(() => exportWeights(project, { format })).toThrow('"fresh" has no trained weights yet: train it first, then export')
  })

  it('names its files', () => {
    const project = projectWithWeights(spec, 1)
    const names = Object.fromEntries(EXPORT_FORMATS.map((format) => [format, exportWeights(project, { format }).files.map((f) => f.name)]))
    expect(names).toEqual({
      json: ['weights.json'],
      npz: ['weights.npz'],
      onnx: ['model.onnx'],
      csv: ['W0.csv', 'V1.csv', 'b1.csv', 'W1.csv'],
      pytorch: ['model.py', 'weights.npz'],
    })
  })
})

describe('JSON weights', () => {
  const layout = paramLayout(normalizeNetworkSpec(spec))
  const project = projectWithWeights(spec, 2, { epoch: 4, name: 'json "test"' })
  project.weights!.params[3] = -0 // survives: written as -0
  project.weights!.params[4] = 1e-300
  const json = text(exportWeights(project, { format: 'json' }).files[0].bytes)

  it('holds names, shapes and values (matrices as rows), the epoch and the network', () => {
    const file = JSON.parse(json)
    expect(file).toMatchObject({ format: 'rnn-workbench-weights', version: 1, name: 'json "test"', epoch: 4, network: normalizeNetworkSpec(spec) })
    const named = toNamedWeights(layout, project.weights!.params)
    expect(file.arrays).toEqual(layout.entries.map((e) => ({ name: e.name, shape: e.shape, values: named[e.name] })))
    expect(file.optimizer).toBeUndefined()
    expect(json).toMatch(/"values": \[\n {8}\[-?\d/) // one matrix row per line
  })

  it('imports back exactly (−0 and tiny numbers included), with the optimizer state', () => {
    const back = importWeights(project, new TextEncoder().encode(json))
    expect(back.params).toEqual(project.weights!.params)
    expect(Object.is(back.params[3], -0)).toBe(true)
    expect(back.epoch).toBe(4)
    const withState = projectWithWeights(spec, 2, { optimizer: { steps: 7, first: Float64Array.from({ length: layout.size }, (_, i) => i), second: new Float64Array(0) } })
    const again = importWeights(withState, exportWeights(withState, { format: 'json' }).files[0].bytes)
    expect(again.optimizer).toEqual(withState.weights!.optimizer)
  })

  it('imports the weights of a project file', () => {
    const data = { kind: 'inline' as const, inputSize: 2, outputSize: 1, train: [{ u: [[0, 1]], z: [[1]] }] }
    const source: Project = { ...createProject({ name: 'other', network: spec, training: {}, data }), weights: { params: project.weights!.params, epoch: 11 } }
    const back = importWeights(project, new TextEncoder().encode(serializeProject(source)))
    expect(back.params).toEqual(project.weights!.params)
    expect(back.epoch).toBe(11)
    expect(problems(() => importWeights(project, new TextEncoder().encode(serializeProject({ ...source, weights: null }))))).toEqual(['the project "other" has no trained weights'])
  })

  it('names the array and the expected shape on a mismatch', () => {
    const other: NetworkSpec = { ...spec, hidden: [{ units: 2, activation: 'tanh' }] }
    expect(problems(() => importWeights({ network: other }, new TextEncoder().encode(json)))).toEqual([
      'W0: expected shape [2, 2], got [3, 2]',
      'V1: expected shape [2, 2], got [3, 3]',
      'b1: expected shape [2], got [3]',
      'W1: expected shape [1, 2], got [1, 3]',
    ])
    const file = JSON.parse(json)
    file.arrays[1].values[2] = [0.5, 0.5]
    expect(problems(() => importWeights(project, new TextEncoder().encode(JSON.stringify(file))))).toEqual(['V1: the values do not fit the shape [3, 3] written beside them (row 2 has 2 entries)'])
    file.arrays.splice(1, 1)
    expect(problems(() => importWeights(project, new TextEncoder().encode(JSON.stringify(file))))).toEqual(['V1: expected shape [3, 3], but the JSON file has no array V1'])
  })

  it('refuses other JSON with the reason', () => {
    const bytes = (s: string) => new TextEncoder().encode(s)
    expect(problems(() => importWeights(project, bytes('{"format": "something"}')))).toEqual(['the JSON file: not RNN Workbench weights (expected format "rnn-workbench-weights", got "something")'])
    expect(problems(() => importWeights(project, bytes('{"format": "rnn-workbench-weights", "version": 2}')))[0]).toMatch(/newer RNN Workbench \(weights format version 2\)/)
    expect(problems(() => importWeights(project, bytes('{"format": "rnn-workbench-weights", "version": 1, "name": "x", "epoch": -1}')))[0]).toMatch(/^the JSON file\.epoch: /)
    expect(problems(() => importWeights(project, bytes('[1, 2')))[0]).toMatch(/^not valid JSON/)
    expect(problems(() => importWeights(project, Uint8Array.of(0xff, 0xfe, 0)))).toEqual(['not a JSON text (it is not UTF-8) and not an .npz'])
  })

  it('detects the format from the content', () => {
    expect(detectImportFormat(new TextEncoder().encode(json))).toBe('json')
    expect(detectImportFormat(exportWeights(project, { format: 'npz' }).files[0].bytes)).toBe('npz')
  })
})

describe('CSV weights', () => {
  it('writes one labelled table per matrix', () => {
    const network: NetworkSpec = { inputSize: 2, hidden: [{ units: 2, activation: 'tanh' }], output: { units: 1, activation: 'linear', recurrent: true, bias: false } }
    // flat order: W0 (2×2), V1 (2×2), b1 (2), W1 (1×2), V2 (1×1)
    const params = Float64Array.of(0.5, -0.25, 1, 2, 0.1, 0.2, 0.3, 0.4, -0, 1e-7, 3, -4, 0.125)
    const files = exportWeights({ metadata: { name: 'csv' }, network, weights: { params, epoch: 1 } }, { format: 'csv' }).files
    expect(Object.fromEntries(files.map((f) => [f.name, text(f.bytes)]))).toEqual({
      'W0.csv': 'W0,u1,u2\nx1.1,0.5,-0.25\nx1.2,1,2\n',
      'V1.csv': 'V1,x1.1(t-1),x1.2(t-1)\nx1.1,0.1,0.2\nx1.2,0.3,0.4\n',
      'b1.csv': 'b1,bias\nx1.1,-0\nx1.2,1e-7\n',
      'W1.csv': 'W1,x1.1,x1.2\ny1,3,-4\n',
      'V2.csv': 'V2,y1(t-1)\ny1,0.125\n',
    })
  })
})
