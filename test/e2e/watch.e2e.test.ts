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
