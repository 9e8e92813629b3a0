// @vitest-environment happy-dom
// The data pane (src/renderer/components/data): preview and sequence chooser, the heatmap options, adopting the
// data's sizes, the import panel (problems, column roles, accepting), export, and switching to a script.
// window.api is a fake: its data:import reads CSV texts held here with the real parser (src/shared/data-io.ts),
// as main's readDataFile does with files. The Monaco editor and the echarts instances are stubbed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'

const fake = vi.hoisted(() => ({
  dialogs: { confirm: vi.fn() },
  data: { import: vi.fn(), export: vi.fn() },
  scripts: { run: vi.fn() },
  on: vi.fn(() => () => {}),
}))
vi.mock('../../src/renderer/api', () => ({ api: fake }))

import DataPane from '../../src/renderer/components/data/DataPane.vue'
import EChart from '../../src/renderer/components/charts/EChart.vue'
import { blankProject, STARTER_SCRIPT } from '../../src/shared/blank-project'
import { DataImportError, parseCsvDataset, readCsvHeader, type CsvImportOptions } from '../../src/shared/data-io'
import type { DataImportResult } from '../../src/shared/ipc'
import type { InlineData } from '../../src/shared/project-file'
import type { ScriptRunResult } from '../../src/shared/script-api'
import { describeDataPath, MAX_STEP_BLOCKS, sequenceHeatmap } from '../../src/renderer/charts/data-preview'
import { setLocale, t } from '../../src/renderer/i18n'
import { RUN_DELAY_MS, useDataStore } from '../../src/renderer/stores/data'
import type { HeatmapSeriesOption } from '../../src/renderer/charts/echarts'
import { runIs, setup, tid, valueOf, type Setup } from './project-setup'

/** m = 2, ℓ = 1; training sequences of 4, 2 and 3 steps, one validation sequence of 2; one input is 0.5. */
const DATA: InlineData = {
  kind: 'inline',
  inputSize: 2,
  outputSize: 1,
  train: [
    { u: [[0, 1], [1, 1], [0, 0], [1, 0]], z: [null, [1], [0], [1]] },
    { u: [[1, 0], [0.5, 1]], z: [[0], [1]] },
    { u: [[0, 0], [0, 1], [1, 1]], z: [null, null, [1]] },
  ],
  validation: [{ u: [[1, 1], [0, 0]], z: [null, [0]] }],
}

let s: Setup
let w: VueWrapper
let data: ReturnType<typeof useDataStore>

function mountPane(): void {
  w = mount(DataPane, { global: { plugins: [s.pinia], stubs: { ScriptEditor: true, EChart: true } } })
  data = useDataStore()
}

/** The blank project with its script (nothing runs it until asked). */
const withScript = () => s.project.load(blankProject(), null)

/** The project with inline data (and the network's m = 1, ℓ = 1 of the blank project). */
async function withInlineData(d: InlineData = DATA): Promise<void> {
  s.project.load({ ...blankProject(), data: d }, null)
  await Promise.resolve()
  await nextTick()
}

beforeEach(() => {
  vi.resetAllMocks()
  s = setup() // the blank project with inline data (m = ℓ = 1)
})
afterEach(() => {
  w?.unmount()
  vi.useRealTimers()
})

const text = (id: string) => w.get(tid(id)).text()
const charts = () => w.findAllComponents(EChart)
const series = (k: number) => charts()[k].props('option').series as HeatmapSeriesOption[]

describe('sequenceHeatmap', () => {
  it('draws T × m cells, step t along x and u1..um down y, binary data on [0, 1]', () => {
    const { option, stepBlocks, componentBlocks, missing } = sequenceHeatmap(DATA.train[0].u, 2, 'u')
    expect([stepBlocks, componentBlocks, missing]).toEqual([4, 2, 0])
    const [values, noTarget] = option.series as HeatmapSeriesOption[]
    expect(values.data).toHaveLength(8)
    expect(values.data).toContainEqual([1, 0, 1]) // t = 1, u1
    expect(values.data).toContainEqual([3, 1, 0]) // t = 3, u2
    expect(noTarget.data).toEqual([])
    expect((option.xAxis as { data: string[] }).data).toEqual(['0', '1', '2', '3'])
    expect((option.yAxis as { data: string[] }).data).toEqual(['u1', 'u2'])
    expect(option.visualMap).toMatchObject([{ min: 0, max: 1, seriesIndex: 0 }, { seriesIndex: 1, show: false }])
  })

  it('draws steps without a target as a second, hatched series outside the colour scale', () => {
    const { option, missing } = sequenceHeatmap(DATA.train[2].z, 1, 'z')
    const [values, noTarget] = option.series as HeatmapSeriesOption[]
    expect(missing).toBe(2)
    expect(values.data).toEqual([[2, 0, 1]])
    expect(noTarget.data).toEqual([
      [0, 0, 0],
      [1, 0, 0],
    ])
    expect(noTarget.name).toBe('no target')
    expect((noTarget.itemStyle as { decal?: unknown }).decal).toBeDefined()
    // the colour scale maps the values only, so a missing target never takes a value's colour
    const [scale, plain] = option.visualMap as { seriesIndex: number; inRange: { color: string[] } }[]
    expect(scale.seriesIndex).toBe(0)
    expect(plain.seriesIndex).toBe(1)
    expect(new Set(plain.inRange.color)).toEqual(new Set(['#ffffff']))
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter
    expect(formatter({ seriesIndex: 1, value: [0, 0, 0] })).toBe('t = 0, z1: no target')
    expect(formatter({ seriesIndex: 0, value: [2, 0, 1] })).toBe('t = 2, z1: <b>1</b>')
  })

  it('averages long sequences into blocks; a block is "no target" only when no step of it has one', () => {
    const T = 2000
    const z = Array.from({ length: T }, (_, t) => (t < 10 ? null : t < 15 ? [-2] : [1]))
    const { option, stepBlocks, missing } = sequenceHeatmap(z, 1, 'z')
    expect(stepBlocks).toBe(MAX_STEP_BLOCKS) // 5 steps per block
    expect(missing).toBe(2) // steps 0–4 and 5–9
    const [values] = option.series as HeatmapSeriesOption[]
    expect(values.data).toContainEqual([2, 0, -2]) // steps 10–14
    expect((option.xAxis as { data: string[] }).data[0]).toBe('0–4')
    // negative values: a diverging scale symmetric around 0
    expect((option.visualMap as object[])[0]).toMatchObject({ min: -2, max: 2 })
  })

  it('names the sequence and step of a result path', () => {
    expect(describeDataPath('train[3].z[7][0]')).toBe('training sequence 3, step 7')
    expect(describeDataPath('validation[0]')).toBe('validation sequence 0')
    expect(describeDataPath('inputSize')).toBeNull()
    expect(describeDataPath(undefined)).toBeNull()
  })
})

describe('DataPreview', () => {
  beforeEach(async () => {
    mountPane()
    await withInlineData()
  })

  it('shows the statistics, the note on non-binary inputs, and the first training sequence', () => {
    const stats = text('data-stats')
    for (const part of ['P = 3 training sequences', '1 validation', 'T = 2–4 steps', 'm = 2', 'ℓ = 1', 'targets at 7 of 11 steps']) expect(stats).toContain(part)
    expect(text('non-binary')).toContain('outside {0, 1}')
    expect(text('sequence-caption')).toBe('T = 4 steps, 3 with a target')
    expect(charts()).toHaveLength(2)
    expect(series(0)[0].data).toHaveLength(8) // u: 4 steps × 2
    expect(series(1)[1].data).toHaveLength(1) // z: step 0 has no target
  })

  it('chooses the sequence with a checked field, and the set', async () => {
    const field = w.get(tid('preview-sequence'))
    await field.setValue('1')
    expect(data.previewSequence).toBe(1)
    expect(text('sequence-caption')).toBe('T = 2 steps, 2 with a target')
    expect(series(0)[0].data).toContainEqual([1, 0, 0.5])

    await field.setValue('3')
    expect(text('preview-sequence-error')).toBe('Choose a sequence from 0 to 2.')
    expect(field.attributes('aria-invalid')).toBe('true')
    expect(data.previewSequence).toBe(1) // unchanged
    await field.setValue('x')
    expect(data.previewSequence).toBe(1)

    await field.setValue('2')
    await w.get(tid('preview-set')).setValue('validation')
    expect(data.previewSet).toBe('validation')
    expect(data.previewSequence).toBe(0) // the validation set has one sequence
    expect(valueOf(field)).toBe('0')
    expect(text('sequence-caption')).toBe('T = 2 steps, 1 with a target')
  })

  it('speaks Polish: the statistics with Polish plural forms, the caption, the heatmaps\' axes, the sizes to adopt', async () => {
    setLocale('pl')
    try {
      await nextTick()
      const stats = text('data-stats')
      for (const part of ['P = 3 sekwencje uczące', 'walidacyjne: 1', 'T = od 2 do 4 kroków', 'sygnał nauczyciela w 7 z 11 kroków']) expect(stats).toContain(part)
      expect(text('non-binary')).toBe('Wejścia spoza {0, 1}: model z wykładu zakłada wejścia binarne; dozwolone.')
      expect(text('sequence-caption')).toBe('T = 4 kroki, z sygnałem nauczyciela: 3')
      expect(w.get('.data-preview h2').text()).toBe('Podgląd')
      const option = charts()[1].props('option') as { xAxis: { name: string }; yAxis: { name: string }; series: { name: string }[] }
      expect([option.xAxis.name, option.yAxis.name, option.series[1].name]).toEqual(['krok t', 'cel', 'brak celu'])
      expect(text('size-mismatch')).toContain('Dane mają m = 2, ℓ = 1; sieć ma m = 1, ℓ = 1.')
      expect(text('adopt-sizes')).toBe('Przyjmij m = 2, ℓ = 1')
      expect(describeDataPath('validation[0].u[1]')).toBe('sekwencja walidacyjna 0, krok 1')
      expect([1, 2, 5, 12, 22].map((n) => t('dataPreview.trainSequences', { n }, n))).toEqual(['P = 1 sekwencja ucząca', 'P = 2 sekwencje uczące', 'P = 5 sekwencji uczących', 'P = 12 sekwencji uczących', 'P = 22 sekwencje uczące'])
    } finally {
      setLocale('en')
    }
    await nextTick()
    expect(text('sequence-caption')).toBe('T = 4 steps, 3 with a target')
  })

  it('shows a small sequence as a table, a step without a target marked', async () => {
    await w.get(tid('as-table')).setValue(true)
    const rows = w.get(tid('sequence-table')).findAll('tbody tr')
    expect(rows).toHaveLength(4)
    expect(rows[0].text()).toContain('no target')
    expect(rows[1].findAll('td').map((c) => c.text())).toEqual(['1', '1', '1'])
    expect(charts()).toHaveLength(0)
  })

  it('offers the data sizes, and adopting them changes the network', async () => {
    expect(text('size-mismatch')).toContain('The data has m = 2, ℓ = 1; the network has m = 1, ℓ = 1.')
    const adopt = w.get(tid('adopt-sizes'))
    expect(adopt.text()).toBe('Adopt m = 2, ℓ = 1')
    await adopt.trigger('click')
    expect(s.project.network.inputSize).toBe(2)
    expect(s.project.network.output.units).toBe(1)
    expect(s.project.valid).toBe(true)
    await nextTick()
    expect(w.find(tid('size-mismatch')).exists()).toBe(false)
  })

  it('does not offer to change the network while it trains', async () => {
    runIs('running')
    await nextTick()
    expect(w.get(tid('adopt-sizes')).attributes('disabled')).toBeDefined()
  })
})

describe('the script', () => {
  const made: ScriptRunResult = { ok: true, data: { kind: 'inline', inputSize: 1, outputSize: 1, train: [{ u: [[0], [1]], z: [null, [0]] }] }, notes: ['console: made 1 sequence'] }

  beforeEach(() => {
    withScript()
    mountPane()
  })

  it('has a checked seed field; a valid seed is kept and runs the script after a pause', async () => {
    vi.useFakeTimers()
    fake.scripts.run.mockResolvedValue(made)
    expect(text('data-kind')).toBe('Script')
    expect(w.findComponent({ name: 'ScriptEditor' }).exists()).toBe(true)
    const seed = w.get(tid('script-seed'))
    expect(valueOf(seed)).toBe('1')
    await seed.setValue('4294967296')
    expect(text('script-seed-error')).toBe('The seed is a whole number from 0 to 4294967295.')
    await seed.setValue('-3')
    expect(w.find(tid('script-seed-error')).exists()).toBe(true)
    expect(s.project.data).toMatchObject({ kind: 'script', seed: 1 })
    await seed.setValue('42')
    expect(w.find(tid('script-seed-error')).exists()).toBe(false)
    expect(s.project.data).toMatchObject({ kind: 'script', seed: 42 })
    expect(s.project.dirty).toBe(true)
    expect(fake.scripts.run).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(RUN_DELAY_MS)
    expect(fake.scripts.run).toHaveBeenCalledTimes(1)
    expect(fake.scripts.run.mock.calls[0][0]).toMatchObject({ kind: 'script', seed: 42 })
  })

  it("says once that inputs are not binary: the script's own note, not the preview's", async () => {
    const note = '1 of 2 input values are outside {0, 1} (the first: 0.5). The lecture’s model assumes binary inputs; training works all the same.'
    fake.scripts.run.mockResolvedValue({ ok: true, data: { kind: 'inline', inputSize: 1, outputSize: 1, train: [{ u: [[0.5], [1]], z: [null, [0]] }] }, notes: [note] })
    await w.get(tid('script-run')).trigger('click')
    await flushPromises()
    expect(text('script-notes')).toContain('outside {0, 1}')
    expect(w.find(tid('non-binary')).exists()).toBe(false)
  })

  it('has a checked time-limit field in seconds, kept in milliseconds', async () => {
    const limit = w.get(tid('script-time-limit'))
    expect(valueOf(limit)).toBe('10')
    await limit.setValue('0')
    expect(text('script-time-limit-error')).toBe('The time limit is a number of seconds above 0, at most 600.')
    await limit.setValue('601')
    expect(w.find(tid('script-time-limit-error')).exists()).toBe(true)
    expect(s.project.data).not.toHaveProperty('timeLimitMs')
    await limit.setValue('2.5')
    expect(w.find(tid('script-time-limit-error')).exists()).toBe(false)
    expect(s.project.data).toMatchObject({ kind: 'script', timeLimitMs: 2500 })
  })

  it('runs on Run, shows the running state, then the data and the notes', async () => {
    let finish!: (r: ScriptRunResult) => void
    fake.scripts.run.mockReturnValue(new Promise<ScriptRunResult>((resolve) => (finish = resolve)))
    expect(text('no-data')).toBe('There is no data yet.')
    expect(w.get(tid('export-csv')).attributes('disabled')).toBeDefined()
    await w.get(tid('script-run')).trigger('click')
    expect(text('script-running')).toBe('Running…')
    expect(text('no-data')).toBe('Running the script…')
    finish(made)
    await vi.waitFor(() => expect(w.find(tid('script-running')).exists()).toBe(false))
    await nextTick()
    expect(text('data-stats')).toContain('P = 1 training sequence')
    expect(text('script-notes')).toBe('console: made 1 sequence')
    expect(w.get(tid('export-csv')).attributes('disabled')).toBeUndefined()
  })

  it("shows a failure with the sequence and step, and keeps the last good data dimmed", async () => {
    fake.scripts.run.mockResolvedValueOnce(made)
    await data.runNow()
    fake.scripts.run.mockResolvedValueOnce({ ok: false, error: { kind: 'result', message: 'train[3].z[7]: expected a target of 1 numbers, got 2', path: 'train[3].z[7]' }, notes: [] })
    await data.runNow()
    await nextTick()
    expect(text('script-failure')).toBe("The script's result is not a usable data set: train[3].z[7]: expected a target of 1 numbers, got 2 (training sequence 3, step 7)")
    expect(text('stale-note')).toContain('last successful run')
    expect(w.get(tid('preview-body')).classes()).toContain('stale')
    expect(text('data-stats')).toContain('P = 1 training sequence')
  })

  it('says there is no data when the first run fails', async () => {
    fake.scripts.run.mockResolvedValueOnce({ ok: false, error: { kind: 'runtime', message: "TypeError: cannot read property 'u' of undefined", line: 3, column: 5 }, notes: ['console: before'] })
    await data.runNow()
    await nextTick()
    expect(text('script-failure')).toBe("The script failed: line 3, column 5: TypeError: cannot read property 'u' of undefined")
    expect(text('stale-note')).toBe('There is no data yet: fix the script.')
    expect(w.find(tid('preview-body')).exists()).toBe(false)
    expect(text('script-notes')).toBe('console: before')
  })
})

describe('switching to a script', () => {
  beforeEach(async () => {
    mountPane()
    await withInlineData()
  })

  it('asks first, and keeps the data when the answer is no', async () => {
    expect(text('data-kind')).toBe('Imported data')
    expect(w.findComponent({ name: 'ScriptEditor' }).exists()).toBe(false)
    fake.dialogs.confirm.mockResolvedValueOnce(false)
    await w.get(tid('use-script')).trigger('click')
    await vi.waitFor(() => expect(fake.dialogs.confirm).toHaveBeenCalledTimes(1))
    expect(fake.dialogs.confirm.mock.calls[0][0]).toMatchObject({ message: 'Replace the imported data with a script?', confirm: 'Write a script', cancel: 'Keep the data' })
    await nextTick()
    expect(s.project.data.kind).toBe('inline')
    expect(fake.scripts.run).not.toHaveBeenCalled()
  })

  it('sets the starter script and runs it when confirmed', async () => {
    fake.dialogs.confirm.mockResolvedValueOnce(true)
    fake.scripts.run.mockReturnValue(new Promise(() => {}))
    await w.get(tid('use-script')).trigger('click')
    await vi.waitFor(() => expect(s.project.data.kind).toBe('script'))
    expect(s.project.data).toMatchObject({ kind: 'script', source: STARTER_SCRIPT, seed: 1 })
    expect(s.project.dataset).toBeNull()
    expect(s.project.dirty).toBe(true)
    expect(fake.scripts.run).toHaveBeenCalledTimes(1)
    await nextTick()
    expect(text('data-kind')).toBe('Script')
    expect(w.findComponent({ name: 'ScriptEditor' }).exists()).toBe(true)
  })
})

describe('export', () => {
  beforeEach(async () => {
    mountPane()
    await withInlineData()
  })

  it('writes the data set and shows where', async () => {
    fake.data.export.mockResolvedValueOnce('/home/me/Untitled.csv')
    await w.get(tid('export-csv')).trigger('click')
    await vi.waitFor(() => expect(w.find(tid('export-written')).exists()).toBe(true))
    expect(fake.data.export).toHaveBeenCalledWith({ data: s.project.dataset, format: 'csv', suggestedName: 'Untitled.csv' })
    expect(fake.data.export.mock.calls[0][0].data).toEqual(DATA)
    expect(text('export-written')).toBe('Written to /home/me/Untitled.csv')
  })

  it('shows nothing when cancelled, and the error when writing fails', async () => {
    fake.data.export.mockResolvedValueOnce(null)
    await w.get(tid('export-json')).trigger('click')
    await vi.waitFor(() => expect(fake.data.export).toHaveBeenCalledTimes(1))
    expect(fake.data.export.mock.calls[0][0].format).toBe('json')
    expect(w.find(tid('export-written')).exists()).toBe(false)
    fake.data.export.mockRejectedValueOnce(new Error('EACCES: permission denied'))
    await flushPromises() // the first export has finished
    await w.get(tid('export-csv')).trigger('click')
    await vi.waitFor(() => expect(w.find(tid('data-error')).exists()).toBe(true))
    expect(text('data-error')).toBe('EACCES: permission denied')
  })
})

describe('ImportPanel', () => {
  /** Files the fake dialog "reads", by path. */
  const files: Record<string, string> = {
    '/data/bad.csv': ['sequence,u1,u2,z1', '1,0,1,', '1,abc,1,0', '1,1,1'].join('\n'),
    '/data/named.csv': ['seq,x,y,out,note', 'a,0,1,,first', 'a,1,1,1,', 'b,1,0,0,last'].join('\n'),
  }
  /** As main's readDataFile: the real parser on the file's text. */
  function read(path: string, csv?: CsvImportOptions): DataImportResult {
    const text = files[path]
    const header = readCsvHeader(text)
    try {
      const { data: d, notes } = parseCsvDataset(text, csv)
      return { path, format: 'csv', header, ok: true, data: d, notes }
    } catch (e) {
      if (e instanceof DataImportError) return { path, format: 'csv', header, ok: false, problems: e.problems, truncated: e.truncated }
      throw e
    }
  }
  /** The next "Import…" chooses this file. */
  const chooses = (path: string) =>
    fake.data.import.mockImplementation(async (request: { path: string | null; csv?: CsvImportOptions }) => read(request.path ?? path, request.csv))

  beforeEach(() => {
    withScript()
    mountPane()
  })

  async function importFile(path: string): Promise<void> {
    chooses(path)
    await w.get(tid('import-data')).trigger('click')
    await vi.waitFor(() => expect(w.find(tid('import-panel')).exists()).toBe(true))
  }

  it('lists every problem with its line and column', async () => {
    await importFile('/data/bad.csv')
    expect(fake.data.import).toHaveBeenCalledWith({ path: null })
    expect(text('import-file')).toBe('bad.csv')
    const problems = w.get(tid('import-problems')).findAll('li').map((li) => li.text())
    expect(problems).toEqual(['line 3, column u1: expected a number, got "abc"', 'line 4: the row has 3 fields but the header has 4'])
    expect(w.find(tid('import-truncated')).exists()).toBe(false)
    expect(w.get(tid('import-accept')).attributes('disabled')).toBeDefined()
    await w.get(tid('import-cancel')).trigger('click')
    expect(data.pendingImport).toBeNull()
    expect(w.find(tid('import-panel')).exists()).toBe(false)
  })

  it('says when reading stopped after too many problems', async () => {
    files['/data/worse.csv'] = ['sequence,u1,z1', ...Array.from({ length: 60 }, () => '1,x,0')].join('\n')
    await importFile('/data/worse.csv')
    expect(w.get(tid('import-problems')).findAll('li')).toHaveLength(50)
    expect(text('import-truncated')).toBe('(reading stopped after 50 problems)')
  })

  it('reads again with the columns chosen, and accepting makes the data the project’s, inline and unsaved', async () => {
    await importFile('/data/named.csv')
    expect(w.get(tid('import-problems')).text()).toContain('missing column "sequence"')
    // columns the format does not know start as ignored; the convention's names would be prefilled
    expect(['seq', 'x', 'y', 'out', 'note'].map((c) => valueOf(w.get(tid(`role-${c}`))))).toEqual(['ignore', 'ignore', 'ignore', 'ignore', 'ignore'])
    expect(text('import-choice-error')).toBe('Choose the column with the sequence ids.')
    expect(w.get(tid('import-read-again')).attributes('disabled')).toBeDefined()

    await w.get(tid('role-seq')).setValue('sequence')
    await w.get(tid('role-y')).setValue('input')
    await w.get(tid('role-x')).setValue('input')
    expect(text('import-choice-error')).toBe('Choose at least one target column.')
    await w.get(tid('role-out')).setValue('target')
    expect(text('import-order')).toBe('u = (x, y), z = (out)') // the file's order
    expect(w.find(tid('import-choice-error')).exists()).toBe(false)

    await w.get(tid('import-read-again')).trigger('click')
    await vi.waitFor(() => expect(w.find(tid('import-summary')).exists()).toBe(true))
    expect(fake.data.import).toHaveBeenLastCalledWith({ path: '/data/named.csv', csv: { sequenceColumn: 'seq', setColumn: '', inputs: ['x', 'y'], targets: ['out'], ignore: ['note'] } })
    expect(text('import-summary')).toContain('2 training sequences, 0 validation')
    expect(text('import-summary')).toContain('m = 2, ℓ = 1')
    // the roles chosen stay for the same file
    expect(valueOf(w.get(tid('role-seq')))).toBe('sequence')
    expect(text('import-replaces-script')).toContain("replaces the project's script")

    s.project.dirty = false
    await flushPromises() // reading has finished
    await w.get(tid('import-accept')).trigger('click')
    expect(data.pendingImport).toBeNull()
    expect(s.project.data.kind).toBe('inline')
    expect(s.project.dirty).toBe(true)
    expect(s.project.dataset).toMatchObject({ inputSize: 2, outputSize: 1, train: [{ u: [[0, 1], [1, 1]], z: [null, [1]] }, { u: [[1, 0]], z: [[0]] }] })
    await nextTick()
    expect(w.find(tid('import-panel')).exists()).toBe(false)
    expect(text('data-kind')).toBe('Imported data')
    expect(text('data-stats')).toContain('P = 2 training sequences')
    expect(text('size-mismatch')).toContain('m = 2')
  })

  it('prefills the convention and keeps one sequence id column', async () => {
    files['/data/conventional.csv'] = ['u2,sequence,set,u1,z1,time', '1,a,train,0,1,0'].join('\n')
    await importFile('/data/conventional.csv')
    expect(['u2', 'sequence', 'set', 'u1', 'z1', 'time'].map((c) => valueOf(w.get(tid(`role-${c}`))))).toEqual(['input', 'sequence', 'set', 'input', 'target', 'ignore'])
    expect(text('import-order')).toBe('u = (u1, u2), z = (z1)') // numbered columns by their number
    await w.get(tid('role-time')).setValue('sequence')
    expect(valueOf(w.get(tid('role-sequence')))).toBe('ignore')
    await w.get(tid('import-read-again')).trigger('click')
    await vi.waitFor(() => expect(w.find(tid('import-summary')).exists()).toBe(true))
    expect(fake.data.import).toHaveBeenLastCalledWith({ path: '/data/conventional.csv', csv: { sequenceColumn: 'time', setColumn: 'set', inputs: ['u1', 'u2'], targets: ['z1'], ignore: ['sequence'] } })
  })
})
