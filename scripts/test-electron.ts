// `npm run test:electron`: the smoke test of the app under the real Electron runtime (test/electron/smoke.spec.ts).
//
// Where the Electron runtime binary is not installed (it is fetched from GitHub, which some machines cannot reach),
// the test is skipped with exit code 0 and says so; it never triggers the download. Set
// ELECTRON_SMOKE_REQUIRED=1 (for example in CI that does have Electron) to make a missing runtime a failure.
// Options: --build rebuilds out/ first (otherwise it is built only when missing).
// On Linux without a display, run it under a virtual one: `xvfb-run npm run test:electron`.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runElectronSmoke } from '../test/electron/smoke.spec.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const screenshotPath = join(root, 'test-output/electron-smoke.png')
const timeoutMs = 30_000
const say = (line: string): void => console.log(`test:electron: ${line}`)
/** A path under the repository relative to it, anything else as is. */
const shown = (p: string): string => (relative(root, p).startsWith('..') ? p : relative(root, p))

type Runtime = { readonly found: true; readonly executablePath: string; readonly version: string } | { readonly found: false; readonly reason: string }

/**
 * Where the `electron` package's executable is, by the same rules as node_modules/electron/index.js but without its
 * side effect: `require('electron')` from Node runs install.js (a download) when the binary is absent, so neither
 * that nor `npx electron` is used here. index.js reads the executable's relative path from path.txt (written by
 * install.js after a successful download) and returns dist/<path> or, when ELECTRON_OVERRIDE_DIST_PATH is set,
 * <override>/<path or "electron">.
 */
function findElectronRuntime(): Runtime {
  let packageDir: string
  try {
    packageDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'))
  } catch {
    return { found: false, reason: 'the electron package is not in node_modules' }
  }
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version
  const pathFile = join(packageDir, 'path.txt')
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH']
  if (override) {
    const executablePath = join(override, executable || 'electron')
    return existsSync(executablePath)
      ? { found: true, executablePath, version }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${executablePath} does not exist` }
  }
  if (!executable) {
    return {
      found: false,
      reason: `electron ${version}: ${shown(pathFile)} is missing, its binary was never downloaded; \`npx install-electron\` fetches it`,
    }
  }
  const executablePath = join(packageDir, 'dist', executable)
  if (!existsSync(executablePath)) {
    return { found: false, reason: `electron ${version}: ${shown(executablePath)} is missing; \`npx install-electron\` fetches it` }
  }
  return { found: true, executablePath, version }
}

/** Builds out/ with electron-vite when any entry point is missing, or always with --build. */
function ensureBuilt(force: boolean): void {
  const entries = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']
  const missing = entries.filter((entry) => !existsSync(join(root, entry)))
  if (!force && missing.length === 0) return
  say(force ? 'building out/ (--build)' : `building out/ (missing ${missing.join(', ')})`)
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal ?? result.error?.message})`)
}

async function main(): Promise<number> {
  const runtime = findElectronRuntime()
  if (!runtime.found) {
    if (process.env['ELECTRON_SMOKE_REQUIRED'] === '1') {
      say(`Electron runtime not installed here (${runtime.reason}); ELECTRON_SMOKE_REQUIRED=1, so this fails`)
      console.log('0 passed, 1 failed')
      return 1
    }
    say(`Electron runtime not installed here (${runtime.reason}); skipped — this is not a pass`)
    return 0
  }
  say(`Electron ${runtime.version} at ${shown(runtime.executablePath)}`)
  try {
    ensureBuilt(process.argv.includes('--build'))
    await runElectronSmoke({
      executablePath: runtime.executablePath,
      appDir: root,
      screenshotPath,
      timeoutMs,
      log: (line) => say(`ok — ${line}`),
    })
  } catch (error) {
    say(`FAILED — ${error instanceof Error ? error.message : String(error)}`)
    console.log('0 passed, 1 failed')
    return 1
  }
  console.log('1 passed, 0 failed')
  return 0
}

// playwright-core can leave an internal promise rejected when Electron dies during launch ("Process failed to
// launch!"); the awaited launch() rejects as well and is reported by main(), so only keep it from crashing the run.
const strayRejections: unknown[] = []
process.on('unhandledRejection', (reason) => strayRejections.push(reason))

// Hard stop: a hung Electron must not hang CI.
const watchdog = setTimeout(() => {
  say(`FAILED — no result after ${(4 * timeoutMs) / 1000} s`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}, 4 * timeoutMs)
watchdog.unref()

const code = await main()
clearTimeout(watchdog)
process.exitCode = code
// Exit even if a Playwright connection to a misbehaving app still holds the event loop.
setTimeout(() => process.exit(code), 1_000).unref()
