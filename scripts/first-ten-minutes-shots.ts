/**
 * Screenshots of a newcomer's first ten minutes (issue 18's findings), one per state, through the e2e harness
 * (the real services, the built renderer in Chromium): for before/after pairs in a note. Run from a worktree
 * whose out/ is built (npx electron-vite build):
 *
 *   npx tsx scripts/first-ten-minutes-shots.ts <folder> <prefix> [state…]     e.g. ../shots after
 *
 * writes <folder>/<prefix>-<state>.png (every state, or the states named) (the window as it is, no full page). Made to run on older versions of
 * the app too: a step whose element is missing is logged and skipped, and the window is taken as it is.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { closeBrowser, launchHarness, waitFor } from '../test/harness/harness.js'

const [folder, prefix, ...only] = process.argv.slice(2)
if (!folder || !prefix) {
  console.error('usage: tsx scripts/first-ten-minutes-shots.ts <folder> <prefix> [state…]')
  process.exit(2)
}
mkdirSync(folder, { recursive: true })

const SHORT = 15_000 // a busy machine: generous
/** One step that may not exist in this version: logged and skipped when it fails. */
async function soft(what: string, step: () => Promise<unknown>): Promise<boolean> {
  try {
    await step()
    return true
  } catch (e) {
    console.log(`  (skipped: ${what}: ${(e as Error).message.split('\n')[0]})`)
    return false
  }
}
const byId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`)
const status = (page: Page) => byId(page, 'status').getAttribute('data-status', { timeout: SHORT })
const until = (page: Page, wanted: string[], ms = 60_000) => waitFor(async () => wanted.includes((await status(page).catch(() => '')) ?? ''), ms)

/** A state: a fresh window at the size given, brought there by `reach`, then photographed. */
async function shot(name: string, size: [number, number], reach: (page: Page) => Promise<void>): Promise<void> {
  if (only.length > 0 && !only.includes(name)) return
  console.log(`${prefix}-${name}`)
  const h = await launchHarness()
  try {
    await h.page.setViewportSize({ width: size[0], height: size[1] })
    await soft('wait for the first screen', () => byId(h.page, 'train').waitFor({ timeout: 30_000 }))
    // whatever this version lacks: the window as it is then
    await soft('reach the state', () => reach(h.page))
    await h.page.waitForTimeout(400) // let the charts draw
    await h.page.screenshot({ path: join(folder, `${prefix}-${name}.png`) })
  } finally {
    await h.close().catch((e: Error) => console.log(`  (${e.message})`))
  }
}

await shot('blank-window', [1280, 800], async () => {})

for (const [w, hgt] of [
  [1280, 800],
  [1024, 700],
] as const) {
  await shot(`training-${w}x${hgt}`, [w, hgt], async (page) => {
    await soft('long run', () => byId(page, 'epochs').fill('1000000', { timeout: SHORT }))
    await byId(page, 'train').click({ timeout: SHORT })
    await waitFor(async () => Number(await byId(page, 'status').getAttribute('data-epoch')) >= 20, 90_000)
  })
}

await shot('diverged', [1280, 800], async (page) => {
  await byId(page, 'field-training.learningRate').fill('1e308', { timeout: SHORT })
  await byId(page, 'train').click({ timeout: SHORT })
  await until(page, ['failed'])
  await soft('failure in view', () => byId(page, 'failure').scrollIntoViewIfNeeded({ timeout: SHORT }))
})

await shot('layer-size-after-training', [1280, 800], async (page) => {
  await byId(page, 'train').click({ timeout: SHORT })
  await until(page, ['completed'])
  await byId(page, 'field-network.hidden[0].units').fill('6', { timeout: SHORT })
})

await shot('units-5000', [1280, 800], async (page) => {
  await byId(page, 'field-network.hidden[0].units').fill('5000', { timeout: SHORT })
  await page.waitForTimeout(300)
})

await shot('nettalk-say-word', [1280, 800], async (page) => {
  await byId(page, 'open-examples').click({ timeout: SHORT })
  await byId(page, 'example-nettalk').click({ timeout: SHORT })
  await waitFor(async () => (await byId(page, 'examples-gallery').count()) === 0, 30_000)
  // a small run: 100 words, 40 hidden units, 3 epochs
  await soft('fewer words', async () => {
    await byId(page, 'tab-data').click({ timeout: SHORT })
    await byId(page, 'nettalk-random-words').click({ timeout: SHORT })
    await byId(page, 'nettalk-trainWords').fill('100', { timeout: SHORT })
    await byId(page, 'nettalk-validationWords').fill('50', { timeout: SHORT })
    await waitFor(async () => /^100 training words/.test((await byId(page, 'nettalk-summary').textContent()) ?? ''), 30_000)
  })
  await soft('fewer units', () => byId(page, 'field-network.hidden[0].units').fill('40', { timeout: SHORT }))
  await soft('back to Training', () => byId(page, 'tab-training').click({ timeout: SHORT }))
  await soft('3 epochs', () => byId(page, 'epochs').fill('3', { timeout: SHORT }))
  await byId(page, 'train').click({ timeout: SHORT })
  await until(page, ['completed', 'failed'], 180_000)
  await byId(page, 'say-word-input').fill('table', { timeout: SHORT })
  await page.waitForTimeout(1000)
  await byId(page, 'say-word-input').scrollIntoViewIfNeeded()
})

await shot('focus-after-train', [1280, 800], async (page) => {
  await byId(page, 'train').focus({ timeout: SHORT })
  await page.keyboard.press('Enter')
  await until(page, ['completed'])
  const focused = await page.evaluate(() => {
    const a = (globalThis as unknown as { document: { activeElement: { tagName: string; textContent: string | null; getAttribute(n: string): string | null } | null } }).document.activeElement
    return a ? `${a.tagName.toLowerCase()}${a.getAttribute('data-testid') ? ` [${a.getAttribute('data-testid')}]` : ''} "${(a.textContent ?? '').trim().slice(0, 30)}"` : 'nothing'
  })
  console.log(`  focus after Train: ${focused}`)
})

await closeBrowser()
