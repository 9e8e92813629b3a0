/**
 * The end-to-end harness: the real main-process services under Node (trainer processes through the
 * child_process launcher, example files from resources/), and the built renderer (out/renderer) served
 * to Debian's Chromium through playwright-core. `window.api` in the page is built from the shared contract
 * (createWindowApi) on a bridge to the same dispatcher and handlers the Electron main process uses; events
 * are queued until the page says it is ready, as in the app.
 *
 * The application menu and files handed over from outside go through the modules main uses: a MenuHost
 * rebuilds the menu from the state the page reports (clickMenu clicks its items as Electron would), and
 * openFileArgument / the `argv` launch option pick the project out of a command line with projectPathFromArgv
 * and offer it to the window (OfferedFiles), as main does at start, on 'second-instance' and on 'open-file'.
 */
import { createServer, type Server } from 'node:http'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { EventQueue } from '../../src/node/events.js'
import { createHandlers } from '../../src/node/handlers.js'
import { workerSpeaker } from '../../src/node/speech/index.js'
import { createDispatcher } from '../../src/node/ipc-dispatch.js'
import { ExamplesService } from '../../src/node/services/examples.js'
import { nodeTrainerLauncher } from '../../src/node/services/launcher.js'
import { TrainingService } from '../../src/node/services/training.js'
import { ProjectService } from '../../src/node/services/projects.js'
import { OfferedFiles, projectPathFromArgv } from '../../src/node/launch.js'
import { findMenuItem, MenuHost, type ClickableMenuItem } from '../../src/node/menu.js'
import { LanguageSettings } from '../../src/node/language.js'
import { INITIAL_MENU_STATE } from '../../src/shared/app-menu.js'
import { ScriptedDialogs } from './dialogs.js'
import { workerScriptRunner } from '../../src/node/services/project-data.js'
import { build } from 'vite'

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

/** The real preload, bundled for a browser page with 'electron' replaced by electron-shim.ts. */
let preloadCode: string | null = null
async function preloadForBrowser(): Promise<string> {
  if (preloadCode) return preloadCode
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: { electron: join(import.meta.dirname, 'electron-shim.ts') } },
    build: { write: false, minify: false, lib: { entry: join(root, 'src/preload/index.ts'), formats: ['iife'], name: 'rnnwbPreload' } },
  })
  const output = (Array.isArray(result) ? result[0] : result) as { output: { code?: string }[] }
  preloadCode = output.output[0].code!
  return preloadCode
}

export interface Harness {
  page: Page
  training: TrainingService
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
  /** The system's preferred languages (main: app.getPreferredSystemLanguages()); default ['en-US'], so that a
   *  test never depends on the machine's locale. View › Language switches as in the app. */
  systemLanguages?: string[]
}

export async function launchHarness(options: LaunchOptions = {}): Promise<Harness> {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first')
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`)
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  })
  const { server, url } = await serve(rendererDir)
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } })
  const closeServer = () => new Promise((r) => server.close(r))
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))

  const events = new EventQueue((name, payload) => {
    // as JSON text: Playwright's own argument serialization is slow for large nested payloads
    void page.evaluate(([n, p]) => (globalThis as unknown as { __rnnwbDeliver(n: string, p: unknown): void }).__rnnwbDeliver(n, JSON.parse(p)), [name, JSON.stringify(payload)] as const).catch(() => {})
  })
  const training = new TrainingService(nodeTrainerLauncher(), (name, payload) => events.emit(name, payload))
  const speaker = workerSpeaker() // eSpeak NG's worker thread, ended with the harness
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
      projects,
      dialogs,
      scripts: workerScriptRunner(),
      resourcesDir: join(root, 'resources'),
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

  try {
    await page.exposeFunction('__rnnwbInvoke', async (channel: string, args: string) => JSON.stringify((await dispatch(channel, JSON.parse(args))) ?? null))
    await page.addInitScript({ content: await preloadForBrowser() })
    await page.goto(url)
  } catch (e) {
    training.dispose()
    await speaker.close()
    await context.close()
    await closeServer()
    throw e
  }

  return {
    page,
    training,
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
      training.dispose()
      await speaker.close()
      await context.close().finally(closeServer)
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
}
