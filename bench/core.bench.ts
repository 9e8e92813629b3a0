/**
 * `npm run bench`: seconds per epoch and GFLOP/s of the numeric core on the workloads of bench/workloads.ts,
 * next to PyTorch (bench/torch_bench.py: float64, one thread) when /usr/bin/python3 can import torch.
 *
 * Usage: npm run bench -- [--only name1,name2] [--quick] [--no-torch]
 *   --only      run only these workloads (tiny, nettalk, deep, large)
 *   --quick     smoke run: one timed epoch per workload with no warm-up (so it includes JIT compilation),
 *               and one epoch (after torch's own warm-up) on the torch side
 *   --no-torch  skip PyTorch
 *
 * Timing: the core runs through its Trainer (full batch: one forward, one backward, one SGD update per
 * epoch), timed with performance.now around runEpoch. One warm-up epoch, then epochs until at least 2 s
 * have elapsed and at least 2 epochs have run. The torch side gets its epoch count from a one-epoch probe
 * run so that it, too, times about 2 s (and at least 2 epochs) per workload. The two sides run one after
 * the other, never at the same time.
 *
 * This is a benchmark, not a test: nothing is asserted, and the numbers depend on the machine.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { DivergenceError, Trainer } from '../src/core/index.js'
import { FLOP_FORMULA, WORKLOADS, coreFlopsPerEpoch, flopsPerEpoch, networkSpec, parameterCount, randomData, trainingSpec, type Workload } from './workloads.js'

const PYTHON = '/usr/bin/python3'
const TORCH_SCRIPT = fileURLToPath(new URL('./torch_bench.py', import.meta.url))

interface Options {
  only: string[] | null
  quick: boolean
  torch: boolean
}

const USAGE = 'usage: npm run bench -- [--only name1,name2] [--quick] [--no-torch]'

function parseArgs(argv: string[]): Options {
  const opts: Options = { only: null, quick: false, torch: true }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--quick') opts.quick = true
    else if (arg === '--no-torch') opts.torch = false
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length)
      if (!value) fail('--only needs a comma-separated list of workloads')
      opts.only = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0)
      const known = WORKLOADS.map((w) => w.name)
      const unknown = opts.only.filter((name) => !known.includes(name))
      if (unknown.length > 0) fail(`unknown workload ${unknown.join(', ')} (known: ${known.join(', ')})`)
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE)
      process.exit(0)
    } else fail(`unknown option ${arg}`)
  }
  return opts
}

function fail(message: string): never {
  console.error(`bench: ${message}\n${USAGE}`)
  process.exit(2)
}

interface Timing {
  warmup: boolean
  minSeconds: number
  minEpochs: number
  maxEpochs: number
}

// The large workload takes 13–20 s per epoch on a 2-core Xeon, so it gets the warm-up plus 2 timed epochs
// (about a minute); the small ones repeat until 2 s have passed.
const FULL: Timing = { warmup: true, minSeconds: 2, minEpochs: 2, maxEpochs: 10_000 }
const QUICK: Timing = { warmup: false, minSeconds: 0, minEpochs: 1, maxEpochs: 1 }

interface CoreResult {
  warmupSeconds: number
  epochs: number
  secondsPerEpoch: number
  error?: string
}

function benchCore(w: Workload, index: number, timing: Timing): CoreResult {
  const trainer = new Trainer({ network: networkSpec(w), training: trainingSpec(), data: randomData(w, index), now: () => performance.now() })
  try {
    const t0 = performance.now()
    if (timing.warmup) trainer.runEpoch() // warm-up: lets V8 optimise the kernels for these sizes
    const warmupSeconds = timing.warmup ? (performance.now() - t0) / 1000 : NaN
    let epochs = 0
    let elapsed = 0
    const start = performance.now()
    while (epochs < timing.maxEpochs && (epochs < timing.minEpochs || elapsed < timing.minSeconds)) {
      trainer.runEpoch()
      epochs++
      elapsed = (performance.now() - start) / 1000
    }
    return { warmupSeconds, epochs, secondsPerEpoch: elapsed / epochs }
  } catch (e) {
    if (e instanceof DivergenceError) return { warmupSeconds: NaN, epochs: 0, secondsPerEpoch: NaN, error: e.message }
    throw e
  }
}

interface TorchResult {
  secondsPerEpoch: number
  epochs: number
}

interface TorchRun {
  results: Map<string, TorchResult>
  version: string | null
  skipped: string | null
}

/** Runs bench/torch_bench.py once on `workloads` with the given epoch counts. */
function runTorch(workloads: Workload[], epochs: Map<string, number>, dir: string): TorchRun {
  const file = path.join(dir, 'workloads.json')
  writeFileSync(file, JSON.stringify(workloads.map((w) => ({ ...w, epochs: epochs.get(w.name) ?? 1 }))))
  const run = spawnSync(PYTHON, [TORCH_SCRIPT, file], {
    encoding: 'utf8',
    timeout: 15 * 60 * 1000,
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  })
  const results = new Map<string, TorchResult>()
  if (run.error) return { results, version: null, skipped: `running ${PYTHON} failed: ${run.error.message}` }
  let version: string | null = null
  for (const line of run.stdout.split('\n')) {
    if (!line.trim()) continue
    let parsed: { name?: string; secondsPerEpoch?: number; torch?: string; error?: string }
    try {
      parsed = JSON.parse(line)
    } catch {
      continue
    }
    if (parsed.error) return { results, version: null, skipped: parsed.error }
    if (parsed.name && typeof parsed.secondsPerEpoch === 'number') {
      results.set(parsed.name, { secondsPerEpoch: parsed.secondsPerEpoch, epochs: epochs.get(parsed.name) ?? 1 })
      version = parsed.torch ?? version
    }
  }
  if (run.status !== 0 || results.size < workloads.length) {
    const why = run.signal ? `killed by ${run.signal}` : `exit status ${run.status}`
    const stderr = run.stderr.trim().split('\n').slice(-3).join(' | ')
    return { results, version, skipped: `${path.basename(TORCH_SCRIPT)} stopped early (${why})${stderr ? `: ${stderr}` : ''}` }
  }
  return { results, version, skipped: null }
}

function benchTorch(workloads: Workload[], timing: Timing, quick: boolean): TorchRun {
  if (!existsSync(PYTHON)) return { results: new Map(), version: null, skipped: `${PYTHON} not found` }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rnnwb-bench-'))
  try {
    const ones = new Map(workloads.map((w) => [w.name, 1]))
    log('torch: probe run, one epoch per workload')
    const probe = runTorch(workloads, ones, dir)
    if (probe.skipped || quick) return probe
    const epochs = new Map(
      workloads.map((w) => {
        const estimate = probe.results.get(w.name)!.secondsPerEpoch
        const n = Math.ceil(timing.minSeconds / Math.max(estimate, 1e-6))
        return [w.name, Math.min(timing.maxEpochs, Math.max(timing.minEpochs, n))]
      }),
    )
    log(`torch: timed run, epochs ${workloads.map((w) => `${w.name} ${epochs.get(w.name)}`).join(', ')}`)
    return runTorch(workloads, epochs, dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function log(message: string): void {
  process.stderr.write(`${message}\n`)
}

/** Three significant digits, no exponent. */
function fmt(x: number): string {
  if (!Number.isFinite(x)) return '–'
  if (x >= 100) return x.toFixed(0)
  return Number(x.toPrecision(3)).toString()
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`
  return [line(header), rule, ...rows.map(line)].join('\n')
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2))
  const timing = opts.quick ? QUICK : FULL
  const selected = WORKLOADS.map((w, index) => ({ w, index })).filter(({ w }) => !opts.only || opts.only.includes(w.name))
  const cpus = os.cpus()
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}, ${os.platform()} ${os.release()} ${os.arch()}`)
  console.log(`mode: ${opts.quick ? 'quick (1 timed epoch, no warm-up: a smoke run, not a measurement)' : `full (1 warm-up epoch, then ≥ ${timing.minEpochs} epochs and ≥ ${timing.minSeconds} s)`}`)
  console.log(`workloads: sigmoid, hidden recurrent + bias, output non-recurrent + bias, sse, exact gradient, full-batch SGD, float64`)
  console.log(FLOP_FORMULA)

  const core = new Map<string, CoreResult>()
  for (const { w, index } of selected) {
    log(`core: ${w.name} …`)
    const r = benchCore(w, index, timing)
    core.set(w.name, r)
    const warm = timing.warmup ? `warm-up ${fmt(r.warmupSeconds)} s, ` : ''
    log(r.error ? `core: ${w.name} diverged: ${r.error}` : `core: ${w.name} ${warm}${r.epochs} epochs at ${fmt(r.secondsPerEpoch)} s`)
  }

  const torch: TorchRun = opts.torch ? benchTorch(selected.map(({ w }) => w), timing, opts.quick) : { results: new Map(), version: null, skipped: 'disabled with --no-torch' }

  const header = ['workload', 'm-n-ℓ', 'T', 'P', 'params', 'GFLOP/epoch', 'epochs', 'core s/epoch', 'core GFLOP/s']
  if (!torch.skipped) header.push('torch epochs', 'torch s/epoch', 'torch GFLOP/s', 'core/torch')
  const rows = selected.map(({ w }) => {
    const c = core.get(w.name)!
    const gflop = flopsPerEpoch(w) / 1e9
    const row = [w.name, [w.m, ...w.hidden, w.l].join('-'), `${w.T}`, `${w.P}`, `${parameterCount(w)}`, fmt(gflop), `${c.epochs}`, fmt(c.secondsPerEpoch), fmt(gflop / c.secondsPerEpoch)]
    if (!torch.skipped) {
      const t = torch.results.get(w.name)
      row.push(`${t?.epochs ?? '–'}`, fmt(t?.secondsPerEpoch ?? NaN), fmt(t ? gflop / t.secondsPerEpoch : NaN), t ? `${fmt(c.secondsPerEpoch / t.secondsPerEpoch)}×` : '–')
    }
    return row
  })
  console.log('')
  console.log(table(header, rows))
  console.log('')
  if (torch.skipped) console.log(`torch: skipped (${torch.skipped})`)
  else console.log(`torch: ${torch.version ?? 'unknown version'}, float64, 1 thread (bench/torch_bench.py); core/torch > 1 means the core is slower`)
  const shares = selected.map(({ w }) => `${w.name} ${Math.round((100 * coreFlopsPerEpoch(w)) / flopsPerEpoch(w))}%`).join(', ')
  console.log(`GFLOP/s are nominal (the formula above, for both sides); the core actually performs ${shares} of those multiply-adds`)
  console.log('(it skips the V products on the zero initial state and never propagates δ to the input u)')
  for (const [name, r] of core) if (r.error) console.log(`core: ${name} diverged: ${r.error}`)
}

main()
