/**
 * `npm run bench:sweep`: throughput of a sweep of 8 small runs through the sweep host (src/node/services/sweeps.ts,
 * the same code the window and `rnnwb sweep` use: one trainer process per run, each on one thread), with
 * parallel = 1 and parallel = 2, in runs per second and the speed-up of 2 over 1. The workload: the sine example
 * (m = 1, 10 tanh units, ℓ = 1; its data made by its script once), learningRate swept over 8 values from 0.002
 * to 0.05 (log), `--epochs` epochs each (default 1000). Each configuration runs `--reps` times (default 3),
 * alternating 1, 2, 1, 2, …; the table gives each rep and the median.
 *
 * The trainer processes run the built trainer (out/cli/trainer.js, as the built `rnnwb` does) when it exists, else
 * the TypeScript source through tsx (slower to start: the line before the table says which). Wall time from
 * start() to the sweep's end: process start-up is part of a run's cost, as it is for a user.
 *
 * Usage: npm run bench:sweep -- [--epochs N] [--reps N]
 * This is a benchmark, not a test: nothing is asserted, and the numbers depend on the machine and its load.
 */
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { performance } from 'node:perf_hooks'
import { nodeTrainerLauncher } from '../src/node/services/launcher.js'
import { resolveProjectData } from '../src/node/services/project-data.js'
import { SweepService } from '../src/node/services/sweeps.js'
import { runScript } from '../src/node/scripts/sandbox.js'
import { readProjectFile } from '../src/node/services/files.js'
import { scriptRunOptions } from '../src/shared/script-api.js'
import type { SweepSpec } from '../src/shared/sweep.js'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..')
const { values } = parseArgs({ options: { epochs: { type: 'string' }, reps: { type: 'string' } } })
const epochs = Number(values.epochs ?? 1000)
const reps = Number(values.reps ?? 3)

const built = path.join(root, 'out/cli/trainer.js')
const launch = existsSync(built) ? nodeTrainerLauncher(built) : nodeTrainerLauncher()
const project = await resolveProjectData(await readProjectFile(path.join(root, 'resources/examples/sine.rnn.json')), { run: (data) => runScript(data.source, scriptRunOptions(data)) })
const spec: SweepSpec = { params: [{ name: 'learningRate', values: { kind: 'log', from: 0.002, to: 0.05, count: 8 } }], epochs }

async function sweep(parallel: number): Promise<number> {
  const service = new SweepService(launch, () => {})
  const start = performance.now()
  const { sweepId } = service.start({ project, spec, parallel })
  const state = await service.ended(sweepId)
  const seconds = (performance.now() - start) / 1000
  service.dispose()
  const bad = state.runs.filter((r) => r.status !== 'completed')
  if (bad.length) throw new Error(`runs did not complete: ${bad.map((r) => `${r.label} ${r.status} ${r.message ?? ''}`).join('; ')}`)
  return seconds
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ')
console.log(`sweep of 8 runs (sine, ${epochs} epochs each), trainer ${existsSync(built) ? 'out/cli/trainer.js (built)' : 'src/node/trainer/trainer.ts through tsx'}; ${os.availableParallelism()} cores; load average ${load()} at the start`)
await sweep(1) // warm-up: file caches, the first process start
const times: Record<number, number[]> = { 1: [], 2: [] }
for (let r = 0; r < reps; r++) for (const p of [1, 2]) times[p].push(await sweep(p))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
console.log('parallel  seconds per rep               median s  runs/s')
for (const p of [1, 2]) {
  const m = median(times[p])
  console.log(`${String(p).padEnd(9)} ${times[p].map((t) => t.toFixed(2).padStart(6)).join(' ').padEnd(25)} ${m.toFixed(2).padStart(8)}  ${(8 / m).toFixed(3)}`)
}
console.log(`speed-up of parallel 2 over 1: ${(median(times[1]) / median(times[2])).toFixed(2)}×; load average ${load()} at the end`)
