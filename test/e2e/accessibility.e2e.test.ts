// End to end in Chromium: keyboard and assistive-technology use of the window. axe-core (through
// @axe-core/playwright) checks four states a newcomer sees: the first screen, a trained project, the Data tab and
// the Export dialog; none may have a critical or serious violation. Screenshots: test-output/a11y-*.png (look).
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
  it('on the first screen, a trained project, the Data tab and the Export dialog', async () => {
    await waitFor(async () => (await byId('status').textContent())?.startsWith('Ready') ?? false)
    await h.screenshot('a11y-first-screen')
    expect(await seriousViolations(), 'first screen').toEqual([])
    // the diagram's layer buttons are named with the text they show (what a speech-input user would say)
    const layer = byId('diagram-layer-1')
    for (const shown of ['diagram-symbol-1', 'diagram-count-1']) expect(await layer.getAttribute('aria-label')).toContain(await byId(shown).textContent())
    expect(await h.page.locator('h1').allTextContents()).toEqual(['RNN Workbench'])

    await trainFor(30)
    await h.screenshot('a11y-trained')
    expect(await seriousViolations(), 'trained project').toEqual([])

    await byId('tab-data').click()
    await h.screenshot('a11y-data-tab')
    expect(await seriousViolations(), 'Data tab').toEqual([])

    await byId('tab-training').click()
    await byId('export-weights').click()
    await waitFor(() => present('export-dialog'))
    await h.screenshot('a11y-export-dialog')
    expect(await seriousViolations(), 'Export dialog').toEqual([])
  })
})
