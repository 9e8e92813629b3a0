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
  app: {
    views: 'Workbench views',
    tabTraining: 'Training',
    tabData: 'Data',
    scriptFailed: 'The data script failed',
  },
  common: {
    close: 'Close',
    closeEsc: 'Close (Esc)',
    dismiss: 'Dismiss',
    cancel: 'Cancel',
    loading: 'Loading…',
    stopTrainingFirst: 'Stop training first',
  },
  projectBar: {
    notSaved: 'Not saved yet',
    projectName: 'Project name',
    untitled: 'Untitled',
    renameTitle: 'Project name (click to rename)',
    unsaved: 'Unsaved changes',
    commands: 'Project',
    new: 'New',
    newTitle: 'New blank project (Ctrl+N)',
    examples: 'Examples',
    examplesTitle: 'Open a bundled example',
    open: 'Open…',
    openTitle: 'Open a project file (Ctrl+O)',
    recent: 'Recent',
    recentTitle: 'Recent projects',
    noRecent: 'No recent projects',
    save: 'Save',
    saveTitle: 'Save (Ctrl+S)',
    saveAs: 'Save As…',
    saveAsTitle: 'Save under a new name (Ctrl+Shift+S)',
    export: 'Export…',
    exportTitle: 'Export the trained weights (JSON, NumPy, ONNX, CSV, PyTorch)',
    exportUntrainedTitle: 'Export the trained weights (train the network first)',
    importWeights: 'Import weights…',
    importTitle: 'Read weights from a JSON or .npz file into this project',
  },
}

/** The shape every catalogue has: en's keys, each a string. */
export type Messages = typeof en
