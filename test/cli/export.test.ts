// `rnnwb export` and `rnnwb import-weights` on real files in a temporary folder: in-process through run(), and
// once as users run it (the built CLI under node in a child process).
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { Trainer, type NetworkSpec } from '../../src/core/index.js'
import { run } from '../../src/cli/main.js'
import { bin } from '../helpers/cli.js'
import { createProject, parseProject, serializeProject, type InlineData, type Project } from '../../src/shared/project-file.js'

const dir = mkdtempSync(join(tmpdir(), 'rnnwb-export-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const network: NetworkSpec = { inputSize: 2, hidden: [{ units: 3, activation: 'tanh' }], output: { units: 1, activation: 'sigmoid' } }
const data: InlineData = {
  kind: 'inline',
  inputSize: 2,
  outputSize: 1,
  train: [
    { u: [[0, 1], [1, 0], [1, 1]], z: [[1], [1], [0]] },
    { u: [[0, 0], [1, 1]], z: [null, [1]] },
  ],
}

function writeProject(name: string, trained: boolean, spec: NetworkSpec = network): string {
  let project: Project = createProject({ name, network: spec, training: { optimizer: 'adam', learningRate: 0.05, seed: 3 }, data, now: new Date(0) })
  if (trained) {
    const trainer = new Trainer({ network: spec, training: project.training, data: { inputSize: 2, outputSize: 1, sequences: data.train } })
    for (let e = 0; e < 4; e++) trainer.runEpoch()
    project = { ...project, weights: { ...trainer.snapshot(), epoch: trainer.epoch }, history: { loss: [1, 0.9, 0.8, 0.7] } }
  }
  const path = join(dir, `${name}.rnn.json`)
  writeFileSync(path, serializeProject(project))
  return path
}

async function rnnwb(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await run(args, { out: (t) => (out += t), err: (t) => (err += t), errIsTty: false })
  return { code, out, err }
}

describe('rnnwb export', () => {
  const trained = writeProject('trained', true)
  const weights = parseProject(readFileSync(trained, 'utf8')).weights!

  it.each(['json', 'npz', 'onnx'] as const)('writes %s to the --out file', async (format) => {
    const out = join(dir, `out.${format}`)
    const r = await rnnwb('export', trained, '--format', format, '--out', out)
    expect(r.err).toBe(`exported the weights of epoch 4 as ${format}: wrote ${out}\n`)
    expect(r.code).toBe(0)
    expect(readFileSync(out).length).toBeGreaterThan(100)
  })

  it.each([
    ['csv', ['W0.csv', 'V1.csv', 'b1.csv', 'W1.csv', 'b2.csv']],
    ['pytorch', ['model.py', 'weights.npz']],
  ] as const)('writes %s into the --out folder, making it', async (format, names) => {
    const out = join(dir, `${format}-folder`, 'inner')
    const r = await rnnwb('export', trained, '--format', format, '--out', out)
    expect(r.code).toBe(0)
    expect(readdirSync(out).sort()).toEqual([...names].sort())
  })

  it('--no-optimizer leaves the optimizer state out', async () => {
    const withState = join(dir, 'with.json')
    const without = join(dir, 'without.json')
    expect((await rnnwb('export', trained, '--format', 'json', '--out', withState)).code).toBe(0)
    expect((await rnnwb('export', trained, '--format', 'json', '--out', without, '--no-optimizer')).code).toBe(0)
    expect(JSON.parse(readFileSync(withState, 'utf8'))).toHaveProperty('optimizer')
    expect(JSON.parse(readFileSync(without, 'utf8'))).not.toHaveProperty('optimizer')
  })

  it('refuses a project without trained weights, writing nothing', async () => {
    const fresh = writeProject('fresh', false)
    const r = await rnnwb('export', fresh, '--format', 'json', '--out', join(dir, 'fresh.json'))
    expect(r.code).toBe(2)
    expect(r.err).toBe(`rnnwb: cannot export ${fresh}: "fresh" has no trained weights yet: train it first, then export\n`)
    expect(existsSync(join(dir, 'fresh.json'))).toBe(false)
  })

  it('exits 2 on a bad format, a missing --out, or an --out that is the project', async () => {
    const before = readFileSync(trained, 'utf8')
    const bad = await rnnwb('export', trained, '--format', 'xlsx', '--out', join(dir, 'x'))
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/^rnnwb: --format expects one of json, npz, onnx, csv, pytorch, got "xlsx"\n/)
    expect((await rnnwb('export', trained, '--format', 'json')).err).toMatch(/^rnnwb: missing --out \(the file to write\)/)
    expect((await rnnwb('export', trained, '--out', join(dir, 'x'))).err).toMatch(/^rnnwb: missing --format/)
    const self = await rnnwb('export', trained, '--format', 'json', '--out', trained)
    expect(self.code).toBe(2)
    expect(self.err).toMatch(/^rnnwb: --out would overwrite the project/)
    expect(readFileSync(trained, 'utf8')).toBe(before)
    const noFolder = await rnnwb('export', trained, '--format', 'json', '--out', join(dir, 'no-such-folder', 'w.json'))
    expect(noFolder.code).toBe(2)
    expect(noFolder.err).toMatch(/^rnnwb: could not write .*w\.json \(ENOENT/)
  })

  it('runs as a command', async () => {
    const out = join(dir, 'child.npz')
    const { stderr } = await promisify(execFile)(process.execPath, [bin, 'export', trained, '--format', 'npz', '--out', out], { cwd: dir })
    expect(stderr).toContain(`wrote ${out}`)
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK')
  })

  describe('rnnwb import-weights', () => {
    it('writes a copy of the project with the imported weights (JSON and .npz), leaving the inputs alone', async () => {
      const fresh = writeProject('target', false)
      const before = readFileSync(fresh, 'utf8')
      for (const format of ['json', 'npz'] as const) {
        const file = join(dir, `import.${format}`)
        await rnnwb('export', trained, '--format', format, '--out', file)
        const out = join(dir, `imported-${format}.rnn.json`)
        const r = await rnnwb('import-weights', fresh, file, '--out', out)
        expect(r.err).toBe(`imported the weights of epoch 4 with the optimizer state from ${file}; wrote ${out}\n`)
        expect(r.code).toBe(0)
        const imported = parseProject(readFileSync(out, 'utf8'))
        expect(imported.weights).toEqual(weights)
        expect(imported.history.loss).toEqual([])
      }
      expect(readFileSync(fresh, 'utf8')).toBe(before)
    })

    it('exits 2 naming the array and the expected shape when the weights do not fit, writing nothing', async () => {
      const wider = writeProject('wider', false, { ...network, hidden: [{ units: 4, activation: 'tanh' }] })
      const file = join(dir, 'narrow.npz')
      await rnnwb('export', trained, '--format', 'npz', '--out', file)
      const out = join(dir, 'never.rnn.json')
      const r = await rnnwb('import-weights', wider, file, '--out', out)
      expect(r.code).toBe(2)
      expect(r.err).toBe(
        `rnnwb: bad weights in ${file}: W0: expected shape [4, 2], got [3, 2]\n  V1: expected shape [4, 4], got [3, 3]\n  b1: expected shape [4], got [3]\n  W1: expected shape [1, 4], got [1, 3]\n`,
      )
      expect(existsSync(out)).toBe(false)
    })

    it('never overwrites an input, and needs both files', async () => {
      const fresh = writeProject('target2', false)
      const file = join(dir, 'import.json')
      expect((await rnnwb('import-weights', fresh, file, '--out', fresh)).err).toMatch(/^rnnwb: --out must name a new file: import-weights never overwrites/)
      expect((await rnnwb('import-weights', fresh, file, '--out', file)).code).toBe(2)
      expect((await rnnwb('import-weights', fresh, file)).err).toMatch(/^rnnwb: missing --out/)
      expect((await rnnwb('import-weights', fresh, '--out', join(dir, 'x.rnn.json'))).err).toMatch(/^rnnwb: missing the weights file/)
      const missing = await rnnwb('import-weights', fresh, join(dir, 'nope.npz'), '--out', join(dir, 'x.rnn.json'))
      expect(missing.code).toBe(2)
      expect(missing.err).toMatch(/^rnnwb: bad weights in .*nope\.npz: the weights file .*nope\.npz does not exist\n$/)
    })
  })
})
