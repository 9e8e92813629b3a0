/**
 * The networks and training settings of the NETtalk experiments (docs/nettalk.md), as plain specs for the
 * core Trainer:
 *   nettalkNetwork   the paper's feed-forward net (m → n → ℓ, sigmoid, biases, hidden layer NOT recurrent)
 *                    or, with `recurrent: true`, the Elman variant (the hidden layer feeds back on itself);
 *   PAPER_TRAINING   squared error, errors under 0.1 count as zero, weights uniform in ±0.3, one update per
 *                    word (batch 'sequence': with delay 0 a word is one sequence, its letters the steps).
 *
 * Not here: the settings of the recurrent experiment, which live with the experiment
 * (scripts/nettalk-reproduce.ts) so the results table and its settings cannot drift apart.
 */
import { paramLayout } from '../params.js'
import { normalizeNetworkSpec, type NetworkSpec, type TrainingSpec } from '../spec.js'
import { createCodec } from './codec.js'
import type { NettalkSpec } from './spec.js'

export interface NettalkNetworkOptions {
  /** Hidden units; 0 = no hidden layer (inputs straight to outputs, the paper's "0 hidden units"). */
  hidden: number
  /** An Elman hidden layer (recurrent matrix V) instead of the paper's plain one. Default false. */
  recurrent?: boolean
}

/** A sigmoid network with biases whose input and output sizes fit `spec`. */
export function nettalkNetwork(spec: NettalkSpec, opts: NettalkNetworkOptions): NetworkSpec {
  const codec = createCodec(spec)
  if (!Number.isInteger(opts.hidden) || opts.hidden < 0) throw new Error(`expected a whole number of hidden units ≥ 0, got ${JSON.stringify(opts.hidden)}`)
  return {
    inputSize: codec.inputSize,
    hidden: opts.hidden > 0 ? [{ units: opts.hidden, activation: 'sigmoid', recurrent: opts.recurrent ?? false, bias: true }] : [],
    output: { units: codec.outputSize, activation: 'sigmoid', recurrent: false, bias: true },
  }
}

/** Weights and biases of a network. */
export function parameterCount(network: NetworkSpec): number {
  return paramLayout(normalizeNetworkSpec(network)).size
}

/** The paper's training rule, with momentum as the paper had it (its exact values are unverified): c = 0.1
 *  and μ = 0.9 on the letters' summed gradients. Plain SGD with c = 1 (a public reproduction's choice) learns
 *  as fast but ended at 97.98% instead of 98% after 30 passes for one of three seeds (docs/nettalk.md).
 *  `epochs` is the paper's 30 passes. */
export const PAPER_TRAINING: TrainingSpec = {
  loss: 'sse',
  errorTolerance: 0.1,
  gradient: 'exact',
  optimizer: 'momentum',
  learningRate: 0.1,
  momentum: 0.9,
  batch: 'sequence',
  epochs: 30,
  init: { kind: 'uniform', scale: 0.3 },
}
