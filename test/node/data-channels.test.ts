// The data channels through main's dispatcher, with real files and the real sandbox (worker threads):
// scripts:run (and a newer run cancelling an older one), a scripted project made into data before training
// (and refused with the script's error when it fails), data:import of CSV and JSON with line-numbered
// problems and chosen columns, data:export.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { NETTALK_DICTIONARY, NETTALK_LIST } from '../helpers/nettalk-corpus.js'
import { EventQueue } from '../../src/node/events.js'
import { createHandlers } from '../../src/node/handlers.js'
import { createDispatcher } from '../../src/node/ipc-dispatch.js'
import { ExamplesService } from '../../src/node/services/examples.js'
import { workerScriptRunner } from '../../src/node/services/project-data.js'
import { builtEntry } from '../helpers/built.js' // data scripts on the built worker, as the app runs them (test/node/scripts/worker.test.ts checks the source one)
import { ProjectService } from '../../src/node/services/projects.js'
import type { StartRequest, TrainingService } from '../../src/node/services/training.js'
import type { SweepService } from '../../src/node/services/sweeps.js'
import type { DataImportResult } from '../../src/shared/ipc.js'
import type { ScriptRunResult } from '../../src/shared/script-api.js'
import { ScriptedDialogs } from '../harness/dialogs.js'
import { EXAMPLES_DIR, RESOURCES_DIR, exampleWithData } from '../helpers/projects.js'

const dir = mkdtempSync(join(tmpdir(), 'rnnwb-data-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function setup() {
  const start = vi.fn((_request: StartRequest) => 'run-1')
  const training = { start } as unknown as TrainingService
  const dialogs = new ScriptedDialogs()
  const dispatch = createDispatcher(
    createHandlers({ version: '1', events: new EventQueue(() => {}), examples: new ExamplesService(EXAMPLES_DIR), training, sweeps: {} as unknown as SweepService, projects: new ProjectService(join(dir, 'state')), dialogs, scripts: workerScriptRunner({ workerEntry: builtEntry('worker') }), resourcesDir: RESOURCES_DIR }),
  )
  return { dispatch, start, dialogs }
}

const echo = (bits: string) => `export default function (h: ScriptHelpers): DataSet {
  const x: number[] = [${bits}]
  return { inputSize: 1, outputSize: 1, train: [{ u: x.map((b) => [b]), z: x.map((b) => [b]) }] }
}`

describe('scripts:run', () => {
  it('runs TypeScript in the sandbox and returns its data; errors carry their line', async () => {
    const { dispatch } = setup()
    const ok = (await dispatch('scripts:run', [{ kind: 'script', source: echo('1, 0'), seed: 1 }])) as ScriptRunResult
    expect(ok).toEqual({ ok: true, data: { kind: 'inline', inputSize: 1, outputSize: 1, train: [{ u: [[1], [0]], z: [[1], [0]] }] }, notes: [] })
    const bad = (await dispatch('scripts:run', [{ kind: 'script', source: echo('1, 0').replace('return', 'null!.x\n  return') }])) as ScriptRunResult
    expect(bad).toMatchObject({ ok: false, error: { kind: 'runtime', line: 3 } })
    await expect(dispatch('scripts:run', [{ kind: 'script', source: 42 }])).rejects.toThrow(/invalid request to scripts:run/)
    await expect(dispatch('scripts:run', [{ kind: 'script', source: '', timeLimitMs: 1e9 }])).rejects.toThrow(/timeLimitMs/)
  })

  it('a newer run cancels the one still running', async () => {
    const { dispatch } = setup()
    const endless = dispatch('scripts:run', [{ kind: 'script', source: 'export default () => { for (;;) {} }', timeLimitMs: 60_000 }]) as Promise<ScriptRunResult>
    await new Promise((r) => setTimeout(r, 300))
    const quick = (await dispatch('scripts:run', [{ kind: 'script', source: echo('1') }])) as ScriptRunResult
    expect(quick.ok).toBe(true)
    expect(await endless).toMatchObject({ ok: false, error: { kind: 'cancelled' } })
  })
})

describe('training a scripted project', () => {
  it('trains on the data its script makes (the same data the tests make in-process)', async () => {
    const { dispatch, start } = setup()
    const project = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'sine.rnn.json'), 'utf8'))
    expect(project.data.kind).toBe('script')
    await dispatch('training:start', [{ project, epochs: 2 }])
    const request = start.mock.calls[0][0]
    const expected = await exampleWithData('sine')
    expect(request.data.sequences).toEqual(expected.data.train)
    expect(request.validation?.sequences).toEqual(expected.data.validation)
  })

  it("refuses with the script's error, or with data that does not fit the network", async () => {
    const { dispatch, start } = setup()
    const project = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'delayed-recall.rnn.json'), 'utf8'))
    await expect(dispatch('training:start', [{ project: { ...project, data: { kind: 'script', source: 'export default () => { throw new RangeError("no data today") }' } } }])).rejects.toThrow(
      'the data script failed: line 1, column 44: RangeError: no data today',
    )
    await expect(dispatch('training:start', [{ project: { ...project, network: { ...project.network, inputSize: 3 } } }])).rejects.toThrow(/data\.inputSize: the data has 1 inputs but the network expects m = 3/)
    expect(start).not.toHaveBeenCalled()
  })
})

describe('data:import and data:export', () => {
  it('reads a CSV file chosen in a dialog; problems come with their lines; columns can be chosen', async () => {
    const { dispatch, dialogs } = setup()
    const csv = join(dir, 'steps.csv')
    writeFileSync(csv, 'seq,x,y,target\n1,0,1,1\n1,1,1,0\n2,1,0,oops\n')
    dialogs.answer(csv)
    const first = (await dispatch('data:import', [{ path: null }])) as DataImportResult
    expect(first).toMatchObject({ path: csv, format: 'csv', header: ['seq', 'x', 'y', 'target'], ok: false })
    expect(first.ok ? [] : first.problems.map((p) => p.message).join('\n')).toMatch(/missing column "sequence"/)
    // the same file again, with its columns named: no dialog, one bad cell reported at its line
    const again = (await dispatch('data:import', [{ path: csv, csv: { sequenceColumn: 'seq', inputs: ['x', 'y'], targets: ['target'] } }])) as DataImportResult
    expect(again).toMatchObject({ ok: false, problems: [{ line: 4, column: 'target', message: expect.stringMatching(/expected a number/) }] })
    writeFileSync(csv, 'seq,x,y,target\n1,0,1,1\n1,1,1,0\n2,1,0,\n')
    const good = (await dispatch('data:import', [{ path: csv, csv: { sequenceColumn: 'seq', inputs: ['x', 'y'], targets: ['target'] } }])) as DataImportResult
    expect(good).toMatchObject({ ok: true, data: { inputSize: 2, outputSize: 1, train: [{ u: [[0, 1], [1, 1]], z: [[1], [0]] }, { u: [[1, 0]], z: [null] }] } })
    // a path this window never chose is refused; a cancelled dialog is null
    await expect(dispatch('data:import', [{ path: '/etc/passwd' }])).rejects.toThrow(/was not chosen in this window/)
    dialogs.answer(null)
    expect(await dispatch('data:import', [{ path: null }])).toBeNull()
  })

  it('writes CSV and JSON that read back to the same data', async () => {
    const { dispatch, dialogs } = setup()
    const { data } = await exampleWithData('sine')
    const csv = join(dir, 'sine.csv')
    const json = join(dir, 'sine.json')
    dialogs.answer(csv, json, csv, json)
    expect(await dispatch('data:export', [{ data, format: 'csv', suggestedName: 'sine.csv' }])).toBe(csv)
    expect(await dispatch('data:export', [{ data, format: 'json', suggestedName: 'sine.json' }])).toBe(json)
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe('sequence,set,u1,z1')
    for (let i = 0; i < 2; i++) expect(((await dispatch('data:import', [{ path: null }])) as DataImportResult & { ok: true }).data).toEqual(data)
    expect(dialogs.asked).toContain('save data file (sine.csv, csv)')
    await expect(dispatch('data:export', [{ data: { kind: 'inline', inputSize: 1 }, format: 'csv', suggestedName: 'x.csv' }])).rejects.toThrow(/not valid/)
  })
})

describe('nettalk:describe and nettalk:choose-file', () => {
  const corpus = NETTALK_DICTIONARY

  it('says what a NETtalk project’s files give, or what is wrong', async () => {
    const { dispatch, dialogs } = setup()
    dialogs.answer(corpus)
    expect(await dispatch('nettalk:choose-file', ['corpus'])).toBe(corpus)
    expect(dialogs.asked).toContain('open NETtalk corpus')
    // the corpus was the user's choice in a dialog; the word list beside it was not: it needs their permission
    const list = join(corpus, '../nettalk.list')
    const asks = await dispatch('nettalk:describe', [{ kind: 'nettalk', corpus, wordList: list }])
    expect(asks).toMatchObject({ ok: false, needsPermission: { path: NETTALK_LIST, which: 'wordList', reason: expect.stringMatching(/absolute path/) } })
    const summary = await dispatch('nettalk:describe', [{ kind: 'nettalk', corpus, wordList: list }, null, [NETTALK_LIST]])
    expect(summary).toMatchObject({ ok: true, trainWords: 1000, trainLetters: 5438, validationWords: 500, inputSize: 203, outputSize: 26 })
    // allowed once, for this window: training reads it too
    expect(await dispatch('nettalk:describe', [{ kind: 'nettalk', corpus, wordList: list }])).toMatchObject({ ok: true })
    // no file named: the corpus that ships with the app, from the resources folder the handlers were given
    expect(await dispatch('nettalk:describe', [{ kind: 'nettalk', corpus: 'bundled', wordList: 'bundled' }])).toMatchObject({ ok: true, corpus: NETTALK_DICTIONARY, wordList: NETTALK_LIST, trainWords: 1000, trainLetters: 5438 })
    expect(await dispatch('nettalk:describe', [{ kind: 'nettalk', corpus: null, trainWords: 10 }])).toMatchObject({ ok: true, corpus: NETTALK_DICTIONARY, wordList: null, trainWords: 10 })
    expect(await dispatch('nettalk:describe', [{ kind: 'nettalk', corpus, encoding: { window: 5, outputCoding: 'one-hot' } }])).toMatchObject({ ok: true, inputSize: 145, outputSize: 57 })
    await expect(dispatch('nettalk:describe', [{ kind: 'nettalk', corpus, encoding: { window: 99 } }])).rejects.toThrow(/invalid request/)
  })
})

describe('the NETtalk example as it ships', () => {
  it('trains with no file chosen, unsaved: its data is the bundled corpus', async () => {
    const { dispatch, start } = setup()
    const project = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'nettalk.rnn.json'), 'utf8'))
    expect(project.data).toMatchObject({ corpus: 'bundled', wordList: 'bundled' })
    await dispatch('training:start', [{ project, epochs: 1 }])
    expect(start.mock.calls[0][0].data.sequences).toHaveLength(1000)
    expect(start.mock.calls[0][0].score?.validation).toHaveLength(500)
  })
})

describe('a NETtalk project with a relative corpus path', () => {
  it('is read from the folder of the project file this window saved, and from nowhere else', async () => {
    const { dispatch, dialogs, start } = setup()
    const folder = mkdtempSync(join(dir, 'project-'))
    const file = join(folder, 'talk.rnn.json')
    const project = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'nettalk.rnn.json'), 'utf8'))
    copyFileSync(NETTALK_DICTIONARY, join(folder, 'nettalk.data'))
    project.data = { ...project.data, corpus: 'nettalk.data', wordList: null, trainWords: 20, validationWords: 5 }
    dialogs.answer(file)
    expect(await dispatch('projects:save', [{ project, path: null }])).toBe(file)
    // a path out of the project's folder needs the user's permission
    const escape = { ...project.data, corpus: relative(folder, NETTALK_DICTIONARY) }
    expect(await dispatch('nettalk:describe', [escape, file])).toMatchObject({ ok: false, needsPermission: { path: NETTALK_DICTIONARY, reason: expect.stringMatching(/outside the project’s folder/) } })
    await expect(dispatch('training:start', [{ project: { ...project, data: escape }, epochs: 1, path: file }])).rejects.toThrow(/only with your permission/)

    expect(await dispatch('nettalk:describe', [project.data, file])).toMatchObject({ ok: true, trainWords: 20, validationWords: 5 })
    await dispatch('training:start', [{ project, epochs: 1, path: file }])
    expect(start.mock.calls[0][0].data.sequences).toHaveLength(20)
    expect(start.mock.calls[0][0].score?.train).toHaveLength(20)
    // a path this window never opened or saved does not count, nor does an unsaved project
    const elsewhere = join(dir, 'other', 'talk.rnn.json')
    expect(await dispatch('nettalk:describe', [project.data, elsewhere])).toMatchObject({ ok: false, message: expect.stringMatching(/is a relative path, and the project is not saved/) })
    expect(await dispatch('nettalk:describe', [project.data])).toMatchObject({ ok: false })
  })
})
