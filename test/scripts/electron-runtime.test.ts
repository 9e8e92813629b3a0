// `npm start` on a machine without the Electron runtime, offline: scripts/electron-runtime.mjs runs Electron's own
// installer against a throwaway mirror on 127.0.0.1 (a stub runtime archive and its SHASUMS256.txt), then
// electron-vite starts the stub as `electron .`. The start runs in a temporary project: a copy of package.json and
// of the script, out/ linked from the repository (built by test/global-setup.ts), and node_modules linking the
// repository's packages except a COPY of electron, so the repository's node_modules/electron is never changed.
// Failures (404, wrong checksum, corrupt archive, nothing listening) must end with one line on stderr, exit non-zero
// and leave no half-installed runtime behind, so that the next start with a good mirror installs and starts it.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const repo = join(import.meta.dirname, '../..')
const electronVersion = (JSON.parse(readFileSync(join(repo, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version
const archiveName = `electron-v${electronVersion}-${process.platform}-${process.arch}.zip`
/** path.txt's content for this platform, as electron's install.js writes it. */
const executableInArchive = process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron'

/** The stub runtime: a shell script that writes its arguments, folder and a few variables to $STUB_RECORD. */
const stubScript = `#!/bin/sh
{
  printf 'self\\t%s\\n' "$0"
  for arg in "$@"; do printf 'arg\\t%s\\n' "$arg"; done
  printf 'cwd\\t%s\\n' "$(pwd -P)"
  printf 'ELECTRON_EXEC_PATH\\t%s\\n' "$ELECTRON_EXEC_PATH"
  printf 'npm_lifecycle_event\\t%s\\n' "$npm_lifecycle_event"
} > "$STUB_RECORD"
`

function stubArchive({ corrupt = false } = {}): Uint8Array {
  if (corrupt) return new TextEncoder().encode('PK\u0003\u0004 this is not a zip archive')
  // external attributes: a regular file with mode 755 in the high 16 bits, made on Unix (os 3)
  const executable = { os: 3, attrs: (0o100755 << 16) >>> 0 }
  return zipSync({
    [executableInArchive]: [new TextEncoder().encode(stubScript), executable],
    version: new TextEncoder().encode(`v${electronVersion}`),
  })
}

type MirrorMode = 'good' | 'missing' | 'wrong-checksum' | 'corrupt'

/** The throwaway mirror: serves v<version>/<archive> and v<version>/SHASUMS256.txt the way `mode` says. */
class Mirror {
  mode: MirrorMode = 'good'
  requests: string[] = []
  private server: Server = createServer((request, response) => {
    this.requests.push(request.url ?? '')
    const archive = stubArchive({ corrupt: this.mode === 'corrupt' })
    const sha = createHash('sha256')
      .update(this.mode === 'wrong-checksum' ? 'other bytes' : archive)
      .digest('hex')
    const files: Record<string, Uint8Array | string> = {
      [`/v${electronVersion}/${archiveName}`]: archive,
      [`/v${electronVersion}/SHASUMS256.txt`]: `${sha} *${archiveName}\n`,
    }
    const body = this.mode === 'missing' ? undefined : files[request.url ?? '']
    response.writeHead(body === undefined ? 404 : 200).end(body)
  })

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

/** A port on 127.0.0.1 that nothing listens on (listened on once, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** The temporary project: see the header. */
function makeProject(dir: string): void {
  cpSync(join(repo, 'package.json'), join(dir, 'package.json'))
  mkdirSync(join(dir, 'scripts'))
  cpSync(join(repo, 'scripts/electron-runtime.mjs'), join(dir, 'scripts/electron-runtime.mjs'))
  symlinkSync(join(repo, 'out'), join(dir, 'out'))
  mkdirSync(join(dir, 'node_modules'))
  for (const entry of readdirSync(join(repo, 'node_modules'))) {
    if (entry !== 'electron') symlinkSync(join(repo, 'node_modules', entry), join(dir, 'node_modules', entry))
  }
  const electron = join(dir, 'node_modules/electron')
  mkdirSync(electron)
  for (const entry of readdirSync(join(repo, 'node_modules/electron'))) {
    if (entry === 'dist' || entry === 'path.txt') continue // a runtime the repository may have: not copied
    if (entry === 'node_modules') symlinkSync(join(repo, 'node_modules/electron/node_modules'), join(electron, entry))
    else cpSync(join(repo, 'node_modules/electron', entry), join(electron, entry))
  }
}

interface Run {
  code: number
  stdout: string
  stderr: string
}

describe.skipIf(process.platform === 'win32')('npm start installs the Electron runtime when it is missing', () => {
  const mirror = new Mirror()
  let mirrorUrl = ''
  let dir = ''
  let project = ''
  let electronDir = ''
  const record = (): string => join(dir, 'stub-record.txt')

  beforeAll(async () => {
    mirrorUrl = await mirror.start()
    dir = mkdtempSync(join(tmpdir(), 'rnnwb-electron-runtime-'))
    project = join(dir, 'project')
    mkdirSync(project)
    makeProject(project)
    electronDir = join(project, 'node_modules/electron')
  })
  afterAll(async () => {
    await mirror.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  /** `npm start -- --skipBuild` in the temporary project, against `mirrorBase`, with a fresh download cache. */
  function start(mirrorBase: string): Promise<Run> {
    const cache = mkdtempSync(join(dir, 'cache-'))
    const env: NodeJS.ProcessEnv = {}
    for (const [key, value] of Object.entries(process.env)) {
      // nothing from the outer npm run or the user's Electron settings
      if (!/^(npm_|ELECTRON_)/i.test(key) && key !== 'electron_config_cache') env[key] = value
    }
    Object.assign(env, {
      ELECTRON_MIRROR: mirrorBase,
      electron_use_remote_checksums: '1',
      electron_config_cache: cache,
      ELECTRON_GET_NO_PROGRESS: '1',
      STUB_RECORD: record(),
      NO_COLOR: '1',
    })
    rmSync(record(), { force: true })
    return new Promise((resolve) => {
      execFile('npm', ['start', '--', '--skipBuild'], { cwd: project, env, timeout: 50_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr })
      })
    })
  }

  function expectNothingInstalled(): void {
    expect(existsSync(join(electronDir, 'dist'))).toBe(false)
    expect(existsSync(join(electronDir, 'path.txt'))).toBe(false)
    expect(existsSync(record())).toBe(false)
  }

  /** stderr is exactly one line, with no stack trace. */
  function oneLine(run: Run): string {
    const lines = run.stderr.split('\n').filter((line) => line.trim() !== '')
    expect(lines, run.stderr).toHaveLength(1)
    expect(run.stderr).not.toMatch(/^\s+at /m)
    return lines[0]!
  }

  it('a 404 from the mirror: one line naming the mirror and what to do, exit 1, nothing installed', async () => {
    mirror.mode = 'missing'
    const run = await start(mirrorUrl)
    expect(run.code).toBe(1)
    const line = oneLine(run)
    expect(line).toContain(`The Electron ${electronVersion} runtime (node_modules/electron/dist) is missing and could not be downloaded`)
    expect(line).toContain(`has no Electron ${electronVersion}`)
    expect(line).toContain(`ELECTRON_MIRROR=${mirrorUrl}`)
    expect(line).toContain('the next run tries again')
    expectNothingInstalled()
  })

  it('an archive that does not match its checksum: one line, exit 1, nothing installed', async () => {
    mirror.mode = 'wrong-checksum'
    const run = await start(mirrorUrl)
    expect(run.code).toBe(1)
    expect(oneLine(run)).toContain('does not match its SHA-256 checksum')
    expectNothingInstalled()
  })

  it('a corrupt archive (checksum right): one line, exit 1, a stale half-installed dist/ removed', async () => {
    mirror.mode = 'corrupt'
    // what an interrupted earlier install leaves: dist/ without path.txt
    mkdirSync(join(electronDir, 'dist'))
    writeFileSync(join(electronDir, 'dist/half-extracted'), '')
    const run = await start(mirrorUrl)
    expect(run.code).toBe(1)
    expect(oneLine(run)).toContain('the downloaded archive could not be extracted (invalid Zip archive')
    expectNothingInstalled()
  })

  it('nothing listening at the mirror: one line saying the host cannot be reached, exit 1, nothing installed', async () => {
    const port = await closedPort()
    const run = await start(`http://127.0.0.1:${port}/`)
    expect(run.code).toBe(1)
    const line = oneLine(run)
    expect(line).toContain(`cannot reach 127.0.0.1:${port} (ECONNREFUSED): no network, or a proxy or firewall in the way`)
    expect(line).toContain('ELECTRON_MIRROR')
    expect(line).toContain('downloads are cached in')
    expectNothingInstalled()
  })

  it('a good mirror after those failures: downloads, verifies, extracts, then starts the stub as `electron .`', async () => {
    mirror.mode = 'good'
    mirror.requests = []
    const run = await start(mirrorUrl)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`Downloading the Electron ${electronVersion} runtime`)
    expect(mirror.requests.sort()).toEqual([`/v${electronVersion}/${archiveName}`, `/v${electronVersion}/SHASUMS256.txt`].sort())
    const executable = join(electronDir, 'dist', executableInArchive)
    expect(readFileSync(join(electronDir, 'path.txt'), 'utf8')).toBe(executableInArchive)

    const recorded = readFileSync(record(), 'utf8').trimEnd().split('\n').map((line) => line.split('\t') as [string, string])
    const values = (key: string): string[] => recorded.filter(([k]) => k === key).map(([, v]) => v)
    expect(values('self')).toEqual([executable])
    expect(values('arg')).toEqual(['.']) // the app folder; electron reads package.json "main" from it
    expect(values('cwd')).toEqual([project])
    expect(values('ELECTRON_EXEC_PATH')).toEqual([executable])
    expect(values('npm_lifecycle_event')).toEqual(['start'])
    const main = (JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { main: string }).main
    expect(main).toBe('out/main/index.js')
    expect(existsSync(join(project, main))).toBe(true)
  })

  it('an installed runtime: the next start neither downloads nor fails offline', async () => {
    mirror.requests = []
    const run = await start(`http://127.0.0.1:${await closedPort()}/`)
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    expect(run.stdout).not.toContain('Downloading')
    expect(existsSync(record())).toBe(true)
    expect(mirror.requests).toEqual([])
  })
})
