// Issue 5's data path in Chromium, as a user takes it: edit the data script, preview what it makes
// (statistics, heatmaps of u and z), adopt the data's sizes when they differ from the network, train on the
// script's data, then import a CSV file (bad rows reported by line, columns chosen, data taken) and export it.
// Screenshots: test-output/data-*.png.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeBrowser, launchHarness, screenshotDir, type Harness } from '../harness/harness.js'
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

  for (const [width, height] of [
    [1280, 800],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height} a chart's Table toggle covers nothing the chart draws (the heatmaps' colour scales, legends)`, async () => {
      const { page } = h
      await page.setViewportSize({ width, height })
      // the starter project: one row of u and of z, the heatmaps at their smallest height
      await byId('train').click()
      await expect.poll(() => byId('status').getAttribute('data-status'), { timeout: 30_000 }).toBe('completed')
      for (const tab of ['data', 'training'] as const) {
        await byId(`tab-${tab}`).click()
        const charts = tab === 'data' ? ['u-heatmap', 'z-heatmap'] : ['loss-chart', 'output-chart', 'hidden-heatmap', 'weights-heatmap', 'gradnorm-chart']
        for (const id of charts) {
          await byId(id).scrollIntoViewIfNeeded()
          await expect.poll(() => page.locator(`[data-testid="${id}"] canvas`).count()).toBeGreaterThan(0)
          await page.waitForTimeout(150) // the chart draws in a task of its own after a resize
          expect({ id, painted: await paintedUnderToggle(id) }).toEqual({ id, painted: 0 })
        }
        await page.screenshot({ path: join(screenshotDir, `data-table-toggle-${tab}-${width}x${height}.png`) })
      }
    })
  }
})

/** Canvas pixels the chart has painted (alpha > 0) under its Table toggle: the canvas is transparent where the
 *  chart draws nothing, so 0 means the toggle hides nothing. */
function paintedUnderToggle(id: string): Promise<number> {
  // the DOM as far as used here (the test's TypeScript has no DOM types: this runs in the page)
  type Box = { left: number; top: number; width: number; height: number }
  type Canvas = { width: number; height: number; getBoundingClientRect(): Box; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } }
  type Element = { getBoundingClientRect(): Box; querySelector(selector: string): Element; querySelectorAll(selector: string): ArrayLike<Canvas> }
  return h.page.evaluate((id) => {
    const wrap = (globalThis as unknown as { document: Element }).document.querySelector(`[data-testid="${id}"] .echart-wrap`)
    const toggle = wrap.querySelector('.chart-table > summary').getBoundingClientRect()
    let painted = 0
    for (const canvas of Array.from(wrap.querySelectorAll('canvas'))) {
      const box = canvas.getBoundingClientRect()
      const sx = canvas.width / box.width
      const sy = canvas.height / box.height
      const x = Math.max(0, Math.floor((toggle.left - box.left) * sx))
      const y = Math.max(0, Math.floor((toggle.top - box.top) * sy))
      const w = Math.min(canvas.width - x, Math.ceil(toggle.width * sx))
      const hh = Math.min(canvas.height - y, Math.ceil(toggle.height * sy))
      if (w <= 0 || hh <= 0) continue
      const pixels = canvas.getContext('2d').getImageData(x, y, w, hh).data
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++
    }
    return painted
  }, id)
}
