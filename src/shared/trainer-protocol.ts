/**
 * The message protocol between a training host (src/node/services/training.ts) and a trainer process
 * (src/node/trainer/trainer.ts). Both directions are discriminated unions on `type`; the trainer announces
 * its protocol version first, and the host refuses a trainer that speaks another one.
 *
 * Messages travel by structured clone (Electron's utility-process port, or Node's child_process IPC with
 * `serialization: 'advanced'`), so Float64Arrays cross as they are.
 *
 * Host → trainer:  start (once), pause, resume, inspect, step (run to the end of the current epoch, then pause:
 *                  one whole epoch when paused between epochs), stop (final), snapshot, pace
 * Trainer → host:  ready, progress (batched epoch reports with the weights reached), state (with the kernel set
 *                  the run computes with), snapshot, inspection, finished (completed or stopped), failed
 *
 * Version 2: the start message names the kernel set to use, and state messages say which one runs.
 * Version 3: a pace (epochs per second) in the start message and the pace message.
 */
import type { Dataset, EpochReport, NetworkSpec, OptimizerState, TrainingSpec } from '../core/index.js'
import type { KernelChoice } from '../core/index.js'
import type { NettalkSpec, Pronunciation } from '../core/nettalk/index.js'
import type { RunKernels } from './kernels.js'

/** A task score the trainer reports every `every` epochs and after the run's last epoch (EpochReport.scores).
 *  NETtalk: the fraction of letters whose best-guess phoneme is right, on the training words and the
 *  validation words. */
export interface RunScore {
  kind: 'nettalk'
  encoding: NettalkSpec
  train: Pronunciation[]
  validation?: Pronunciation[]
  /** Score epochs whose number (counting earlier runs of the same weights) is a multiple of this, and the
   *  run's last epoch. Default 1: every epoch. */
  every?: number
}

export const TRAINER_PROTOCOL_VERSION = 3

export interface TrainerStart {
  type: 'start'
  network: NetworkSpec
  training: TrainingSpec
  data: Dataset
  /** Validation sequences: their E is reported with every epoch. */
  validation?: Dataset
  /** Score epochs with this (EpochReport.scores; RunScore.every says which). */
  score?: RunScore
  /** Kernel set (the core's KernelChoice): the host's RNNWB_KERNELS. Default 'auto'. */
  kernels?: KernelChoice
  /** Report the states of this training sequence (index) with the weights, about twice a second. */
  inspect?: number
  /** Continue from these weights (and optimizer state) instead of the seeded start. */
  params?: Float64Array
  epoch?: number
  optimizer?: OptimizerState
  /** Epochs to run in this run (default: training.epochs). */
  epochs?: number
  /** At most this many epochs a second, each reported as it ends, so a person can watch (the trainer waits
   *  between epochs; the numbers are those of an unpaced run). 0 or absent: as fast as possible. */
  pace?: number
  /** Begin paused (the host then steps or resumes). Default false. */
  paused?: boolean
  /** Shortest interval between progress messages, ms. Default 50 (at most 20 a second). */
  progressIntervalMs?: number
  /** Memory limit, MB, for the compute thread's heap and, separately, for the trainer's typed arrays (which
   *  live outside the heap): a run that would exceed either fails with a readable reason. Default 2048. */
  memoryLimitMb?: number
}

export type HostToTrainer =
  | TrainerStart
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' }
  | { type: 'stop' }
  | { type: 'snapshot' }
  /** A new pace for the epochs still to run (TrainerStart.pace). */
  | { type: 'pace'; epochsPerSecond: number }
  /** Which training sequence to report the states of (null: none). */
  | { type: 'inspect'; sequence: number | null }

/** Weights with the number of epochs they have been trained for. */
export interface WeightsAt {
  epoch: number
  params: Float64Array
  optimizer: OptimizerState
}

export type RunState = 'running' | 'paused'

/** The score of a run's last completed epoch when a pause or a stop ends the run there before its turn to be
 *  scored came (RunScore.every): the score chart then shows where the run is, or where it ended. */
export interface LateScore {
  epoch: number
  scores: NonNullable<EpochReport['scores']>
}

export type TrainerToHost =
  | { type: 'ready'; version: number }
  /** Epoch reports since the last progress message (none lost), and the weights after the last of them. */
  | { type: 'progress'; reports: EpochReport[]; weights: WeightsAt }
  /** `score`: pausing, the paused epoch's score when it had none. */
  | { type: 'state'; state: RunState; epoch: number; kernels: RunKernels; score?: LateScore }
  | { type: 'snapshot'; weights: WeightsAt }
  /** The states of one sequence under the weights of `epoch` (hidden: per hidden layer, T × n_r row-major). */
  | { type: 'inspection'; epoch: number; sequence: number; hidden: Float64Array[]; outputs: Float64Array; params: Float64Array }
  /** `score`: stopped, the last completed epoch's score when it had none (a completed run scores its last). */
  | { type: 'finished'; reason: 'completed' | 'stopped'; reports: EpochReport[]; weights: WeightsAt; score?: LateScore }
  /** `weights`: the last finite weights (of the last completed epoch), when there are any. */
  | { type: 'failed'; message: string; reports: EpochReport[]; weights: WeightsAt | null }
