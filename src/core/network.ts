/**
 * The lecture's recurrent network on a batch: forward pass, error, and backward pass (gradients).
 * test/reference/lecture.ts is the literal, slow transcription of the same formulas that the tests hold
 * this file to.
 *
 * Forward (lecture-model.md, "Forward pass"), for computing layers r = 1..R+1 (k = r − 1 below):
 *   t = 0:      x_0^(r) = f(W{r-1} · x_0^(r-1) + b{r})
 *   1 ≤ t:      x_t^(r) = f(W{r-1} · x_t^(r-1) + V{r} · x_{t-1}^(r) + b{r})      (V only if layer r is recurrent)
 * i.e. every recurrent layer starts from the zero state x_{-1} = 0, unless the data gives each sequence its own
 * x_{-1} (PackedData.initial: a window cut out of a longer sequence, windows.ts); then t = 0 adds V{r} · x_{-1}^(r)
 * and ∂E/∂V{r} gets δ_0 x_{-1}ᵀ. Layer by layer: layer r needs only
 * layer r−1 at the same step, so the feed-forward products W{r-1} · x^(r-1) of ALL steps are one product
 * over T·B rows; only the recurrent term goes step by step.
 *
 * Backward: δ_t^(r) = ∂E/∂a_t^(r) (a the pre-activation), top layer down:
 *   g = W{r}ᵀ δ_t^(r+1)  [r < R+1]  +  V{r}ᵀ δ_{t+1}^(r)  [recurrent, and step t+1 is inside the chain]
 *   δ_t^(r) = f'(a_t^(r)) ⊙ g  (+ ∂E_t/∂a_t^(R+1) at the output layer)
 *   ∂E/∂W{r-1} += Σ_t δ_t^(r) x_t^(r-1)ᵀ,  ∂E/∂V{r} += Σ_t δ_t^(r) x_{t-1}^(r)ᵀ,  ∂E/∂b{r} += Σ_t δ_t^(r)
 * 'exact' (backpropagation through time) keeps δ of every step: per layer, the W term of g for all steps
 * is one product, the V term runs t = T−1..0, and each weight gradient is one product over all (t, p) rows.
 * 'truncated' (horizon k) runs, for each step t with a target, a chain over t, t−1, …, t−k+1 carrying only
 * E_t; 'lecture' is horizon 1: the notes' formulas (1a), (1b) and (2), where x_{t-1} is a constant. Those
 * chains differ per target step, so they go step by step with δ of the current and the next step only.
 *
 * Every product, activation and update runs in the workspace's kernel set (compute.ts: WASM SIMD or
 * TypeScript, same signatures), which also allocated every array below, in its precision: Float64Array, or
 * Float32Array for a 'float32' run (Floats).
 *
 * Shapes. A batch holds B sequences (B ≤ Bcap) of up to T steps (T ≤ Tcap), ℓ = nOut of the output layer.
 * Every per-step block is laid out with the CAPACITY as row stride, so per-step views are made once:
 *   u        (Tcap, Bcap, m)   u[(t·Bcap + p)·m + j]
 *   z        (Tcap, Bcap, ℓ)   mask (Tcap, Bcap): 1 where sequence p has a target at step t
 *   x[k]     (Tcap, Bcap, n_r) activations of layer r = k + 1 (x[R] is the output y)
 *   delta[k] (Tcap, Bcap, n_r) δ of every step ('exact')
 *   dCur[k], dNext[k], g[k]  (Bcap, n_r)  δ at the current and the next step, and ∂E/∂x at the current one
 *   initial[k] (Bcap, n_r)   x_{-1} of each sequence of the batch, when the data gives one (fromInitial)
 * When B = Bcap the rows of steps 0..T−1 are contiguous, so "all steps" is one block of T·B rows; a smaller
 * batch (the last minibatch, the last evaluation chunk) runs such products step by step over its B rows.
 * Sequences shorter than T are padded with zero inputs and mask 0: padded steps come after every real step
 * of their sequence, receive no error, and so pass back nothing.
 *
 * Not here: parameter layout (params.ts), the loss formulas (losses.ts), updates (optimizers.ts).
 */
import { allocate, type KernelChoice, type Kernels } from './compute.js'
import type { PackedData } from './data.js'
import type { LossOptions } from './losses.js'
import { type LayerViews, type ParamLayout } from './params.js'
import type { Floats, GradientMode, Precision } from './spec.js'

export interface Workspace {
  /** The kernel set that allocated every array here and runs every product on them. */
  kernels: Kernels
  Bcap: number
  Tcap: number
  /** Sequences and steps of the batch now loaded. */
  B: number
  T: number
  /** ℓ × (rows with a target) of the batch: the N of 'mse'. */
  count: number
  /** Weights (flat, in the layout) in the kernels' memory, and their named views: what callers pass to
   *  forward and backward. The trainer trains these in place; evaluate copies its weights in. */
  params: Floats
  paramViews: LayerViews<Floats>[]
  /** Gradients, likewise (empty when the workspace was made without `backward`). */
  grads: Floats
  gradViews: LayerViews<Floats>[]
  u: Floats
  z: Floats
  mask: Uint8Array
  x: Floats[]
  delta: Floats[]
  /** delta[k] from step 1 on: the δ_t paired with x_{t-1} in ∂E/∂V. */
  deltaFromStep1: Floats[]
  /** Per-step views, [t] and [k][t]; each spans Bcap rows. */
  uAt: Floats[]
  zAt: Floats[]
  maskAt: Uint8Array[]
  xAt: Floats[][]
  deltaAt: Floats[][]
  dCur: Floats[]
  dNext: Floats[]
  g: Floats[]
  /** x_{-1}^(r) of each sequence of the batch, (Bcap × n_r) per layer; used only when `fromInitial`. */
  initial: Floats[]
  /** The batch now loaded starts from the data's own states (PackedData.initial), not from zero. */
  fromInitial: boolean
  /** Called at every time step of forward and backward: a host's hook to pause (block) or abort (throw)
   *  in the middle of a long batch. A no-op unless the trainer sets it. */
  poll: () => void
}

const noop = () => {}

export interface WorkspaceOptions {
  /** Kernel set (compute.ts). Default 'auto'. */
  kernels?: KernelChoice
  /** Allocate what backward needs (gradients, δ). Default true; evaluation turns it off. */
  backward?: boolean
  /** Number format of every float array here and of the kernels. Default 'float64'. */
  precision?: Precision
}

/** A workspace in its own kernel memory. */
export function createWorkspace(layout: ParamLayout, Bcap: number, Tcap: number, opts: WorkspaceOptions = {}): Workspace {
  return allocate(opts.kernels ?? 'auto', (kernels) => buildWorkspace(layout, Bcap, Tcap, kernels, opts.backward ?? true), { precision: opts.precision })
}

/** Named views of a flat array in the layout (no length check: this also runs on compute.ts' counting pass). */
function viewsOf(layout: ParamLayout, flat: Floats): LayerViews<Floats>[] {
  const view = (e: { offset: number; size: number } | null) => (e ? flat.subarray(e.offset, e.offset + e.size) : null)
  return layout.layers.map((layer) => ({ W: view(layer.W)!, V: view(layer.V), b: view(layer.b) }))
}

/** Allocates a workspace with `kernels`; for callers that allocate more arrays in the same memory inside
 *  compute.ts' `allocate` (the trainer). Only allocates and slices. */
export function buildWorkspace(layout: ParamLayout, Bcap: number, Tcap: number, kernels: Kernels, backward: boolean): Workspace {
  const m = layout.spec.inputSize
  const nOut = layout.spec.output.units
  const steps = <A extends Floats | Uint8Array>(a: A, width: number): A[] =>
    Array.from({ length: Tcap }, (_, t) => a.subarray(t * Bcap * width, (t + 1) * Bcap * width) as A)
  const perLayer = (rows: number) => layout.layers.map((layer) => kernels.floats(backward ? rows * layer.units : 0))
  const params = kernels.floats(layout.size)
  const grads = kernels.floats(backward ? layout.size : 0)
  const u = kernels.floats(Tcap * Bcap * m)
  const z = kernels.floats(Tcap * Bcap * nOut)
  const mask = kernels.u8(Tcap * Bcap)
  const x = layout.layers.map((layer) => kernels.floats(Tcap * Bcap * layer.units))
  const delta = perLayer(Tcap * Bcap)
  return {
    kernels,
    Bcap,
    Tcap,
    B: 0,
    T: 0,
    count: 0,
    params,
    paramViews: viewsOf(layout, params),
    grads,
    gradViews: backward ? viewsOf(layout, grads) : [],
    u,
    z,
    mask,
    x,
    delta,
    deltaFromStep1: delta.map((d, k) => d.subarray(Bcap * layout.layers[k].units)),
    uAt: steps(u, m),
    zAt: steps(z, nOut),
    maskAt: steps(mask, 1),
    xAt: x.map((xk, k) => steps(xk, layout.layers[k].units)),
    deltaAt: delta.map((dk, k) => (backward ? steps(dk, layout.layers[k].units) : [])),
    dCur: perLayer(Bcap),
    dNext: perLayer(Bcap),
    g: perLayer(Bcap),
    initial: layout.layers.map((layer) => kernels.floats(Bcap * layer.units)),
    fromInitial: false,
    poll: noop,
  }
}

/** Loads sequences order[start..start+count) of `data` into the workspace as one batch. */
export function loadBatch(ws: Workspace, data: PackedData, order: Int32Array, start: number, count: number): void {
  const { m, nOut } = data
  const Bcap = ws.Bcap
  if (count > Bcap) throw new Error(`batch of ${count} sequences exceeds the workspace's ${Bcap}`)
  let T = 0
  for (let p = 0; p < count; p++) T = Math.max(T, data.lengths[order[start + p]])
  if (T > ws.Tcap) throw new Error(`sequence of ${T} steps exceeds the workspace's ${ws.Tcap}`)
  let targets = 0
  for (let p = 0; p < count; p++) {
    const seq = order[start + p]
    const len = data.lengths[seq]
    for (let t = 0; t < T; t++) {
      const dst = t * Bcap + p // row of (step t, sequence p)
      if (t < len) {
        const src = data.offsets[seq] + t // row of step t in the packed data
        for (let j = 0; j < m; j++) ws.u[dst * m + j] = data.u[src * m + j]
        for (let i = 0; i < nOut; i++) ws.z[dst * nOut + i] = data.z[src * nOut + i]
        ws.mask[dst] = data.mask[src]
        targets += data.mask[src]
      } else {
        ws.u.fill(0, dst * m, (dst + 1) * m)
        ws.z.fill(0, dst * nOut, (dst + 1) * nOut)
        ws.mask[dst] = 0
      }
    }
  }
  ws.fromInitial = data.initial !== undefined
  if (data.initial) {
    for (let k = 0; k < ws.initial.length; k++) {
      const n = ws.initial[k].length / Bcap
      for (let p = 0; p < count; p++) ws.initial[k].set(data.initial[k].subarray(order[start + p] * n, (order[start + p] + 1) * n), p * n)
    }
  }
  ws.B = count
  ws.T = T
  ws.count = targets * nOut
}

/**
 * Runs `product` over the rows of every step of the batch: once over T·B rows with the whole arrays when
 * the batch fills the workspace (B = Bcap: the rows of steps 0..T−1 are contiguous), else once per step t
 * over its B rows with the per-step views. `product(pick, rows)` gets `pick(whole, perStep)`, which returns
 * the array to use: `whole` or `perStep[t]`.
 */
function overAllSteps(ws: Workspace, product: (pick: <A>(whole: A, perStep: A[]) => A, rows: number) => void): void {
  if (ws.B === ws.Bcap) {
    product((whole) => whole, ws.T * ws.B)
    return
  }
  for (let t = 0; t < ws.T; t++) product((_, perStep) => perStep[t], ws.B)
}

/** Forward pass over the loaded batch: fills ws.x (the output y is ws.x[R]). Never touches gradients.
 *  `params` are views in the workspace's kernel memory (normally ws.paramViews). */
export function forward(layout: ParamLayout, params: LayerViews<Floats>[], ws: Workspace): void {
  const { B, T, kernels } = ws
  for (let k = 0; k < layout.layers.length; k++) {
    const { units: n, nIn, activation } = layout.layers[k]
    const { W, V, b } = params[k]
    const [input, inputAt] = k === 0 ? [ws.u, ws.uAt] : [ws.x[k - 1], ws.xAt[k - 1]]
    // a = x^(r-1) · Wᵀ for every step at once (a is kept in x[k], then overwritten by f(a))
    overAllSteps(ws, (pick, rows) => {
      const a = pick(ws.x[k], ws.xAt[k])
      a.fill(0, 0, rows * n)
      kernels.mulABt(a, pick(input, inputAt), W, rows, nIn, n)
      if (!V) {
        if (b) kernels.addRowVector(a, b, rows, n) // + b
        kernels.activationForward(a, a, rows, n, activation)
      }
    })
    ws.poll()
    if (!V) continue
    for (let t = 0; t < T; t++) {
      ws.poll()
      const a = ws.xAt[k][t]
      if (t > 0) kernels.mulABt(a, ws.xAt[k][t - 1], V, B, n, n) // + x_{t-1}^(r) · Vᵀ
      else if (ws.fromInitial) kernels.mulABt(a, ws.initial[k], V, B, n, n) // + x_{-1}^(r) · Vᵀ
      if (b) kernels.addRowVector(a, b, B, n) //                     + b
      kernels.activationForward(a, a, B, n, activation)
    }
  }
}

/** E of the loaded batch after `forward`. */
export function batchLoss(layout: ParamLayout, ws: Workspace, loss: LossOptions): number {
  const nOut = layout.spec.output.units
  const out = layout.layers.length - 1
  let E = 0
  for (let t = 0; t < ws.T; t++) E += ws.kernels.lossForward(ws.xAt[out][t], ws.zAt[t], ws.maskAt[t], ws.B, nOut, ws.count, loss)
  return E
}

export interface BackwardOptions {
  loss: LossOptions
  gradient: GradientMode
  /** Horizon k of 'truncated'. */
  horizon: number
  /** 'truncated'/'lecture': also keep, in ws.delta, each step's δ summed over the chains through it (what
   *  'exact' keeps anyway), for inspection (lab.ts). Default false: training does not need it. */
  keepDeltas?: boolean
}

/** Backward pass over the loaded batch after `forward`: ACCUMULATES ∂E/∂w into `grads` (zeroing is the
 *  caller's job). `params` and `grads` are views of the same layout in the workspace's kernel memory. */
export function backward(layout: ParamLayout, params: LayerViews<Floats>[], grads: LayerViews<Floats>[], ws: Workspace, opts: BackwardOptions): void {
  if (ws.deltaAt[0].length === 0) throw new Error('backward: this workspace was made without `backward`')
  const T = ws.T
  if (opts.gradient === 'exact') {
    backwardThroughTime(layout, params, grads, ws, opts.loss)
    return
  }
  const horizon = opts.gradient === 'lecture' ? 1 : opts.horizon
  if (opts.keepDeltas) for (const d of ws.delta) d.fill(0)
  for (let te = 0; te < T; te++) {
    if (!hasTarget(ws, te)) continue
    // the chain of E_te: steps te, te−1, …, te−horizon+1
    for (let step = te; step >= 0 && step > te - horizon; step--) {
      backwardStep(layout, params, grads, ws, step, step === te ? opts.loss : null, step < te ? CHAIN_CONTINUES : CHAIN_STARTS)
      if (opts.keepDeltas) {
        for (let k = 0; k < layout.layers.length; k++) {
          const kept = ws.deltaAt[k][step]
          const d = ws.dCur[k]
          for (let i = 0; i < ws.B * layout.layers[k].units; i++) kept[i] += d[i]
        }
      }
      swapDeltas(ws)
    }
  }
}

/** 'exact': δ of every step, layer by layer from the top; then each weight gradient as one product. */
function backwardThroughTime(layout: ParamLayout, params: LayerViews<Floats>[], grads: LayerViews<Floats>[], ws: Workspace, loss: LossOptions): void {
  const { B, T, kernels } = ws
  const L = layout.layers.length
  for (let k = L - 1; k >= 0; k--) {
    const { units: n, nIn, activation } = layout.layers[k]
    const { V } = params[k]
    const delta = ws.delta[k]
    // g = W{r}ᵀ δ^(r+1) for every step at once, built in place in delta[k]; rows past B stay 0
    delta.fill(0, 0, T * ws.Bcap * n)
    if (k < L - 1) {
      const above = layout.layers[k + 1].units
      overAllSteps(ws, (pick, rows) => kernels.mulAB(pick(delta, ws.deltaAt[k]), pick(ws.delta[k + 1], ws.deltaAt[k + 1]), params[k + 1].W, rows, above, n))
    }
    for (let t = T - 1; t >= 0; t--) {
      ws.poll()
      const d = ws.deltaAt[k][t]
      if (V && t < T - 1) kernels.mulAB(d, ws.deltaAt[k][t + 1], V, B, n, n) // + Vᵀ δ_{t+1}^(r)
      kernels.activationBackward(d, d, ws.xAt[k][t], B, n, activation) //         δ = f'(a) ⊙ g
      if (k === L - 1) kernels.lossBackward(d, ws.xAt[k][t], ws.zAt[t], ws.maskAt[t], B, n, ws.count, loss)
    }
    const grad = grads[k]
    const [input, inputAt] = k === 0 ? [ws.u, ws.uAt] : [ws.x[k - 1], ws.xAt[k - 1]]
    overAllSteps(ws, (pick, rows) => {
      const d = pick(delta, ws.deltaAt[k])
      kernels.mulAtB(grad.W, d, pick(input, inputAt), n, rows, nIn) // ∂E/∂W += Σ_t δ_tᵀ x_t^(r-1)
      if (grad.b) kernels.addColumnSums(grad.b, d, rows, n) //        ∂E/∂b += Σ_t Σ_p δ_t
    })
    if (grad.V && T > 1) {
      // ∂E/∂V += Σ_{t≥1} δ_tᵀ x_{t-1}^(r): steps 1..T−1 of δ against steps 0..T−2 of x
      if (B === ws.Bcap) kernels.mulAtB(grad.V, ws.deltaFromStep1[k], ws.x[k], n, (T - 1) * B, n)
      else for (let t = 1; t < T; t++) kernels.mulAtB(grad.V, ws.deltaAt[k][t], ws.xAt[k][t - 1], n, B, n)
    }
    if (grad.V && ws.fromInitial) kernels.mulAtB(grad.V, ws.deltaAt[k][0], ws.initial[k], n, B, n) // + δ_0ᵀ x_{-1}^(r)
  }
}

const CHAIN_STARTS = { fromNextStep: false }
const CHAIN_CONTINUES = { fromNextStep: true }

function hasTarget(ws: Workspace, t: number): boolean {
  const mask = ws.maskAt[t]
  for (let p = 0; p < ws.B; p++) if (mask[p] !== 0) return true
  return false
}

function swapDeltas(ws: Workspace): void {
  const tmp = ws.dCur
  ws.dCur = ws.dNext
  ws.dNext = tmp
}

/**
 * One step of a truncated backward chain, all layers top-down: δ_step into ws.dCur and the gradient
 * contributions of that step into `grads`. `loss` adds E_step at the output (null: this step's own error is
 * not part of the chain); `fromNextStep` adds the recurrent term from δ_{step+1} (in ws.dNext).
 */
function backwardStep(
  layout: ParamLayout,
  params: LayerViews<Floats>[],
  grads: LayerViews<Floats>[],
  ws: Workspace,
  step: number,
  loss: LossOptions | null,
  chain: { fromNextStep: boolean },
): void {
  const { B, kernels } = ws
  const L = layout.layers.length
  ws.poll()
  for (let k = L - 1; k >= 0; k--) {
    const { units: n, nIn, activation } = layout.layers[k]
    const { V } = params[k]
    const g = ws.g[k] // ∂E/∂x_step^(r)
    g.fill(0, 0, B * n)
    if (k < L - 1) kernels.mulAB(g, ws.dCur[k + 1], params[k + 1].W, B, layout.layers[k + 1].units, n) // Wᵀ δ^(r+1)
    if (V && chain.fromNextStep) kernels.mulAB(g, ws.dNext[k], V, B, n, n) //                            Vᵀ δ_{step+1}^(r)
    const delta = ws.dCur[k]
    kernels.activationBackward(delta, g, ws.xAt[k][step], B, n, activation)
    if (k === L - 1 && loss) kernels.lossBackward(delta, ws.xAt[k][step], ws.zAt[step], ws.maskAt[step], B, n, ws.count, loss)
    const input = k === 0 ? ws.uAt[step] : ws.xAt[k - 1][step]
    const grad = grads[k]
    kernels.mulAtB(grad.W, delta, input, n, B, nIn) //                          ∂E/∂W += δᵀ x^(r-1)
    if (grad.V && step > 0) kernels.mulAtB(grad.V, delta, ws.xAt[k][step - 1], n, B, n) // ∂E/∂V += δᵀ x_{step-1}^(r)
    else if (grad.V && ws.fromInitial) kernels.mulAtB(grad.V, delta, ws.initial[k], n, B, n) //  ∂E/∂V += δᵀ x_{-1}^(r)
    if (grad.b) kernels.addColumnSums(grad.b, delta, B, n) //                            ∂E/∂b += Σ_p δ
  }
}
