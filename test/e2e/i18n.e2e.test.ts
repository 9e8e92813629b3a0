// End to end in Chromium: the window in Polish. The system's language picks it (the harness's systemLanguages,
// as main's app.getPreferredSystemLanguages()), View › Language switches it and the choice is saved in the
// user's settings; the menu speaks the window's language. Screenshots of the first screen and a trained
// project in Polish at 1280×800 and 1024×700 go to test-output/i18n-*.png (look at them: longer Polish
// labels must not overflow or clip).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { closeBrowser, launchHarness, screenshotDir, type Harness, waitFor } from '../harness/harness.js'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})
afterAll(closeBrowser)

const byId = (id: string) => h!.page.getByTestId(id)
const lang = () => h!.page.locator('html').getAttribute('lang')

/** The window at one size, as the user sees it (no taller viewport): test-output/<name>.png. */
async function shot(name: string, width: number, height: number): Promise<void> {
  await h!.page.setViewportSize({ width, height })
  await h!.page.waitForTimeout(300) // charts follow the resize
  await h!.page.screenshot({ path: join(screenshotDir, `${name}.png`) })
}

/** Elements whose text is cut off or runs out of them sideways (buttons, labels, tabs, headings). */
function overflowing(): Promise<string[]> {
  // as page script text: this file is typechecked without the DOM's types
  return h!.page.evaluate(`[...document.querySelectorAll('button, label, .tab, h1, h2, legend, select, .status')]
    .filter((e) => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
    .map((e) => e.tagName.toLowerCase() + (e.dataset.testid ? '[' + e.dataset.testid + ']' : '') + ': ' + (e.textContent || '').trim().slice(0, 40))`)
}

describe('the window in Polish', () => {
  it('follows a Polish system: the first screen and the menu are Polish, at 1280×800 and 1024×700', async () => {
    h = await launchHarness({ systemLanguages: ['pl-PL', 'en-US'] })
    await waitFor(async () => (await lang()) === 'pl')
    expect((await byId('train').textContent())?.trim()).toBe('Ucz')
    expect(await h.page.getByRole('tab', { name: 'Uczenie' }).count()).toBe(1)
    expect(await byId('project-title').inputValue()).toBe('Bez nazwy')
    await waitFor(() => h!.menu.items.some((m) => m.label === '&Plik'))
    expect(h.menuItem('Plik', 'Zapisz jako…').enabled).not.toBe(false)
    expect(h.menuItem('Widok', 'Język', 'Język systemu').checked).toBe(true)
    // the formulas keep the notes' symbols
    expect(await h.page.locator('.network-editor').textContent()).toContain('u = x⁽⁰⁾')
    await shot('i18n-pl-first-1280x800', 1280, 800)
    expect(await overflowing()).toEqual([])
    await shot('i18n-pl-first-1024x700', 1024, 700)
    expect(await overflowing()).toEqual([])
    expect(await h.page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true)

    // the Data tab: the preview's statistics, caption and heatmaps in Polish
    await byId('tab-data').click()
    await waitFor(async () => ((await byId('data-stats').textContent()) ?? '').includes('sekwencj'))
    expect(await byId('data-stats').textContent()).toMatch(/P = \d+ sekwencj/)
    expect(await byId('sequence-caption').textContent()).toMatch(/^T = \d+ krok(i|ów)?, z sygnałem nauczyciela: \d+$/)
    await h.page.setViewportSize({ width: 1024, height: 700 })
    await byId('preview-body').scrollIntoViewIfNeeded()
    await shot('i18n-pl-data-1024x700', 1024, 700)
    expect(await overflowing()).toEqual([])
  })

  it('switches with View › Language, keeps the choice, and shows a trained project in Polish', async () => {
    h = await launchHarness()
    await waitFor(async () => (await lang()) === 'en')
    expect((await byId('train').textContent())?.trim()).toBe('Train')
    await h.clickMenu('View', 'Language', 'Polski')
    await waitFor(async () => (await lang()) === 'pl')
    expect((await byId('train').textContent())?.trim()).toBe('Ucz')
    await waitFor(() => h!.menu.items.some((m) => m.label === '&Widok'))
    expect(h.menuItem('Widok', 'Język', 'Polski').checked).toBe(true)
    expect(JSON.parse(readFileSync(join(h.stateDir, 'settings.json'), 'utf8'))).toEqual({ language: 'pl' })

    await byId('train').click()
    await waitFor(async () => (await byId('status').getAttribute('data-status')) === 'completed', 60_000)
    expect(await byId('status').textContent()).toMatch(/^Zakończone · epoka 200 · błąd /)
    await shot('i18n-pl-trained-1280x800', 1280, 800)
    expect(await overflowing()).toEqual([])
    await shot('i18n-pl-trained-1024x700', 1024, 700)
    expect(await overflowing()).toEqual([])
    await h.screenshot('i18n-pl-trained-full')

    // and back: the system's language (English here)
    await h.clickMenu('Widok', 'Język', 'Język systemu')
    await waitFor(async () => (await lang()) === 'en')
    expect(await byId('status').textContent()).toMatch(/^Finished · epoch 200 · loss /)
  })

  it('the Lab tab in Polish: the formulas in the notes\' terms, a step inspected and the gradient checked, at 1280×800', async () => {
    h = await launchHarness({ systemLanguages: ['pl-PL'] })
    await waitFor(async () => (await lang()) === 'pl')
    await byId('open-examples').click()
    await byId('example-lecture-minimal').click()
    await waitFor(async () => (await byId('examples-gallery').count()) === 0)
    expect((await byId('tab-lab').textContent())?.trim()).toBe('Laboratorium')
    await byId('tab-lab').click()
    await byId('lab-formulas').waitFor()
    expect(await h.page.locator('#lab-formulas-title').textContent()).toBe('Wzory z wykładu dla Twojej sieci')
    expect(await byId('lab-formulas-mode').textContent()).toContain('wykładowy (reguła z notatek, k = 1)')
    expect((await byId('lab-formula-usage-grad-1a').textContent())?.trim()).toBe('Twój projekt tego używa')
    expect(await h.page.locator('.katex-error').count()).toBe(0)
    await byId('lab-step-run').click()
    await waitFor(async () => ((await byId('lab-step-status').textContent()) ?? '').startsWith('Sekwencja p = 0, krok t = 0 z 0 do 5'), 60_000)
    await byId('lab-gradcheck-run').click()
    await waitFor(async () => ((await byId('lab-gradcheck-status').textContent()) ?? '').includes('przechodzi'), 120_000)
    expect(await byId('lab-gradcheck-status').textContent()).toContain('Każda metoda przechodzi.')
    expect(await byId('lab-gradcheck-exact').locator('thead th').allTextContents()).toEqual(['macierz', 'błąd względny', 'największy błąd bezwzględny', 'najgorszy element', 'sprawdzone elementy', 'wynik'])
    await byId('lab-step').evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await shot('i18n-pl-lab-1280x800', 1280, 800)
    expect(await overflowing()).toEqual([])
    await byId('lab-gradcheck').evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await shot('i18n-pl-lab-gradcheck-1280x800', 1280, 800)
    expect(await overflowing()).toEqual([])
  })
})
