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
import { Inflate, zipSync } from 'fflate'
import { INPUT_LIMITS } from '../../shared/project-constants.js'
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
      if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) bad(`the text holds an invalid code point (${c})`)
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

/** The arrays of an .npz by name (the member name without `.npy`); members that are not .npy are skipped.
 *  Members are inflated within `budget` bytes in all (unzipBounded). */
export function readNpz(bytes: Uint8Array, budget: number = INPUT_LIMITS.npzInflatedBytes): Map<string, NpyArray> {
  const arrays = new Map<string, NpyArray>()
  for (const [file, content] of unzipBounded(bytes, budget, (name) => name.endsWith('.npy'))) {
    const name = file.slice(0, -4)
    arrays.set(name, decodeNpy(content, name))
  }
  return arrays
}

/** Members of one .npz, at most this many (a network has at most 3 × 65 arrays, plus the optimizer's and
 *  the manifest). */
const MAX_NPZ_MEMBERS = 1024
/** Compressed bytes inflated per step: one step can give at most ~1032 times this (DEFLATE's largest ratio). */
const INFLATE_STEP = 64 * 1024

/**
 * The members of a zip that `wanted` names, inflated within `budget` bytes in all. The zip's central
 * directory is read first: a member count above MAX_NPZ_MEMBERS, or declared sizes that add up to more than
 * the budget, are refused before any member is inflated. Inflating then goes in steps of INFLATE_STEP
 * compressed bytes and stops as soon as a member gives more than it declared (a lying directory cannot make
 * it allocate more). Stored (method 0) and deflated (8) members; zip64 sizes and offsets.
 */
export function unzipBounded(bytes: Uint8Array, budget: number, wanted: (name: string) => boolean): [string, Uint8Array][] {
  const bad = (why: string): never => {
    throw new WeightsImportError([{ message: `not a readable .npz (zip) file: ${why}` }])
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const u16 = (at: number) => (at + 2 <= bytes.length ? view.getUint16(at, true) : bad('it is cut off'))
  const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, true) : bad('it is cut off'))
  const u64 = (at: number) => u32(at) + u32(at + 4) * 2 ** 32
  // the end-of-directory record: the last 22 bytes, or earlier by a comment of up to 65535 bytes
  let end = -1
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at
      break
    }
  }
  if (end < 0) bad('no zip directory at its end')
  let count = u16(end + 10)
  let offset = u32(end + 16)
  if (end >= 20 && u32(end - 20) === 0x07064b50) {
    const z64 = u64(end - 12)
    if (z64 + 56 > bytes.length || u32(z64) !== 0x06064b50) bad('a broken zip64 directory')
    count = u64(z64 + 32)
    offset = u64(z64 + 48)
  }
  if (count > MAX_NPZ_MEMBERS) bad(`${count} members; an .npz of weights has at most ${MAX_NPZ_MEMBERS}`)
  const members: { name: string; method: number; compressed: number; size: number; local: number }[] = []
  let declared = 0
  const names = new TextDecoder()
  for (let i = 0; i < count; i++) {
    if (u32(offset) !== 0x02014b50) bad(`directory entry ${i + 1} is broken`)
    const method = u16(offset + 10)
    let compressed = u32(offset + 20)
    let size = u32(offset + 24)
    const nameLength = u16(offset + 28)
    const extraLength = u16(offset + 30)
    const commentLength = u16(offset + 32)
    let local = u32(offset + 42)
    const nameStart = offset + 46
    if (nameStart + nameLength + extraLength > bytes.length) bad('it is cut off')
    const name = names.decode(bytes.subarray(nameStart, nameStart + nameLength))
    // zip64: the sizes and offset that do not fit 32 bits are in extra field 1, in this order
    for (let x = nameStart + nameLength; x + 4 <= nameStart + nameLength + extraLength; ) {
      const id = u16(x)
      const length = u16(x + 2)
      if (id === 1) {
        let at = x + 4
        if (size === 0xffffffff) (size = u64(at)), (at += 8)
        if (compressed === 0xffffffff) (compressed = u64(at)), (at += 8)
        if (local === 0xffffffff) local = u64(at)
      }
      x += 4 + length
    }
    offset = nameStart + nameLength + extraLength + commentLength
    if (!wanted(name)) continue
    if (method !== 0 && method !== 8) bad(`${name} uses compression method ${method} (expected stored or deflated)`)
    declared += size
    if (declared > budget) bad(`its members would inflate to more than ${budget} bytes (an .npz of weights may hold at most that)`)
    members.push({ name, method, compressed, size, local })
  }
  return members.map((m) => {
    if (u32(m.local) !== 0x04034b50) bad(`the entry of ${m.name} is broken`)
    const start = m.local + 30 + u16(m.local + 26) + u16(m.local + 28)
    if (start + m.compressed > bytes.length) bad(`${m.name} is cut off`)
    const data = bytes.subarray(start, start + m.compressed)
    if (m.method === 0) {
      if (m.compressed !== m.size) bad(`${m.name} is stored with two different sizes`)
      return [m.name, data.slice()]
    }
    const out = new Uint8Array(m.size)
    let written = 0
    let failed: string | undefined
    const inflate = new Inflate((chunk) => {
      if (written + chunk.length > m.size) throw new RangeError('more')
      out.set(chunk, written)
      written += chunk.length
    })
    try {
      for (let at = 0; at < data.length || at === 0; at += INFLATE_STEP) inflate.push(data.subarray(at, at + INFLATE_STEP), at + INFLATE_STEP >= data.length)
    } catch (e) {
      failed = e instanceof RangeError && e.message === 'more' ? `${m.name} inflates to more than the ${m.size} bytes its entry declares` : `${m.name} does not inflate (${(e as Error).message})`
    }
    if (failed === undefined && written !== m.size) failed = `${m.name} inflates to ${written} bytes, not the ${m.size} its entry declares`
    if (failed !== undefined) bad(failed)
    return [m.name, out]
  })
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
