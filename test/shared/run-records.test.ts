// Run records (project format version 2): the data hash, a record built from a run's outcome, the file round
// trip, the migration of a committed version-1 file, which records keep weights, and hostile records refused
// with the JSON path of the problem.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LIMITS, ProjectFileError, parseProject, serializeProject, weightsToFile, type Project, type RunRecord } from '../../src/shared/project-file.js'
import { addRecord, dataHash, nextRecordId, recordResult, runRecord, sameRun, type RunOutcome } from '../../src/shared/run-records.js'

const V1_FILE = join(import.meta.dirname, '../fixtures/projects/echo-v1.rnn.json')
const v1Text = readFileSync(V1_FILE, 'utf8')

const data = {
  inputSize: 1,
  outputSize: 1,
  train: [{ u: [[1], [0]], z: [null, [1]] }],
  validation: [{ u: [[0.5]], z: [[0]] }],
}

function outcome(change: Partial<RunOutcome> = {}): RunOutcome {
  const p = parseProject(v1Text)
  return {
    network: p.network,
    training: p.training,
    dataHash: dataHash(data),
    startedAt: Date.UTC(2026, 11, 5, 12, 0, 0),
    endedAt: Date.UTC(2026, 11, 5, 12, 0, 1, 500),
    startEpoch: 0,
    status: 'completed',
    loss: [0.5, 0.4, 0.3],
    validationLoss: [0.6, 0.5, 0.45],
    scores: [],
    weights: weightsToFile(p.network, p.weights!),
    ...change,
  }
}

const errorOf = (text: string): ProjectFileError => {
  try {
    parseProject(text)
  } catch (e) {
    if (e instanceof ProjectFileError) return e
    throw e
  }
  throw new Error('parsed')
}

describe('dataHash', () => {
  it('is FNV-1a 64 (the empty input gives the offset basis) and names the data, not its formatting', () => {
    const h = dataHash(data)
    expect(h).toMatch(/^fnv1a64:[0-9a-f]{16}$/)
    expect(dataHash(JSON.parse(JSON.stringify(data).replace('0.5', '5e-1')))).toBe(h)
    expect(dataHash({ ...data, validation: undefined })).toBe(dataHash({ ...data, validation: [] }))
  })

  it('changes with any value, a missing target, the order or the split into train and validation', () => {
    const variants = [
      { ...data, train: [{ u: [[1], [0]], z: [null, [0.999]] }] },
      { ...data, train: [{ u: [[1], [0]], z: [[0], [1]] }] },
      { ...data, validation: undefined },
      { ...data, train: [...data.train, ...data.validation], validation: undefined },
      { ...data, train: [{ u: [[0], [1]], z: [null, [1]] }] },
      { ...data, outputSize: 2 },
    ]
    const hashes = new Set([dataHash(data), ...variants.map(dataHash)])
    expect(hashes.size).toBe(variants.length + 1)
  })

  it('matches a reference FNV-1a 64 over the same bytes (BigInt arithmetic)', () => {
    // the bytes of { inputSize 1, outputSize 1, train: [], validation: [] }: four float64 LE numbers
    const bytes = new Uint8Array(new Float64Array([1, 1, 0, 0]).buffer)
    let h = 0xcbf29ce484222325n
    for (const b of bytes) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn
    expect(dataHash({ inputSize: 1, outputSize: 1, train: [] })).toBe(`fnv1a64:${h.toString(16).padStart(16, '0')}`)
  })
})

describe('runRecord', () => {
  it('keeps settings, seed, data identity, times, losses, scores and how the run ended', () => {
    const r = runRecord('r1', outcome({ scores: [{ epoch: 3, scores: { train: 0.5, validation: 0.25 } }, { epoch: 1, scores: { train: 0.1 } }, { epoch: 3, scores: { train: 0.5, validation: 0.25 } }] }), { label: 'learningRate=0.5' })!
    expect(r).toMatchObject({
      id: 'r1',
      label: 'learningRate=0.5',
      seed: 1, // the training spec's default
      startedAt: '2026-12-05T12:00:00.000Z',
      durationMs: 1500,
      startEpoch: 0,
      epochs: 3,
      ended: { status: 'finished' },
      loss: [0.5, 0.4, 0.3],
      validationLoss: [0.6, 0.5, 0.45],
      scores: [{ epoch: 1, train: 0.1 }, { epoch: 3, train: 0.5, validation: 0.25 }],
    })
    expect(r.training).toEqual(parseProject(v1Text).training)
    expect(r.weights!.arrays.map((a) => a.name)).toEqual(['W0', 'V1', 'b1', 'W1', 'b2'])
  })

  it('records a diverged run as a result: non-finite losses become null, the message is kept (cut to length)', () => {
    const r = runRecord('r2', outcome({ status: 'failed', message: 'diverged: ' + 'x'.repeat(5000), loss: [0.5, Infinity], validationLoss: [0.5, NaN], weights: undefined }))!
    expect(r.ended.status).toBe('failed')
    expect(r.ended.message!.length).toBe(LIMITS.runRecordText)
    expect(r.loss).toEqual([0.5, null])
    expect(r.validationLoss).toEqual([0.5, null])
    expect(recordResult(r)).toBeNull()
    expect(r.weights).toBeUndefined()
    // and the record still saves and loads
    const p: Project = { ...parseProject(v1Text), runs: [r] }
    expect(parseProject(serializeProject(p)).runs).toEqual([r])
  })

  it('is null for a run whose settings the model rejects (it never trained; a project holds valid specs only)', () => {
    const p = parseProject(v1Text)
    const bad = outcome({ status: 'failed', message: 'softmax', loss: [], validationLoss: [], weights: undefined, network: { ...p.network, hidden: [{ units: 2, activation: 'softmax' }] } })
    expect(runRecord('r1', bad)).toBeNull()
  })

  it('nextRecordId is one past the highest r<n>', () => {
    expect(nextRecordId([])).toBe('r1')
    expect(nextRecordId([runRecord('r7', outcome())!, runRecord('other', outcome())!, runRecord('r2', outcome())!])).toBe('r8')
  })
})

describe('project files with run records', () => {
  it('migrates a version-1 file: history kept as the current weights’ history, no records; written again as version 1', () => {
    const p = parseProject(v1Text)
    expect(p.history).toEqual({ loss: [0.41, 0.38], validationLoss: [0.14, 0.13] })
    expect(p.runs).toBeUndefined()
    const again = serializeProject(p)
    expect(JSON.parse(again).version).toBe(1)
    expect(parseProject(again)).toEqual(p)
  })

  it('a project with records is written as version 2 and reads back identically, records and all', () => {
    const p = parseProject(v1Text)
    const runs = addRecord(addRecord([], runRecord('r1', outcome())!), runRecord('r2', outcome({ status: 'stopped', loss: [0.5], validationLoss: [0.7] }))!)
    const text = serializeProject({ ...p, runs })
    expect(JSON.parse(text).version).toBe(2)
    const back = parseProject(text)
    expect(back.runs).toEqual(runs)
    expect(back.history).toEqual(p.history)
    // losses stay one line each (diffable)
    expect(text).toContain('"loss": [0.5, 0.4, 0.3]')
  })

  it('refuses hostile or inconsistent records with the JSON path of each problem', () => {
    const p = parseProject(v1Text)
    const good = runRecord('r1', outcome())!
    const file = (edit: (json: any) => void) => {
      const json = JSON.parse(serializeProject({ ...p, runs: [good] }))
      edit(json)
      return JSON.stringify(json)
    }
    const cases: [string, (j: any) => void, string, RegExp][] = [
      ['records in a version-1 file', (j) => (j.version = 1), 'runs', /need format version 2/],
      ['a duplicate id', (j) => j.runs.push(j.runs[0]), 'runs[1].id', /used by an earlier record/],
      ['a bad id', (j) => (j.runs[0].id = '../x'), 'runs[0].id', /expected an id/],
      ['losses not matching epochs', (j) => (j.runs[0].epochs = 4), 'runs[0].loss', /expected 4 values/],
      ['a spec the model rejects', (j) => (j.runs[0].network.hidden[0].activation = 'softmax'), 'runs[0].network.hidden[0].activation', /./],
      ['weights not fitting the record’s network', (j) => (j.runs[0].network.hidden[0].units = 3), 'runs[0].weights.arrays', /./],
      ['a bad data hash', (j) => (j.runs[0].dataHash = 'md5:00'), 'runs[0].dataHash', /fnv1a64/],
      ['an unknown ending', (j) => (j.runs[0].ended.status = 'exploded'), 'runs[0].ended.status', /./],
      ['an unknown field', (j) => (j.runs[0].extra = 1), 'runs[0]', /extra/],
      ['a score outside [0, 1]', (j) => (j.runs[0].scores = [{ epoch: 1, train: 2 }]), 'runs[0].scores[0].train', /./],
      ['too many records', (j) => (j.runs = Array.from({ length: LIMITS.runRecords + 1 }, (_, i) => ({ ...j.runs[0], id: `r${i}`, weights: undefined }))), 'runs', /1000/],
      ['too many with weights', (j) => (j.runs = Array.from({ length: LIMITS.runRecordsWithWeights + 1 }, (_, i) => ({ ...j.runs[0], id: `r${i}` }))), 'runs', /at most 16/],
      ['a version newer than this app', (j) => (j.version = 3), 'version', /newer RNN Workbench/],
    ]
    for (const [what, edit, path, message] of cases) {
      const issue = errorOf(file(edit)).issues.find((i) => i.path.startsWith(path))
      expect(issue, what).toBeDefined()
      expect(issue!.message, what).toMatch(message)
    }
  })
})

describe('addRecord', () => {
  const rec = (id: string, last: number, change: Partial<RunRecord> = {}) => ({ ...runRecord(id, outcome({ loss: [1, last], validationLoss: [] }))!, ...change })

  it('keeps weights on the best record per data and the pinned ones only', () => {
    let runs: RunRecord[] = []
    runs = addRecord(runs, rec('r1', 0.5))
    runs = addRecord(runs, rec('r2', 0.2))
    runs = addRecord(runs, rec('r3', 0.9, { pinned: true }))
    runs = addRecord(runs, rec('r4', 0.7, { dataHash: 'fnv1a64:0000000000000001' }))
    runs = addRecord(runs, rec('r5', 0.3))
    expect(runs.filter((r) => r.weights).map((r) => r.id)).toEqual(['r2', 'r3', 'r4'])
    expect(runs.map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5'])
  })

  it('drops the oldest unpinned records beyond the limit', () => {
    let runs: RunRecord[] = [rec('r0', 1, { pinned: true, weights: undefined })]
    for (let i = 1; i <= LIMITS.runRecords; i++) runs = addRecord(runs, rec(`r${i}`, 1, { weights: undefined }))
    expect(runs).toHaveLength(LIMITS.runRecords)
    expect(runs[0].id).toBe('r0')
    expect(runs[1].id).toBe('r2')
  })
})

describe('sameRun (a repeat against its record)', () => {
  const original = runRecord('r1', outcome())!
  const repeat = (change: Partial<RunOutcome> = {}) => runRecord('r2', outcome(change), { repeatOf: 'r1' })!

  it('kept weights: identical when every array, the epoch and the optimizer state have the same bits', () => {
    expect(original.weights).toBeDefined()
    expect(sameRun(original, repeat())).toBe(true)
    // after a trip through the file (JSON numbers, base64 text)
    expect(sameRun(parseProject(serializeProject({ ...parseProject(v1Text), runs: [original] })).runs![0], repeat())).toBe(true)
    const p = parseProject(v1Text)
    const nudged = Float64Array.from(p.weights!.params)
    nudged[3] = nudged[3] + nudged[3] * Number.EPSILON // the next double: one bit
    expect(sameRun(original, repeat({ weights: weightsToFile(p.network, { ...p.weights!, params: nudged }) }))).toBe(false)
    expect(sameRun(original, repeat({ weights: undefined }))).toBe(false)
    // the same weights with other losses still count: the weights are what is compared when kept
    expect(sameRun(original, repeat({ loss: [0.5, 0.4, 0.31] }))).toBe(true)
  })

  it('without weights: identical when the loss and validation histories are the same doubles', () => {
    const bare = runRecord('r1', outcome({ weights: undefined }))!
    expect(sameRun(bare, repeat())).toBe(true)
    expect(sameRun(bare, repeat({ loss: [0.5, 0.4, 0.3 + 2 ** -54] }))).toBe(false)
    expect(sameRun(bare, repeat({ loss: [0.5, 0.4] }))).toBe(false)
    expect(sameRun(bare, repeat({ validationLoss: [] }))).toBe(bare.validationLoss === undefined)
    // a diverged epoch (null in the record) matches a diverged epoch only
    const diverged = runRecord('r1', outcome({ weights: undefined, loss: [0.5, Infinity] }))!
    expect(sameRun(diverged, repeat({ loss: [0.5, NaN] }))).toBe(true)
    expect(sameRun(diverged, repeat({ loss: [0.5, 1] }))).toBe(false)
  })

  it('other data is never the same run', () => {
    expect(sameRun(original, repeat({ dataHash: dataHash({ ...data, train: [] }) }))).toBe(false)
  })
})
