/**
 * The benchmark workloads: network shapes, random data from the core's seeded generator, the Trainer
 * settings, and the FLOP count. Shared by bench/core.bench.ts and handed (as JSON) to bench/torch_bench.py.
 *
 * Every workload: sigmoid everywhere, recurrent hidden layers with bias, a non-recurrent output layer with
 * bias, the sse loss, the exact gradient (BPTT), full-batch SGD. Inputs are {0, 1}, targets uniform in
 * [0, 1], every sequence has exactly T steps and a target at every step.
 */
import { createRng, type Dataset, type NetworkSpec, type TrainingSpec } from '../src/core/index.js'

export interface Workload {
  name: string
  /** Input size m. */
  m: number
  /** Hidden layer sizes n_1..n_R. */
  hidden: number[]
  /** Output size ℓ. */
  l: number
  /** Steps per sequence. */
  T: number
  /** Sequences (all in one full batch). */
  P: number
}

export const WORKLOADS: readonly Workload[] = [
  { name: 'tiny', m: 4, hidden: [8], l: 2, T: 20, P: 32 },
  { name: 'nettalk', m: 203, hidden: [120], l: 26, T: 7, P: 1000 },
  { name: 'deep', m: 32, hidden: [128, 128], l: 16, T: 50, P: 64 },
  { name: 'large', m: 64, hidden: [512], l: 64, T: 100, P: 64 },
]

/** Seed of the data generator (the weights come from the trainer's own seed). */
export const DATA_SEED = 20240601

export function networkSpec(w: Workload): NetworkSpec {
  return {
    inputSize: w.m,
    hidden: w.hidden.map((units) => ({ units, activation: 'sigmoid', recurrent: true, bias: true })),
    output: { units: w.l, activation: 'sigmoid', recurrent: false, bias: true },
  }
}

/** Full-batch exact-gradient SGD on the sse loss, with an epoch limit the bench never reaches. The initial
 *  weights are uniform in ±0.3, as on the PyTorch side (speed does not depend on it, but the two sides should
 *  see similar activations). */
export function trainingSpec(): TrainingSpec {
  return {
    batch: 'full',
    gradient: 'exact',
    loss: 'sse',
    optimizer: 'sgd',
    learningRate: 0.001,
    epochs: 1_000_000_000,
    seed: 1,
    init: { kind: 'uniform', scale: 0.3 },
  }
}

/** P sequences of T steps: binary inputs, targets uniform in [0, 1] at every step. */
export function randomData(w: Workload, index: number): Dataset {
  const rng = createRng(DATA_SEED, index)
  const sequences = Array.from({ length: w.P }, () => ({
    u: Array.from({ length: w.T }, () => Array.from({ length: w.m }, () => rng.int(2))),
    z: Array.from({ length: w.T }, () => Array.from({ length: w.l }, () => rng.next())),
  }))
  return { inputSize: w.m, outputSize: w.l, sequences }
}

/** Layer sizes as (nIn, n, recurrent) for each computing layer r = 1..R+1. */
function layers(w: Workload): { nIn: number; n: number; recurrent: boolean }[] {
  const sizes = [w.m, ...w.hidden, w.l]
  return sizes.slice(1).map((n, k) => ({ nIn: sizes[k], n, recurrent: k < w.hidden.length }))
}

/** Number of weights and biases. */
export function parameterCount(w: Workload): number {
  return layers(w).reduce((sum, { nIn, n, recurrent }) => sum + n * nIn + (recurrent ? n * n : 0) + n, 0)
}

/** The FLOP formula, as printed by the bench and written in docs/benchmarks.md. */
export const FLOP_FORMULA = 'FLOP/epoch = 2 · 3 · T · P · Σ_r (n_{r-1}·n_r + [r recurrent]·n_r²)'

/**
 * Nominal FLOPs of one epoch: multiply-adds of the matrix products only, 2 FLOPs each. Forward, per step and
 * layer: P·nIn·n for W plus P·n·n for V when recurrent. Backward does the same products twice more (the
 * propagation to the input side and the weight gradient), hence 3×. Activations, the loss, biases and the
 * update are not counted. The same nominal count is used for the core and for PyTorch.
 */
export function flopsPerEpoch(w: Workload): number {
  const macsPerRowStep = layers(w).reduce((sum, { nIn, n, recurrent }) => sum + nIn * n + (recurrent ? n * n : 0), 0)
  return 2 * 3 * w.T * w.P * macsPerRowStep
}

/**
 * Multiply-adds the core actually performs per epoch, for comparison with the nominal count: it skips the
 * V products that touch the zero state x_{-1} (forward at t = 0, ∂E/∂V at t = 0, Vᵀδ_{t+1} at t = T−1) and
 * never propagates δ to the input u (no Wᵀδ for the first layer). Times 2 for FLOPs.
 */
export function coreFlopsPerEpoch(w: Workload): number {
  let macs = 0
  layers(w).forEach(({ nIn, n, recurrent }, k) => {
    const wProducts = k === 0 ? 2 : 3 // forward, weight gradient, and input-side propagation except for layer 1
    macs += wProducts * w.T * w.P * nIn * n
    if (recurrent) macs += 3 * (w.T - 1) * w.P * n * n
  })
  return 2 * macs
}
