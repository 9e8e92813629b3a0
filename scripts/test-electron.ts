// `npm run test:electron`: the smoke test of the app under the real Electron runtime (test/electron/smoke.spec.ts).
//
// The Electron runtime is installed first by the same step as `npm start` (scripts/electron-runtime.mjs: Electron's
// own installer, from GitHub or ELECTRON_MIRROR). Where that download fails (no network), the test is skipped with
// exit code 0 and the one-line reason; set ELECTRON_SMOKE_REQUIRED=1 (for example in CI that does have Electron) to
// make a missing runtime a failure.
// Options: --build rebuilds out/ first (otherwise it is built only when missing).
// On Linux without a display, run it under a virtual one: `xvfb-run npm run test:electron`.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runElectronSmoke } from '../test/electron/smoke.spec.js'
import { ensureElectronRuntime } from './electron-runtime.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const screenshotPath = join(root, 'test-output/electron-smoke.png')
const timeoutMs = 30_000
const say = (line: string): void => console.log(`test:electron: ${line}`)
/** A path under the repository relative to it, anything else as is. */
const shown = (p: string): string => (relative(root, p).startsWith('..') ? p : relative(root, p))

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
  const runtime = await ensureElectronRuntime({ root, log: say })
  if (!runtime.ok) {
    if (process.env['ELECTRON_SMOKE_REQUIRED'] === '1') {
      say(`${runtime.message} ELECTRON_SMOKE_REQUIRED=1, so this fails`)
      console.log('0 passed, 1 failed')
      return 1
    }
    say(`skipped, this is not a pass: ${runtime.message}`)
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
