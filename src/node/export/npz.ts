/**
 * NumPy .npz: a zip of .npy files, as numpy.savez writes them and numpy.load reads them.
 *
 * .npy (format 1.0, NEPS "npy-format"): the 6 bytes "\x93NUMPY", version 1.0, a little-endian uint16 header
 * length, then the header, a Python dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (4, 2), }
 * padded with spaces and ended by '\n' so that the data starts at a multiple of 64 bytes; then the values, C order.
 * We write float64 arrays ('<f8') and one 0-d unicode array ('<U…', UTF-32LE) for the manifest, which numpy
 * loads without pickles. We read versions 1–3, float32/float64 of either byte order, C or Fortran order, and
 * stored or deflated members (numpy.savez_compressed), via fflate.
 *
 * The weights file: one array per matrix, named as in the project (W0, V1, b1, …, shapes of src/core/params.ts),
 * `optimizer_first` / `optimizer_second` (flat, parameter order) when the project has optimizer state, and
 * `manifest`: the JSON header of the weights (json.ts: format, name, epoch, network spec, array names and shapes).
 *
 * Not here: file access; which arrays a network has (the core's layout).
 */
import { unzipSync, zipSync } from 'fflate'
import { assembleWeights, OPTIMIZER_NAMES, type NamedArray } from './assemble.js'
import { parseWeightsHeader, weightsHeader } from './json.js'
import { entryValues, WeightsImportError, type TrainedNetwork } from './trained.js'
import type { ParamLayout } from '../../core/index.js'
import type { ProjectWeights } from '../../shared/project-file.js'

export type NpyArray = { kind: 'float'; shape: number[]; data: Float64Array } | { kind: 'text'; shape: []; text: string }

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] // \x93NUMPY
const ALIGN = 64
/** A fixed time for every zip member, so the same weights give the same bytes (local fields: no time zone). */
const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0)

function pythonShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
}

export function encodeNpy(a: NpyArray): Uint8Array {
  const codePoints = a.kind === 'text' ? Array.from(a.text, (c) => c.codePointAt(0)!) : []
  const descr = a.kind === 'float' ? '<f8' : `<U${Math.max(1, codePoints.length)}`
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${pythonShape(a.shape)}, }`
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1
  header += ' '.repeat((ALIGN - (unpadded % ALIGN)) % ALIGN) + '\n'
  const dataBytes = a.kind === 'float' ? a.data.length * 8 : Math.max(1, codePoints.length) * 4
  const out = new Uint8Array(MAGIC.length + 4 + header.length + dataBytes)
  const view = new DataView(out.buffer)
  out.set(MAGIC, 0)
  out[6] = 1 // version 1.0
  out[7] = 0
  view.setUint16(8, header.length, true)
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i) // ASCII
  const start = 10 + header.length
  if (a.kind === 'float') a.data.forEach((x, i) => view.setFloat64(start + 8 * i, x, true))
  else codePoints.forEach((c, i) => view.setUint32(start + 4 * i, c, true))
  return out
}

/** Reads one .npy; throws an Error naming `name` when it is not one we read. */
export function decodeNpy(bytes: Uint8Array, name: string): NpyArray {
  const bad = (why: string): never => {
    throw new WeightsImportError([{ array: name, message: `${name}: ${why}` }])
  }
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) bad('not a .npy array')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const major = bytes[6]
  if (major < 1 || major > 3) bad(`.npy format version ${major} is not supported`)
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true)
  const headerStart = major === 1 ? 10 : 12
  if (headerStart + headerLength > bytes.length) bad('the .npy header is cut off')
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength))
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1]
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1]
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1]
  if (descr === undefined || fortran === undefined || shapeText === undefined) bad('the .npy header is not readable')
  const shape = shapeText!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number)
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) bad(`the .npy shape (${shapeText}) is not readable`)
  const count = shape.reduce((a, b) => a * b, 1)
  const start = headerStart + headerLength
  const type = /^([<>|=])([fU])(\d+)$/.exec(descr!)
  if (!type || (type[2] === 'f' && type[3] !== '4' && type[3] !== '8')) bad(`values of dtype '${descr}': expected float64 ('<f8') or float32`)
  const little = type![1] !== '>' // '=' and '|' are native, and every platform we run on is little-endian
  const size = Number(type![3])
  if (type![2] === 'U') {
    if (shape.length !== 0) bad('expected a single text')
    if (start + size * 4 > bytes.length) bad('the data is cut off')
    let text = ''
    for (let i = 0; i < size; i++) {
      const c = view.getUint32(start + 4 * i, little)
      if (c === 0) break // numpy pads shorter strings with NULs
      if (c > 0x10ffff) bad(`the text holds ${c}, which is not a Unicode code point`)
      text += String.fromCodePoint(c)
    }
    return { kind: 'text', shape: [], text }
  }
  if (start + count * size > bytes.length) bad(`the data is cut off (${bytes.length - start} bytes for ${count} values of ${size} bytes)`)
  const values = new Float64Array(count)
  for (let i = 0; i < count; i++) values[i] = size === 8 ? view.getFloat64(start + 8 * i, little) : view.getFloat32(start + 4 * i, little)
  const data = fortran === 'True' && shape.length === 2 ? fromFortran(values, shape[0], shape[1]) : values
  return { kind: 'float', shape, data }
}

/** Column-major (rows × cols) to row-major. */
function fromFortran(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(a.length)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = a[j * rows + i]
  return out
}

/** An .npz of the named arrays (stored, not deflated, like numpy.savez). */
export function writeNpz(arrays: [string, NpyArray][]): Uint8Array {
  const files = Object.fromEntries(arrays.map(([name, a]) => [`${name}.npy`, encodeNpy(a)]))
  return zipSync(files, { level: 0, mtime: ZIP_TIME })
}

/** The arrays of an .npz by name (the member name without `.npy`); members that are not .npy are skipped. */
export function readNpz(bytes: Uint8Array): Map<string, NpyArray> {
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(bytes)
  } catch (e) {
    throw new WeightsImportError([{ message: `not a readable .npz (zip) file: ${(e as Error).message}` }])
  }
  const arrays = new Map<string, NpyArray>()
  for (const [file, content] of Object.entries(files)) {
    if (!file.endsWith('.npy')) continue
    const name = file.slice(0, -4)
    arrays.set(name, decodeNpy(content, name))
  }
  return arrays
}

/** The .npz of a trained network. */
export function weightsToNpz(t: TrainedNetwork): Uint8Array {
  const arrays: [string, NpyArray][] = t.layout.entries.map((e) => [e.name, { kind: 'float', shape: e.shape, data: Float64Array.from(entryValues(t, e.name)) }])
  const o = t.weights.optimizer
  if (o && o.first.length > 0) arrays.push([OPTIMIZER_NAMES.first, { kind: 'float', shape: [o.first.length], data: o.first }])
  if (o && o.second.length > 0) arrays.push([OPTIMIZER_NAMES.second, { kind: 'float', shape: [o.second.length], data: o.second }])
  arrays.push(['manifest', { kind: 'text', shape: [], text: JSON.stringify(weightsHeader(t)) }])
  return writeNpz(arrays)
}

/** Weights from an .npz (ours, or one made with numpy.savez with the same array names); the manifest is optional. */
export function weightsFromNpz(bytes: Uint8Array, layout: ParamLayout): ProjectWeights {
  const arrays = readNpz(bytes)
  const manifest = arrays.get('manifest')
  arrays.delete('manifest')
  if (manifest && manifest.kind !== 'text') throw new WeightsImportError([{ message: 'manifest: expected the text manifest of an RNN Workbench export' }])
  const header = manifest ? parseWeightsHeader(manifest.text, 'manifest') : null
  const named = new Map<string, NamedArray>()
  for (const [name, a] of arrays) {
    if (a.kind !== 'float') throw new WeightsImportError([{ array: name, message: `${name}: expected numbers, the .npz has text` }])
    named.set(name, { shape: a.shape, values: a.data })
  }
  return assembleWeights(layout, named, { header, source: 'the .npz' })
}
