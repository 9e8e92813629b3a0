// `rnnwb runs`, called in-process through the CLI's run() on real files in a temp folder: the table and the
// --json list of a project's run records, a project without records, and bad input.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { run, EXIT } from '../../src/cli/main.js'
import { parseProject, serializeProject, weightsToFile } from '../../src/shared/project-file.js'
import { addRecord, runRecord, type RunOutcome } from '../../src/shared/run-records.js'

const dir = mkdtempSync(join(tmpdir(), 'rnnwb-runs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function rnnwb(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await run(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), errIsTty: false })
  return { code, stdout, stderr }
}

const v1 = readFileSync(join(import.meta.dirname, '../fixtures/projects/echo-v1.rnn.json'), 'utf8')
const project = parseProject(v1)

function outcome(change: Partial<RunOutcome>): RunOutcome {
  return {
    network: project.network,
    training: project.training,
    dataHash: 'fnv1a64:00000000000000aa',
    startedAt: Date.UTC(2026, 11, 5),
    endedAt: Date.UTC(2026, 11, 5) + 2500,
    startEpoch: 0,
    status: 'completed',
    loss: [0.5, 0.25],
    validationLoss: [0.6, 0.3],
    scores: [],
    weights: weightsToFile(project.network, project.weights!),
    ...change,
  }
}

const records = [
  runRecord('r1', outcome({ training: { ...project.training, learningRate: 0.1 } }), { label: 'learningRate=0.1' })!,
  runRecord('r2', outcome({ status: 'failed', message: 'diverged in epoch 2', loss: [0.5, Infinity], validationLoss: [0.7], weights: undefined, training: { ...project.training, learningRate: 10, seed: 4 } }), { label: 'learningRate=10' })!,
  { ...runRecord('r3', outcome({ status: 'stopped', loss: [0.4], validationLoss: [0.2], scores: [{ epoch: 1, scores: { train: 0.5, validation: 0.375 } }] }))!, pinned: true },
].reduce(addRecord, [])

const withRuns = join(dir, 'with-runs.rnn.json')
writeFileSync(withRuns, serializeProject({ ...project, runs: records }))
const without = join(dir, 'without.rnn.json')
writeFileSync(without, v1)

describe('rnnwb runs', () => {
  it('lists the records as a table, oldest first', async () => {
    const r = await rnnwb('runs', withRuns)
    expect(r.code).toBe(EXIT.ok)
    expect(r.stderr).toBe('')
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0].split(/\s{2,}/)).toEqual(['id', 'ended', 'epochs', 'loss', 'best', 'val loss', 'score', 'time', 'seed', 'weights', 'label'])
    expect(lines[1].split(/\s{2,}/)).toEqual(['r1', 'finished', '2', '0.250000', '0.250000', '0.300000', '–', '2.5s', '1', 'learningRate=0.1'])
    expect(lines[2].split(/\s{2,}/)).toEqual(['r2', 'failed', '2', '–', '0.500000', '0.700000', '–', '2.5s', '4', 'learningRate=10'])
    // r3 is pinned (*), keeps its weights, and has a score; r1 lost its weights to r3 (better, same data)
    expect(lines[3].split(/\s{2,}/)).toEqual(['r3*', 'stopped', '1', '0.400000', '0.400000', '0.200000', '37.5%', '2.5s', '1', 'yes'])
  })

  it('--json prints one array of summaries: settings and figures, no histories or weights', async () => {
    const r = await rnnwb('runs', withRuns, '--json')
    expect(r.code).toBe(EXIT.ok)
    const list = JSON.parse(r.stdout)
    expect(list.map((x: { id: string }) => x.id)).toEqual(['r1', 'r2', 'r3'])
    expect(list[1]).toMatchObject({
      id: 'r2',
      label: 'learningRate=10',
      seed: 4,
      training: { learningRate: 10, seed: 4 },
      ended: { status: 'failed', message: 'diverged in epoch 2' },
      epochs: 2,
      finalLoss: null,
      bestLoss: 0.5,
      finalValidationLoss: 0.7,
      finalScore: null,
      hasWeights: false,
      durationMs: 2500,
      startedAt: '2026-12-05T00:00:00.000Z',
    })
    expect(list[2]).toMatchObject({ pinned: true, hasWeights: true, finalScore: 0.375 })
    for (const x of list) expect(Object.keys(x)).not.toContain('loss')
  })

  it('a project without records (a version-1 file) has none', async () => {
    expect(await rnnwb('runs', without)).toEqual({ code: EXIT.ok, stdout: 'no runs recorded in without.rnn.json\n', stderr: '' })
    expect(await rnnwb('runs', without, '--json')).toEqual({ code: EXIT.ok, stdout: '[]\n', stderr: '' })
  })

  it('bad input: no project, a bad record, an unknown option', async () => {
    const missing = await rnnwb('runs')
    expect(missing.code).toBe(EXIT.badInput)
    expect(missing.stderr).toMatch(/^rnnwb: missing the project file\n/)
    const bad = join(dir, 'bad.rnn.json')
    const json = JSON.parse(readFileSync(withRuns, 'utf8'))
    json.runs[1].epochs = 5
    writeFileSync(bad, JSON.stringify(json))
    const r = await rnnwb('runs', bad)
    expect(r.code).toBe(EXIT.badInput)
    expect(r.stderr).toBe('rnnwb: bad project: runs[1].loss: expected 5 values (epochs), got 2\n')
    expect((await rnnwb('runs', withRuns, '--csv')).stderr).toMatch(/^rnnwb: Unknown option '--csv'/)
  })
})
