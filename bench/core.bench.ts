/**
 * `npm run bench`: seconds per epoch and GFLOP/s of the numeric core on the workloads of bench/workloads.ts,
 * with its TypeScript kernels and with its WebAssembly SIMD kernels (compute.ts) on one thread, and with the
 * WASM kernels on two threads (the trainer process's own chunk pool, src/node/trainer/chunk-pool.ts: helper
 * threads started on the trainer's entry file), next to PyTorch (bench/torch_bench.py: float64 and float32
 * on one and on two threads) when /usr/bin/python3 can import torch; then NETtalk's real setup (the paper's 203-120-26 network, 1,000 words, one update per word,
 * 30 passes) with both kernel sets.
 *
 * Usage: npm run bench -- [--only name1,name2] [--quick] [--no-torch] [--no-nettalk] [--corpus DIR]
 *   --only        run only these workloads (tiny, nettalk, deep, large)
 *   --quick       smoke run: one timed epoch per workload with no warm-up (so it includes JIT compilation),
 *                 one epoch (after torch's own warm-up) on the torch side, one NETtalk pass
 *   --no-torch    skip PyTorch
 *   --no-nettalk  skip the NETtalk passes
 *   --corpus      the NETtalk corpus directory (default: resources/nettalk, the corpus the project ships)
 *
 * Timing: the core runs through its Trainer (full batch: one forward, one backward, one SGD update per
 * epoch), timed with performance.now around runEpoch. One warm-up epoch, then epochs until at least 2 s
 * have elapsed and at least 2 epochs have run. The torch side gets its epoch count from a one-epoch probe
 * run so that it, too, times about 2 s (and at least 2 epochs) per workload. Nothing runs at the same time
 * as anything else: the core's configurations one after the other, then each torch configuration. The two-thread
 * core starts its helper thread before the warm-up, outside the timing (as a training run does once).
 *
 * This is a benchmark, not a test: nothing is asserted, and the numbers depend on the machine.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { DivergenceError, Trainer, kernelKind, type KernelKind } from '../src/core/index.js'
import { startChunkHelpers, ThreadChunks } from '../src/node/trainer/chunk-pool.js'
import { PAPER_TRAINING, importDictionary, nettalkDataset, nettalkNetwork, parseWordList, splitByWords } from '../src/core/nettalk/index.js'
import { FLOP_FORMULA, WORKLOADS, coreFlopsPerEpoch, flopsPerEpoch, networkSpec, parameterCount, randomData, trainingSpec, type Workload } from './workloads.js'

const PYTHON = '/usr/bin/python3'
const TORCH_SCRIPT = fileURLToPath(new URL('./torch_bench.py', import.meta.url))

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

interface Options {
  only: string[] | null
  quick: boolean
  torch: boolean
  nettalk: boolean
  corpus: string
}

const USAGE = 'usage: npm run bench -- [--only name1,name2] [--quick] [--no-torch] [--no-nettalk] [--corpus DIR]'

function parseArgs(argv: string[]): Options {
  const opts: Options = { only: null, quick: false, torch: true, nettalk: true, corpus: path.join(REPO, 'resources', 'nettalk') }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--quick') opts.quick = true
    else if (arg === '--no-torch') opts.torch = false
    else if (arg === '--no-nettalk') opts.nettalk = false
    else if (arg === '--corpus') {
      if (!argv[i + 1]) fail('--corpus needs a directory')
      opts.corpus = path.resolve(argv[++i])
    }
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

// The large workload takes seconds per epoch (4 s with the TypeScript kernels on a quiet 2-core Xeon), so it
// gets the warm-up plus 2 timed epochs; the small ones repeat until 2 s have passed.
const FULL: Timing = { warmup: true, minSeconds: 2, minEpochs: 2, maxEpochs: 10_000 }
const QUICK: Timing = { warmup: false, minSeconds: 0, minEpochs: 1, maxEpochs: 1 }

interface CoreResult {
  warmupSeconds: number
  epochs: number
  secondsPerEpoch: number
  error?: string
}

/** A core configuration: kernel set and threads (more than one: the trainer process's chunk pool). */
interface CoreConfig {
  label: string
  kernels: KernelKind
  threads: number
}

const CORE_CONFIGS: readonly CoreConfig[] = [
  { label: 'core js', kernels: 'js', threads: 1 },
  { label: 'core wasm', kernels: 'wasm', threads: 1 },
  { label: 'core wasm 2t', kernels: 'wasm', threads: 2 },
]

/** The helper threads run the trainer's entry file, as in a training run. */
const HELPER_ENTRY = new URL('../src/node/trainer/trainer.ts', import.meta.url)

async function benchCore(w: Workload, index: number, timing: Timing, config: CoreConfig): Promise<CoreResult> {
  let helpers: ReturnType<typeof startChunkHelpers> | null = null
  const parallel = new ThreadChunks({ threads: () => config.threads, spawn: (init, n) => (helpers = startChunkHelpers(HELPER_ENTRY, init, n)) })
  const trainer = new Trainer({ network: networkSpec(w), training: trainingSpec(), data: randomData(w, index), now: () => performance.now(), kernels: config.kernels, parallel })
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
  } finally {
    await (helpers as ReturnType<typeof startChunkHelpers> | null)?.stop()
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

/** A PyTorch configuration: dtype and threads (more than one: OpenMP waits passively). */
interface TorchConfig {
  label: string
  dtype: 'float64' | 'float32'
  threads: number
}

const TORCH_CONFIGS: readonly TorchConfig[] = [
  { label: 'torch f64 1t', dtype: 'float64', threads: 1 },
  { label: 'torch f32 1t', dtype: 'float32', threads: 1 },
  { label: 'torch f64 2t', dtype: 'float64', threads: 2 },
  { label: 'torch f32 2t', dtype: 'float32', threads: 2 },
]

/** Runs bench/torch_bench.py once on `workloads` with the given epoch counts. */
function runTorch(workloads: Workload[], epochs: Map<string, number>, dir: string, config: TorchConfig): TorchRun {
  const file = path.join(dir, 'workloads.json')
  writeFileSync(file, JSON.stringify(workloads.map((w) => ({ ...w, epochs: epochs.get(w.name) ?? 1 }))))
  const threads = `${config.threads}`
  const run = spawnSync(PYTHON, [TORCH_SCRIPT, file, '--dtype', config.dtype, '--threads', threads], {
    encoding: 'utf8',
    timeout: 15 * 60 * 1000,
    env: { ...process.env, OMP_NUM_THREADS: threads, OPENBLAS_NUM_THREADS: threads, MKL_NUM_THREADS: threads, ...(config.threads > 1 ? { OMP_WAIT_POLICY: 'PASSIVE' } : {}) },
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

function benchTorch(workloads: Workload[], timing: Timing, quick: boolean, config: TorchConfig): TorchRun {
  if (!existsSync(PYTHON)) return { results: new Map(), version: null, skipped: `${PYTHON} not found` }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rnnwb-bench-'))
  try {
    const ones = new Map(workloads.map((w) => [w.name, 1]))
    log(`${config.label}: probe run, one epoch per workload`)
    const probe = runTorch(workloads, ones, dir, config)
    if (probe.skipped || quick) return probe
    const epochs = new Map(
      workloads.map((w) => {
        const estimate = probe.results.get(w.name)!.secondsPerEpoch
        const n = Math.ceil(timing.minSeconds / Math.max(estimate, 1e-6))
        return [w.name, Math.min(timing.maxEpochs, Math.max(timing.minEpochs, n))]
      }),
    )
    log(`${config.label}: timed run, epochs ${workloads.map((w) => `${w.name} ${epochs.get(w.name)}`).join(', ')}`)
    return runTorch(workloads, epochs, dir, config)
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

interface NettalkTiming {
  kernels: KernelKind
  passes: number
  seconds: number
  loss: number
}

/** NETtalk's real setup: the paper's network and rule (PAPER_TRAINING: one momentum update per word) on the
 *  1,000 words of nettalk.list; seconds of the passes as the Trainer reports them, without any scoring. */
function benchNettalk(corpus: string, passes: number, kernels: KernelKind): NettalkTiming {
  const dictionary = importDictionary(readFileSync(path.join(corpus, 'nettalk.data'), 'utf8'))
  const { selected: words } = splitByWords(dictionary.entries, parseWordList(readFileSync(path.join(corpus, 'nettalk.list'), 'utf8')).words)
  const network = nettalkNetwork({}, { hidden: 120, recurrent: false })
  const trainer = new Trainer({ network, training: { ...PAPER_TRAINING, epochs: passes, seed: 1 }, data: nettalkDataset(words, {}), now: () => performance.now(), kernels })
  let seconds = 0
  let loss = NaN
  while (!trainer.done) {
    const report = trainer.runEpoch()
    seconds += report.seconds
    loss = report.loss
  }
  return { kernels, passes, seconds, loss }
}

const KERNEL_SETS: readonly KernelKind[] = ['js', 'wasm']

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2))
  const timing = opts.quick ? QUICK : FULL
  const selected = WORKLOADS.map((w, index) => ({ w, index })).filter(({ w }) => !opts.only || opts.only.includes(w.name))
  const cpus = os.cpus()
  const load = os.loadavg().map((x) => x.toFixed(2)).join(', ')
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}, ${os.platform()} ${os.release()} ${os.arch()}; load average at start ${load}`)
  console.log(`mode: ${opts.quick ? 'quick (1 timed epoch, no warm-up: a smoke run, not a measurement)' : `full (1 warm-up epoch, then ≥ ${timing.minEpochs} epochs and ≥ ${timing.minSeconds} s)`}`)
  console.log(`workloads: sigmoid, hidden recurrent + bias, output non-recurrent + bias, sse, exact gradient, full-batch SGD, float64`)
  console.log(`core kernels: js = TypeScript (register-blocked), wasm = WebAssembly SIMD (${kernelKind('auto') === 'wasm' ? 'available' : 'NOT available here'}); 2t = two threads (batches of more than 32 sequences in chunks of 32; tiny, P = 32, runs on one)`)
  console.log(FLOP_FORMULA)

  const core = new Map<string, Map<string, CoreResult>>()
  for (const { w, index } of selected) {
    const results = new Map<string, CoreResult>()
    for (const config of CORE_CONFIGS) {
      log(`${config.label}: ${w.name} …`)
      const r = await benchCore(w, index, timing, config)
      results.set(config.label, r)
      const warm = timing.warmup ? `warm-up ${fmt(r.warmupSeconds)} s, ` : ''
      log(r.error ? `${config.label}: ${w.name} diverged: ${r.error}` : `${config.label}: ${w.name} ${warm}${r.epochs} epochs at ${fmt(r.secondsPerEpoch)} s`)
    }
    core.set(w.name, results)
  }

  const workloads = selected.map(({ w }) => w)
  const torch = TORCH_CONFIGS.map((config) => ({
    config,
    run: opts.torch ? benchTorch(workloads, timing, opts.quick, config) : { results: new Map(), version: null, skipped: 'disabled with --no-torch' },
  }))
  const torchDone = torch.filter((t) => !t.run.skipped)

  const seconds = (name: string, label: string) => core.get(name)!.get(label)!.secondsPerEpoch
  const header = ['workload', 'm-n-ℓ', 'T', 'P', 'params', 'GFLOP/epoch', ...CORE_CONFIGS.map((c) => `${c.label} s/epoch`), ...torchDone.map((t) => `${t.config.label} s/epoch`)]
  const rows = selected.map(({ w }) => [
    w.name,
    [w.m, ...w.hidden, w.l].join('-'),
    `${w.T}`,
    `${w.P}`,
    `${parameterCount(w)}`,
    fmt(flopsPerEpoch(w) / 1e9),
    ...CORE_CONFIGS.map((c) => fmt(seconds(w.name, c.label))),
    ...torchDone.map((t) => fmt(t.run.results.get(w.name)?.secondsPerEpoch ?? NaN)),
  ])
  const ratioHeader = [
    'workload',
    ...CORE_CONFIGS.map((c) => `${c.label} GFLOP/s`),
    ...torchDone.map((t) => `${t.config.label} GFLOP/s`),
    'js / wasm',
    'wasm / wasm 2t',
    ...torchDone.flatMap((t) => [`wasm / ${t.config.label}`, `wasm 2t / ${t.config.label}`]),
  ]
  const ratioRows = selected.map(({ w }) => {
    const gflop = flopsPerEpoch(w) / 1e9
    const wasm = seconds(w.name, 'core wasm')
    const wasm2 = seconds(w.name, 'core wasm 2t')
    const torchSeconds = torchDone.map((t) => t.run.results.get(w.name)?.secondsPerEpoch ?? NaN)
    return [
      w.name,
      ...CORE_CONFIGS.map((c) => fmt(gflop / seconds(w.name, c.label))),
      ...torchSeconds.map((t) => fmt(gflop / t)),
      `${fmt(seconds(w.name, 'core js') / wasm)}×`,
      `${fmt(wasm / wasm2)}×`,
      ...torchSeconds.flatMap((t) => [`${fmt(wasm / t)}×`, `${fmt(wasm2 / t)}×`]),
    ]
  })
  console.log('')
  console.log(table(header, rows))
  console.log('')
  console.log(table(ratioHeader, ratioRows))
  console.log('')
  for (const t of torch) {
    if (t.run.skipped) console.log(`${t.config.label}: skipped (${t.run.skipped})`)
    else console.log(`${t.config.label}: torch ${t.run.version ?? 'unknown version'}, ${t.config.dtype}, ${t.config.threads} thread${t.config.threads > 1 ? 's (OMP_WAIT_POLICY=PASSIVE)' : ''} (bench/torch_bench.py)`)
  }
  console.log('js / wasm > 1: the WASM kernels are faster; wasm / wasm 2t > 1: two threads are faster; wasm / torch > 1: the core (WASM kernels, float64) is slower than that torch configuration')
  const shares = selected.map(({ w }) => `${w.name} ${Math.round((100 * coreFlopsPerEpoch(w)) / flopsPerEpoch(w))}%`).join(', ')
  console.log(`GFLOP/s are nominal (the formula above, for both sides); the core actually performs ${shares} of those multiply-adds`)
  console.log('(it skips the V products on the zero initial state and never propagates δ to the input u)')
  for (const [name, results] of core) for (const [label, r] of results) if (r.error) console.log(`${label}: ${name} diverged: ${r.error}`)

  if (!opts.nettalk) return
  if (!existsSync(path.join(opts.corpus, 'nettalk.data'))) {
    console.log(`\nNETtalk: skipped (no corpus at ${opts.corpus}; --corpus DIR)`)
    return
  }
  const passes = opts.quick ? 1 : PAPER_TRAINING.epochs ?? 30
  const nettalk = KERNEL_SETS.map((kernels) => {
    log(`NETtalk ${kernels}: ${passes} passes …`)
    return benchNettalk(opts.corpus, passes, kernels)
  })
  console.log('')
  console.log(`NETtalk's real setup: 203-120-26 feed-forward (the paper's net), 1,000 words of nettalk.list, one momentum update per word, ${passes} passes`)
  console.log(table(['kernels', 'passes', 'seconds', 's / pass', 'E after the last pass'], nettalk.map((r) => [r.kernels, `${r.passes}`, fmt(r.seconds), fmt(r.seconds / r.passes), r.loss.toFixed(3)])))
  console.log(`js / wasm: ${fmt(nettalk[0].seconds / nettalk[1].seconds)}×`)
}

await main()
