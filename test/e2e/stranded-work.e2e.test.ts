// End to end in Chromium: no stranded or silently lost work. A divergence offers "Reset weights and train
// again"; a layer-size change after training sets the weights aside with Undo and clears the old status line;
// "Fix the marked settings" always points at a marked field, listed under Train; a script error has one
// column in the problems list and the editor. Screenshots go to test-output/ (look at them).
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { closeBrowser, launchHarness, screenshotDir, type Harness, waitFor } from '../harness/harness.js'
import { replaceScript } from '../harness/script-editor.js'

let h: Harness
beforeEach(async () => {
  h = await launchHarness()
})
afterEach(async () => {
  await h.close()
})
afterAll(closeBrowser)

const byId = (id: string) => h.page.locator(`[data-testid="${id}"]`)
const runStatus = () => byId('status').getAttribute('data-status')
const field = (path: string) => byId(`field-${path}`)

describe('no stranded or silently lost work', () => {
  it('after a divergence, Reset weights and train again trains from fresh weights with the lowered rate', async () => {
    await field('training.learningRate').fill('1e308') // Adam's steps are about c: the weights overflow at once
    await byId('train').click()
    await waitFor(async () => (await runStatus()) === 'failed')
    await expect.poll(() => byId('failure').textContent()).toMatch(/became (-?Infinity|NaN) at epoch \d+.*Train alone would continue from the weights this run ended with, which led to the blow-up/)
    await h.screenshot('i18-diverged')
    await field('training.learningRate').fill('0.05')
    await byId('reset-and-train').click()
    await waitFor(async () => (await runStatus()) === 'completed')
    expect(await byId('failure').count()).toBe(0)
    const runs = h.training.list()
    expect(runs).toHaveLength(2)
    expect(runs[1].status).toBe('completed')
    expect(runs[1].epoch).toBe(200) // from epoch 0: fresh weights, not the blown-up ones
    await h.screenshot('i18-reset-and-trained')
  })

  it('a layer-size change after training sets the weights aside with Undo, and the old status line goes', async () => {
    await byId('train').click()
    await waitFor(async () => (await runStatus()) === 'completed')
    await expect.poll(() => byId('status').textContent()).toMatch(/^Finished · epoch 200/)
    await field('network.hidden[0].units').fill('6')
    await expect.poll(() => byId('weights-set-aside').textContent()).toContain('The weights trained for 200 epochs no longer fit the network and were put aside')
    expect(await byId('status').textContent()).toBe('Ready to train.')
    await h.screenshot('i18-weights-set-aside')
    await byId('undo-set-aside').click()
    await expect.poll(() => field('network.hidden[0].units').inputValue()).toBe('4')
    expect(await byId('weights-set-aside').count()).toBe(0)
    // the weights are back: training continues from epoch 200
    await byId('epochs').fill('10')
    await byId('train').click()
    await waitFor(async () => (await runStatus()) === 'completed')
    expect(await byId('status').textContent()).toMatch(/^Finished · epoch 210/)
  })

  it('units over the parameter cap: the field is marked, and the list under Train names it and leads to it', async () => {
    const { page } = h
    await field('network.hidden[0].units').fill('5000')
    await expect.poll(() => field('network.hidden[0].units').getAttribute('aria-invalid')).toBe('true')
    expect(await byId('error-network.hidden[0].units').textContent()).toContain('too large: the network would have 25,015,001 parameters')
    expect(await byId('status').textContent()).toBe('Fix the marked settings to train:')
    expect(await byId('train').getAttribute('title')).toBe('Train is disabled: 1 problem to fix, listed under the status line')
    expect(await byId('train-problem').allTextContents()).toEqual([expect.stringMatching(/^Layer 1 units: too large/)])
    await page.locator('[data-testid="train-problem"] button').click()
    expect(await page.evaluate('document.activeElement.id')).toBe('ne-network.hidden[0].units')
    await h.screenshot('i18-parameter-cap')
  })

  it("a runtime error in a line with types: the problems list and the editor's marker have the script's column", async () => {
    const { page } = h
    await byId('tab-data').click()
    const line = '  const n: number = 2, s: string = "x", v = (null as unknown as { u: number[] }).u.length'
    await replaceScript(page, ['export default function (h: ScriptHelpers): DataSet {', line, '  return { inputSize: 1, outputSize: 1, train: [] }', '}'].join('\n'))
    const problem = page.locator('[data-testid="problem"][data-source="run"][data-line="2"]')
    await expect.poll(() => problem.count(), { timeout: 20_000 }).toBe(1)
    // at the "." of ".u" (where QuickJS places a property read), counted in the script as typed: the types
    // stripped before it ran would move it 46 columns left
    const column = line.indexOf(').u') + 2
    expect(await problem.getAttribute('data-column')).toBe(String(column))
    expect(await problem.textContent()).toContain(`line 2, col ${column}:`)
    // the editor marks the same place: its squiggle starts under that column
    const charWidth = await page.evaluate(`(() => {
      const lines = [...document.querySelectorAll('[data-testid="script-editor"] .view-line')]
      const text = lines.find((l) => l.textContent.includes('unknown'))
      return text.firstElementChild.getBoundingClientRect().width / text.textContent.length // the line's text
    })()`)
    const squiggle = page.locator('[data-testid="script-editor"] .squiggly-error').first()
    await expect.poll(() => squiggle.count()).toBeGreaterThan(0)
    const left = await page.evaluate(`(() => {
      const s = document.querySelector('[data-testid="script-editor"] .squiggly-error').getBoundingClientRect().left
      const lines = [...document.querySelectorAll('[data-testid="script-editor"] .view-line')]
      return s - lines.find((l) => l.textContent.includes('unknown')).getBoundingClientRect().left
    })()`)
    expect(Math.round((left as number) / (charWidth as number)) + 1).toBe(column)
    await byId('script-editor').screenshot({ path: join(screenshotDir, 'i18-script-column.png') })
  })
})
