// The packaged app's Electron fuses (electron-builder.yml electronFuses; packaging itself cannot run here), and
// that they agree with how the installed rnnwb starts: RunAsNode is off, so no launcher may run the app binary
// as Node.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const config = readFileSync(join(root, 'electron-builder.yml'), 'utf8')

/** The `electronFuses:` block as key → boolean (the YAML there is flat `key: true|false` lines and comments). */
function fuses(): Record<string, boolean> {
  const block = /^electronFuses:\n((?:[ \t]+.*\n|\n)*)/m.exec(config)
  if (!block) throw new Error('electron-builder.yml has no electronFuses block')
  const entries = block[1]
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '')
    .map((line) => {
      const m = /^(\w+):\s*(true|false)$/.exec(line)
      if (!m) throw new Error(`electronFuses: cannot read "${line}"`)
      return [m[1], m[2] === 'true'] as const
    })
  return Object.fromEntries(entries)
}

describe('Electron fuses of the packaged app', () => {
  it('has each fuse set as docs/packaging.md says', () => {
    expect(fuses()).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: true,
    })
  })

  it('keeps app.asar (onlyLoadAppFromAsar needs it)', () => {
    expect(config).toMatch(/^asar: true$/m)
  })

  it('no rnnwb launcher relies on ELECTRON_RUN_AS_NODE (RunAsNode is off); both run Node.js on the unpacked CLI', () => {
    for (const name of ['rnnwb', 'rnnwb.cmd']) {
      const launcher = readFileSync(join(root, 'resources/bin', name), 'utf8')
      const code = launcher.split('\n').filter((line) => !/^\s*(#|rem\b)/i.test(line)).join('\n')
      expect(code, name).not.toContain('ELECTRON_RUN_AS_NODE')
      expect(code, name).toMatch(/RNNWB_NODE/)
      expect(code, name).toMatch(/app\.asar\.unpacked[\\/]out[\\/]cli[\\/]rnnwb\.js/)
    }
  })

  it('the docs name every fuse and the launch through Node.js', () => {
    const docs = readFileSync(join(root, 'docs/packaging.md'), 'utf8')
    for (const fuse of Object.keys(fuses())) expect(docs, fuse).toContain(fuse)
    expect(docs).toContain('RNNWB_NODE')
  })
})
