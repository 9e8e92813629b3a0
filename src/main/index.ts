/**
 * Electron main: the window, its security settings, and the wiring of services to IPC. Kept thin: the
 * services, handlers, dispatch and event queue are Electron-free (src/node) and tested under Node (test/node) and in a
 * browser (test/harness).
 */
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { app, BrowserWindow, Menu, screen, session, type MenuItemConstructorOptions, type WebContents } from 'electron'
import { electronTrainerLauncher } from './electron-launcher'
import { EventQueue } from '../node/events'
import { createHandlers } from '../node/handlers'
import { registerIpc } from './ipc'
import { createDispatcher } from '../node/ipc-dispatch'
import { electronDialogs } from './electron-dialogs'
import { ExamplesService } from '../node/services/examples'
import { workerScriptRunner } from '../node/services/project-data'
import scriptWorkerEntry from '../node/scripts/worker?modulePath'
import inspectWorkerEntry from '../node/inspect/inspect-worker?modulePath'
import labWorkerEntry from '../node/lab/lab-worker?modulePath'
import { workerInspector } from '../node/inspect/index'
import { workerLab } from '../node/lab/index'
import speechWorkerEntry from '../node/speech/speech-worker?modulePath'
import { workerSpeaker } from '../node/speech/index'
import { ProjectService } from '../node/services/projects'
import { TrainingService } from '../node/services/training'
import { SweepService } from '../node/services/sweeps'
import { isTrustedRequest } from '../node/trust'
import { permissionGranted } from '../node/permissions'
import { MenuHost } from '../node/menu'
import { OfferedFiles, projectPathFromArgv } from '../node/launch'
import { LanguageSettings } from '../node/language'
import { INITIAL_MENU_STATE } from '../shared/app-menu'
import { DEFAULT_SIZE, DEFAULT_WINDOW_STATE, loadWindowState, MIN_SIZE, saveWindowState } from '../node/window-state'

// One instance: a second launch hands its argv (a file to open) to this one ('second-instance') and exits.
if (!app.requestSingleInstanceLock()) app.exit(0)

const here = dirname(fileURLToPath(import.meta.url)) // out/main
const preloadPath = join(here, '../preload/index.cjs')
const rendererHtml = join(here, '../renderer/index.html')
const devUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined
/** The files that ship with the app (examples, the NETtalk corpus): electron-builder's extraResources when packaged. */
const resourcesDir = app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources')
const examplesDir = join(resourcesDir, 'examples')

const windows = new Set<WebContents>()
let mainWindow: BrowserWindow | null = null
const events = new EventQueue((name, payload) => mainWindow?.webContents.send(name, payload))
const training = new TrainingService(electronTrainerLauncher, (name, payload) => events.emit(name, payload))
// sweeps run in trainer processes of their own host, not among the window's training runs
const sweeps = new SweepService(electronTrainerLauncher, (name, payload) => events.emit(name, payload))
const projects = new ProjectService(app.getPath('userData'))
/** The renderer's unsaved-changes flag: closing the window with changes asks first. */
let dirty = false
const userData = app.getPath('userData')
let windowState = DEFAULT_WINDOW_STATE
// project files from the command line, a second launch, or macOS: opened by the window as File › Open would
const offered = new OfferedFiles(events)
const offerArgv = (argv: string[], cwd: string) => {
  const path = projectPathFromArgv(argv, { defaultApp: process.defaultApp === true, cwd })
  if (path) offered.offer(path)
}
offerArgv(process.argv, process.cwd())
// the window's language: View › Language's saved choice, else the system's first language the window speaks
const language = new LanguageSettings(userData, () => {
  const preferred = app.getPreferredSystemLanguages()
  return preferred.length > 0 ? preferred : [app.getLocale()]
})
const menu = new MenuHost({
  packaged: app.isPackaged,
  platform: process.platform,
  recent: () => projects.recent(),
  apply: (items) => Menu.setApplicationMenu(Menu.buildFromTemplate(items as MenuItemConstructorOptions[])),
  onAction: (action, path) => events.emit('menu:action', { action, ...(path ? { path } : {}) }),
})

const appUrl = devUrl ?? pathToFileURL(rendererHtml).href
const isTrusted = (sender: WebContents, frameUrl: string | undefined) => isTrustedRequest({ fromOwnWindow: windows.has(sender), frameUrl, appUrl, devServer: devUrl !== undefined })

function createWindow(): BrowserWindow {
  const { bounds } = windowState
  const win = new BrowserWindow({
    ...(bounds ?? DEFAULT_SIZE),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'RNN Workbench',
    ...(process.platform === 'linux' ? { icon: join(app.getAppPath(), 'resources/icon.png') } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  if (windowState.maximized) win.maximize()
  const contents = win.webContents
  windows.add(contents)
  win.on('closed', () => {
    windows.delete(contents)
    events.reset() // events wait for the next window's page
    if (mainWindow === win) mainWindow = null
  })
  contents.on('did-start-loading', () => events.reset())
  win.on('close', (event) => {
    try {
      windowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() }
      saveWindowState(userData, windowState)
    } catch (e) {
      console.error('could not save the window state:', e)
    }
    if (!dirty) {
      void projects.discardOwnRecovery() // a clean close: nothing of this session to offer back next time
      return
    }
    event.preventDefault()
    void electronDialogs
      .confirm({ message: 'Close without saving?', detail: 'The project has unsaved changes, or a training run is going.', confirm: 'Close without saving', cancel: 'Cancel' })
      .then(async (close) => {
        if (!close) return
        dirty = false
        await projects.discardOwnRecovery()
        win.close()
      })
  })
  win.once('ready-to-show', () => win.show())
  if (devUrl) void win.loadURL(devUrl)
  else void win.loadFile(rendererHtml)
  return win
}

// Every web contents: no navigation away from the app, no new windows, no <webview>.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

app.on('second-instance', (_event, argv, cwd) => {
  offerArgv(argv, cwd)
  if (mainWindow?.isMinimized()) mainWindow.restore()
  mainWindow?.focus()
})
// macOS: a file opened in the Finder or dropped on the Dock icon (before or after launch)
app.on('open-file', (event, path) => {
  event.preventDefault()
  offered.offer(path)
  if (app.isReady() && !mainWindow) mainWindow = createWindow()
})

// after the windows have closed (and their questions were answered), not before
app.on('will-quit', () => {
  training.dispose()
  sweeps.dispose()
})

void app.whenReady().then(async () => {
  // web permissions: the same answer whether a page requests one or only checks it (src/node/permissions.ts)
  const granted = (contents: WebContents | null, permission: string, url: string | undefined) =>
    permissionGranted({ permission, trusted: contents !== null && isTrusted(contents, url ?? contents.getURL()) })
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) => callback(granted(contents, permission, details.requestingUrl)))
  session.defaultSession.setPermissionCheckHandler((contents, permission, _origin, details) => granted(contents, permission, details.requestingUrl))
  session.defaultSession.setDevicePermissionHandler(() => false) // no HID, serial or USB device, ever
  const handlers = createHandlers({
    version: app.getVersion(),
    events,
    examples: new ExamplesService(examplesDir),
    training,
    sweeps,
    projects,
    dialogs: electronDialogs,
    scripts: workerScriptRunner({ workerEntry: scriptWorkerEntry }),
    resourcesDir,
    inspector: workerInspector({ workerEntry: inspectWorkerEntry }),
    lab: workerLab({ workerEntry: labWorkerEntry }),
    speaker: workerSpeaker({ workerEntry: speechWorkerEntry }),
    setDirty: (value) => (dirty = value),
    offered,
    setMenuState: (state) => void menu.update(state),
    versions: process.versions,
    language,
  })
  registerIpc(createDispatcher(handlers), isTrusted)
  // in the window's language from the start (the window reports it with its state from then on)
  const { locale, choice } = await language.get()
  await menu.update({ ...INITIAL_MENU_STATE, locale, language: choice })
  windowState = await loadWindowState(userData, screen.getAllDisplays().map((d) => d.workArea))
  mainWindow = createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
  })
})
