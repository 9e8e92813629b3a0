/**
 * The race: copies of the project that differ only in their gradient mode (exact, truncated k, the notes' rule),
 * trained from the same weights for the same epochs as ordinary training runs, their losses overlaid. This
 * module makes the copies and keeps each lane's losses; the lab store starts the runs and feeds the lanes from
 * the training events. The project itself is never changed: each copy is a fresh plain object.
 */
import type { GradientMode, TrainingSpec } from '../../core/index'
import type { RunStatus } from '../../shared/ipc'
import type { ProjectFile } from '../../shared/project-file'
import { t } from '../i18n'

export interface RaceMode {
  gradient: GradientMode
  /** Horizon k of 'truncated'. */
  horizon?: number
}

/** One lane of the race: a mode and the run that trains it. Arrays are plain: they grow with every epoch. */
export interface RaceLane {
  mode: RaceMode
  /** "exact", "truncated k = 3", "lecture (k = 1)". */
  label: string
  runId: string | null
  status: RunStatus
  /** The last epoch counted (absolute, as the run reports it: the race's start weights' epoch + 1, + 2, …). */
  epoch: number
  /** E per epoch of the race (its first epoch first). */
  losses: number[]
  message: string | null
}

export const RACE_ENDED: readonly RunStatus[] = ['completed', 'stopped', 'failed']

/** A lane's name in the window's language now (a lane's `label` is the one it started with). */
export function raceLabel(mode: RaceMode): string {
  if (mode.gradient === 'truncated') return t('lab.race.lanes.truncated', { k: mode.horizon })
  if (mode.gradient === 'lecture') return t('lab.race.lanes.lecture')
  return t('lab.race.lanes.exact')
}

/** The race's modes: exact, truncated at `horizon`, and the notes' rule. */
export function raceModes(horizon: number): RaceMode[] {
  return [{ gradient: 'exact' }, { gradient: 'truncated', horizon }, { gradient: 'lecture' }]
}

/** A copy of the project that trains with `mode` and nothing else changed: the same weights (or, without
 *  weights, the same seed, so the same initial weights), data, optimizer and learning rate. */
export function raceCopy(file: ProjectFile, mode: RaceMode): ProjectFile {
  const copy = structuredClone(file)
  const training: TrainingSpec = { ...copy.training, gradient: mode.gradient }
  if (mode.gradient === 'truncated') training.horizon = mode.horizon
  else delete training.horizon
  copy.training = training
  copy.metadata = { ...copy.metadata, name: `${copy.metadata.name} (race: ${raceLabel(mode)})` }
  return copy
}

export function newLane(mode: RaceMode, startEpoch: number): RaceLane {
  return { mode, label: raceLabel(mode), runId: null, status: 'starting', epoch: startEpoch, losses: [], message: null }
}
