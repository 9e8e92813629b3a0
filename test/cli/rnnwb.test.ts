// The rnnwb command on real files in a temp folder: run as users run it (the built CLI under node in a child
// process) for one training, a bad command and Ctrl-C, and otherwise through the same build's run() in this process
// (test/helpers/cli.ts: the same output, files and exit code without a Node start per command).
import { mkdtempSync, readFileSync, writeFileSync, existsSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bin, runCli, runInProcess } from '../helpers/cli.js'
import { rmSync } from 'node:fs'
import { createProject, parseProject, serializeProject } from '../../src/shared/project-file.js'
import { Trainer, createRng } from '../../src/core/index.js'
import { randomDataset } from '../helpers/random.js'

const root = join(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'rnnwb-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const rnnwb = (...args: string[]) => runInProcess(args)

function example(name: string): string {
  const path = join(dir, `${name}.rnn.json`)
  copyFileSync(join(root, 'resources/examples', `${name}.rnn.json`), path)
  return path
}

describe('rnnwb', () => {
  it('trains an example to a low loss, writes the result beside it, leaves the input alone', async () => {
    const input = example('sine')
    const before = readFileSync(input, 'utf8')
    const r = await runCli(dir, 'train', input) // the built command in a process of its own
    expect(r.stderr).toMatch(/^training sine\.rnn\.json: 300 epochs from epoch 0, kernels: WebAssembly SIMD\n/)
    expect(r.stderr).toMatch(/trained to epoch 300, loss 0\.00\d+; wrote .*sine\.trained\.rnn\.json/)
    expect(r.code).toBe(0)
    expect(readFileSync(input, 'utf8')).toBe(before)
    const out = parseProject(readFileSync(join(dir, 'sine.trained.rnn.json'), 'utf8'))
    expect(out.weights!.epoch).toBe(300)
    expect(out.history.loss).toHaveLength(300)
    expect(out.history.validationLoss).toHaveLength(300) // the sine example has validation waves
    expect(out.history.loss.at(-1)!).toBeLessThan(0.05)
  })

  it('--json prints a line per epoch and a summary; --epochs, --learning-rate, --seed and --out apply', async () => {
    const input = example('delayed-recall')
    const out = join(dir, 'custom.rnn.json')
    const r = await rnnwb('train', input, '--epochs', '5', '--learning-rate', '0.01', '--seed', '9', '--out', out, '--json')
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.map((l) => l.type)).toEqual(['start', 'epoch', 'epoch', 'epoch', 'epoch', 'epoch', 'done'])
    expect(lines[0]).toEqual({ type: 'start', epochs: 5, from: 0, kernels: 'wasm' })
    expect(lines[5]).toMatchObject({ epoch: 5, gradNorms: [expect.any(Number), expect.any(Number)] })
    expect(lines[6]).toMatchObject({ type: 'done', epoch: 5, out, error: null })
    const p = parseProject(readFileSync(out, 'utf8'))
    expect(p.training).toMatchObject({ learningRate: 0.01, seed: 9, epochs: 5 })
    // training again continues from the stored weights and history
    const again = await rnnwb('train', out, '--epochs', '3', '--out', out, '--json')
    expect(again.code).toBe(0)
    const q = parseProject(readFileSync(out, 'utf8'))
    expect(q.weights!.epoch).toBe(8)
    expect(q.history.loss).toHaveLength(8)
    // each run is kept as a record: its settings, where it started, its own epochs
    expect(p.runs!.map((r) => [r.id, r.startEpoch, r.epochs, r.seed, r.ended.status])).toEqual([['r1', 0, 5, 9, 'finished']])
    expect(q.runs!.map((r) => [r.id, r.startEpoch, r.epochs, r.seed, r.ended.status])).toEqual([['r1', 0, 5, 9, 'finished'], ['r2', 5, 3, 9, 'finished']])
    expect(q.runs![1].training).toMatchObject({ learningRate: 0.01, epochs: 3 })
    expect(q.runs![1].loss).toEqual(q.history.loss.slice(5))
    expect(q.runs!.filter((r) => r.weights).length).toBe(1) // only the better of the two keeps its weights
  })

  it('is deterministic: the same project trains to identical weights', async () => {
    const input = example('binary-addition')
    await rnnwb('train', input, '--epochs', '20', '--out', join(dir, 'a.rnn.json'))
    await rnnwb('train', input, '--epochs', '20', '--out', join(dir, 'b.rnn.json'))
    const weights = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')).weights
    expect(weights('a.rnn.json')).toEqual(weights('b.rnn.json'))
  })

  it('exits 1 on divergence with the reason, writing the last finite weights', async () => {
    const input = join(dir, 'sgd-sine.rnn.json')
    writeFileSync(input, readFileSync(join(root, 'resources/examples/sine.rnn.json'), 'utf8').replace('"optimizer": "adam"', '"optimizer": "sgd"'))
    const r = await rnnwb('train', input, '--learning-rate', '10', '--out', join(dir, 'diverged.rnn.json'))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^training sgd-sine\.rnn\.json: .*\nrnnwb: training failed: (validation loss|loss|weights) became (Infinity|NaN|-Infinity) at epoch \d+.*lower the learning rate/)
    const p = parseProject(readFileSync(join(dir, 'diverged.rnn.json'), 'utf8'))
    expect(p.weights!.params.every(Number.isFinite)).toBe(true)
  })

  it('exits 2 with a one-line reason on bad input, writing nothing', async () => {
    const missing = await rnnwb('train', join(dir, 'nope.rnn.json'))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^rnnwb: bad project: the project file .*nope\.rnn\.json does not exist\n$/)
    const bad = join(dir, 'bad.rnn.json')
    writeFileSync(bad, readFileSync(join(root, 'resources/examples/sine.rnn.json'), 'utf8').replace('"units": 10', '"units": -3'))
    const r = await rnnwb('train', bad)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^rnnwb: bad project: network\.hidden\[0\]\.units: /)
    expect(existsSync(join(dir, 'bad.trained.rnn.json'))).toBe(false)
    const flag = await rnnwb('train', bad, '--epochs', 'ten')
    expect(flag.code).toBe(2)
    expect(flag.stderr).toMatch(/^rnnwb: --epochs expects a whole number from 0 to 100000000, got "ten"/)
    expect((await runCli(dir, 'frobnicate')).code).toBe(2) // the process exits with run()'s code for bad input too
  })

  it('never loses a trained network when the output cannot be written', async () => {
    const input = example('lecture-minimal')
    const r = await rnnwb('train', input, '--epochs', '3', '--out', join(dir, 'no-such-folder', 'x.rnn.json'))
    expect(r.code).toBe(1)
    const rescue = /the trained project is in (\S+)\n$/.exec(r.stderr)?.[1]
    expect(r.stderr).toMatch(/^training .*\nrnnwb: could not write .*x\.rnn\.json \(ENOENT/)
    expect(parseProject(readFileSync(rescue!, 'utf8')).weights!.epoch).toBe(3)
    rmSync(rescue!)
  })

  it('--threads N runs one training on N threads (named in the summary), with the weights of one thread; the file keeps its setting', async () => {
    // 100 sequences, full batch: 4 chunks of up to 32
    const random = randomDataset(createRng(5), { m: 3, l: 2, P: 100, maxLength: 5, targets: 'unit' })
    const network = { inputSize: 3, hidden: [{ units: 6 }], output: { units: 2 } }
    const training = { learningRate: 0.05, epochs: 4, threads: 1 }
    const path = join(dir, 'chunked.rnn.json')
    writeFileSync(path, serializeProject(createProject({ name: 'chunked', network, training, data: { kind: 'inline', inputSize: 3, outputSize: 2, train: random.sequences }, now: new Date(0) })))
    const inspect = await rnnwb('inspect', path)
    expect(inspect.stdout).toContain('threads: 1; training uses 1\n')
    const r = await rnnwb('train', path, '--threads', '2')
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/trained to epoch 4, loss .*; wrote .*chunked\.trained\.rnn\.json \(2 threads\)\n$/)
    const out = parseProject(readFileSync(join(dir, 'chunked.trained.rnn.json'), 'utf8'))
    expect(out.training.threads).toBe(1)
    const local = new Trainer({ network, training, data: random })
    while (!local.done) local.runEpoch()
    expect(Array.from(out.weights!.params)).toEqual(Array.from(local.params))
    const json = await rnnwb('train', path, '--threads', 'auto', '--json', '--out', join(dir, 'auto.rnn.json'))
    expect(JSON.parse(json.stdout.trim().split('\n').at(-1)!).threads).toBeGreaterThanOrEqual(1)
    const bad = await rnnwb('train', path, '--threads', '0')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--threads expects auto or a whole number from 1 to 64, got "0"/)
  })

  it('inspect, eval and gradcheck describe a project', async () => {
    const input = example('lecture-minimal')
    const inspect = await rnnwb('inspect', input)
    expect(inspect.code).toBe(0)
    expect(inspect.stdout).toContain('network: m = 2 inputs, R = 1 hidden layers, ℓ = 1 outputs')
    expect(inspect.stdout).toContain('parameters: 28  (W0 4×2, V1 4×4, W1 1×4)')
    expect(inspect.stdout).toContain('gradient lecture')
    expect(inspect.stdout).toMatch(/seed \d+, precision float64\n/)
    expect(inspect.stdout).toContain('weights: none yet (untrained)')
    expect(inspect.stdout).toContain('kernels: wasm, WebAssembly SIMD')
    expect(inspect.stdout).toMatch(/^threads: auto \(\d+ here\); training uses 1/m)
    const evaluation = await rnnwb('eval', input, '--json')
    expect(evaluation.code).toBe(0)
    const e = JSON.parse(evaluation.stdout)
    expect(e).toMatchObject({ trained: false, results: [{ set: 'train', targetSteps: 40 }] })
    const check = await rnnwb('gradcheck', input, '--all')
    expect(check.code).toBe(0)
    expect(check.stdout).toMatch(/W0 +8\/8 weights +\d\.\d\de-\d+/)
    expect(check.stdout).toContain("lecture gradient vs central differences of its windowed error (the project's mode)")
  })
})

describe('rnnwb and RNNWB_KERNELS', () => {
  const withKernels = (value: string, ...args: string[]) => runInProcess(args, { env: { RNNWB_KERNELS: value } })

  it('RNNWB_KERNELS=js: train names the TypeScript kernels in its start line, inspect says so, eval and gradcheck run on them', async () => {
    const input = example('lecture-minimal')
    const r = await withKernels('js', 'train', input, '--epochs', '3', '--out', join(dir, 'js.rnn.json'))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/^training lecture-minimal\.rnn\.json: 3 epochs from epoch 0, kernels: TypeScript \(RNNWB_KERNELS=js\)\n/)
    const json = await withKernels('js', 'train', input, '--epochs', '1', '--out', join(dir, 'js.rnn.json'), '--json')
    expect(JSON.parse(json.stdout.split('\n')[0])).toEqual({ type: 'start', epochs: 1, from: 0, kernels: 'js' })
    const inspect = await withKernels('js', 'inspect', input)
    expect(inspect.stdout).toContain('kernels: js, TypeScript (RNNWB_KERNELS=js)')
    expect(JSON.parse((await withKernels('js', 'inspect', input, '--json')).stdout).kernels).toBe('js')
    // the same numbers to rounding as the default (WebAssembly) kernels
    const loss = async (env: string) => JSON.parse((await withKernels(env, 'eval', join(dir, 'js.rnn.json'), '--json')).stdout).results[0].loss as number
    expect(await loss('js')).toBeCloseTo(await loss('auto'), 12)
    expect((await withKernels('js', 'gradcheck', input)).code).toBe(0)
  })

  it('a bad RNNWB_KERNELS is refused by every command with the allowed values, exit 2, nothing written', async () => {
    const input = example('lecture-minimal')
    const out = join(dir, 'bad-kernels.rnn.json')
    for (const args of [['train', input, '--out', out], ['eval', input], ['gradcheck', input], ['inspect', input], ['predict', input, '--word', 'table']]) {
      const r = await withKernels('gpu', ...args)
      expect(r.code, args[0]).toBe(2)
      expect(r.stderr).toBe('rnnwb: RNNWB_KERNELS="gpu" is not a kernel set: expected one of auto, wasm, js (unset means auto)\n')
    }
    expect(existsSync(out)).toBe(false)
  })
})

describe('rnnwb in a terminal', () => {
  it('draws a progress bar on stderr', async () => {
    const input = example('lecture-minimal')
    const { code, stderr: err } = await runInProcess(['train', input, '--epochs', '40', '--out', join(dir, 'tty.rnn.json')], { errIsTty: true })
    expect(code).toBe(0)
    expect(err).toMatch(/\r\[#{30}\] epoch 40 \(40\/40 from 0\) loss \d/)
  })
})

describe('rnnwb and Ctrl-C', () => {
  it('stops at the next epoch, writes what it reached and exits 1', async () => {
    const { spawn } = await import('node:child_process')
    const input = example('sine')
    const out = join(dir, 'interrupted.rnn.json')
    // detached: its own process group, so the signal can go to the whole group as a terminal sends it
    const child = spawn(process.execPath, [bin, 'train', input, '--epochs', '1000000', '--out', out, '--json'], { cwd: dir, detached: true })
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    await new Promise<void>((resolve) => {
      const t = setInterval(() => stdout.includes('"epoch"') && (clearInterval(t), resolve()), 10)
    })
    process.kill(-child.pid!, 'SIGINT')
    const code = await new Promise((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    const done = JSON.parse(stdout.trim().split('\n').at(-1)!)
    expect(done).toMatchObject({ type: 'done', interrupted: true, error: null })
    const p = parseProject(readFileSync(out, 'utf8'))
    expect(p.weights!.epoch).toBe(done.epoch)
    expect(p.history.loss).toHaveLength(done.epoch)
  })
})
