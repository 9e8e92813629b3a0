// NETtalk in Chromium, as a user takes it (issue 6): open the NETtalk example, choose the dictionary in the
// Data tab (main reads it and says what the settings give), make the run small (100 training words, 50
// validation words, 40 hidden units, 5 epochs), train, see the per-letter score beside the loss, and have the
// trained network say "table". Screenshots: test-output/nettalk-data.png, nettalk-trained.png.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { NETTALK_DICTIONARY } from '../helpers/nettalk-corpus.js'
import { closeBrowser, launchHarness, type Harness } from '../harness/harness.js'

/** The corpus stays outside the repository (../shared/data/nettalk, beside the checkout). */
const CORPUS = NETTALK_DICTIONARY

let h: Harness
beforeEach(async () => {
  h = await launchHarness()
})
afterEach(async () => {
  await h.close()
})
afterAll(async () => {
  await closeBrowser()
})

const byId = (id: string) => h.page.getByTestId(id)

describe('NETtalk', () => {
  it('chooses the dictionary, trains on a few words, scores letters and says a word', async () => {
    await byId('open-examples').click()
    await byId('example-nettalk').click()
    await expect.poll(() => byId('examples-gallery').count()).toBe(0)
    expect(await byId('say-word-input').count()).toBe(1) // the Training tab has the "Say a word" pane

    await byId('tab-data').click()
    expect(await byId('data-kind').textContent()).toBe('NETtalk')
    expect(await byId('script-editor').count()).toBe(0)
    await expect.poll(() => byId('nettalk-summary').textContent()).toMatch(/Choose the dictionary/)

    h.dialogs.answer(CORPUS)
    await byId('nettalk-choose-corpus').click()
    await expect.poll(() => byId('nettalk-corpus').textContent()).toBe(CORPUS)
    await expect.poll(() => byId('nettalk-summary').textContent(), { timeout: 30_000 }).toMatch(/^1000 training words \(\d+ letters\), 500 validation words, [\d ]+ held out; inputs 203, outputs 26$/)

    await byId('nettalk-trainWords').fill('100')
    await byId('nettalk-validationWords').fill('50')
    await expect.poll(() => byId('nettalk-summary').textContent(), { timeout: 30_000 }).toMatch(/^100 training words \(\d+ letters\), 50 validation words/)
    // a bad window is refused inline and leaves the project's setting alone
    await byId('nettalk-window').fill('4')
    await expect.poll(() => byId('nettalk-window-error').textContent()).toMatch(/odd whole number/)
    await byId('nettalk-window').fill('7')
    await expect.poll(() => byId('nettalk-window-error').count()).toBe(0)
    expect(await byId('nettalk-size-mismatch').count()).toBe(0)
    await byId('field-network.hidden[0].units').fill('40')
    await h.screenshot('nettalk-data')

    await byId('tab-training').click()
    expect(await byId('score-chart').count()).toBe(0) // no run, no scores
    await byId('epochs').fill('5')
    await byId('train').click()
    await expect.poll(() => byId('status').getAttribute('data-status'), { timeout: 120_000 }).toBe('completed')
    expect(Number(await byId('status').getAttribute('data-epoch'))).toBe(5)
    await byId('score-chart').locator('canvas').first().waitFor()
    await expect.poll(() => byId('score-chart').getAttribute('data-epochs')).toBe('5')
    expect(await byId('score-latest').textContent()).toMatch(/^training \d+\.\d % · validation \d+\.\d %$/)
    // main's record of the run: 5 epochs, each with the validation words' loss
    const [run] = h.training.list()
    expect(h.training.info(run.id).loss).toHaveLength(5)
    expect(h.training.info(run.id).validationLoss).toHaveLength(5)

    await byId('say-word-input').fill('table')
    await expect.poll(() => byId('say-word-letter').count()).toBe(5)
    expect(await byId('say-word-letter').first().getAttribute('data-window')).toBe('___tabl')
    expect(await byId('say-word-letter').last().getAttribute('data-window')).toBe('able___')
    expect((await byId('say-word-phonemes').textContent())!).toHaveLength(5)
    expect((await byId('say-word-stress').textContent())!).toHaveLength(5)
    expect(await byId('say-word-error').count()).toBe(0)
    await byId('say-word-letter').nth(1).click() // the window moves to the a
    await expect.poll(() => byId('say-word-now').textContent()).toMatch(/^__table/)
    await byId('say-word-input').scrollIntoViewIfNeeded()
    await h.screenshot('nettalk-trained')

    await byId('say-word-input').fill('tab1e')
    await expect.poll(() => byId('say-word-error').textContent()).toMatch(/Only the letters a–z/)
  })
})
