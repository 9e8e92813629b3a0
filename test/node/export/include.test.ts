// What an export includes: the optimizer state by default (JSON, .npz, PyTorch's .npz), none with
// include.optimizer false (the weights and epoch are the same); and the file names the renderer shows before
// exporting (src/shared/weights-export.ts) are the ones the exporters write.
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { normalizeNetworkSpec, paramLayout, type NetworkSpec } from '../../../src/core/index.js'
import { EXPORT_FORMATS, exportFileNames, exportWeights, importWeights, OPTIMIZER_FORMATS } from '../../../src/node/export/index.js'
import { projectWithWeights } from './helpers.js'

const spec: NetworkSpec = { inputSize: 2, hidden: [{ units: 3, activation: 'tanh', recurrent: true }], output: { units: 2, activation: 'sigmoid', recurrent: true, bias: false } }
const size = paramLayout(normalizeNetworkSpec(spec)).size
const ramp = (k: number) => Float64Array.from({ length: size }, (_, i) => k + i / 8)
const project = projectWithWeights(spec, 7, { epoch: 12, optimizer: { steps: 12, first: ramp(1), second: ramp(2) } })

const npzMembers = (bytes: Uint8Array) => Object.keys(unzipSync(bytes)).sort()

describe('include.optimizer', () => {
  it('is included by default in JSON and .npz, and read back', () => {
    for (const format of ['json', 'npz'] as const) {
      const back = importWeights(project, exportWeights(project, { format }).files[0].bytes)
      expect(back.optimizer).toEqual({ steps: 12, first: ramp(1), second: ramp(2) })
      expect(back.epoch).toBe(12)
    }
  })

  it('false leaves it out of JSON, .npz and the PyTorch .npz; weights and epoch stay', () => {
    for (const format of ['json', 'npz'] as const) {
      const bytes = exportWeights(project, { format, include: { optimizer: false } }).files[0].bytes
      const back = importWeights(project, bytes)
      expect(back.optimizer).toBeUndefined()
      expect(back.params).toEqual(project.weights!.params)
      expect(back.epoch).toBe(12)
    }
    const json = JSON.parse(new TextDecoder().decode(exportWeights(project, { format: 'json', include: { optimizer: false } }).files[0].bytes))
    expect(json.optimizer).toBeUndefined()
    expect(npzMembers(exportWeights(project, { format: 'npz' }).files[0].bytes)).toContain('optimizer_first.npy')
    expect(npzMembers(exportWeights(project, { format: 'npz', include: { optimizer: false } }).files[0].bytes)).not.toContain('optimizer_first.npy')
    const torch = exportWeights(project, { format: 'pytorch', include: { optimizer: false } }).files
    expect(npzMembers(torch[1].bytes)).not.toContain('optimizer_first.npy')
    expect(npzMembers(exportWeights(project, { format: 'pytorch' }).files[1].bytes)).toContain('optimizer_second.npy')
  })

  it('makes no difference to the formats that carry no optimizer state', () => {
    for (const format of EXPORT_FORMATS.filter((f) => !OPTIMIZER_FORMATS.includes(f))) {
      const all = exportWeights(project, { format }).files
      const without = exportWeights(project, { format, include: { optimizer: false } }).files
      expect(without).toEqual(all)
    }
  })
})

describe('exportFileNames', () => {
  it.each(EXPORT_FORMATS)('names the files %s writes', (format) => {
    const names = paramLayout(normalizeNetworkSpec(spec)).entries.map((e) => e.name)
    expect(exportFileNames(format, names)).toEqual(exportWeights(project, { format }).files.map((f) => f.name))
  })
})
