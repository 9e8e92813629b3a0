// End to end in Chromium: the built renderer, the real preload and the real main-process services.
// Screenshots go to test-output/ (look at them).
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { closeBrowser, launchHarness, type Harness, waitFor } from '../harness/harness.js'
import { listChannels } from '../../src/shared/ipc.js'

let h: Harness
beforeEach(async () => {
  h = await launchHarness()
})
afterEach(async () => {
  await h.close()
  vi.unstubAllEnvs()
})
afterAll(closeBrowser)

const status = () => h.page.getByTestId('status')
const epochShown = async () => Number(await status().getAttribute('data-epoch'))

describe('the window', () => {
  it('has a strict Content-Security-Policy and no Node or Electron in the page', async () => {
    const csp = await h.page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content')
    expect(csp).toBe("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'")
    expect(await h.page.evaluate(() => Object.keys((globalThis as unknown as { api: object }).api).sort())).toEqual([...new Set(listChannels().map((c) => c.domain)), 'on'].sort())
    expect(await h.page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined')
  })
})

describe('training from the window', () => {
  it('trains the open project, pauses, steps, resumes and stops', async () => {
    const { page } = h
    await page.getByTestId('epochs').fill('ten')
    expect(await page.getByTestId('epochs-error').textContent()).toBe('Epochs must be a whole number from 1 to 100000000.')
    expect(await page.getByTestId('train').isEnabled()).toBe(false)
    await page.getByTestId('epochs').fill('1000000')
    await page.getByTestId('train').click()
    await waitFor(async () => (await epochShown()) >= 50)
    expect(await status().getAttribute('data-status')).toBe('running')
    // while it runs, the status line names the kernels the trainer computes with
    expect(await status().textContent()).toMatch(/^Training · epoch \d+ · loss (\d+\.\d{4}|\d\.\d{3}e-\d+) · \d+ epochs\/s · \d+\.\d s · WebAssembly SIMD$/)
    expect(await status().getAttribute('data-kernels')).toBe('wasm')
    await h.screenshot('02-training')

    await page.getByTestId('pause').click()
    await waitFor(async () => (await status().getAttribute('data-status')) === 'paused')
    const paused = await epochShown()
    await page.waitForTimeout(300)
    expect(await epochShown()).toBe(paused)
    await page.getByTestId('step').click()
    await waitFor(async () => (await epochShown()) === paused + 1)
    expect(await status().getAttribute('data-status')).toBe('paused')
    expect(await status().textContent()).toMatch(/^Paused · .* · WebAssembly SIMD$/)
    await h.screenshot('03-paused')

    await page.getByTestId('resume').click()
    await waitFor(async () => (await epochShown()) > paused + 20)
    await page.getByTestId('stop').click()
    await waitFor(async () => (await status().getAttribute('data-status')) === 'stopped')
    const runs = h.training.list()
    expect(runs).toHaveLength(1)
    expect(runs[0].status).toBe('stopped')
    expect(await epochShown()).toBe(runs[0].epoch)
    expect(runs[0].loss).toHaveLength(runs[0].epoch) // the window saw every epoch the trainer ran
    expect(await status().textContent()).toContain(`Stopped · epoch ${runs[0].epoch}`)
    expect(await status().textContent()).not.toContain('WebAssembly') // only while a run runs
    await h.screenshot('04-stopped')
  })

  it('after a reload the window takes up the run that is still going', async () => {
    const { page } = h
    await page.getByTestId('epochs').fill('1000000')
    await page.getByTestId('train').click()
    await waitFor(async () => (await epochShown()) >= 5)
    await page.reload()
    await waitFor(async () => (await status().getAttribute('data-status')) === 'running')
    await waitFor(async () => (await epochShown()) > 10)
    expect(await status().textContent()).toMatch(/ · WebAssembly SIMD$/) // from the run's summary
    await page.getByTestId('stop').click()
    await waitFor(async () => (await status().getAttribute('data-status')) === 'stopped')
    expect(h.training.list()[0].status).toBe('stopped')
  })

  it('RNNWB_KERNELS=js: the status line says the run computes with the TypeScript kernels, and why', async () => {
    vi.stubEnv('RNNWB_KERNELS', 'js')
    const { page } = h
    await page.getByTestId('epochs').fill('1000000')
    await page.getByTestId('train').click()
    await waitFor(async () => (await epochShown()) >= 5)
    expect(await status().textContent()).toMatch(/^Training · epoch \d+ · .* · TypeScript \(RNNWB_KERNELS=js\)$/)
    expect(await status().getAttribute('data-kernels')).toBe('js')
    await h.screenshot('05-typescript-kernels')
    await page.getByTestId('stop').click()
    await waitFor(async () => (await status().getAttribute('data-status')) === 'stopped')
  })

  it('shows a trainer that was killed mid-run as failed, in plain words', async () => {
    const { page } = h
    await page.getByTestId('epochs').fill('1000000') // more than it can reach before it is killed
    await page.getByTestId('train').click()
    await waitFor(async () => (await epochShown()) >= 5)
    const [run] = h.training.list()
    process.kill(h.training.pid(run.id)!, 'SIGKILL')
    await waitFor(async () => (await status().getAttribute('data-status')) === 'failed')
    await expect.poll(() => page.getByTestId('failure').textContent()).toMatch(
      /^Training failed: the trainer process was killed \(SIGKILL\); the weights of epoch \d+ are kept\. Press Train to start again\.$/,
    )
    expect(await page.getByTestId('train').isEnabled()).toBe(true)
    await h.screenshot('05-killed')
  })
})
