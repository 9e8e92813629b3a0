// Size budgets and path rules of every file a user gives the app (issue 16): a 2 GB file of each kind is
// refused by its size (sparse files: nothing is written, and nothing may be read), deeply nested JSON gives the
// documented error rather than a RangeError, an .npz is inflated only within its declared sizes, large files
// are parsed in a worker whose running out of memory is a bad-input error, and a NETtalk project reads only
// regular files in its own folder unless allowed.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { zipSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'
import type { NetworkSpec } from '../../../src/core/index.js'
import { importWeights, exportWeights, WeightsImportError } from '../../../src/node/export/index.js'
import { writeNpz } from '../../../src/node/export/npz.js'
import { readDataFile } from '../../../src/node/services/data-files.js'
import { readProjectFile } from '../../../src/node/services/files.js'
import { InputFileError } from '../../../src/node/services/input-files.js'
import { NettalkDataError, OutsidePathError, readNettalkWords } from '../../../src/node/services/nettalk-data.js'
import { ProjectService } from '../../../src/node/services/projects.js'
import { readWeightsFile } from '../../../src/node/services/weight-files.js'
import { DataImportError, parseJsonDataset } from '../../../src/shared/data-io.js'
import { INPUT_LIMITS } from '../../../src/shared/project-constants.js'
import { createProject, parseProject, ProjectFileError, serializeProject } from '../../../src/shared/project-file.js'
import { NETTALK_DICTIONARY } from '../../helpers/nettalk-corpus.js'
import { projectWithWeights } from '../export/helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'rnnwb-budgets-'))
const elsewhere = mkdtempSync(join(tmpdir(), 'rnnwb-elsewhere-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(elsewhere, { recursive: true, force: true })
})

const TWO_GB = 2 * 2 ** 30
/** A 2 GB file that takes no disk space (truncate, nothing written): reading it would take seconds and 2 GB. */
function sparse(name: string): string {
  const path = join(dir, name)
  writeFileSync(path, '')
  truncateSync(path, TWO_GB)
  return path
}

const network: NetworkSpec = { inputSize: 1, hidden: [{ units: 2 }], output: { units: 1 } }
const project = () =>
  createProject({ name: 'budgets', network, training: {}, data: { kind: 'inline', inputSize: 1, outputSize: 1, train: [{ u: [[0], [1]], z: [[1], [0]] }] }, now: new Date(0) })
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels)
const small = { kind: 'nettalk' as const, trainWords: 2, validationWords: 0 }

describe('a 2 GB file of each kind', () => {
  it('is refused by its size, before it is read, with the documented error', async () => {
    const tooLarge = new RegExp(`too large: ${TWO_GB} bytes`)
    const projectError = await readProjectFile(sparse('big.rnn.json')).catch((e: Error) => e)
    expect(projectError).toBeInstanceOf(ProjectFileError)
    expect((projectError as Error).message).toMatch(tooLarge)
    await expect(readDataFile(sparse('big.json'))).rejects.toThrow(InputFileError)
    await expect(readDataFile(join(dir, 'big.json'))).rejects.toThrow(tooLarge)
    const weightsError = await readWeightsFile(sparse('big.npz'), network).catch((e: Error) => e)
    expect(weightsError).toBeInstanceOf(WeightsImportError)
    expect((weightsError as Error).message).toMatch(tooLarge)
    sparse('big.data')
    const corpusError = await readNettalkWords({ ...small, corpus: 'big.data' }, { baseDir: dir }).catch((e: Error) => e)
    expect(corpusError).toBeInstanceOf(NettalkDataError)
    expect((corpusError as Error).message).toMatch(tooLarge)
  })

  it('as the recovery file or the recent list: no work to offer, no crash', async () => {
    const state = join(dir, 'state')
    mkdirSync(state)
    for (const name of ['recovery.rnn-recovery.json', 'recent.json']) {
      writeFileSync(join(state, name), '')
      truncateSync(join(state, name), TWO_GB)
    }
    const service = new ProjectService(state)
    expect(await service.recovery()).toBeNull()
    expect(await service.recent()).toEqual([])
  })
})

describe('JSON nested 100,000 levels deep', () => {
  const text = nested(100_000)

  it('is a bad project, bad data, bad weights: never a RangeError', async () => {
    expect(() => parseProject(text)).toThrow(ProjectFileError)
    expect(() => parseProject(text)).toThrow(/nested more than 64 levels deep/)
    expect(() => parseJsonDataset(text)).toThrow(DataImportError)
    expect(() => importWeights({ network }, new TextEncoder().encode(text))).toThrow(WeightsImportError)
    // the same, through the files and the worker that parses large ones
    const path = join(dir, 'nested.rnn.json')
    writeFileSync(path, text)
    await expect(readProjectFile(path, { inThreadBytes: 0 })).rejects.toThrow(/nested more than 64 levels deep/)
    const data = join(dir, 'nested.json')
    writeFileSync(data, text)
    expect(await readDataFile(data)).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/nested more than 64 levels deep/) }] })
  })
})

describe('large files are parsed in a worker with a heap limit', () => {
  it('gives what parsing on this thread gives', async () => {
    const path = join(dir, 'ok.rnn.json')
    writeFileSync(path, serializeProject(project()))
    expect(await readProjectFile(path, { inThreadBytes: 0 })).toEqual(await readProjectFile(path))
    const weights = join(dir, 'ok.npz')
    const trained = projectWithWeights(network, 3)
    writeFileSync(weights, exportWeights(trained, { format: 'npz' }).files[0].bytes)
    expect((await readWeightsFile(weights, network, { inThreadBytes: 0 })).params).toEqual(trained.weights!.params)
  })

  it('running out of its heap is a bad project (a file of tiny arrays), and this process lives on', async () => {
    const path = join(dir, 'tiny-arrays.rnn.json')
    // 400k one-number steps, 3 MB of text: ~55 MB once JSON.parse has built it (68 bytes an array), ~110 MB
    // once checked, more than the 64 MiB given. (V8 stops a worker at its heap limit only where JS code runs, and
    // gives it twice the limit meanwhile: a native JSON.parse needing more than that would end the process.
    // INPUT_LIMITS.jsonContainers keeps JSON.parse of any accepted text well within the real limit.)
    const steps = '[0],'.repeat(400_000) + '[0]'
    writeFileSync(path, `{"format":"rnn-workbench-project","version":1,"metadata":{"name":"x"},"network":{"inputSize":1,"hidden":[],"output":{"units":1}},"training":{},"data":{"kind":"inline","inputSize":1,"outputSize":1,"train":[{"u":[${steps}],"z":[${steps}]}]}}`)
    const error = await readProjectFile(path, { inThreadBytes: 0, heapMb: 64 }).catch((e: Error) => e)
    expect(error).toBeInstanceOf(ProjectFileError)
    expect((error as Error).message).toMatch(/needs more than the 64 MiB a file may take to read/)
  })
})

/** The central-directory entry of the zip's first member (its sizes are at +20 and +24). */
function directoryEntry(zip: Uint8Array): number {
  for (let i = zip.length - 22; i >= 0; i--) if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 0x01 && zip[i + 3] === 0x02) return i
  throw new Error('no central directory')
}

describe('an .npz', () => {
  it('whose directory declares a 1 GiB member is refused before anything is inflated', () => {
    const zip = zipSync({ 'W0.npy': new Uint8Array(1000) }, { level: 9 })
    new DataView(zip.buffer).setUint32(directoryEntry(zip) + 24, 2 ** 30, true)
    expect(() => importWeights({ network }, zip)).toThrow(WeightsImportError)
    expect(() => importWeights({ network }, zip)).toThrow(`its members would inflate to more than ${INPUT_LIMITS.npzInflatedBytes} bytes`)
  })

  it('whose member inflates to more than its entry declares is cut off at the declared size', () => {
    const zip = zipSync({ 'W0.npy': new Uint8Array(8 * 2 ** 20) }, { level: 9 }) // 8 MiB of zeros: a few KB deflated
    new DataView(zip.buffer).setUint32(directoryEntry(zip) + 24, 100, true)
    expect(() => importWeights({ network }, zip)).toThrow('W0.npy inflates to more than the 100 bytes its entry declares')
  })

  it('whose manifest holds an invalid code point is bad weights, not a RangeError', () => {
    const zip = writeNpz([['manifest', { kind: 'text', shape: [], text: 'ab' }]])
    const at = zip.findIndex((b, i) => b === 0x61 && zip[i + 1] === 0 && zip[i + 4] === 0x62) // 'a' as UTF-32
    zip.set([0x00, 0x00, 0x11, 0x00], at) // U+110000: past the last code point
    expect(() => importWeights({ network }, zip)).toThrow(/manifest: the text holds an invalid code point/)
  })
})

describe('files a NETtalk project names', () => {
  copyFileSync(NETTALK_DICTIONARY, join(elsewhere, 'nettalk.data'))
  const outside = join(elsewhere, 'nettalk.data')

  it('are read from the project’s folder; absolute paths, .. escapes and links out need permission', async () => {
    copyFileSync(NETTALK_DICTIONARY, join(dir, 'own.data'))
    expect((await readNettalkWords({ ...small, corpus: 'own.data' }, { baseDir: dir })).train).toHaveLength(2)
    symlinkSync(outside, join(dir, 'link.data'))
    const cases: [string, RegExp][] = [
      [outside, /is an absolute path/],
      [join('..', elsewhere.split('/').pop()!, 'nettalk.data'), /is outside the project’s folder/],
      ['link.data', /is a link to a file outside the project’s folder/],
    ]
    for (const [corpus, reason] of cases) {
      const error = await readNettalkWords({ ...small, corpus }, { baseDir: dir }).catch((e: Error) => e)
      expect(error, corpus).toBeInstanceOf(OutsidePathError)
      expect((error as OutsidePathError).path).toBe(corpus === 'link.data' ? join(dir, 'link.data') : outside)
      expect((error as Error).message).toMatch(reason)
      // allowed: any (rnnwb --allow-outside-paths), or this very path (the window's dialog)
      expect((await readNettalkWords({ ...small, corpus }, { baseDir: dir, allowOutside: true })).train).toHaveLength(2)
      expect((await readNettalkWords({ ...small, corpus }, { baseDir: dir, allowOutside: new Set([(error as OutsidePathError).path]) })).train).toHaveLength(2)
    }
  })

  it('only regular files: a FIFO does not hang, /dev/zero is not read, a folder is refused', async () => {
    if (process.platform !== 'win32') {
      execFileSync('mkfifo', [join(dir, 'pipe.data')])
      await expect(readNettalkWords({ ...small, corpus: 'pipe.data' }, { baseDir: dir })).rejects.toThrow(/pipe\.data is a FIFO \(named pipe\), not a regular file/)
      await expect(readNettalkWords({ ...small, corpus: '/dev/zero' }, { baseDir: dir })).rejects.toThrow(OutsidePathError)
      await expect(readNettalkWords({ ...small, corpus: '/dev/zero' }, { baseDir: dir, allowOutside: true })).rejects.toThrow(/\/dev\/zero is a device, not a regular file/)
    }
    mkdirSync(join(dir, 'folder.data'))
    await expect(readNettalkWords({ ...small, corpus: 'folder.data' }, { baseDir: dir })).rejects.toThrow(/folder\.data is a folder, not a regular file/)
  })

  it('outside the folder: an error never quotes what the file holds', async () => {
    writeFileSync(join(elsewhere, 'secrets.txt'), 'PASSWORD=hunter2\nTOKEN=abc123\n')
    const bad = (await readNettalkWords({ ...small, corpus: join(elsewhere, 'secrets.txt') }, { baseDir: dir, allowOutside: true }).catch((e: Error) => e)) as Error
    expect(bad).toBeInstanceOf(NettalkDataError)
    expect(bad.message).toMatch(/line 1: not a valid line/)
    expect(bad.message).not.toMatch(/hunter2|abc123|PASSWORD/)
    const list = (await readNettalkWords({ ...small, corpus: 'own.data', wordList: join(elsewhere, 'secrets.txt') }, { baseDir: dir, allowOutside: true }).catch((e: Error) => e)) as Error
    expect(list).toBeInstanceOf(NettalkDataError)
    expect(list.message).not.toMatch(/hunter2|abc123|PASSWORD/)
    // the project's own file may be quoted (that is how a user finds the bad line)
    writeFileSync(join(dir, 'mine.txt'), 'qwxz\n')
    await expect(readNettalkWords({ ...small, corpus: 'own.data', wordList: 'mine.txt' }, { baseDir: dir })).rejects.toThrow(/not in the dictionary: qwxz/)
  })
})

it('the repository corpus is what the helpers say', () => {
  expect(readFileSync(NETTALK_DICTIONARY, 'utf8').length).toBeGreaterThan(100_000)
})
