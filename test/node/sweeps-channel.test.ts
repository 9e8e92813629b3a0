// sweeps:start, :pause, :resume, :stop and :list through main's dispatcher with the real handlers and a real
// SweepService (trainer processes through the child_process launcher): a project whose data is a script is made
// once in the handler, progress and records arrive as events through the window's event queue, sweep runs never
// show among the window's training runs, and bad requests (a bad spec, spec and repeat together, an unknown
// sweep or record) are refused with the reason before any trainer starts.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EventQueue } from '../../src/node/events.js'
import { builtTrainerLauncher } from '../helpers/built.js'
import { SweepService } from '../../src/node/services/sweeps.js'
import { TrainingService } from '../../src/node/services/training.js'
import type { EventMap, EventName, RunSummary, SweepState } from '../../src/shared/ipc.js'
import { toProjectFile } from '../../src/shared/project-file.js'
import { dataHash } from '../../src/shared/run-records.js'
import { dispatcherWithoutTraining } from '../helpers/dispatch.js'
import { exampleWithData, inProcessRunner, readExample } from '../helpers/projects.js'

const file = toProjectFile(readExample('lecture-minimal')) // its data a script, made by the handler
const made = await exampleWithData('lecture-minimal')

let disposers: (() => void)[] = []
afterEach(() => {
  disposers.forEach((d) => d())
  disposers = []
})

function setup() {
  const sent: [EventName, unknown][] = []
  const events = new EventQueue((name, payload) => sent.push([name, payload]))
  const launch = vi.fn(builtTrainerLauncher())
  const sweeps = new SweepService(launch, (name, payload) => events.emit(name, payload))
  const training = new TrainingService(builtTrainerLauncher(), (name, payload) => events.emit(name, payload))
  disposers.push(() => sweeps.dispose(), () => training.dispose())
  const scripts = { run: vi.fn(inProcessRunner.run) }
  const dispatch = dispatcherWithoutTraining({ events, sweeps, training, scripts })
  return { dispatch, events, sent, launch, sweeps, scripts }
}

const until = async (what: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('sweeps channels', () => {
  it('start makes the data once, runs the sweep and reports progress and records as events; list shows it', async () => {
    const { dispatch, events, sent, sweeps, scripts } = setup()
    const state = (await dispatch('sweeps:start', [{ project: file, path: null, spec: { params: [{ name: 'learningRate', values: { kind: 'list', values: [0.5, 1] } }], epochs: 5 }, parallel: 2 }])) as SweepState
    expect(state).toMatchObject({ sweepId: 'sweep-1', status: 'running', parallel: 2 })
    expect(state.runs.map((r) => [r.label, r.status, r.epochs])).toEqual([
      ['learningRate=0.5', 'starting', 5],
      ['learningRate=1', 'starting', 5],
    ])
    expect(scripts.run).toHaveBeenCalledTimes(1) // the data is made once for every run
    // sweep runs are not the window's training runs
    expect((await dispatch('training:list', [])) as RunSummary[]).toEqual([])
    // events wait for the page as training's do
    expect(sent).toEqual([])
    events.ready()
    const ended = await sweeps.ended(state.sweepId)
    expect(ended.status).toBe('finished')
    const records = sent.filter(([n]) => n === 'sweeps:record').map(([, p]) => p as EventMap['sweeps:record'])
    expect(records.map((r) => r.index).sort()).toEqual([0, 1])
    for (const r of records) expect(r.record).toMatchObject({ dataHash: dataHash(made.data), epochs: 5, sweep: { id: expect.stringMatching(/^\d{8}T\d{9}Z-sweep-1$/), values: { learningRate: r.index === 0 ? 0.5 : 1 } } })
    const progress = sent.filter(([n]) => n === 'sweeps:progress').map(([, p]) => p as SweepState)
    expect(progress.at(-1)).toEqual(ended)
    expect(sent.some(([n]) => n.startsWith('training:'))).toBe(false)
    expect(await dispatch('sweeps:list', [])).toEqual([ended])
    // a repeat of a recorded run through the same channel: bit for bit
    const withRuns = { ...file, version: 2, runs: [{ ...records[0].record, id: 'r1' }] }
    const repeat = (await dispatch('sweeps:start', [{ project: withRuns, path: null, repeat: ['r1'], parallel: 1 }])) as SweepState
    expect(repeat.runs.map((r) => r.label)).toEqual(['repeat of r1'])
    expect((await sweeps.ended(repeat.sweepId)).runs[0]).toMatchObject({ status: 'completed', identical: true })
  })

  it('pause, resume and stop a sweep and one of its runs', async () => {
    const { dispatch, sweeps } = setup()
    const state = (await dispatch('sweeps:start', [{ project: file, path: null, spec: { params: [{ name: 'seed', values: { kind: 'linear', from: 1, to: 3, step: 1 } }], epochs: 1_000_000 }, parallel: 1 }])) as SweepState
    const { sweepId } = state
    expect(((await dispatch('sweeps:stop', [{ sweepId, index: 2 }])) as SweepState).runs[2].status).toBe('skipped')
    expect(((await dispatch('sweeps:pause', [{ sweepId }])) as SweepState).status).toBe('paused')
    expect(((await dispatch('sweeps:resume', [{ sweepId }])) as SweepState).status).toBe('running')
    await until(() => sweeps.stateOf(sweepId).runs[0].status === 'running')
    const stopped = (await dispatch('sweeps:stop', [{ sweepId }])) as SweepState
    expect(stopped.status).toBe('stopped')
    expect(stopped.runs.map((r) => r.status)).toEqual(['stopped', 'skipped', 'skipped'])
  })

  it('refuses a bad spec, spec with repeat, unknown sweeps and records, before any trainer starts', async () => {
    const { dispatch, launch } = setup()
    await expect(dispatch('sweeps:start', [{ project: file, path: null, spec: { params: [{ name: 'hidden[0].units', values: { kind: 'linear', from: 4, to: 1, step: 1 } }] } }])).rejects.toThrow(
      'params[0].values.step: a step of 1 does not lead from 4 to 1',
    )
    await expect(dispatch('sweeps:start', [{ project: file, path: null, spec: { params: [] }, repeat: ['r1'] }])).rejects.toThrow(/invalid request to sweeps:start: .*expected exactly one of spec and repeat/)
    await expect(dispatch('sweeps:start', [{ project: file, path: null, repeat: ['r1'] }])).rejects.toThrow('repeat[0]: no run "r1" in the project (it has no run records)')
    await expect(dispatch('sweeps:start', [{ project: { ...file, network: null }, path: null, spec: { params: [] } }])).rejects.toThrow(/network/)
    await expect(dispatch('sweeps:stop', [{ sweepId: 'sweep-9' }])).rejects.toThrow('no sweep "sweep-9"')
    await expect(dispatch('sweeps:pause', [{ sweepId: 'nine' }])).rejects.toThrow(/expected a sweep id such as sweep-1/)
    expect(launch).not.toHaveBeenCalled()
    expect(await dispatch('sweeps:list', [])).toEqual([])
  })
})
