// @vitest-environment happy-dom
// The Lab tab's components against a fake window.api: the formulas follow the project and their symbols point
// at the editor's fields; the step inspector asks for p, t, r and a mode, shows x, s, δ and the step's share of
// each gradient, and steps t with the arrow keys; the gradient check shows its rows green or red and the sample;
// the mode comparison plots against k; the race trains copies as ordinary runs and leaves the project alone.
// Errors are shown, never thrown.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import lectureFile from '../../resources/examples/lecture-minimal.rnn.json'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, nextTick } from 'vue'
import type { LabCompareResult, LabGradcheckResult, LabStepRequest, LabStepResult } from '../../src/shared/lab'
import type { ProjectFile } from '../../src/shared/project-file'
import type { EventMap, TrainingStartRequest } from '../../src/shared/ipc'

type Listener = (payload: unknown) => void
const fake = vi.hoisted(() => {
  const listeners = new Map<string, ((payload: unknown) => void)[]>()
  return {
    listeners,
    lab: { step: vi.fn(), gradcheck: vi.fn(), compare: vi.fn() },
    training: { start: vi.fn(), stop: vi.fn(async (_runId: string) => ({})) },
    on: vi.fn((event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener])
      return () => {}
    }),
  }
})
vi.mock('../../src/renderer/api', () => ({ api: fake }))

import FormulaView from '../../src/renderer/components/lab/FormulaView.vue'
import GradientCheck from '../../src/renderer/components/lab/GradientCheck.vue'
import ModeCompare from '../../src/renderer/components/lab/ModeCompare.vue'
import RaceView from '../../src/renderer/components/lab/RaceView.vue'
import StepInspector from '../../src/renderer/components/lab/StepInspector.vue'
import NetworkEditor from '../../src/renderer/components/NetworkEditor.vue'
import TrainingSettings from '../../src/renderer/components/TrainingSettings.vue'
import { useLabStore } from '../../src/renderer/stores/lab'
import { setup, tid, type Setup } from './project-setup'

const lecture = lectureFile as ProjectFile
/** The lecture-minimal project with inline data (8 sequences × 6 steps, m = 2, ℓ = 1): no sandbox runs here. */
function lectureProject(): ProjectFile {
  const train = Array.from({ length: 8 }, (_, p) => ({ u: Array.from({ length: 6 }, (_, t) => [(p + t) % 2, 1 - ((p + t) % 2)]), z: Array.from({ length: 6 }, (_, t) => (t === 0 ? null : [t % 2])) }))
  return { ...lecture, data: { kind: 'inline', inputSize: 2, outputSize: 1, train } }
}

let s: Setup
const mounted: VueWrapper[] = []
function mountLab(component: Parameters<typeof mount>[0]): VueWrapper {
  const w = mount(component, { global: { plugins: [s.pinia], stubs: { EChart: true } }, attachTo: document.body })
  mounted.push(w)
  return w
}
beforeEach(() => {
  vi.clearAllMocks()
  fake.listeners.clear()
  s = setup()
  s.project.load(lectureProject(), null)
})
afterEach(() => {
  vi.useRealTimers()
  while (mounted.length > 0) mounted.pop()!.unmount()
  document.body.innerHTML = ''
})

const emit = <E extends keyof EventMap>(event: E, payload: EventMap[E]) => (fake.listeners.get(event) ?? []).forEach((l: Listener) => l(payload))

describe('FormulaView', () => {
  // one mount per test: a network's formulas are some hundred kilobytes of KaTeX markup, slow in happy-dom
  it('typesets the formulas with the network’s sizes, MathML beside the HTML, says the gradient mode, and follows edits', async () => {
    const w = mountLab(FormulaView)
    const yours = () => w.get(tid('lab-formula-yours-forward'))
    expect(yours().findAll('.katex-display')).toHaveLength(2)
    expect(yours().findAll('.katex-mathml math').length).toBe(2)
    expect(yours().find('.katex-html').attributes('aria-hidden')).toBe('true')
    // n_1 = 4 and m = 2 as linked numbers
    expect(yours().get('[data-sym="m"]').text()).toBe('2')
    expect(yours().get('[data-sym="n1"]').text()).toBe('4')
    expect(w.get(tid('lab-formulas-mode')).text()).toContain("lecture (the notes' rule, k = 1)")
    expect(w.get(tid('lab-formula-usage-grad-1b')).text()).toBe('Your project uses this')
    expect(w.find('.katex-error').exists()).toBe(false)
    // edits: more units, another mode
    s.project.network.hidden[0].units = 7
    s.project.training.gradient = 'truncated'
    s.project.training.horizon = 3
    await nextTick()
    expect(yours().get('[data-sym="n1"]').text()).toBe('7')
    expect(w.get(tid('lab-formulas-mode')).text()).toContain('truncated, k = 3')
    expect(w.get(tid('lab-formulas-mode')).text()).toContain('truncated at horizon k = 1')
    expect(w.get(tid('lab-formula-usage-grad-1b')).text()).toBe('Part of what your project computes')
    expect(w.get(tid('lab-formula-yours-bptt')).get('[data-sym="k"]').text()).toBe('3')
  })

  it('says so when the network has no sizes to put in', () => {
    s.project.network.inputSize = null as unknown as number
    const w = mountLab(FormulaView)
    expect(w.get(tid('lab-formulas-invalid')).text()).toContain('The network has a problem')
  })

  it('hovering a symbol marks its field in the editor; clicking focuses it; a matrix selects its layer', async () => {
    mountLab(defineComponent({ render: () => h('div', [h(NetworkEditor), h(TrainingSettings)]) }))
    const w = mountLab(FormulaView)
    const m = w.get(tid('lab-formula-yours-forward')).get('[data-sym="m"]')
    await m.trigger('mouseover')
    const inputSize = document.querySelector<HTMLInputElement>(tid('field-network.inputSize'))!
    expect(inputSize.closest('.field')!.classList.contains('lab-linked')).toBe(true)
    await m.trigger('mouseout')
    expect(document.querySelectorAll('.lab-linked')).toHaveLength(0)
    await m.trigger('click')
    expect(document.activeElement).toBe(inputSize)
    // c → the learning rate; the matrix w^(0) → layer 1's card, selected
    await w.get(tid('lab-formula-yours-update')).get('[data-sym="c"]').trigger('click')
    expect(document.activeElement).toBe(document.querySelector(tid('field-training.learningRate')))
    await w.get(tid('lab-formula-yours-forward')).get('[data-sym="W0"]').trigger('click')
    expect(s.editor.selectedLayer).toBe(0)
    // the legend's buttons do the same from the keyboard
    await w.get(tid('lab-symbol-forward-n1')).trigger('focus')
    expect(document.querySelector(tid('field-network.hidden[0].units'))!.closest('.field')!.classList.contains('lab-linked')).toBe(true)
    await w.get(tid('lab-symbol-forward-n1')).trigger('click')
    expect(document.activeElement).toBe(document.querySelector(tid('field-network.hidden[0].units')))
  })
})

function stepResult(req: LabStepRequest): LabStepResult {
  return {
    sequences: 8,
    steps: 6,
    layers: 2,
    sequence: req.sequence,
    step: req.step,
    layer: req.layer,
    gradient: req.gradient ?? { mode: 'lecture' },
    weightsEpoch: 0,
    x: [0.1, 0.2, 0.3, 0.4 + req.step],
    s: [1, 2, 3, 4],
    input: [1, 0],
    previous: [0, 0, 0, 0],
    target: req.step === 0 ? null : [1],
    delta: [-0.5, 0.25, 0, 0.125],
    contributions: [
      { name: 'W0', rows: 4, cols: 2, values: [1, 2, 3, 4, 5, 6, 7, 8] },
      { name: 'V1', rows: 4, cols: 4, values: Array.from({ length: 16 }, (_, i) => i / 10) },
    ],
    stepLoss: 0.125,
    loss: 2.5,
  }
}

describe('StepInspector', () => {
  it('asks for p, t, r and shows x, s, δ and the step’s share of ∂E/∂W and ∂E/∂V', async () => {
    fake.lab.step.mockImplementation(async (req: LabStepRequest) => stepResult(req))
    const w = mountLab(StepInspector)
    await w.get(tid('lab-step-run')).trigger('click')
    await flushPromises()
    const req = fake.lab.step.mock.calls[0][0] as LabStepRequest
    expect(req).toMatchObject({ sequence: 0, step: 0, layer: 1, path: null })
    expect(req.gradient).toBeUndefined() // the project's own mode
    expect(req.project.network).toEqual(s.project.toFile().network)
    const rows = w.findAll(`${tid('lab-step-vectors')} tbody tr`).map((r) => r.findAll('th, td').map((c) => c.text()))
    expect(rows[0]).toEqual(['1', '0.1', '1', '-0.5'])
    expect(rows).toHaveLength(4)
    expect(w.get(tid('lab-step-facts')).text()).toContain('no target at this step')
    const charts = w.findAllComponents({ name: 'EChart' })
    expect(charts).toHaveLength(2)
    expect(w.get(tid('lab-step-contribution-W0')).text()).toContain('∂E/∂W0 (4 × 2)')
    expect(w.get(tid('lab-step-contribution-V1')).text()).toContain('∂E/∂V1 (4 × 4)')
    // the heatmap carries the values (hover shows them)
    const option = charts[0].props('option') as { series: { data: { value: number[] }[] }[] }
    expect(option.series[0].data.map((d) => d.value[2])).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(w.get(tid('lab-step-status')).text()).toBe("Sequence p = 0, step t = 0 of 0 to 5, layer 1: δ for the notes' rule, k = 1.")
  })

  it('the arrow keys move t within the sequence, announced; another mode or layer asks again', async () => {
    fake.lab.step.mockImplementation(async (req: LabStepRequest) => stepResult(req))
    const w = mountLab(StepInspector)
    await w.get(tid('lab-step-run')).trigger('click')
    await flushPromises()
    await w.get(tid('lab-step-t')).trigger('keydown', { key: 'ArrowRight' })
    await flushPromises()
    expect(useLabStore().step).toBe(1)
    expect(w.get(tid('lab-step-status')).text()).toContain('step t = 1 of 0 to 5')
    expect(w.get(tid('lab-step-facts')).text()).toContain('z_t = [1]')
    await w.get(tid('lab-step-t')).trigger('keydown', { key: 'ArrowLeft' })
    await w.get(tid('lab-step-t')).trigger('keydown', { key: 'ArrowLeft' }) // not below 0
    await flushPromises()
    expect(useLabStore().step).toBe(0)
    useLabStore().step = 5
    await flushPromises()
    await w.get(tid('lab-step-t')).trigger('keydown', { key: 'ArrowRight' }) // not past T − 1
    await flushPromises()
    expect(useLabStore().step).toBe(5)
    await w.get(tid('lab-step-mode')).setValue('exact')
    await flushPromises()
    expect((fake.lab.step.mock.calls.at(-1)![0] as LabStepRequest).gradient).toEqual({ mode: 'exact' })
    await w.get(tid('lab-step-layer')).setValue('2')
    await flushPromises()
    expect((fake.lab.step.mock.calls.at(-1)![0] as LabStepRequest).layer).toBe(2)
  })

  it('shows a failure as a message', async () => {
    fake.lab.step.mockRejectedValue(new Error('step 9 is past the end of sequence 0 (6 steps)'))
    const w = mountLab(StepInspector)
    await w.get(tid('lab-step-run')).trigger('click')
    await flushPromises()
    expect(w.get(tid('lab-step-error')).text()).toBe('Could not inspect the step: step 9 is past the end of sequence 0 (6 steps)')
  })
})

const gradcheck: LabGradcheckResult = {
  threshold: 1e-5,
  absoluteThreshold: 1e-9,
  sampled: true,
  sequences: { checked: 64, total: 1000 },
  maxPerMatrix: 24,
  step: 1e-5,
  weightsEpoch: 0,
  checks: [
    { gradient: { mode: 'exact' }, pass: true, rows: [{ name: 'W0', checked: 8, size: 8, relativeError: 2e-10, maxAbsError: 1e-11, worst: { row: 2, col: 1 }, pass: true }] },
    { gradient: { mode: 'lecture' }, pass: false, rows: [{ name: 'V1', checked: 24, size: 100, relativeError: 0.3, maxAbsError: 0.01, worst: { row: 0, col: 3 }, pass: false }] },
  ],
}

describe('GradientCheck', () => {
  it('checks exact and the notes’ rule (and the project’s truncated k) in one click, rows green or red', async () => {
    fake.lab.gradcheck.mockResolvedValue(gradcheck)
    const w = mountLab(GradientCheck)
    await w.get(tid('lab-gradcheck-run')).trigger('click')
    await flushPromises()
    expect(fake.lab.gradcheck.mock.calls[0][0].gradients).toEqual([{ mode: 'exact' }, { mode: 'lecture' }])
    const exact = w.get(tid('lab-gradcheck-exact'))
    expect(exact.get('caption').text()).toContain('passes')
    expect(exact.get('tbody tr').classes()).toContain('row-pass')
    expect(exact.findAll('tbody td').map((c) => c.text())).toEqual(['2.00e-10', '1.00e-11', 'W0[3, 2]', 'all 8', 'pass'])
    const notes = w.get(tid('lab-gradcheck-lecture'))
    expect(notes.get('tbody tr').classes()).toContain('row-fail')
    expect(notes.text()).toContain('checked a sample of 24 of 100 entries')
    expect(w.get(tid('lab-gradcheck-sequences')).text()).toBe('Checked on a seeded sample of 64 of the 1000 training sequences.')
    expect(w.get(tid('lab-gradcheck-threshold')).text()).toContain('at most 1.00e-5')
    expect(w.get(tid('lab-gradcheck-status')).text()).toContain('Some mode fails')
    s.project.training.gradient = 'truncated'
    s.project.training.horizon = 2
    await w.get(tid('lab-gradcheck-run')).trigger('click')
    expect(fake.lab.gradcheck.mock.calls[1][0].gradients).toEqual([{ mode: 'exact' }, { mode: 'truncated', horizon: 2 }, { mode: 'lecture' }])
  })

  it('shows a failure as a message', async () => {
    fake.lab.gradcheck.mockRejectedValue(new Error('the data script failed'))
    const w = mountLab(GradientCheck)
    await w.get(tid('lab-gradcheck-run')).trigger('click')
    await flushPromises()
    expect(w.get(tid('lab-gradcheck-error')).text()).toBe('Could not check the gradient: the data script failed')
  })
})

const compare: LabCompareResult = {
  horizons: [1, 2, 3, 4, 5, 6],
  steps: 6,
  weightsEpoch: 0,
  matrices: [
    { name: 'W0', exactNorm: 0.5, cosine: [0.8, 0.9, 0.95, 0.99, 1, 1], normRatio: [0.7, 0.8, 0.9, 1, 1, 1] },
    { name: 'V1', exactNorm: 0.2, cosine: [0.3, 0.6, 0.9, 0.99, 1, 1], normRatio: [0.4, null, 0.9, 1, 1, 1] },
  ],
}

describe('ModeCompare', () => {
  it('plots cosine (or the norm ratio) per matrix against k, and tables the notes’ k = 1', async () => {
    fake.lab.compare.mockResolvedValue(compare)
    const w = mountLab(ModeCompare)
    await w.get(tid('lab-compare-run')).trigger('click')
    await flushPromises()
    type Line = { name: string; data: [number, number | null][] }
    const series = () => (w.findComponent({ name: 'EChart' }).props('option') as { series: Line[] }).series
    expect(series().map((l) => l.name)).toEqual(['W0', 'V1'])
    expect(series()[1].data[0]).toEqual([1, 0.3])
    await w.get(tid('lab-compare-ratio')).setValue(true)
    expect(series()[1].data[1]).toEqual([2, null])
    expect(w.findAll(`${tid('lab-compare-notes')} tbody tr`).map((r) => r.text())).toEqual(['W00.50.80.7', 'V10.20.30.4'])
    expect(w.get(tid('lab-compare-status')).text()).toBe('Compared k = 1 to 6 (T = 6).')
  })

  it('shows a failure as a message', async () => {
    fake.lab.compare.mockRejectedValue(new Error('no training data'))
    const w = mountLab(ModeCompare)
    await w.get(tid('lab-compare-run')).trigger('click')
    await flushPromises()
    expect(w.get(tid('lab-compare-error')).text()).toBe('Could not compare the gradients: no training data')
  })
})

describe('RaceView', () => {
  it('trains a copy per mode from the same weights as ordinary runs, overlays the losses, leaves the project alone', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    let n = 0
    fake.training.start.mockImplementation(async () => `run-${++n}`)
    const before = JSON.stringify(s.project.toFile().training)
    const w = mountLab(RaceView)
    await w.get(tid('lab-race-epochs')).setValue('3')
    await w.get(tid('lab-race-horizon')).setValue('2')
    await w.get(tid('lab-race-start')).trigger('click')
    await flushPromises()
    const requests = fake.training.start.mock.calls.map((c) => c[0] as TrainingStartRequest)
    expect(requests.map((r) => [r.project.training.gradient, r.project.training.horizon, r.epochs])).toEqual([
      ['exact', undefined, 3],
      ['truncated', 2, 3],
      ['lecture', undefined, 3],
    ])
    // the same start: the project's weights (none: its seed), data and the other settings
    for (const r of requests) {
      expect(r.project.training.seed).toBe(3)
      expect(r.project.training.learningRate).toBe(0.5)
      expect(r.project.weights).toBeNull()
      expect(r.project.data).toEqual(s.project.toFile().data)
    }
    // losses arrive as training events; events of other runs are not the race's
    emit('training:status', { runId: 'run-1', status: 'running', epoch: 0 })
    emit('training:progress', { runId: 'run-1', reports: [1, 2, 3].map((epoch) => ({ epoch, loss: 4 / epoch, gradNorms: [], seconds: 0 }) as never) })
    emit('training:progress', { runId: 'run-3', reports: [1, 2].map((epoch) => ({ epoch, loss: 5 / epoch, gradNorms: [], seconds: 0 }) as never) })
    emit('training:progress', { runId: 'run-99', reports: [{ epoch: 1, loss: 100, gradNorms: [], seconds: 0 } as never] })
    emit('training:status', { runId: 'run-1', status: 'completed', epoch: 3 })
    await nextTick() // the watcher that follows the revision
    vi.advanceTimersByTime(1000) // the chart follows at most every 200 ms: the clock is moved, not waited for
    await nextTick()
    const option = w.findComponent({ name: 'EChart' }).props('option') as { series: { name: string; data: [number, number][] }[] }
    expect(option.series.map((l) => l.name)).toEqual(['exact', 'truncated k = 2', "the notes' rule (k = 1)"])
    expect(option.series[0].data).toEqual([[1, 4], [2, 2], [3, 4 / 3]])
    expect(option.series[2].data).toEqual([[1, 5], [2, 2.5]])
    expect(w.findAll(tid('lab-race-lane')).map((l) => l.text())[0]).toContain('exact: completed, epoch 3 of 3')
    // still racing (two lanes go on): Stop stops those
    await w.get(tid('lab-race-stop')).trigger('click')
    await flushPromises()
    expect(fake.training.stop.mock.calls.map((c) => c[0])).toEqual(['run-2', 'run-3'])
    // the project did not change
    expect(JSON.stringify(s.project.toFile().training)).toBe(before)
    expect(s.project.weights).toBeNull()
    expect(s.project.history.loss).toEqual([])
  })

  it('refuses epochs that are not a whole number, and shows a start that fails', async () => {
    const w = mountLab(RaceView)
    await w.get(tid('lab-race-epochs')).setValue('2.5')
    expect(w.get(tid('lab-race-problem')).text()).toContain('Epochs must be a whole number')
    expect(w.get(tid('lab-race-start')).attributes('disabled')).toBeDefined()
    await w.get(tid('lab-race-epochs')).setValue('5')
    fake.training.start.mockRejectedValue(new Error('the trainer process did not start in time'))
    await w.get(tid('lab-race-start')).trigger('click')
    await flushPromises()
    expect(w.get(tid('lab-race-error')).text()).toBe('Could not start the race: the trainer process did not start in time')
  })
})
