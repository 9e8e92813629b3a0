// The .npz export read back by an independent reader written here (zip central directory by hand, node:zlib for
// deflated members, .npy headers parsed as Python literals) — neither fflate nor the exporter's own npy code;
// .npz files written by numpy itself (committed, test/fixtures/export) import; mismatches name the array and the
// expected shape.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { normalizeNetworkSpec, paramLayout, type NetworkSpec } from '../../../src/core/index.js'
import { exportWeights, importWeights, WeightsImportError } from '../../../src/node/export/index.js'
import { writeNpz } from '../../../src/node/export/npz.js'
import { parseProject } from '../../../src/shared/project-file.js'
import { projectWithWeights } from './helpers.js'

interface IndependentArray {
  descr: string
  fortran: boolean
  shape: number[]
  dataOffset: number
  body: Buffer
}

/** Members of a zip file by name, from its central directory (APPNOTE 4.3.12, 4.3.7). */
function unzipIndependently(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  expect(eocd).toBeGreaterThan(0)
  const count = zip.readUInt16LE(eocd + 10)
  let at = zip.readUInt32LE(eocd + 16)
  const files = new Map<string, Buffer>()
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50)
    const method = zip.readUInt16LE(at + 10)
    const compressed = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const extraLength = zip.readUInt16LE(at + 30)
    const commentLength = zip.readUInt16LE(at + 32)
    const local = zip.readUInt32LE(at + 42)
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength)
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const raw = zip.subarray(dataStart, dataStart + compressed)
    files.set(name, method === 0 ? raw : inflateRawSync(raw))
    at += 46 + nameLength + extraLength + commentLength
  }
  return files
}

/** An .npy file: the header dict turned from Python into JSON, then the body. */
function readNpyIndependently(npy: Buffer): IndependentArray {
  expect(npy.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY')
  const headerLength = npy.readUInt16LE(8)
  const dict = npy
    .toString('latin1', 10, 10 + headerLength)
    .trim()
    .replace(/'/g, '"')
    .replace(/False/g, 'false')
    .replace(/True/g, 'true')
    .replace(/\(([^)]*)\)/g, (_, inner: string) => `[${inner.replace(/,\s*$/, '')}]`)
    .replace(/,\s*}$/, '}')
  const header = JSON.parse(dict) as { descr: string; fortran_order: boolean; shape: number[] }
  return { descr: header.descr, fortran: header.fortran_order, shape: header.shape, dataOffset: 10 + headerLength, body: npy.subarray(10 + headerLength) }
}

const spec: NetworkSpec = {
  inputSize: 3,
  hidden: [{ units: 4, activation: 'tanh' }, { units: 3, activation: 'relu', recurrent: false, bias: false }],
  output: { units: 2, activation: 'sigmoid', recurrent: true },
}

describe('.npz export', () => {
  const layout = paramLayout(normalizeNetworkSpec(spec))
  const first = Float64Array.from({ length: layout.size }, (_, i) => i / 7)
  const second = Float64Array.from({ length: layout.size }, (_, i) => i / 11)
  const project = projectWithWeights(spec, 4, { epoch: 9, optimizer: { steps: 9, first, second }, name: 'npz test ✓ 😀' })
  const bytes = exportWeights(project, { format: 'npz' }).files[0].bytes

  it('holds one float64 .npy per matrix, exact, plus the optimizer state and a manifest', () => {
    expect(layout.size).toBe(56)
    const files = unzipIndependently(Buffer.from(bytes))
    expect([...files.keys()]).toEqual(['W0.npy', 'V1.npy', 'b1.npy', 'W1.npy', 'W2.npy', 'V3.npy', 'b3.npy', 'optimizer_first.npy', 'optimizer_second.npy', 'manifest.npy'])
    for (const e of layout.entries) {
      const a = readNpyIndependently(files.get(`${e.name}.npy`)!)
      expect(a).toMatchObject({ descr: '<f8', fortran: false, shape: e.shape })
      expect(a.dataOffset % 64).toBe(0) // numpy aligns the data
      const values = Array.from({ length: e.size }, (_, i) => a.body.readDoubleLE(8 * i))
      expect(values).toEqual(Array.from(project.weights!.params.subarray(e.offset, e.offset + e.size)))
      expect(a.body.length).toBe(8 * e.size)
    }
    const moments = readNpyIndependently(files.get('optimizer_second.npy')!)
    expect(moments.shape).toEqual([56])
    expect(moments.body.readDoubleLE(8 * 55)).toBe(55 / 11)
    const manifest = readNpyIndependently(files.get('manifest.npy')!)
    expect(manifest.shape).toEqual([])
    const chars = Number(manifest.descr.slice(2))
    expect(manifest.descr).toMatch(/^<U\d+$/)
    const text = String.fromCodePoint(...Array.from({ length: chars }, (_, i) => manifest.body.readUInt32LE(4 * i)))
    const header = JSON.parse(text)
    expect(header).toMatchObject({ format: 'rnn-workbench-weights', version: 1, name: 'npz test ✓ 😀', epoch: 9, optimizer: { steps: 9 } })
    expect(header.network).toEqual(normalizeNetworkSpec(spec))
    expect(header.arrays).toEqual(layout.entries.map((e) => ({ name: e.name, shape: e.shape })))
  })

  it('is the same bytes for the same weights (fixed zip times)', () => {
    expect(exportWeights(project, { format: 'npz' }).files[0].bytes).toEqual(bytes)
  })

  it('imports back exactly: weights, epoch and optimizer state', () => {
    const back = importWeights(project, bytes)
    expect(back.params).toEqual(project.weights!.params)
    expect(back.epoch).toBe(9)
    expect(back.optimizer).toEqual({ steps: 9, first, second })
  })

  describe('.npz files written by numpy (test/fixtures/export, made by make_pytorch_fixture.py)', () => {
    const dir = join(import.meta.dirname, '../../fixtures/export')
    const fixture = parseProject(readFileSync(join(dir, '01-tanh-bias.rnn.json'), 'utf8'))
    const npz = (name: string) => new Uint8Array(readFileSync(join(dir, `01-tanh-bias.${name}.npz`)))

    it.each(['numpy-savez', 'numpy-savez-compressed'])('%s imports exactly (no manifest: epoch 0, no optimizer state)', (name) => {
      const w = importWeights(fixture, npz(name))
      expect(w.params).toEqual(fixture.weights!.params)
      expect(w.epoch).toBe(0)
      expect(w.optimizer).toBeUndefined()
    })

    it('float32 arrays import as their float32 values', () => {
      const w = importWeights(fixture, npz('numpy-float32'))
      expect(Array.from(w.params)).toEqual(Array.from(fixture.weights!.params, Math.fround))
    })
  })

  describe('mismatches name the array and the expected shape', () => {
    const problems = (fn: () => unknown): string[] => {
      try {
        fn()
      } catch (e) {
        expect(e).toBeInstanceOf(WeightsImportError)
        return (e as WeightsImportError).problems.map((p) => p.message)
      }
      throw new Error('expected a WeightsImportError')
    }

    it('other layer sizes', () => {
      const other: NetworkSpec = { ...spec, hidden: [{ units: 5, activation: 'tanh' }, spec.hidden[1]] }
      expect(problems(() => importWeights({ network: other }, bytes))).toEqual([
        'W0: expected shape [5, 3], got [4, 3]',
        'V1: expected shape [5, 5], got [4, 4]',
        'b1: expected shape [5], got [4]',
        'W1: expected shape [3, 5], got [3, 4]',
      ])
      const error = (() => {
        try {
          importWeights({ network: other }, bytes)
        } catch (e) {
          return e as WeightsImportError
        }
      })()!
      expect(error.problems[0]).toMatchObject({ array: 'W0', expectedShape: [5, 3] })
    })

    it('a bias or a recurrence the file does not have, and arrays the network does not have', () => {
      const other: NetworkSpec = { ...spec, hidden: [spec.hidden[0], { ...spec.hidden[1], bias: true }], output: { ...spec.output, recurrent: false } }
      expect(problems(() => importWeights({ network: other }, bytes))).toEqual([
        'b2: expected shape [3], but the .npz has no array b2',
        'V3: not part of this network (it has W0, V1, b1, W1, b2, W2, b3)',
      ])
    })

    it('the same shapes with another activation', () => {
      const other: NetworkSpec = { ...spec, output: { ...spec.output, activation: 'tanh' } }
      expect(problems(() => importWeights({ network: other }, bytes))).toEqual(['network.output.activation: the weights are for "sigmoid", this project has "tanh"'])
    })

    it('values that are not finite, and files that are not .npz', () => {
      const params = project.weights!.params
      const nan = writeNpz(layout.entries.map((e) => [e.name, { kind: 'float', shape: e.shape, data: e.name === 'V1' ? Float64Array.from(params.subarray(e.offset, e.offset + e.size), (x, i) => (i === 6 ? NaN : x)) : params.slice(e.offset, e.offset + e.size) }]))
      expect(problems(() => importWeights(project, nan))).toEqual(['V1: value [1][2] is NaN; weights must be finite numbers'])
      expect(problems(() => importWeights(project, bytes.slice(0, 200), 'npz'))[0]).toMatch(/^not a readable \.npz \(zip\) file/)
    })
  })
})
