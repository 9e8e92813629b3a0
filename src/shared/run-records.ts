/**
 * Run records (project file version 2, `runs`; docs/project-format.md "Run records"): what a project keeps of
 * each ended run, built from what the training host knows of the run; the identity of the data a run trained
 * on; and which records keep their final weights. The schema itself is `runRecordSchema` in project-file.ts
 * (one schema for the whole file); this module is pure and Zod-free at run time.
 *
 * Not here: running or storing anything (src/node/services/training.ts reports runs, files.ts writes projects).
 */
import { TRAINING_DEFAULTS, specIssues, type Dataset, type EpochReport, type KernelKind, type NetworkSpec, type TrainingSpec } from '../core/index.js'
import { LIMITS } from './project-constants.js'
import type { ProjectFile, RunRecord } from './project-file.js'

export type RunEnding = RunRecord['ended']['status']

// ---- data identity ---------------------------------------------------------------------------------------

/**
 * FNV-1a, 64-bit, over bytes fed in order; the 64-bit state is kept as two 32-bit halves (hi, lo) because
 * JavaScript numbers hold 53 bits. Multiplying by the FNV prime 2^40 + 0x1b3 modulo 2^64:
 *   h·0x1b3 = (hi·0x1b3)·2^32 + lo·0x1b3            (lo·0x1b3 < 2^41: exact in a double)
 *   h·2^40  = (lo·2^8 mod 2^32)·2^32                (the hi half is shifted out)
 * Not cryptographic: it names data, it does not defend against someone forging a collision.
 */
class Fnv1a64 {
  private hi = 0xcbf29ce4
  private lo = 0x84222325
  private readonly scratch = new DataView(new ArrayBuffer(8))

  byte(b: number): void {
    const lo = (this.lo ^ b) >>> 0
    const low = lo * 0x1b3
    const carry = Math.floor(low / 0x1_0000_0000)
    this.lo = low >>> 0
    this.hi = (Math.imul(this.hi, 0x1b3) + carry + Math.imul(lo, 0x100)) >>> 0
  }

  /** A number as its 8 bytes, float64 little-endian (so 1 and 1.0 are the same, −0 and 0 are not). */
  number(x: number): void {
    this.scratch.setFloat64(0, x, true)
    for (let i = 0; i < 8; i++) this.byte(this.scratch.getUint8(i))
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0')
  }
}

/** Data as the trainer sees it: training sequences, and validation sequences when there are any. */
export interface HashedData {
  inputSize: number
  outputSize: number
  train: readonly Dataset['sequences'][number][]
  validation?: readonly Dataset['sequences'][number][]
}

/**
 * The identity of a run's data: FNV-1a 64 over its values, not over its JSON text, so that formatting (1 or
 * 1.0, spacing) does not matter and a script's or NETtalk project's data hashes like the same data inline. The
 * bytes, in order: inputSize and outputSize; the number of training sequences; each sequence as its length T
 * then per step the m inputs and either the byte 0 (no target) or the byte 1 and the ℓ targets; then the number
 * of validation sequences (0 when there are none) and those sequences alike. Counts and values are float64 LE.
 */
export function dataHash(data: HashedData): string {
  const h = new Fnv1a64()
  h.number(data.inputSize)
  h.number(data.outputSize)
  for (const sequences of [data.train, data.validation ?? []]) {
    h.number(sequences.length)
    for (const s of sequences) {
      h.number(s.u.length)
      for (let t = 0; t < s.u.length; t++) {
        for (const x of s.u[t]) h.number(x)
        const z = s.z[t]
        if (z === null || z === undefined) h.byte(0)
        else {
          h.byte(1)
          for (const x of z) h.number(x)
        }
      }
    }
  }
  return `fnv1a64:${h.hex()}`
}

/** The data hash of a trainer's start request (its training and validation data sets). */
export function datasetHash(train: Dataset, validation?: Dataset): string {
  return dataHash({ inputSize: train.inputSize, outputSize: train.outputSize, train: train.sequences, validation: validation?.sequences })
}

// ---- building a record -----------------------------------------------------------------------------------

/** What the training host knows of an ended run (src/node/services/training.ts `outcome`). */
export interface RunOutcome {
  network: NetworkSpec
  /** The training settings the run started with, as written. */
  training: TrainingSpec
  dataHash: string
  /** Epoch time in milliseconds of the start and the end. */
  startedAt: number
  endedAt: number
  startEpoch: number
  status: 'completed' | 'stopped' | 'failed'
  message?: string
  loss: readonly number[]
  validationLoss: readonly number[]
  /** Scores as the run reported them (epoch reports with scores, and a late score at a pause or stop). */
  scores: readonly { epoch: number; scores: NonNullable<EpochReport['scores']> }[]
  /** The final weights in file form, when they are to be kept. */
  weights?: NonNullable<ProjectFile['weights']>
  /** The kernel set the run computed with, when the trainer said (a repeat uses the same). */
  kernels?: KernelKind
}

/** What a record says beyond its run: a label for people, the sweep it belonged to, the record it repeated. */
export interface RecordOptions {
  label?: string
  sweep?: NonNullable<RunRecord['sweep']>
  repeatOf?: string
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null)
const cut = (text: string): string => (text.length > LIMITS.runRecordText ? text.slice(0, LIMITS.runRecordText - 1) + '…' : text)

/**
 * The record of an ended run. `id`: unique within the project (`nextRecordId`). Null for a run whose settings the
 * model rejects: it never trained, there is nothing to compare, and a project file holds only valid specs (its
 * failure belongs where the settings are edited).
 */
export function runRecord(id: string, run: RunOutcome, opts: RecordOptions = {}): RunRecord | null {
  if (specIssues(run.network, run.training).length > 0) return null
  const scores = [...new Map(run.scores.map((s) => [s.epoch, s])).values()] // a late score may repeat an epoch
    .sort((a, b) => a.epoch - b.epoch)
    .map((s) => ({ epoch: s.epoch, train: s.scores.train, ...(s.scores.validation !== undefined ? { validation: s.scores.validation } : {}) }))
  return {
    id,
    ...(opts.label ? { label: cut(opts.label) } : {}),
    network: run.network,
    training: run.training,
    seed: run.training.seed ?? TRAINING_DEFAULTS.seed,
    dataHash: run.dataHash,
    startedAt: new Date(run.startedAt).toISOString(),
    durationMs: Math.max(0, run.endedAt - run.startedAt),
    startEpoch: run.startEpoch,
    epochs: run.loss.length,
    ended: { status: run.status === 'completed' ? 'finished' : run.status, ...(run.message ? { message: cut(run.message) } : {}) },
    loss: run.loss.map(finiteOrNull),
    ...(run.validationLoss.length > 0 ? { validationLoss: run.validationLoss.map(finiteOrNull) } : {}),
    ...(scores.length > 0 ? { scores } : {}),
    ...(run.weights ? { weights: run.weights } : {}),
    ...(run.kernels ? { kernels: run.kernels } : {}),
    ...(opts.sweep ? { sweep: opts.sweep } : {}),
    ...(opts.repeatOf ? { repeatOf: opts.repeatOf } : {}),
  }
}

/** An id no record of `records` has: `r1`, `r2`, … one past the highest. */
export function nextRecordId(records: readonly RunRecord[]): string {
  const highest = records.reduce((max, r) => Math.max(max, /^r\d+$/.test(r.id) ? Number(r.id.slice(1)) : 0), 0)
  return `r${highest + 1}`
}

// ---- which records keep weights --------------------------------------------------------------------------

/** What a record is ranked by: its last validation E when it has one, else its last E; null when the run has
 *  no finite last value (it failed, or trained no epoch). Lower is better. */
export function recordResult(r: RunRecord): number | null {
  const last = r.validationLoss?.length ? r.validationLoss.at(-1) : r.loss.at(-1)
  return last === undefined || last === null ? null : last
}

/**
 * Adds `record` to `records` and keeps the rules of the file: weights only on the pinned records and on the best
 * record (lowest `recordResult`) among those trained on the same data; when more than LIMITS.runRecords, the
 * oldest unpinned records go. Returns a new list; the records themselves are not changed.
 */
export function addRecord(records: readonly RunRecord[], record: RunRecord): RunRecord[] {
  let all = [...records, record]
  while (all.length > LIMITS.runRecords) {
    const oldest = all.findIndex((r) => !r.pinned)
    all.splice(oldest === -1 ? 0 : oldest, 1)
  }
  const best = new Map<string, RunRecord>()
  for (const r of all) {
    const result = recordResult(r)
    if (result === null || !r.weights) continue
    const held = best.get(r.dataHash)
    if (!held || result < recordResult(held)!) best.set(r.dataHash, r)
  }
  const keep = new Set(best.values())
  all = all.map((r) => (r.weights && !r.pinned && !keep.has(r) ? withoutWeights(r) : r))
  // pinned records beyond the limit lose their weights, oldest first (a rare case: pinning is by hand)
  let excess = all.filter((r) => r.weights).length - LIMITS.runRecordsWithWeights
  for (let i = 0; i < all.length && excess > 0; i++) {
    if (all[i].weights) {
      all[i] = withoutWeights(all[i])
      excess--
    }
  }
  return all
}

function withoutWeights(r: RunRecord): RunRecord {
  const { weights: _w, ...rest } = r
  return rest
}

// ---- listing ---------------------------------------------------------------------------------------------

/** A record without its histories and weights, with the figures a table shows. */
export interface RecordSummary extends Omit<RunRecord, 'loss' | 'validationLoss' | 'scores' | 'weights'> {
  /** E of the last epoch, and the lowest finite E (null: none). */
  finalLoss: number | null
  bestLoss: number | null
  finalValidationLoss: number | null
  bestValidationLoss: number | null
  /** The last score on the validation words (else the training words), null without scores. */
  finalScore: number | null
  hasWeights: boolean
}

export function recordSummary(r: RunRecord): RecordSummary {
  const { loss, validationLoss, scores, weights, ...rest } = r
  const best = (values: readonly (number | null)[] | undefined) => {
    const finite = (values ?? []).filter((x): x is number => x !== null)
    return finite.length > 0 ? Math.min(...finite) : null
  }
  const lastScore = scores?.at(-1)
  return {
    ...rest,
    finalLoss: loss.at(-1) ?? null,
    bestLoss: best(loss),
    finalValidationLoss: validationLoss?.at(-1) ?? null,
    bestValidationLoss: best(validationLoss),
    finalScore: lastScore ? (lastScore.validation ?? lastScore.train) : null,
    hasWeights: weights !== undefined,
  }
}

// ---- repeats ---------------------------------------------------------------------------------------------

/**
 * Whether `repeat` reproduced `original` bit for bit: on the same data (dataHash), its final weights (every
 * array, the epoch and the optimizer state) when the original kept them, else its loss history (and validation
 * history). Weights compare as their base64 float64 text, so equal text is equal bits; losses compare as numbers,
 * which JSON gives back as the same doubles (a non-finite E is null in both).
 */
export function sameRun(original: RunRecord, repeat: Pick<RunRecord, 'dataHash' | 'loss' | 'validationLoss' | 'weights'>): boolean {
  if (original.dataHash !== repeat.dataHash) return false
  if (original.weights) {
    const a = original.weights
    const b = repeat.weights
    if (!b || a.epoch !== b.epoch || a.arrays.length !== b.arrays.length) return false
    const sameArrays = a.arrays.every((x, i) => x.name === b.arrays[i].name && x.data === b.arrays[i].data && x.shape.join() === b.arrays[i].shape.join())
    const sameOptimizer = !a.optimizer || (b.optimizer !== undefined && a.optimizer.steps === b.optimizer.steps && a.optimizer.first === b.optimizer.first && a.optimizer.second === b.optimizer.second)
    return sameArrays && sameOptimizer
  }
  const same = (x: readonly (number | null)[] = [], y: readonly (number | null)[] = []) => x.length === y.length && x.every((v, i) => v === y[i])
  return same(original.loss, repeat.loss) && same(original.validationLoss, repeat.validationLoss)
}
