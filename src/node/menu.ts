/**
 * The application menu as plain data: `menuTemplate` builds it from the window's state (src/shared/app-menu.ts),
 * `withClicks` gives each item with an action its click handler. Electron-free: main passes the result to
 * Menu.buildFromTemplate (the shapes are Electron's MenuItemConstructorOptions), the test harness clicks the same
 * items, and test/node/menu.test.ts checks every item.
 *
 * Items the window acts on carry an `action` (sent to the window as a menu:action event); the rest are Electron
 * roles (Edit's undo/copy/paste…, zoom, full screen, developer tools, Quit), which Electron carries out itself and
 * which work in Monaco and in inputs. Enabled states follow the same conditions as the window's buttons.
 *
 * Labels come from the window's catalogue (src/shared/i18n, section `menu`) in the language the window reports
 * (MenuState.locale); role items keep Electron's own labels in English and take the catalogue's `roles` in
 * other languages. View › Language lists the choices, each language named in itself.
 */
import { basename } from 'node:path'
import { INITIAL_MENU_STATE, TRAINING_KEYS, type MenuAction, type MenuState } from '../shared/app-menu.js'
import { CATALOGUES, fillPlaceholders, LANGUAGE_CHOICES, LANGUAGE_NAMES, type LanguageChoice } from '../shared/i18n/index.js'

/** The Electron roles this menu uses. */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'windowMenu'
  | 'help'

export interface MenuItemSpec {
  label?: string
  role?: MenuRole
  type?: 'separator' | 'submenu' | 'radio'
  /** A radio item's state (View › Language). */
  checked?: boolean
  /** Electron accelerator syntax (CmdOrCtrl+S, F5, Shift+F5). */
  accelerator?: string
  /** The window itself handles this key (src/renderer/components/ProjectBar.vue): shown in the menu, but not
   *  registered, so that one key press does not act twice (Electron honours this on Windows and Linux). */
  registerAccelerator?: false
  /** Default true. */
  enabled?: boolean
  /** Sent to the window when the item is chosen. */
  action?: MenuAction
  /** File › Open Recent: the project's path, sent with the action. */
  path?: string
  submenu?: MenuItemSpec[]
}

export interface MenuOptions {
  /** app.isPackaged: a packaged app has no Reload (it would drop unsaved work without asking) and no
   *  developer tools. */
  packaged: boolean
  /** process.platform: macOS gets the application menu first and Quit there. */
  platform: string
  /** Recent project paths, newest first. */
  recent: readonly string[]
  /** The product name, for macOS's application menu and About. */
  appName?: string
}

/** Recent projects shown under File › Open Recent. */
const RECENT_SHOWN = 10

const separator: MenuItemSpec = { type: 'separator' }

/** View › Language: one radio item per choice; the window carries it out (view.language.*) and reports it back. */
function languageItemFor(state: MenuState, label: (choice: LanguageChoice) => string) {
  return (choice: LanguageChoice): MenuItemSpec => ({ label: label(choice), type: 'radio', checked: (state.language ?? 'system') === choice, action: `view.language.${choice}` })
}

export function menuTemplate(state: MenuState, options: MenuOptions): MenuItemSpec[] {
  const mac = options.platform === 'darwin'
  const locale = state.locale ?? 'en'
  const m = CATALOGUES[locale].menu
  /** A role item: Electron's label in English, the catalogue's otherwise. */
  const role = (name: MenuRole): MenuItemSpec => (locale === 'en' ? { role: name } : { role: name, label: CATALOGUES[locale].roles[name] })
  const name = options.appName ?? 'RNN Workbench'
  const runGoing = state.run === 'starting' || state.run === 'running' || state.run === 'paused'
  /** New and Open replace the project: not while a file operation is on its way or a run writes into it. */
  const canReplace = !state.busy && !runGoing
  const recent = options.recent.slice(0, RECENT_SHOWN)
  const languageItem = languageItemFor(state, (choice) => (choice === 'system' ? m.languageSystem : LANGUAGE_NAMES[choice]))

  const file: MenuItemSpec = {
    label: m.file,
    submenu: [
      { label: m.new, accelerator: 'CmdOrCtrl+N', registerAccelerator: false, enabled: canReplace, action: 'file.new' },
      { label: m.open, accelerator: 'CmdOrCtrl+O', registerAccelerator: false, enabled: canReplace, action: 'file.open' },
      {
        label: m.openRecent,
        enabled: canReplace && recent.length > 0,
        submenu: recent.map((path) => ({ label: `${basename(path)} — ${path}`, enabled: canReplace, action: 'file.openRecent' as const, path })),
      },
      separator,
      { label: m.save, accelerator: 'CmdOrCtrl+S', registerAccelerator: false, enabled: !state.busy, action: 'file.save' },
      { label: m.saveAs, accelerator: 'CmdOrCtrl+Shift+S', registerAccelerator: false, enabled: !state.busy, action: 'file.saveAs' },
      separator,
      { label: m.export, accelerator: 'CmdOrCtrl+E', enabled: state.hasWeights, action: 'file.export' },
      // a run writes its weights into the project when it ends: it would overwrite imported ones
      { label: m.importWeights, enabled: !state.busy && !runGoing, action: 'file.importWeights' },
      // macOS: Quit lives in the application menu, File ends with Close Window
      ...(mac ? [separator, role('close')] : [separator, { label: m.quit, role: 'quit' as const, accelerator: 'CmdOrCtrl+Q' }]),
    ],
  }

  const edit: MenuItemSpec = {
    label: m.edit,
    submenu: [
      role('undo'),
      role('redo'),
      separator,
      role('cut'),
      role('copy'),
      role('paste'),
      ...(mac ? [role('pasteAndMatchStyle')] : []),
      role('delete'),
      separator,
      role('selectAll'),
    ],
  }

  const view: MenuItemSpec = {
    label: m.view,
    submenu: [
      role('resetZoom'),
      role('zoomIn'),
      role('zoomOut'),
      separator,
      role('togglefullscreen'),
      separator,
      { label: m.language, submenu: LANGUAGE_CHOICES.map(languageItem) },
      // development only: Reload drops unsaved work without asking, and users have no use for the tools
      ...(options.packaged ? [] : [separator, role('reload'), role('forceReload'), role('toggleDevTools')]),
    ],
  }

  const paused = state.run === 'paused'
  const training: MenuItemSpec = {
    label: m.training,
    submenu: [
      { label: m.train, accelerator: TRAINING_KEYS.train, enabled: state.canTrain, action: 'training.train' },
      {
        label: paused ? m.resume : m.pause,
        accelerator: TRAINING_KEYS.pauseResume,
        enabled: state.run === 'running' || paused,
        action: 'training.pauseResume',
      },
      { label: m.step, accelerator: TRAINING_KEYS.step, enabled: paused, action: 'training.step' },
      { label: m.stop, accelerator: TRAINING_KEYS.stop, enabled: runGoing, action: 'training.stop' },
    ],
  }

  const about: MenuItemSpec = { label: fillPlaceholders(m.about, { name }), action: 'help.about' }
  const help: MenuItemSpec = {
    label: m.help,
    role: 'help',
    submenu: [
      { label: m.documentation, action: 'help.documentation' },
      { label: m.lectureNotes, action: 'help.lectureNotes' },
      ...(mac ? [] : [separator, about]),
    ],
  }

  const appMenu: MenuItemSpec = {
    label: name,
    submenu: [about, separator, role('services'), separator, role('hide'), role('hideOthers'), role('unhide'), separator, role('quit')],
  }

  return mac ? [appMenu, file, edit, view, training, role('windowMenu'), help] : [file, edit, view, training, help]
}

/** A menu item with its click handler, for Menu.buildFromTemplate. */
export type ClickableMenuItem = Omit<MenuItemSpec, 'action' | 'path' | 'submenu'> & { click?: () => void; submenu?: ClickableMenuItem[] }

/** Gives every item with an action a click handler that calls `onAction` (main sends it to the window). */
export function withClicks(items: readonly MenuItemSpec[], onAction: (action: MenuAction, path?: string) => void): ClickableMenuItem[] {
  return items.map(({ action, path, submenu, ...item }) => ({
    ...item,
    ...(action ? { click: () => onAction(action, path) } : {}),
    ...(submenu ? { submenu: withClicks(submenu, onAction) } : {}),
  }))
}

/** The item at a path of labels (File, Save As…), or undefined. Used by tests and the harness. */
export function findMenuItem<T extends { label?: string; role?: string; submenu?: T[] }>(items: readonly T[], labels: readonly string[]): T | undefined {
  const [first, ...rest] = labels
  const strip = (label: string | undefined) => label?.replace(/&/g, '')
  const item = items.find((i) => strip(i.label) === first || (i.label === undefined && i.role === first))
  if (!item || rest.length === 0) return item
  return item.submenu ? findMenuItem(item.submenu, rest) : undefined
}

export interface MenuHostOptions extends Omit<MenuOptions, 'recent'> {
  /** The recent projects, read on every rebuild (they change when the window saves or opens). */
  recent: () => Promise<string[]>
  /** Installs the menu (main: Menu.setApplicationMenu(Menu.buildFromTemplate(items))). */
  apply: (items: ClickableMenuItem[]) => void
  /** A menu item with an action was chosen (main: sends a menu:action event to the window). */
  onAction: (action: MenuAction, path?: string) => void
}

/** Keeps the installed menu in step with the window's reported state (app:menu-state). */
export class MenuHost {
  private state: MenuState = INITIAL_MENU_STATE
  private generation = 0
  /** The last installed menu (the harness clicks it). */
  items: ClickableMenuItem[] = []

  constructor(private readonly options: MenuHostOptions) {}

  /** Rebuilds the menu for `state` (default: the last one reported); a newer update supersedes a pending one. */
  async update(state: MenuState = this.state): Promise<void> {
    this.state = state
    const generation = ++this.generation
    const recent = await this.options.recent().catch(() => [])
    if (generation !== this.generation) return
    const { recent: _, apply, onAction, ...options } = this.options
    this.items = withClicks(menuTemplate(state, { ...options, recent }), onAction)
    apply(this.items)
  }
}
