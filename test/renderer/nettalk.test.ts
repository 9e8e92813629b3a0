// @vitest-environment happy-dom
// NETtalk in the renderer: the data pane's NETtalk settings (files, fields and their validation, main's summary,
// adopting the encoding's sizes), the data pane for NETtalk data, the per-epoch scores the training store keeps
// and the score chart's option, and the "Say a word" pane running a small seeded network on a typed word.
// window.api is a fake; the echarts instances are stubbed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'

const fake = vi.hoisted(() => ({
  nettalk: { chooseFile: vi.fn(), describe: vi.fn() },
  dialogs: { confirm: vi.fn() },
  data: { import: vi.fn(), export: vi.fn() },
  scripts: { run: vi.fn() },
  training: { list: vi.fn() },
  app: { ready: vi.fn() },
  on: vi.fn(() => () => {}),
}))
vi.mock('../../src/renderer/api', () => ({ api: fake }))

import NettalkPane from '../../src/renderer/components/data/NettalkPane.vue'
import DataPane from '../../src/renderer/components/data/DataPane.vue'
import SayWord from '../../src/renderer/components/SayWord.vue'
import ScoreChart from '../../src/renderer/components/charts/ScoreChart.vue'
import EChart from '../../src/renderer/components/charts/EChart.vue'
import { scoreChartOption } from '../../src/renderer/charts/score-chart'
import { useTrainingStore } from '../../src/renderer/stores/training'
import { blankProject } from '../../src/shared/blank-project'
import type { EventMap, NettalkSummary } from '../../src/shared/ipc'
import { weightsToFile, type NettalkData } from '../../src/shared/project-file'
import { createRng, initialParams, normalizeNetworkSpec, paramLayout, type NetworkSpec } from '../../src/core/index'
import { nettalkNetwork, pronounce } from '../../src/core/nettalk/index'
import type { LineSeriesOption } from '../../src/renderer/charts/echarts'
import { runIs, setup, tid, valueOf, type Setup } from './project-setup'
import { setLocale, t } from '../../src/renderer/i18n'

const NETTALK: NettalkData = { kind: 'nettalk', corpus: 'bundled', trainWords: 1000, validationWords: 500, seed: 1 }
/** What main says of the default settings on the real dictionary. */
const SUMMARY: NettalkSummary = { ok: true, corpus: '/data/nettalk.data', wordList: null, trainWords: 1000, trainLetters: 5438, validationWords: 500, heldOutWords: 18_000, duplicates: 0, inputSize: 203, outputSize: 26 }

let s: Setup
let w: VueWrapper

/** A NETtalk project: the paper's 203 → hidden → 26 network (sigmoid, biases), optionally with seeded weights. */
function loadNettalk(opts: { data?: Partial<NettalkData>; hidden?: number; weights?: boolean } = {}): NetworkSpec {
  const network = nettalkNetwork({}, { hidden: opts.hidden ?? 3 })
  const layout = paramLayout(normalizeNetworkSpec(network))
  const params = initialParams(layout, { kind: 'uniform', scale: 0.3 }, createRng(7))
  s.project.load({ ...blankProject(), network, data: { ...NETTALK, ...opts.data }, weights: opts.weights ? weightsToFile(network, { params, epoch: 1 }) : null }, null)
  return network
}

beforeEach(() => {
  vi.resetAllMocks()
  fake.on.mockReturnValue(() => {})
  fake.nettalk.describe.mockResolvedValue(SUMMARY)
  s = setup()
})
afterEach(() => {
  w?.unmount()
  vi.useRealTimers()
})

const text = (id: string) => w.get(tid(id)).text()
const data = () => s.project.data as NettalkData
/** Past the pane's pause before it asks main again, and main's answer. */
async function described(): Promise<void> {
  await vi.advanceTimersByTimeAsync(1000)
  await flushPromises()
}

describe('the NETtalk data pane', () => {
  beforeEach(() => vi.useFakeTimers())
  const mountPane = () => (w = mount(NettalkPane, { global: { plugins: [s.pinia] } }))

  it('reads the bundled dictionary with nothing chosen; another file chosen keeps its path, and the bundled one comes back', async () => {
    loadNettalk()
    mountPane()
    await described()
    expect(text('nettalk-corpus')).toMatch(/^bundled\s+nettalk\.data, the NETtalk dictionary that ships with the app$/)
    expect(w.get(tid('nettalk-corpus')).attributes('data-bundled')).toBe('true')
    expect(text('nettalk-choose-corpus')).toBe('Choose another dictionary…')
    expect(w.find(tid('nettalk-bundled-corpus')).exists()).toBe(false) // it is the bundled one already
    expect(fake.nettalk.describe.mock.calls[0][0]).toEqual(NETTALK) // 'bundled' goes to main as it is
    expect(text('nettalk-summary')).toBe('1000 training words (5438 letters), 500 validation words, 18 000 held out; inputs 203, outputs 26')
    fake.nettalk.describe.mockClear()

    fake.nettalk.chooseFile.mockResolvedValueOnce('/data/nettalk.data')
    await w.get(tid('nettalk-choose-corpus')).trigger('click')
    await flushPromises()
    expect(fake.nettalk.chooseFile).toHaveBeenCalledWith('corpus')
    expect(data()).toEqual({ ...NETTALK, corpus: '/data/nettalk.data' })
    expect(s.project.dirty).toBe(true)
    expect(text('nettalk-corpus')).toBe('/data/nettalk.data')
    await described()
    expect(fake.nettalk.describe).toHaveBeenCalledTimes(1)
    expect(fake.nettalk.describe.mock.calls[0][0]).toEqual({ ...NETTALK, corpus: '/data/nettalk.data' })
    expect(text('nettalk-summary')).toBe('1000 training words (5438 letters), 500 validation words, 18 000 held out; inputs 203, outputs 26')
    expect(w.find(tid('nettalk-size-mismatch')).exists()).toBe(false) // 203 and 26: the network fits

    // a cancelled dialog changes nothing
    fake.nettalk.chooseFile.mockResolvedValueOnce(null)
    await w.get(tid('nettalk-choose-corpus')).trigger('click')
    await flushPromises()
    expect(data().corpus).toBe('/data/nettalk.data')

    await w.get(tid('nettalk-bundled-corpus')).trigger('click')
    expect(data()).toEqual(NETTALK)
    expect(w.get(tid('nettalk-corpus')).attributes('data-bundled')).toBe('true')
  })

  it('speaks Polish: the bundled dictionary, the summary with Polish plural forms, a field\'s problem', async () => {
    setLocale('pl')
    try {
      loadNettalk()
      mountPane()
      await described()
      expect(text('nettalk-corpus')).toMatch(/^dołączony\s+nettalk\.data, słownik NETtalk dostarczany z programem$/)
      expect(text('nettalk-summary')).toBe('1000 słów uczących (5438 liter), 500 słów walidacyjnych, odłożone: 18 000; wejścia: 203, wyjścia: 26')
      await w.get(tid('nettalk-window')).setValue('8')
      expect(text('nettalk-window-error')).toBe('Okno: nieparzysta liczba całkowita od 1 do 15.')
      expect(w.get('select[data-testid="nettalk-direction"] option').text()).toBe('od lewej do prawej')
      expect([1, 2, 5, 22].map((n) => t('nettalkPane.trainWords', { n: String(n) }, n))).toEqual(['1 słowo uczące', '2 słowa uczące', '5 słów uczących', '22 słowa uczące'])
    } finally {
      setLocale('en')
    }
  })

  it('an older file without a corpus (null) shows and reads the bundled one', async () => {
    loadNettalk({ data: { corpus: null } })
    mountPane()
    await described()
    expect(w.get(tid('nettalk-corpus')).attributes('data-bundled')).toBe('true')
    expect(fake.nettalk.describe).toHaveBeenCalledTimes(1)
  })

  it('validates the whole-number fields inline and keeps only valid values; typing pauses before main reads again', async () => {
    loadNettalk({ data: { corpus: '/data/nettalk.data' } })
    mountPane()
    await described()
    fake.nettalk.describe.mockClear()

    expect(valueOf(w.get(tid('nettalk-trainWords')))).toBe('1000')
    expect(valueOf(w.get(tid('nettalk-window')))).toBe('7') // the default, shown
    await w.get(tid('nettalk-window')).setValue('8')
    expect(text('nettalk-window-error')).toBe('Window: an odd whole number from 1 to 15.')
    expect(w.get(tid('nettalk-window')).attributes('aria-invalid')).toBe('true')
    expect(data().encoding).toBeUndefined()
    await w.get(tid('nettalk-window')).setValue('9')
    expect(w.find(tid('nettalk-window-error')).exists()).toBe(false)
    expect(data().encoding).toEqual({ window: 9 })

    await w.get(tid('nettalk-delay')).setValue('16')
    expect(text('nettalk-delay-error')).toMatch(/from 0 to 15/)
    await w.get(tid('nettalk-trainWords')).setValue('0')
    expect(text('nettalk-trainWords-error')).toMatch(/from 1 to/)
    await w.get(tid('nettalk-trainWords')).setValue('100')
    await w.get(tid('nettalk-validationWords')).setValue('-3')
    expect(text('nettalk-validationWords-error')).toMatch(/whole number from 0/)
    await w.get(tid('nettalk-validationWords')).setValue('50')
    expect(valueOf(w.get(tid('nettalk-scoreEvery')))).toBe('1') // default: every epoch
    await w.get(tid('nettalk-scoreEvery')).setValue('0')
    expect(text('nettalk-scoreEvery-error')).toMatch(/^Score every: a whole number from 1 to/)
    await w.get(tid('nettalk-scoreEvery')).setValue('5')
    await w.get(tid('nettalk-seed')).setValue('2.5')
    expect(w.find(tid('nettalk-seed-error')).exists()).toBe(true)
    await w.get(tid('nettalk-seed')).setValue('42')
    expect(data()).toEqual({ ...NETTALK, corpus: '/data/nettalk.data', trainWords: 100, validationWords: 50, scoreEvery: 5, seed: 42, encoding: { window: 9 } })

    await w.get(tid('nettalk-outputCoding')).setValue('one-hot')
    await w.get(tid('nettalk-direction')).setValue('right-to-left')
    expect(data().encoding).toEqual({ window: 9, outputCoding: 'one-hot', direction: 'right-to-left' })
    expect(w.get(tid('nettalk-jCode')).attributes('disabled')).toBeDefined() // J's code matters only for features

    // one request after the pause, with the last settings
    expect(fake.nettalk.describe).not.toHaveBeenCalled()
    await described()
    expect(fake.nettalk.describe).toHaveBeenCalledTimes(1)
    expect(fake.nettalk.describe.mock.calls[0][0]).toEqual(data())
  })

  it('shows main’s reason when the files give nothing', async () => {
    fake.nettalk.describe.mockResolvedValue({ ok: false, message: 'nettalk.data, line 3: expected 4 tab-separated fields' })
    loadNettalk({ data: { corpus: '/data/bad.data' } })
    mountPane()
    await described()
    const error = w.get(tid('nettalk-summary-error'))
    expect(error.text()).toBe('nettalk.data, line 3: expected 4 tab-separated fields')
    expect(error.classes()).toContain('error')
  })

  it('uses a word list instead of random words (the bundled one or a file), and back', async () => {
    loadNettalk({ data: { corpus: '/data/nettalk.data' } })
    mountPane()
    await described()
    expect(w.find(tid('nettalk-random-words')).exists()).toBe(false)
    await w.get(tid('nettalk-bundled-word-list')).trigger('click')
    expect(data().wordList).toBe('bundled')
    expect(text('nettalk-word-list')).toMatch(/^bundled\s+nettalk\.list, the paper's 1000 most common words$/)
    expect(w.find(tid('nettalk-bundled-word-list')).exists()).toBe(false)
    expect(w.find(tid('nettalk-trainWords')).exists()).toBe(false) // the list names the training words

    fake.nettalk.chooseFile.mockResolvedValueOnce('/data/nettalk.list')
    await w.get(tid('nettalk-choose-word-list')).trigger('click')
    await flushPromises()
    expect(fake.nettalk.chooseFile).toHaveBeenCalledWith('wordList')
    expect(data().wordList).toBe('/data/nettalk.list')
    expect(text('nettalk-word-list')).toBe('/data/nettalk.list')
    expect(w.find(tid('nettalk-trainWords')).exists()).toBe(false) // the list names the training words

    await w.get(tid('nettalk-random-words')).trigger('click')
    expect('wordList' in data()).toBe(false)
    expect(w.find(tid('nettalk-trainWords')).exists()).toBe(true)
  })

  it('offers the encoding’s m and ℓ when the network has others, and adopts them', async () => {
    fake.nettalk.describe.mockResolvedValue({ ...SUMMARY, inputSize: 261, outputSize: 57 })
    loadNettalk({ data: { corpus: '/data/nettalk.data', encoding: { window: 9, outputCoding: 'one-hot' } } })
    mountPane()
    await described()
    expect(text('nettalk-size-mismatch')).toMatch(/needs m = 261, ℓ = 57; the network has m = 203, ℓ = 26/)
    runIs('running')
    await nextTick()
    expect(w.get(tid('nettalk-adopt-sizes')).attributes('disabled')).toBeDefined()
    runIs('completed')
    await nextTick()
    await w.get(tid('nettalk-adopt-sizes')).trigger('click')
    expect(s.project.network.inputSize).toBe(261)
    expect(s.project.network.output.units).toBe(57)
    expect(w.find(tid('nettalk-size-mismatch')).exists()).toBe(false)
  })
})

describe('the data pane with NETtalk data', () => {
  it('shows the NETtalk settings, without script controls, preview or export', async () => {
    loadNettalk()
    w = mount(DataPane, { global: { plugins: [s.pinia], stubs: { ScriptEditor: true, EChart: true } } })
    await flushPromises()
    expect(text('data-kind')).toBe('NETtalk')
    expect(w.findComponent(NettalkPane).exists()).toBe(true)
    for (const id of ['script-seed', 'script-run', 'use-script', 'export-csv', 'export-json', 'no-data', 'data-stats']) expect(w.find(tid(id)).exists(), id).toBe(false)
    expect(w.find(tid('import-data')).exists()).toBe(true) // an import can still replace the words
  })
})

describe('scores', () => {
  it('the training store keeps each scored epoch’s training and validation score, with its epoch', async () => {
    fake.training.list.mockResolvedValue([])
    fake.app.ready.mockResolvedValue(undefined)
    const training = useTrainingStore()
    await training.subscribe()
    const progress = (fake.on.mock.calls as unknown as [string, (e: EventMap['training:progress']) => void][]).find(([name]) => name === 'training:progress')![1]
    runIs('running')
    const report = (epoch: number, scores?: { train: number; validation?: number }) => ({ epoch, loss: 1 / epoch, gradNorms: [1], seconds: 0.1, ...(scores ? { scores } : {}) })
    progress({ runId: 'run-1', reports: [report(1, { train: 0.2, validation: 0.1 }), report(2, { train: 0.4, validation: 0.3 })] })
    expect(training.current!.scores).toEqual([0.2, 0.4])
    expect(training.current!.scoreEpochs).toEqual([1, 2])
    expect(training.current!.validationScores).toEqual([0.1, 0.3])
    progress({ runId: 'run-1', reports: [report(3), report(4), report(5, { train: 0.5, validation: 0.45 })] }) // epochs without scores add none
    expect(training.current!.scores).toEqual([0.2, 0.4, 0.5])
    expect(training.current!.scoreEpochs).toEqual([1, 2, 5])
    expect(training.current!.validationScores).toEqual([0.1, 0.3, 0.45])
    expect(training.current!.losses).toHaveLength(5)
    // stopped at epoch 7, which had no score: the status event brings it, once, after the reports
    const status = (fake.on.mock.calls as unknown as [string, (e: EventMap['training:status']) => void][]).find(([name]) => name === 'training:status')![1]
    progress({ runId: 'run-1', reports: [report(6), report(7)] })
    const stopped = { runId: 'run-1', status: 'stopped' as const, epoch: 7, score: { epoch: 7, scores: { train: 0.55, validation: 0.5 } } }
    status(stopped)
    status(stopped) // replayed (a window taking the run up again): not a second point
    expect(training.current!.scoreEpochs).toEqual([1, 2, 5, 7])
    expect(training.current!.scores).toEqual([0.2, 0.4, 0.5, 0.55])
    expect(training.current!.validationScores).toEqual([0.1, 0.3, 0.45, 0.5])
  })

  it('the score chart draws percent per absolute epoch, training solid and validation dashed', () => {
    expect(scoreChartOption({ scores: [], scoreEpochs: [], validationScores: [] })).toBeNull()
    const option = scoreChartOption({ scores: [0.25, 0.5, 0.755], scoreEpochs: [11, 12, 13], validationScores: [0.2, 0.4, 0.6] })!
    const [train, validation] = option.series as LineSeriesOption[]
    expect(train.name).toBe('training words')
    expect(train.data).toEqual([[11, 25], [12, 50], [13, 75.5]])
    expect((train.lineStyle as { type?: string }).type).toBeUndefined()
    expect(validation.name).toBe('validation words')
    expect(validation.data).toEqual([[11, 20], [12, 40], [13, 60]])
    expect((validation.lineStyle as { type?: string }).type).toBe('dashed')
    expect(option.yAxis).toMatchObject({ min: 0, max: 100 })
    // no validation words: one series
    expect(scoreChartOption({ scores: [0.5], scoreEpochs: [1], validationScores: [] })!.series).toHaveLength(1)
  })

  it('the score chart draws a run scored every few epochs at the scored epochs only', () => {
    // every 3 epochs from epoch 10, and the run's last (epoch 17)
    const option = scoreChartOption({ scores: [0.3, 0.45, 0.5], scoreEpochs: [12, 15, 17], validationScores: [0.2, 0.3, 0.35] })!
    const [train, validation] = option.series as LineSeriesOption[]
    expect(train.data).toEqual([[12, 30], [15, 45], [17, 50]])
    expect(validation.data).toEqual([[12, 20], [15, 30], [17, 35]])
    expect(train.showSymbol).toBe(true) // the scored epochs are marked
    const dense = scoreChartOption({ scores: [0.3, 0.45, 0.5], scoreEpochs: [1, 2, 3], validationScores: [] })!
    expect((dense.series as LineSeriesOption[])[0].showSymbol).toBe(false)
  })

  it('the score chart is shown only while the current run has scores', async () => {
    vi.useFakeTimers()
    runIs('running')
    w = mount(ScoreChart, { global: { plugins: [s.pinia], stubs: { EChart: true } } })
    expect(w.find(tid('score-chart')).exists()).toBe(false)
    const training = useTrainingStore()
    training.current!.scores.push(0.5)
    training.current!.scoreEpochs.push(1)
    training.current!.validationScores.push(0.25)
    training.revision++
    await vi.advanceTimersByTimeAsync(300)
    expect(w.find(tid('score-chart')).exists()).toBe(true)
    expect(text('score-latest')).toBe('training 50.0 % · validation 25.0 %')
    expect(w.findComponent(EChart).exists()).toBe(true)
  })
})

describe('say a word', () => {
  const mountSay = () => (w = mount(SayWord, { global: { plugins: [s.pinia] } }))

  it('reads a word through the window, one row per letter, as core pronounce() does', async () => {
    const network = loadNettalk({ weights: true })
    mountSay()
    await w.get(tid('say-word-input')).setValue('Table')
    const rows = w.findAll(tid('say-word-letter'))
    expect(rows).toHaveLength(5)
    expect(rows.map((r) => r.attributes('data-window'))).toEqual(['___tabl', '__table', '_table_', 'table__', 'able___'])
    const phonemes = text('say-word-phonemes')
    expect(phonemes).toHaveLength(5)
    expect(text('say-word-stress')).toHaveLength(5)
    // the same as the core with the same weights (decoded from the project's base64 form)
    const layout = paramLayout(normalizeNetworkSpec(network))
    const expected = pronounce(network, initialParams(layout, { kind: 'uniform', scale: 0.3 }, createRng(7)), 'table')
    expect(phonemes).toBe(expected.phonemes)
    expect(text('say-word-stress')).toBe(expected.stress)
    expect(rows[0].find('mark').text()).toBe('t') // the centre letter, highlighted
    expect(rows[0].classes()).toContain('current')

    // step through the letters
    await w.get(tid('say-word-step')).setValue('2')
    expect(w.findAll(tid('say-word-letter'))[2].classes()).toContain('current')
    expect(text('say-word-now')).toMatch(/^_table_/)
    expect(w.find(tid('say-word-error')).exists()).toBe(false)
  })

  it('plays the letters one after another', async () => {
    vi.useFakeTimers()
    loadNettalk({ weights: true })
    mountSay()
    await w.get(tid('say-word-input')).setValue('cat')
    await w.get(tid('say-word-play')).trigger('click')
    await vi.advanceTimersByTimeAsync(750)
    expect(w.findAll(tid('say-word-letter'))[1].classes()).toContain('current')
    await vi.advanceTimersByTimeAsync(2000)
    expect(w.findAll(tid('say-word-letter'))[2].classes()).toContain('current')
    expect(text('say-word-play')).toBe('Play') // stopped at the last letter
  })

  it('says what is wrong: letters other than a–z, no trained weights, a network that does not fit', async () => {
    loadNettalk({ weights: true })
    mountSay()
    await w.get(tid('say-word-input')).setValue('ta ble')
    expect(text('say-word-error')).toMatch(/Only the letters a–z/)
    expect(w.find(tid('say-word-phonemes')).exists()).toBe(false)
    await w.get(tid('say-word-input')).setValue('café')
    expect(text('say-word-error')).toMatch(/Only the letters a–z/)

    s.project.resetWeights()
    await w.get(tid('say-word-input')).setValue('table')
    expect(text('say-word-error')).toMatch(/Train first/)

    // weights for a 7-letter window, but the project's encoding now says 5 letters
    loadNettalk({ weights: true, data: { encoding: { window: 5 } } })
    await nextTick()
    expect(text('say-word-error')).toMatch(/5 letters needs 29 × 5 = 145/)
    expect(w.findAll(tid('say-word-letter'))).toHaveLength(0)
  })

  it('is not shown for other data', () => {
    mountSay()
    expect(w.find('.say-word').exists()).toBe(false)
  })
})

describe('a NETtalk file outside the project’s folder', () => {
  beforeEach(() => vi.useFakeTimers())
  const outside = '/elsewhere/nettalk.data'
  const needs: NettalkSummary = {
    ok: false,
    message: `the dictionary ${outside} is an absolute path, not a file in the project’s folder: a project may read files outside its folder only with your permission (rnnwb: --allow-outside-paths)`,
    needsPermission: { path: outside, which: 'corpus', reason: 'an absolute path, not a file in the project’s folder' },
  }

  it('is read after the user says yes in a dialog naming the path: main is asked again with that path allowed', async () => {
    fake.nettalk.describe.mockImplementation(async (_d: NettalkData, _p: string | null, allow?: string[]) => (allow?.includes(outside) ? SUMMARY : needs))
    fake.dialogs.confirm.mockResolvedValue(true)
    loadNettalk({ data: { corpus: outside } })
    w = mount(NettalkPane, { global: { plugins: [s.pinia] } })
    await described()
    expect(fake.dialogs.confirm).toHaveBeenCalledTimes(1)
    expect(fake.dialogs.confirm.mock.calls[0][0]).toMatchObject({ message: `Read the dictionary ${outside}?`, detail: expect.stringContaining('it is an absolute path'), confirm: 'Read it' })
    expect(fake.nettalk.describe).toHaveBeenLastCalledWith(expect.objectContaining({ corpus: outside }), null, [outside])
    expect(text('nettalk-summary')).toMatch(/1000 training words/)
  })

  it('is not read when the user says no: the reason stays shown, and the dialog is not shown again for that path', async () => {
    fake.nettalk.describe.mockResolvedValue(needs)
    fake.dialogs.confirm.mockResolvedValue(false)
    loadNettalk({ data: { corpus: outside } })
    w = mount(NettalkPane, { global: { plugins: [s.pinia] } })
    await described()
    expect(fake.dialogs.confirm).toHaveBeenCalledTimes(1)
    expect(fake.nettalk.describe).toHaveBeenCalledTimes(1)
    expect(fake.nettalk.describe.mock.calls[0]).toHaveLength(2) // nothing allowed
    expect(text('nettalk-summary-error')).toMatch(/only with your permission/)
    s.project.setData({ ...data(), seed: 9 }, null) // another change: asked main again, not the user
    await described()
    expect(fake.nettalk.describe).toHaveBeenCalledTimes(2)
    expect(fake.dialogs.confirm).toHaveBeenCalledTimes(1)
  })
})
