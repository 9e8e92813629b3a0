// Issue 5's data path in Chromium, as a user takes it: edit the data script, preview what it makes
// (statistics, heatmaps of u and z), adopt the data's sizes when they differ from the network, train on the
// script's data, then import a CSV file (bad rows reported by line, columns chosen, data taken) and export it.
// Screenshots: test-output/data-*.png.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeBrowser, launchHarness, type Harness } from '../harness/harness.js'
import { replaceScript } from '../harness/script-editor.js'

let h: Harness
const dir = mkdtempSync(join(tmpdir(), 'rnnwb-data-e2e-'))
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

const byId = (id: string) => h.page.getByTestId(id)
// two inputs (a bit and its complement) and two targets (the previous bit, and its complement)
const twoByTwo = `export default function (h: ScriptHelpers): DataSet {
  const sequence = (): DataSequence => {
    const bits = h.range(8).map(() => h.rng.bit())
    return {
      u: bits.map((b) => [b, 1 - b]),
      z: bits.map((_, t) => (t === 0 ? null : [bits[t - 1], 1 - bits[t - 1]])),
    }
  }
  return { inputSize: 2, outputSize: 2, train: h.range(12).map(sequence), validation: h.range(3).map(sequence) }
}
`

describe('data', () => {
  it('a script is previewed, its sizes adopted, and the network trains on its data', async () => {
    await byId('tab-data').click()
    await h.page.locator('[data-testid="script-editor"][data-ready="true"] .view-lines').waitFor({ timeout: 30_000 })
    // the new project's script has run: 16 sequences of 10 steps, m = ℓ = 1
    await expect.poll(() => byId('data-stats').textContent(), { timeout: 30_000 }).toMatch(/16 training sequences.*10 steps/s)

    await replaceScript(h.page, twoByTwo)
    await expect.poll(() => byId('data-stats').textContent(), { timeout: 30_000 }).toMatch(/12 training sequences/)
    expect(await byId('data-stats').textContent()).toMatch(/3 validation/)
    // the network still has m = ℓ = 1: the pane offers the data's sizes, and the network editor says why it is invalid
    await expect.poll(() => byId('size-mismatch').textContent()).toMatch(/m = 2.*ℓ = 2/s)
    expect(await byId('train').isEnabled()).toBe(false)
    await byId('u-heatmap').locator('canvas').first().waitFor()
    await h.screenshot('data-01-preview-mismatch')
    await byId('adopt-sizes').click()
    await expect.poll(() => byId('size-mismatch').count()).toBe(0)
    expect(await byId('field-network.inputSize').inputValue()).toBe('2')
    expect(await byId('field-network.output.units').inputValue()).toBe('2')

    // another sequence of the validation set in the preview
    await byId('preview-set').selectOption('validation')
    await byId('preview-sequence').fill('2')
    await expect.poll(() => byId('sequence-caption').textContent()).toBe('T = 8 steps, 7 with a target')
    expect(await byId('preview-sequence-error').count()).toBe(0)
    await h.screenshot('data-02-preview')

    // train: main runs the script again and trains on what it makes
    await byId('tab-training').click()
    await byId('epochs').fill('30')
    await byId('train').click()
    await expect.poll(() => byId('status').getAttribute('data-status'), { timeout: 60_000 }).toBe('completed')
    expect(Number(await byId('status').getAttribute('data-epoch'))).toBe(30)
    const runs = h.training.list()
    expect(runs).toHaveLength(1)
    const trained = h.training.info(runs[0].id)
    expect(trained.loss).toHaveLength(30)
    expect(trained.validationLoss).toHaveLength(30) // the script's validation part reached the trainer
    expect(trained.loss.at(-1)!).toBeLessThan(trained.loss[0])
    await h.screenshot('data-03-trained')
  })

  it('imports a CSV file: bad rows by line, columns chosen, data taken; exports it again', async () => {
    const csv = join(dir, 'steps.csv')
    writeFileSync(csv, ['id,a,b,target', '1,0,1,1', '1,1,1,0', '2,1,0,x', '2,0,0,'].join('\n') + '\n')
    await byId('tab-data').click()
    h.dialogs.answer(csv)
    await byId('import-data').click()
    // the default columns do not exist: the panel says so and offers roles for the file's columns
    await expect.poll(() => byId('import-problems').textContent()).toMatch(/missing column "sequence"/)
    await byId('role-id').selectOption('sequence')
    await byId('role-a').selectOption('input')
    await byId('role-b').selectOption('input')
    await byId('role-target').selectOption('target')
    await byId('import-read-again').click()
    await expect.poll(() => byId('import-problems').textContent()).toMatch(/line 4, column target: expected a number/)
    await h.screenshot('data-04-import-problems')

    writeFileSync(csv, ['id,a,b,target', '1,0,1,1', '1,1,1,0', '2,1,0,1', '2,0,0,'].join('\n') + '\n')
    await byId('import-read-again').click()
    await expect.poll(() => byId('import-summary').textContent()).toMatch(/2 training sequences/)
    await byId('import-accept').click()
    await expect.poll(() => byId('data-kind').textContent()).toMatch(/Imported/i)
    expect(await byId('script-editor').count()).toBe(0)
    await expect.poll(() => byId('data-stats').textContent()).toMatch(/2 training sequences/)
    await byId('adopt-sizes').click() // m = 2, ℓ = 1
    await expect.poll(() => byId('size-mismatch').count()).toBe(0)

    const out = join(dir, 'out.csv')
    h.dialogs.answer(out)
    await byId('export-csv').click()
    await expect.poll(() => byId('export-written').textContent()).toContain('out.csv')
    expect(readFileSync(out, 'utf8')).toBe('sequence,u1,u2,z1\n1,0,1,1\n1,1,1,0\n2,1,0,1\n2,0,0,\n')
    await h.screenshot('data-05-imported')
  })
})
