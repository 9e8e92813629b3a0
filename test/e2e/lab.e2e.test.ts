// End to end in Chromium: the Lab tab on the lecture-minimal example, against the real host (lab:step). One walk,
// with one harness: the formulas with the example's sizes (m = 2, n_1 = 4, ℓ = 1) and their links to the editor,
// and the step inspector stepping t with the keyboard. The gradient check, the mode comparison and the race are
// walked through (and checked) by test/e2e/tutorial.e2e.test.ts on the same example, so they run once.
// Screenshots: test-output/lab-*.png (look at them).
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
const text = async (id: string) => (await byId(id).textContent()) ?? ''
const present = async (id: string) => (await byId(id).count()) > 0

/** Scrolls the section to the top of the window's column, then takes the picture. */
async function shoot(section: string, name: string): Promise<void> {
  await byId(section).evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await h.screenshot(name)
}

describe('the Lab tab', () => {
  it('shows the lecture-minimal formulas with their links and inspects steps with the keyboard', async () => {
    const { page } = h
    await byId('open-examples').click()
    await byId('example-lecture-minimal').click()
    await waitFor(async () => (await byId('examples-gallery').count()) === 0)
    await waitFor(async () => (await text('status')).startsWith('Ready'))

    // ---- formulas with the example's sizes ----
    await byId('tab-lab').click()
    await byId('lab-formulas').waitFor()
    const forward = byId('lab-formula-yours-forward')
    expect(await forward.locator('[data-sym="m"]').first().textContent()).toBe('2')
    expect(await forward.locator('[data-sym="n1"]').first().textContent()).toBe('4')
    expect(await forward.locator('[data-sym="l"]').first().textContent()).toBe('1')
    // E sums over the script's 8 sequences of 6 steps (t = 0..5), once the data script has run
    await waitFor(async () => (await byId('lab-formula-yours-error').locator('.katex-mathml').textContent())?.includes('8') ?? false)
    expect(await text('lab-formulas-mode')).toContain("lecture (the notes' rule, k = 1)")
    expect(await text('lab-formula-usage-grad-1a')).toBe('Your project uses this')
    expect(await page.locator('.katex-error').count()).toBe(0)
    // MathML for screen readers beside the HTML
    expect(await forward.locator('math').count()).toBe(2)
    // KaTeX's own fonts are loaded from the bundle (no network): the math font is in use
    // (page code as text: the tests are compiled without the DOM's types)
    await waitFor(async () => (await page.evaluate<number>(`[...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'KaTeX_Math' && f.status === 'loaded').length`)) > 0)
    expect(await page.evaluate<number>(`[...document.fonts].filter((f) => f.family.replace(/"/g, '').startsWith('KaTeX') && f.status === 'loaded').length`)).toBeGreaterThan(2)
    // a symbol points at its field: hover marks it, click focuses it
    await forward.locator('[data-sym="n1"]').first().hover()
    expect(await byId('field-network.hidden[0].units').evaluate((el) => el.closest('.field')!.classList.contains('lab-linked'))).toBe(true)
    await page.mouse.move(0, 0)
    expect(await page.locator('.lab-linked').count()).toBe(0)
    // the legend's button does the same from the keyboard (and keeps the mark for the picture)
    await byId('lab-symbol-forward-n1').focus()
    expect(await byId('field-network.hidden[0].units').evaluate((el) => el.closest('.field')!.classList.contains('lab-linked'))).toBe(true)
    await shoot('lab-formulas', 'lab-formulas')
    await forward.locator('[data-sym="n1"]').first().click()
    expect(await page.evaluate<string>(`document.activeElement?.dataset.testid ?? 'none'`)).toBe('field-network.hidden[0].units')

    // ---- step inspector: t with the keyboard ----
    await byId('lab-step-run').click()
    await waitFor(async () => (await text('lab-step-status')).startsWith('Sequence p = 0, step t = 0 of 0 to 5'), 60_000)
    expect(await byId('lab-step-vectors').locator('tbody tr').count()).toBe(4)
    await byId('lab-step-t').focus()
    await page.keyboard.press('ArrowRight')
    await waitFor(async () => (await text('lab-step-status')).includes('step t = 1 of'), 60_000)
    await page.keyboard.press('ArrowRight')
    await waitFor(async () => (await text('lab-step-status')).includes('step t = 2 of'), 60_000)
    expect(await byId('lab-step-t').inputValue()).toBe('2')
    for (const m of ['W0', 'V1']) expect(await present(`lab-step-contribution-${m}`)).toBe(true)
    // a target at t = 2 (none at t = 0): the step's own error is shown
    expect(await text('lab-step-facts')).toContain('z_t = [')
    await shoot('lab-step', 'lab-step')
  }, 600_000)
})
