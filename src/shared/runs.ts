/**
 * The two rules between a project and a training run, one place for the app and `rnnwb`:
 *   project → run   `startRequest`: what a trainer starts from (the project's specs and made data; its weights
 *                   unless the run starts again from the seed)
 *   run → project   `historyAfterRun`: the loss history of the weights a run reached
 * Zod-free, so the renderer uses it too.
 */
import type { Dataset, Sequence } from '../core/index.js'
import type { InlineData, Project, ProjectFile } from './project-file.js'
import type { RunScore, TrainerStart } from './trainer-protocol.js'

export type History = NonNullable<ProjectFile['history']>

/** What a run reports back for the history. */
export interface RunLosses {
  /** Epochs the weights had when the run started (0: from the seed). */
  startEpoch: number
  /** E per epoch of the run, and the validation E when the project has validation data. */
  loss: readonly number[]
  validationLoss: readonly number[]
}

/**
 * The history of the weights a run reached: what led to the run's starting point (the first `startEpoch`
 * entries of the history before it), then the run's own epochs. A run from the seed starts a new history. A
 * validation history is kept when the run or the part kept from before has one.
 */
export function historyAfterRun(before: History, run: RunLosses): History {
  const earlier = (values: number[] | undefined) => (run.startEpoch > 0 ? (values ?? []).slice(0, run.startEpoch) : [])
  const validation = earlier(before.validationLoss)
  const keepValidation = run.validationLoss.length > 0 || (run.startEpoch > 0 && before.validationLoss !== undefined)
  return {
    loss: [...earlier(before.loss), ...run.loss],
    ...(keepValidation ? { validationLoss: [...validation, ...run.validationLoss] } : {}),
  }
}

export interface StartOptions {
  /** Start from the seed even when the project has weights. */
  fromSeed?: boolean
  /** Epochs of this run (default: the training spec's). */
  epochs?: number
  /** The training sequence whose states the trainer reports. */
  inspect?: number
  /** Epochs per second at most (TrainerStart.pace). */
  pace?: number
}

/** A project whose data has been made (a script run, NETtalk words read), with the score its runs report. */
export type ProjectWithData = Project<InlineData> & { score?: RunScore }

/** The trainer's start request for a project whose data has been made: it continues from the project's
 *  weights (and optimizer state) unless `fromSeed`. */
export function startRequest(project: ProjectWithData, opts: StartOptions = {}): Omit<TrainerStart, 'type'> {
  const w = opts.fromSeed ? null : project.weights
  return {
    network: project.network,
    training: project.training,
    data: trainingDataset(project.data),
    validation: validationDataset(project.data),
    ...(project.score ? { score: project.score } : {}),
    ...(w ? { params: w.params, epoch: w.epoch, optimizer: w.optimizer } : {}),
    ...(opts.epochs !== undefined ? { epochs: opts.epochs } : {}),
    ...(opts.inspect !== undefined ? { inspect: opts.inspect } : {}),
    ...(opts.pace ? { pace: opts.pace } : {}),
  }
}

/** The data set the trainer sees: the inline training sequences. */
export function trainingDataset(data: InlineData): Dataset {
  return { inputSize: data.inputSize, outputSize: data.outputSize, sequences: data.train as Sequence[] }
}

/** The validation sequences as a data set, or undefined when there are none. */
export function validationDataset(data: InlineData): Dataset | undefined {
  return data.validation?.length ? { inputSize: data.inputSize, outputSize: data.outputSize, sequences: data.validation as Sequence[] } : undefined
}
