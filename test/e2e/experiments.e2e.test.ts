// End to end in Chromium: the Experiments tab against the real host (SweepService's trainer processes). On the
// lecture's minimal example: a sweep of c over 3 values × 2 seeds, its 6 records in the runs table, sorted by the
// final E, the best one used, the project saved and reopened with its runs; then a Train run recorded too. Screenshots at 1280×800 go to test-output/ (look at them).
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseProject } from '../../src/shared/project-file.js'
import { closeBrowser, launchHarness, screenshotDir, type Harness, waitFor } from '../harness/harness.js'

let h: Harness
let dir: string
beforeEach(async () => {
  h = await launchHarness()
  await h.page.setViewportSize({ width: 1280, height: 800 })
  dir = join(h.stateDir, 'projects')
  mkdirSync(dir, { recursive: true })
  mkdirSync(screenshotDir, { recursive: true })
})
afterEach(async () => {
  await h.close()
})
afterAll(closeBrowser)

const byId = (id: string) => h.page.getByTestId(id)
const unsaved = async () => (await byId('unsaved-mark').count()) > 0
const rows = () => h.page.locator('[data-testid^="run-row-"]')
const rowIds = async () => (await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')!.slice('run-row-'.length))))
const shot = (name: string) => h.page.screenshot({ path: join(screenshotDir, `experiments-${name}.png`) })

async function openExample(id: string): Promise<void> {
  await byId('open-examples').click()
  await byId(`example-${id}`).click()
  await waitFor(async () => (await byId('examples-gallery').count()) === 0)
}

describe('the Experiments tab', () => {
  it('sweeps c over 3 values × 2 seeds, compares, uses the best run, and keeps the runs through save and reopen', async () => {
    const { page } = h
    await openExample('lecture-minimal')
    await byId('tab-experiments').click()
    await byId('runs-table').waitFor()
    expect(await rows().count()).toBe(0)

    await byId('sweep-param-0-list').fill('0.5, 2, 8')
    await byId('sweep-seeds').fill('2')
    await byId('sweep-epochs').fill('8')
    await waitFor(async () => (await byId('sweep-summary').textContent()) === '6 runs')
    await byId('sweep-seeds').fill('0')
    await byId('sweep-error-seeds').waitFor() // a bad field says so where it is
    await shot('01-form-error')
    expect(await byId('sweep-start').isDisabled()).toBe(true)
    await byId('sweep-seeds').fill('2')
    await waitFor(async () => (await byId('sweep-error-seeds').count()) === 0)

    await byId('sweep-start').click()
    await byId('sweep-progress').waitFor()
    await waitFor(async () => (await byId('sweep-progress').getAttribute('data-status')) === 'finished', 40_000)
    await waitFor(async () => (await rows().count()) === 6)
    expect(await page.locator('[data-testid^="sweep-run-"][data-status="completed"]').count()).toBe(6)
    expect(await unsaved()).toBe(true) // the records belong to the project, not saved yet
    expect(await byId('runs-count').textContent()).toBe('6 runs kept')
    await shot('02-swept')

    // sorted by the final E, lowest first: the best on top
    await byId('sort-finalLoss').click()
    const ids = await rowIds()
    const finals = await Promise.all(ids.map(async (id) => Number(await byId(`run-finalLoss-${id}`).textContent())))
    expect(finals).toEqual([...finals].sort((a, b) => a - b))
    const best = ids[0]

    await byId('runs-charts').scrollIntoViewIfNeeded()
    await page.locator('[data-testid="runs-scatter"] canvas').waitFor()
    await page.waitForTimeout(300) // the charts draw in a task of their own
    await shot('03-compare')

    await byId(`run-use-${best}`).click()
    await byId('runs-notice').waitFor()
    expect(await byId('runs-notice').textContent()).toBe(`The project now has the settings and the final weights of ${best}.`)
    expect(await byId('field-training.learningRate').inputValue()).toBe(await byId(`run-row-${best}`).locator('td').nth(1).textContent())
    await byId('runs-table').scrollIntoViewIfNeeded()
    await shot('04-best-used')

    const path = join(dir, 'swept.rnn.json')
    h.dialogs.answer(path)
    await byId('save-as-project').click()
    await waitFor(async () => existsSync(path) && !(await unsaved()))
    const saved = parseProject(readFileSync(path, 'utf8'))
    expect(saved.runs).toHaveLength(6)
    const used = saved.runs!.find((r) => r.id === best)!
    expect(saved.training.learningRate).toBe(used.training.learningRate)
    expect(saved.training.seed).toBe(used.seed)
    expect(saved.weights?.epoch).toBe(8)
    expect(new Set(saved.runs!.map((r) => `${r.training.learningRate}/${r.seed}`)).size).toBe(6)

    // reopen: the runs are back
    await byId('new-project').click()
    await waitFor(async () => (await rows().count()) === 0)
    h.dialogs.answer(path)
    await byId('open-project').click()
    await waitFor(async () => (await byId('project-path').textContent()) === 'swept.rnn.json')
    await waitFor(async () => (await rows().count()) === 6)
    expect(await unsaved()).toBe(false)
    expect(await byId('sweep-progress').count()).toBe(0) // the sweep of the project before is not shown
    await shot('05-reopened')

    // a Train run is recorded as well
    await byId('tab-training').click()
    await byId('epochs').fill('3')
    await byId('train').click()
    await waitFor(async () => (await byId('status').getAttribute('data-status')) === 'completed')
    await byId('tab-experiments').click()
    await waitFor(async () => (await rows().count()) === 7)
    // it continued the used run's weights: recorded from epoch 8, and not repeatable from its record
    expect(await byId('run-epochs-r7').textContent()).toBe('3')
    expect(await byId('run-repeat-r7').isDisabled()).toBe(true)

    await byId('runs-table').scrollIntoViewIfNeeded()
    await shot('06-train-run-recorded')
  }, 120_000)
})
