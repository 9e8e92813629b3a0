/**
 * The one codec of trained weights in the project file's form (`"encoding": "base64-float64-le"`): each
 * named matrix (W0, V1, b1, …) is its values row-major as little-endian float64, in base64. Used by the
 * project file (src/shared/project-file.ts, which turns a WeightsCodecError into a ProjectFileError at the
 * same JSON path) and by the renderer's project store, which decodes the open project's weights once.
 *
 * Layouts are taken structurally ({ size, entries: { name, shape, offset, size } }, as the core's paramLayout
 * gives them): a flat array holds matrix `e` at offset e.offset .. e.offset + e.size − 1.
 *
 * Plain ECMAScript (atob/btoa, DataView): no zod, no Node or DOM types beyond those two functions.
 */

/** A problem with encoded weights, at a JSON path (`weights.arrays[2].data`) relative to `base`. */
export class WeightsCodecError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem)
    this.name = 'WeightsCodecError'
  }
}

/** One named matrix in file form. */
export interface EncodedArray {
  name: string
  shape: readonly number[]
  /** Little-endian float64 values, row-major, base64. */
  data: string
}

/** Where a matrix lives in the flat parameter array (the core's ParamLayout entry, structurally). */
export interface LayoutEntry {
  name: string
  shape: readonly number[]
  offset: number
  size: number
}

export interface WeightsLayout {
  size: number
  entries: readonly LayoutEntry[]
}

export interface DecodeOptions {
  /** Refuse NaN and ±Infinity (as a project file does). Default true. */
  finite?: boolean
}

/** Values as base64 little-endian float64. */
export function encodeFloat64(values: ArrayLike<number>): string {
  const view = new DataView(new ArrayBuffer(values.length * 8))
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true)
  const bytes = new Uint8Array(view.buffer)
  let binary = ''
  const CHUNK = 0x8000 // String.fromCharCode takes its arguments on the stack: go in chunks
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(binary)
}

/** Exactly `expected` float64 values from base64 text; throws WeightsCodecError at `path`. */
export function decodeFloat64(text: string, expected: number, path = '', opts: DecodeOptions = {}): Float64Array {
  let binary: string
  try {
    binary = atob(text)
  } catch {
    throw new WeightsCodecError(path, 'not valid base64')
  }
  if (binary.length !== expected * 8) throw new WeightsCodecError(path, `expected ${expected} float64 values (${expected * 8} bytes), got ${binary.length} bytes`)
  const view = new DataView(new ArrayBuffer(binary.length))
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i))
  const values = new Float64Array(expected)
  const finite = opts.finite ?? true
  for (let i = 0; i < expected; i++) {
    values[i] = view.getFloat64(i * 8, true)
    if (finite && !Number.isFinite(values[i])) throw new WeightsCodecError(path, `value ${i} is ${values[i]}; weights must be finite numbers`)
  }
  return values
}

/** The flat parameter array as one encoded array per matrix of `layout`, in the layout's order. */
export function encodeWeightArrays(params: Float64Array, layout: WeightsLayout): { name: string; shape: number[]; data: string }[] {
  return layout.entries.map((e) => ({ name: e.name, shape: [...e.shape], data: encodeFloat64(params.subarray(e.offset, e.offset + e.size)) }))
}

/**
 * Named arrays decoded flat into `layout` (in any order, each exactly once). Throws WeightsCodecError naming
 * the array (`${base}[i].name`, `.shape`, `.data`) when a name is not in the layout or appears twice, a shape
 * or a length does not fit, or (unless `finite: false`) a value is not finite; `base` itself when a matrix
 * is missing.
 */
export function decodeWeightArrays(arrays: readonly EncodedArray[], layout: WeightsLayout, base = 'weights.arrays', opts: DecodeOptions = {}): Float64Array {
  const params = new Float64Array(layout.size)
  const seen = new Set<string>()
  arrays.forEach((array, i) => {
    const at = `${base}[${i}]`
    const entry = layout.entries.find((e) => e.name === array.name)
    if (!entry) throw new WeightsCodecError(`${at}.name`, `${array.name} is not part of this network (expected ${layout.entries.map((e) => e.name).join(', ')})`)
    if (seen.has(array.name)) throw new WeightsCodecError(`${at}.name`, `${array.name} appears twice`)
    seen.add(array.name)
    if (shapeOf(array) !== shapeOf(entry)) throw new WeightsCodecError(`${at}.shape`, `${array.name} should have shape [${entry.shape.join(', ')}], got [${array.shape.join(', ')}]`)
    params.set(decodeFloat64(array.data, entry.size, `${at}.data`, opts), entry.offset)
  })
  const missing = layout.entries.filter((e) => !seen.has(e.name))
  if (missing.length > 0) throw new WeightsCodecError(base, `missing ${missing.map((e) => e.name).join(', ')}`)
  return params
}

const shapeOf = (a: { shape: readonly number[] }) => a.shape.join('x')

/**
 * The weights' layout in one string, `W0:8x1,V1:8x8,b1:8,…`: names and shapes of every matrix in order. Two
 * sets of weights fit the same network exactly when their keys are equal (a layout's entries and a file's
 * arrays give the same key).
 */
export function shapeKey(arrays: readonly { name: string; shape: readonly number[] }[]): string {
  return arrays.map((a) => `${a.name}:${shapeOf(a)}`).join(',')
}
