/**
 * The application menu's contract between main and the renderer: the actions the menu sends to the window,
 * and the window state that enables its items. Main builds the menu from this state (src/node/menu.ts); the
 * renderer maps each action to what its buttons call (src/renderer/stores/app-menu.ts).
 *
 * Plain ECMAScript, like src/shared/ipc.ts (the sandboxed preload bundles it).
 */
import type { LanguageChoice, Locale } from './i18n/locales.js'

/** Every action a menu item sends to the window, by id. */
export const MENU_ACTIONS = [
  'file.new',
  'file.open',
  'file.openRecent',
  'file.save',
  'file.saveAs',
  'file.export',
  'file.importWeights',
  'training.train',
  'training.pauseResume',
  'training.step',
  'training.stop',
  'view.language.system',
  'view.language.en',
  'view.language.pl',
  'help.documentation',
  'help.lectureNotes',
  'help.about',
] as const
export type MenuAction = (typeof MENU_ACTIONS)[number]

/** The Training menu's accelerators (Electron's syntax), the debugger keys (Run, Pause/Continue, Step over, Stop).
 *  Main registers them with the menu (src/node/menu.ts); the run controls show them in their tooltips. */
export const TRAINING_KEYS = { train: 'F5', pauseResume: 'F6', step: 'F10', stop: 'Shift+F5' } as const

/** What the window reports so that main can enable the menu's items (the same conditions as its buttons). */
export interface MenuState {
  /** The project has unsaved changes. */
  dirty: boolean
  /** A file operation is on its way (New, Open, Save wait for it). */
  busy: boolean
  /** The project has trained weights (Export…). */
  hasWeights: boolean
  /** Train would start a run now (valid settings, no run going or starting). */
  canTrain: boolean
  /** The current run's status, null before the first run. */
  run: 'starting' | 'running' | 'paused' | 'completed' | 'stopped' | 'failed' | null
  /** The window's language (the menu speaks it too); absent: English. */
  locale?: Locale
  /** What View › Language has chosen (its checked item); absent: the system's language. */
  language?: LanguageChoice
}

/** The state before the window has reported any: everything that needs a project waits. */
export const INITIAL_MENU_STATE: MenuState = { dirty: false, busy: true, hasWeights: false, canTrain: false, run: null }

/** Versions for Help › About, from the main process. */
export interface AboutInfo {
  name: string
  version: string
  /** process.versions of main: electron, chrome, node, v8 (absent outside Electron, e.g. in the test harness). */
  versions: Record<string, string>
  platform: string
  arch: string
}
