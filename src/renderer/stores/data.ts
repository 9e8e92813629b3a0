import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { api } from '../api'
import type { CsvImportOptions } from '../../shared/data-io'
import type { DataImportResult } from '../../shared/ipc'
import type { InlineData, ScriptData } from '../../shared/project-file'
import type { ScriptError, ScriptRunResult } from '../../shared/script-api'
import { STARTER_SCRIPT } from '../../shared/blank-project'
import { useProjectStore } from './project'

/**
 * The project's data as the data pane works on it: the script and its runs (in main's sandbox, after each
 * pause in typing), imports of CSV and JSON files, export, the preview's choice of sequence, and the sizes
 * the network could adopt from the data. The sequences themselves live in the project store (`dataset`).
 */

/** Typing pauses this long before the script runs again. */
export const RUN_DELAY_MS = 400

/** What the preview summarizes. */
export interface DataStats {
  /** Training sequences P, and validation sequences. */
  train: number
  validation: number
  /** Shortest and longest sequence, in steps T (over both sets). */
  minLength: number
  maxLength: number
  m: number
  l: number
  /** Steps with a target, of all steps. */
  targets: number
  steps: number
  /** Some input is outside {0, 1} (the lecture assumes binary inputs). */
  nonBinaryInputs: boolean
}

export function dataStats(d: InlineData): DataStats {
  let minLength = Infinity
  let maxLength = 0
  let targets = 0
  let steps = 0
  let nonBinaryInputs = false
  for (const s of [...d.train, ...(d.validation ?? [])]) {
    minLength = Math.min(minLength, s.u.length)
    maxLength = Math.max(maxLength, s.u.length)
    steps += s.u.length
    for (const z of s.z) if (z !== null) targets++
    if (!nonBinaryInputs) nonBinaryInputs = s.u.some((u) => u.some((x) => x !== 0 && x !== 1))
  }
  return { train: d.train.length, validation: d.validation?.length ?? 0, minLength: steps ? minLength : 0, maxLength, m: d.inputSize, l: d.outputSize, targets, steps, nonBinaryInputs }
}

export const useDataStore = defineStore('data', () => {
  const project = useProjectStore()

  /** The last finished run of the script (a cancelled one is never kept), or null. */
  const run = shallowRef<ScriptRunResult | null>(null)
  /** A run is on its way. */
  const running = ref(false)
  /** The set and sequence the preview shows. */
  const previewSet = ref<'train' | 'validation'>('train')
  const previewSequence = ref(0)
  /** A file read for import, waiting for the user to take it (or choose other CSV columns). */
  const pendingImport = shallowRef<DataImportResult | null>(null)
  const error = ref<string | null>(null)

  const script = computed<ScriptData | null>(() => (project.data.kind === 'script' ? project.data : null))
  const stats = computed(() => (project.dataset ? dataStats(project.dataset) : null))
  /** The script's failure, when its last run failed. */
  const scriptError = computed<ScriptError | null>(() => (run.value && !run.value.ok ? run.value.error : null))
  const notes = computed(() => run.value?.notes ?? [])
  /** The data's sizes when the network's m or ℓ differ from them (the pane offers to adopt them). */
  const sizeMismatch = computed(() => {
    const d = project.dataset
    if (!d) return null
    const m = project.network.inputSize
    const l = project.network.output?.units
    return d.inputSize !== m || d.outputSize !== l ? { m: d.inputSize, l: d.outputSize } : null
  })

  let timer: ReturnType<typeof setTimeout> | undefined
  /** Counts runs: only the latest one's result is kept. */
  let ticket = 0

  /** Runs the project's script now (cancelling a run under way); its data becomes the project's data set. */
  async function runNow(): Promise<void> {
    clearTimeout(timer)
    const data = script.value
    if (!data) return
    const mine = ++ticket
    const generation = project.generation
    running.value = true
    try {
      const result = await api.scripts.run({ ...data })
      if (mine !== ticket || generation !== project.generation) return // a newer run, or another project
      if (!result.ok && result.error.kind === 'cancelled') return
      run.value = result
      if (result.ok) project.dataset = result.data
    } catch (e) {
      if (mine === ticket) run.value = { ok: false, error: { kind: 'internal', message: (e as Error).message }, notes: [] }
    } finally {
      if (mine === ticket) running.value = false
    }
  }

  function scheduleRun(): void {
    clearTimeout(timer)
    timer = setTimeout(() => void runNow(), RUN_DELAY_MS)
  }

  /** The user edited the script (or its seed or limits): kept in the project, run after a pause. */
  function editScript(change: Partial<Omit<ScriptData, 'kind'>>): void {
    const data = script.value
    if (!data) return
    // the sequences of the previous run stay until the new ones arrive: the preview does not flicker
    project.setData({ ...data, ...change }, project.dataset)
    scheduleRun()
  }

  /** Replaces the project's data with a script: the starter script, or `source`. */
  function useScript(source = STARTER_SCRIPT): void {
    run.value = null
    project.setData({ kind: 'script', source, seed: 1 }, null)
    void runNow()
  }

  /** Reads a data file (asking which when `path` is null); it waits in `pendingImport` for `acceptImport`. */
  async function importFile(path: string | null = null, csv?: CsvImportOptions): Promise<void> {
    error.value = null
    try {
      const result = await api.data.import({ path, ...(csv ? { csv } : {}) })
      if (result) pendingImport.value = result
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  /** The read file's data becomes the project's data (inline, saved in the project file). */
  function acceptImport(): void {
    const pending = pendingImport.value
    if (!pending?.ok) return
    ticket++ // a script run under way no longer counts
    clearTimeout(timer)
    run.value = null
    running.value = false
    project.setData(pending.data)
    pendingImport.value = null
  }

  function cancelImport(): void {
    pendingImport.value = null
  }

  /** Writes the data set to a file the user chooses; the path, or null if cancelled. */
  async function exportData(format: 'csv' | 'json'): Promise<string | null> {
    const d = project.dataset
    if (!d) return null
    error.value = null
    try {
      return await api.data.export({ data: d, format, suggestedName: `${project.metadata.name || 'data'}.${format}` })
    } catch (e) {
      error.value = (e as Error).message
      return null
    }
  }

  /** The network takes the data's m and ℓ. */
  function adoptSizes(): void {
    const sizes = sizeMismatch.value
    if (!sizes) return
    project.network.inputSize = sizes.m
    project.network.output.units = sizes.l
  }

  // another project: its script runs at once; the preview starts at its first sequence
  watch(
    () => project.generation,
    () => {
      ticket++
      clearTimeout(timer)
      run.value = null
      running.value = false
      pendingImport.value = null
      previewSet.value = 'train'
      previewSequence.value = 0
      if (script.value) void runNow()
    },
  )

  return { run, running, previewSet, previewSequence, pendingImport, error, script, stats, scriptError, notes, sizeMismatch, runNow, editScript, useScript, importFile, acceptImport, cancelImport, exportData, adoptSizes }
})
