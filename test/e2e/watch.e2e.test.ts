// End to end in Chromium: training a newcomer can watch. While a run goes, the loss and the output-vs-teacher
// chart are in view next to the run controls at 1280×800 and at 1024×700 (before, the loss chart was below
// the fold). Screenshots of the window as it is: test-output/watch-*.png (look at them).
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeBrowser, launchHarness, screenshotDir, type Harness, waitFor } from '../harness/harness.js'

let h: Harness
beforeEach(async () => {
  h = await launchHarness()
})
afterEach(async () => {
  await h.close()
})
afterAll(closeBrowser)

const byId = (id: string) => h.page.getByTestId(id)
const epochShown = async () => Number(await byId('status').getAttribute('data-epoch'))

/** Whether the element is wholly inside the window (not scrolled away, not cut off). */
async function inView(id: string, width: number, height: number): Promise<boolean> {
  const box = await byId(id).boundingBox()
  return box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height
}

describe('training you can watch', () => {
  for (const [width, height] of [
    [1280, 800],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height} the loss and the outputs against the teacher stay in view while the run goes`, async () => {
      const { page } = h
      await page.setViewportSize({ width, height })
      await byId('epochs').fill('1000000')
      await byId('train').click()
      await waitFor(async () => (await epochShown()) >= 20)
      await expect.poll(() => page.locator('[data-testid="loss-chart"] canvas').count()).toBeGreaterThan(0)
      await expect.poll(() => page.locator('[data-testid="output-chart"] canvas').count()).toBeGreaterThan(0)
      for (const id of ['train', 'pause', 'status', 'loss-chart', 'output-chart']) expect({ id, inView: await inView(id, width, height) }).toEqual({ id, inView: true })
      await page.screenshot({ path: join(screenshotDir, `watch-training-${width}x${height}.png`) })
      await byId('stop').click()
      await waitFor(async () => (await byId('status').getAttribute('data-status')) === 'stopped')
    })
  }
})

describe('orientation', () => {
  for (const [width, height] of [
    [1280, 800],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height} a blank window says what the starter network learns and offers a start`, async () => {
      const { page } = h
      await page.setViewportSize({ width, height })
      await waitFor(async () => (await byId('start-card').count()) === 1)
      expect(await byId('project-task').inputValue()).toBe('Output the input bit of the previous step.')
      expect(await byId('start-card').textContent()).toContain('It learns: Output the input bit of the previous step.')
      for (const id of ['start-card', 'start-train', 'start-examples', 'project-task']) expect({ id, inView: await inView(id, width, height) }).toEqual({ id, inView: true })
      await page.screenshot({ path: join(screenshotDir, `watch-start-card-${width}x${height}.png`) })
    })
  }

  it('"Try an example" opens the gallery; the example’s task and its own epochs show, and the task is editable', async () => {
    const { page } = h
    await byId('epochs').fill('5000') // typed for the blank project: must not leak into the example
    h.dialogs.answer(true) // the blank project's epochs changed: discard that change
    await byId('start-examples').click()
    await byId('example-sine').click()
    await waitFor(async () => (await byId('examples-gallery').count()) === 0)
    expect(await byId('start-card').count()).toBe(0)
    expect(await byId('project-task').inputValue()).toMatch(/^Predict the next value of a sine wave/)
    expect(await byId('epochs').inputValue()).toBe('300')
    expect(await page.getByTestId('field-training.epochs').inputValue()).toBe('300')
    await byId('project-task').fill('Predict a sine wave one step ahead.')
    await expect.poll(() => page.title()).toMatch(/^• /) // an edit of the project, to be saved
    await byId('train').click()
    await waitFor(async () => (await byId('status').getAttribute('data-status')) === 'completed')
    expect(await epochShown()).toBe(300)
    await page.screenshot({ path: join(screenshotDir, 'watch-example-task.png') })
  })

  it('"Train the starter network" trains it at once, and the card makes way', async () => {
    await waitFor(async () => (await byId('start-train').isEnabled()) === true)
    await byId('start-train').click()
    await waitFor(async () => (await byId('status').getAttribute('data-status')) === 'completed')
    expect(await epochShown()).toBe(200)
    expect(await byId('start-card').count()).toBe(0)
  })

  it('course labels have plain-words tooltips', async () => {
    const { page } = h
    expect(await byId('lecture-preset').getAttribute('title')).toMatch(/^Set the network up as in the course this app follows: every unit squashes to 0…1 \(sigmoid\), no bias terms/)
    const lossTitle = await page.locator('.field', { has: page.getByTestId('field-training.loss') }).getAttribute('title')
    expect(lossTitle).toMatch(/^How wrong the network is, the number training lowers\. sse: half the sum of the squared differences between output and teacher signal/)
  })
})

describe('try your own input', () => {
  /** The rows of the outputs table: [t, u, y, (z)] as text. */
  const table = async () => (await h.page.locator('[data-testid="try-outputs"] tbody tr').allInnerTexts()).map((r) => r.split('\t'))

  it('after training, a training sequence picked and edited, and a typed one, give the outputs step by step', async () => {
    const { page } = h
    await page.setViewportSize({ width: 1280, height: 800 })
    expect(await byId('try-untrained').textContent()).toMatch(/^Train the network first/)
    await waitFor(async () => (await byId('start-train').isEnabled()) === true)
    await byId('start-train').click() // the starter network: output the input bit of the previous step
    await waitFor(async () => (await byId('status').getAttribute('data-status')) === 'completed')

    // pick training sequence 0: its inputs to edit, its teacher signal beside the outputs
    await byId('try-fill').click()
    const picked = await byId('try-inputs').inputValue()
    expect(picked).toMatch(/^[01](\n[01])+$/)
    await byId('try-run').click()
    await waitFor(async () => (await byId('try-outputs').count()) === 1 && (await byId('try-run').isEnabled()))
    expect(await page.locator('[data-testid="try-outputs"] th').allInnerTexts()).toEqual(['step t', 'input u', 'output y', 'teacher z'])
    const rows = await table()
    expect(rows.map((r) => r[1])).toEqual(picked.split('\n')) // the inputs as typed, one row per step
    // trained: every output after the first is on the teacher's side of ½
    for (const [t, , y, z] of rows.slice(1)) expect({ t, right: Math.abs(Number(y) - Number(z)) < 0.5 }).toEqual({ t, right: true })

    // edit it: the table says it shows the old text's outputs until Run
    await byId('try-inputs').fill(picked.split('\n').slice(0, 4).map((u) => String(1 - Number(u))).join('\n'))
    expect(await byId('try-outputs').getAttribute('data-stale')).toBe('true')
    expect(await byId('try-caption').textContent()).toMatch(/the text has changed since/)
    await byId('try-run').click()
    await waitFor(async () => (await byId('try-outputs').getAttribute('data-stale')) === 'false' && (await byId('try-run').isEnabled()))
    expect(await page.locator('[data-testid="try-outputs"] th').allInnerTexts()).toEqual(['step t', 'input u', 'output y']) // no teacher for an edited sequence
    expect(await table()).toHaveLength(4)

    // a sequence of one's own, run with Ctrl+Enter: y_t follows u_(t−1), the task the network learned
    const typed = [1, 0, 0, 1, 1, 0, 1]
    await byId('try-inputs').fill(typed.join('\n'))
    await byId('try-inputs').press('Control+Enter')
    await waitFor(async () => (await byId('try-outputs').getAttribute('data-stale')) === 'false' && (await byId('try-run').isEnabled()))
    const own = await table()
    expect(own.map((r) => r[1])).toEqual(typed.map(String))
    expect(own.slice(1).map((r) => Math.round(Number(r[2])))).toEqual(typed.slice(0, -1))
    expect(await byId('try-error').count()).toBe(0)

    // bad text gets a clear message, and the table goes
    await byId('try-inputs').fill('1\n0 1')
    await byId('try-run').click()
    expect(await byId('try-error').textContent()).toBe('Line 2: a step needs m = 1 input, this one has 2.')
    expect(await byId('try-outputs').count()).toBe(0)

    await byId('try-inputs').fill(typed.join('\n'))
    await byId('try-run').click()
    await waitFor(async () => (await byId('try-outputs').count()) === 1 && (await byId('try-run').isEnabled()))
    await page.getByRole('region', { name: 'Try your own input' }).scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(screenshotDir, 'watch-try-input.png') })
  })
})
