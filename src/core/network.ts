/**
 * The lecture's recurrent network on a batch: forward pass, error, and backward pass (gradients).
 *
 * Forward (lecture-model.md, "Forward pass"), for computing layers r = 1..R+1 (k = r − 1 below):
 *   t = 0:      x_0^(r) = f(W{r-1} · x_0^(r-1) + b{r})
 *   1 ≤ t:      x_t^(r) = f(W{r-1} · x_t^(r-1) + V{r} · x_{t-1}^(r) + b{r})      (V only if layer r is recurrent)
 * i.e. every recurrent layer starts from the zero state x_{-1} = 0.
 *
 * Backward: δ_t^(r) = ∂E/∂s_t^(r) (s the pre-activation), computed step by step, top layer down:
 *   g = W{r}ᵀ δ_t^(r+1)  [r < R+1]  +  V{r}ᵀ δ_{t+1}^(r)  [recurrent, and step t+1 is inside the chain]
 *   δ_t^(r) = f'(s_t^(r)) ⊙ g  (+ ∂E_t/∂s_t^(R+1) at the output layer)
 *   ∂E/∂W{r-1} += δ_t^(r) x_t^(r-1)ᵀ,  ∂E/∂V{r} += δ_t^(r) x_{t-1}^(r)ᵀ,  ∂E/∂b{r} += δ_t^(r)
 * 'exact' runs one chain over t = T−1..0 with the error of every step (backpropagation through time).
 * 'truncated' (horizon k) runs, for each step t with a target, a chain over t, t−1, …, t−k+1 carrying only
 * E_t; 'lecture' is horizon 1: the notes' formulas (1a), (1b) and (2), where x_{t-1} is a constant.
 *
 * Shapes. A batch holds B sequences (B ≤ Bcap) of up to T steps (T ≤ Tcap). Every per-step block is laid
 * out with the CAPACITY as row stride, so per-step views are made once and never reallocated:
 *   u        (Tcap, Bcap, m)   u[(t·Bcap + p)·m + j]
 *   z        (Tcap, Bcap, ℓ)   mask (Tcap, Bcap): 1 where sequence p has a target at step t
 *   x[k]     (Tcap, Bcap, n_r) activations of layer r = k + 1 (x[R] is the output y)
 *   dCur[k], dNext[k], g[k]  (Bcap, n_r)  δ at the current and the next step, and ∂E/∂x at the current one
 * Sequences shorter than T are padded with zero inputs and mask 0: padded steps come after every real step
 * of their sequence, receive no error, and so pass back nothing.
 *
 * Not here: parameter layout (params.ts), the loss formulas (losses.ts), updates (optimizers.ts).
 */
import { activationBackward, activationForward } from './activations.js'
import type { PackedData } from './data.js'
import { addColumnSums, addRowVector, mulABBlocked as mulAB, mulABtBlocked as mulABt, mulAtBBlocked as mulAtB } from './kernels.js'
import { lossBackward, lossForward, type LossOptions } from './losses.js'
import type { LayerViews, ParamLayout } from './params.js'
import type { GradientMode } from './spec.js'

export interface Workspace {
  Bcap: number
  Tcap: number
  /** Sequences and steps of the batch now loaded. */
  B: number
  T: number
  /** ℓ × (rows with a target) of the batch: the N of 'mse'. */
  count: number
  u: Float64Array
  z: Float64Array
  mask: Uint8Array
  x: Float64Array[]
  /** Per-step views, [t] and [k][t]; each spans Bcap rows. */
  uAt: Float64Array[]
  zAt: Float64Array[]
  maskAt: Uint8Array[]
  xAt: Float64Array[][]
  dCur: Float64Array[]
  dNext: Float64Array[]
  g: Float64Array[]
  /** Called at every time step of forward and backward: a host's hook to pause (block) or abort (throw)
   *  in the middle of a long batch. A no-op unless the trainer sets it. */
  poll: () => void
}

const noop = () => {}

export function createWorkspace(layout: ParamLayout, Bcap: number, Tcap: number): Workspace {
  const m = layout.spec.inputSize
  const l = layout.spec.output.units
  const steps = <A extends Float64Array | Uint8Array>(a: A, width: number): A[] =>
    Array.from({ length: Tcap }, (_, t) => a.subarray(t * Bcap * width, (t + 1) * Bcap * width) as A)
  const u = new Float64Array(Tcap * Bcap * m)
  const z = new Float64Array(Tcap * Bcap * l)
  const mask = new Uint8Array(Tcap * Bcap)
  const x = layout.layers.map((layer) => new Float64Array(Tcap * Bcap * layer.units))
  return {
    Bcap,
    Tcap,
    B: 0,
    T: 0,
    count: 0,
    u,
    z,
    mask,
    x,
    uAt: steps(u, m),
    zAt: steps(z, l),
    maskAt: steps(mask, 1),
    xAt: x.map((xk, k) => steps(xk, layout.layers[k].units)),
    dCur: layout.layers.map((layer) => new Float64Array(Bcap * layer.units)),
    dNext: layout.layers.map((layer) => new Float64Array(Bcap * layer.units)),
    g: layout.layers.map((layer) => new Float64Array(Bcap * layer.units)),
    poll: noop,
  }
}

/** Loads sequences order[start..start+count) of `data` into the workspace as one batch. */
export function loadBatch(ws: Workspace, data: PackedData, order: Int32Array, start: number, count: number): void {
  const { m, l } = data
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
        for (let i = 0; i < l; i++) ws.z[dst * l + i] = data.z[src * l + i]
        ws.mask[dst] = data.mask[src]
        targets += data.mask[src]
      } else {
        ws.u.fill(0, dst * m, (dst + 1) * m)
        ws.z.fill(0, dst * l, (dst + 1) * l)
        ws.mask[dst] = 0
      }
    }
  }
  ws.B = count
  ws.T = T
  ws.count = targets * l
}

/** Forward pass over the loaded batch: fills ws.x (the output y is ws.x[R]). Never touches gradients. */
export function forward(layout: ParamLayout, params: LayerViews[], ws: Workspace): void {
  const { B, T } = ws
  const L = layout.layers.length
  for (let t = 0; t < T; t++) {
    ws.poll()
    for (let k = 0; k < L; k++) {
      const { units: n, nIn, activation } = layout.layers[k]
      const { W, V, b } = params[k]
      const input = k === 0 ? ws.uAt[t] : ws.xAt[k - 1][t]
      const s = ws.xAt[k][t] // pre-activation first, then overwritten by f(s)
      s.fill(0, 0, B * n)
      mulABt(s, input, W, B, nIn, n) //          s = x^(r-1) · Wᵀ
      if (V && t > 0) mulABt(s, ws.xAt[k][t - 1], V, B, n, n) // + x_{t-1}^(r) · Vᵀ
      if (b) addRowVector(s, b, B, n) //                         + b
      activationForward(s, s, B, n, activation)
    }
  }
}

/** E of the loaded batch after `forward`. */
export function batchLoss(layout: ParamLayout, ws: Workspace, loss: LossOptions): number {
  const l = layout.spec.output.units
  const out = layout.layers.length - 1
  let E = 0
  for (let t = 0; t < ws.T; t++) E += lossForward(ws.xAt[out][t], ws.zAt[t], ws.maskAt[t], ws.B, l, ws.count, loss)
  return E
}

export interface BackwardOptions {
  loss: LossOptions
  gradient: GradientMode
  /** Horizon k of 'truncated'. */
  horizon: number
}

/** Backward pass over the loaded batch after `forward`: ACCUMULATES ∂E/∂w into `grads` (zeroing is the
 *  caller's job). `params` and `grads` are views of the same layout. */
export function backward(layout: ParamLayout, params: LayerViews[], grads: LayerViews[], ws: Workspace, opts: BackwardOptions): void {
  const T = ws.T
  if (opts.gradient === 'exact') {
    for (let s = T - 1; s >= 0; s--) {
      backwardStep(layout, params, grads, ws, s, opts.loss, s < T - 1 ? CHAIN_CONTINUES : CHAIN_STARTS)
      swapDeltas(ws)
    }
    return
  }
  const horizon = opts.gradient === 'lecture' ? 1 : opts.horizon
  for (let te = 0; te < T; te++) {
    if (!hasTarget(ws, te)) continue
    // the chain of E_te: steps te, te−1, …, te−horizon+1
    for (let s = te; s >= 0 && s > te - horizon; s--) {
      backwardStep(layout, params, grads, ws, s, s === te ? opts.loss : null, s < te ? CHAIN_CONTINUES : CHAIN_STARTS)
      swapDeltas(ws)
    }
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
 * One step s of a backward chain, all layers top-down: δ_s into ws.dCur and the gradient contributions of
 * step s into `grads`. `loss` adds E_s at the output (null: this step's own error is not part of the chain);
 * `fromNextStep` adds the recurrent term from δ_{s+1} (in ws.dNext).
 */
function backwardStep(
  layout: ParamLayout,
  params: LayerViews[],
  grads: LayerViews[],
  ws: Workspace,
  s: number,
  loss: LossOptions | null,
  chain: { fromNextStep: boolean },
): void {
  const B = ws.B
  const L = layout.layers.length
  ws.poll()
  for (let k = L - 1; k >= 0; k--) {
    const { units: n, nIn, activation } = layout.layers[k]
    const { V } = params[k]
    const g = ws.g[k] // ∂E/∂x_s^(r)
    g.fill(0, 0, B * n)
    if (k < L - 1) mulAB(g, ws.dCur[k + 1], params[k + 1].W, B, layout.layers[k + 1].units, n) // Wᵀ δ^(r+1)
    if (V && chain.fromNextStep) mulAB(g, ws.dNext[k], V, B, n, n) //                            Vᵀ δ_{s+1}^(r)
    const delta = ws.dCur[k]
    activationBackward(delta, g, ws.xAt[k][s], B, n, activation)
    if (k === L - 1 && loss) lossBackward(delta, ws.xAt[k][s], ws.zAt[s], ws.maskAt[s], B, n, ws.count, loss)
    const input = k === 0 ? ws.uAt[s] : ws.xAt[k - 1][s]
    const grad = grads[k]
    mulAtB(grad.W, delta, input, n, B, nIn) //                    ∂E/∂W += δᵀ x^(r-1)
    if (grad.V && s > 0) mulAtB(grad.V, delta, ws.xAt[k][s - 1], n, B, n) // ∂E/∂V += δᵀ x_{s-1}^(r)
    if (grad.b) addColumnSums(grad.b, delta, B, n) //                       ∂E/∂b += Σ_p δ
  }
}
