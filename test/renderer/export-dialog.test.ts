// @vitest-environment happy-dom
// Weights in and out from the project bar: the Export dialog (refusal without trained weights, formats and the
// files each writes, what is included, the request it sends, what it shows after, Escape and focus) and Import
// weights (the weights replace the project's, asking first when it has some; history cleared; failures shown
// with every problem). window.api is a fake.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'

const fake = vi.hoisted(() => ({
  app: { ready: vi.fn(async () => {}) },
  dialogs: { confirm: vi.fn() },
  projects: { recent: vi.fn(async () => []), recovery: vi.fn(async () => null), setDirty: vi.fn(async () => {}), autosave: vi.fn(async () => {}) },
  weights: { export: vi.fn(), import: vi.fn() },
  on: vi.fn(() => () => {}),
}))
vi.mock('../../src/renderer/api', () => ({ api: fake }))

import ProjectBar from '../../src/renderer/components/ProjectBar.vue'
import { normalizeNetworkSpec, paramLayout } from '../../src/core/index'
import { weightsToFile, type ProjectFile } from '../../src/shared/project-file'
import { useExportsStore } from '../../src/renderer/stores/exports'

const UNTRAINED_MESSAGE = 'Train the network first: there are no trained weights to export'
import { runIs, setup, tid, type Setup } from './project-setup'

let s: Setup
let w: VueWrapper
beforeEach(() => {
  vi.clearAllMocks()
  s = setup()
  w = mount(ProjectBar, { global: { plugins: [s.pinia], stubs: { teleport: true } }, attachTo: document.body })
})
afterEach(() => w.unmount())

/** Weights for the open project's network: params k, k + 1, …; Adam state when `optimizer`. */
function weightsFor(network: ProjectFile['network'], k: number, epoch: number, optimizer = true): NonNullable<ProjectFile['weights']> {
  const size = paramLayout(normalizeNetworkSpec(network)).size
  const ramp = (a: number) => Float64Array.from({ length: size }, (_, i) => a + i)
  return weightsToFile(network, { params: ramp(k), epoch, ...(optimizer ? { optimizer: { steps: epoch, first: ramp(0), second: ramp(1) } } : {}) })
}
const train = (epoch = 40, optimizer = true) => s.project.setTrained(weightsFor(s.project.network, 0.5, epoch, optimizer), { loss: Array.from({ length: epoch }, (_, i) => 1 / (i + 1)) })

const dialog = () => w.find(tid('export-dialog'))
async function openDialog(): Promise<void> {
  await w.get(tid('export-weights')).trigger('click')
  await flushPromises()
}
const files = () => w.findAll(`${tid('export-files')} li`).map((li) => li.text())
const chooseFormat = (f: string) => w.get(tid(`export-format-${f}`)).setValue(true)
const optimizerBox = () => w.get(tid('export-include-optimizer')).element as HTMLInputElement

describe('the Export dialog', () => {
  it('refuses a project without trained weights, clearly, and sends nothing', async () => {
    await openDialog()
    expect(dialog().attributes('role')).toBeUndefined() // the backdrop
    expect(w.get('[role=dialog]').attributes('aria-modal')).toBe('true')
    expect(w.get(tid('export-refusal')).text()).toBe(UNTRAINED_MESSAGE)
    expect(w.get(tid('export-confirm')).attributes('disabled')).toBeDefined()
    expect(w.get(tid('export-confirm')).attributes('title')).toBe(UNTRAINED_MESSAGE)
    await useExportsStore().exportWeights()
    expect(fake.weights.export).not.toHaveBeenCalled()
  })

  it('describes the weights, and shows the files each format writes', async () => {
    train(40)
    await openDialog()
    expect(w.find(tid('export-refusal')).exists()).toBe(false)
    const layout = s.project.layout!
    expect(w.get(tid('export-summary')).text()).toBe(
      `“Untitled”, trained for 40 epochs: ${layout.size} weights in ${layout.entries.map((e) => `${e.name} [${e.shape.join(', ')}]`).join(', ')}.`,
    )
    expect(files()).toEqual(['weights.json'])
    expect((w.get(tid('export-format-json')).element as HTMLInputElement).checked).toBe(true)
    expect(document.activeElement).toBe(w.get(tid('export-format-json')).element) // focus starts on the chosen format
    await chooseFormat('onnx')
    expect(files()).toEqual(['model.onnx'])
    await chooseFormat('csv')
    expect(files()).toEqual(layout.entries.map((e) => `${e.name}.csv`))
    expect(w.text()).toContain('Files, written into a folder you choose')
    await chooseFormat('pytorch')
    expect(files()).toEqual(['model.py', 'weights.npz'])
    expect(w.get(tid('export-confirm')).text()).toBe('Export to folder…')
  })

  it('includes the optimizer state where the format and the weights have it', async () => {
    train(40)
    await openDialog()
    expect(optimizerBox().checked).toBe(true)
    expect(optimizerBox().disabled).toBe(false)
    expect(w.text()).toContain("Optimizer state (Adam's moments)")
    await chooseFormat('onnx')
    expect(optimizerBox().disabled).toBe(true)
    expect(optimizerBox().checked).toBe(false)
    expect(w.get(tid('export-optimizer-why')).text()).toBe('Not included: ONNX has no place for it.')
    await chooseFormat('npz')
    expect(optimizerBox().checked).toBe(true)
    s.project.setTrained(weightsFor(s.project.network, 1, 5, false), { loss: [1, 1, 1, 1, 1] })
    await flushPromises()
    expect(optimizerBox().disabled).toBe(true)
    expect(w.get(tid('export-optimizer-why')).text()).toBe('Not included: these weights have no optimizer state.')
  })

  it('sends the project, the format and what to leave out; shows what was written', async () => {
    train(40)
    await openDialog()
    fake.weights.export.mockResolvedValueOnce({ paths: ['/tmp/out/Untitled-model.onnx'] })
    await chooseFormat('onnx')
    await w.get(tid('export-confirm')).trigger('click')
    await flushPromises()
    const [request] = fake.weights.export.mock.calls[0]
    expect(request).toEqual({ project: expect.objectContaining({ format: 'rnn-workbench-project', weights: s.project.weights }), format: 'onnx' })
    expect(w.get(tid('export-written')).text()).toMatch(/^Wrote\s+Untitled-model\.onnx\s+\/tmp\/out\/Untitled-model\.onnx$/)
    expect(w.get(tid('export-cancel')).text()).toBe('Close')

    await chooseFormat('json')
    await w.get(tid('export-include-optimizer')).setValue(false)
    fake.weights.export.mockResolvedValueOnce(null) // cancelled in the save dialog
    await w.get(tid('export-confirm')).trigger('click')
    await flushPromises()
    expect(fake.weights.export.mock.calls[1][0]).toMatchObject({ format: 'json', include: { optimizer: false } })
    expect(w.find(tid('export-written')).exists()).toBe(false)
    expect(w.find(tid('export-error')).exists()).toBe(false)
  })

  it("shows main's refusal in plain words", async () => {
    train(40)
    await openDialog()
    fake.weights.export.mockRejectedValueOnce(new Error("Error invoking remote method 'weights:export': Error: could not write /ro/weights.json (EACCES: permission denied)"))
    await w.get(tid('export-confirm')).trigger('click')
    await flushPromises()
    expect(w.get(tid('export-error')).text()).toBe('Could not export: could not write /ro/weights.json (EACCES: permission denied)')
    expect(w.get(tid('export-error')).attributes('role')).toBe('alert')
  })

  it('refuses settings that are not valid before asking main', async () => {
    train(40)
    await openDialog()
    s.project.training.learningRate = 0
    await flushPromises()
    await w.get(tid('export-confirm')).trigger('click')
    await flushPromises()
    expect(fake.weights.export).not.toHaveBeenCalled()
    expect(w.get(tid('export-error')).text()).toMatch(/^Could not export: the project has settings to fix first \(training\.learningRate: /)
  })

  it('closes with Escape, the × and Cancel, and gives focus back to the Export… button', async () => {
    const opener = w.get(tid('export-weights')).element as HTMLButtonElement
    for (const close of [
      () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' })),
      () => w.get(tid('export-close')).trigger('click'),
      () => w.get(tid('export-cancel')).trigger('click'),
    ]) {
      opener.focus()
      await openDialog()
      expect(dialog().exists()).toBe(true)
      await close()
      await flushPromises()
      expect(dialog().exists()).toBe(false)
      expect(document.activeElement).toBe(opener)
    }
  })
})

describe('Import weights', () => {
  const imported = () => ({ path: '/data/other run/weights.npz', weights: weightsFor(s.project.network, 9, 300) })

  it('puts the weights into an untrained project, clears the history, marks it changed', async () => {
    const result = imported()
    fake.weights.import.mockResolvedValueOnce(result)
    await w.get(tid('import-weights')).trigger('click')
    await flushPromises()
    expect(fake.weights.import).toHaveBeenCalledWith({ project: expect.objectContaining({ weights: null }) })
    expect(fake.dialogs.confirm).not.toHaveBeenCalled()
    expect(s.project.weights).toEqual(result.weights)
    expect(s.project.history).toEqual({ loss: [] })
    expect(s.project.dirty).toBe(true)
    expect(w.get(tid('weights-import-note')).text()).toBe('Imported the weights of epoch 300 with the optimizer state from weights.npz.')
  })

  it('asks before replacing trained weights; no keeps them', async () => {
    train(40)
    const before = s.project.weights
    fake.weights.import.mockResolvedValue(imported())
    fake.dialogs.confirm.mockResolvedValueOnce(false)
    await w.get(tid('import-weights')).trigger('click')
    await flushPromises()
    expect(fake.dialogs.confirm.mock.calls[0][0]).toMatchObject({ message: 'Replace the trained weights?', detail: expect.stringContaining('trained for 40 epochs') })
    expect(s.project.weights).toBe(before)
    expect(s.project.history.loss).toHaveLength(40)
    fake.dialogs.confirm.mockResolvedValueOnce(true)
    await w.get(tid('import-weights')).trigger('click')
    await flushPromises()
    expect(s.project.weights?.epoch).toBe(300)
    expect(s.project.history.loss).toEqual([])
  })

  it('shows every problem of weights that do not fit, and keeps the project as it was', async () => {
    fake.weights.import.mockRejectedValueOnce(
      new Error("Error invoking remote method 'weights:import': Error: big.json: W0: expected shape [4, 1], got [6, 1]\nV1: expected shape [4, 4], got [6, 6]"),
    )
    await w.get(tid('import-weights')).trigger('click')
    await flushPromises()
    expect(w.get(tid('weights-import-error')).text()).toBe('Could not import weights: big.json: W0: expected shape [4, 1], got [6, 1]\nV1: expected shape [4, 4], got [6, 6]')
    expect(s.project.weights).toBeNull()
    expect(s.project.dirty).toBe(false)
  })

  it('waits while training runs (its result would overwrite the imported weights)', async () => {
    runIs('running')
    await flushPromises()
    expect(w.get(tid('import-weights')).attributes('disabled')).toBeDefined()
    expect(await useExportsStore().importWeights()).toBe(false)
    expect(fake.weights.import).not.toHaveBeenCalled()
    expect(useExportsStore().importError).toBe('Could not import weights: training is running. Stop it first.')
  })

  it('a cancelled file dialog changes nothing', async () => {
    fake.weights.import.mockResolvedValueOnce(null)
    await w.get(tid('import-weights')).trigger('click')
    await flushPromises()
    expect(s.project.weights).toBeNull()
    expect(w.find(tid('weights-import-note')).exists()).toBe(false)
    expect(w.find(tid('weights-import-error')).exists()).toBe(false)
  })
})
