/**
 * Parameter layout: every weight of a network in one flat Float64Array, with named views per matrix.
 * Gradients and optimizer state use the same layout, so an update is one loop over flat arrays.
 *
 * Names follow the lecture (lecture-model.md, "Symbols"), with layers numbered r = 0..R+1
 * (0 = input u, 1..R = hidden, R+1 = output y):
 *   W{r}  feed-forward weights from layer r to layer r+1, r = 0..R, shape (n_{r+1}, n_r)
 *   V{r}  recurrent weights inside layer r (from its own previous state), r = 1..R+1, shape (n_r, n_r),
 *         present only when layer r is recurrent
 *   b{r}  biases of layer r, r = 1..R+1, shape (n_r), present only when layer r has a bias
 * Matrices are row-major: W{r}[i * n_r + j] is the weight from unit j of layer r to unit i of layer r+1
 * (the lecture's w^(r)_{i_{r+1}, i_r}).
 *
 * Order in the flat array, per layer r = 1..R+1: W{r-1}, V{r}, b{r}. This order is part of the project file
 * format (weights are stored by name, but hashing and checkpoints rely on it staying put).
 *
 * Not here: initial values (init.ts) and the arithmetic (network.ts). In training, the flat arrays are allocated
 * by the kernel set (compute.ts), inside WebAssembly memory when the WASM kernels run.
 */
import type { Floats, NormalizedNetworkSpec, NormalizedLayerSpec } from './spec.js'

/** Where one named matrix lives in the flat array. */
export interface ParamEntry {
  name: string
  /** [rows, cols] for matrices, [n] for bias vectors. */
  shape: number[]
  offset: number
  size: number
}

/** Views into the flat array for one computing layer r = 1..R+1 (F: Float32Array in a float32 workspace). */
export interface LayerViews<F extends Floats = Float64Array> {
  /** W{r-1}: (nOut × nIn) */
  W: F
  /** V{r}: (nOut × nOut), or null when the layer is not recurrent */
  V: F | null
  /** b{r}: (nOut), or null when the layer has no bias */
  b: F | null
}

/** Layer r = 1..R+1 with its sizes; index k = r − 1 in `ParamLayout.layers`. */
export interface LayerShape extends NormalizedLayerSpec {
  nIn: number
  /** Entries of this layer's W, V, b in the flat array. */
  W: ParamEntry
  V: ParamEntry | null
  b: ParamEntry | null
}

export interface ParamLayout {
  spec: NormalizedNetworkSpec
  /** Computing layers r = 1..R+1 (k = r − 1; the last one is the output layer). */
  layers: LayerShape[]
  /** Every named entry, in flat order. */
  entries: ParamEntry[]
  /** Total number of parameters. */
  size: number
}

export function paramLayout(spec: NormalizedNetworkSpec): ParamLayout {
  const entries: ParamEntry[] = []
  let offset = 0
  const add = (name: string, shape: number[]): ParamEntry => {
    const size = shape.reduce((a, b) => a * b, 1)
    const entry = { name, shape, offset, size }
    entries.push(entry)
    offset += size
    return entry
  }
  const specs = [...spec.hidden, spec.output]
  let nIn = spec.inputSize
  const layers = specs.map((layer, k): LayerShape => {
    const r = k + 1
    const n = layer.units
    const W = add(`W${r - 1}`, [n, nIn])
    const V = layer.recurrent ? add(`V${r}`, [n, n]) : null
    const b = layer.bias ? add(`b${r}`, [n]) : null
    const shape = { ...layer, nIn, W, V, b }
    nIn = n
    return shape
  })
  return { spec, layers, entries, size: offset }
}

/** Named views of one flat array (parameters or gradients) laid out by `layout`. */
export function layerViews(layout: ParamLayout, flat: Float64Array): LayerViews[] {
  if (flat.length !== layout.size) throw new Error(`expected ${layout.size} parameters, got ${flat.length}`)
  const view = (e: ParamEntry | null) => (e ? flat.subarray(e.offset, e.offset + e.size) : null)
  return layout.layers.map((l) => ({ W: view(l.W)!, V: view(l.V), b: view(l.b) }))
}

/** Plain nested arrays by name: matrices as number[rows][cols], biases as number[n]. Used by fixtures,
 *  the literal reference implementation in test/reference, and exports. */
export type NamedWeights = Record<string, number[] | number[][]>

export function toNamedWeights(layout: ParamLayout, flat: Float64Array): NamedWeights {
  const named: NamedWeights = {}
  for (const e of layout.entries) {
    const data = flat.subarray(e.offset, e.offset + e.size)
    if (e.shape.length === 1) {
      named[e.name] = Array.from(data)
    } else {
      const [rows, cols] = e.shape
      named[e.name] = Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)))
    }
  }
  return named
}

/** Inverse of toNamedWeights; throws naming the array and the expected shape on any mismatch. */
export function fromNamedWeights(layout: ParamLayout, named: NamedWeights): Float64Array {
  const flat = new Float64Array(layout.size)
  for (const e of layout.entries) {
    const value = named[e.name]
    const wanted = e.shape.length === 1 ? `[${e.shape[0]}]` : `[${e.shape[0]}][${e.shape[1]}]`
    const fail = (why: string) => new Error(`weights ${e.name}: expected shape ${wanted}, ${why}`)
    if (value === undefined) throw fail('but it is missing')
    const rows: unknown[] = e.shape.length === 1 ? [value] : (value as unknown[])
    const cols = e.shape.length === 1 ? e.shape[0] : e.shape[1]
    const rowCount = e.shape.length === 1 ? 1 : e.shape[0]
    if (!Array.isArray(value) || rows.length !== rowCount) throw fail(`got ${Array.isArray(value) ? value.length : typeof value} rows`)
    rows.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== cols) throw fail(`row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries`)
      row.forEach((x, j) => {
        if (typeof x !== 'number' || !Number.isFinite(x)) throw fail(`entry [${i}][${j}] is not a finite number`)
        flat[e.offset + i * cols + j] = x
      })
    })
  }
  const extra = Object.keys(named).filter((k) => !layout.entries.some((e) => e.name === k))
  if (extra.length > 0) throw new Error(`weights ${extra.join(', ')}: not part of this network (expected ${layout.entries.map((e) => e.name).join(', ')})`)
  return flat
}
