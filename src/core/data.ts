/**
 * Data sets as the core trains on them.
 *
 * `Dataset` is the plain JSON form: P sequences, sequence p has T_p steps, each step an input u_t ∈ R^m and a
 * teacher signal z_t ∈ R^ℓ or null ("no target at this step": the step adds nothing to E).
 * `PackedData` is the same content in flat typed arrays, built once, so the epoch loop never allocates:
 *   u    (Σ_p T_p × m)  step t of sequence p at row offsets[p] + t
 *   z    (Σ_p T_p × ℓ)  same rows; rows without a target hold zeros
 *   mask (Σ_p T_p)      1 where the step has a target
 *   initial[k] (P × n_r), optional, k = r − 1: the state x_{−1}^(r) sequence p starts from (default: zero, the
 *                       lecture's t = 0). Only windows cut out of longer sequences have one (windows.ts).
 *
 * Not here: scripted or imported data (they produce a Dataset) and batching (network.ts loadBatch).
 */

export interface Sequence {
  /** Inputs u_0..u_{T-1}, each of length m. */
  u: number[][]
  /** Teacher signals z_0..z_{T-1}, each of length ℓ, or null where the step has no target. */
  z: (number[] | null)[]
}

export interface Dataset {
  inputSize: number
  outputSize: number
  sequences: Sequence[]
}

export interface PackedData {
  P: number
  m: number
  nOut: number
  lengths: Int32Array
  offsets: Int32Array
  maxLength: number
  u: Float64Array
  z: Float64Array
  mask: Uint8Array
  /** Per computing layer k = r − 1, (P × n_r): the state before step 0 of each sequence; absent: zero. */
  initial?: Float64Array[]
}

/** Thrown for data that does not fit: `path` names the sequence and step, e.g. `sequences[3].u[7]`. */
export class DataError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`)
    this.name = 'DataError'
  }
}

export interface PackOptions {
  /** Prefix of error paths. Default 'data'. */
  path?: string
  /** Name of the sequence list in error paths (a project file calls it 'train' or 'validation'). Default 'sequences'. */
  sequencesKey?: string
}

/** Checks a data set against sizes m and ℓ and packs it; throws DataError naming the sequence and step. */
export function packDataset(data: Dataset, m: number, nOut: number, opts: PackOptions = {}): PackedData {
  const path = opts.path ?? 'data'
  const list = `${path}.${opts.sequencesKey ?? 'sequences'}`
  if (data.inputSize !== m) throw new DataError(`${path}.inputSize`, `the data has ${data.inputSize} inputs but the network expects m = ${m}`)
  if (data.outputSize !== nOut) throw new DataError(`${path}.outputSize`, `the data has ${data.outputSize} targets but the network has ℓ = ${nOut} outputs`)
  const seqs = data.sequences
  if (!Array.isArray(seqs) || seqs.length === 0) throw new DataError(list, 'expected at least one sequence')
  const P = seqs.length
  const lengths = new Int32Array(P)
  const offsets = new Int32Array(P)
  let rows = 0
  seqs.forEach((s, p) => {
    const at = `${list}[${p}]`
    if (!Array.isArray(s?.u) || !Array.isArray(s?.z)) throw new DataError(at, 'expected u and z lists')
    if (s.u.length === 0) throw new DataError(`${at}.u`, 'a sequence needs at least one step')
    if (s.u.length !== s.z.length) throw new DataError(at, `u has ${s.u.length} steps but z has ${s.z.length}`)
    lengths[p] = s.u.length
    offsets[p] = rows
    rows += s.u.length
  })
  const u = new Float64Array(rows * m)
  const z = new Float64Array(rows * nOut)
  const mask = new Uint8Array(rows)
  const copy = (into: Float64Array, row: number, width: number, values: unknown, at: string) => {
    if (!Array.isArray(values) || values.length !== width) throw new DataError(at, `expected ${width} numbers, got ${Array.isArray(values) ? values.length : JSON.stringify(values)}`)
    for (let i = 0; i < width; i++) {
      const x = values[i]
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new DataError(`${at}[${i}]`, `expected a finite number, got ${JSON.stringify(x)}`)
      into[row * width + i] = x
    }
  }
  let maxLength = 0
  seqs.forEach((s, p) => {
    maxLength = Math.max(maxLength, lengths[p])
    for (let t = 0; t < lengths[p]; t++) {
      const row = offsets[p] + t
      copy(u, row, m, s.u[t], `${list}[${p}].u[${t}]`)
      if (s.z[t] !== null) {
        copy(z, row, nOut, s.z[t], `${list}[${p}].z[${t}]`)
        mask[row] = 1
      }
    }
  })
  return { P, m, nOut, lengths, offsets, maxLength, u, z, mask }
}
