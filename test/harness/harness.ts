/**
 * The end-to-end harness: the real main-process services under Node (trainer processes through the
 * child_process launcher, example files from resources/), and the built renderer (out/renderer) served
 * to Debian's Chromium through playwright-core. The trainer process and the worker threads (data scripts, forward
 * passes, the Lab, speech) start from the entries the app's build made (out/main/chunks), the ones main passes
 * to the same services: JavaScript as in the app, not TypeScript compiled by tsx at every start, which on a busy
 * machine takes seconds per run (the source entries are tested in test/node). `window.api` in the page is built from the shared contract
 * (createWindowApi) on a bridge to the same dispatcher and handlers the Electron main process uses; events
 * are queued until the page says it is ready, as in the app.
 *
 * The application menu and files handed over from outside go through the modules main uses: a MenuHost
 * rebuilds the menu from the state the page reports (clickMenu clicks its items as Electron would), and
 * openFileArgument / the `argv` launch option pick the project out of a command line with projectPathFromArgv
 * and offer it to the window (OfferedFiles), as main does at start, on 'second-instance' and on 'open-file'.
 *
 * Use: `h = await launchHarness()` in beforeEach, `await h.close()` in afterEach, `afterAll(closeBrowser)`.
 * Every launch gets new services, a new temporary folder and a new server on a new port, so the page's origin
 * (and with it localStorage, sessionStorage, IndexedDB and the HTTP cache) is new each time. What the launches
 * of one test file share is the browser, and its context and tab: a new context and tab cost Chromium a new
 * renderer process (seconds on a busy 2-core machine, most of a launch), so close() parks the tab on
 * about:blank and removes the listeners the test added to `page`, and the next launch takes the tab up again at
 * the default viewport. The preload bundle is made once per run (test/global-setup.ts hands it over; a file run
 * without that setup bundles it itself, once per file).
 * A test that needs a context of its own (it changes context-wide state through page.context(): permissions,
 * cookies, more pages; or it closes the page) passes `{ freshContext: true }`; a second harness open at the same
 * time gets one automatically.
 */
import { createServer, type Server } from 'node:http'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { EventQueue } from '../../src/node/events.js'
import { createHandlers } from '../../src/node/handlers.js'
import { workerSpeaker } from '../../src/node/speech/index.js'
import { workerInspector } from '../../src/node/inspect/index.js'
import { workerLab } from '../../src/node/lab/index.js'
import { createDispatcher, type Dispatch } from '../../src/node/ipc-dispatch.js'
import { ExamplesService } from '../../src/node/services/examples.js'
import { TrainingService } from '../../src/node/services/training.js'
import { SweepService } from '../../src/node/services/sweeps.js'
import { ProjectService } from '../../src/node/services/projects.js'
import { OfferedFiles, projectPathFromArgv } from '../../src/node/launch.js'
import { findMenuItem, MenuHost, type ClickableMenuItem } from '../../src/node/menu.js'
import { LanguageSettings } from '../../src/node/language.js'
import { INITIAL_MENU_STATE } from '../../src/shared/app-menu.js'
import { ScriptedDialogs } from './dialogs.js'
import { workerScriptRunner } from '../../src/node/services/project-data.js'
import { inject } from 'vitest'
import { bundlePreloadForBrowser } from './preload-bundle.js'
import { builtEntry, builtTrainerLauncher } from '../helpers/built.js'

const root = join(import.meta.dirname, '../..')
const rendererDir = join(root, 'out/renderer')
export const screenshotDir = join(root, 'test-output')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json' }

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let path: string
    try {
      path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
    } catch {
      res.writeHead(400).end()
      return
    }
    const file = join(dir, path === '/' ? 'index.html' : path)
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })))
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** bundlePreloadForBrowser's code, made once per run by test/global-setup.ts. */
    preloadForBrowser: string
  }
}

/** The preload bundle: the global setup's, or (a file run without it) bundled here once. */
let preloadCode: string | null = null
async function preloadForBrowser(): Promise<string> {
  preloadCode ??= (inject('preloadForBrowser') as string | undefined) ?? (await bundlePreloadForBrowser())
  return preloadCode
}

export interface Harness {
  page: Page
  training: TrainingService
  sweeps: SweepService
  projects: ProjectService
  dialogs: ScriptedDialogs
  /** A temporary folder for this harness's files (the app's user-data folder lives inside it). */
  stateDir: string
  /** The application menu, rebuilt from the state the page reports (as main's). */
  menu: MenuHost
  /** The menu item at a path of labels (File, Save As…); throws when there is none. */
  menuItem(...labels: string[]): ClickableMenuItem
  /** Waits until the item is enabled (the page reports its state asynchronously), then clicks it. */
  clickMenu(...labels: string[]): Promise<void>
  /** A later launch's command line (a second instance, or the OS opening an associated file): the project it
   *  names is offered to the running window. Returns the path, or null when argv names none. */
  openFileArgument(argv: string[], cwd: string): string | null
  /** Saves a screenshot as test-output/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>
  close(): Promise<void>
}

let browser: Browser | null = null

export interface LaunchOptions {
  /** The command line the app starts with (argv[0] the executable, as in a packaged app) and its folder. */
  argv?: string[]
  cwd?: string
  /** A browser context and tab of this harness's own instead of the file's shared one (see the header). */
  freshContext?: boolean
  /** The system's preferred languages (main: app.getPreferredSystemLanguages()); default ['en-US'], so that a
   *  test never depends on the machine's locale. View › Language switches as in the app. */
  systemLanguages?: string[]
}

const VIEWPORT = { width: 1200, height: 800 }

/** The tab the launches of a test file take turns in: the bridge and the preload are installed once, and
 *  `current` says which harness's dispatcher and error list they serve. */
interface SharedTab {
  context: BrowserContext
  page: Page
  current: { dispatch: Dispatch; pageErrors: string[] } | null
}
let sharedTab: SharedTab | null = null

async function newTab(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser!.newContext({ viewport: VIEWPORT })
  return { context, page: await context.newPage() }
}

/** The file's shared tab, made on first use (or again after a test closed it); null while another harness has it. */
async function takeSharedTab(): Promise<SharedTab | null> {
  if (sharedTab?.current) return null
  if (sharedTab && !sharedTab.page.isClosed()) return sharedTab
  if (sharedTab) await sharedTab.context.close().catch(() => {})
  const { context, page } = await newTab()
  const tab: SharedTab = { context, page, current: null }
  await page.exposeFunction('__rnnwbInvoke', async (channel: string, args: string) => {
    if (!tab.current) throw new Error(`no harness is open for ${channel}`)
    return JSON.stringify((await tab.current.dispatch(channel, JSON.parse(args) as unknown[])) ?? null)
  })
  page.on('pageerror', (e) => tab.current?.pageErrors.push(e.message))
  await page.addInitScript({ content: await preloadForBrowser() })
  sharedTab = tab
  return tab
}

/** Playwright's Page is an event emitter at run time; its typings leave these methods out. */
const emitter = (page: Page) => page as unknown as Pick<NodeJS.EventEmitter, 'eventNames' | 'listeners' | 'off'>

/** The listeners on `page` now, per event, so that a release can remove the ones added later. */
function listenersOf(page: Page): Map<string | symbol, unknown[]> {
  return new Map(emitter(page).eventNames().map((name) => [name, emitter(page).listeners(name)]))
}

export async function launchHarness(options: LaunchOptions = {}): Promise<Harness> {
  if (!existsSync(join(rendererDir, 'index.html')) || !existsSync(builtEntry('trainer'))) throw new Error('out/renderer or out/main is missing: run `npm run build` first')
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`)
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  })
  const { server, url } = await serve(rendererDir)
  const closeServer = () => new Promise((r) => server.close(r))
  const shared = options.freshContext ? null : await takeSharedTab()
  const { context, page } = shared ?? (await newTab())
  const pageErrors: string[] = []
  let closed = false

  const events = new EventQueue((name, payload) => {
    if (closed) return // the shared tab may serve the next harness already
    // as JSON text: Playwright's own argument serialization is slow for large nested payloads
    void page.evaluate(([n, p]) => (globalThis as unknown as { __rnnwbDeliver(n: string, p: unknown): void }).__rnnwbDeliver(n, JSON.parse(p)), [name, JSON.stringify(payload)] as const).catch(() => {})
  })
  const training = new TrainingService(builtTrainerLauncher(), (name, payload) => events.emit(name, payload))
  const sweeps = new SweepService(builtTrainerLauncher(), (name, payload) => events.emit(name, payload))
  const speaker = workerSpeaker({ workerEntry: builtEntry('speech-worker') }) // eSpeak NG's worker thread, ended with the harness
  const stateDir = mkdtempSync(join(tmpdir(), 'rnnwb-harness-'))
  const dialogs = new ScriptedDialogs()
  const projects = new ProjectService(stateDir)
  const offered = new OfferedFiles(events)
  const language = new LanguageSettings(stateDir, () => options.systemLanguages ?? ['en-US'])
  const menu = new MenuHost({
    packaged: true,
    platform: process.platform,
    recent: () => projects.recent(),
    apply: () => {},
    onAction: (action, path) => events.emit('menu:action', { action, ...(path ? { path } : {}) }),
  })
  const openFileArgument = (argv: string[], cwd: string) => {
    const path = projectPathFromArgv(argv, { defaultApp: false, cwd })
    if (path) offered.offer(path)
    return path
  }
  if (options.argv) openFileArgument(options.argv, options.cwd ?? process.cwd())
  const dispatch = createDispatcher(
    createHandlers({
      version: 'harness',
      events,
      examples: new ExamplesService(join(root, 'resources/examples')),
      training,
      sweeps,
      projects,
      dialogs,
      scripts: workerScriptRunner({ workerEntry: builtEntry('worker') }),
      resourcesDir: join(root, 'resources'),
      inspector: workerInspector({ workerEntry: builtEntry('inspect-worker') }),
      lab: workerLab({ workerEntry: builtEntry('lab-worker') }),
      speaker,
      offered,
      setMenuState: (state) => void menu.update(state),
      versions: process.versions,
      language,
    }),
  )
  const { locale, choice } = await language.get()
  await menu.update({ ...INITIAL_MENU_STATE, locale, language: choice })
  const menuItem = (...labels: string[]) => {
    const item = findMenuItem(menu.items, labels)
    if (!item) throw new Error(`no menu item ${labels.join(' › ')}`)
    return item
  }

  const listenersBefore = listenersOf(page)
  /** Gives the tab back: the shared one parked on about:blank without this test's listeners, a fresh one closed. */
  const release = async () => {
    closed = true
    if (!shared) return context.close()
    await page.goto('about:blank').catch(() => {})
    for (const name of emitter(page).eventNames()) {
      const before = listenersBefore.get(name) ?? []
      for (const listener of emitter(page).listeners(name)) if (!before.includes(listener)) emitter(page).off(name, listener as never)
    }
    shared.current = null
  }
  try {
    if (shared) {
      shared.current = { dispatch, pageErrors }
      const size = page.viewportSize()
      if (size?.width !== VIEWPORT.width || size?.height !== VIEWPORT.height) await page.setViewportSize(VIEWPORT)
    } else {
      page.on('pageerror', (e) => pageErrors.push(e.message))
      await page.exposeFunction('__rnnwbInvoke', async (channel: string, args: string) => JSON.stringify((await dispatch(channel, JSON.parse(args))) ?? null))
      await page.addInitScript({ content: await preloadForBrowser() })
    }
    await page.goto(url)
  } catch (e) {
    training.dispose()
    sweeps.dispose()
    await speaker.close()
    await release()
    await closeServer()
    throw e
  }

  return {
    page,
    training,
    sweeps,
    projects,
    dialogs,
    stateDir,
    menu,
    menuItem,
    async clickMenu(...labels) {
      const end = Date.now() + 20_000
      while (menuItem(...labels).enabled === false) {
        if (Date.now() > end) throw new Error(`menu item ${labels.join(' › ')} stays disabled`)
        await new Promise((r) => setTimeout(r, 25))
      }
      menuItem(...labels).click!()
    },
    openFileArgument,
    async screenshot(name) {
      mkdirSync(screenshotDir, { recursive: true })
      const path = join(screenshotDir, `${name}.png`)
      // the window's columns scroll on their own: a tall viewport shows everything in one picture
      const size = page.viewportSize()
      await page.setViewportSize({ width: size?.width ?? 1200, height: 1700 })
      await page.waitForTimeout(250) // let charts follow the resize
      await page.screenshot({ path })
      if (size) await page.setViewportSize(size)
      return path
    },
    async close() {
      // the page goes first (a parked tab may still call the services while it unloads), then the services
      await release().finally(async () => {
        training.dispose()
        sweeps.dispose()
        await speaker.close()
        await closeServer()
      })
      rmSync(stateDir, { recursive: true, force: true })
      if (pageErrors.length) throw new Error(`errors in the page: ${pageErrors.join('; ')}`)
    },
  }
}

/** Polls `what` every 25 ms until it holds; throws after `ms`. */
export async function waitFor(what: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}

export async function closeBrowser(): Promise<void> {
  await browser?.close()
  browser = null
  sharedTab = null
}
