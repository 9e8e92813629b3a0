// Project files handed to the app from outside (src/node/launch.ts): which argument of a launch is the
// project, and the rule that the window opens only files offered to it.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EventQueue } from '../../src/node/events.js'
import { OfferedFiles, projectPathFromArgv } from '../../src/node/launch.js'

const cwd = '/home/u/projects'
const packaged = { defaultApp: false, cwd, isFile: () => false }

describe('projectPathFromArgv', () => {
  it('takes a project file after the executable, resolved against the launch folder', () => {
    expect(projectPathFromArgv(['/opt/RNN Workbench/rnn-workbench', 'model.rnn.json'], packaged)).toBe('/home/u/projects/model.rnn.json')
    expect(projectPathFromArgv(['/opt/RNN Workbench/rnn-workbench', '/data/x.RNN.JSON'], packaged)).toBe('/data/x.RNN.JSON')
    expect(projectPathFromArgv(['/opt/RNN Workbench/rnn-workbench', '../b/y.rnn.json'], packaged)).toBe('/home/u/b/y.rnn.json')
  })

  it('skips the app path in development (electron .), switches, and names that are no project', () => {
    const dev = { ...packaged, defaultApp: true }
    expect(projectPathFromArgv(['/usr/bin/electron', '.'], dev)).toBeNull()
    expect(projectPathFromArgv(['/usr/bin/electron', 'model.rnn.json'], dev)).toBeNull() // argv[1] is the app
    expect(projectPathFromArgv(['/usr/bin/electron', '.', 'model.rnn.json'], dev)).toBe('/home/u/projects/model.rnn.json')
    // Chromium's switches (second-instance argv carries extra ones), macOS's process serial number
    const argv = ['/app/rnn', '--allow-file-access-from-files', '--enable-logging=stderr', '-psn_0_123', '', 'notes.txt', 'model.rnn.json']
    expect(projectPathFromArgv(argv, packaged)).toBe('/home/u/projects/model.rnn.json')
    expect(projectPathFromArgv(['/app/rnn'], packaged)).toBeNull()
    expect(projectPathFromArgv(['/app/rnn', '--inspect', 'folder'], packaged)).toBeNull()
  })

  it('takes an existing file of any name (a renamed project dropped on the app), never a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnwb-launch-'))
    writeFileSync(join(dir, 'copy of model.json'), '{}')
    mkdirSync(join(dir, 'sub'))
    const onDisk = { defaultApp: false, cwd: dir }
    expect(projectPathFromArgv(['/app/rnn', 'sub', 'copy of model.json'], onDisk)).toBe(join(dir, 'copy of model.json'))
    expect(projectPathFromArgv(['/app/rnn', 'sub', 'missing.json'], onDisk)).toBeNull()
    // a *.rnn.json name is taken even when missing: opening it says the file is not there
    expect(projectPathFromArgv(['/app/rnn', 'gone.rnn.json'], onDisk)).toBe(join(dir, 'gone.rnn.json'))
  })
})

describe('OfferedFiles', () => {
  it('announces each file to the window once it is ready, and knows only those', () => {
    const sent: [string, unknown][] = []
    const events = new EventQueue((name, payload) => sent.push([name, payload]))
    const offered = new OfferedFiles(events)
    offered.offer('/a/model.rnn.json') // at launch: before the window has subscribed
    expect(sent).toEqual([])
    events.ready()
    offered.offer('/b/other.rnn.json') // a second launch, later
    expect(sent).toEqual([
      ['app:open-file', { path: '/a/model.rnn.json' }],
      ['app:open-file', { path: '/b/other.rnn.json' }],
    ])
    expect(offered.has('/a/model.rnn.json')).toBe(true)
    expect(offered.has('/etc/passwd')).toBe(false)
  })
})
