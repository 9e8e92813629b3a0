/**
 * Network and training specs: the plain, JSON-serializable description of a model and of how to train it,
 * with every default written down here and applied by `normalizeNetworkSpec` / `normalizeTrainingSpec`.
 *
 * Lecture mapping (docs/model.md): `inputSize` is m = n_0, `hidden[r-1].units` is
 * n_r for r = 1..R, `output.units` is ℓ = n_{R+1}; `learningRate` is c.
 *
 * Deliberately not here: structural JSON validation of untrusted files (types, size limits) lives in the
 * project-file schema in src/shared; this file checks what only the model knows (which activation may go
 * where, which loss fits which output) and fills in defaults. Both report every problem with its path
 * (`specIssues` lists them without throwing, for the editor's inline messages).
 */

export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'linear' | 'softmax'
export const ACTIVATIONS: readonly Activation[] = ['sigmoid', 'tanh', 'relu', 'linear', 'softmax']

export type LossKind = 'sse' | 'mse' | 'cross-entropy'
export const LOSSES: readonly LossKind[] = ['sse', 'mse', 'cross-entropy']

export type GradientMode = 'exact' | 'truncated' | 'lecture'
export const GRADIENT_MODES: readonly GradientMode[] = ['exact', 'truncated', 'lecture']

export type OptimizerKind = 'sgd' | 'momentum' | 'adam'
export const OPTIMIZERS: readonly OptimizerKind[] = ['sgd', 'momentum', 'adam']

export type BatchMode = 'full' | 'sequence' | 'minibatch'
export const BATCH_MODES: readonly BatchMode[] = ['full', 'sequence', 'minibatch']

export type InitKind = 'uniform' | 'glorot'
export const INIT_KINDS: readonly InitKind[] = ['uniform', 'glorot']

/** The number format training computes in (docs/model.md, "Precision"). */
export type Precision = 'float64' | 'float32'
export const PRECISIONS: readonly Precision[] = ['float64', 'float32']
/** The arrays the kernels compute on: Float64Array in 'float64', Float32Array in 'float32'. */
export type Floats = Float64Array | Float32Array

/** One layer (hidden or output). */
export interface LayerSpec {
  /** Units n_r (ℓ for the output layer). Required. */
  units: number
  /** Activation f. Default 'sigmoid'. 'softmax' only on the output layer, with the cross-entropy loss. */
  activation?: Activation
  /** Recurrent matrix V inside this layer. Default: true for hidden layers, false for the output layer
   *  (an output layer that is recurrent is the lecture's "feedback", a Jordan-style network). */
  recurrent?: boolean
  /** A bias per unit. Default true (the lecture has none: the `lecture` preset turns it off). */
  bias?: boolean
}

export interface NetworkSpec {
  /** Input size m (units of x^(0) = u). */
  inputSize: number
  /** Hidden layers 1..R; R = hidden.length may be 0. */
  hidden: LayerSpec[]
  /** Output layer R+1 with ℓ units. */
  output: LayerSpec
}

export type NormalizedLayerSpec = Required<LayerSpec>
export interface NormalizedNetworkSpec {
  inputSize: number
  hidden: NormalizedLayerSpec[]
  output: NormalizedLayerSpec
}

export interface InitSpec {
  /** 'uniform': every weight uniform in [-scale, scale]; 'glorot': uniform in ±sqrt(6 / (fanIn + fanOut)).
   *  Biases always start at 0. Default 'glorot'. */
  kind?: InitKind
  /** Half-width a of the uniform range. Default 0.3 (NETtalk's). Ignored by 'glorot'. */
  scale?: number
}

export interface TrainingSpec {
  /** Error function. Default 'sse': the lecture's E = Σ_p Σ_t ½ Σ_i (y − z)², a sum, not a mean.
   *  'mse' is Σ (y − z)² divided by the number of target values in the batch; 'cross-entropy' is summed like
   *  'sse' and needs a sigmoid (binary) or softmax (categorical) output. */
  loss?: LossKind
  /** Output errors |y − z| below this count as zero (NETtalk's 0.1). Default 0. Squared losses only. */
  errorTolerance?: number
  /** 'exact' (default): full backpropagation through time, the true gradient of E. 'truncated': the error of
   *  step t flows back through steps t, t−1, …, t−horizon+1 only. 'lecture': the notes' formulas (1a), (1b),
   *  (2), identical to 'truncated' with horizon 1, and NOT the exact gradient of E. */
  gradient?: GradientMode
  /** Horizon k of 'truncated' (≥ 1). Default 4. Ignored by the other modes. */
  horizon?: number
  /** Update rule. Default 'sgd': the lecture's w ← w − c·∂E/∂w. */
  optimizer?: OptimizerKind
  /** Learning rate c > 0. Default 0.1. */
  learningRate?: number
  /** Momentum μ of 'momentum' (v ← μv − c·g; w ← w + v). Default 0.9. */
  momentum?: number
  /** Adam's β1, β2 and ε. Defaults 0.9, 0.999, 1e-8. */
  beta1?: number
  beta2?: number
  epsilon?: number
  /** 'full' (default, the lecture's): one update per epoch with the gradient summed over all sequences.
   *  'sequence': one update per sequence. 'minibatch': one per `batchSize` sequences. The order of sequences
   *  in the last two is shuffled every epoch by the seeded generator. */
  batch?: BatchMode
  /** Sequences per update in 'minibatch'. Default 16. */
  batchSize?: number
  /** Rescale the gradient to this L2 norm when it is larger; 0 (default) turns clipping off. */
  clipGradNorm?: number
  /** Epochs to train. Default 100. */
  epochs?: number
  /** Seed of every random choice (initial weights, shuffling). Default 1. */
  seed?: number
  init?: InitSpec
  /** Number format of the training arithmetic. Default 'float64' (exact against the PyTorch fixtures).
   *  'float32': weights, gradients, activations, δ and optimizer state are float32 during a run (faster,
   *  about 7 significant digits); weights are converted from and back to float64 at the start and end, and
   *  the project file keeps float64. */
  precision?: Precision
  /** Threads that compute a batch of more than 32 sequences (chunks.ts): 'auto' (default: the machine's
   *  cores, which the host resolves) or 1..MAX_THREADS. The weights are bit-identical whatever the number;
   *  only the speed changes. Smaller batches always run on one thread. */
  threads?: ThreadCount
}

export type ThreadCount = 'auto' | number
/** The most threads a run may ask for. */
export const MAX_THREADS = 64

export type NormalizedTrainingSpec = Required<Omit<TrainingSpec, 'init'>> & { init: Required<InitSpec> }

export const TRAINING_DEFAULTS: NormalizedTrainingSpec = {
  loss: 'sse',
  errorTolerance: 0,
  gradient: 'exact',
  horizon: 4,
  optimizer: 'sgd',
  learningRate: 0.1,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  batch: 'full',
  batchSize: 16,
  clipGradNorm: 0,
  epochs: 100,
  seed: 1,
  init: { kind: 'glorot', scale: 0.3 },
  precision: 'float64',
  threads: 'auto',
}

/** One problem with a spec: `path` is a JSON path such as `network.hidden[1].units`. */
export interface SpecIssue {
  path: string
  problem: string
}

/** An invalid spec. `issues` lists every problem found; `path` and `problem` are the first one's. */
export class SpecError extends Error {
  readonly path: string
  readonly problem: string
  constructor(readonly issues: SpecIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.problem}`).join('\n'))
    this.name = 'SpecError'
    this.path = issues[0].path
    this.problem = issues[0].problem
  }
}

/** Collects problems instead of stopping at the first, so an editor can mark every field at once. */
class Checker {
  readonly issues: SpecIssue[] = []

  check(ok: boolean, path: string, problem: string): boolean {
    if (!ok) this.issues.push({ path, problem })
    return ok
  }

  oneOf<T extends string>(x: unknown, allowed: readonly T[], fallback: T, path: string): T {
    if (x === undefined) return fallback
    const ok = this.check(typeof x === 'string' && (allowed as readonly string[]).includes(x), path, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(x)}`)
    return ok ? (x as T) : fallback
  }

  bool(x: unknown, fallback: boolean, path: string): boolean {
    if (x === undefined) return fallback
    return this.check(typeof x === 'boolean', path, `expected true or false, got ${JSON.stringify(x)}`) ? (x as boolean) : fallback
  }

  num(x: unknown, fallback: number, path: string, ok: (v: number) => boolean, wanted: string): number {
    if (x === undefined) return fallback
    return this.check(typeof x === 'number' && Number.isFinite(x) && ok(x), path, `expected ${wanted}, got ${JSON.stringify(x)}`) ? (x as number) : fallback
  }

  whole(x: unknown, min: number, path: string): number {
    return this.check(isWhole(x, min), path, `expected a whole number ≥ ${min}, got ${JSON.stringify(x)}`) ? (x as number) : min
  }

  /** Throws SpecError with everything found, if anything was. */
  done<T>(value: T): T {
    if (this.issues.length > 0) throw new SpecError(this.issues)
    return value
  }
}

function isWhole(x: unknown, min: number): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min
}

function layerOf(c: Checker, layer: LayerSpec, path: string, isOutput: boolean): NormalizedLayerSpec {
  if (!c.check(typeof layer === 'object' && layer !== null, path, 'expected a layer object')) {
    return { units: 1, activation: 'sigmoid', recurrent: !isOutput, bias: true }
  }
  const units = c.whole(layer.units, 1, `${path}.units`)
  const activation = c.oneOf(layer.activation, ACTIVATIONS, 'sigmoid', `${path}.activation`)
  c.check(isOutput || activation !== 'softmax', `${path}.activation`, 'softmax is only allowed on the output layer')
  return {
    units,
    activation,
    recurrent: c.bool(layer.recurrent, !isOutput, `${path}.recurrent`),
    bias: c.bool(layer.bias, true, `${path}.bias`),
  }
}

function networkOf(c: Checker, spec: NetworkSpec, path: string): NormalizedNetworkSpec {
  if (!c.check(typeof spec === 'object' && spec !== null, path, 'expected a network object')) {
    return { inputSize: 1, hidden: [], output: layerOf(c, { units: 1 }, `${path}.output`, true) }
  }
  const inputSize = c.whole(spec.inputSize, 1, `${path}.inputSize`)
  const hidden = c.check(Array.isArray(spec.hidden), `${path}.hidden`, 'expected a list of layers (it may be empty)') ? spec.hidden : []
  return {
    inputSize,
    hidden: hidden.map((layer, r) => layerOf(c, layer, `${path}.hidden[${r}]`, false)),
    output: layerOf(c, spec.output, `${path}.output`, true),
  }
}

function trainingOf(c: Checker, spec: TrainingSpec, network: NormalizedNetworkSpec, path: string): NormalizedTrainingSpec {
  const d = TRAINING_DEFAULTS
  if (!c.check(typeof spec === 'object' && spec !== null, path, 'expected a training object')) return d
  const loss = c.oneOf(spec.loss, LOSSES, d.loss, `${path}.loss`)
  const outAct = network.output.activation
  if (outAct === 'softmax') c.check(loss === 'cross-entropy', `${path}.loss`, 'a softmax output needs the cross-entropy loss')
  if (loss === 'cross-entropy') c.check(outAct === 'sigmoid' || outAct === 'softmax', `${path}.loss`, `cross-entropy needs a sigmoid or softmax output layer, not ${outAct}`)
  const errorTolerance = c.num(spec.errorTolerance, d.errorTolerance, `${path}.errorTolerance`, (v) => v >= 0, 'a number ≥ 0')
  c.check(errorTolerance === 0 || loss !== 'cross-entropy', `${path}.errorTolerance`, 'an error tolerance only applies to the squared losses')
  const init = c.check(spec.init === undefined || (typeof spec.init === 'object' && spec.init !== null), `${path}.init`, 'expected an init object') ? (spec.init ?? {}) : {}
  return {
    loss,
    errorTolerance,
    gradient: c.oneOf(spec.gradient, GRADIENT_MODES, d.gradient, `${path}.gradient`),
    horizon: c.num(spec.horizon, d.horizon, `${path}.horizon`, (v) => isWhole(v, 1), 'a whole number ≥ 1'),
    optimizer: c.oneOf(spec.optimizer, OPTIMIZERS, d.optimizer, `${path}.optimizer`),
    learningRate: c.num(spec.learningRate, d.learningRate, `${path}.learningRate`, (v) => v > 0, 'a number > 0'),
    momentum: c.num(spec.momentum, d.momentum, `${path}.momentum`, (v) => v >= 0 && v < 1, 'a number in [0, 1)'),
    beta1: c.num(spec.beta1, d.beta1, `${path}.beta1`, (v) => v >= 0 && v < 1, 'a number in [0, 1)'),
    beta2: c.num(spec.beta2, d.beta2, `${path}.beta2`, (v) => v >= 0 && v < 1, 'a number in [0, 1)'),
    epsilon: c.num(spec.epsilon, d.epsilon, `${path}.epsilon`, (v) => v > 0, 'a number > 0'),
    batch: c.oneOf(spec.batch, BATCH_MODES, d.batch, `${path}.batch`),
    batchSize: c.num(spec.batchSize, d.batchSize, `${path}.batchSize`, (v) => isWhole(v, 1), 'a whole number ≥ 1'),
    clipGradNorm: c.num(spec.clipGradNorm, d.clipGradNorm, `${path}.clipGradNorm`, (v) => v >= 0, 'a number ≥ 0 (0 = off)'),
    epochs: c.num(spec.epochs, d.epochs, `${path}.epochs`, (v) => isWhole(v, 0), 'a whole number ≥ 0'),
    seed: c.num(spec.seed, d.seed, `${path}.seed`, (v) => isWhole(v, 0) && v <= 0xffffffff, 'a whole number from 0 to 4294967295'),
    init: {
      kind: c.oneOf(init.kind, INIT_KINDS, d.init.kind, `${path}.init.kind`),
      scale: c.num(init.scale, d.init.scale, `${path}.init.scale`, (v) => v > 0, 'a number > 0'),
    },
    precision: c.oneOf(spec.precision, PRECISIONS, d.precision, `${path}.precision`),
    threads: threadsOf(c, spec.threads, `${path}.threads`),
  }
}

function threadsOf(c: Checker, x: unknown, path: string): ThreadCount {
  if (x === undefined || x === 'auto') return 'auto'
  const ok = c.check(isWhole(x, 1) && x <= MAX_THREADS, path, `expected "auto" or a whole number from 1 to ${MAX_THREADS}, got ${JSON.stringify(x)}`)
  return ok ? (x as number) : 'auto'
}

/** The number of threads a setting means on a machine with `available` cores (the host knows that number:
 *  the core reads no environment). */
export function resolveThreads(threads: ThreadCount, available: number): number {
  if (threads === 'auto') return Math.max(1, Math.min(MAX_THREADS, Math.floor(available)))
  return threads
}

/** Fills in defaults and checks a network spec; throws SpecError naming every bad field. */
export function normalizeNetworkSpec(spec: NetworkSpec, path = 'network'): NormalizedNetworkSpec {
  const c = new Checker()
  return c.done(networkOf(c, spec, path))
}

/** Fills in defaults and checks a training spec against the network it trains. */
export function normalizeTrainingSpec(spec: TrainingSpec, network: NormalizedNetworkSpec, path = 'training'): NormalizedTrainingSpec {
  const c = new Checker()
  return c.done(trainingOf(c, spec, network, path))
}

/** Every problem of a network and its training settings, without throwing (for editors). */
export function specIssues(network: NetworkSpec, training: TrainingSpec): SpecIssue[] {
  const c = new Checker()
  trainingOf(c, training, networkOf(c, network, 'network'), 'training')
  return c.issues
}

/** The network of the lecture notes: sigmoid everywhere, no biases, recurrent hidden layers, plain output. */
export function lectureNetwork(inputSize: number, hiddenUnits: number[], outputUnits: number): NetworkSpec {
  return {
    inputSize,
    hidden: hiddenUnits.map((units) => ({ units, activation: 'sigmoid', recurrent: true, bias: false })),
    output: { units: outputUnits, activation: 'sigmoid', recurrent: false, bias: false },
  }
}

/** The notes' training rule: E summed, the notes' gradient formulas, full-batch gradient descent. */
export const LECTURE_TRAINING: TrainingSpec = { loss: 'sse', gradient: 'lecture', optimizer: 'sgd', batch: 'full' }
