/**
 * A deliberately literal, slow transcription of the lecture notes' RNN (shared/seed/000_41de3a4aa8233a53.txt,
 * restated in shared/docs/lecture-model.md), meant as an independent oracle for the optimized core.
 *
 * Rules of this file:
 * - plain nested number arrays and explicit loops over the lecture's indices p, t, r, i_r, i_{r+1}, i'_{r+1};
 *   no matrix helpers, no flat arrays, no caching of intermediate sums where the formula recomputes them;
 * - only types are imported from src/core, so a bug there cannot leak in here.
 *
 * Indices. Layers r = 0..R+1: r = 0 is the input u (n_0 = m), r = 1..R the hidden layers, r = R+1 the output
 * y (n_{R+1} = ℓ). The lecture counts units i_r = 1..n_r and steps t = 0..T; arrays here count units from 0
 * and step t = 0 is the first entry, so the lecture's unit i_r is array index i_r − 1.
 *
 * Weights (names and shapes as in src/core/params.ts):
 *   W{r}[i_{r+1}][i_r]          the lecture's w^(r)_{i_{r+1}, i_r},            r = 0..R
 *   V{r+1}[i_{r+1}][i'_{r+1}]   the lecture's (recurrent) w^(r+1)_{i_{r+1}, i'_{r+1}}, only if layer r+1 is
 *                               recurrent (hidden layers by the spec's default; the output layer optionally)
 *   b{r+1}[i_{r+1}]             a bias (not in the notes): a weight from a constant-1 unit, only if enabled
 *
 * Exports: referenceForward, referenceStep, referenceError, referenceLectureGradient (formulas (1a), (1b), (2),
 * i.e. backpropagation truncated to one step) and referenceExactGradient (central finite differences of
 * referenceError: the true ∂E/∂w, a second oracle).
 */
import type { Activation, NormalizedLayerSpec, NormalizedNetworkSpec } from '../../src/core/spec.js'
import type { NamedWeights } from '../../src/core/params.js'
import type { Dataset, Sequence } from '../../src/core/data.js'

// ------------------------------------------------------------------------------------------------ helpers

/** Spec of layer r = 1..R+1 (hidden[r-1], or the output layer for r = R+1). */
function layerSpec(net: NormalizedNetworkSpec, r: number): NormalizedLayerSpec {
  const R = net.hidden.length
  if (r < 1 || r > R + 1) throw new Error(`layer ${r} does not compute anything (layers are 1..${R + 1})`)
  return r === R + 1 ? net.output : net.hidden[r - 1]
}

/** n_r for r = 0..R+1. */
function units(net: NormalizedNetworkSpec, r: number): number {
  return r === 0 ? net.inputSize : layerSpec(net, r).units
}

/** A named matrix, checked to be number[rows][cols]. */
function matrix(w: NamedWeights, name: string, rows: number, cols: number): number[][] {
  const m = w[name]
  if (!Array.isArray(m) || m.length !== rows) throw new Error(`reference: weights ${name} should have ${rows} rows`)
  for (let i = 0; i < rows; i++) {
    const row = m[i]
    if (!Array.isArray(row) || row.length !== cols) throw new Error(`reference: weights ${name}[${i}] should have ${cols} entries`)
  }
  return m as number[][]
}

/** A named vector, checked to be number[n]. */
function vector(w: NamedWeights, name: string, n: number): number[] {
  const v = w[name]
  if (!Array.isArray(v) || v.length !== n || v.some((x) => typeof x !== 'number')) throw new Error(`reference: weights ${name} should be ${n} numbers`)
  return v as number[]
}

/** f for the element-wise activations (softmax is handled on the whole layer in referenceStep). */
function f(act: Activation, s: number): number {
  switch (act) {
    case 'sigmoid':
      return 1 / (1 + Math.exp(-s))
    case 'tanh':
      return Math.tanh(s)
    case 'relu':
      return s > 0 ? s : 0
    case 'linear':
      return s
    case 'softmax':
      throw new Error('reference: softmax is not an element-wise activation')
  }
}

/** f'(s) as in the notes ("f'(Σ w x + Σ w' x_{t-1})"): sigmoid f(1−f), tanh 1−f², relu [s > 0], linear 1. */
function fPrime(act: Activation, s: number): number {
  switch (act) {
    case 'sigmoid': {
      const fs = f('sigmoid', s)
      return fs * (1 - fs)
    }
    case 'tanh': {
      const fs = Math.tanh(s)
      return 1 - fs * fs
    }
    case 'relu':
      return s > 0 ? 1 : 0
    case 'linear':
      return 1
    case 'softmax':
      throw new Error('reference: the lecture gradient does not support a softmax output (the lecture\'s E with softmax is not a supported pairing)')
  }
}

/**
 * The argument of f in the forward formulas, for unit i_{r+1} of layer r+1 at one step t:
 *   s^(r+1)_{t;i_{r+1}} = Σ_{i_r=1..n_r} w^(r)_{i_{r+1},i_r} x^(r)_{t;i_r}
 *                       + Σ_{i'_{r+1}=1..n_{r+1}} w^(r+1)_{i_{r+1},i'_{r+1}} x^(r+1)_{t-1;i'_{r+1}}   (t ≥ 1, recurrent layer)
 *                       + b^(r+1)_{i_{r+1}}                                                          (bias on)
 * `xr` is x^(r)_t (all units of layer r at step t); `xPrevR1` is x^(r+1)_{t-1}, or null at t = 0 (the notes'
 * t = 0 formula has no recurrent term).
 */
function preActivation(net: NormalizedNetworkSpec, w: NamedWeights, r: number, iR1: number, xr: number[], xPrevR1: number[] | null): number {
  const layer = layerSpec(net, r + 1)
  const nR = units(net, r)
  const nR1 = units(net, r + 1)
  const W = matrix(w, `W${r}`, nR1, nR)
  let s = 0
  // Σ over i_r = 1..n_r (feed-forward part, both t = 0 and t ≥ 1)
  for (let iR = 0; iR < nR; iR++) s += W[iR1][iR] * xr[iR]
  // Σ over i'_{r+1} = 1..n_{r+1} (recurrent part, only for 1 ≤ t ≤ T and only if layer r+1 is recurrent)
  if (layer.recurrent && xPrevR1 !== null) {
    const V = matrix(w, `V${r + 1}`, nR1, nR1)
    for (let iR1p = 0; iR1p < nR1; iR1p++) s += V[iR1][iR1p] * xPrevR1[iR1p]
  }
  if (layer.bias) s += vector(w, `b${r + 1}`, nR1)[iR1] * 1 // bias = weight from a constant-1 unit
  return s
}

// ------------------------------------------------------------------------------------------------ forward

/**
 * One step t of the forward pass: x_t^(r) for r = 0..R+1, given u_t and x_{t-1} (null at t = 0).
 * Returned as x[r][i_r]. `xPrev[r]` is x_{t-1}^(r); only the recurrent layers' entries are read.
 */
export function referenceStep(net: NormalizedNetworkSpec, w: NamedWeights, u: number[], xPrev: number[][] | null): number[][] {
  const R = net.hidden.length
  if (u.length !== net.inputSize) throw new Error(`reference: an input has ${u.length} values, expected m = ${net.inputSize}`)
  const x: number[][] = [u.slice()] // x_t^(0) = u_t
  // r = 0..R: x_t^(r) → x_t^(r+1)
  for (let r = 0; r <= R; r++) {
    const act = layerSpec(net, r + 1).activation
    const nR1 = units(net, r + 1)
    const s: number[] = []
    // i_{r+1} = 1..n_{r+1}: t = 0: x_{0;i_{r+1}}^(r+1) = f(Σ_{i_r} w^(r) x_0^(r));
    //                        t ≥ 1: x_{t;i_{r+1}}^(r+1) = f(Σ_{i_r} w^(r) x_t^(r) + Σ_{i'_{r+1}} w^(r+1) x_{t-1}^(r+1))
    for (let iR1 = 0; iR1 < nR1; iR1++) s.push(preActivation(net, w, r, iR1, x[r], xPrev === null ? null : xPrev[r + 1]))
    const out: number[] = []
    if (act === 'softmax') {
      // softmax(s)_i = exp(s_i − max s) / Σ_j exp(s_j − max s)
      let max = -Infinity
      for (let iR1 = 0; iR1 < nR1; iR1++) max = Math.max(max, s[iR1])
      let sum = 0
      for (let iR1 = 0; iR1 < nR1; iR1++) sum += Math.exp(s[iR1] - max)
      for (let iR1 = 0; iR1 < nR1; iR1++) out.push(Math.exp(s[iR1] - max) / sum)
    } else {
      for (let iR1 = 0; iR1 < nR1; iR1++) out.push(f(act, s[iR1]))
    }
    x.push(out)
  }
  return x
}

/** The forward pass of one sequence: x[r][t][i_r], r = 0 (u) .. R+1 (y), t = 0..T. */
export function referenceForward(net: NormalizedNetworkSpec, w: NamedWeights, seq: Sequence): { x: number[][][] } {
  const R = net.hidden.length
  const x: number[][][] = []
  for (let r = 0; r <= R + 1; r++) x.push([])
  // t = 0..T
  for (let t = 0; t < seq.u.length; t++) {
    let xPrev: number[][] | null = null
    if (t >= 1) {
      xPrev = []
      for (let r = 0; r <= R + 1; r++) xPrev.push(x[r][t - 1])
    }
    const xt = referenceStep(net, w, seq.u[t], xPrev)
    for (let r = 0; r <= R + 1; r++) x[r].push(xt[r])
  }
  return { x }
}

// ------------------------------------------------------------------------------------------------ error

/** E = Σ_{t} E_t, E_t = ½ Σ_p Σ_{i=1..ℓ} (y_{t;i}(p) − z_{t;i}(p))²; steps whose z is null add nothing. */
export function referenceError(net: NormalizedNetworkSpec, w: NamedWeights, data: Dataset): number {
  const R = net.hidden.length
  const l = units(net, R + 1)
  let E = 0
  // p = 1..P
  for (let p = 0; p < data.sequences.length; p++) {
    const seq = data.sequences[p]
    const { x } = referenceForward(net, w, seq)
    // t = 0..T_p
    for (let t = 0; t < seq.u.length; t++) {
      const z = seq.z[t]
      if (z === null) continue
      if (z.length !== l) throw new Error(`reference: a target has ${z.length} values, expected ℓ = ${l}`)
      // i = 1..ℓ
      for (let i = 0; i < l; i++) {
        const y = x[R + 1][t][i]
        E += 0.5 * (y - z[i]) * (y - z[i])
      }
    }
  }
  return E
}

// ------------------------------------------------------------------------------------------------ gradients

/** Zero-filled NamedWeights with the names, order and shapes of params.ts: per layer r = 1..R+1 W{r-1}, V{r}, b{r}. */
function zeroWeights(net: NormalizedNetworkSpec): NamedWeights {
  const R = net.hidden.length
  const g: NamedWeights = {}
  for (let r = 1; r <= R + 1; r++) {
    const layer = layerSpec(net, r)
    const n = units(net, r)
    const nIn = units(net, r - 1)
    g[`W${r - 1}`] = Array.from({ length: n }, () => new Array<number>(nIn).fill(0))
    if (layer.recurrent) g[`V${r}`] = Array.from({ length: n }, () => new Array<number>(n).fill(0))
    if (layer.bias) g[`b${r}`] = new Array<number>(n).fill(0)
  }
  return g
}

/**
 * Calls `visit(idx)` once for every choice of the summation indices i_{R+1}, i_R, …, i_{from} of the notes'
 * chain Σ_{i_{R+1}=1}^{n_{R+1}} Σ_{i_R=1}^{n_R} … Σ_{i_{r+2}=1}^{n_{r+2}} (with from = r+2): `idx[α]` is i_α.
 * Entries of `idx` below `from` are left as the caller set them (i_{r+1} is fixed by the outer loop). When
 * from > R+1 (r = R) there is nothing to sum over and `visit` runs once.
 */
function forEachChainIndex(n: number[], from: number, idx: number[], visit: (idx: number[]) => void): void {
  const top = n.length - 1 // R+1
  const recurse = (alpha: number): void => {
    if (alpha < from) {
      visit(idx)
      return
    }
    // i_α = 1..n_α
    for (let i = 0; i < n[alpha]; i++) {
      idx[alpha] = i
      recurse(alpha - 1)
    }
  }
  recurse(top)
}

/**
 * The notes' gradient formulas (1a) (t = 0), (1b) (1 ≤ t ≤ T, feed-forward weights w^(r)) and (2)
 * (1 ≤ t ≤ T, recurrent weights w^(r+1)), summed over t as E = Σ_t E_t:
 *
 *   ∂E_t/∂w = Σ_p Σ_{i_{R+1}} Σ_{i_R} … Σ_{i_{r+2}}  ∂E_t/∂x^(R+1)_{t;i_{R+1}}
 *                                                   · Π_{α=R..r+1} ∂x^(α+1)_{t;i_{α+1}} / ∂x^(α)_{t;i_α}
 *                                                   · ∂x^(r+1)_{t;i_{r+1}} / ∂w
 * with
 *   ∂E_t/∂x^(R+1)_{t;i_{R+1}} = y_{t;i_{R+1}} − z_{t;i_{R+1}}
 *   ∂x^(α+1)_{t;i_{α+1}} / ∂x^(α)_{t;i_α} = f'(s^(α+1)_{t;i_{α+1}}) · w^(α)_{i_{α+1},i_α}        (α = r+1..R)
 *   ∂x^(r+1)_{t;i_{r+1}} / ∂w^(r)_{i_{r+1},i_r}       = f'(s^(r+1)_{t;i_{r+1}}) · x^(r)_{t;i_r}       (1a), (1b)
 *   ∂x^(r+1)_{t;i_{r+1}} / ∂w^(r+1)_{i_{r+1},i'_{r+1}} = f'(s^(r+1)_{t;i_{r+1}}) · x^(r+1)_{t-1;i'_{r+1}}  (2), t ≥ 1
 *   ∂x^(r+1)_{t;i_{r+1}} / ∂b^(r+1)_{i_{r+1}}         = f'(s^(r+1)_{t;i_{r+1}}) · 1            (bias: not in the notes)
 * where s is the argument of f at step t (preActivation), and x_{t-1} is a constant throughout: this is
 * backpropagation truncated to one step, the exact ∂E/∂w only when no layer is recurrent. Formula (2) is
 * written for r = 0..R-1 (hidden V's); for a recurrent output layer (r = R) the same same-step rule is used
 * with an empty chain. At t = 0 there is no recurrent term, so V gets nothing from step 0.
 */
export function referenceLectureGradient(net: NormalizedNetworkSpec, w: NamedWeights, data: Dataset): NamedWeights {
  const R = net.hidden.length
  for (let r = 1; r <= R + 1; r++) {
    if (layerSpec(net, r).activation === 'softmax') fPrime('softmax', 0) // throws: not supported
  }
  const n: number[] = []
  for (let r = 0; r <= R + 1; r++) n.push(units(net, r))
  const g = zeroWeights(net)

  // p = 1..P
  for (let p = 0; p < data.sequences.length; p++) {
    const seq = data.sequences[p]
    const { x } = referenceForward(net, w, seq)
    // x^(r)_t and x^(r)_{t-1} for r = 0..R+1
    const layersAt = (t: number): number[][] => {
      const out: number[][] = []
      for (let r = 0; r <= R + 1; r++) out.push(x[r][t])
      return out
    }

    // t = 0..T_p  ((1a) for t = 0, (1b) and (2) for 1 ≤ t ≤ T)
    for (let t = 0; t < seq.u.length; t++) {
      const z = seq.z[t]
      if (z === null) continue // no teacher signal: E_t has no term for this p
      const xt = layersAt(t)
      const xPrev = t >= 1 ? layersAt(t - 1) : null

      // ∂E_t/∂x^(R+1)_{t;i_{R+1}}(p) = y_{t;i_{R+1}}(p) − z_{t;i_{R+1}}(p)
      const dEdy = (iR1: number): number => x[R + 1][t][iR1] - z[iR1]
      // f'(s^(α)_{t;i_α}) for layer α = 1..R+1: the f' factor of every partial derivative below
      const fPrimeAt = (alpha: number, iAlpha: number): number =>
        fPrime(layerSpec(net, alpha).activation, preActivation(net, w, alpha - 1, iAlpha, xt[alpha - 1], xPrev === null ? null : xPrev[alpha]))
      // ∂x^(α+1)_{t;i_{α+1}} / ∂x^(α)_{t;i_α} = f'(s^(α+1)_{t;i_{α+1}}) · w^(α)_{i_{α+1},i_α}
      const dxdx = (alpha: number, iAlpha1: number, iAlpha: number): number =>
        fPrimeAt(alpha + 1, iAlpha1) * matrix(w, `W${alpha}`, n[alpha + 1], n[alpha])[iAlpha1][iAlpha]
      // The chain without its last factor, for unit i_{r+1} of layer r+1:
      //   Σ_{i_{R+1}} … Σ_{i_{r+2}} ∂E_t/∂x^(R+1)_{i_{R+1}} · Π_{α=R..r+1} ∂x^(α+1)_{i_{α+1}}/∂x^(α)_{i_α}
      const chain = (r: number, iR1: number): number => {
        const idx = new Array<number>(R + 2).fill(-1)
        idx[r + 1] = iR1
        let sum = 0
        forEachChainIndex(n, r + 2, idx, (i) => {
          let term = dEdy(i[R + 1])
          for (let alpha = R; alpha >= r + 1; alpha--) term *= dxdx(alpha, i[alpha + 1], i[alpha])
          sum += term
        })
        return sum
      }

      // r = 0..R: the weights into layer r+1
      for (let r = 0; r <= R; r++) {
        const layer = layerSpec(net, r + 1)
        const gW = g[`W${r}`] as number[][]
        // i_{r+1} = 1..n_{r+1}
        for (let iR1 = 0; iR1 < n[r + 1]; iR1++) {
          const c = chain(r, iR1)
          const fp = fPrimeAt(r + 1, iR1)
          // (1a)/(1b): i_r = 1..n_r, ∂x^(r+1)_{t;i_{r+1}}/∂w^(r)_{i_{r+1},i_r} = f'(s) x^(r)_{t;i_r}
          for (let iR = 0; iR < n[r]; iR++) gW[iR1][iR] += c * fp * xt[r][iR]
          // (2), t ≥ 1: i'_{r+1} = 1..n_{r+1}, ∂x^(r+1)_{t;i_{r+1}}/∂w^(r+1)_{i_{r+1},i'_{r+1}} = f'(s) x^(r+1)_{t-1;i'_{r+1}}
          if (layer.recurrent && xPrev !== null) {
            const gV = g[`V${r + 1}`] as number[][]
            for (let iR1p = 0; iR1p < n[r + 1]; iR1p++) gV[iR1][iR1p] += c * fp * xPrev[r + 1][iR1p]
          }
          // bias of unit i_{r+1}: ∂x^(r+1)_{t;i_{r+1}}/∂b^(r+1)_{i_{r+1}} = f'(s) · 1
          if (layer.bias) (g[`b${r + 1}`] as number[])[iR1] += c * fp * 1
        }
      }
    }
  }
  return g
}

/**
 * The exact ∂E/∂w by central finite differences of referenceError:
 *   ∂E/∂w ≈ (E(w + h) − E(w − h)) / 2h,  h = 1e-6 · max(1, |w|),
 * one weight at a time. Accurate to about 1e-9 relative for the small nets of the tests.
 */
export function referenceExactGradient(net: NormalizedNetworkSpec, w: NamedWeights, data: Dataset): NamedWeights {
  const g = zeroWeights(net)
  // a private copy that is perturbed one entry at a time
  const copy: NamedWeights = {}
  for (const name of Object.keys(w)) {
    const value = w[name]
    copy[name] = value.map((row) => (Array.isArray(row) ? row.slice() : row)) as number[] | number[][]
  }
  const perturbed = (set: (v: number) => void, w0: number): number => {
    const h = 1e-6 * Math.max(1, Math.abs(w0))
    set(w0 + h)
    const plus = referenceError(net, copy, data)
    set(w0 - h)
    const minus = referenceError(net, copy, data)
    set(w0)
    return (plus - minus) / (2 * h)
  }
  for (const name of Object.keys(g)) {
    const target = copy[name]
    if (target === undefined) throw new Error(`reference: weights ${name} are missing`)
    const out = g[name]
    if (Array.isArray(out[0])) {
      const M = target as number[][]
      const G = out as number[][]
      for (let i = 0; i < G.length; i++) {
        for (let j = 0; j < G[i].length; j++) {
          G[i][j] = perturbed((v) => (M[i][j] = v), M[i][j])
        }
      }
    } else {
      const v = target as number[]
      const G = out as number[]
      for (let i = 0; i < G.length; i++) G[i] = perturbed((x) => (v[i] = x), v[i])
    }
  }
  return g
}
