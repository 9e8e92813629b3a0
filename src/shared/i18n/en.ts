/**
 * The English catalogue: every string the window shows, by key. It is the schema of the others (pl.ts is typed
 * `Messages`, so a key missing there, or one it adds, fails the typecheck). docs/translating.md says how to
 * add a language.
 *
 * Message syntax is vue-i18n's: `{name}` is a value filled in, `a | b` are plural forms (English: one | other;
 * Polish: one | few | many), and the characters { } @ $ | are special: write them as {'{'} {'}'} {'@'} {'$'} {'|'}.
 * The `menu` section is read by the host (src/node/menu.ts) with plain `{name}` filling only.
 * Formulas and symbols (E, c, R, n_r, W, x_t, δ) are the lecture notes' own and stay as they are in every language.
 */
export const en = {
  /** The application menu (src/node/menu.ts). `&` marks the access key on Windows and Linux. */
  menu: {
    file: '&File',
    new: 'New',
    open: 'Open…',
    openRecent: 'Open Recent',
    save: 'Save',
    saveAs: 'Save As…',
    export: 'Export…',
    importWeights: 'Import weights…',
    quit: 'Quit',
    edit: '&Edit',
    view: '&View',
    language: 'Language',
    languageSystem: 'System language',
    training: '&Training',
    train: 'Train',
    pause: 'Pause',
    resume: 'Resume',
    step: 'Step',
    stop: 'Stop',
    help: '&Help',
    documentation: 'Documentation',
    lectureNotes: 'Lecture Notes (the Model)',
    about: 'About {name}',
    window: 'Window',
  },
  /** Electron's role items. English keeps Electron's own labels (its platform wording); other languages use these. */
  roles: {
    about: 'About',
    services: 'Services',
    hide: 'Hide',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    quit: 'Quit',
    close: 'Close Window',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    pasteAndMatchStyle: 'Paste and Match Style',
    delete: 'Delete',
    selectAll: 'Select All',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    togglefullscreen: 'Toggle Full Screen',
    reload: 'Reload',
    forceReload: 'Force Reload',
    toggleDevTools: 'Toggle Developer Tools',
    windowMenu: 'Window',
    help: 'Help',
  },
}

/** The shape every catalogue has: en's keys, each a string. */
export type Messages = typeof en
