// Main's side of IPC without Electron: request validation and dispatch, the event queue, the trust rule.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { EventQueue } from '../../src/node/events.js'
import { createHandlers } from '../../src/node/handlers.js'
import { createDispatcher } from '../../src/node/ipc-dispatch.js'
import { ExamplesService } from '../../src/node/services/examples.js'
import type { TrainingService } from '../../src/node/services/training.js'
import type { SweepService } from '../../src/node/services/sweeps.js'
import { isTrustedRequest } from '../../src/node/trust.js'
import { ProjectService } from '../../src/node/services/projects.js'
import { ScriptedDialogs } from '../harness/dialogs.js'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { OfferedFiles } from '../../src/node/launch.js'
import { tmpdir } from 'node:os'
import { listChannels } from '../../src/shared/ipc.js'
import { workerScriptRunner } from '../../src/node/services/project-data.js'
import { builtEntry } from '../helpers/built.js' // data scripts on the built worker, as the app runs them (test/node/scripts/worker.test.ts checks the source one)
import { EXAMPLES_DIR, RESOURCES_DIR } from '../helpers/projects.js'

const examplesDir = EXAMPLES_DIR

function setup() {
  const start = vi.fn(() => 'run-1')
  const training = { start, pause: vi.fn(), list: () => [] } as unknown as TrainingService
  const sent: [string, unknown][] = []
  const events = new EventQueue((name, payload) => sent.push([name, payload]))
  const dispatch = createDispatcher(
    createHandlers({ version: '9.9.9', events, examples: new ExamplesService(examplesDir), training, sweeps: {} as unknown as SweepService, projects: new ProjectService(mkdtempSync(join(tmpdir(), 'rnnwb-ipc-'))), dialogs: new ScriptedDialogs(), scripts: workerScriptRunner({ workerEntry: builtEntry('worker') }), resourcesDir: RESOURCES_DIR }),
  )
  return { dispatch, start, events, sent, training }
}

describe('request dispatch', () => {
  it('covers every channel of the contract and answers', async () => {
    const { dispatch } = setup()
    expect(listChannels().map((c) => c.channel)).toContain('training:start')
    expect(await dispatch('app:version', [])).toBe('9.9.9')
    expect(await dispatch('examples:list', [])).toEqual([
      { id: 'binary-addition', name: 'Binary addition', description: expect.stringContaining('carry') },
      { id: 'delayed-recall', name: 'Delayed recall', description: expect.any(String) },
      { id: 'lecture-minimal', name: 'Lecture minimal', description: expect.any(String) },
      { id: 'nettalk', name: 'NETtalk', description: expect.stringContaining('phonemes') },
      { id: 'sine', name: 'Sine', description: expect.any(String) },
    ])
  })

  it('refuses malformed requests before any handler runs', async () => {
    const { dispatch, start, training } = setup()
    await expect(dispatch('nope:nothing', [])).rejects.toThrow('unknown channel "nope:nothing"')
    await expect(dispatch('training:pause', ['; rm -rf /'])).rejects.toThrow('invalid request to training:pause: argument 0: expected a run id such as run-1')
    await expect(dispatch('training:pause', [])).rejects.toThrow(/invalid request to training:pause/)
    await expect(dispatch('training:start', [{ project: {}, epochs: -1 }])).rejects.toThrow(/invalid request to training:start: argument 0.epochs/)
    await expect(dispatch('training:start', [{ project: {}, extra: 1 }])).rejects.toThrow(/Unrecognized key/)
    expect(training.pause).not.toHaveBeenCalled()
    expect(start).not.toHaveBeenCalled()
  })

  it('checks a project to train exactly like a file being opened', async () => {
    const { dispatch, start } = setup()
    const project = JSON.parse(readFileSync(join(examplesDir, 'sine.rnn.json'), 'utf8'))
    project.network.hidden[0].units = 0
    await expect(dispatch('training:start', [{ project }])).rejects.toThrow(/network\.hidden\[0\]\.units/)
    expect(start).not.toHaveBeenCalled()
    project.network.hidden[0].units = 10
    expect(await dispatch('training:start', [{ project, epochs: 5 }])).toBe('run-1')
    expect(start).toHaveBeenCalledWith(expect.objectContaining({ epochs: 5, data: expect.objectContaining({ inputSize: 1 }) }))
  })

  it("hands the window a handler's failure with control characters escaped and lines cut", async () => {
    const { dispatch, training } = setup()
    ;(training.pause as ReturnType<typeof vi.fn>).mockImplementation(() => {
      throw new Error(`bad \u001b[2J${'x'.repeat(100_000)}`)
    })
    const error = await dispatch('training:pause', ['run-1']).catch((e: Error) => e)
    expect((error as Error).message).toMatch(/^bad \\x1b\[2Jx+…$/)
    expect((error as Error).message.length).toBeLessThanOrEqual(300)
  })

  it('opens only listed examples, never a path', async () => {
    const { dispatch } = setup()
    await expect(dispatch('examples:open', ['../../package'])).rejects.toThrow('no example "../../package"')
    const sine = (await dispatch('examples:open', ['sine'])) as { metadata: { name: string } }
    expect(sine.metadata.name).toBe('Sine')
  })
})

describe('EventQueue', () => {
  it('holds events until the page is ready, then sends in order; after a reload it holds again', async () => {
    const { dispatch, events, sent } = setup()
    events.emit('training:status', { runId: 'run-1', status: 'starting', epoch: 0 })
    events.emit('training:progress', { runId: 'run-1', reports: [] })
    expect(sent).toEqual([])
    await dispatch('app:ready', [])
    expect(sent.map(([name]) => name)).toEqual(['training:status', 'training:progress'])
    events.emit('training:status', { runId: 'run-1', status: 'running', epoch: 0 })
    expect(sent).toHaveLength(3)
    events.reset()
    events.emit('training:status', { runId: 'run-1', status: 'paused', epoch: 3 })
    expect(sent).toHaveLength(3)
    events.ready()
    expect(sent).toHaveLength(4)
  })
})

describe('isTrustedRequest', () => {
  const appUrl = 'file:///opt/app/out/renderer/index.html'
  it.each([
    [{ fromOwnWindow: true, frameUrl: appUrl, appUrl, devServer: false }, true],
    [{ fromOwnWindow: true, frameUrl: `${appUrl}#/x`, appUrl, devServer: false }, true],
    [{ fromOwnWindow: false, frameUrl: appUrl, appUrl, devServer: false }, false],
    [{ fromOwnWindow: true, frameUrl: 'file:///tmp/evil.html', appUrl, devServer: false }, false],
    [{ fromOwnWindow: true, frameUrl: 'https://example.com/', appUrl, devServer: false }, false],
    [{ fromOwnWindow: true, frameUrl: undefined, appUrl, devServer: false }, false],
    [{ fromOwnWindow: true, frameUrl: 'http://localhost:5173/index.html', appUrl: 'http://localhost:5173/', devServer: true }, true],
    [{ fromOwnWindow: true, frameUrl: 'http://localhost:5174/', appUrl: 'http://localhost:5173/', devServer: true }, false],
  ])('%o → %s', (input, expected) => expect(isTrustedRequest(input)).toBe(expected))
})

describe('project requests', () => {
  it('saves only to paths this window opened or chose; asks otherwise', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'rnnwb-ipc-projects-'))
    const dialogs = new ScriptedDialogs()
    const training = { list: () => [] } as unknown as TrainingService
    const dispatch = createDispatcher(
      createHandlers({ version: '1', events: new EventQueue(() => {}), examples: new ExamplesService(examplesDir), training, sweeps: {} as unknown as SweepService, projects: new ProjectService(stateDir), dialogs, scripts: workerScriptRunner({ workerEntry: builtEntry('worker') }), resourcesDir: RESOURCES_DIR }),
    )
    const project = JSON.parse(readFileSync(join(examplesDir, 'sine.rnn.json'), 'utf8'))
    const chosen = join(stateDir, 'chosen.rnn.json')
    // an unknown path is not written: the user is asked where instead
    dialogs.answer(chosen)
    expect(await dispatch('projects:save', [{ project, path: join(stateDir, 'sneaky.rnn.json') }])).toBe(chosen)
    expect(dialogs.asked).toEqual(['save project (Sine.rnn.json)'])
    // now it is known: saved without asking
    expect(await dispatch('projects:save', [{ project, path: chosen }])).toBe(chosen)
    expect(dialogs.asked).toHaveLength(1)
    // a cancelled dialog saves nothing
    dialogs.answer(null)
    expect(await dispatch('projects:save-as', [{ project }])).toBeNull()
    // only recent paths open without a dialog
    await expect(dispatch('projects:open-recent', ['/etc/passwd'])).rejects.toThrow('/etc/passwd is not a recent project')
    expect(((await dispatch('projects:open-recent', [chosen])) as { path: string }).path).toBe(chosen)
    rmSync(stateDir, { recursive: true, force: true })
  })
})

describe('autosave paths', () => {
  it('does not let an autosave teach main a path to write to without asking', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'rnnwb-ipc-autosave-'))
    const dialogs = new ScriptedDialogs()
    const training = { list: () => [] } as unknown as TrainingService
    const dispatch = createDispatcher(createHandlers({ version: '1', events: new EventQueue(() => {}), examples: new ExamplesService(examplesDir), training, sweeps: {} as unknown as SweepService, projects: new ProjectService(stateDir), dialogs, scripts: workerScriptRunner({ workerEntry: builtEntry('worker') }), resourcesDir: RESOURCES_DIR }))
    const project = JSON.parse(readFileSync(join(examplesDir, 'sine.rnn.json'), 'utf8'))
    const target = join(stateDir, 'not-a-project.txt')
    await dispatch('projects:autosave', [{ project, path: target }])
    expect(((await dispatch('projects:restore', [])) as { path: string | null }).path).toBeNull()
    dialogs.answer(null)
    expect(await dispatch('projects:save', [{ project, path: target }])).toBeNull() // asked, and cancelled
    expect(dialogs.asked).toHaveLength(1)
    rmSync(stateDir, { recursive: true, force: true })
  })
})

describe('the menu and files from outside', () => {
  it('opens only the files offered to the window, and afterwards saves to them without asking', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'rnnwb-ipc-offered-'))
    const dialogs = new ScriptedDialogs()
    const events = new EventQueue(() => {})
    const offered = new OfferedFiles(events)
    const training = { list: () => [] } as unknown as TrainingService
    const dispatch = createDispatcher(createHandlers({ version: '1', events, examples: new ExamplesService(examplesDir), training, sweeps: {} as unknown as SweepService, projects: new ProjectService(stateDir), dialogs, scripts: workerScriptRunner({ workerEntry: builtEntry('worker') }), offered, resourcesDir: RESOURCES_DIR }))
    const path = join(stateDir, 'given.rnn.json')
    copyFileSync(join(examplesDir, 'sine.rnn.json'), path)
    await expect(dispatch('projects:open-offered', [path])).rejects.toThrow(`${path} was not given to the app to open`)
    offered.offer(path)
    const opened = (await dispatch('projects:open-offered', [path])) as { path: string; project: { metadata: { name: string } } }
    expect(opened.path).toBe(path)
    expect(opened.project.metadata.name).toBe('Sine')
    expect(await dispatch('projects:save', [{ project: opened.project, path }])).toBe(path)
    expect(dialogs.asked).toEqual([])
    // a bad file is refused with its name and the reason
    const bad = join(stateDir, 'bad.rnn.json')
    writeFileSync(bad, '{"format": "something else"}')
    offered.offer(bad)
    await expect(dispatch('projects:open-offered', [bad])).rejects.toThrow(/^bad\.rnn\.json: /)
    rmSync(stateDir, { recursive: true, force: true })
  })

  it('passes the menu state on (validated) and answers About with the versions it was given', async () => {
    const states: unknown[] = []
    const training = { list: () => [] } as unknown as TrainingService
    const dispatch = createDispatcher(
      createHandlers({
        version: '2.3.4',
        events: new EventQueue(() => {}),
        examples: new ExamplesService(examplesDir),
        training,
        sweeps: {} as unknown as SweepService,
        resourcesDir: RESOURCES_DIR,
        projects: new ProjectService(mkdtempSync(join(tmpdir(), 'rnnwb-ipc-menu-'))),
        dialogs: new ScriptedDialogs(),
        scripts: workerScriptRunner({ workerEntry: builtEntry('worker') }),
        setMenuState: (s) => states.push(s),
        versions: { electron: '45.5.0', chrome: '142.0', node: '22.20.0', v8: '14.2', uv: '1.51' },
      }),
    )
    const state = { dirty: true, busy: false, hasWeights: true, canTrain: false, run: 'paused' }
    await dispatch('app:menu-state', [state])
    expect(states).toEqual([state])
    await expect(dispatch('app:menu-state', [{ ...state, run: 'sprinting' }])).rejects.toThrow(/invalid request to app:menu-state/)
    await expect(dispatch('app:menu-state', [{ ...state, extra: 1 }])).rejects.toThrow(/Unrecognized key/)
    expect(states).toHaveLength(1)
    expect(await dispatch('app:about', [])).toEqual({
      name: 'RNN Workbench',
      version: '2.3.4',
      versions: { electron: '45.5.0', chrome: '142.0', node: '22.20.0', v8: '14.2' },
      platform: process.platform,
      arch: process.arch,
    })
  })
})
