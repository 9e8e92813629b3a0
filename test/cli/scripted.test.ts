// rnnwb on projects whose data is a script: it runs the script in the sandbox (a worker thread, as the app
// does in main) and trains on exactly the data the script makes; a failing script is bad input.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runInProcess } from '../helpers/cli.js'
import { Trainer } from '../../src/core/index.js'
import { parseProject } from '../../src/shared/project-file.js'
import { trainingDataset } from '../../src/shared/runs.js'
import { EXAMPLES_DIR, exampleWithData } from '../helpers/projects.js'

const dir = mkdtempSync(join(tmpdir(), 'rnnwb-scripted-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const rnnwb = (...args: string[]) => runInProcess(args) // the built CLI's run() in this process (test/helpers/cli.ts)

describe('rnnwb on scripted projects', () => {
  it('trains on identical data: the weights equal an in-process run on the script data', async () => {
    const input = join(EXAMPLES_DIR, 'delayed-recall.rnn.json')
    const out = join(dir, 'recall.rnn.json')
    const r = await rnnwb('train', input, '--epochs', '5', '--out', out)
    expect(r.code, r.stderr).toBe(0)
    const trained = parseProject(readFileSync(out, 'utf8'))
    expect(trained.data).toEqual(parseProject(readFileSync(input, 'utf8')).data) // the script stays a script

    const local = await exampleWithData('delayed-recall')
    const t = new Trainer({ network: local.network, training: { ...local.training, epochs: 5 }, data: trainingDataset(local.data) })
    while (!t.done) t.runEpoch()
    expect(Array.from(trained.weights!.params)).toEqual(Array.from(t.params))

    const info = JSON.parse((await rnnwb('inspect', input, '--json')).stdout)
    expect(info.data).toEqual({ m: 1, l: 1, train: { sequences: 32, minLength: 12, maxLength: 12 } })
  })

  it('a failing script is bad input, with its line', async () => {
    const project = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'delayed-recall.rnn.json'), 'utf8'))
    project.data.source = project.data.source.replace('const delay = 2', 'const delay: number = undefined!.x')
    const input = join(dir, 'broken.rnn.json')
    writeFileSync(input, JSON.stringify(project))
    const r = await rnnwb('train', input)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^rnnwb: the data script failed: line 2, column \d+: TypeError: cannot read property 'x' of undefined\n$/)
  })
})
