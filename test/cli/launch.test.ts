// How rnnwb starts: the built CLI under plain node; bin/rnnwb.js choosing the build or the sources; the installed
// app's launcher (resources/bin/rnnwb) running the unpacked CLI with Node.js on Linux and macOS layouts.
// What no test here can run: the Windows launcher (rnnwb.cmd) and a real Electron binary (not downloadable here);
// for those, only the names the launchers rely on are checked against the packaging config.
import { execFile } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { bin as builtCli } from '../helpers/cli.js'

const root = join(import.meta.dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string }
const sine = join(root, 'resources/examples/sine.rnn.json')
const dir = mkdtempSync(join(tmpdir(), 'rnnwb-launch-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs a file with a clean environment: no NODE_OPTIONS (so no loader sneaks in), PATH kept for /bin/sh. */
async function run(file: string, args: string[], env: Record<string, string> = {}) {
  const { stdout, stderr } = await promisify(execFile)(file, args, { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env } })
  return { stdout, stderr }
}

function write(path: string, text: string, mode = 0o644): string {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
  chmodSync(path, mode)
  return path
}

describe('the built CLI (out/cli)', () => {
  it('runs under plain node: --version prints the package version, inspect reads a project', async () => {
    expect((await run(process.execPath, [builtCli, '--version'])).stdout).toBe(`${pkg.version}\n`)
    expect((await run(process.execPath, [builtCli, '-v'])).stdout).toBe(`${pkg.version}\n`)
    const inspect = await run(process.execPath, [builtCli, 'inspect', sine])
    expect(inspect.stdout).toMatch(/parameters/i)
    expect(inspect.stderr).toBe('')
  })

  it('is JavaScript that needs neither TypeScript sources nor tsx nor Electron', () => {
    const files = readdirSync(dirname(builtCli))
    expect(files).toEqual(expect.arrayContaining(['rnnwb.js', 'trainer.js', 'worker.js']))
    for (const file of files) {
      expect(file).toMatch(/\.js$/)
      const code = readFileSync(join(dirname(builtCli), file), 'utf8')
      // no import of a .ts file, of tsx or of electron (static or dynamic)
      expect(code, file).not.toMatch(/(\bfrom|\bimport\(?)\s*["']([^"']*\.ts|tsx|electron)["'/]/)
    }
  })
})

describe('bin/rnnwb.js in a checkout', () => {
  // a fake checkout: the real bin/rnnwb.js, a "built CLI" and a "source" that each say which one ran
  const checkout = join(dir, 'checkout')
  const built = write(join(checkout, 'out/cli/rnnwb.js'), "process.stdout.write('built\\n')\n")
  const source = write(join(checkout, 'src/cli/rnnwb.ts'), "process.stdout.write('source' + ('\\n' as string))\n")
  for (const folder of ['src/node', 'src/shared', 'src/core']) mkdirSync(join(checkout, folder), { recursive: true })
  const nested = write(join(checkout, 'src/core/deep/kernel.ts'), 'export {}\n')
  for (const file of ['cli.vite.config.ts', 'package.json']) write(join(checkout, file), '{}\n')
  copyFileSync(join(root, 'bin/rnnwb.js'), write(join(checkout, 'bin/rnnwb.js'), ''))
  symlinkSync(join(root, 'node_modules'), join(checkout, 'node_modules'))
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds)
  const everything = [built, source, nested, join(checkout, 'cli.vite.config.ts'), join(checkout, 'package.json'), ...['src', 'src/cli', 'src/node', 'src/shared', 'src/core', 'src/core/deep'].map((f) => join(checkout, f))]
  const rnnwb = async () => (await run(process.execPath, [join(checkout, 'bin/rnnwb.js')])).stdout

  it('runs the build when it is newer than every source', async () => {
    everything.forEach((f) => at(f, 1_000_000))
    at(built, 2_000_000)
    expect(await rnnwb()).toBe('built\n')
  })

  it('runs the TypeScript sources (through tsx) when any source, however deep, is newer than the build, or nothing is built', async () => {
    everything.forEach((f) => at(f, 1_000_000))
    at(built, 2_000_000)
    at(nested, 3_000_000)
    expect(await rnnwb()).toBe('source\n')
    at(nested, 1_000_000)
    at(join(checkout, 'package.json'), 3_000_000)
    expect(await rnnwb()).toBe('source\n')
    rmSync(built)
    expect(await rnnwb()).toBe('source\n')
  })

  it('trains from the sources as a fresh clone does (nothing built: the trainer process starts from TypeScript too)', async () => {
    const fresh = join(dir, 'fresh')
    for (const entry of ['src', 'resources', 'node_modules', 'package.json', 'cli.vite.config.ts']) {
      mkdirSync(fresh, { recursive: true })
      symlinkSync(join(root, entry), join(fresh, entry))
    }
    copyFileSync(join(root, 'bin/rnnwb.js'), write(join(fresh, 'bin/rnnwb.js'), ''))
    const out = join(dir, 'fresh-sine.rnn.json')
    const { stderr } = await run(process.execPath, [join(fresh, 'bin/rnnwb.js'), 'train', sine, '--epochs', '3', '--out', out])
    expect(stderr).toMatch(/trained to epoch 3/)
    expect(JSON.parse(readFileSync(out, 'utf8')).weights.epoch).toBe(3)
  })
})

describe('the installed app launcher (resources/bin/rnnwb)', () => {
  /**
   * An install tree as electron-builder lays it out, with a stand-in for the app binary that fails if it is run
   * at all (the packaged app's RunAsNode fuse is off: it cannot run the CLI), and a stand-in `node` first on PATH
   * that marks its output and runs this Node. app.asar.unpacked links to this checkout (out/cli and node_modules).
   */
  function install(appBinary: string, resources: string): string {
    const launcher = join(resources, 'bin/rnnwb')
    copyFileSync(join(root, 'resources/bin/rnnwb'), write(launcher, '', 0o755))
    write(appBinary, `#!/bin/sh\necho "the app binary was run" >&2\nexit 99\n`, 0o755)
    symlinkSync(root, join(resources, 'app.asar.unpacked'))
    return launcher
  }
  const nodeDir = join(dir, 'node-bin')
  write(join(nodeDir, 'node'), `#!/bin/sh\necho "node on PATH" >&2\nexec "${process.execPath}" "$@"\n`, 0o755)
  const withNode = { PATH: `${nodeDir}:/usr/bin:/bin` }

  it('Linux: <install dir>/resources/bin/rnnwb runs the unpacked CLI with the node on PATH, also through a symlink on PATH', async () => {
    const installDir = join(dir, 'opt', 'RNN Workbench')
    const launcher = install(join(installDir, pkg.name), join(installDir, 'resources'))
    const version = await run(launcher, ['--version'], withNode)
    expect(version.stdout).toBe(`${pkg.version}\n`)
    expect(version.stderr).toContain('node on PATH')
    const onPath = join(dir, 'path-bin')
    mkdirSync(onPath)
    symlinkSync(launcher, join(onPath, 'rnnwb'))
    const r = await run('rnnwb', ['inspect', sine], { PATH: `${onPath}:${withNode.PATH}` })
    expect(r.stdout).toMatch(/parameters/i)
  })

  it('macOS: <productName>.app/Contents/Resources/bin/rnnwb runs the unpacked CLI; RNNWB_NODE names another node', async () => {
    const productName = /^productName:\s*(.+)$/m.exec(readFileSync(join(root, 'electron-builder.yml'), 'utf8'))![1].trim()
    const contents = join(dir, 'Applications', `${productName}.app`, 'Contents')
    const launcher = install(join(contents, 'MacOS', productName), join(contents, 'Resources'))
    const r = await run(launcher, ['--version'], { PATH: '/usr/bin:/bin', RNNWB_NODE: process.execPath })
    expect(r.stdout).toBe(`${pkg.version}\n`)
    expect(r.stderr).not.toContain('node on PATH')
  })

  it('without a Node.js, or with one too old, says what it needs (exit 127) and never runs the app binary', async () => {
    const installDir = join(dir, 'no-node', 'RNN Workbench')
    const launcher = install(join(installDir, pkg.name), join(installDir, 'resources'))
    const missing = await run(launcher, ['--version'], { PATH: '/usr/bin:/bin', RNNWB_NODE: join(dir, 'nowhere/node') }).catch((e: { code: number; stderr: string }) => e)
    expect(missing).toMatchObject({ code: 127 })
    expect((missing as { stderr: string }).stderr).toMatch(/^rnnwb: needs Node\.js 20\.19 or newer .*RNNWB_NODE/)
    const old = write(join(dir, 'old-node/node'), `#!/bin/sh\n[ "$1" = --version ] && echo v18.20.0\nexit 1\n`, 0o755)
    const tooOld = await run(launcher, ['--version'], { PATH: '/usr/bin:/bin', RNNWB_NODE: old }).catch((e: { code: number; stderr: string }) => e)
    expect(tooOld).toMatchObject({ code: 127 })
    expect((tooOld as { stderr: string }).stderr).toContain('is v18.20.0')
    expect((tooOld as { stderr: string }).stderr).not.toContain('the app binary was run')
  })

  it('the packaging config ships the launchers and unpacks what they run; the Windows launcher runs node on the CLI', () => {
    const config = readFileSync(join(root, 'electron-builder.yml'), 'utf8')
    expect(config).toMatch(/- from: resources\/bin\n\s+to: bin\n/)
    expect(config).toMatch(/asarUnpack:\n(\s+- .*\n)*\s+- out\/cli\/\*\*\n/)
    expect(config).toMatch(/asarUnpack:\n(\s+- .*\n)*\s+- node_modules\/\*\*\n/)
    const cmd = readFileSync(join(root, 'resources/bin/rnnwb.cmd'), 'utf8')
    expect(cmd).not.toMatch(/^set ELECTRON_RUN_AS_NODE/m)
    expect(cmd).toContain('"%node%" "%~dp0..\\app.asar.unpacked\\out\\cli\\rnnwb.js" %*')
  })
})
