// NETtalk you can hear (issue 18), in Chromium: train a small NETtalk run, type "table", press Play sound: the
// host synthesizes the reading with eSpeak NG and the page's AudioContext receives its samples (counted by
// wrapping AudioBuffer.copyToChannel; no sound device needed). Then "Hear it learn" speaks the word with the
// weights kept at epochs 1, 2, 4 and the last. Screenshot: test-output/nettalk-speech.png.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeBrowser, launchHarness, type Harness } from '../harness/harness.js'

let h: Harness
beforeEach(async () => {
  h = await launchHarness()
}, 60_000)
afterEach(async () => {
  await h.close()
})
afterAll(async () => {
  await closeBrowser()
})

const byId = (id: string) => h.page.getByTestId(id)

/** What the page's audio buffers were given: buffers, samples, and the sum of |sample|. */
const heard = () => h.page.evaluate(() => (globalThis as unknown as { __heard: { buffers: number; samples: number; energy: number } }).__heard)

describe('NETtalk you can hear', () => {
  it('speaks the trained reading, and the word at the kept epochs of the run', async () => {
    await h.page.evaluate(() => {
      type Copy = (this: unknown, source: Float32Array, channel: number, start?: number) => void
      const g = globalThis as unknown as { __heard: { buffers: number; samples: number; energy: number }; AudioBuffer: { prototype: { copyToChannel: Copy } } }
      g.__heard = { buffers: 0, samples: 0, energy: 0 }
      const copy = g.AudioBuffer.prototype.copyToChannel
      g.AudioBuffer.prototype.copyToChannel = function (source, channel, start) {
        g.__heard.buffers++
        g.__heard.samples += source.length
        for (const v of source) g.__heard.energy += Math.abs(v)
        return copy.call(this, source, channel, start)
      }
    })
    await byId('open-examples').click()
    await byId('example-nettalk').click()
    await expect.poll(() => byId('examples-gallery').count()).toBe(0)
    await byId('tab-data').click()
    await byId('nettalk-random-words').click()
    await byId('nettalk-trainWords').fill('100')
    await byId('nettalk-validationWords').fill('50')
    await expect.poll(() => byId('nettalk-summary').textContent(), { timeout: 30_000 }).toMatch(/^100 training words/)
    await byId('field-network.hidden[0].units').fill('40')
    await byId('tab-training').click()
    await byId('epochs').fill('5')
    await byId('train').click()
    await expect.poll(() => byId('status').getAttribute('data-status'), { timeout: 120_000 }).toBe('completed')

    await byId('say-word-input').fill('table')
    await expect.poll(() => byId('say-word-letter').count()).toBe(5)
    await byId('say-word-speak').click()
    await expect.poll(() => byId('say-word-speak').getAttribute('data-played-samples'), { timeout: 60_000 }).not.toBe('0')
    const played = Number(await byId('say-word-speak').getAttribute('data-played-samples'))
    expect(played).toBeGreaterThan(22050 * 0.2) // at least 0.2 s of sound at 22,050 Hz
    const once = await heard()
    expect(once.buffers).toBe(1)
    expect(once.samples).toBe(played)
    expect(once.energy / once.samples).toBeGreaterThan(0.005) // not silence
    expect(await byId('say-word-speech-error').count()).toBe(0)

    // hear it learn: the run kept the weights of epochs 1, 2, 4 and 5; all four are spoken, one buffer each
    await byId('say-word-learn').click()
    await expect.poll(() => byId('say-word-learn-row').count(), { timeout: 60_000 }).toBe(4)
    expect(await byId('say-word-learn-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-epoch')))).toEqual(['1', '2', '4', '5'])
    await expect.poll(async () => (await heard()).buffers, { timeout: 60_000 }).toBe(5)
    expect(await byId('say-word-speech-error').count()).toBe(0)
    await byId('say-word-input').scrollIntoViewIfNeeded()
    await h.screenshot('nettalk-speech')
  }, 300_000)
})
