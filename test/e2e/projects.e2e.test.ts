// End to end in Chromium: project files from the window (examples gallery, save, open, recent, unsaved
// changes, recovery) against the real main-process services. Screenshots go to test-output/ (look at them).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseProject, toProjectFile } from '../../src/shared/project-file.js'
import { runCli } from '../helpers/cli.js'
import { closeBrowser, launchHarness, screenshotDir, type Harness, waitFor } from '../harness/harness.js'

const examplesDir = join(import.meta.dirname, '../../resources/examples')
const EXAMPLES = ['binary-addition', 'delayed-recall', 'lecture-minimal', 'nettalk', 'sine']

let h: Harness
/** A folder for this test's project files (inside the harness's temporary folder). */
let dir: string
beforeEach(async () => {
  h = await launchHarness()
  dir = join(h.stateDir, 'projects')
  mkdirSync(dir, { recursive: true })
  mkdirSync(screenshotDir, { recursive: true })
})
afterEach(async () => {
  await h.close()
})
afterAll(closeBrowser)

const byId = (id: string) => h.page.getByTestId(id)
const name = () => byId('project-title').inputValue()
const unsaved = async () => (await byId('unsaved-mark').count()) > 0
const fileError = async () => ((await byId('file-error').count()) > 0 ? await byId('file-error').textContent() : null)
const readProject = (path: string) => parseProject(readFileSync(path, 'utf8'))
const exampleFile = (id: string) => readProject(join(examplesDir, `${id}.rnn.json`))
const status = () => byId('status').getAttribute('data-status')

/** Types a new project name, as a user would (the input keeps focus until Enter). */
async function rename(to: string): Promise<void> {
  await byId('project-title').fill(to)
  await byId('project-title').press('Enter')
}

async function openExample(id: string): Promise<void> {
  await byId('open-examples').click()
  await byId(`example-${id}`).click()
  await waitFor(async () => (await byId('examples-gallery').count()) === 0)
}

async function saveAs(path: string): Promise<void> {
  h.dialogs.answer(path)
  await byId('save-as-project').click()
  await waitFor(async () => existsSync(path) && !(await unsaved()))
}

async function trainFor(epochs: number): Promise<void> {
  await byId('epochs').fill(String(epochs))
  await byId('train').click()
  await waitFor(async () => (await status()) === 'completed')
  await waitFor(unsaved) // the run's weights belong to the project now, not yet saved
}

describe('the examples gallery', () => {
  it('lists the bundled examples with their descriptions and opens one ready to train', async () => {
    const { page } = h
    expect(await byId('examples-gallery').count()).toBe(0) // closed until asked for
    expect(await byId('recovery-banner').count()).toBe(0) // nothing to recover: no banner at all
    await byId('open-examples').click()
    await waitFor(async () => (await page.locator('[data-testid^="example-"]').count()) === EXAMPLES.length)
    for (const id of EXAMPLES) {
      const { metadata } = exampleFile(id)
      const text = await byId(`example-${id}`).textContent()
      expect(text).toContain(metadata.name)
      expect(text).toContain(metadata.description)
    }
    // the viewport only: a full-page capture stretches the page beyond the fixed backdrop
    await page.screenshot({ path: join(screenshotDir, 'projects-01-examples-gallery.png') })

    await byId('example-sine').click()
    await waitFor(async () => (await byId('examples-gallery').count()) === 0)
    expect(await name()).toBe('Sine')
    expect(await unsaved()).toBe(false)
    expect(await page.title()).toBe('Sine — RNN Workbench')
    expect(await byId('train').isEnabled()).toBe(true)
    expect(h.dialogs.asked).toEqual([]) // nothing unsaved: nothing to ask
    await h.screenshot('projects-02-sine-opened')
  })

  it('closes with Escape without changing the project', async () => {
    await byId('open-examples').click()
    await byId('example-sine').waitFor()
    await h.page.keyboard.press('Escape')
    await waitFor(async () => (await byId('examples-gallery').count()) === 0)
    expect(await name()).toBe('Untitled')
  })
})

describe('saving', () => {
  it('saves as a chosen file, marks edits as unsaved, and saves again without asking', async () => {
    const { page } = h
    await openExample('sine')
    await rename('Sine wave')
    expect(await unsaved()).toBe(true)
    expect(await page.title()).toBe('• Sine wave — RNN Workbench')

    const path = join(dir, 'sine-wave.rnn.json')
    await saveAs(path)
    expect(h.dialogs.asked).toEqual(['save project (Sine wave.rnn.json)'])
    const saved = readProject(path) // a complete, valid project file
    expect(saved.metadata.name).toBe('Sine wave')
    expect(saved.network).toEqual(exampleFile('sine').network)
    expect(await page.title()).toBe('Sine wave — RNN Workbench')
    expect(await byId('project-path').textContent()).toBe('sine-wave.rnn.json')
    await h.screenshot('projects-03-saved')

    await rename('Sine wave, renamed')
    await waitFor(unsaved)
    expect(await page.title()).toBe('• Sine wave, renamed — RNN Workbench')
    await h.screenshot('projects-04-unsaved-mark')
    await byId('save-project').click()
    await waitFor(async () => !(await unsaved()))
    expect(readProject(path).metadata.name).toBe('Sine wave, renamed')
    expect(h.dialogs.asked).toHaveLength(1) // Save went to the known file without asking
  })

  it('keeps the trained weights and loss history through save and reopen', async () => {
    await trainFor(30)
    const [run] = h.training.list()
    const first = join(dir, 'trained.rnn.json')
    h.dialogs.answer(first)
    await byId('save-project').click() // never saved: Save asks where
    await waitFor(async () => existsSync(first) && !(await unsaved()))
    const saved = readProject(first)
    expect(saved.weights?.epoch).toBe(30)
    expect(Array.from(saved.weights!.params)).toEqual(Array.from(run.weights!.params))
    expect(saved.history.loss).toEqual(run.loss)
    expect(saved.history.loss).toHaveLength(30)

    await byId('new-project').click()
    await waitFor(async () => (await byId('status').textContent()) === 'Ready to train.')
    h.dialogs.answer(first)
    await byId('open-project').click()
    await waitFor(async () => (await byId('project-path').textContent()) === 'trained.rnn.json')
    expect(await unsaved()).toBe(false)

    // what came back is what was saved: save it elsewhere and compare
    const second = join(dir, 'trained-again.rnn.json')
    await saveAs(second)
    const again = readProject(second)
    expect(again.weights?.epoch).toBe(30)
    expect(Array.from(again.weights!.params)).toEqual(Array.from(saved.weights!.params))
    expect(again.weights!.optimizer).toEqual(saved.weights!.optimizer)
    expect(again.history).toEqual(saved.history)

    // and training goes on from those weights
    await trainFor(5)
    expect(await byId('status').getAttribute('data-epoch')).toBe('35')
    await h.screenshot('projects-05-reopened-and-trained')

    // rnnwb, continuing the same file for the same epochs, makes the same project (src/shared/runs.ts)
    const third = join(dir, 'trained-35.rnn.json')
    await saveAs(third)
    const cliOut = join(dir, 'trained-35-cli.rnn.json')
    const cli = await runCli(dir, 'train', second, '--epochs', '5', '--out', cliOut)
    expect(cli.code, cli.stderr).toBe(0)
    const fromWindow = readProject(third)
    const fromCli = readProject(cliOut)
    expect(fromCli.weights!.epoch).toBe(35)
    expect(Array.from(fromCli.weights!.params)).toEqual(Array.from(fromWindow.weights!.params))
    expect(fromCli.weights!.optimizer).toEqual(fromWindow.weights!.optimizer)
    expect(fromCli.history).toEqual(fromWindow.history)
  })

  it('shows a refused save in plain words and keeps the changes unsaved', async () => {
    await rename('Nowhere to go')
    h.dialogs.answer(join(dir, 'missing-folder', 'x.rnn.json'))
    await byId('save-as-project').click()
    await waitFor(async () => (await fileError()) !== null)
    expect(await fileError()).toMatch(/^Could not save the project: .*no such file or directory/)
    expect(await unsaved()).toBe(true)
    expect(await name()).toBe('Nowhere to go')
  })
})

describe('opening a bad file', () => {
  it('says why, with the JSON path of the problem, and leaves the open project unchanged', async () => {
    await openExample('sine')
    await rename('My sine')

    const notJson = join(dir, 'broken.rnn.json')
    writeFileSync(notJson, '{ "format": "rnn-workbench-project", ')
    h.dialogs.answer(true, notJson) // discard the changes? yes; then the file
    await byId('open-project').click()
    await waitFor(async () => (await fileError()) !== null)
    expect(await fileError()).toMatch(/^Could not open the project: [^:]+\.rnn\.json: not valid JSON/)
    expect(await name()).toBe('My sine')
    expect(await unsaved()).toBe(true)

    const badField = join(dir, 'bad-units.rnn.json')
    const file = toProjectFile(exampleFile('sine'))
    file.network.hidden[0].units = 0
    writeFileSync(badField, JSON.stringify(file))
    h.dialogs.answer(true, badField)
    await byId('open-project').click()
    await waitFor(async () => (await fileError())?.includes('network.hidden[0].units') ?? false)
    expect(await fileError()).toMatch(/^Could not open the project: [^:]+\.rnn\.json: network\.hidden\[0\]\.units: expected a whole number ≥ 1/)
    expect(await name()).toBe('My sine')
    expect(await unsaved()).toBe(true)
    expect(await byId('project-path').textContent()).toBe('Not saved yet')
    await h.screenshot('projects-06-bad-file')

    await byId('file-error').locator('..').getByRole('button', { name: 'Dismiss' }).click()
    expect(await fileError()).toBeNull()
  })
})

describe('unsaved changes', () => {
  it('asks before replacing them: Cancel keeps the project, Discard replaces it', async () => {
    const { page } = h
    await rename('Work in progress')
    await waitFor(unsaved)

    h.dialogs.answer(false)
    await byId('new-project').click()
    await waitFor(() => h.dialogs.asked.length === 1)
    expect(h.dialogs.asked).toEqual(['confirm: Discard unsaved changes?'])
    await page.waitForTimeout(100)
    expect(await name()).toBe('Work in progress')
    expect(await unsaved()).toBe(true)

    h.dialogs.answer(false)
    await byId('open-examples').click()
    await byId('example-sine').click()
    await waitFor(() => h.dialogs.asked.length === 2)
    await page.waitForTimeout(100)
    expect(await name()).toBe('Work in progress')
    expect(await byId('examples-gallery').count()).toBe(1) // still choosing

    h.dialogs.answer(true)
    await byId('example-sine').click()
    await waitFor(async () => (await name()) === 'Sine')
    expect(await unsaved()).toBe(false)
    expect(h.dialogs.asked).toHaveLength(3)

    await byId('new-project').click() // nothing unsaved now: no question
    await waitFor(async () => (await name()) === 'Untitled')
    expect(h.dialogs.asked).toHaveLength(3)
  })
})

describe('recovery', () => {
  it('autosaves unsaved work and offers it back after a reload; Restore brings it back', async () => {
    const { page } = h
    await openExample('delayed-recall')
    await rename('Kept by autosave')
    const started = Date.now()
    await waitFor(async () => (await h.projects.recovery())?.name === 'Kept by autosave', 15_000)
    expect(Date.now() - started).toBeGreaterThan(4000) // not on every keystroke: every 5 s at most

    await page.reload() // the window goes away without a clean close
    await byId('recovery-banner').waitFor()
    expect(await byId('recovery-banner').textContent()).toMatch(/^Unsaved work from .+ \(Kept by autosave\) was recovered\./)
    expect(await name()).toBe('Untitled')
    await h.screenshot('projects-07-recovery-banner')

    await byId('restore-recovery').click()
    await waitFor(async () => (await byId('recovery-banner').count()) === 0)
    expect(await name()).toBe('Kept by autosave')
    expect(await unsaved()).toBe(true) // restored work is still unsaved
    expect(await page.title()).toBe('• Kept by autosave — RNN Workbench')

    const path = join(dir, 'kept.rnn.json')
    await saveAs(path)
    expect(readProject(path).network).toEqual(exampleFile('delayed-recall').network)
    await waitFor(async () => (await h.projects.recovery()) === null) // saved: nothing left to recover
  })

  it('offers work kept by main, and Discard forgets it', async () => {
    const file = toProjectFile(exampleFile('sine'))
    file.metadata.name = 'Sine, unsaved'
    await h.projects.autosave(file, null)
    await h.page.reload()
    await byId('recovery-banner').waitFor()
    expect(await byId('recovery-banner').textContent()).toContain('(Sine, unsaved) was recovered.')
    await byId('discard-recovery').click()
    await waitFor(async () => (await byId('recovery-banner').count()) === 0)
    expect(await h.projects.recovery()).toBeNull()
    expect(await name()).toBe('Untitled')
  })
})

describe('recent projects', () => {
  it('lists saved and opened files, newest first, and reopens one', async () => {
    await rename('Alpha')
    const alpha = join(dir, 'alpha.rnn.json')
    await saveAs(alpha)
    await openExample('binary-addition')
    const beta = join(dir, 'beta.rnn.json')
    await saveAs(beta)

    await byId('recent-menu').click()
    await byId('recent-item-1').waitFor()
    expect(await byId('recent-item-0').textContent()).toContain('beta.rnn.json')
    expect(await byId('recent-item-1').textContent()).toContain('alpha.rnn.json')
    await h.screenshot('projects-08-recent-menu')

    await byId('recent-item-1').click()
    await waitFor(async () => (await name()) === 'Alpha')
    expect(await byId('project-path').textContent()).toBe('alpha.rnn.json')
    expect(await byId('recent-item-0').count()).toBe(0) // the menu closed
    await byId('recent-menu').click()
    await waitFor(async () => ((await byId('recent-item-0').textContent()) ?? '').includes('alpha.rnn.json'))
    expect(h.dialogs.asked).toEqual(['save project (Alpha.rnn.json)', 'save project (Binary addition.rnn.json)'])

    // a narrow window: the bar wraps, the menu stays readable
    await h.page.setViewportSize({ width: 820, height: 700 })
    await h.page.keyboard.press('Escape')
    await waitFor(async () => (await byId('recent-item-0').count()) === 0)
    await byId('recent-menu').click()
    await byId('recent-item-0').waitFor()
    await h.screenshot('projects-09-narrow-window')
  })
})
