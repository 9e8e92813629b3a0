// End to end in Chromium: keyboard and assistive-technology use of the window. axe-core (through
// @axe-core/playwright) checks six states a newcomer sees: the first screen, a trained project, the Data tab, the
// Experiments tab with that run's record, the Lab tab with its results and the Export dialog; none may have a critical or serious violation. Screenshots: test-output/a11y-*.png (look).
import AxeBuilder from '@axe-core/playwright'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeBrowser, launchHarness, type Harness, waitFor } from '../harness/harness.js'

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

/** The critical and serious violations axe finds on the page as it is, one line each (rule, impact, nodes). */
async function seriousViolations(): Promise<string[]> {
  const result = await new AxeBuilder({ page: h.page }).analyze()
  if (process.env.AXE_LIST) console.log(result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ') + ' ' + n.failureSummary).join(' | ')}`).join('\n'))
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

async function trainFor(epochs: number): Promise<void> {
  await byId('epochs').fill(String(epochs))
  await byId('train').click()
  await waitFor(async () => (await byId('status').getAttribute('data-status')) === 'completed')
}

describe('axe-core finds no critical or serious violation', () => {
  it('on the first screen, a trained project, the Data tab, the Experiments tab, the Lab tab and the Export dialog', async () => {
    await waitFor(async () => (await byId('status').textContent())?.startsWith('Ready') ?? false)
    await h.screenshot('a11y-first-screen')
    expect(await seriousViolations(), 'first screen').toEqual([])
    // the diagram's layer buttons are named with the text they show (what a speech-input user would say)
    const layer = byId('diagram-layer-1')
    for (const shown of ['diagram-symbol-1', 'diagram-count-1']) expect(await layer.getAttribute('aria-label')).toContain(await byId(shown).textContent())
    expect(await h.page.locator('h1').allTextContents()).toEqual(['RNN Workbench'])

    await trainFor(30)
    // every chart on the Training tab has a text alternative: a summary as its name, and its data as a table
    const canvases = h.page.getByTestId('chart-canvas')
    expect(await canvases.count()).toBeGreaterThanOrEqual(5)
    for (const label of await canvases.evaluateAll((all) => all.map((c) => c.getAttribute('aria-label') ?? ''))) expect(label).toMatch(/^Chart.*\. .+: \d+ (points|cells)/)
    const loss = byId('loss-chart')
    expect(await loss.getByTestId('chart-canvas').getAttribute('aria-label')).toMatch(/^Chart of E \(sse\) by epoch\. .*: 30 points, epoch 1 to 30, /)
    await loss.getByText('Table', { exact: true }).click()
    expect(await loss.locator('tbody tr').count()).toBe(30)
    expect(await loss.locator('thead th').allTextContents()).toEqual(['epoch', 'E (sse)'])
    // the status line's changes are announced once each; the visible line is not a live region
    expect(await byId('status-announcement').textContent()).toMatch(/^Finished · epoch 30 · loss /)
    await h.screenshot('a11y-trained')
    expect(await seriousViolations(), 'trained project').toEqual([])

    await byId('tab-data').click()
    await h.screenshot('a11y-data-tab')
    expect(await seriousViolations(), 'Data tab').toEqual([])

    // the Experiments tab: the sweep form, the trained run's record in the table, its charts
    await byId('tab-experiments').click()
    await byId('run-row-r1').waitFor()
    await h.page.locator('[data-testid="runs-overlay"] canvas').waitFor()
    await h.screenshot('a11y-experiments-tab')
    expect(await seriousViolations(), 'Experiments tab').toEqual([])

    // the Lab with the formulas, an inspected step, a gradient check and the mode comparison shown
    await byId('tab-lab').click()
    await byId('lab-formulas').waitFor()
    await byId('lab-step-run').click()
    await byId('lab-gradcheck-run').click()
    await byId('lab-compare-run').click()
    await waitFor(async () => (await byId('lab-step-status').textContent())?.startsWith('Sequence') ?? false, 60_000)
    await waitFor(async () => (await byId('lab-gradcheck-status').textContent())?.includes('passes') ?? false, 120_000)
    await waitFor(async () => (await byId('lab-compare-status').textContent())?.startsWith('Compared') ?? false, 120_000)
    await h.screenshot('a11y-lab-tab')
    expect(await seriousViolations(), 'Lab tab').toEqual([])

    await byId('tab-training').click()
    await byId('export-weights').click()
    await waitFor(() => present('export-dialog'))
    await h.screenshot('a11y-export-dialog')
    expect(await seriousViolations(), 'Export dialog').toEqual([])
  }, 240_000) // six states, the Lab computing on the host: longer than the default on a busy machine
})

/** The data-testid of the focused element ('BODY' when the focus fell to the page). */
// page code as text: the tests are compiled without the DOM's types
const focused = () => h.page.evaluate<string>(`document.activeElement?.dataset.testid ?? document.activeElement?.tagName ?? 'none'`)
const statusIs = async (s: string) => (await byId('status').getAttribute('data-status')) === s

describe('the run controls by keyboard', () => {
  it('keep the focus after Train, Pause, Resume, Step and Stop, and show the menu\'s keys in their tooltips', async () => {
    const { page } = h
    // tooltips name the Training menu's accelerators (the same keys the menu registers)
    for (const [id, label] of [['train', 'Train'], ['pause', 'Pause'], ['step', 'Step'], ['stop', 'Stop']] as const) {
      const key = h.menuItem('Training', label).accelerator!
      expect(await byId(id).getAttribute('title')).toContain(`(${key})`)
      expect(await byId(id).getAttribute('aria-keyshortcuts')).toBe(key)
    }
    expect(await byId('resume').getAttribute('aria-keyshortcuts')).toBe(h.menuItem('Training', 'Pause').accelerator)

    await byId('epochs').fill('1000000')
    await byId('train').focus()
    await page.keyboard.press('Enter')
    await waitFor(() => statusIs('running'))
    await waitFor(async () => (await focused()) === 'pause').catch(async () => { throw new Error(`focus on ${await focused()} ${await byId('status').getAttribute('data-status')}`) })
    await page.keyboard.press('Enter') // Pause
    await waitFor(() => statusIs('paused'))
    await waitFor(async () => (await focused()) === 'resume')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('step')
    const epoch = Number(await byId('status').getAttribute('data-epoch'))
    await page.keyboard.press('Space') // Step
    await waitFor(async () => Number(await byId('status').getAttribute('data-epoch')) === epoch + 1 && (await statusIs('paused')))
    await waitFor(async () => ['step', 'resume'].includes(await focused()))
    // the menu (as its accelerator F6 would) resumes; the focus stays in the controls
    await h.clickMenu('Training', 'Resume')
    await waitFor(() => statusIs('running'))
    await waitFor(async () => (await focused()) === 'pause')
    await h.screenshot('a11y-focus-running')
    await page.keyboard.press('Tab') // Pause › (Resume, Step disabled) › Stop
    expect(await focused()).toBe('stop')
    await page.keyboard.press('Enter')
    await waitFor(() => statusIs('stopped'))
    await waitFor(async () => (await focused()) === 'train')
  })
})

describe('the data script editor by keyboard', () => {
  it("says next to the editor that Monaco's Ctrl+M lets Tab leave it, and Ctrl+M does", async () => {
    const { page } = h
    await byId('tab-data').click()
    await page.locator('[data-testid="script-editor"][data-ready="true"] .monaco-editor .view-lines').waitFor({ timeout: 30_000 })
    expect(await byId('editor-tab-hint').isVisible()).toBe(true)
    expect(await byId('editor-tab-hint').textContent()).toContain('Ctrl+M')
    const inEditor = () => page.evaluate<boolean>(`!!document.activeElement?.closest('.monaco-editor')`)
    await page.locator('[data-testid="script-editor"] .view-line').first().click()
    await page.keyboard.press('Tab') // indents: the focus stays
    expect(await inEditor()).toBe(true)
    await page.keyboard.press('Control+m')
    await page.keyboard.press('Tab')
    expect(await inEditor()).toBe(false)
    await h.screenshot('a11y-editor-hint')
  })
})
