/**
 * The runs table of the Experiments tab as data (issue 14): one row per run record with the values of the
 * swept parameters (read from each record's own settings, defaults applied, so an ordinary Train run has them
 * too) and its results (recordSummary); sorting, filtering, the CSV text of the table, and the smoothing of
 * the loss overlay. Pure: no Vue, no DOM, no window.api.
 *
 * Not here: which rows are selected or how the table is drawn (stores/experiments.ts, RunsTable.vue).
 */
import { normalizeNetworkSpec, normalizeTrainingSpec } from '../../core/index'
import type { RunRecord } from '../../shared/project-file'
import { recordSummary, type RecordSummary } from '../../shared/run-records'

export type Cell = number | string | null

export interface RunRow {
  id: string
  label: string
  status: RunRecord['ended']['status']
  message: string | null
  pinned: boolean
  hasWeights: boolean
  repeatOf: string | null
  /** The swept parameters' values in this run's settings, by parameter name (`learningRate`, `hidden[0].units`). */
  values: Record<string, Cell>
  epochs: number
  /** Epochs the weights had when the run started (0: from its seed; a later start cannot be repeated). */
  startEpoch: number
  finalLoss: number | null
  bestLoss: number | null
  /** The last validation E, when the data had a validation part. */
  validationLoss: number | null
  score: number | null
  /** Wall-clock seconds of the run. */
  seconds: number
  startedAt: string
}

/** The parameters any record's sweep varied, in the order they first appear (a repeated seed as `seed`). */
export function sweptNames(records: readonly RunRecord[]): string[] {
  const names: string[] = []
  for (const r of records) for (const name of Object.keys(r.sweep?.values ?? {})) if (!names.includes(name)) names.push(name)
  return names
}

/** A parameter's value in a record's settings (its defaults applied); null when the record has no such
 *  setting (a layer it does not have). */
export function settingOf(record: Pick<RunRecord, 'network' | 'training'>, name: string): Cell {
  const layer = /^hidden\[(\d+)\]\.(units|activation)$/.exec(name)
  try {
    const network = normalizeNetworkSpec(record.network)
    if (layer) {
      const h = network.hidden[Number(layer[1])]
      return h ? (layer[2] === 'units' ? h.units : h.activation) : null
    }
    const training = normalizeTrainingSpec(record.training, network) as unknown as Record<string, unknown>
    const value = training[name]
    return typeof value === 'number' || typeof value === 'string' ? value : null
  } catch {
    return null
  }
}

export function runRow(record: RunRecord, names: readonly string[]): RunRow {
  const s: RecordSummary = recordSummary(record)
  return {
    id: record.id,
    label: record.label ?? '',
    status: record.ended.status,
    message: record.ended.message ?? null,
    pinned: record.pinned === true,
    hasWeights: s.hasWeights,
    repeatOf: record.repeatOf ?? null,
    values: Object.fromEntries(names.map((n) => [n, record.sweep?.values[n] ?? settingOf(record, n)])),
    epochs: record.epochs,
    startEpoch: record.startEpoch,
    finalLoss: s.finalLoss,
    bestLoss: s.bestLoss,
    validationLoss: s.finalValidationLoss,
    score: s.finalScore,
    seconds: record.durationMs / 1000,
    startedAt: record.startedAt,
  }
}

/** What the table sorts by: a result column, or `param:<name>` for a swept parameter. */
export type SortKey = 'id' | 'status' | 'epochs' | 'finalLoss' | 'bestLoss' | 'validationLoss' | 'score' | 'seconds' | `param:${string}`
export type SortDirection = 'asc' | 'desc'

export function cellOf(row: RunRow, key: SortKey): Cell {
  if (key.startsWith('param:')) return row.values[key.slice('param:'.length)] ?? null
  if (key === 'id') return Number(row.id.replace(/^r/, '')) || row.id // r2 before r10
  return row[key as Exclude<SortKey, `param:${string}`>]
}

/** Rows sorted by `key`; empty cells (a failed run's loss) last in either direction; ties keep record order. */
export function sortRows(rows: readonly RunRow[], key: SortKey, direction: SortDirection): RunRow[] {
  const sign = direction === 'asc' ? 1 : -1
  return rows
    .map((row, i) => ({ row, i, cell: cellOf(row, key) }))
    .sort((a, b) => {
      if (a.cell === null || b.cell === null) return a.cell === b.cell ? a.i - b.i : a.cell === null ? 1 : -1
      const order = typeof a.cell === 'number' && typeof b.cell === 'number' ? a.cell - b.cell : String(a.cell).localeCompare(String(b.cell))
      return order !== 0 ? sign * order : a.i - b.i
    })
    .map((x) => x.row)
}

/** Rows whose id, label, status or any `name=value` contains every word of `query` (case ignored). */
export function filterRows(rows: readonly RunRow[], query: string): RunRow[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== '')
  if (words.length === 0) return [...rows]
  return rows.filter((row) => {
    const text = [row.id, row.label, row.status, row.pinned ? 'pinned' : '', ...Object.entries(row.values).map(([n, v]) => `${n}=${v ?? ''}`)].join(' ').toLowerCase()
    return words.every((w) => text.includes(w))
  })
}

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180); numbers in full precision. */
function csvField(value: Cell | boolean): string {
  if (value === null) return ''
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * The table as CSV (RFC 4180, CRLF line ends): a header of fixed column names (the same in every language, for
 * scripts that read the file), then one line per row in the order given. Empty cells are empty fields.
 */
export function runsCsv(rows: readonly RunRow[], names: readonly string[]): string {
  const head = ['id', 'label', ...names, 'status', 'epochs', 'final_loss', 'best_loss', 'validation_loss', 'score', 'seconds', 'pinned', 'repeat_of', 'started_at']
  const lines = rows.map((r) =>
    [r.id, r.label, ...names.map((n) => r.values[n] ?? null), r.status, r.epochs, r.finalLoss, r.bestLoss, r.validationLoss, r.score, r.seconds, r.pinned, r.repeatOf, r.startedAt].map(csvField).join(','),
  )
  return [head.join(','), ...lines].join('\r\n') + '\r\n'
}

/**
 * Exponential smoothing of a loss curve for drawing, debiased at the start (so the first points are not pulled
 * towards 0): s_t = w·s_{t−1} + (1−w)·x_t, shown as s_t / (1 − w^t). `weight` 0 leaves the values as they are;
 * null (a non-finite loss) is drawn as a gap and does not enter the average.
 */
export function smoothed(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return [...values]
  let s = 0
  let n = 0
  return values.map((x) => {
    if (x === null || !Number.isFinite(x)) return null
    s = weight * s + (1 - weight) * x
    n++
    return s / (1 - weight ** n)
  })
}
