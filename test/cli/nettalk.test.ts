// rnnwb on a NETtalk project: train (the per-letter score in the --json epoch lines of scored epochs), eval (scores on the
// training words and every held-out word), predict (phonemes, stress and the sliding window of a word).
// The example as it ships trains from the repository with no file named (its data is the bundled corpus,
// resources/nettalk/); another corpus is read through a path relative to the project file.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { NETTALK_DICTIONARY } from '../helpers/nettalk-corpus.js'
import { runCli, runInProcess } from '../helpers/cli.js'
import { EXAMPLES_DIR, RESOURCES_DIR } from '../helpers/projects.js'

const corpus = NETTALK_DICTIONARY
const dir = mkdtempSync(join(tmpdir(), 'rnnwb-nettalk-cli-'))
mkdirSync(join(dir, 'corpus'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const rnnwb = (...args: string[]) => runInProcess(args) // the built CLI's run() in this process (test/helpers/cli.ts)

const REPO = join(RESOURCES_DIR, '..')

describe('rnnwb on a NETtalk project', () => {
  it('trains the example as it ships, from the repository: rnnwb train resources/examples/nettalk.rnn.json', async () => {
    const out = join(dir, 'paper.rnn.json')
    const r = await runCli(REPO, 'train', 'resources/examples/nettalk.rnn.json', '--epochs', '1', '--out', out, '--json')
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    const epochs = lines.filter((l) => l.type === 'epoch')
    expect(epochs).toHaveLength(1)
    expect(epochs[0].scores).toEqual({ train: expect.any(Number), validation: expect.any(Number) })
    // the paper's 1000 words, 5438 letters: one pattern per letter
    const trained = JSON.parse(readFileSync(out, 'utf8'))
    expect(trained.data).toMatchObject({ kind: 'nettalk', corpus: 'bundled', wordList: 'bundled' })
    expect(trained.weights.epoch).toBe(1)
  }, 180_000) // a child process starting tsx, then 1000 words: minutes on a loaded 2-core machine

  it('trains with the score per epoch, evaluates on held-out words, and pronounces a word', async () => {
    const project = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'nettalk.rnn.json'), 'utf8'))
    const input = join(dir, 'nettalk.rnn.json')
    // a dictionary file that is not there: train says which
    writeFileSync(input, JSON.stringify({ ...project, data: { ...project.data, corpus: 'missing/nettalk.data' } }))
    const noCorpus = await rnnwb('train', input)
    expect(noCorpus.code).toBe(2)
    expect(noCorpus.stderr).toMatch(/^rnnwb: the dictionary .*missing\/nettalk\.data does not exist/)

    // another corpus file, chosen by a path relative to the project file, and a random choice of words
    // scored every 5 epochs (and the run's last)
    copyFileSync(corpus, join(dir, 'corpus', 'nettalk.data'))
    project.data = { ...project.data, corpus: 'corpus/nettalk.data', wordList: null, trainWords: 100, validationWords: 30, scoreEvery: 5 }
    project.network.hidden[0].units = 40
    writeFileSync(input, JSON.stringify(project))
    const trained = join(dir, 'trained.rnn.json')
    const r = await rnnwb('train', input, '--epochs', '12', '--out', trained, '--json')
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines[0]).toEqual({ type: 'start', epochs: 12, from: 0, kernels: 'wasm' })
    const epochs = lines.filter((l) => l.type === 'epoch')
    expect(epochs).toHaveLength(12)
    const scored = epochs.filter((l) => l.scores)
    expect(scored.map((l) => l.epoch)).toEqual([5, 10, 12])
    expect(scored[2].scores).toEqual({ train: expect.any(Number), validation: expect.any(Number) })
    expect(scored[2].scores.train).toBeGreaterThan(scored[0].scores.train)

    const e = await rnnwb('eval', trained, '--json')
    expect(e.code, e.stderr).toBe(0)
    const scores = JSON.parse(e.stdout).nettalk
    expect(scores.train).toMatchObject({ words: 100 })
    expect(scores.heldOut.words).toBe(20007 - 206 - 100) // every word not trained on: 20,007 lines less 206 later pronunciations
    expect(scores.train.phonemes).toBeGreaterThan(0.65) // 12 passes over 100 words: past the most-frequent-phoneme baseline (about 61%)
    expect(scores.heldOut.phonemes).toBeGreaterThan(0.3)
    expect((await rnnwb('eval', trained)).stdout).toMatch(/heldOut \(19701 words, \d+ letters\): phonemes \d+\.\d%/)

    const p = await rnnwb('predict', trained, '--word', 'table', '--json')
    expect(p.code, p.stderr).toBe(0)
    const [table] = JSON.parse(p.stdout).words
    expect(table.word).toBe('table')
    expect(table.phonemes).toHaveLength(5)
    expect(table.letters.map((l: { window: string }) => l.window)).toEqual(['___tabl', '__table', '_table_', 'table__', 'able___'])
    expect((await rnnwb('predict', trained, '--word', 'Table', '--word', 'cat')).stdout).toMatch(/^table {2}\/.{5}\/ {2}stress .{5}\n {2}t {2}___tabl /)
    expect((await rnnwb('predict', trained, '--word', 'no-way')).stderr).toMatch(/"no-way" is not a word of letters a–z/)
    expect((await rnnwb('predict', join(EXAMPLES_DIR, 'sine.rnn.json'), '--word', 'x')).code).toBe(2)
  }, 300_000) // nine commands, one scoring all 19,701 held-out words
})
