import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { api } from '../api'
import { shapeKey } from '../../shared/weights-codec'
import { exportFileNames, MULTI_FILE_FORMATS, OPTIMIZER_FORMATS, type ExportFormat } from '../../shared/weights-export'
import { baseName, plainMessage } from './files'
import { useProjectStore } from './project'
import { useTrainingStore } from './training'
import { t } from '../i18n'

/**
 * Weights in and out of the open project: the export dialog's state (open, format, what is included, the files
 * written or the failure) and importing weights from a JSON or .npz file (they replace the project's weights;
 * the loss history, which described the old weights, is cleared). Main writes and reads the files
 * (weights:export, weights:import); failures come back in plain words.
 */
export const useExportsStore = defineStore('exports', () => {
  const project = useProjectStore()
  const training = useTrainingStore()

  const open = ref(false)
  const format = ref<ExportFormat>('json')
  /** Include the optimizer state (formats that carry it, projects that have it). */
  const includeOptimizer = ref(true)
  /** An export or import is on its way. */
  const busy = ref(false)
  /** The files the last export wrote (null: none yet since the dialog opened). */
  const written = ref<string[] | null>(null)
  const error = ref<string | null>(null)

  const trained = computed(() => project.weights !== null && project.weights !== undefined)
  /** Names and shapes of the weights' arrays, in parameter order. */
  const arrays = computed(() => project.weights?.arrays.map((a) => ({ name: a.name, shape: a.shape })) ?? [])
  const values = computed(() => arrays.value.reduce((sum, a) => sum + a.shape.reduce((p, d) => p * d, 1), 0))
  const multiFile = computed(() => MULTI_FILE_FORMATS.includes(format.value))
  /** The files the chosen format writes. */
  const fileNames = computed(() => exportFileNames(format.value, arrays.value.map((a) => a.name)))
  const hasOptimizer = computed(() => Boolean(project.weights?.optimizer))
  const formatCarriesOptimizer = computed(() => OPTIMIZER_FORMATS.includes(format.value))
  /** Why the optimizer box cannot be ticked (null: it can). */
  const optimizerUnavailable = computed(() =>
    !hasOptimizer.value ? t('exportDialog.noOptimizerState') : !formatCarriesOptimizer.value ? t('exportDialog.noPlace', { format: format.value === 'onnx' ? 'ONNX' : 'CSV' }) : null,
  )

  function openDialog(): void {
    written.value = null
    error.value = null
    open.value = true
  }

  function close(): void {
    open.value = false
  }

  /** The project's settings must be valid to cross to main (it checks the project as a file). */
  function settingsProblem(what: 'export' | 'importWeights'): string | null {
    const problem = project.issues[0]
    return problem ? t('exportsStore.settingsToFix', { what: t(`exportsStore.${what}`), path: problem.path, problem: problem.problem }) : null
  }

  /** Asks main where, then writes the files; true when they were written. */
  async function exportWeights(): Promise<boolean> {
    if (busy.value || !trained.value) return false
    written.value = null
    error.value = settingsProblem('export')
    if (error.value) return false
    busy.value = true
    try {
      const leaveOut = optimizerUnavailable.value === null && !includeOptimizer.value
      const result = await api.weights.export({ project: project.toFile(), format: format.value, ...(leaveOut ? { include: { optimizer: false } } : {}) })
      if (result === null) return false
      written.value = result.paths
      return true
    } catch (e) {
      error.value = t('exportsStore.couldNotExport', { message: plainMessage(e) })
      return false
    } finally {
      busy.value = false
    }
  }

  // ---- import ----

  /** The outcome of the last import, for the project bar: what was imported, or why not. */
  const importNote = ref<string | null>(null)
  const importError = ref<string | null>(null)

  /** Reads weights from a file main asks for; they replace the project's weights (asking first when it has
   *  trained weights). True when they were imported. */
  async function importWeights(): Promise<boolean> {
    if (busy.value) return false
    importNote.value = null
    importError.value = null
    // a run writes its weights into the project when it ends: it would overwrite the imported ones
    if (training.running || training.starting) {
      importError.value = t('exportsStore.importWhileTraining')
      return false
    }
    importError.value = settingsProblem('importWeights')
    if (importError.value) return false
    busy.value = true
    try {
      const generation = project.generation
      const result = await api.weights.import({ project: project.toFile() })
      if (result === null) return false
      const epochs = project.weights?.epoch
      if (
        epochs !== undefined &&
        !(await api.dialogs.confirm({
          message: t('exportsStore.replaceQuestion'),
          detail: t('exportsStore.replaceDetail', { name: project.metadata.name, n: epochs, file: baseName(result.path) }, epochs),
          confirm: t('exportsStore.replace'),
          cancel: t('common.cancel'),
        }))
      ) {
        return false
      }
      // another project opened meanwhile, or a network edited into another shape: these weights are not its
      if (project.generation !== generation || shapeKey(result.weights.arrays) !== project.shape) {
        importError.value = t('exportsStore.projectChanged')
        return false
      }
      project.setTrained(result.weights, { loss: [] })
      importNote.value = t(result.weights.optimizer ? 'exportsStore.importedWithOptimizer' : 'exportsStore.imported', { epoch: result.weights.epoch, file: baseName(result.path) })
      return true
    } catch (e) {
      importError.value = t('exportsStore.couldNotImport', { message: plainMessage(e) })
      return false
    } finally {
      busy.value = false
    }
  }

  function dismissImport(): void {
    importNote.value = null
    importError.value = null
  }
  // what was imported into another project is no news for this one
  watch(() => project.generation, dismissImport)

  return {
    open,
    format,
    includeOptimizer,
    busy,
    written,
    error,
    trained,
    arrays,
    values,
    multiFile,
    fileNames,
    hasOptimizer,
    formatCarriesOptimizer,
    optimizerUnavailable,
    openDialog,
    close,
    exportWeights,
    importNote,
    importError,
    importWeights,
    dismissImport,
  }
})
