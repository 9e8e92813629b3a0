// `rnnwb sweep` and `rnnwb repeat`, called in-process through the built CLI's run() on copies of the lecture-minimal
// example (its data a script, made once) in a temp folder: every run a record with its sweep values and the file
// still loads; --json lines; --out leaves the input alone; a repeat is bit-identical (exit 0) and recorded with
// repeatOf; a bad --param or an unknown run is bad input (exit 2) and leaves the file untouched. One test runs the
// built command in a real process.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EXIT } from '../../src/cli/main.js'
import { readProjectFile } from '../../src/node/services/files.js'
import { dataHash } from '../../src/shared/run-records.js'
import { EXAMPLES_DIR, exampleWithData } from '../helpers/projects.js'
import { runCli, runInProcess } from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'rnnwb-sweep-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The built CLI's run() (its trainer processes start from the built entry, not TypeScript through tsx). */
const rnnwb = (...args: string[]) => runInProcess(args)

const made = await exampleWithData('lecture-minimal')
const copy = (name: string) => {
  const path = join(dir, name)
  copyFileSync(join(EXAMPLES_DIR, 'lecture-minimal.rnn.json'), path)
  return path
}

describe('rnnwb sweep and repeat', () => {
  const file = copy('minimal.rnn.json')

  it('sweep: a line per run, every run recorded with its values, the file still loads', async () => {
    const r = await rnnwb('sweep', file, '--param', 'learningRate=0.5,1', '--seeds', '2', '--epochs', '6', '--parallel', '2')
    expect(r.code, r.stderr).toBe(EXIT.ok)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(4)
    for (const l of lines) expect(l).toMatch(/^\[\d\/4\]  completed  learningRate=(0\.5|1) seed=\d  6 epochs  loss \d\.\d{6}  \d+\.\ds$/)
    expect(r.stderr).toBe(`sweeping minimal.rnn.json: 4 runs, at most 2 at once\nsweep finished: recorded r1..r4; wrote ${file}\n`)
    const project = await readProjectFile(file)
    expect(project.runs!.map((x) => [x.id, x.label, x.epochs, x.ended.status])).toEqual([
      ['r1', 'learningRate=0.5 seed=3', 6, 'finished'],
      ['r2', 'learningRate=0.5 seed=4', 6, 'finished'],
      ['r3', 'learningRate=1 seed=3', 6, 'finished'],
      ['r4', 'learningRate=1 seed=4', 6, 'finished'],
    ])
    const sweepId = project.runs![0].sweep!.id
    expect(project.runs!.map((x) => x.sweep)).toEqual([
      { id: sweepId, values: { learningRate: 0.5, seed: 3 } },
      { id: sweepId, values: { learningRate: 0.5, seed: 4 } },
      { id: sweepId, values: { learningRate: 1, seed: 3 } },
      { id: sweepId, values: { learningRate: 1, seed: 4 } },
    ])
    for (const x of project.runs!) expect(x.dataHash).toBe(dataHash(made.data))
    expect(project.runs!.filter((x) => x.weights)).toHaveLength(1) // the best on this data keeps its weights
    expect(project.data.kind).toBe('script') // the project keeps its script
    expect(project.weights).toBeNull()
  })

  it('repeat: bit-identical to the record, added with repeatOf (exit 0), with and without kept weights', async () => {
    const before = (await readProjectFile(file)).runs!
    const bare = before.find((x) => !x.weights)!
    const r = await rnnwb('repeat', file, bare.id)
    expect(r.code, r.stderr).toBe(EXIT.ok)
    expect(r.stdout).toBe(`r5 bit-identical to ${bare.id} (the loss history of 6 epochs)\n`)
    const kept = before.find((x) => x.weights)!
    const j = await rnnwb('repeat', file, kept.id, '--json')
    expect(j.code, j.stderr).toBe(EXIT.ok)
    expect(JSON.parse(j.stdout)).toEqual({ type: 'done', repeatOf: kept.id, id: 'r6', status: 'completed', identical: true, compared: 'weights', out: file })
    const after = (await readProjectFile(file)).runs!
    expect(after.slice(4).map((x) => [x.id, x.repeatOf, x.label])).toEqual([
      ['r5', bare.id, `repeat of ${bare.id}`],
      ['r6', kept.id, `repeat of ${kept.id}`],
    ])
    expect(after[4].loss).toEqual(bare.loss)
    // a record whose history differs in one bit of one epoch: the repeat says so and exits 1
    const json = JSON.parse(readFileSync(file, 'utf8'))
    json.runs[4].loss[2] = json.runs[4].loss[2] * (1 + Number.EPSILON)
    const altered = join(dir, 'altered.rnn.json')
    writeFileSync(altered, JSON.stringify(json))
    const no = await rnnwb('repeat', altered, 'r5')
    expect(no.code).toBe(EXIT.failed)
    expect(no.stdout).toBe('r7 NOT identical to r5 (the loss history of 6 epochs differ)\n')
  })

  it('sweep --json --out: JSON lines per run and a done line; the input stays as it was', async () => {
    const input = copy('json.rnn.json')
    const text = readFileSync(input, 'utf8')
    const out = join(dir, 'json-out.rnn.json')
    const r = await rnnwb('sweep', input, '--param', 'hidden[0].units=2..4:2', '--epochs', '3', '--parallel', '1', '--json', '--out', out)
    expect(r.code, r.stderr).toBe(EXIT.ok)
    expect(r.stderr).toBe('')
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(lines.slice(0, 2).map((l) => [l.type, l.index, l.label, l.values, l.status, l.epochs])).toEqual([
      ['run', 0, 'hidden[0].units=2', { 'hidden[0].units': 2 }, 'completed', 3],
      ['run', 1, 'hidden[0].units=4', { 'hidden[0].units': 4 }, 'completed', 3],
    ])
    expect(lines[2]).toEqual({ type: 'done', status: 'finished', runs: 2, recorded: ['r1', 'r2'], out, interrupted: false })
    expect(readFileSync(input, 'utf8')).toBe(text)
    expect((await readProjectFile(out)).runs!.map((x) => x.network.hidden[0].units)).toEqual([2, 4])
  })

  it('bad input: a bad --param, option or run id is exit 2 with its path, and the file is untouched', async () => {
    const input = copy('bad.rnn.json')
    const text = readFileSync(input, 'utf8')
    const mtime = statSync(input).mtimeMs
    const cases: [string[], string][] = [
      [['--param', 'learningRate=0.1,-1'], 'rnnwb: params[0].values: learningRate=-1 (value 2): expected a number > 0\n'],
      [['--param', 'learningRate=0.1', '--param', 'rate'], 'rnnwb: params[1]: expected name=values, got "rate"\n'],
      [['--param', 'hidden[3].units=4'], 'rnnwb: params[0].name: hidden[3].units: the network has 1 hidden layer (hidden[0]..hidden[0])\n'],
      [['--param', 'learningRate=0.1', '--seeds', 'x'], 'rnnwb: --seeds: expected a whole number from 1 to 1000\n'],
      [['--param', 'learningRate=0.1', '--time', '0'], 'rnnwb: --time: expected seconds > 0 and at most 604800\n'],
    ]
    for (const [args, err] of cases) expect(await rnnwb('sweep', input, ...args)).toEqual({ code: EXIT.badInput, stdout: '', stderr: err })
    expect((await rnnwb('sweep', input)).stderr).toMatch(/^rnnwb: name a setting to sweep with --param/)
    expect(await rnnwb('repeat', input, 'r9')).toEqual({ code: EXIT.badInput, stdout: '', stderr: 'rnnwb: no run "r9" in the project (it has no run records)\n' })
    expect(readFileSync(input, 'utf8')).toBe(text)
    expect(statSync(input).mtimeMs).toBe(mtime)
  })

  it('the built command sweeps and repeats in real processes', async () => {
    const input = copy('built.rnn.json')
    const r = await runCli(dir, 'sweep', input, '--param', 'learningRate=0.5', '--epochs', '4', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout.trimEnd().split('\n').at(-1)!)).toMatchObject({ type: 'done', status: 'finished', recorded: ['r1'] })
    const again = await runCli(dir, 'repeat', input, 'r1')
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toMatch(/^r2 bit-identical to r1 \(/)
  })
})
