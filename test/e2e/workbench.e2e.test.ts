// Issue 4's main path in Chromium, as a user would take it: build a two-hidden-layer network from scratch,
// train it and see the loss fall, pause and resume, save, reopen and find the same weights and history,
// switch to the lecture preset. Screenshots of each state go to test-output/workbench-*.png.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseProject } from '../../src/shared/project-file.js'
import { closeBrowser, launchHarness, screenshotDir, type Harness, waitFor as waitUntil } from '../harness/harness.js'

let h: Harness
const dir = mkdtempSync(join(tmpdir(), 'rnnwb-workbench-'))
beforeEach(async () => {
  h = await launchHarness()
})
afterEach(async () => {
  await h.close()
})
afterAll(async () => {
  await closeBrowser()
  rmSync(dir, { recursive: true, force: true })
})

const byId = (id: string) => h.page.locator(`[data-testid="${id}"]`)
const status = () => byId('status').getAttribute('data-status')
const epoch = async () => Number(await byId('status').getAttribute('data-epoch'))
const waitFor = (what: () => Promise<boolean>) => waitUntil(what, 30_000)

describe('the workbench', () => {
  it('builds a two-hidden-layer network, trains, pauses, resumes, saves, reopens, and takes the lecture preset', async () => {
    const { page } = h
    // from scratch: the blank project has one hidden layer; add a second, give both 6 units
    await byId('add-layer').click()
    await byId('field-network.hidden[0].units').fill('6')
    await byId('field-network.hidden[1].units').fill('5')
    await byId('field-network.hidden[1].activation').selectOption('tanh')
    await expect.poll(() => page.locator('[data-testid^="diagram-layer-"]').count()).toBe(4) // u, x1, x2, y
    expect(await byId('diagram-total').textContent()).toContain('114') // (6·1 + 36 + 6) + (5·6 + 25 + 5) + (1·5 + 1)
    // an invalid value is refused at the field, and Train is off until it is fixed
    await byId('field-training.learningRate').fill('0')
    await expect.poll(() => byId('error-training.learningRate').textContent()).toMatch(/expected a number > 0/)
    expect(await byId('train').isEnabled()).toBe(false)
    await h.screenshot('workbench-01-invalid')
    await byId('field-training.learningRate').fill('0.02')
    await expect.poll(() => byId('train').isEnabled()).toBe(true)
    // this run trains in float32 (the trainer process converts; the project keeps float64 weights)
    await byId('field-training.precision').selectOption('float32')
    // threads: a number or auto (the weights are the same either way); saved with the project
    expect(await byId('field-training.threads').getAttribute('placeholder')).toBe('auto')
    await byId('field-training.threads').fill('2')
    await h.screenshot('workbench-02-built')

    await byId('epochs').fill('1000000')
    await byId('train').click()
    await waitFor(async () => (await epoch()) >= 300)
    // the window answers while it trains: typing reaches the project's name and the title
    await byId('project-title').fill('Two layers')
    await expect.poll(() => page.title()).toMatch(/Two layers — RNN Workbench$/)
    expect(await status()).toBe('running')
    await byId('pause').click()
    await waitFor(async () => (await status()) === 'paused')
    const pausedAt = await epoch()
    await h.screenshot('workbench-03-paused')
    await byId('resume').click()
    await waitFor(async () => (await epoch()) >= pausedAt + 200)
    await byId('stop').click()
    await waitFor(async () => (await status()) === 'stopped')
    const [run] = h.training.list()
    // the loss fell
    expect(run.loss.at(-1)!).toBeLessThan(run.loss[0] / 2)
    await expect.poll(() => page.locator('[data-testid="loss-chart"] canvas').count()).toBeGreaterThan(0)
    await h.screenshot('workbench-04-trained')

    // save, start something else, reopen: the same weights and history
    const path = join(dir, 'two-layers.rnn.json')
    h.dialogs.answer(path)
    await byId('save-as-project').click()
    await waitFor(async () => (await byId('unsaved-mark').count()) === 0)
    const saved = parseProject(readFileSync(path, 'utf8'))
    expect(saved.weights!.epoch).toBe(run.epoch)
    expect(Array.from(saved.weights!.params)).toEqual(Array.from(run.weights!.params))
    expect(saved.history.loss).toEqual(run.loss)
    expect(saved.network.hidden.map((l) => l.units)).toEqual([6, 5])
    expect(saved.training.precision).toBe('float32')
    expect(Array.from(saved.weights!.params).every((w) => Math.fround(w) === w)).toBe(true) // float32 values, stored as float64
    expect(saved.training.threads).toBe(2)

    await byId('new-project').click()
    await expect.poll(() => page.locator('[data-testid^="diagram-layer-"]').count()).toBe(3)
    h.dialogs.answer(path)
    await byId('open-project').click()
    await expect.poll(() => page.locator('[data-testid^="diagram-layer-"]').count()).toBe(4)
    expect(await byId('field-training.precision').inputValue()).toBe('float32')
    expect(await byId('field-training.threads').inputValue()).toBe('2')
    // the reopened project's loss history is drawn
    await expect.poll(() => byId('loss-chart').getAttribute('data-series')).toBe('saved history')
    // and its states: its weights run forward in the training host (network:inspect), for the sequence chosen
    const caption = () => byId('state-caption').textContent()
    await expect.poll(caption, { timeout: 30_000 }).toMatch(new RegExp(`^Sequence 0, T = \\d+ · epoch ${run.epoch}$`))
    await byId('sequence').fill('1')
    await expect.poll(caption, { timeout: 30_000 }).toMatch(new RegExp(`^Sequence 1, T = \\d+ · epoch ${run.epoch}$`))
    for (const chart of ['hidden-heatmap', 'output-chart', 'weights-heatmap']) expect(await page.locator(`[data-testid="${chart}"] canvas`).count()).toBeGreaterThan(0)
    await page.locator('.state-charts').screenshot({ path: join(screenshotDir, 'workbench-states-reopened.png') })
    // train on from the reopened weights: the next run starts at the saved epoch
    await byId('epochs').fill('3')
    await byId('train').click()
    await waitFor(async () => (await status()) === 'completed')
    expect(await epoch()).toBe(run.epoch + 3)
    await expect.poll(() => byId('loss-chart').getAttribute('data-series')).toMatch(/^saved history \| #\d+ /)
    await h.screenshot('workbench-05-reopened')

    // the lecture preset: sigmoid everywhere, no biases, the notes' gradient, full-batch gradient descent
    await byId('lecture-preset').click()
    expect(await byId('field-network.hidden[1].activation').inputValue()).toBe('sigmoid')
    expect(await byId('field-network.hidden[0].bias').isChecked()).toBe(false)
    expect(await byId('field-training.gradient').inputValue()).toBe('lecture')
    expect(await byId('field-training.optimizer').inputValue()).toBe('sgd')
    expect(await byId('diagram-bias-1').count()).toBe(0)
    await h.screenshot('workbench-06-lecture-preset')
  }, 180_000) // training, saving, reopening and two forward passes in the host: slow on a loaded machine

  it('Reset weights starts again from the seed; New seed starts somewhere else', async () => {
    const firstLoss = async () => {
      const before = h.training.list().length
      await byId('epochs').fill('2')
      await byId('train').click()
      await waitFor(async () => h.training.list().length > before && h.training.list().at(-1)!.status === 'completed')
      return h.training.list().at(-1)!.loss[0]
    }
    const a = await firstLoss()
    expect(await firstLoss()).not.toBe(a) // the second run continues from the first one's weights
    await byId('reset-weights').click()
    expect(await firstLoss()).toBe(a) // the same seed, the same start
    await byId('reset-weights').click()
    await byId('new-seed').click()
    expect(await firstLoss()).not.toBe(a)
  })

  it('clicking a layer in the diagram selects it in the editor', async () => {
    await byId('diagram-layer-1').click()
    await expect.poll(() => byId('layer-hidden-0').getAttribute('class')).toMatch(/selected/)
    await byId('diagram-layer-2').click()
    await expect.poll(() => byId('layer-output').getAttribute('class')).toMatch(/selected/)
  })
})
