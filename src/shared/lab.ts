/**
 * The Lecture lab's contract (issue 13): what the window's Lab tab asks main for and what it gets back, over
 * the channels lab:step, lab:gradcheck and lab:compare (src/shared/ipc.ts; `window.api.lab.*`).
 *
 * Every request names a project in its file form and where it is saved, exactly as training:start does: main
 * checks the project as a file being opened, makes its data the way a run does (inline data as it is, a
 * script run in the sandbox, NETtalk words read from their files; relative paths from the project's folder)
 * and computes on the TRAINING sequences (`data.train`, in file order; validation data is not used), off its
 * own thread. The weights are the project's trained weights when it has any, else the initial weights a run
 * from the project's seed starts with (`weightsEpoch` 0 says which).
 *
 * Numbering follows the lecture (lecture-model.md, "Symbols") and the weight export (docs/export.md):
 * - sequence p = 0..P−1 (0-based, the order of `data.train`);
 * - step t = 0..T_p−1 (0-based, t = 0 is the lecture's t = 0: no recurrent term), T_p the steps of sequence p;
 * - layer r = 1..R+1: the computing layers, 1..R hidden, R+1 the output layer y. Layer 0 (the input u) has no
 *   weights, state or δ, so it is not a valid `layer`.
 * - matrices are named W{r−1} (feed-forward into layer r, shape n_r × n_{r−1}), V{r} (recurrent, n_r × n_r,
 *   only if layer r is recurrent), b{r} (bias, n_r × 1 here, only if layer r has a bias), in parameter order
 *   (W0, V1, b1, W1, V2, b2, …), values row-major: entry (i, j) is values[i · cols + j], the weight from unit j
 *   to unit i (the lecture's w^(r)_{i_{r+1}, i_r}).
 * Errors and gradients are those of the project's loss: E = Σ_p Σ_t E_t(p) (for 'sse' the lecture's
 * E_t = ½ Σ_i (y_{t;i} − z_{t;i})²); gradients ∂E/∂w in the same units as E per unit of weight.
 *
 * Plain TypeScript, JSON values only (no typed arrays): the same contract runs over Electron's IPC and the
 * test harness's bridge.
 */
import type { GradientCheckRow } from '../core/index.js'
import type { ProjectFile } from './project-file.js'

/**
 * A gradient mode of the core (training.gradient of a project):
 * - 'exact': backpropagation through time, the true ∂E/∂w;
 * - 'truncated' with `horizon` k ≥ 1: the error E_t of each step flows back through steps t, t−1, …, t−k+1 only
 *   (the state x_{t−k} is a constant);
 * - 'lecture': the notes' formulas (1a), (1b), (2); identical to truncated with horizon 1.
 */
export type LabGradient = { mode: 'exact' } | { mode: 'truncated'; horizon: number } | { mode: 'lecture' }

/** The project to compute on and where it is saved (null: never saved), as in training:start. */
export interface LabProjectRef {
  project: ProjectFile
  path: string | null
}

/** One named weight-shaped matrix (a gradient, or a step's share of one). */
export interface LabMatrix {
  /** As the weight export names it: 'W0', 'V1', 'b1', … */
  name: string
  /** n_r for W{r−1}, V{r} and b{r}. */
  rows: number
  /** n_{r−1} for W{r−1}, n_r for V{r}, 1 for b{r}. */
  cols: number
  /** rows × cols values, row-major: (i, j) at i · cols + j. */
  values: number[]
}

/** Inspect one step of one sequence in one layer (lab:step). */
export interface LabStepRequest extends LabProjectRef {
  /** p, 0-based, < P (the training sequences). */
  sequence: number
  /** t, 0-based, < T_p (the steps of sequence p). */
  step: number
  /** r = 1..R+1 (R+1: the output layer). */
  layer: number
  /** Default: the project's own mode (training.gradient, with training.horizon for 'truncated'). */
  gradient?: LabGradient
}

export interface LabStepResult {
  /** P: training sequences. */
  sequences: number
  /** T_p: steps of the requested sequence. */
  steps: number
  /** R + 1: computing layers (valid `layer` values are 1..layers). */
  layers: number
  /** The request's p, t, r, echoed. */
  sequence: number
  step: number
  layer: number
  /** The mode these values are for (the request's, or the project's own). */
  gradient: LabGradient
  /** Epochs the weights have been trained for; 0: the seed's initial weights (the project has none). */
  weightsEpoch: number
  /** x_t^(r), n_r values: the layer's activations f(s). For r = R+1 this is the output y_t. */
  x: number[]
  /** s_t^(r), n_r values: the pre-activation W{r−1} x_t^(r−1) + V{r} x_{t−1}^(r) + b{r}. */
  s: number[]
  /** x_t^(r−1), n_{r−1} values: the layer's input at this step (u_t for r = 1). */
  input: number[]
  /** x_{t−1}^(r), n_r values, the state the recurrent weights see (zeros at t = 0); null if layer r is not
   *  recurrent. */
  previous: number[] | null
  /** z_t of sequence p, ℓ values, or null when the step has no target (it adds nothing to E). */
  target: number[] | null
  /** δ_t^(r) = ∂E/∂s_t^(r) as the chosen mode computes it, n_r values: for 'exact' the true one; for
   *  truncated(k)/lecture the sum over the target steps t' = t..t+k−1 of δ in the chain of E_t' (the chains
   *  that pass through step t). */
  delta: number[]
  /** This step's share of ∂E/∂W{r−1}, ∂E/∂V{r}, ∂E/∂b{r} (what the backward pass accumulates at step t of
   *  sequence p): δ_t x_t^(r−1)ᵀ, δ_t x_{t−1}^(r)ᵀ, δ_t. Summed over every p and t they give the mode's
   *  gradient. Only the matrices layer r has (W always; V if recurrent; b if it has a bias). */
  contributions: LabMatrix[]
  /** E_t(p): this step's error (0 without a target). */
  stepLoss: number
  /** E over all training sequences. */
  loss: number
}

/** Backpropagation against central differences (lab:gradcheck). */
export interface LabGradcheckRequest extends LabProjectRef {
  /** The modes to check, each against its own reference: 'exact' against differences of E; truncated(k) and
   *  'lecture' against differences of the windowed error they follow (Σ_t E_t with x_{t−k} held at its
   *  unperturbed value and the weights perturbed only in steps t−k+1..t). At least one, at most 8. */
  gradients: LabGradient[]
  /** Compare at most this many entries per matrix (a seeded random sample); default 24 (a matrix with at most
   *  that many entries is checked whole). On large data main checks a seeded sample of the sequences instead
   *  (`sequences` in the result). */
  maxPerMatrix?: number
  /** Seed of the sample; default 1. */
  seed?: number
}

/** One matrix's row of a gradient check: the core's own (src/core/gradcheck.ts), plain JSON. */
export type LabGradcheckRow = GradientCheckRow

export interface LabGradcheckResult {
  /** The relative error a row must not exceed to pass (1e-5, with h = 1e-5 in float64). */
  threshold: number
  /** A row whose max abs error is at most this passes whatever its relative error: the rounding of a central
   *  difference, 100 ε · max(1, |E|) / h (≈ 2.2e-9 · max(1, |E|)), the largest over the checked modes. */
  absoluteThreshold: number
  /** True when some matrix was checked on a sample of its entries, or the data on a sample of its sequences. */
  sampled: boolean
  /** Training sequences the check ran on: all of them, or (large data) a seeded sample of `checked` of the `total`
   *  (the sample is a data set of its own: its gradient against its central differences). */
  sequences: { checked: number; total: number }
  /** The per-matrix sample size used (the request's, or the default). */
  maxPerMatrix: number
  /** Step h of the central differences (E(w + h) − E(w − h)) / 2h. */
  step: number
  /** Epochs the weights have been trained for; 0: the seed's initial weights. */
  weightsEpoch: number
  /** One per requested mode, in request order; `pass`: every row passes. */
  checks: { gradient: LabGradient; rows: LabGradcheckRow[]; pass: boolean }[]
}

/** The exact gradient against truncated(k), k = 1..maxHorizon (lab:compare). */
export interface LabCompareRequest extends LabProjectRef {
  /** Largest k compared (k > T is taken as T). Default: T, the longest training sequence's steps, or on large data
   *  the largest k whose comparison fits main's work budget; a larger k than fits is refused with the largest
   *  that does. */
  maxHorizon?: number
}

export interface LabCompareResult {
  /** k = 1, 2, …, K. k = 1 is the notes' rule ('lecture'); k = T gives the exact gradient. */
  horizons: number[]
  /** T: the longest training sequence's steps (truncated(k) for k ≥ T is exact). */
  steps: number
  /** Epochs the weights have been trained for; 0: the seed's initial weights. */
  weightsEpoch: number
  /** Per matrix, in parameter order; arrays indexed like `horizons`. cosine: ⟨g_exact, g_k⟩ / (‖g_exact‖ ‖g_k‖)
   *  (1 when both are 0, 0 when only one is); normRatio: ‖g_k‖ / ‖g_exact‖ (1 when both are 0, Infinity → null
   *  when only g_exact is 0). exactNorm: ‖g_exact‖ of the matrix. */
  matrices: { name: string; exactNorm: number; cosine: number[]; normRatio: (number | null)[] }[]
}
