import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { filterRows, runRow, runsCsv, sortRows, sweptNames, type RunRow, type SortDirection, type SortKey } from '../experiments/runs-table'
import { t as tr } from '../i18n'
import { useProjectStore } from './project'
import { useTrainingStore } from './training'

/**
 * The comparison of the project's run records (issue 14): the runs table's rows (sorted, filtered), the runs
 * chosen for the loss overlay, and what a row's buttons do: use its settings (and weights), pin, delete, and
 * the table as CSV. The records themselves live in the project store; repeats in the sweeps store.
 */
export const useExperimentsStore = defineStore('experiments', () => {
  const project = useProjectStore()
  const training = useTrainingStore()

  const names = computed(() => sweptNames(project.runs))
  const rows = computed<RunRow[]>(() => project.runs.map((r) => runRow(r, names.value)))

  const sortKey = ref<SortKey>('id')
  const sortDirection = ref<SortDirection>('asc')
  const filter = ref('')
  /** Clicking a column sorts by it; clicking it again turns the order around. Results start lowest first. */
  function sortBy(key: SortKey): void {
    if (sortKey.value === key) sortDirection.value = sortDirection.value === 'asc' ? 'desc' : 'asc'
    else {
      sortKey.value = key
      sortDirection.value = 'asc'
    }
  }
  const shown = computed(() => sortRows(filterRows(rows.value, filter.value), sortKey.value, sortDirection.value))

  /** What the last "Use this run" did, for people. */
  const notice = ref<string | null>(null)

  /** Records drawn in the loss overlay: at first (and as runs are added) up to DRAWN of them, so that a long
   *  sweep does not bury the chart in lines; the table's ticks choose any. */
  const DRAWN = 10
  const selected = ref<string[]>([])
  const isSelected = (id: string) => selected.value.includes(id)
  function toggleSelected(id: string): void {
    selected.value = isSelected(id) ? selected.value.filter((s) => s !== id) : [...selected.value, id]
  }
  // records that went (deleted, another project) leave the selection; a new record is drawn at once
  let known = new Set(project.runs.map((r) => r.id))
  watch(
    () => project.runs,
    (runs) => {
      const ids = new Set(runs.map((r) => r.id))
      const added = runs.filter((r) => !known.has(r.id)).map((r) => r.id)
      known = ids
      const kept = selected.value.filter((id) => ids.has(id))
      selected.value = [...kept, ...added.slice(0, Math.max(0, DRAWN - kept.length))]
    },
  )
  watch(
    () => project.generation,
    () => {
      known = new Set(project.runs.map((r) => r.id))
      selected.value = project.runs.slice(-DRAWN).map((r) => r.id)
      notice.value = null
    },
    { immediate: true },
  )

  const canUse = computed(() => !training.running && !training.starting)
  function useRun(id: string): void {
    if (!canUse.value) return
    const withWeights = project.useRun(id)
    notice.value = tr(withWeights ? 'experiments.usedWithWeights' : 'experiments.usedSettingsOnly', { id })
  }
  const pin = (id: string, pinned: boolean) => project.setPinned(id, pinned)
  const remove = (id: string) => project.deleteRun(id)

  /** The table as shown (filtered, in its order) as CSV text. */
  const csv = computed(() => runsCsv(shown.value, names.value))
  const csvName = computed(() => `${project.metadata.name.replace(/[\\/:*?"<>|]+/g, '_') || 'runs'}-runs.csv`)

  return { names, rows, shown, sortKey, sortDirection, sortBy, filter, selected, isSelected, toggleSelected, notice, canUse, useRun, pin, remove, csv, csvName }
})
