// End to end in Chromium: weights out of and back into the window. The sine example is trained briefly, exported
// as ONNX from the Export dialog (the file runs in onnxruntime-web and gives the core's outputs for the run's
// weights) and as JSON; after a reset, the JSON is imported back and a saved copy of the project holds exactly
// the run's weights. An untrained project is refused in the dialog; weights of another network are refused
// naming each array and the shape the project expects. Screenshot: test-output/export-dialog.png (look at it).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as ort from 'onnxruntime-web'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { normalizeNetworkSpec, packDataset, paramLayout, predict } from '../../src/core/index.js'
import { exportWeights } from '../../src/node/export/index.js'
import { parseProject, weightsToFile } from '../../src/shared/project-file.js'
import { trainingDataset } from '../../src/shared/runs.js'
import { closeBrowser, launchHarness, type Harness, waitFor } from '../harness/harness.js'
import { exampleWithData } from '../helpers/projects.js'
import { projectWithWeights } from '../node/export/helpers.js'

let h: Harness
beforeEach(async () => {
  h = await launchHarness()
})
afterEach(async () => {
  await h.close()
})
afterAll(closeBrowser)

const byId = (id: string) => h.page.getByTestId(id)
const present = async (id: string) => (await byId(id).count()) > 0

async function openExample(id: string): Promise<void> {
  await byId('open-examples').click()
  await byId(`example-${id}`).click()
  await waitFor(async () => !(await present('examples-gallery')))
}

async function trainFor(epochs: number): Promise<void> {
  await byId('epochs').fill(String(epochs))
  await byId('train').click()
  await waitFor(async () => (await byId('status').getAttribute('data-status')) === 'completed')
  await waitFor(() => present('unsaved-mark')) // the run's weights belong to the project now
}

describe('exporting weights from the window', () => {
  it('refuses a project without trained weights', async () => {
    await openExample('sine')
    await byId('export-weights').click()
    expect(await byId('export-refusal').textContent()).toBe('Train the network first: there are no trained weights to export')
    expect(await byId('export-confirm').isDisabled()).toBe(true)
    await h.page.keyboard.press('Escape')
    await waitFor(async () => !(await present('export-dialog')))
    expect(h.dialogs.asked).toEqual([])
  })

  it('exports ONNX that runs like the core, and JSON that imports back', async () => {
    const { page } = h
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as { api: object }).api))).toContain('weights')
    await openExample('sine')
    await trainFor(20)
    const [run] = h.training.list()
    const trained = run.weights!
    expect(trained.epoch).toBe(20)

    // ONNX, to a file "chosen" in the save dialog
    await byId('export-weights').click()
    expect(await page.getByRole('dialog').getAttribute('aria-modal')).toBe('true')
    await byId('export-format-onnx').check()
    expect(await byId('export-files').textContent()).toBe('model.onnx')
    expect(await byId('export-include-optimizer').isDisabled()).toBe(true)
    const onnxPath = join(h.stateDir, 'sine.onnx')
    h.dialogs.answer(onnxPath)
    await byId('export-confirm').click()
    await waitFor(() => present('export-written'))
    expect(await byId('export-written').textContent()).toContain(onnxPath)
    expect(h.dialogs.asked).toEqual(['save export (Sine-model.onnx, onnx)'])
    expect(statSync(onnxPath).size).toBeGreaterThan(500)
    await h.screenshot('export-dialog')

    // the model gives the core's outputs for the run's weights on the example's training data
    const project = await exampleWithData('sine')
    const network = normalizeNetworkSpec(project.network)
    const data = trainingDataset(project.data)
    const [m, l, P] = [network.inputSize, network.output.units, data.sequences.length]
    const T = Math.max(...data.sequences.map((s) => s.u.length))
    const expected = predict(paramLayout(network), trained.params, packDataset(data, m, l))
    const u = new Float32Array(T * P * m) // [T, P, m], zero after a sequence's end
    data.sequences.forEach((s, p) => s.u.forEach((ut, t) => ut.forEach((x, j) => (u[(t * P + p) * m + j] = x))))
    const session = await ort.InferenceSession.create(readFileSync(onnxPath))
    const y = (await session.run({ u: new ort.Tensor('float32', u, [T, P, m]) })).y.data as Float32Array
    await session.release()
    let worst = 0
    expected.forEach((seq, p) => seq.forEach((yt, t) => yt.forEach((v, i) => (worst = Math.max(worst, Math.abs(y[(t * P + p) * l + i] - v))))))
    expect(worst).toBeLessThan(1e-5)

    // JSON, then close the dialog
    await byId('export-format-json').check()
    expect(await byId('export-include-optimizer').isChecked()).toBe(true)
    const jsonPath = join(h.stateDir, 'sine-weights.json')
    h.dialogs.answer(jsonPath)
    await byId('export-confirm').click()
    await waitFor(async () => (await byId('export-written').textContent())!.includes(jsonPath))
    await byId('export-cancel').click()
    await waitFor(async () => !(await present('export-dialog')))

    // weights of another network are refused, naming the arrays and the shapes this project expects
    const units = network.hidden[0].units
    const other = projectWithWeights({ ...project.network, hidden: [{ ...project.network.hidden[0], units: units + 1 }] }, 4)
    const otherPath = join(h.stateDir, 'other.json')
    writeFileSync(otherPath, exportWeights(other, { format: 'json' }).files[0].bytes)
    h.dialogs.answer(otherPath)
    await byId('import-weights').click()
    await waitFor(() => present('weights-import-error'))
    const refusal = (await byId('weights-import-error').textContent())!
    expect(refusal).toContain(`Could not import weights: other.json: W0: expected shape [${units}, 1], got [${units + 1}, 1]`)
    expect(refusal).toContain(`V1: expected shape [${units}, ${units}], got [${units + 1}, ${units + 1}]`)

    // forget the weights, import the JSON back, save: the file holds the run's weights, its epoch and optimizer
    await byId('reset-weights').click()
    h.dialogs.answer(jsonPath)
    await byId('import-weights').click()
    await waitFor(() => present('weights-import-note'))
    expect(await byId('weights-import-note').textContent()).toBe('Imported the weights of epoch 20 with the optimizer state from sine-weights.json.')
    const savedPath = join(h.stateDir, 'imported.rnn.json')
    h.dialogs.answer(savedPath)
    await byId('save-as-project').click()
    await waitFor(() => existsSync(savedPath))
    const saved = parseProject(readFileSync(savedPath, 'utf8'))
    expect(weightsToFile(saved.network, saved.weights!)).toEqual(weightsToFile(project.network, trained))
    expect(saved.history.loss).toEqual([])
    await h.screenshot('export-imported')
  })
})
