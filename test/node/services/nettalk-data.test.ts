// A NETtalk project's data, read from the real corpus (the repository's resources/nettalk/, the files that
// ship with the app): the bundled files with no path, the word list or a seeded random choice, the held-out
// sample, encoding, and the errors a user can meet (a missing file, bad lines with their numbers, list words
// not in the dictionary); then a real trainer process reporting the per-letter score every epoch.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { NETTALK_DICTIONARY, NETTALK_LIST } from '../../helpers/nettalk-corpus.js'
import { resolveProjectData } from '../../../src/node/services/project-data.js'
import { NettalkDataError, nettalkFilePath, nettalkRunScore, OutsidePathError, readNettalkWords } from '../../../src/node/services/nettalk-data.js'
import { builtTrainerLauncher } from '../../helpers/built.js'
import { TrainingService } from '../../../src/node/services/training.js'
import { type NettalkData } from '../../../src/shared/project-file.js'
import { trainingDataset, validationDataset } from '../../../src/shared/runs.js'
import type { EventMap } from '../../../src/shared/ipc.js'
import { RESOURCES_DIR, inProcessRunner, readExample } from '../../helpers/projects.js'

const corpus = NETTALK_DICTIONARY
const list = NETTALK_LIST
const dir = mkdtempSync(join(tmpdir(), 'rnnwb-nettalk-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const data = (more: Partial<NettalkData> = {}): NettalkData => ({ kind: 'nettalk', corpus, ...more })
/** The repository's corpus is outside the test's project folder: read with permission. */
const anywhere = { allowOutside: true }

describe('NETtalk project data', () => {
  it('reads the corpus that ships with the app when the project names no file', async () => {
    const bundled = { resourcesDir: RESOURCES_DIR }
    // absent, null (older files) and 'bundled' all mean the shipped dictionary
    for (const corpus of [undefined, null, 'bundled']) {
      const w = await readNettalkWords({ kind: 'nettalk', ...(corpus !== undefined ? { corpus } : {}), trainWords: 20, validationWords: 5 }, bundled)
      expect(w.corpus).toBe(NETTALK_DICTIONARY)
      expect(w.wordList).toBeNull()
      expect(w.train).toHaveLength(20)
      expect(w.train.length + w.rest.length + w.duplicates).toBe(20007)
    }
    const listed = await readNettalkWords({ kind: 'nettalk', wordList: 'bundled' }, bundled)
    expect(listed.wordList).toBe(NETTALK_LIST)
    expect(listed.train).toHaveLength(1000)
    expect(listed.train.reduce((n, e) => n + e.word.length, 0)).toBe(5438)
    // a path still names a file, 'bundled' or not; a file really called "bundled" is written ./bundled
    expect(nettalkFilePath('corpus', './bundled', { baseDir: dir, ...bundled })).toBe(join(dir, 'bundled'))
    expect(nettalkFilePath('wordList', undefined, bundled)).toBeNull()
    expect(nettalkFilePath('wordList', null, bundled)).toBeNull()
    // the host must say where the shipped files are
    expect(() => nettalkFilePath('corpus', 'bundled')).toThrow(/no resources folder was given/)
  })

  it('the 1,000-word list and the rest of the dictionary held out', async () => {
    const w = await readNettalkWords(data({ wordList: list }), anywhere)
    expect(w.train).toHaveLength(1000)
    expect(w.train.reduce((n, e) => n + e.word.length, 0)).toBe(5438) // nettalk.md: 5,438 letters
    expect(w.validation).toHaveLength(500)
    expect(w.train.length + w.rest.length + w.duplicates).toBe(20007)
    const trainWords = new Set(w.train.map((e) => e.word))
    expect(w.rest.some((e) => trainWords.has(e.word))).toBe(false)
    expect(w.validation.every((e) => !trainWords.has(e.word))).toBe(true)
  })

  it('a seeded random choice: the same seed, the same words; relative paths from the project folder', async () => {
    const rel = relative(dir, corpus)
    const a = await readNettalkWords({ kind: 'nettalk', corpus: rel, trainWords: 100, validationWords: 10, seed: 4 }, { baseDir: dir, allowOutside: true })
    const b = await readNettalkWords({ kind: 'nettalk', corpus, trainWords: 100, validationWords: 10, seed: 4 }, anywhere)
    const c = await readNettalkWords({ kind: 'nettalk', corpus, trainWords: 100, validationWords: 10, seed: 5 }, anywhere)
    expect(a.train.map((e) => e.word)).toEqual(b.train.map((e) => e.word))
    expect(a.validation.map((e) => e.word)).toEqual(b.validation.map((e) => e.word))
    expect(c.train.map((e) => e.word)).not.toEqual(a.train.map((e) => e.word))
  })

  it('says what is wrong: a relative path with no project folder, a missing file, bad lines, list words not in the dictionary', async () => {
    await expect(readNettalkWords(data({ corpus: 'nettalk.data' }))).rejects.toThrow(/nettalk\.data is a relative path, and the project is not saved/)
    await expect(readNettalkWords(data({ corpus: join(dir, 'nope.data') }))).rejects.toThrow(OutsidePathError)
    await expect(readNettalkWords(data({ corpus: join(dir, 'nope.data') }), anywhere)).rejects.toThrow(/the dictionary .*nope\.data does not exist/)
    const bad = join(dir, 'bad.data')
    writeFileSync(bad, 'table\ttebL-\t1<>0<\t0\ncat\tk@\t1<>\t0\ndog\td>g\t1<>\t0\n')
    const error = (await readNettalkWords(data({ corpus: 'bad.data' }), { baseDir: dir }).catch((e: Error) => e)) as Error
    expect(error).toBeInstanceOf(NettalkDataError)
    expect(error.message).toMatch(/bad\.data has 2 problems:\n {2}line 2: .*\n {2}line 3: .*/)
    const words = join(dir, 'words.txt')
    writeFileSync(words, 'table\nqwxz\n')
    await expect(readNettalkWords(data({ wordList: 'words.txt' }), { baseDir: dir, allowOutside: true })).rejects.toThrow(/1 word of .*words\.txt is not in the dictionary: qwxz/)
    await expect(readNettalkWords(data({ encoding: { window: 4 } }), anywhere)).rejects.toThrow(/data\.encoding\.window: expected an odd whole number/)
  })

  it('the example project resolves as it is, on the shipped corpus, to the paper’s words, inputs and outputs', async () => {
    const example = readExample('nettalk')
    const paper = await resolveProjectData(example, inProcessRunner, { resourcesDir: RESOURCES_DIR })
    expect(paper.data).toMatchObject({ inputSize: 203, outputSize: 26 })
    expect(paper.data.train).toHaveLength(1000)
    expect(paper.words?.wordList).toBe(NETTALK_LIST)
    // pointed at another dictionary file, with a random choice of words
    const p = await resolveProjectData({ ...example, data: { ...(example.data as NettalkData), corpus, wordList: null, trainWords: 50, validationWords: 5 } }, inProcessRunner, anywhere)
    expect(p.data).toMatchObject({ inputSize: 203, outputSize: 26 })
    expect(p.data.train).toHaveLength(50)
    expect(p.data.validation).toHaveLength(5)
    expect(p.score?.train).toHaveLength(50)
    expect(p.score?.every).toBe(1) // scored every epoch unless the project says otherwise
    const sparse = await resolveProjectData({ ...example, data: { ...(example.data as NettalkData), corpus, wordList: null, trainWords: 50, validationWords: 5, scoreEvery: 4 } }, inProcessRunner, anywhere)
    expect(sparse.score?.every).toBe(4)
  })

  it('a trainer process reports the per-letter phoneme score every epoch, and it rises', async () => {
    const w = await readNettalkWords(data({ trainWords: 60, validationWords: 20, seed: 2 }), anywhere)
    const example = readExample('nettalk')
    const p = await resolveProjectData({ ...example, network: { ...example.network, hidden: [{ ...example.network.hidden[0], units: 30 }] }, data: { ...(example.data as NettalkData), corpus, wordList: null, trainWords: 60, validationWords: 20, seed: 2 } }, inProcessRunner, anywhere)
    const reports: EventMap['training:progress']['reports'] = []
    const service = new TrainingService(builtTrainerLauncher(), (name, payload) => {
      if (name === 'training:progress') reports.push(...(payload as EventMap['training:progress']).reports)
    })
    try {
      const id = service.start({ network: p.network, training: p.training, data: trainingDataset(p.data), validation: validationDataset(p.data), score: nettalkRunScore(w), epochs: 8 })
      const run = await service.ended(id)
      expect(run.status).toBe('completed')
    } finally {
      service.dispose()
    }
    expect(reports).toHaveLength(8)
    for (const r of reports) {
      expect(r.scores!.train).toBeGreaterThanOrEqual(0)
      expect(r.scores!.train).toBeLessThanOrEqual(1)
      expect(r.scores!.validation).toBeDefined()
    }
    expect(reports[7].scores!.train).toBeGreaterThan(reports[0].scores!.train + 0.2)
  })
})
