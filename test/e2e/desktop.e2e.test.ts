// End to end in Chromium: the desktop app's menu and file opening, through the modules main uses
// (src/node/menu.ts, src/node/launch.ts): a project given as a file argument opens at launch, a second
// launch's file is handed to the running window (asking about unsaved changes as File › Open does), and
// the menu's items act on the window and follow its state. Screenshots go to test-output/ (look at them).
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { findMenuItem } from '../../src/node/menu.js'
import { parseProject } from '../../src/shared/project-file.js'
import { closeBrowser, launchHarness, type Harness, waitFor } from '../harness/harness.js'

const examplesDir = join(import.meta.dirname, '../../resources/examples')
const EXE = '/opt/RNN Workbench/rnn-workbench'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})
afterAll(closeBrowser)

const byId = (id: string) => h!.page.getByTestId(id)
const unsaved = async () => (await byId('unsaved-mark').count()) > 0
const status = () => byId('status').getAttribute('data-status')
const shownPath = () => byId('project-path').textContent()
/** The menu item is there (Pause becomes Resume) and enabled. */
const enabled = (...labels: string[]) => h!.menu.items.length > 0 && findMenuItem(h!.menu.items, labels) !== undefined && h!.menuItem(...labels).enabled !== false

/** A folder with copies of two examples, as a user's project files. */
function projectsFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnnwb-desktop-'))
  copyFileSync(join(examplesDir, 'sine.rnn.json'), join(dir, 'waves.rnn.json'))
  copyFileSync(join(examplesDir, 'binary-addition.rnn.json'), join(dir, 'adder.rnn.json'))
  return dir
}

describe('project files given from outside', () => {
  it('opens the project named on the command line at launch, saved and ready to train', async () => {
    const dir = projectsFolder()
    h = await launchHarness({ argv: [EXE, '--enable-logging', 'waves.rnn.json'], cwd: dir })
    await waitFor(async () => (await shownPath()) === 'waves.rnn.json')
    expect(await byId('project-title').inputValue()).toBe('Sine')
    expect(await byId('project-path').getAttribute('title')).toBe(join(dir, 'waves.rnn.json'))
    expect(await unsaved()).toBe(false)
    expect(h.dialogs.asked).toEqual([]) // nothing unsaved: nothing to ask, no file dialog
    expect(await h.page.title()).toBe('Sine — RNN Workbench')
    await h.screenshot('desktop-01-opened-from-argv')

    // it is a known file now: Save writes to it without asking
    await byId('project-title').fill('Sine, renamed')
    await byId('project-title').press('Enter')
    await waitFor(unsaved)
    await h.clickMenu('File', 'Save')
    await waitFor(async () => !(await unsaved()))
    expect(parseProject(readFileSync(join(dir, 'waves.rnn.json'), 'utf8')).metadata.name).toBe('Sine, renamed')
    expect(h.dialogs.asked).toEqual([])
  })

  it("hands a second launch's file to the running window, which asks before dropping unsaved changes", async () => {
    const dir = projectsFolder()
    h = await launchHarness()
    await byId('project-title').fill('My unsaved work')
    await byId('project-title').press('Enter')
    await waitFor(unsaved)

    h.dialogs.answer(false) // keep my work
    expect(h.openFileArgument([EXE, 'adder.rnn.json'], dir)).toBe(join(dir, 'adder.rnn.json'))
    await waitFor(() => h!.dialogs.asked.length === 1)
    expect(h.dialogs.asked).toEqual(['confirm: Discard unsaved changes?'])
    await h.page.waitForTimeout(200)
    expect(await byId('project-title').inputValue()).toBe('My unsaved work')

    h.dialogs.answer(true)
    h.openFileArgument([EXE, '--original-process-start-time=1', join(dir, 'adder.rnn.json')], '/')
    await waitFor(async () => (await shownPath()) === 'adder.rnn.json')
    expect(await byId('project-title').inputValue()).toBe('Binary addition')
    expect(h.dialogs.asked).toEqual(['confirm: Discard unsaved changes?', 'confirm: Discard unsaved changes?'])

    // a launch without a project file changes nothing; a broken file is refused with its name
    expect(h.openFileArgument([EXE, '.'], dir)).toBeNull()
    const broken = join(dir, 'broken.rnn.json')
    copyFileSync(join(examplesDir, '..', '..', 'package.json'), broken)
    h.openFileArgument([EXE, broken], dir)
    await waitFor(async () => (await byId('file-error').count()) > 0)
    expect(await byId('file-error').textContent()).toMatch(/^Could not open broken\.rnn\.json: broken\.rnn\.json: /)
    expect(await byId('project-title').inputValue()).toBe('Binary addition')
    await h.screenshot('desktop-02-second-launch-broken-file')
  })
})

describe('the application menu', () => {
  it('saves as, trains and stops through the menu, its items following the window', async () => {
    const dir = projectsFolder()
    h = await launchHarness({ argv: [EXE, join(dir, 'waves.rnn.json')], cwd: dir })
    await waitFor(async () => (await shownPath()) === 'waves.rnn.json')
    await waitFor(() => enabled('File', 'New'))
    expect(enabled('File', 'Export…')).toBe(false) // no trained weights yet
    expect(enabled('Training', 'Stop')).toBe(false)
    expect(h.menuItem('File', 'Open Recent').submenu!.map((i) => i.label)).toEqual([`waves.rnn.json — ${join(dir, 'waves.rnn.json')}`])

    // File › Save As…
    const copy = join(dir, 'waves-copy.rnn.json')
    h.dialogs.answer(copy)
    await h.clickMenu('File', 'Save As…')
    await waitFor(async () => existsSync(copy) && (await shownPath()) === 'waves-copy.rnn.json')
    expect(h.dialogs.asked).toEqual(['save project (Sine.rnn.json)'])
    expect(parseProject(readFileSync(copy, 'utf8')).metadata.name).toBe('Sine')
    await waitFor(() => h!.menuItem('File', 'Open Recent').submenu!.length === 2)

    // Training › Train runs as the run controls say (their Epochs field)
    await byId('epochs').fill('1000000')
    await h.clickMenu('Training', 'Train')
    await waitFor(async () => (await status()) === 'running')
    await waitFor(() => enabled('Training', 'Pause') && enabled('Training', 'Stop'))
    expect(enabled('Training', 'Train')).toBe(false)
    expect(enabled('File', 'New')).toBe(false) // the run writes into this project
    expect(enabled('File', 'Open…')).toBe(false)
    expect(enabled('File', 'Import weights…')).toBe(false)
    expect(enabled('File', 'Save')).toBe(true)

    // Pause becomes Resume; Step runs one epoch
    await h.clickMenu('Training', 'Pause')
    await waitFor(async () => (await status()) === 'paused')
    await waitFor(() => enabled('Training', 'Resume') && enabled('Training', 'Step'))
    const paused = Number(await byId('status').getAttribute('data-epoch'))
    await h.clickMenu('Training', 'Step')
    await waitFor(async () => Number(await byId('status').getAttribute('data-epoch')) === paused + 1)
    await h.screenshot('desktop-03-paused-from-menu')

    await h.clickMenu('Training', 'Resume')
    await waitFor(async () => (await status()) === 'running')
    await h.clickMenu('Training', 'Stop')
    await waitFor(async () => (await status()) === 'stopped')
    await waitFor(() => enabled('File', 'Export…') && enabled('File', 'New') && enabled('Training', 'Train'))
    expect(enabled('Training', 'Stop')).toBe(false)

    // File › Export… opens the export dialog, as its button does
    await h.clickMenu('File', 'Export…')
    await byId('export-dialog').waitFor()
    await h.screenshot('desktop-04-export-from-menu')
  })

  it('opens the documentation, the lecture notes and About in the window', async () => {
    h = await launchHarness()
    await h.clickMenu('Help', 'About RNN Workbench')
    await byId('help-about').waitFor()
    await waitFor(async () => (await byId('about-version').textContent()) === 'harness')
    expect(await byId('about-node').textContent()).toBe(process.versions.node)
    expect(await byId('about-v8').textContent()).toBe(process.versions.v8)
    await h.screenshot('desktop-05-about')
    await h.page.keyboard.press('Escape')
    await waitFor(async () => (await byId('help-dialog').count()) === 0)

    await h.clickMenu('Help', 'Lecture Notes (the Model)')
    const doc = byId('help-document')
    await doc.waitFor()
    expect(await doc.getAttribute('data-doc')).toBe('docs/model.md')
    expect(await doc.locator('h1').textContent()).toBe('The model and how it trains')
    expect(await doc.locator('table').count()).toBeGreaterThan(0) // rendered Markdown, not text
    expect(await doc.locator('pre').first().textContent()).toContain('x_t^(r) = f_r(')
    await h.screenshot('desktop-06-lecture-notes')
    // a link to another document opens it here
    await doc.locator('a[href="project-format.md"]').first().click()
    await waitFor(async () => (await doc.getAttribute('data-doc')) === 'docs/project-format.md')

    await h.page.keyboard.press('Escape')
    await h.clickMenu('Help', 'Documentation')
    await waitFor(async () => (await byId('help-document').getAttribute('data-doc')) === 'README.md')
    expect(await byId('help-doc-docs/packaging.md').count()).toBe(1)
    await h.screenshot('desktop-07-documentation')
  })
})
