// The weights channels through main's dispatcher, with scripted dialogs and real files in a temporary folder:
// weights:export writes each format (one file where the user says; csv and pytorch into a chosen folder, asking
// before writing over files already there), leaves the optimizer state out on request, refuses an untrained
// project before asking anything and never writes over a project file of the window; weights:import reads JSON,
// .npz and project files back to the same weights, and refuses weights for another network naming each array
// and its expected shape. Cancelled dialogs give null; bad requests are refused.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Trainer } from '../../src/core/index.js'
import { EventQueue } from '../../src/node/events.js'
import { exportWeights } from '../../src/node/export/index.js'
import { createHandlers } from '../../src/node/handlers.js'
import { createDispatcher } from '../../src/node/ipc-dispatch.js'
import { ExamplesService } from '../../src/node/services/examples.js'
import { ProjectService } from '../../src/node/services/projects.js'
import { INPUT_LIMITS } from '../../src/shared/project-constants.js'

const MAX_WEIGHTS_FILE_BYTES = INPUT_LIMITS.weightsFileBytes
import type { TrainingService } from '../../src/node/services/training.js'
import type { SweepService } from '../../src/node/services/sweeps.js'
import type { WeightsExportResult, WeightsImportResult } from '../../src/shared/ipc.js'
import { toProjectFile, type InlineData, type Project, type ProjectFile } from '../../src/shared/project-file.js'
import { trainingDataset } from '../../src/shared/runs.js'
import { ScriptedDialogs } from '../harness/dialogs.js'
import { EXAMPLES_DIR, RESOURCES_DIR, exampleWithData, inProcessRunner } from '../helpers/projects.js'

const dir = mkdtempSync(join(tmpdir(), 'rnnwb-weights-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function setup() {
  const dialogs = new ScriptedDialogs()
  const dispatch = createDispatcher(
    createHandlers({
      version: '1',
      events: new EventQueue(() => {}),
      examples: new ExamplesService(EXAMPLES_DIR),
      training: {} as unknown as TrainingService,
      sweeps: {} as unknown as SweepService,
      projects: new ProjectService(join(dir, 'state')),
      dialogs,
      scripts: inProcessRunner,
      resourcesDir: RESOURCES_DIR,
    }),
  )
  return { dispatch, dialogs }
}

/** The sine example trained for 3 epochs (Adam: it has optimizer state), in file form as the window sends it. */
let trained: Project<InlineData>
let file: ProjectFile
beforeAll(async () => {
  const project = await exampleWithData('sine')
  const trainer = new Trainer({ network: project.network, training: project.training, data: trainingDataset(project.data) })
  for (let e = 0; e < 3; e++) trainer.runEpoch()
  trained = { ...project, weights: { ...trainer.snapshot(), epoch: trainer.epoch }, history: { loss: [0.3, 0.2, 0.1] } }
  file = toProjectFile(trained)
})

let n = 0
const fresh = (name: string) => join(dir, `${n++}-${name}`)
const exported = (format: 'json' | 'npz' | 'onnx' | 'csv' | 'pytorch', include?: { optimizer?: boolean }) =>
  exportWeights(trained, { format, ...(include ? { include } : {}) }).files

describe('weights:export', () => {
  it.each(['json', 'npz', 'onnx'] as const)('writes %s to the file chosen in the save dialog', async (format) => {
    const { dispatch, dialogs } = setup()
    const path = fresh(`out.${format}`)
    dialogs.answer(path)
    const result = (await dispatch('weights:export', [{ project: file, format }])) as WeightsExportResult
    expect(result).toEqual({ paths: [path] })
    expect(new Uint8Array(readFileSync(path))).toEqual(new Uint8Array(exported(format)[0].bytes))
    const suggested = { json: 'Sine-weights.json', npz: 'Sine-weights.npz', onnx: 'Sine-model.onnx' }[format]
    expect(dialogs.asked).toEqual([`save export (${suggested}, ${format})`])
  })

  it.each([
    ['csv', ['W0.csv', 'V1.csv', 'b1.csv', 'W1.csv', 'b2.csv']],
    ['pytorch', ['model.py', 'weights.npz']],
  ] as const)('writes %s into the chosen folder (made when missing)', async (format, names) => {
    const { dispatch, dialogs } = setup()
    const folder = fresh(`${format}-out`)
    dialogs.answer(folder)
    const result = (await dispatch('weights:export', [{ project: file, format }])) as WeightsExportResult
    expect(result).toEqual({ paths: names.map((f) => join(folder, f)) })
    expect(readdirSync(folder).sort()).toEqual([...names].sort())
    exported(format).forEach((f) => expect(new Uint8Array(readFileSync(join(folder, f.name)))).toEqual(new Uint8Array(f.bytes)))
    expect(dialogs.asked).toEqual([`export folder (${format})`])
  })

  it('asks before writing over files in the folder; no means nothing is written', async () => {
    const { dispatch, dialogs } = setup()
    const folder = fresh('again')
    mkdirSync(folder)
    writeFileSync(join(folder, 'model.py'), 'mine')
    writeFileSync(join(folder, 'notes.txt'), 'also mine')
    dialogs.answer(folder, false)
    expect(await dispatch('weights:export', [{ project: file, format: 'pytorch' }])).toBeNull()
    expect(dialogs.asked[1]).toBe(`confirm: Replace model.py in ${folder.split('/').pop()}?`)
    expect(readFileSync(join(folder, 'model.py'), 'utf8')).toBe('mine')
    expect(existsSync(join(folder, 'weights.npz'))).toBe(false)
    dialogs.answer(folder, true)
    expect(await dispatch('weights:export', [{ project: file, format: 'pytorch' }])).toEqual({ paths: [join(folder, 'model.py'), join(folder, 'weights.npz')] })
    expect(readFileSync(join(folder, 'model.py'), 'utf8')).toMatch(/class WorkbenchNet/)
    expect(readFileSync(join(folder, 'notes.txt'), 'utf8')).toBe('also mine')
    expect(readdirSync(folder).sort()).toEqual(['model.py', 'notes.txt', 'weights.npz']) // no temporary files left
  })

  it('leaves the optimizer state out when asked', async () => {
    const { dispatch, dialogs } = setup()
    const [all, without] = [fresh('all.json'), fresh('without.json')]
    dialogs.answer(all, without)
    await dispatch('weights:export', [{ project: file, format: 'json' }])
    await dispatch('weights:export', [{ project: file, format: 'json', include: { optimizer: false } }])
    expect(JSON.parse(readFileSync(all, 'utf8')).optimizer).toMatchObject({ steps: 3 })
    expect(JSON.parse(readFileSync(without, 'utf8')).optimizer).toBeUndefined()
    expect(JSON.parse(readFileSync(without, 'utf8')).arrays).toEqual(JSON.parse(readFileSync(all, 'utf8')).arrays)
  })

  it('refuses a project without trained weights, before asking anything', async () => {
    const { dispatch, dialogs } = setup()
    for (const format of ['json', 'csv'] as const) {
      await expect(dispatch('weights:export', [{ project: { ...file, weights: null }, format }])).rejects.toThrow('"Sine" has no trained weights yet: train it first, then export')
    }
    expect(dialogs.asked).toEqual([])
  })

  it('never writes over a project file of this window', async () => {
    const { dispatch, dialogs } = setup()
    const projectPath = fresh('sine.rnn.json')
    dialogs.answer(projectPath)
    await dispatch('projects:save', [{ project: file, path: null }])
    const before = readFileSync(projectPath, 'utf8')
    dialogs.answer(projectPath)
    await expect(dispatch('weights:export', [{ project: file, format: 'json' }])).rejects.toThrow(/is a project file of this window: export into another file/)
    expect(readFileSync(projectPath, 'utf8')).toBe(before)
  })

  it('gives null when the dialog is cancelled', async () => {
    const { dispatch, dialogs } = setup()
    dialogs.answer(null, null)
    expect(await dispatch('weights:export', [{ project: file, format: 'onnx' }])).toBeNull()
    expect(await dispatch('weights:export', [{ project: file, format: 'csv' }])).toBeNull()
  })

  it('refuses bad requests', async () => {
    const { dispatch } = setup()
    await expect(dispatch('weights:export', [{ project: file, format: 'xlsx' }])).rejects.toThrow(/invalid request to weights:export: argument 0\.format/)
    await expect(dispatch('weights:export', [{ project: file, format: 'json', include: { history: true } }])).rejects.toThrow(/invalid request to weights:export/)
    await expect(dispatch('weights:export', [{ project: file, format: 'json', path: '/tmp/x' }])).rejects.toThrow(/invalid request to weights:export/)
    await expect(dispatch('weights:export', [{ project: { ...file, network: { ...file.network, inputSize: 0 } }, format: 'json' }])).rejects.toThrow(/network\.inputSize/)
  })
})

describe('weights:import', () => {
  it('reads JSON, .npz and a project file back to the same weights', async () => {
    const { dispatch, dialogs } = setup()
    for (const format of ['json', 'npz'] as const) {
      const path = fresh(`back.${format}`)
      writeFileSync(path, exported(format)[0].bytes)
      dialogs.answer(path)
      const result = (await dispatch('weights:import', [{ project: { ...file, weights: null } }])) as WeightsImportResult
      expect(result).toEqual({ path, weights: file.weights })
    }
    const projectPath = fresh('whole.rnn.json')
    writeFileSync(projectPath, JSON.stringify(file))
    dialogs.answer(projectPath)
    expect(((await dispatch('weights:import', [{ project: file }])) as WeightsImportResult).weights).toEqual(file.weights)
    expect(dialogs.asked).toEqual(['open weights file', 'open weights file', 'open weights file'])
  })

  it('refuses weights of another network, naming each array and the shape this project expects', async () => {
    const { dispatch, dialogs } = setup()
    const path = fresh('other.npz')
    writeFileSync(path, exported('npz')[0].bytes)
    const units = file.network.hidden[0].units
    const wider = { ...file, weights: null, network: { ...file.network, hidden: [{ ...file.network.hidden[0], units: units + 2 }] } }
    dialogs.answer(path)
    const error = await dispatch('weights:import', [{ project: wider }]).then(
      () => null,
      (e: Error) => e.message,
    )
    expect(error).not.toBeNull()
    const lines = error!.split('\n')
    expect(lines[0]).toBe(`${path.split('/').pop()}: W0: expected shape [${units + 2}, 1], got [${units}, 1]`)
    expect(lines).toContain(`V1: expected shape [${units + 2}, ${units + 2}], got [${units}, ${units}]`)
    expect(lines).toContain(`W1: expected shape [1, ${units + 2}], got [1, ${units}]`)
  })

  it('refuses what is not weights, and files over the size cap before reading them', async () => {
    const { dispatch, dialogs } = setup()
    const text = fresh('notes.json')
    writeFileSync(text, '{"hello": 1}')
    const huge = fresh('huge.npz')
    writeFileSync(huge, '')
    truncateSync(huge, MAX_WEIGHTS_FILE_BYTES + 1) // sparse: no disk space used
    dialogs.answer(text, huge, fresh('missing.json'))
    await expect(dispatch('weights:import', [{ project: file }])).rejects.toThrow(/notes\.json: the JSON file: not RNN Workbench weights/)
    await expect(dispatch('weights:import', [{ project: file }])).rejects.toThrow(`huge.npz: the weights file ${huge} is too large: ${MAX_WEIGHTS_FILE_BYTES + 1} bytes, and a weights file may have at most ${MAX_WEIGHTS_FILE_BYTES} (512 MiB)`)
    await expect(dispatch('weights:import', [{ project: file }])).rejects.toThrow(/missing\.json: the weights file .*missing\.json does not exist/)
  })

  it('gives null when the dialog is cancelled, and refuses bad requests', async () => {
    const { dispatch, dialogs } = setup()
    dialogs.answer(null)
    expect(await dispatch('weights:import', [{ project: file }])).toBeNull()
    await expect(dispatch('weights:import', [{ project: file, path: '/etc/passwd' }])).rejects.toThrow(/invalid request to weights:import/)
    await expect(dispatch('weights:import', [{ project: { format: 'nope' } }])).rejects.toThrow(/not an RNN Workbench project/)
    expect(dialogs.asked).toEqual(['open weights file'])
  })
})
