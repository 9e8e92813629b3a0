// `rnnwb gradcheck` (the project's own mode, --all-modes), `rnnwb grad` and `rnnwb run`, called in-process through
// the CLI's run() on real files in a temp folder: what they print and write, their exit codes, and their numbers
// against the core (and, for grad, against a PyTorch fixture's autograd gradients).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { run, EXIT } from '../../src/cli/main.js'
import { createProject, serializeProject, type InlineData } from '../../src/shared/project-file.js'
import { fromNamedWeights, normalizeNetworkSpec, packDataset, paramLayout, predict, seededParams, normalizeTrainingSpec, type Dataset, type LossKind, type NamedWeights, type NetworkSpec } from '../../src/core/index.js'
import { readNpz } from '../../src/node/export/npz.js'
import { labFullGradient, labWork } from '../../src/node/lab/index.js'
import { trainingDataset } from '../../src/shared/runs.js'
import { exampleWithData, readExample } from '../helpers/projects.js'

const dir = mkdtempSync(join(tmpdir(), 'rnnwb-lab-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function rnnwb(...args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await run(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), errIsTty: false })
  return { code, stdout, stderr }
}

/** The lecture-minimal example with its data made, written inline to `name`.rnn.json (optionally changed). */
async function lectureMinimal(name: string, change: (p: Awaited<ReturnType<typeof exampleWithData>>) => Awaited<ReturnType<typeof exampleWithData>> = (p) => p) {
  const path = join(dir, `${name}.rnn.json`)
  const project = change(await exampleWithData('lecture-minimal'))
  writeFileSync(path, serializeProject(project))
  return { path, project }
}

describe('rnnwb gradcheck', () => {
  it("checks the project's own mode (the notes' rule here) and, with --all-modes, exact, truncated and lecture", async () => {
    const { path } = await lectureMinimal('gc')
    const own = await rnnwb('gradcheck', path)
    expect(own.code, own.stderr).toBe(EXIT.ok)
    expect(own.stdout).toContain('the seeded initial weights (untrained), all 8 training sequences; a matrix passes at relative error ≤ 0.00001')
    expect(own.stdout).toContain("lecture gradient vs central differences of its windowed error (the project's mode):")
    expect(own.stdout).toMatch(/ {2}V1 +16\/16 weights +\d\.\d\de-\d+ +max abs \d\.\d\de-\d+ at \(\d, \d\)\n/)
    expect(own.stdout).not.toContain('exact gradient')
    const all = await rnnwb('gradcheck', path, '--all-modes', '--json')
    expect(all.code).toBe(EXIT.ok)
    const json = JSON.parse(all.stdout)
    expect(json.ok).toBe(true)
    expect(json.checks.map((c: { gradient: unknown }) => c.gradient)).toEqual([{ mode: 'exact' }, { mode: 'truncated', horizon: 4 }, { mode: 'lecture' }])
    for (const c of json.checks) for (const r of c.rows) expect(r.relativeError).toBeLessThan(1e-7)
    expect(json.sequences).toEqual({ checked: 8, total: 8 })
  })

  it('exits 1 and names the mode and matrix when the check fails (a ReLU layer exactly at its kink)', async () => {
    // W0 = 0 and V1 = 0 put every hidden pre-activation at 0, where ReLU has no derivative: backpropagation takes
    // slope 0, central differences see ½: W0's check must fail
    const { path } = await lectureMinimal('kink', (p) => {
      const network: NetworkSpec = { ...p.network, hidden: p.network.hidden.map((h) => ({ ...h, activation: 'relu' })) }
      const layout = paramLayout(normalizeNetworkSpec(network))
      const params = new Float64Array(layout.size)
      const W1 = layout.entries.find((e) => e.name === 'W1')!
      params.fill(0.7, W1.offset, W1.offset + W1.size)
      return { ...p, network, weights: { params, epoch: 1 } }
    })
    const r = await rnnwb('gradcheck', path, '--all')
    expect(r.code).toBe(EXIT.failed)
    expect(r.stdout).toMatch(/W0 +8\/8 weights +\S+ +max abs \S+ at \(\d, \d\)  ← above tolerance/)
    expect(r.stderr).toBe('rnnwb: gradient check failed: lecture (W0) above relative error 0.00001\n')
  })
})

describe('rnnwb grad', () => {
  it('writes ∂E/∂w named like the weight export, for the mode asked (default: the project\'s)', async () => {
    const { path, project } = await lectureMinimal('grad')
    const r = await rnnwb('grad', path)
    expect(r.code, r.stderr).toBe(EXIT.ok)
    const json = JSON.parse(r.stdout)
    expect(json.gradient).toMatchObject({ mode: 'lecture', lossKind: 'sse', sequences: 8 })
    expect(json.arrays.map((a: { name: string; shape: number[] }) => [a.name, a.shape])).toEqual([
      ['W0', [4, 2]],
      ['V1', [4, 4]],
      ['W1', [1, 4]],
    ])
    const layout = paramLayout(normalizeNetworkSpec(project.network))
    const flat = (arrays: { name: string; values: unknown }[]) => fromNamedWeights(layout, Object.fromEntries(arrays.map((a) => [a.name, a.values])) as NamedWeights)
    const want = labFullGradient(labWork(project), undefined, 'auto')
    expect(Array.from(flat(json.arrays))).toEqual(Array.from(want.grads))
    expect(json.gradient.loss).toBe(want.loss)
    // another mode gives another gradient; .npz holds the same arrays and the manifest says what they are
    const exact = JSON.parse((await rnnwb('grad', path, '--mode', 'exact')).stdout)
    expect(exact.gradient.mode).toBe('exact')
    expect(exact.arrays[1].values).not.toEqual(json.arrays[1].values)
    const out = join(dir, 'grad.npz')
    const npz = await rnnwb('grad', path, '--mode', 'truncated:2', '--format', 'npz', '--out', out)
    expect(npz.code, npz.stderr).toBe(EXIT.ok)
    expect(npz.stderr).toMatch(/^wrote ∂E\/∂w \(truncated:2, E = \S+, the seeded initial weights\) to .*grad\.npz\n$/)
    const arrays = readNpz(new Uint8Array(readFileSync(out)))
    expect([...arrays.keys()]).toEqual(['W0', 'V1', 'W1', 'manifest'])
    const manifest = arrays.get('manifest')!
    expect(manifest.kind === 'text' && JSON.parse(manifest.text).gradient.mode).toBe('truncated:2')
    const V1 = arrays.get('V1')!
    const trunc = labFullGradient(labWork(project), { mode: 'truncated', horizon: 2 }, 'auto').grads
    const V1entry = layout.entries.find((e) => e.name === 'V1')!
    expect(V1.kind === 'float' && Array.from(V1.data)).toEqual(Array.from(trunc.subarray(V1entry.offset, V1entry.offset + V1entry.size)))
    // a gradient file is never taken for weights
    const imported = await rnnwb('import-weights', path, out, '--out', join(dir, 'imported.rnn.json'))
    expect(imported.code).toBe(EXIT.badInput)
    expect(imported.stderr).toContain('holds a gradient ∂E/∂w (rnnwb grad), not weights')
  })

  it("equals PyTorch autograd's gradient on a fixture", async () => {
    const fx = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/torch/01-sigmoid-r1-bias.json'), 'utf8')) as { network: NetworkSpec; loss: LossKind; data: Dataset; initialWeights: NamedWeights; gradients: NamedWeights }
    const layout = paramLayout(normalizeNetworkSpec(fx.network))
    const data: InlineData = { kind: 'inline', inputSize: fx.data.inputSize, outputSize: fx.data.outputSize, train: fx.data.sequences }
    const project = { ...createProject({ name: 'fixture', network: fx.network, training: { loss: fx.loss, gradient: 'exact' }, data }), weights: { params: fromNamedWeights(layout, fx.initialWeights), epoch: 1 } }
    const path = join(dir, 'fixture.rnn.json')
    writeFileSync(path, serializeProject(project))
    const r = await rnnwb('grad', path)
    expect(r.code, r.stderr).toBe(EXIT.ok)
    const arrays = JSON.parse(r.stdout).arrays as { name: string; values: unknown }[]
    expect(arrays.map((a) => a.name)).toEqual(layout.entries.map((e) => e.name))
    const got = fromNamedWeights(layout, Object.fromEntries(arrays.map((a) => [a.name, a.values])) as NamedWeights)
    const want = fromNamedWeights(layout, fx.gradients)
    want.forEach((w, i) => expect(Math.abs(got[i] - w), layout.entries.find((e) => i >= e.offset && i < e.offset + e.size)!.name).toBeLessThan(1e-9 * Math.max(1, Math.abs(w))))
  })

  it('refuses a bad mode, npz without --out, and a project without targets', async () => {
    const { path } = await lectureMinimal('grad-bad')
    for (const args of [['--mode', 'truncated:0'], ['--mode', 'bptt'], ['--format', 'npz'], ['--format', 'csv']]) {
      const r = await rnnwb('grad', path, ...args)
      expect(r.code, args.join(' ')).toBe(EXIT.badInput)
      expect(r.stderr).toMatch(/^rnnwb: (--mode expects exact, lecture or truncated:k|--format npz needs --out|--format expects json or npz)/)
    }
    const { path: untargeted } = await lectureMinimal('no-targets', (p) => ({ ...p, data: { ...p.data, train: p.data.train.map((s) => ({ ...s, z: s.z.map(() => null) })) } }))
    const r = await rnnwb('grad', untargeted)
    expect(r.code).toBe(EXIT.badInput)
    expect(r.stderr).toBe('rnnwb: the training data has no targets: E is 0 and there is no gradient\n')
  })
})

describe('rnnwb run', () => {
  it('prints y for every training sequence as CSV, with --states every layer, with --json the same numbers', async () => {
    const { path, project } = await lectureMinimal('run')
    const network = normalizeNetworkSpec(project.network)
    const layout = paramLayout(network)
    const data = packDataset(trainingDataset(project.data), 2, 1)
    const params = seededParams(network, normalizeTrainingSpec(project.training, network))
    const y = predict(layout, params, data)
    const csv = await rnnwb('run', path)
    expect(csv.code).toBe(EXIT.ok)
    expect(csv.stderr).toBe('rnnwb: this project is untrained: these are the outputs of the seeded initial weights\n')
    const lines = csv.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe('sequence,step,y1')
    expect(lines).toHaveLength(1 + y.reduce((n, s) => n + s.length, 0))
    expect(lines[1]).toBe(`0,0,${y[0][0][0]}`)
    const states = await rnnwb('run', path, '--states', '--csv', '--sequence', '2')
    const rows = states.stdout.trimEnd().split('\n')
    expect(rows[0]).toBe('sequence,step,y1,x1.1,x1.2,x1.3,x1.4')
    expect(rows).toHaveLength(1 + y[2].length)
    expect(rows.slice(1).every((r) => r.startsWith('2,'))).toBe(true)
    const json = JSON.parse((await rnnwb('run', path, '--json', '--states')).stdout)
    expect(json.trained).toBe(false)
    expect(json.sequences.map((s: { y: number[][] }) => s.y)).toEqual(y)
    expect(json.sequences[2].states[0].map((x: number[]) => x.join(','))).toEqual(rows.slice(1).map((r) => r.split(',').slice(3).join(',')))
    const out = join(dir, 'y.csv')
    expect((await rnnwb('run', path, '--out', out)).code).toBe(EXIT.ok)
    expect(readFileSync(out, 'utf8')).toBe(csv.stdout)
  })

  it('refuses a sequence out of range and --json with --csv', async () => {
    const path = join(dir, 'run-bad.rnn.json')
    writeFileSync(path, serializeProject(readExample('lecture-minimal')))
    const r = await rnnwb('run', path, '--sequence', '8')
    expect(r.code).toBe(EXIT.badInput)
    expect(r.stderr).toMatch(/^rnnwb: --sequence 8: the project has training sequences 0\.\.7\n/)
    expect((await rnnwb('run', path, '--json', '--csv')).stderr).toMatch(/^rnnwb: choose one of --json and --csv\n/)
  })
})
