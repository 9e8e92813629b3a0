// Issue 5's script editor in Chromium, as a user would use it: Monaco with the TypeScript service and the
// script API's declarations (completion, hover docs, squiggles), the last run's error as a marker, and the
// problems list under the editor. No console errors and no Content-Security-Policy violations on the way.
// Screenshots go to test-output/script-editor-*.png (look at them).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { STARTER_SCRIPT } from '../../src/shared/blank-project.js'
import { closeBrowser, launchHarness, screenshotDir, type Harness } from '../harness/harness.js'
import { replaceScript, shownScript } from '../harness/script-editor.js'

let h: Harness
/** Console errors and warnings of the page (CSP violations are reported there), and resources that failed. */
let consoleProblems: string[]
beforeEach(async () => {
  h = await launchHarness()
  consoleProblems = []
  h.page.on('console', (m) => {
    // a failed load is reported below with its address (Chromium's own request for /favicon.ico, which the test
    // server does not have, is reported only here, without one)
    if (/^Failed to load resource/.test(m.text())) return
    if (m.type() === 'error' || m.type() === 'warning' || /Content Security Policy/i.test(m.text())) consoleProblems.push(`${m.type()}: ${m.text()}`)
  })
  h.page.on('response', (r) => {
    if (r.status() >= 400) consoleProblems.push(`${r.status()}: ${r.url()}`)
  })
  h.page.on('requestfailed', (r) => consoleProblems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`))
  mkdirSync(screenshotDir, { recursive: true })
})
afterEach(async () => {
  await h.close()
})
afterAll(closeBrowser)

const byId = (id: string) => h.page.getByTestId(id)
const problems = () => h.page.locator('[data-testid="problems"] [data-testid="problem"]')
const problemAt = (source: 'TypeScript' | 'run', line: number) => h.page.locator(`[data-testid="problem"][data-source="${source}"][data-line="${line}"]`)
const shownText = () => shownScript(h.page)

/** The editor's line n (1-based; Monaco keeps the rendered lines in order). */
const viewLine = (n: number) => h.page.locator('[data-testid="script-editor"] .view-line').nth(n - 1)

/** Opens the data tab (where the app has one) and waits until Monaco is up. */
async function openEditor(): Promise<void> {
  if ((await byId('tab-data').count()) > 0) await byId('tab-data').click()
  await h.page.locator('[data-testid="script-editor"][data-ready="true"] .monaco-editor .view-lines').waitFor({ timeout: 30_000 })
}

const lines = (...l: string[]) => `${l.join('\n')}\n`

describe('the script editor', () => {
  it('marks type errors as the user types, runs the script and marks its errors, and lists them all', async () => {
    const { page } = h
    await openEditor()
    // the starter script is shown as the project has it
    await expect.poll(() => shownText()).toContain('export default function (h: ScriptHelpers): DataSet {')

    // a type error: h.rng.bit() becomes h.rng.bitt() on line 5 (the line ends in `bit())`: type after `bit`)
    expect(STARTER_SCRIPT.split('\n')[4]).toMatch(/h\.rng\.bit\(\)\)$/)
    await viewLine(5).click()
    await page.keyboard.press('End')
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft')
    await page.keyboard.type('t')
    await expect.poll(() => problemAt('TypeScript', 5).count(), { timeout: 30_000 }).toBe(1)
    const problem = problemAt('TypeScript', 5)
    expect(await problem.getAttribute('data-severity')).toBe('error')
    expect(await problem.textContent()).toMatch(/line 5, col \d+: Property 'bitt' does not exist on type 'ScriptRng'/)
    expect(await problem.textContent()).toContain('TypeScript')
    // the squiggle is drawn in the editor
    expect(await page.locator('[data-testid="script-editor"] .squiggly-error').count()).toBeGreaterThan(0)
    await byId('script-editor').screenshot({ path: join(screenshotDir, 'script-editor-error.png') })

    // clicking the problem puts the cursor on it, with the focus in the editor
    await viewLine(1).click()
    await problem.click()
    await expect.poll(() => page.locator('[data-testid="script-editor"] .line-numbers.active-line-number').innerText()).toBe('5')
    expect(await page.locator('[data-testid="script-editor"] .monaco-editor.focused').count()).toBe(1)

    // fixed (undo): the list empties
    await page.keyboard.press('Control+Z')
    await expect.poll(() => problems().count(), { timeout: 30_000 }).toBe(0)
    await expect.poll(() => byId('script-editor').innerText()).toContain('No problems.')

    // hover docs from the script API's declarations
    const range = await viewLine(5).locator('span', { hasText: /h\.range$/ }).boundingBox()
    await page.mouse.move(range!.x + range!.width - 8, range!.y + range!.height / 2)
    await expect.poll(() => page.locator('.monaco-hover:not(.hidden)').innerText(), { timeout: 15_000 }).toContain('range(n) is [0, 1, …, n−1]')
    await page.mouse.move(0, 0)

    // a runtime error on line 5: after the pause the script runs (running… shows meanwhile) and the error is marked
    await expect.poll(() => byId('script-status').textContent(), { timeout: 20_000 }).toBe('') // earlier runs are over
    await page.evaluate(`{
      const status = document.querySelector('[data-testid="script-status"]')
      window.sawRunning = false
      new MutationObserver(() => (window.sawRunning ||= status.textContent === 'running…')).observe(status, { childList: true, characterData: true, subtree: true })
    }`)
    const script = STARTER_SCRIPT.split('\n')
    script.splice(4, 0, "    throw new Error('boom')")
    await replaceScript(h.page, script.join('\n'))
    await expect.poll(() => page.evaluate('window.sawRunning'), { timeout: 15_000 }).toBe(true)
    await expect.poll(() => problemAt('run', 5).count(), { timeout: 20_000 }).toBe(1)
    expect(await problemAt('run', 5).textContent()).toMatch(/line 5, col \d+: .*boom/)
    expect(await problemAt('run', 5).getAttribute('data-severity')).toBe('error')
    expect(await byId('script-status').textContent()).toBe('')
    // TypeScript finds nothing wrong with the script (the unreachable code after the throw is a hint, not listed)
    expect(await page.locator('[data-testid="problem"][data-source="TypeScript"]').count()).toBe(0)
    await byId('script-editor').screenshot({ path: join(screenshotDir, 'script-editor-run-error.png') })

    // completion of the helpers, from the declarations
    await viewLine(5).click()
    await page.keyboard.press('End')
    await page.keyboard.press('Enter')
    await page.keyboard.type('h.rng.')
    await expect.poll(() => page.locator('.suggest-widget .monaco-list-row').allInnerTexts(), { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^normal/)]))
    // and drawn: the name sits inside its row (a page style for a class Monaco also uses can push it out of sight)
    const row = page.locator('.suggest-widget .monaco-list-row').first()
    const [rowBox, nameBox] = [await row.boundingBox(), await row.locator('.label-name').boundingBox()]
    expect(nameBox!.y).toBeGreaterThanOrEqual(rowBox!.y)
    expect(nameBox!.y + nameBox!.height).toBeLessThanOrEqual(rowBox!.y + rowBox!.height + 1)
    await byId('script-editor').screenshot({ path: join(screenshotDir, 'script-editor-completion.png') })
    await page.keyboard.press('Escape')

    // a result error has no line: listed all the same. The editor knows ES2023 but no DOM: `window` is marked
    // (the script never reaches it when it runs)
    await replaceScript(h.page, 
      lines(
        'export default function (h: ScriptHelpers): DataSet {',
        '  const last = [1, 2, 3].findLast((x) => x < 3)',
        '  if (h.seed < 0) console.log(window)',
        '  console.log(last)',
        '  return { inputSize: 1, outputSize: 1, train: [] }',
        '}',
      ),
    )
    await expect.poll(() => page.locator('[data-testid="problem"][data-source="run"][data-line=""]').count(), { timeout: 20_000 }).toBe(1)
    expect(await page.locator('[data-testid="problem"][data-source="run"]').textContent()).toContain('train: expected at least one sequence')
    const windowColumn = '  if (h.seed < 0) console.log(window)'.indexOf('window') + 1
    await expect
      .poll(() => page.locator('[data-testid="problem"][data-source="TypeScript"]').allInnerTexts(), { timeout: 20_000 })
      .toEqual([expect.stringContaining(`line 3, col ${windowColumn}: Cannot find name 'window'`)])
    // the run error marker of the earlier run is gone
    expect(await page.locator('[data-testid="problem"][data-source="run"][data-line="5"]').count()).toBe(0)
    await byId('script-editor').screenshot({ path: join(screenshotDir, 'script-editor-result-error.png') })

    expect(consoleProblems).toEqual([])
  })

  it('shows a new project’s script; imported data takes the editor away (disposed), a new script gets a working one', async () => {
    const { page } = h
    await openEditor()
    await replaceScript(h.page, lines('export default function (h: ScriptHelpers): DataSet {', '  return { inputSize: 1, outputSize: 1, train: [{ u: [[1]], z: [[h.rng.bit()]] }] }', '}'))
    await expect.poll(() => shownText()).toContain('train: [{ u: [[1]]')
    // a new project (discarding the edit): its starter script replaces the edited one in the editor
    h.dialogs.answer(true)
    await byId('new-project').click()
    await expect.poll(() => shownText()).toContain('const bits = h.range(10)')
    expect(await shownText()).not.toContain('train: [{ u: [[1]]')
    await expect.poll(() => problems().count()).toBe(0)

    // imported data has no script: the editor is unmounted, and nothing of Monaco's stays on the page
    const csv = join(h.stateDir, 'steps.csv')
    writeFileSync(csv, lines('sequence,u1,z1', '1,0,', '1,1,0', '2,1,', '2,0,1'))
    h.dialogs.answer(csv)
    await byId('import-data').click()
    await byId('import-accept').click()
    await expect.poll(() => byId('script-editor').count()).toBe(0)
    expect(await page.locator('.monaco-editor').count()).toBe(0)

    // a script again: a new editor on a new model (one left behind would make it fail: Monaco allows one model
    // per address), and the TypeScript service answers in it
    h.dialogs.answer(true)
    await byId('use-script').click()
    await openEditor()
    expect(await page.locator('.monaco-editor').count()).toBe(1)
    await expect.poll(() => shownText()).toContain('const bits = h.range(10)')
    await viewLine(5).click()
    await page.keyboard.press('End')
    await page.keyboard.type(' + 1')
    await expect.poll(() => problemAt('TypeScript', 5).count(), { timeout: 30_000 }).toBe(1)
    expect(await byId('script-editor').textContent()).not.toContain('could not be loaded')
    expect(consoleProblems).toEqual([])
  })
})
