import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { api } from '../api'
import type { AboutInfo, MenuAction, MenuState } from '../../shared/app-menu'
import { LECTURE_NOTES_ID } from '../help/documents'
import { plainMessage, useFilesStore } from './files'
import { useExportsStore } from './exports'
import { useProjectStore } from './project'
import { useTrainingStore } from './training'
import { useLanguageStore } from './language'
import { t } from '../i18n'

/**
 * The window's side of the application menu (built in main, src/node/menu.ts): it reports the state that
 * enables the menu's items, and carries out the actions main sends (menu:action) with what the window's buttons
 * call; files handed over by main (app:open-file: the command line, a second launch, the OS) open as File › Open
 * would. Also the Help dialog's state (documentation, lecture notes, About).
 */
export const useAppMenuStore = defineStore('app-menu', () => {
  const project = useProjectStore()
  const training = useTrainingStore()
  const files = useFilesStore()
  const exports = useExportsStore()
  const language = useLanguageStore()

  /** The same conditions as the buttons: replacing waits for file operations and runs (src/node/menu.ts). */
  const state = computed<MenuState>(() => ({
    dirty: project.dirty,
    busy: files.busy || exports.busy,
    hasWeights: exports.trained,
    canTrain: training.canTrain,
    run: training.starting && training.status === null ? 'starting' : training.status,
    locale: language.locale,
    language: language.choice,
  }))

  /** The Help dialog: a document's id (README.md, docs/model.md …), 'about', or null when closed. */
  const help = ref<string | null>(null)
  const about = ref<AboutInfo | null>(null)
  const aboutError = ref<string | null>(null)

  async function showAbout(): Promise<void> {
    help.value = 'about'
    aboutError.value = null
    try {
      about.value ??= await api.app.about()
    } catch (e) {
      aboutError.value = t('help.versionsFailed', { message: plainMessage(e) })
    }
  }

  /** What each menu action does: the same store actions as the window's buttons. */
  const ACTIONS: Record<MenuAction, (path?: string) => unknown> = {
    'file.new': () => files.newBlank(),
    'file.open': () => files.open(),
    'file.openRecent': (path) => (path ? files.openRecent(path) : undefined),
    'file.save': () => files.save(),
    'file.saveAs': () => files.saveAs(),
    'file.export': () => exports.openDialog(),
    'file.importWeights': () => exports.importWeights(),
    'training.train': () => training.trainAsSet(),
    'training.pauseResume': () => (training.status === 'paused' ? training.resume() : training.status === 'running' ? training.pause() : undefined),
    'training.step': () => (training.status === 'paused' ? training.step() : undefined),
    'training.stop': () => (training.running ? training.stop() : undefined),
    'view.language.system': () => language.choose('system'),
    'view.language.en': () => language.choose('en'),
    'view.language.pl': () => language.choose('pl'),
    'help.documentation': () => (help.value = 'README.md'),
    'help.lectureNotes': () => (help.value = LECTURE_NOTES_ID),
    'help.about': () => showAbout(),
  }

  async function run(action: MenuAction, path?: string): Promise<void> {
    await ACTIONS[action](path)
  }

  let listening = false
  /** Subscribes to main's menu actions and offered files, and reports the menu state from now on. Call
   *  before the window tells main it is ready (app:ready), so that a file given at launch is not missed. */
  function listen(): void {
    if (listening) return
    listening = true
    api.on('menu:action', ({ action, path }) => void run(action, path))
    api.on('app:open-file', ({ path }) => void files.openOffered(path))
    watch(state, (s) => void api.app.menuState(s).catch(() => {}), { immediate: true })
  }

  function closeHelp(): void {
    help.value = null
  }

  return { state, help, about, aboutError, run, listen, showAbout, closeHelp }
})
