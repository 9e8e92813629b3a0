// The Electron runtime (the `electron` binary) is not part of the `electron` npm package: electron 45 downloads it
// lazily, the first time `require('electron')` runs or through its `install-electron` command, and electron-vite
// never does either (it throws "Electron uninstall" when node_modules/electron/path.txt is missing). This step runs
// Electron's own installer (node_modules/electron/install.js) when the runtime is missing, before `npm start`,
// `npm run dev`, `npm run dist` and `npm run test:electron` need it.
//
//   node scripts/electron-runtime.mjs                      install the runtime if missing
//   node scripts/electron-runtime.mjs <command> [args…]    then run the command with ELECTRON_EXEC_PATH set to it
//
// A failed download ends with ONE line on stderr (what is missing, why, what to do) and exit code 1; a half-installed
// runtime (dist/, path.txt) is removed so the next run tries again. Plain JavaScript, not TypeScript run by tsx,
// because it runs before every start. Where the download comes from: ELECTRON_MIRROR (default GitHub releases);
// where it is cached: electron_config_cache (default the user cache folder, see cacheFolder).
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { delimiter, dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Electron's installer prints only `err.stack`, which for Node's fetch is "TypeError: fetch failed" without the cause
 * (DNS failure, refused connection, timeout…). This module, preloaded into the installer's process, adds the URL and the
 * cause to the stack as one marked line. */
const FETCH_CAUSE_MARK = 'electron-runtime: fetch failed:'
const fetchCauseHook = `data:text/javascript,${encodeURIComponent(`
const fetchOriginal = globalThis.fetch
globalThis.fetch = (url, options) => fetchOriginal(url, options).catch((error) => {
  const cause = error && error.cause
  try { error.stack = String(error.stack) + '\\n${FETCH_CAUSE_MARK} ' + JSON.stringify({ url: String(url), code: cause && cause.code, message: cause && cause.message }) } catch {}
  throw error
})`)}`

const NETWORK_CODES = new Set([
  'ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET',
])

/** The electron package of the project at `root`: its folder and version. */
export function electronPackage(root) {
  const packageJson = createRequire(join(root, 'package.json')).resolve('electron/package.json')
  return { dir: dirname(packageJson), version: JSON.parse(readFileSync(packageJson, 'utf8')).version }
}

/** The runtime executable when it is fully installed (by the rules of electron's index.js and install.js), else undefined. */
export function installedExecutable(packageDir, version, env = process.env) {
  const pathFile = join(packageDir, 'path.txt')
  const relativePath = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : ''
  const override = env['ELECTRON_OVERRIDE_DIST_PATH']
  if (override) {
    const executable = join(override, relativePath || 'electron')
    return existsSync(executable) ? executable : undefined
  }
  if (!relativePath) return undefined
  const versionFile = join(packageDir, 'dist', 'version')
  if (!existsSync(versionFile) || readFileSync(versionFile, 'utf8').trim().replace(/^v/, '') !== version) return undefined
  const executable = join(packageDir, 'dist', relativePath)
  return existsSync(executable) ? executable : undefined
}

/** Where @electron/get keeps downloaded archives (electron_config_cache, else env-paths' user cache folder). */
export function cacheFolder(env = process.env) {
  if (env['electron_config_cache']) return env['electron_config_cache']
  if (process.platform === 'win32') return join(env['LOCALAPPDATA'] || join(homedir(), 'AppData', 'Local'), 'electron', 'Cache')
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron')
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'electron')
}

/**
 * Turns the installer's stderr (a stack trace) into one line: what is missing, why, what to do.
 * `what` names the missing runtime and where it belongs; `cache` is the download cache folder.
 */
export function explainInstallFailure(stderr, { what, version, cache, env = process.env }) {
  const mirror = env['ELECTRON_MIRROR'] ? `the mirror ELECTRON_MIRROR=${env['ELECTRON_MIRROR']}` : 'GitHub (the default download site)'
  const retry = `nothing was installed, the next run tries again; downloads are cached in ${cache}`
  const fetchLine = stderr.split('\n').find((line) => line.startsWith(FETCH_CAUSE_MARK))
  const http = /Response code (\d+) \(([^)]*)\) for (\S+)/.exec(stderr)
  let why
  if (fetchLine) {
    let cause = {}
    try { cause = JSON.parse(fetchLine.slice(FETCH_CAUSE_MARK.length)) } catch { /* keep the generic reason */ }
    const host = cause.url ? new URL(cause.url).host : 'the download site'
    const detail = cause.code || cause.message || 'fetch failed'
    why = NETWORK_CODES.has(cause.code)
      ? `cannot reach ${host} (${detail}): no network, or a proxy or firewall in the way. Connect and run it again (behind a proxy: set ELECTRON_GET_USE_PROXY=1 and HTTPS_PROXY), or set ELECTRON_MIRROR to a mirror you can reach`
      : `the download from ${host} failed (${detail}). Run it again, or set ELECTRON_MIRROR to another mirror`
  } else if (http && http[1] === '404') {
    why = `${mirror} has no Electron ${version} for this platform (404 for ${http[3]}). Set ELECTRON_MIRROR to a mirror that has it, or unset it to use GitHub`
  } else if (http) {
    why = `${mirror} answered ${http[1]} ${http[2]} for ${http[3]}. Run it again later, or set ELECTRON_MIRROR to another mirror`
  } else if (/did not match expected checksum|No checksum for file|ChecksumMismatchError|NoChecksumFoundError/.test(stderr)) {
    why = `the archive from ${mirror} does not match its SHA-256 checksum (a broken mirror or proxy, or a corrupted download). Run it again, or set ELECTRON_MIRROR to another mirror`
  } else if (/failed to read archive|invalid Zip archive/i.test(stderr)) {
    const reason = /archive '[^']*': (.*)/.exec(stderr)?.[1] ?? 'unreadable'
    why = `the downloaded archive could not be extracted (${reason}). Delete the cached download in ${cache} and run it again`
  } else {
    const first = stderr.split('\n').map((line) => line.trim()).find((line) => line && !line.startsWith('at ')) || 'no error output'
    why = `the installer failed: ${first}`
  }
  return `${what} is missing and could not be downloaded: ${why}; ${retry}.`
}

/** Removes what a failed or interrupted install leaves in the electron package (its dist/ and path.txt). */
function removePartialInstall(packageDir) {
  rmSync(join(packageDir, 'dist'), { recursive: true, force: true })
  rmSync(join(packageDir, 'path.txt'), { force: true })
}

/** Runs node_modules/electron/install.js; resolves with its exit code and captured stderr. */
function runInstaller(packageDir, env) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ['--import', fetchCauseHook, join(packageDir, 'install.js')], {
      cwd: packageDir,
      env,
      stdio: ['ignore', 'inherit', 'pipe'],
    })
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk) => { stderr += chunk })
    child.on('error', (error) => resolvePromise({ code: 1, stderr: `${stderr}\n${error.message}` }))
    child.on('close', (code, signal) => resolvePromise({ code: code ?? (signal ? 1 : 0), stderr }))
  })
}

/**
 * Makes sure the Electron runtime of the project at `root` is installed, running Electron's installer when it is not.
 * Returns { ok: true, executablePath, version, downloaded } or { ok: false, message } (message: one line).
 * `log` receives the one informational line printed before a download.
 */
export async function ensureElectronRuntime({ root, env = process.env, log = () => {} }) {
  let pkg
  try {
    pkg = electronPackage(root)
  } catch {
    return { ok: false, message: 'The electron package is not in node_modules: run npm install first.' }
  }
  const shown = (p) => (relative(root, p).startsWith('..') ? p : relative(root, p))
  const found = installedExecutable(pkg.dir, pkg.version, env)
  if (found) return { ok: true, executablePath: found, version: pkg.version, downloaded: false }
  const what = `The Electron ${pkg.version} runtime (${shown(join(pkg.dir, 'dist'))})`
  if (env['ELECTRON_OVERRIDE_DIST_PATH']) {
    return { ok: false, message: `${what} is not used: ELECTRON_OVERRIDE_DIST_PATH=${env['ELECTRON_OVERRIDE_DIST_PATH']} is set but holds no Electron executable; fix or unset it.` }
  }
  removePartialInstall(pkg.dir)
  log(`Downloading the Electron ${pkg.version} runtime into ${shown(join(pkg.dir, 'dist'))} (once)…`)
  const { code, stderr } = await runInstaller(pkg.dir, env)
  const executablePath = code === 0 ? installedExecutable(pkg.dir, pkg.version, env) : undefined
  if (executablePath) return { ok: true, executablePath, version: pkg.version, downloaded: true }
  removePartialInstall(pkg.dir)
  const failure = code === 0 ? `the installer finished but left no runtime (${stderr.trim() || 'no output'})` : stderr
  return { ok: false, message: explainInstallFailure(failure, { what, version: pkg.version, cache: cacheFolder(env) }) }
}

/** Command line: install if missing, then optionally run a command (from node_modules/.bin) with ELECTRON_EXEC_PATH. */
async function main(argv) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
  const runtime = await ensureElectronRuntime({ root, log: (line) => console.log(line) })
  if (!runtime.ok) {
    console.error(runtime.message)
    return 1
  }
  if (argv.length === 0) return 0
  const env = {
    ...process.env,
    ELECTRON_EXEC_PATH: runtime.executablePath,
    PATH: [join(root, 'node_modules', '.bin'), process.env['PATH']].filter(Boolean).join(delimiter),
  }
  const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env, shell: process.platform === 'win32' })
  // Ctrl-C reaches the child from the terminal; a SIGTERM sent to this process alone is passed on.
  process.on('SIGINT', () => {})
  process.on('SIGTERM', () => child.kill('SIGTERM'))
  return new Promise((resolvePromise) => {
    child.on('error', (error) => {
      console.error(`Could not run ${argv[0]}: ${error.message}`)
      resolvePromise(1)
    })
    child.on('close', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)))
  })
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
