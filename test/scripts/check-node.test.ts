// scripts/check-node.cjs (the preinstall check for npm versions that ignore devEngines) accepts exactly the Node
// versions of package.json engines.node, and says in one line why it stops.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')
const script = join(root, 'scripts/check-node.cjs')
const { required, nodeSupported } = createRequire(import.meta.url)(script) as {
  required: string
  nodeSupported: (version: string) => boolean
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string }
  devEngines: { runtime: { name: string; version: string; onFail: string } }
  scripts: Record<string, string>
}

describe('the Node.js version check', () => {
  it('checks the range package.json declares, in engines and devEngines, and runs before install', () => {
    expect(pkg.engines.node).toBe(required)
    expect(pkg.devEngines.runtime).toEqual({ name: 'node', version: required, onFail: 'error' })
    expect(pkg.scripts['preinstall']).toBe('node scripts/check-node.cjs')
  })

  it.each([
    ['18.20.4', false],
    ['20.18.3', false],
    ['v20.19.0', true],
    ['20.20.2', true],
    ['21.7.3', false],
    ['22.11.0', false],
    ['22.12.0', true],
    ['23.0.0', true],
    ['24.11.1', true],
  ])('Node %s supported: %s', (version, supported) => {
    expect(nodeSupported(version)).toBe(supported)
  })

  it('passes silently on this Node, and stops an old one with one line and exit 1', async () => {
    const run = promisify(execFile)
    await expect(run(process.execPath, [script])).resolves.toEqual({ stdout: '', stderr: '' })
    const failed = await run(process.execPath, [script, '20.10.0']).catch((error: { code: number; stderr: string }) => error)
    expect('code' in failed && failed.code).toBe(1)
    expect(failed.stderr.trim().split('\n')).toEqual([
      `RNN Workbench needs Node.js ${required} (22.12 or newer recommended; Vite, electron-vite and Electron's installer need require() of ES modules), and this is Node.js 20.10.0: install a newer Node.js and run npm install again.`,
    ])
  })
})
