// The smoke test of the real Electron app, driven by playwright-core's `_electron`.
// Not a vitest file (no `.test.ts`): `npm run test:electron` (scripts/test-electron.ts) finds the Electron
// runtime (installing it first by the same step as `npm start`, scripts/electron-runtime.mjs), builds out/ when needed,
// and calls `runElectronSmoke`.
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { ElectronApplication, Page } from 'playwright-core'

export interface SmokeOptions {
  /** The Electron executable (never resolved through `require('electron')`, which may download it). */
  readonly executablePath: string
  /** The repository root: the app is launched as `electron .` from here. */
  readonly appDir: string
  /** Where the screenshot of the first window goes. */
  readonly screenshotPath: string
  /** Upper bound for launching and for each wait, in ms. */
  readonly timeoutMs: number
  /** One line per passed check. */
  readonly log: (line: string) => void
}

/** What the renderer's main world exposes; read with `page.evaluate` (no DOM types on the Node side). */
interface RendererGlobals {
  readonly api: string
  readonly require: string
  readonly process: string
}

/** The menu bar's items and each menu's items, as Electron holds them (labels without the & mnemonics). */
interface MenuOutline {
  readonly top: string[]
  readonly items: Record<string, { label: string; role: string; enabled: boolean }[]>
}

/** A project the app is launched with, as the OS would hand it over (a file argument). */
const PROJECT_ARGUMENT = 'resources/examples/sine.rnn.json'

/** Launches the app, checks the first window, screenshots it and closes the app; throws on the first failed check. */
export async function runElectronSmoke(options: SmokeOptions): Promise<void> {
  const { _electron } = await import('playwright-core')
  const mainLog: string[] = []
  let app: ElectronApplication | undefined
  try {
    app = await _electron.launch({
      executablePath: options.executablePath,
      args: ['.', PROJECT_ARGUMENT],
      cwd: options.appDir,
      timeout: options.timeoutMs,
      env: appEnv(process.env),
    })
    const child = app.process()
    child.stdout?.on('data', (chunk: Buffer) => mainLog.push(String(chunk)))
    child.stderr?.on('data', (chunk: Buffer) => mainLog.push(String(chunk)))
    options.log('launched Electron with the app')

    const page: Page = await app.firstWindow({ timeout: options.timeoutMs })
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    // The window starts at about:blank; wait for the built renderer (out/renderer/index.html) to load.
    await page.waitForURL((url) => url.protocol === 'file:' && url.pathname.endsWith('/renderer/index.html'), {
      timeout: options.timeoutMs,
      waitUntil: 'domcontentloaded',
    })
    options.log(`first window loaded ${page.url()}`)

    const title = await page.title()
    check(title.includes('RNN Workbench'), `window title is ${JSON.stringify(title)}, expected it to contain "RNN Workbench"`)
    options.log(`title ${JSON.stringify(title)}`)

    const globals = await page.evaluate((): RendererGlobals => {
      const g = globalThis as Record<string, unknown>
      return { api: typeof g['api'], require: typeof g['require'], process: typeof g['process'] }
    })
    check(globals.api === 'object', `window.api is ${globals.api}, expected the preload's object`)
    check(globals.require === 'undefined', `window.require is ${globals.require}: Node is reachable from the renderer`)
    check(globals.process === 'undefined', `window.process is ${globals.process}: Node is reachable from the renderer`)
    options.log('window.api present; window.require and window.process absent')

    // the file argument went through projectPathFromArgv and the window opened it as File › Open would
    const titleEnd = Date.now() + options.timeoutMs
    while ((await page.title()) !== 'Sine — RNN Workbench') {
      check(Date.now() < titleEnd, `the file argument did not open: title ${JSON.stringify(await page.title())}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    options.log(`opened the file argument ${PROJECT_ARGUMENT}: title "Sine — RNN Workbench"`)

    // the application menu (src/node/menu.ts, installed by main), enabled by the window's reported state
    const readMenu = () =>
      app!.evaluate(({ Menu }): MenuOutline => {
        const strip = (label: string) => label.replace(/&/g, '')
        const bar = Menu.getApplicationMenu()?.items ?? []
        return {
          top: bar.map((i) => strip(i.label)),
          items: Object.fromEntries(bar.map((i) => [strip(i.label), (i.submenu?.items ?? []).filter((s) => s.type !== 'separator').map((s) => ({ label: strip(s.label), role: String(s.role ?? ''), enabled: s.enabled }))])),
        }
      })
    let menu = await readMenu()
    for (const name of ['File', 'Edit', 'View', 'Training', 'Help']) check(menu.top.includes(name), `the menu bar has ${JSON.stringify(menu.top)}, expected ${name}`)
    for (const label of ['New', 'Open…', 'Open Recent', 'Save', 'Save As…', 'Export…', 'Import weights…']) check(menu.items['File'].some((i) => i.label === label), `File has no ${label}`)
    for (const role of ['undo', 'copy', 'paste', 'selectall']) check(menu.items['Edit'].some((i) => i.role.toLowerCase() === role), `Edit has no ${role} role`)
    check(menu.items['View'].some((i) => i.role.toLowerCase() === 'toggledevtools'), 'View has no developer tools in development')
    const end = Date.now() + options.timeoutMs
    while (!menu.items['Training'].find((i) => i.label === 'Train')?.enabled) {
      check(Date.now() < end, 'Training › Train never became enabled (the window reports its state with app:menu-state)')
      await new Promise((r) => setTimeout(r, 100))
      menu = await readMenu()
    }
    check(!menu.items['Training'].find((i) => i.label === 'Stop')?.enabled, 'Training › Stop is enabled with no run going')
    options.log(`menu ${menu.top.join(', ')}; Training › Train enabled, Stop disabled`)
    const userData = await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'))

    mkdirSync(dirname(options.screenshotPath), { recursive: true })
    await page.screenshot({ path: options.screenshotPath, timeout: options.timeoutMs })
    options.log(`screenshot ${options.screenshotPath}`)

    check(pageErrors.length === 0, `uncaught error in the renderer: ${pageErrors.join(' | ')}`)

    await bounded(app.close(), options.timeoutMs, 'the app did not quit after close()')
    app = undefined
    options.log('closed')
    const windowState = join(userData, 'window-state.json')
    check(existsSync(windowState), `closing the window did not write ${windowState}`)
    options.log(`window state kept in ${windowState}`)
  } catch (error) {
    const tail = mainLog.join('').trim().split('\n').slice(-20).join('\n')
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(tail ? `${reason}\n--- Electron output (last lines) ---\n${tail}` : reason, { cause: error })
  } finally {
    if (app) {
      const child = app.process()
      await bounded(app.close(), 5_000, 'close').catch(() => child.kill())
    }
  }
}

/** `promise`, or a rejection with `failure` after `ms`. */
async function bounded<T>(promise: Promise<T>, ms: number, failure: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${failure} (${ms / 1000} s)`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

function check(condition: boolean, failure: string): asserts condition {
  if (!condition) throw new Error(failure)
}

/**
 * The environment minus `ELECTRON_RUN_AS_NODE` (would start Electron as plain Node, without a window) and
 * `ELECTRON_RENDERER_URL` (would load the dev server instead of the built out/renderer).
 */
function appEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE' && key !== 'ELECTRON_RENDERER_URL') out[key] = value
  }
  return out
}
