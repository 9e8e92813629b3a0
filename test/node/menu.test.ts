// The application menu as data (src/node/menu.ts): every item, its accelerator and role, its enabled state
// for the window's state, what a packaged app leaves out, and the host that rebuilds it.
import { describe, expect, it } from 'vitest'
import { findMenuItem, menuTemplate, MenuHost, withClicks, type ClickableMenuItem, type MenuItemSpec, type MenuOptions } from '../../src/node/menu.js'
import { INITIAL_MENU_STATE, MENU_ACTIONS, type MenuAction, type MenuState } from '../../src/shared/app-menu.js'

const idle: MenuState = { dirty: false, busy: false, hasWeights: false, canTrain: true, run: null }
const linux: MenuOptions = { packaged: true, platform: 'linux', recent: ['/home/u/a.rnn.json', '/home/u/b.rnn.json'] }

const item = (items: MenuItemSpec[], ...labels: string[]) => {
  const found = findMenuItem(items, labels)
  if (!found) throw new Error(`no menu item ${labels.join(' › ')}`)
  return found
}
const enabled = (items: MenuItemSpec[], ...labels: string[]) => item(items, ...labels).enabled !== false
/** Every item, depth first, as "Top › Item" (separators left out). */
const outline = (items: MenuItemSpec[], prefix = ''): string[] =>
  items.flatMap((i) => {
    if (i.type === 'separator') return []
    const name = `${prefix}${(i.label ?? i.role ?? '?').replace(/&/g, '')}`
    return [name, ...(i.submenu ? outline(i.submenu, `${name} › `) : [])]
  })
const roles = (items: MenuItemSpec[]): string[] => items.flatMap((i) => [...(i.role ? [i.role] : []), ...(i.submenu ? roles(i.submenu) : [])])
const actions = (items: MenuItemSpec[]): MenuAction[] => items.flatMap((i) => [...(i.action ? [i.action] : []), ...(i.submenu ? actions(i.submenu) : [])])

describe('the menu template', () => {
  it('has File, Edit, View, Training and Help with every item (Windows and Linux)', () => {
    const menu = menuTemplate(idle, linux)
    expect(menu.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Training', '&Help'])
    expect(outline(menu)).toEqual([
      'File',
      'File › New',
      'File › Open…',
      'File › Open Recent',
      'File › Open Recent › a.rnn.json — /home/u/a.rnn.json',
      'File › Open Recent › b.rnn.json — /home/u/b.rnn.json',
      'File › Save',
      'File › Save As…',
      'File › Export…',
      'File › Import weights…',
      'File › Quit',
      'Edit',
      'Edit › undo',
      'Edit › redo',
      'Edit › cut',
      'Edit › copy',
      'Edit › paste',
      'Edit › delete',
      'Edit › selectAll',
      'View',
      'View › resetZoom',
      'View › zoomIn',
      'View › zoomOut',
      'View › togglefullscreen',
      'View › Language',
      'View › Language › System language',
      'View › Language › English',
      'View › Language › Polski',
      'Training',
      'Training › Train',
      'Training › Pause',
      'Training › Step',
      'Training › Stop',
      'Help',
      'Help › Documentation',
      'Help › Lecture Notes (the Model)',
      'Help › About RNN Workbench',
    ])
    expect(item(menu, 'File', 'Quit').role).toBe('quit')
    // every action the window knows is reachable from the menu
    expect(new Set(actions(menu))).toEqual(new Set(MENU_ACTIONS))
  })

  it('gives the accelerators, and leaves the keys the window handles itself unregistered', () => {
    const menu = menuTemplate(idle, linux)
    const keys = Object.fromEntries(
      ['New', 'Open…', 'Save', 'Save As…', 'Export…', 'Quit'].map((l) => [l, item(menu, 'File', l).accelerator]).concat(
        ['Train', 'Pause', 'Step', 'Stop'].map((l) => [l, item(menu, 'Training', l).accelerator]),
      ),
    )
    expect(keys).toEqual({ New: 'CmdOrCtrl+N', 'Open…': 'CmdOrCtrl+O', Save: 'CmdOrCtrl+S', 'Save As…': 'CmdOrCtrl+Shift+S', 'Export…': 'CmdOrCtrl+E', Quit: 'CmdOrCtrl+Q', Train: 'F5', Pause: 'F6', Step: 'F10', Stop: 'Shift+F5' })
    // ProjectBar.vue handles Ctrl+N/O/S/Shift+S: registered twice, one key press would act twice
    for (const l of ['New', 'Open…', 'Save', 'Save As…']) expect(item(menu, 'File', l).registerAccelerator).toBe(false)
    for (const l of ['Train', 'Pause', 'Step', 'Stop']) expect(item(menu, 'Training', l).registerAccelerator).toBeUndefined()
  })

  it('has no Reload and no developer tools in a packaged app; both in development', () => {
    const packaged = roles(menuTemplate(idle, linux))
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(packaged).not.toContain(role)
    const dev = roles(menuTemplate(idle, { ...linux, packaged: false }))
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(dev).toContain(role)
  })

  it('puts About, Services, Hide and Quit in the application menu on macOS, and Close Window in File', () => {
    const menu = menuTemplate(idle, { ...linux, platform: 'darwin' })
    expect(menu.map((m) => m.label ?? m.role)).toEqual(['RNN Workbench', '&File', '&Edit', '&View', '&Training', 'windowMenu', '&Help'])
    expect(roles(menu[0].submenu!)).toEqual(['services', 'hide', 'hideOthers', 'unhide', 'quit'])
    expect(menu[0].submenu![0]).toMatchObject({ label: 'About RNN Workbench', action: 'help.about' })
    expect(findMenuItem(menu, ['File', 'Quit'])).toBeUndefined()
    expect(roles(item(menu, 'File').submenu!)).toEqual(['close'])
    expect(roles(item(menu, 'Edit').submenu!)).toContain('pasteAndMatchStyle')
    expect(findMenuItem(menu, ['Help', 'About RNN Workbench'])).toBeUndefined() // once, where macOS users look
  })

  it('enables the file items as the window does its buttons', () => {
    const at = (state: Partial<MenuState>, recent = linux.recent) => menuTemplate({ ...idle, ...state }, { ...linux, recent })
    const file = ['New', 'Open…', 'Open Recent', 'Save', 'Save As…', 'Export…', 'Import weights…', 'Quit']
    const states = (menu: MenuItemSpec[]) => Object.fromEntries(file.map((l) => [l, enabled(menu, 'File', l)]))
    expect(states(at({}))).toEqual({ New: true, 'Open…': true, 'Open Recent': true, Save: true, 'Save As…': true, 'Export…': false, 'Import weights…': true, Quit: true })
    expect(states(at({ hasWeights: true }))['Export…']).toBe(true)
    // a file operation on its way: nothing that starts another
    expect(states(at({ busy: true }))).toEqual({ New: false, 'Open…': false, 'Open Recent': false, Save: false, 'Save As…': false, 'Export…': false, 'Import weights…': false, Quit: true })
    // a run writes its weights into the project: no other project, no imported weights; saving is fine
    for (const run of ['starting', 'running', 'paused'] as const) {
      expect(states(at({ run, hasWeights: true }))).toEqual({ New: false, 'Open…': false, 'Open Recent': false, Save: true, 'Save As…': true, 'Export…': true, 'Import weights…': false, Quit: true })
    }
    expect(enabled(at({}, []), 'File', 'Open Recent')).toBe(false) // nothing to show
    expect(item(at({}), 'File', 'Open Recent').submenu!.map((i) => [i.action, i.path])).toEqual([
      ['file.openRecent', '/home/u/a.rnn.json'],
      ['file.openRecent', '/home/u/b.rnn.json'],
    ])
    const many = Array.from({ length: 15 }, (_, i) => `/p/${i}.rnn.json`)
    expect(item(at({}, many), 'File', 'Open Recent').submenu).toHaveLength(10)
  })

  it('enables Train, Pause/Resume, Step and Stop by the run status', () => {
    const training = (state: Partial<MenuState>) => {
      const menu = menuTemplate({ ...idle, ...state }, linux)
      return item(menu, 'Training').submenu!.map((i) => `${i.label}${i.enabled === false ? ' (off)' : ''}`)
    }
    expect(training({})).toEqual(['Train', 'Pause (off)', 'Step (off)', 'Stop (off)'])
    expect(training({ canTrain: false })).toEqual(['Train (off)', 'Pause (off)', 'Step (off)', 'Stop (off)'])
    expect(training({ run: 'starting', canTrain: false })).toEqual(['Train (off)', 'Pause (off)', 'Step (off)', 'Stop'])
    expect(training({ run: 'running', canTrain: false })).toEqual(['Train (off)', 'Pause', 'Step (off)', 'Stop'])
    expect(training({ run: 'paused', canTrain: false })).toEqual(['Train (off)', 'Resume', 'Step', 'Stop'])
    for (const run of ['completed', 'stopped', 'failed'] as const) expect(training({ run })).toEqual(['Train', 'Pause (off)', 'Step (off)', 'Stop (off)'])
  })

  it('waits for the window before enabling what needs a project', () => {
    const menu = menuTemplate(INITIAL_MENU_STATE, linux)
    for (const l of ['New', 'Open…', 'Save', 'Export…']) expect(enabled(menu, 'File', l)).toBe(false)
    expect(enabled(menu, 'Training', 'Train')).toBe(false)
    expect(enabled(menu, 'Help', 'Documentation')).toBe(true)
  })
})

describe("the menu in the window's language", () => {
  it("speaks Polish when the window does, roles included; English keeps Electron's role labels", () => {
    const menu = menuTemplate({ ...idle, locale: 'pl' }, linux)
    expect(menu.map((m) => m.label)).toEqual(['&Plik', '&Edycja', '&Widok', '&Uczenie', 'Pomo&c'])
    expect(item(menu, 'Plik', 'Zapisz jako…').action).toBe('file.saveAs')
    expect(item(menu, 'Edycja', 'Kopiuj').role).toBe('copy')
    expect(item(menu, 'Uczenie', 'Ucz').accelerator).toBe('F5')
    expect(item(menu, 'Pomoc', 'O programie RNN Workbench').action).toBe('help.about')
    expect(outline(menu).filter((l) => !l.includes('ostatnie ›') && /^[a-z]/.test(l.split(' › ').at(-1)!))).toEqual([]) // no role name shown bare
    expect(item(menuTemplate(idle, linux), 'Edit', 'copy').label).toBeUndefined()
  })

  it('lists the languages under View › Language, each in itself, the chosen one checked', () => {
    const languages = (state: Partial<MenuState>) =>
      item(menuTemplate({ ...idle, ...state }, linux), state.locale === 'pl' ? 'Widok' : 'View', state.locale === 'pl' ? 'Język' : 'Language').submenu!.map((i) => [i.label, i.type, i.checked, i.action])
    expect(languages({})).toEqual([
      ['System language', 'radio', true, 'view.language.system'],
      ['English', 'radio', false, 'view.language.en'],
      ['Polski', 'radio', false, 'view.language.pl'],
    ])
    expect(languages({ locale: 'pl', language: 'pl' })).toEqual([
      ['Język systemu', 'radio', false, 'view.language.system'],
      ['English', 'radio', false, 'view.language.en'],
      ['Polski', 'radio', true, 'view.language.pl'],
    ])
  })
})

describe('clicks and the menu host', () => {
  it('gives each item with an action a click that reports the action (and a recent path), roles none', () => {
    const chosen: [MenuAction, string | undefined][] = []
    const menu = withClicks(menuTemplate(idle, linux), (action, path) => chosen.push([action, path]))
    findMenuItem(menu, ['File', 'Save As…'])!.click!()
    findMenuItem(menu, ['Training', 'Train'])!.click!()
    findMenuItem(menu, ['File', 'Open Recent'])!.submenu![1].click!()
    expect(chosen).toEqual([
      ['file.saveAs', undefined],
      ['training.train', undefined],
      ['file.openRecent', '/home/u/b.rnn.json'],
    ])
    expect(findMenuItem(menu, ['Edit', 'copy'])!.click).toBeUndefined()
    // Electron's template has no `action` or `path` keys
    const keys = (items: ClickableMenuItem[]): string[] => items.flatMap((i) => [...Object.keys(i), ...(i.submenu ? keys(i.submenu) : [])])
    expect(keys(menu)).not.toContain('action')
    expect(keys(menu)).not.toContain('path')
  })

  it('rebuilds with the latest state and the recent list read each time', async () => {
    const applied: ClickableMenuItem[][] = []
    let recent = ['/x/one.rnn.json']
    const host = new MenuHost({ packaged: true, platform: 'linux', recent: async () => recent, apply: (items) => applied.push(items), onAction: () => {} })
    await host.update()
    expect(findMenuItem(applied[0], ['File', 'Save'])!.enabled).toBe(false) // before the window reports
    recent = ['/x/two.rnn.json', '/x/one.rnn.json']
    await host.update({ ...idle, run: 'paused' })
    expect(findMenuItem(applied[1], ['Training', 'Resume'])!.enabled).toBe(true)
    expect(findMenuItem(applied[1], ['File', 'Open Recent'])!.submenu).toHaveLength(2)
    // two updates in flight: only the newer one is installed
    await Promise.all([host.update({ ...idle, run: 'running' }), host.update({ ...idle, run: null })])
    expect(applied).toHaveLength(3)
    expect(findMenuItem(applied[2], ['Training', 'Pause'])!.enabled).toBe(false)
    expect(host.items).toBe(applied[2])
  })
})
