// NETtalk in Chromium, as a user takes it (issues 6 and 12): open the NETtalk example and, with no file to
// choose, see in the Data tab what the bundled corpus gives (main reads resources/nettalk/), make the run small
// (random words: 100 training, 50 validation; 40 hidden units, 5 epochs), train, see the per-letter score
// beside the loss, and have the trained network say "table"; then choose another dictionary file, and go
// back to the bundled one. A project naming a dictionary outside its folder is read only after the user says yes
// in the confirm dialog that names it. Screenshots: test-output/nettalk-data.png, nettalk-trained.png,
// nettalk-other-corpus.png, nettalk-outside-allowed.png.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { NETTALK_DICTIONARY } from '../helpers/nettalk-corpus.js'
import { EXAMPLES_DIR } from '../helpers/projects.js'
import { closeBrowser, launchHarness, type Harness } from '../harness/harness.js'

/** Another dictionary file the user may choose: the first 300 lines of the corpus. */
const dir = mkdtempSync(join(tmpdir(), 'rnnwb-nettalk-e2e-'))
const OTHER = join(dir, 'small.data')
writeFileSync(OTHER, readFileSync(NETTALK_DICTIONARY, 'utf8').split('\n').slice(0, 300).join('\n') + '\n')

let h: Harness
beforeEach(async () => {
  h = await launchHarness()
}, 60_000) // starting Chromium takes longer than the default 10 s on a loaded machine
afterEach(async () => {
  await h.close()
})
afterAll(async () => {
  await closeBrowser()
  rmSync(dir, { recursive: true, force: true })
})

const byId = (id: string) => h.page.getByTestId(id)

describe('NETtalk', () => {
  it('trains on the bundled corpus with no file chosen, scores letters, says a word; another file can be chosen', async () => {
    await byId('open-examples').click()
    await byId('example-nettalk').click()
    await expect.poll(() => byId('examples-gallery').count()).toBe(0)
    expect(await byId('say-word-input').count()).toBe(1) // the Training tab has the "Say a word" pane

    await byId('tab-data').click()
    expect(await byId('data-kind').textContent()).toBe('NETtalk')
    expect(await byId('script-editor').count()).toBe(0)
    // nothing chosen: the dictionary and the paper's 1000 words that ship with the app
    expect(await byId('nettalk-corpus').getAttribute('data-bundled')).toBe('true')
    expect(await byId('nettalk-word-list').getAttribute('data-bundled')).toBe('true')
    await expect.poll(() => byId('nettalk-summary').textContent(), { timeout: 30_000 }).toBe('1000 training words (5438 letters), 500 validation words, 18 801 held out; inputs 203, outputs 26')
    await h.screenshot('nettalk-data')

    await byId('nettalk-random-words').click()
    await byId('nettalk-trainWords').fill('100')
    await byId('nettalk-validationWords').fill('50')
    await expect.poll(() => byId('nettalk-summary').textContent(), { timeout: 30_000 }).toMatch(/^100 training words \(\d+ letters\), 50 validation words/)
    // a bad window is refused inline and leaves the project's setting alone
    await byId('nettalk-window').fill('4')
    await expect.poll(() => byId('nettalk-window-error').textContent()).toMatch(/odd whole number/)
    await byId('nettalk-window').fill('7')
    await expect.poll(() => byId('nettalk-window-error').count()).toBe(0)
    expect(await byId('nettalk-size-mismatch').count()).toBe(0)
    await byId('nettalk-scoreEvery').fill('2') // scored at epochs 2, 4 and the last, 5
    await byId('field-network.hidden[0].units').fill('40')
    expect(h.dialogs.asked).toEqual([]) // no file was asked for

    await byId('tab-training').click()
    expect(await byId('score-chart').count()).toBe(0) // no run, no scores
    await byId('epochs').fill('5')
    await byId('train').click()
    await expect.poll(() => byId('status').getAttribute('data-status'), { timeout: 120_000 }).toBe('completed')
    expect(Number(await byId('status').getAttribute('data-epoch'))).toBe(5)
    await byId('score-chart').locator('canvas').first().waitFor()
    await expect.poll(() => byId('score-chart').getAttribute('data-epochs')).toBe('3')
    expect(await byId('score-chart').getAttribute('data-scored-epochs')).toBe('2,4,5')
    await h.screenshot('nettalk-score-every-2')
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

    // another dictionary file stays possible, and the bundled one comes back
    await byId('tab-data').click()
    h.dialogs.answer(OTHER)
    await byId('nettalk-choose-corpus').click()
    await expect.poll(() => byId('nettalk-corpus').textContent()).toBe(OTHER)
    await expect.poll(() => byId('nettalk-summary').textContent(), { timeout: 30_000 }).toMatch(/^100 training words \(\d+ letters\), 50 validation words, 1\d\d held out; inputs 203, outputs 26$/)
    await h.screenshot('nettalk-other-corpus')
    await byId('nettalk-bundled-corpus').click()
    expect(await byId('nettalk-corpus').getAttribute('data-bundled')).toBe('true')
    await expect.poll(() => byId('nettalk-summary').textContent(), { timeout: 30_000 }).toMatch(/^100 training words \(\d+ letters\), 50 validation words, 19 701 held out/)
  })

  it('reads a dictionary outside the project’s folder only after the user says yes in a dialog naming it', async () => {
    const folder = join(dir, 'project')
    mkdirSync(folder, { recursive: true })
    const project = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'nettalk.rnn.json'), 'utf8'))
    project.data = { ...project.data, corpus: '../small.data', wordList: null, trainWords: 100, validationWords: 50 }
    const file = join(folder, 'outside.rnn.json')
    writeFileSync(file, JSON.stringify(project))
    h.dialogs.answer(file, true) // the project to open; then yes, read the file outside its folder
    await byId('open-project').click()
    await byId('tab-data').click()
    await expect.poll(() => byId('nettalk-summary').textContent(), { timeout: 30_000 }).toMatch(/^100 training words \(\d+ letters\), 50 validation words, 1\d\d held out/)
    expect(h.dialogs.asked).toContain(`confirm: Read the dictionary ${OTHER}?`)
    expect(await byId('nettalk-corpus').textContent()).toBe('../small.data')
    await h.screenshot('nettalk-outside-allowed')
  })
})
