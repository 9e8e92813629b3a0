import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { api } from '../api'
import type { ExampleInfo, OpenedProject, RecoveryInfo } from '../../shared/ipc'
import { blankProject } from '../../shared/blank-project'
import { blankProjectText, t } from '../i18n'
import { useProjectStore } from './project'
import { useTrainingStore } from './training'
import { useSweepsStore } from './sweeps'

/** Unsaved work is kept in the recovery file at most this often while the project has changes. */
export const AUTOSAVE_MS = 5000

/** An error from main in plain words: without Electron's "Error invoking remote method '…':" wrapper and
 *  without the error class name (ProjectFileError's message already names each problem's JSON path). */
export function plainMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e)
  return text
    .replace(/^Error invoking remote method '[^']*':\s*/, '')
    .replace(/^(?:[A-Z][A-Za-z]*)?Error:\s*/, '')
    .trim()
}

/** The file name of a path (either separator). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path
}

/**
 * File operations on the open project: new, open (a file, a recent one, a bundled example), save, save as;
 * the recent list; the examples gallery's open state; autosave to main's recovery file and the offer to
 * restore unsaved work from a session that did not close cleanly. Replacing unsaved work asks first; a
 * failure is shown in `error` (in the window's language, main's own message inside it as main wrote it) and
 * leaves the open project as it was.
 */
export const useFilesStore = defineStore('files', () => {
  const project = useProjectStore()
  const training = useTrainingStore()
  const sweeps = useSweepsStore()

  /** Recent project paths, newest first. */
  const recent = ref<string[]>([])
  /** Unsaved work from a session that did not close cleanly, until the user restores or discards it. */
  const recovery = ref<RecoveryInfo | null>(null)
  /** The last failure, in plain words (null: none). */
  const error = ref<string | null>(null)
  /** A file operation is on its way (the buttons wait for it). */
  const busy = ref(false)
  const galleryOpen = ref(false)
  const examples = ref<ExampleInfo[]>([])
  const examplesError = ref<string | null>(null)

  /** `what` is the failed action in the window's language (files.what.*); main's message stays as it is. */
  const fail = (what: string, e: unknown) => {
    error.value = t('files.couldNot', { what, message: plainMessage(e) })
  }

  async function refreshRecent(): Promise<void> {
    try {
      recent.value = await api.projects.recent()
    } catch {
      // the list is a convenience: keep the last one shown
    }
  }

  // ---- unsaved changes: main's flag, and the autosave ----

  /** Bumped on every change of the project's content (to tell whether a save covered the latest edits). */
  let changes = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  /** The autosave on its way, if any (a save waits for it, so that it cannot land after the save). */
  let autosaving: Promise<void> | null = null
  /** The recovery file has been looked at: until then it may hold the last session's work, not to be
   *  overwritten. */
  let recoveryChecked = false
  const cancelAutosave = () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
  /** Keeps the unsaved work at most every AUTOSAVE_MS: the first change starts the clock, the save then
   *  takes the project as it is. Held while an earlier session's work is offered back (the recovery file
   *  has one slot: it keeps that work until the user decides). */
  function scheduleAutosave(): void {
    if (!project.dirty || timer !== null || !recoveryChecked || recovery.value) return
    timer = setTimeout(() => {
      timer = null
      autosaving = autosave().finally(() => (autosaving = null))
    }, AUTOSAVE_MS)
  }
  async function autosave(): Promise<void> {
    if (!project.dirty || recovery.value) return
    try {
      await api.projects.autosave({ project: project.toFile(), path: project.path })
    } catch {
      // a project with invalid settings (mid-edit) is not kept: the last valid copy stays in the file
    }
  }

  // main asks before closing a window with unsaved changes, or with a run going (its weights reach the
  // project only when it ends)
  watch(
    () => project.dirty || training.running || training.starting,
    (unsafe) => void api.projects.setDirty(unsafe).catch(() => {}),
    { immediate: true },
  )
  watch(
    () => project.dirty,
    (dirty) => {
      if (dirty) scheduleAutosave()
      else cancelAutosave()
    },
    { immediate: true },
  )
  const changed = () => {
    changes++
    scheduleAutosave()
  }
  watch([() => project.metadata, () => project.network, () => project.training], changed, { deep: true })
  watch([() => project.data, () => project.weights, () => project.history], changed)

  let started = false
  /** Once, when the window starts: the recent list loads, and unsaved work of a session that did not close
   *  cleanly is offered back. */
  async function start(): Promise<void> {
    if (started) return
    started = true
    await Promise.all([
      refreshRecent(),
      api.projects
        .recovery()
        .then((r) => (recovery.value = r))
        .catch(() => {})
        .finally(() => {
          recoveryChecked = true
          scheduleAutosave()
        }),
    ])
  }

  // ---- replacing the open project ----

  /** Training writes its weights into the open project when a run ends, a sweep (or a repeat) its records as its
   *  runs end: no other project while either runs. */
  function trainingBlocks(what: string): boolean {
    if (sweeps.busy) {
      error.value = t('files.sweepRunning', { what })
      return true
    }
    if (!training.running && !training.starting) return false
    error.value = t('files.trainingRunning', { what })
    return true
  }

  /** True when there are no unsaved changes, or the user agrees to lose them. */
  async function confirmDiscard(what: string): Promise<boolean> {
    if (!project.dirty) return true
    return api.dialogs.confirm({
      message: t('files.discardQuestion'),
      detail: t('files.discardDetail', { name: project.metadata.name, action: what }),
      confirm: t('files.discard'),
      cancel: t('common.cancel'),
    })
  }

  /**
   * Replaces the open project with what `fetch` returns (null: the user cancelled). Asks first when there
   * are unsaved changes; a failure leaves the open project untouched.
   */
  async function replace(what: string, action: string, fetch: () => Promise<OpenedProject | null>, opts: { dirty?: boolean } = {}): Promise<boolean> {
    if (busy.value || trainingBlocks(what)) return false
    busy.value = true
    error.value = null
    try {
      const hadChanges = project.dirty
      if (!(await confirmDiscard(action))) return false
      const opened = await fetch()
      if (!opened) return false
      cancelAutosave()
      project.load(opened.project, opened.path, { unsaved: opts.dirty })
      training.clearRuns()
      // the discarded work is gone for good: do not offer it back after a crash
      if (hadChanges && !recovery.value) {
        await autosaving
        await api.projects.discardRecovery().catch(() => {})
      }
      return true
    } catch (e) {
      fail(what, e)
      return false
    } finally {
      busy.value = false
      void refreshRecent()
    }
  }

  const newBlank = () => replace(t('files.what.newProject'), t('files.action.newProject'), async () => ({ path: null, project: blankProject(new Date(), blankProjectText()) }))

  const open = () => replace(t('files.what.openProject'), t('files.action.openProject'), () => api.projects.open())

  /** Opens a file given on the command line or by the OS (main offered it with app:open-file). */
  const openOffered = (path: string) => replace(t('files.what.openFile', { name: baseName(path) }), t('files.action.openFile', { name: baseName(path) }), () => api.projects.openOffered(path))

  const openRecent = (path: string) => replace(t('files.what.openFile', { name: baseName(path) }), t('files.action.openFile', { name: baseName(path) }), () => api.projects.openRecent(path))

  async function newFromExample(id: string): Promise<boolean> {
    const name = examples.value.find((e) => e.id === id)?.name ?? id
    const done = await replace(t('files.what.openExample', { name }), t('files.action.openExample', { name }), async () => ({ path: null, project: await api.examples.open(id) }))
    if (done) galleryOpen.value = false
    return done
  }

  async function loadExamples(): Promise<void> {
    examplesError.value = null
    try {
      examples.value = await api.examples.list()
    } catch (e) {
      examplesError.value = t('files.listExamples', { message: plainMessage(e) })
    }
  }

  async function openGallery(): Promise<void> {
    error.value = null
    galleryOpen.value = true
    if (examples.value.length === 0) await loadExamples()
  }

  function closeGallery(): void {
    galleryOpen.value = false
  }

  // ---- saving ----

  async function store(what: string, write: (file: ReturnType<typeof project.toFile>) => Promise<string | null>): Promise<boolean> {
    if (busy.value) return false
    error.value = null
    const problem = project.issues[0]
    if (problem) {
      error.value = t('files.settingsToFix', { what, path: problem.path, problem: problem.problem })
      return false
    }
    busy.value = true
    try {
      await autosaving
      const before = changes
      const path = await write(project.toFile())
      if (path === null) return false
      project.path = path
      // edits made while the file was being written are still unsaved
      if (changes === before) {
        cancelAutosave()
        project.dirty = false
      }
      return true
    } catch (e) {
      fail(what, e)
      return false
    } finally {
      busy.value = false
      void refreshRecent()
    }
  }

  const save = () => store(t('files.what.save'), (file) => api.projects.save({ project: file, path: project.path }))
  const saveAs = () => store(t('files.what.save'), (file) => api.projects.saveAs({ project: file }))

  // ---- recovery ----

  /** Brings back the unsaved work of the last session (it stays unsaved until the user saves it). */
  async function restore(): Promise<boolean> {
    if (!recovery.value) return false
    const done = await replace(t('files.what.restore'), t('files.action.restore'), () => api.projects.restore(), { dirty: true })
    if (done) {
      recovery.value = null
      scheduleAutosave()
    }
    return done
  }

  /** Forgets the unsaved work of the last session. */
  async function discard(): Promise<void> {
    error.value = null
    try {
      await api.projects.discardRecovery()
      recovery.value = null
      scheduleAutosave()
    } catch (e) {
      fail(t('files.what.discardRecovered'), e)
    }
  }

  function dismissError(): void {
    error.value = null
  }

  return {
    recent,
    recovery,
    error,
    busy,
    galleryOpen,
    examples,
    examplesError,
    start,
    refreshRecent,
    newBlank,
    newFromExample,
    open,
    openRecent,
    openOffered,
    save,
    saveAs,
    restore,
    discard,
    openGallery,
    closeGallery,
    loadExamples,
    dismissError,
  }
})
