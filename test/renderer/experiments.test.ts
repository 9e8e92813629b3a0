// @vitest-environment happy-dom
// Experiments in the window (issue 14): Train runs recorded into the project; the runs table sorted, filtered
// and exported as CSV; "Use this run" with and without kept weights; the sweep form checked at its fields and
// started; sweep records and repeats as the host's events bring them. window.api is a fake.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'
import { Trainer } from '../../src/core/index'
import type { EventMap, SweepState } from '../../src/shared/ipc'
import { weightsToFile, type InlineData, type RunRecord } from '../../src/shared/project-file'
import { dataHash, runRecord } from '../../src/shared/run-records'
import { trainingDataset } from '../../src/shared/runs'
import { filterRows, runRow, runsCsv, smoothed, sortRows, sweptNames } from '../../src/renderer/experiments/runs-table'

const fake = vi.hoisted(() => ({
  app: { ready: vi.fn(async () => {}) },
  training: { list: vi.fn(async () => []), start: vi.fn(async () => 'run-1'), result: vi.fn(async () => ({ weights: null, loss: [] })), record: vi.fn() },
  sweeps: { start: vi.fn(), pause: vi.fn(), resume: vi.fn(), stop: vi.fn(), list: vi.fn(async () => []) },
  projects: { setDirty: vi.fn(async () => {}), autosave: vi.fn(async () => {}) },
  on: vi.fn(() => () => {}),
}))
vi.mock('../../src/renderer/api', () => ({ api: fake }))

import { useTrainingStore } from '../../src/renderer/stores/training'
import { useSweepsStore } from '../../src/renderer/stores/sweeps'
import { useExperimentsStore } from '../../src/renderer/stores/experiments'
import { useFilesStore } from '../../src/renderer/stores/files'
import SweepPanel from '../../src/renderer/components/experiments/SweepPanel.vue'
import RunsTable from '../../src/renderer/components/experiments/RunsTable.vue'
import { blankInlineProject, setup, tid, type Setup } from './project-setup'

/** A record of a run of the blank project with these settings and losses (weights when `weights`). */
function record(id: string, opts: { learningRate?: number; seed?: number; loss: (number | null)[]; status?: 'completed' | 'stopped' | 'failed'; weights?: boolean; sweep?: boolean }): RunRecord {
  const file = blankInlineProject()
  const training = { ...file.training, learningRate: opts.learningRate ?? 0.1, seed: opts.seed ?? 1, epochs: 2 }
  let weights
  if (opts.weights) {
    const t = new Trainer({ network: file.network, training, data: trainingDataset(file.data as InlineData) })
    t.runEpoch()
    t.runEpoch()
    weights = weightsToFile(file.network, { ...t.snapshot(), epoch: 2 })
  }
  const r = runRecord(
    id,
    {
      network: file.network,
      training,
      dataHash: dataHash(file.data as InlineData),
      startedAt: Date.UTC(2026, 0, 1),
      endedAt: Date.UTC(2026, 0, 1) + 1500,
      startEpoch: 0,
      status: opts.status ?? 'completed',
      loss: opts.loss.map((x) => (x === null ? NaN : x)),
      validationLoss: [],
      scores: [],
      ...(weights ? { weights } : {}),
    },
    opts.sweep === false ? {} : { label: `learningRate=${training.learningRate} seed=${training.seed}`, sweep: { id: 'sweep-1', values: { learningRate: training.learningRate, seed: training.seed } } },
  )!
  return r
}

/** The handler the stores registered for an event. */
function handler<E extends keyof EventMap>(name: E): (e: EventMap[E]) => void {
  return (fake.on.mock.calls as unknown as [string, (e: EventMap[E]) => void][]).filter(([n]) => n === name).at(-1)![1]
}

let s: Setup
beforeEach(() => {
  vi.clearAllMocks()
  s = setup()
})

describe('the training store records every ended Train run into the project', () => {
  it('asks training:record when a run ends and adds the record under the next free id; the project becomes unsaved', async () => {
    const training = useTrainingStore()
    await training.subscribe()
    const status = handler('training:status')
    await nextTick()
    await Promise.resolve()
    s.project.load({ ...blankInlineProject(), version: 2, runs: [record('r4', { loss: [1, 0.5] })] }, null)
    await nextTick()
    await Promise.resolve()
    expect(s.project.dirty).toBe(false)
    fake.training.record.mockResolvedValueOnce(record('r0', { loss: [0.9, 0.4], sweep: false }))
    await training.train()
    status({ runId: 'run-1', status: 'running', epoch: 0 })
    status({ runId: 'run-1', status: 'failed', epoch: 2, message: 'diverged' })
    await vi.waitFor(() => expect(s.project.runs).toHaveLength(2))
    expect(fake.training.record).toHaveBeenCalledWith({ runId: 'run-1', label: expect.stringContaining('seed 1') })
    expect(s.project.runs.map((r) => r.id)).toEqual(['r4', 'r5'])
    expect(s.project.dirty).toBe(true)
    expect(s.project.toFile()).toMatchObject({ version: 2, runs: [{ id: 'r4' }, { id: 'r5' }] })
  })

  it('does not add the record of a run whose project was replaced while it ran', async () => {
    const training = useTrainingStore()
    await training.subscribe()
    const status = handler('training:status')
    fake.training.record.mockResolvedValueOnce(record('r0', { loss: [0.9] }))
    await training.train()
    s.project.newBlank() // another project
    status({ runId: 'run-1', status: 'completed', epoch: 1 })
    await new Promise((r) => setTimeout(r, 0))
    expect(fake.training.record).not.toHaveBeenCalled()
    expect(s.project.runs).toEqual([])
  })
})

describe('the runs table as data', () => {
  const records = [record('r1', { learningRate: 0.1, loss: [1, 0.3] }), record('r2', { learningRate: 0.01, loss: [1, 0.8] }), record('r3', { learningRate: 1, loss: [1, null], status: 'failed' }), record('r10', { learningRate: 0.03, loss: [1, 0.2] })]
  const names = sweptNames(records)
  const rows = records.map((r) => runRow(r, names))

  it('has a column per swept parameter and sorts by a column, empty cells last in either order', () => {
    expect(names).toEqual(['learningRate', 'seed'])
    expect(sortRows(rows, 'finalLoss', 'asc').map((r) => r.id)).toEqual(['r10', 'r1', 'r2', 'r3'])
    expect(sortRows(rows, 'finalLoss', 'desc').map((r) => r.id)).toEqual(['r2', 'r1', 'r10', 'r3'])
    expect(sortRows(rows, 'param:learningRate', 'desc').map((r) => r.id)).toEqual(['r3', 'r1', 'r10', 'r2'])
    expect(sortRows(rows, 'id', 'desc').map((r) => r.id)).toEqual(['r10', 'r3', 'r2', 'r1']) // r10 after r3, not before r2
    expect(sortRows(rows, 'bestLoss', 'asc').map((r) => r.id)).toEqual(['r10', 'r1', 'r2', 'r3'])
  })

  it('filters by words in the id, the label, the ending or name=value', () => {
    expect(filterRows(rows, 'failed').map((r) => r.id)).toEqual(['r3'])
    expect(filterRows(rows, 'learningRate=0.0').map((r) => r.id)).toEqual(['r2', 'r10'])
    expect(filterRows(rows, 'LEARNINGRATE=0.01 seed=1').map((r) => r.id)).toEqual(['r2'])
    expect(filterRows(rows, '  ').map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r10'])
  })

  it('exports the rows it is given as CSV, with fixed column names and quoted labels', () => {
    const csv = runsCsv(sortRows(rows, 'finalLoss', 'asc').slice(0, 2), names)
    expect(csv).toBe(
      'id,label,learningRate,seed,status,epochs,final_loss,best_loss,validation_loss,score,seconds,pinned,repeat_of,started_at\r\n' +
        'r10,learningRate=0.03 seed=1,0.03,1,finished,2,0.2,0.2,,,1.5,false,,2026-01-01T00:00:00.000Z\r\n' +
        'r1,learningRate=0.1 seed=1,0.1,1,finished,2,0.3,0.3,,,1.5,false,,2026-01-01T00:00:00.000Z\r\n',
    )
    const odd = runRow({ ...records[0], label: 'a, "b"\nc' }, names)
    expect(runsCsv([odd], names).split('\r\n')[1]).toMatch(/^r1,"a, ""b""\nc",0\.1,/)
  })

  it('smooths a curve with a debiased moving average, leaving gaps as gaps', () => {
    expect(smoothed([1, 2, 3], 0)).toEqual([1, 2, 3])
    const s = smoothed([4, null, 4, 0], 0.5)
    expect(s[0]).toBeCloseTo(4) // debiased: the first point is the first value
    expect(s[1]).toBeNull()
    expect(s[2]).toBeCloseTo(4)
    expect(s[3]).toBeCloseTo((0.5 * (0.5 * 2 + 2) + 0) / (1 - 0.125))
  })
})

describe('the runs table in the window', () => {
  let w: VueWrapper
  afterEach(() => w?.unmount())

  it('sorts by a clicked column (again: the other way), filters, pins and deletes', async () => {
    s.project.load({ ...blankInlineProject(), version: 2, runs: [record('r1', { learningRate: 0.1, loss: [1, 0.3] }), record('r2', { learningRate: 0.01, loss: [1, 0.8] }), record('r3', { learningRate: 0.03, loss: [1, 0.2] })] }, null)
    w = mount(RunsTable, { global: { plugins: [s.pinia] } })
    await nextTick()
    const order = () => w.findAll('tbody tr').map((tr) => tr.attributes('data-testid'))
    expect(order()).toEqual(['run-row-r1', 'run-row-r2', 'run-row-r3'])
    await w.get(tid('sort-finalLoss')).trigger('click')
    expect(order()).toEqual(['run-row-r3', 'run-row-r1', 'run-row-r2'])
    expect(w.get(tid('sort-finalLoss')).element.parentElement!.getAttribute('aria-sort')).toBe('ascending')
    await w.get(tid('sort-finalLoss')).trigger('click')
    expect(order()).toEqual(['run-row-r2', 'run-row-r1', 'run-row-r3'])
    await w.get(tid('runs-filter')).setValue('learningRate=0.0')
    expect(order()).toEqual(['run-row-r2', 'run-row-r3'])
    expect(w.get(tid('run-finalLoss-r3')).text()).toBe('0.2')
    await w.get(tid('run-pin-r2')).setValue(true)
    expect(s.project.runs.find((r) => r.id === 'r2')!.pinned).toBe(true)
    await w.get(tid('run-delete-r3')).trigger('click')
    expect(order()).toEqual(['run-row-r2'])
    expect(s.project.runs.map((r) => r.id)).toEqual(['r1', 'r2'])
    expect(s.project.dirty).toBe(true)
  })
})

describe('the runs drawn in the loss overlay', () => {
  it('are the last 10 of an opened project, and new runs while fewer than 10 are drawn', async () => {
    const runs = Array.from({ length: 12 }, (_, i) => record(`r${i + 1}`, { learningRate: 0.01 * (i + 1), loss: [1, 0.5] }))
    s.project.load({ ...blankInlineProject(), version: 2, runs }, null)
    const experiments = useExperimentsStore()
    expect(experiments.selected).toEqual(['r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12'])
    s.project.addRun(record('r0', { loss: [1] }))
    await nextTick()
    expect(experiments.isSelected('r13')).toBe(false)
    experiments.toggleSelected('r3')
    s.project.addRun(record('r0', { loss: [1] }))
    await nextTick()
    expect(experiments.isSelected('r14')).toBe(true)
    s.project.deleteRun('r12')
    await nextTick()
    expect(experiments.selected).not.toContain('r12')
  })
})

describe('Repeat in the runs table', () => {
  it('starts a repeat of the row, shows it under way, then ✓ on the row and on the repeat\'s own record', async () => {
    s.project.load({ ...blankInlineProject(), version: 2, runs: [record('r1', { loss: [1, 0.3] }), { ...record('r9', { loss: [0.3] }), startEpoch: 2 }] }, null)
    const sweeps = useSweepsStore()
    sweeps.subscribe()
    const w = mount(RunsTable, { global: { plugins: [s.pinia] } })
    // a run that continued earlier weights cannot be repeated from its record
    expect(w.get(tid('run-repeat-r9')).attributes('disabled')).toBeDefined()
    expect(w.get(tid('run-repeat-r9')).attributes('title')).toMatch(/continued from earlier weights/)
    fake.sweeps.start.mockResolvedValueOnce({ sweepId: 'sweep-1', status: 'running', parallel: 1, runs: [] })
    await w.get(tid('run-repeat-r1')).trigger('click')
    await vi.waitFor(() => expect(w.find(tid('run-repeating-r1')).exists()).toBe(true))
    expect(fake.sweeps.start.mock.calls[0][0]).toMatchObject({ repeat: ['r1'] })
    expect(w.get(tid('run-repeat-r1')).attributes('disabled')).toBeDefined() // one repeat at a time
    handler('sweeps:record')({ sweepId: 'sweep-1', index: 0, record: { ...record('r0', { loss: [1, 0.3] }), repeatOf: 'r1' } })
    handler('sweeps:progress')({ sweepId: 'sweep-1', status: 'finished', parallel: 1, runs: [{ index: 0, label: 'repeat of r1', values: {}, status: 'completed', epoch: 2, epochs: 2, loss: 0.3, identical: false, message: 'the data changed since r1 ran (its data hash differs): not the same run' }] })
    await nextTick()
    expect(w.get(tid('run-identical-r1')).text()).toBe('✗')
    expect(w.get(tid('run-identical-r10')).attributes('data-identical')).toBe('false')
    expect(w.get(tid('run-identical-r1')).attributes('aria-label')).toBe('The repeat did not reproduce this run')
    expect(w.get(tid('run-identical-r1')).attributes('title')).toBe('the data changed since r1 ran (its data hash differs): not the same run') // the host's reason
    expect(w.get(tid('run-row-r10')).text()).toContain('(repeat of r1)')
    w.unmount()
  })
})

describe('"Use this run"', () => {
  it("makes a record's settings, weights and loss history the project's when it kept its weights", async () => {
    const best = record('r1', { learningRate: 0.3, seed: 7, loss: [0.6, 0.5], weights: true })
    s.project.load({ ...blankInlineProject(), version: 2, runs: [best] }, null)
    await nextTick()
    const experiments = useExperimentsStore()
    experiments.useRun('r1')
    await nextTick()
    expect(s.project.training).toMatchObject({ learningRate: 0.3, seed: 7 })
    expect(s.project.weights).toEqual(best.weights)
    expect(s.project.history).toEqual({ loss: [0.6, 0.5] })
    expect(s.project.parameters).not.toBeNull()
    expect(s.project.dirty).toBe(true)
    expect(experiments.notice).toBe('The project now has the settings and the final weights of r1.')
  })

  it('takes the settings only, from the seed, and says so, when the record kept no weights', async () => {
    const other = record('r2', { learningRate: 0.02, loss: [0.9, 0.8] })
    s.project.load({ ...blankInlineProject(), version: 2, runs: [other] }, null)
    s.project.network.hidden[0].units = 6
    await nextTick()
    const experiments = useExperimentsStore()
    experiments.useRun('r2')
    await nextTick()
    expect(s.project.network.hidden[0].units).toBe(4)
    expect(s.project.training.learningRate).toBe(0.02)
    expect(s.project.weights).toBeNull()
    expect(s.project.history).toEqual({ loss: [] })
    expect(experiments.notice).toMatch(/^The project now has the settings of r2; its weights were not kept/)
  })
})

describe('the sweep form', () => {
  let w: VueWrapper
  beforeEach(() => {
    w = mount(SweepPanel, { global: { plugins: [s.pinia] } })
  })
  afterEach(() => w.unmount())
  const error = (path: string) => (w.find(tid(`sweep-error-${path}`)).exists() ? w.get(tid(`sweep-error-${path}`)).text() : null)

  it('starts from the project learning rate and counts the runs', async () => {
    expect((w.get(tid('sweep-param-0-list')).element as HTMLInputElement).value).toBe(String(s.project.training.learningRate))
    await w.get(tid('sweep-param-0-list')).setValue('0.01, 0.03, 0.1')
    await w.get(tid('sweep-seeds')).setValue('2')
    expect(w.get(tid('sweep-summary')).text()).toBe('6 runs')
    expect(w.get(tid('sweep-start')).attributes('disabled')).toBeUndefined()
  })

  it('shows each problem at its field, and Start stays disabled', async () => {
    await w.get(tid('sweep-param-0-list')).setValue('0.1, fast')
    expect(error('params[0].values')).toMatch(/learningRate="fast" \(value 2\): expected a number > 0/)
    expect(w.get(tid('sweep-param-0-list')).attributes('aria-invalid')).toBe('true')
    expect(w.get(tid('sweep-start')).attributes('disabled')).toBeDefined()
    await w.get(tid('sweep-param-0-list')).setValue('0.1, 0.2')
    expect(error('params[0].values')).toBeNull()

    await w.get(tid('sweep-seeds')).setValue('0')
    expect(error('seeds')).toMatch(/expected a whole number from 1/)
    await w.get(tid('sweep-seeds')).setValue('3')
    await w.get(tid('sweep-runs')).setValue('5')
    expect(error('runs')).toMatch(/the grid has 6 runs \(2 × 3 seeds\), more than the budget of 5/)
    await w.get(tid('sweep-runs')).setValue('100')

    await w.get(tid('sweep-param-0-mode')).setValue('linear')
    await w.get(tid('sweep-param-0-from')).setValue('0.1')
    await w.get(tid('sweep-param-0-to')).setValue('0.3')
    await w.get(tid('sweep-param-0-step')).setValue('0')
    expect(error('params[0].values')).toMatch(/a step of 0 does not lead from 0.1 to 0.3/)
    await w.get(tid('sweep-param-0-step')).setValue('0.1')
    expect(w.get(tid('sweep-summary')).text()).toBe('9 runs') // 0.1, 0.2, 0.3 × 3 seeds

    await w.get(tid('sweep-parallel')).setValue('0')
    expect(error('parallel')).toBe('A whole number from 1 to 64, or blank for one per core.')
    expect(w.get(tid('sweep-start')).attributes('disabled')).toBeDefined()
  })

  it('sweeps a hidden layer by name (ticked activations) and sends the spec with Start', async () => {
    await w.get(tid('sweep-add-param')).trigger('click')
    await w.get(tid('sweep-param-1-name')).setValue('hidden[0].activation')
    expect((w.get(tid('sweep-param-1-choice-tanh')).element as HTMLInputElement).checked).toBe(true) // the project's own
    await w.get(tid('sweep-param-1-choice-relu')).setValue(true)
    await w.get(tid('sweep-param-0-list')).setValue('0.05, 0.1')
    await w.get(tid('sweep-epochs')).setValue('3')
    await w.get(tid('sweep-parallel')).setValue('2')
    expect(w.get(tid('sweep-summary')).text()).toBe('4 runs')
    const state: SweepState = { sweepId: 'sweep-1', status: 'running', parallel: 2, runs: [] }
    fake.sweeps.start.mockResolvedValueOnce(state)
    await w.get(tid('sweep-start')).trigger('click')
    await vi.waitFor(() => expect(fake.sweeps.start).toHaveBeenCalled())
    const request = fake.sweeps.start.mock.calls[0][0]
    expect(request.spec).toEqual({
      params: [
        { name: 'learningRate', values: { kind: 'list', values: [0.05, 0.1] } },
        { name: 'hidden[0].activation', values: { kind: 'list', values: ['tanh', 'relu'] } },
      ],
      sampling: 'grid',
      seeds: 1,
      runs: 100,
      epochs: 3,
    })
    expect(request.parallel).toBe(2)
    expect(request.project.network).toEqual(s.project.network)
  })
})

describe('sweeps under way', () => {
  it('keep the project open: no other project while a sweep runs (its records belong to this one)', async () => {
    const sweeps = useSweepsStore()
    const files = useFilesStore()
    fake.sweeps.start.mockResolvedValueOnce({ sweepId: 'sweep-1', status: 'running', parallel: 2, runs: [] })
    await sweeps.start()
    s.project.metadata.name = 'Swept'
    expect(await files.newBlank()).toBe(false)
    expect(files.error).toBe('Could not start a new project: a sweep is running and its runs are kept in this project. Stop it first.')
    expect(s.project.metadata.name).toBe('Swept')
  })

  it('keep the project open while a repeat runs too, and let it go once the repeat has ended', async () => {
    s.project.load({ ...blankInlineProject(), version: 2, runs: [record('r1', { loss: [1, 0.3] })] }, null)
    const sweeps = useSweepsStore()
    sweeps.subscribe()
    const files = useFilesStore()
    fake.sweeps.start.mockResolvedValueOnce({ sweepId: 'sweep-2', status: 'running', parallel: 1, runs: [] })
    await sweeps.repeat('r1')
    expect(await files.newBlank()).toBe(false)
    expect(files.error).toMatch(/a sweep is running/)
    handler('sweeps:record')({ sweepId: 'sweep-2', index: 0, record: { ...record('r0', { loss: [1, 0.3] }), repeatOf: 'r1' } })
    handler('sweeps:progress')({ sweepId: 'sweep-2', status: 'finished', parallel: 1, runs: [{ index: 0, label: 'repeat of r1', values: {}, status: 'completed', epoch: 2, epochs: 2, loss: 0.3, identical: true }] })
    await nextTick()
    expect(s.project.runs.map((r) => r.id)).toEqual(['r1', 'r2']) // the repeat's record reached the project it repeated
    expect(sweeps.busy).toBe(false)
  })

  it("adds each sweeps:record to the project and follows the sweep's progress; a repeat says whether it was identical", async () => {
    const sweeps = useSweepsStore()
    sweeps.subscribe()
    const progress = handler('sweeps:progress')
    const recorded = handler('sweeps:record')
    const run = (index: number, status: 'queued' | 'running' | 'completed') => ({ index, label: `learningRate=${index}`, values: {}, status, epoch: 0, epochs: 2, loss: null })
    fake.sweeps.start.mockImplementationOnce(async () => {
      progress({ sweepId: 'sweep-1', status: 'running', parallel: 2, runs: [run(0, 'running'), run(1, 'queued')] }) // before the answer
      return { sweepId: 'sweep-1', status: 'running', parallel: 2, runs: [run(0, 'queued'), run(1, 'queued')] }
    })
    await sweeps.start()
    expect(sweeps.current!.runs[0].status).toBe('running')
    recorded({ sweepId: 'sweep-1', index: 0, record: record('r0', { learningRate: 0.1, loss: [1, 0.5] }) })
    recorded({ sweepId: 'sweep-2', index: 0, record: record('r0', { loss: [1] }) }) // not a sweep of this window
    expect(s.project.runs.map((r) => r.id)).toEqual(['r1'])
    expect(s.project.dirty).toBe(true)

    fake.sweeps.stop.mockResolvedValueOnce({ sweepId: 'sweep-1', status: 'stopped', parallel: 2, runs: [run(0, 'completed'), { ...run(1, 'queued'), status: 'skipped' }] })
    await sweeps.control('stop', 1)
    expect(fake.sweeps.stop).toHaveBeenCalledWith({ sweepId: 'sweep-1', index: 1 })
    expect(sweeps.current!.runs[1].status).toBe('skipped')

    fake.sweeps.start.mockResolvedValueOnce({ sweepId: 'sweep-2', status: 'running', parallel: 1, runs: [run(0, 'queued')] })
    await sweeps.repeat('r1')
    expect(fake.sweeps.start.mock.calls[1][0]).toMatchObject({ repeat: ['r1'] })
    expect(sweeps.repeating.r1).toBe('sweep-2')
    recorded({ sweepId: 'sweep-2', index: 0, record: { ...record('r0', { learningRate: 0.1, loss: [1, 0.5] }), repeatOf: 'r1' } })
    progress({ sweepId: 'sweep-2', status: 'finished', parallel: 1, runs: [{ ...run(0, 'completed'), identical: true }] })
    expect(sweeps.identicalOf('r1')).toBe(true)
    expect(sweeps.identicalOf('r2')).toBe(true) // the repeat's own record
    expect(sweeps.repeating.r1).toBeUndefined()
    expect(sweeps.current!.sweepId).toBe('sweep-1') // the progress panel keeps showing the sweep
  })
})
