// The fuzz properties (properties.ts) with a fixed seed and a bounded number of cases, so that a failure
// repeats; `npm run fuzz -- --minutes N` runs the same properties with fresh seeds. Below them: each class
// of failure the fuzzing found, as a plain example that failed before its fix.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { unzipSync, zipSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'
import { exportWeights, importWeights, WeightsImportError } from '../../src/node/export/index.js'
import { ProjectService } from '../../src/node/services/projects.js'
import { DataImportError, parseCsvDataset, parseJsonDataset } from '../../src/shared/data-io.js'
import { createProject, parseProject, serializeProject, ProjectFileError, type Project } from '../../src/shared/project-file.js'
import { checkScriptResult } from '../../src/shared/script-api.js'
import { utf8 } from './inputs.js'
import { asProperty, cleanUp, fuzzProperties } from './properties.js'

/** Cases per property (× its weight): the whole file runs in seconds. */
const RUNS = 60
const SEED = 16

afterAll(cleanUp)

describe('fuzzed loaders (seeded)', () => {
  for (const p of fuzzProperties()) {
    it(`${p.name}: documented errors only, no prototype pollution, accepted inputs round-trip`, async () => {
      await fc.assert(asProperty(p), { seed: SEED, numRuns: Math.max(5, Math.ceil(RUNS * p.weight)) })
    })
  }
})

const trained = (): Project => ({
  ...createProject({
    name: 'n',
    network: { inputSize: 1, hidden: [{ units: 1 }], output: { units: 1 } },
    training: {},
    data: { kind: 'inline', inputSize: 1, outputSize: 1, train: [{ u: [[1]], z: [[1]] }] },
    now: new Date(0),
  }),
  weights: { params: new Float64Array([0.5, 0.25, -1, 2, 3]), epoch: 1 },
})

/** One .npy of format 1.0 with the header text given and the values after it. */
function npy(header: string, data: Uint8Array): Uint8Array {
  const head = utf8(header + '\n')
  const out = new Uint8Array(10 + head.length + data.length)
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
  new DataView(out.buffer).setUint16(8, head.length, true)
  out.set(head, 10)
  out.set(data, 10 + head.length)
  return out
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

describe('classes the fuzzing found', () => {
  it('a project name that looks like a list of numbers ("[1,   2]") is saved as it is', () => {
    const p = trained()
    p.metadata.name = '[1,   2]'
    expect(parseProject(serializeProject(p)).metadata.name).toBe('[1,   2]')
  })

  it('a project file that starts with a byte-order mark opens (as parseProject reads it, so does the service)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnwb-bom-'))
    try {
      const path = join(dir, 'bom.rnn.json')
      writeFileSync(path, '\ufeff' + serializeProject(trained()))
      expect((await new ProjectService(join(dir, 'state')).open(path)).metadata.name).toBe('n')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('control characters of a CSV header reach no problem text unescaped', () => {
    const error = (() => {
      try {
        parseCsvDataset('\u0000sequence,u1,z1\u001b[2J\n1,0,1\n')
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(DataImportError)
    const problems = (error as DataImportError).problems
    expect(problems.map((p) => `${p.column ?? ''} ${p.message}`).join('\n')).not.toMatch(CONTROL)
    expect(problems.some((p) => p.message.includes('\\x00sequence'))).toBe(true)
    expect((error as Error).message).not.toMatch(CONTROL)
  })

  it('a NUL in a JSON data file is escaped in the syntax error', () => {
    expect(() => parseJsonDataset('\u0000{}')).toThrow(DataImportError)
    try {
      parseJsonDataset('\u0000{}')
    } catch (e) {
      expect((e as DataImportError).problems[0].message).not.toMatch(CONTROL)
      expect((e as DataImportError).problems[0].message).toContain('\\x00')
    }
  })

  it('an .npz member named with control characters is escaped in the problem', () => {
    const bytes = zipSync({ '\u001b[2J.npy': new Uint8Array([1, 2, 3]) })
    expect(() => importWeights(trained(), bytes)).toThrow(WeightsImportError)
    try {
      importWeights(trained(), bytes)
    } catch (e) {
      expect((e as WeightsImportError).problems[0].message).toMatch(/^\\x1b\[2J: /)
    }
  })

  it('an .npz text holding a number that is no code point is a WeightsImportError, not a RangeError', () => {
    const exported = unzipSync(exportWeights(trained(), { format: 'npz' }).files[0].bytes)
    const manifest = npy("{'descr': '<U1', 'fortran_order': False, 'shape': (), }", new Uint8Array(new Uint32Array([0x110000]).buffer))
    const bytes = zipSync({ ...exported, 'manifest.npy': manifest })
    expect(() => importWeights(trained(), bytes)).toThrow(/manifest: the text holds an invalid code point \(1114112\)/)
  })

  it('a JSON weights file whose shape promises 4 294 967 296 columns beside a row of 3 is refused before anything is allocated', () => {
    const exported = JSON.parse(new TextDecoder().decode(exportWeights(trained(), { format: 'json' }).files[0].bytes)) as { arrays: { shape: number[]; values: unknown[] }[] }
    const matrix = exported.arrays.find((a) => a.shape.length === 2)!
    matrix.shape = [1, 2 ** 32]
    matrix.values = [[1, 2, 3]]
    expect(() => importWeights(trained(), utf8(JSON.stringify(exported)))).toThrow(WeightsImportError)
    expect(() => importWeights(trained(), utf8(JSON.stringify(exported)))).toThrow(/do not fit the shape \[1, 4294967296\] written beside them \(row 0 has 3 entries\)/)
  })

  it("a script's result quoting bidi overrides or many odd keys gives messages and notes fit to show", () => {
    const bad = checkScriptResult({ inputSize: '\u202e\u2066', outputSize: 1, train: [] })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.message).toBe('inputSize: expected a whole number from 1 to 100000, got "\\u202e\\u2066"')
    const keys = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`\u001b${'k'.repeat(100)}${i}`, 1]))
    const ok = checkScriptResult({ inputSize: 1, outputSize: 1, train: [{ u: [[1]], z: [[1]] }], ...keys })
    expect(ok.ok).toBe(true)
    if (ok.ok) {
      expect(ok.notes[0]).not.toMatch(CONTROL)
      expect(ok.notes[0].length).toBeLessThan(1000)
      expect(ok.notes[0]).toContain('and 990 more')
    }
  })

  // issue 16, class 2: deep nesting used to overflow the stack (RangeError) in JSON.parse's callers
  describe('deeply nested JSON is bad input, not a RangeError', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)
    it('a project file nested 20 000 levels deep is a ProjectFileError', () => {
      expect(() => parseProject(`{"format":${deep(20_000)}}`)).toThrow(ProjectFileError)
    })
    it('a JSON data file nested 20 000 levels deep is a DataImportError', () => {
      expect(() => parseJsonDataset(`{"inputSize":1,"outputSize":1,"train":[{"u":[[1]],"z":[[1]]}],"kind":${deep(20_000)}}`)).toThrow(DataImportError)
    })
    it('a JSON weights file nested 20 000 levels deep is a WeightsImportError', () => {
      expect(() => importWeights(trained(), utf8(`{"format":${deep(20_000)}}`))).toThrow(WeightsImportError)
    })
  })
})
