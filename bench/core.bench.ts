/**
 * `npm run bench`: seconds per epoch and GFLOP/s of the numeric core on the workloads of bench/workloads.ts,
 * with its TypeScript kernels and with its WebAssembly SIMD kernels (compute.ts) in float64, and with the WASM
 * kernels in training precision float32, each WASM configuration on one thread and on two (the trainer
 * process's own chunk pool, src/node/trainer/chunk-pool.ts: helper threads started on the trainer's entry
 * file), next to PyTorch (bench/torch_bench.py: float64 and float32 on one and on two threads) when
 * /usr/bin/python3 can import torch; then NETtalk's real setup (the paper's 203-120-26 network, 1,000 words,
 * one update per word, 30 passes: never chunked, so one thread) in the one-thread configurations, and on the
 * WASM kernels (float64) with the score a run reports (phonemes right on the 1,000 training words and the 500
 * validation words, as the trainer process computes it: src/core/nettalk wordsScorer) every pass and every 5
 * passes, beside the way scoring worked before (predict per pass); then the CLI's start-up time
 * (`node bin/rnnwb.js --version` and `node out/cli/rnnwb.js --version`, median of 5 spawns; run `npm run build`
 * first, or bin/rnnwb.js starts the TypeScript sources through tsx).
 *
 * Usage: npm run bench -- [--only name1,name2] [--quick] [--no-torch] [--no-nettalk] [--no-cli] [--corpus DIR]
 *   --only        run only these workloads (tiny, nettalk, deep, large)
 *   --quick       smoke run: one timed epoch per workload with no warm-up (so it includes JIT compilation),
 *                 one epoch (after torch's own warm-up) on the torch side, one NETtalk pass
 *   --no-torch    skip PyTorch
 *   --no-nettalk  skip the NETtalk passes
 *   --no-cli      skip the CLI start-up time
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
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { DivergenceError, Trainer, kernelKind, normalizeNetworkSpec, packDataset, paramLayout, predict, wasmKernelsVariant, type Floats, type KernelKind, type NetworkSpec, type Precision } from '../src/core/index.js'
import {
  PAPER_TRAINING,
  ScoreTally,
  nettalkDataset,
  nettalkNetwork,
  normalizeNettalkSpec,
  stepOfLetter,
  wordsDataset,
  wordsScorer,
  type Pronunciation,
} from '../src/core/nettalk/index.js'
import { startChunkHelpers, ThreadChunks } from '../src/node/trainer/chunk-pool.js'
import { readNettalkWords, type NettalkWords } from '../src/node/services/nettalk-data.js'
import { FLOP_FORMULA, WORKLOADS, coreFlopsPerEpoch, flopsPerEpoch, networkSpec, parameterCount, randomData, trainingSpec, type Workload } from './workloads.js'

const PYTHON = '/usr/bin/python3'
const TORCH_SCRIPT = fileURLToPath(new URL('./torch_bench.py', import.meta.url))

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

interface Options {
  only: string[] | null
  quick: boolean
  torch: boolean
  nettalk: boolean
  cli: boolean
  corpus: string
}

const USAGE = 'usage: npm run bench -- [--only name1,name2] [--quick] [--no-torch] [--no-nettalk] [--no-cli] [--corpus DIR]'

function parseArgs(argv: string[]): Options {
  const opts: Options = { only: null, quick: false, torch: true, nettalk: true, cli: true, corpus: path.join(REPO, 'resources', 'nettalk') }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--quick') opts.quick = true
    else if (arg === '--no-torch') opts.torch = false
    else if (arg === '--no-nettalk') opts.nettalk = false
    else if (arg === '--no-cli') opts.cli = false
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

/** A configuration of the core: kernel set, training precision and threads (more than one: the trainer
 *  process's chunk pool). */
interface CoreConfig {
  label: string
  kernels: KernelKind
  precision: Precision
  threads: number
}

const CORE_CONFIGS: readonly CoreConfig[] = [
  { label: 'js', kernels: 'js', precision: 'float64', threads: 1 },
  { label: 'wasm', kernels: 'wasm', precision: 'float64', threads: 1 },
  { label: 'wasm 2t', kernels: 'wasm', precision: 'float64', threads: 2 },
  { label: 'wasm f32', kernels: 'wasm', precision: 'float32', threads: 1 },
  { label: 'wasm f32 2t', kernels: 'wasm', precision: 'float32', threads: 2 },
]

/** The helper threads run the trainer's entry file, as in a training run. */
const HELPER_ENTRY = new URL('../src/node/trainer/trainer.ts', import.meta.url)

async function benchCore(w: Workload, index: number, timing: Timing, config: CoreConfig): Promise<CoreResult> {
  let helpers: ReturnType<typeof startChunkHelpers> | null = null
  const parallel = new ThreadChunks({ threads: () => config.threads, spawn: (init, n) => (helpers = startChunkHelpers(HELPER_ENTRY, init, n)) })
  const training = { ...trainingSpec(), precision: config.precision }
  const trainer = new Trainer({ network: networkSpec(w), training, data: randomData(w, index), now: () => performance.now(), kernels: config.kernels, parallel })
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

/** NETtalk's words as the shipped example project has them (src/node/services/nettalk-data.ts): the 1,000 words
 *  of nettalk.list, and the seeded sample of 500 held-out validation words the run scores too. */
function nettalkWords(corpus: string): Promise<NettalkWords> {
  return readNettalkWords({ kind: 'nettalk', corpus: path.join(corpus, 'nettalk.data'), wordList: path.join(corpus, 'nettalk.list') }, { allowOutside: true }) // --corpus names it
}

/** How a pass is scored: not at all, as the trainer process scores (wordsScorer: words packed once, one
 *  workspace) every `every` passes and the last, or as it scored before this bench row existed (every pass:
 *  the words encoded and packed again, predict's output arrays, then the tally). */
type Scoring = { kind: 'none' } | { kind: 'scorer'; every: number } | { kind: 'before' }

interface NettalkTiming {
  config: CoreConfig
  scoring: Scoring
  passes: number
  /** Seconds of the passes (the Trainer's own reports), of making the scorers (packing the words, once), and
   *  of the scoring after the passes. */
  seconds: number
  setupSeconds: number
  scoreSeconds: number
  scored: number
  loss: number
  /** Phonemes right on the training words after the last pass, when scored. */
  lastScore: number | null
}

/** The scoring of `before`: predict per chunk of 512 words (as scoreNetwork did until the scorer), the
 *  outputs as nested arrays, each word's letters handed to a ScoreTally. Kept here as the bench's baseline. */
function scoreAsBefore(network: NetworkSpec, params: Floats, entries: readonly Pronunciation[], kernels: KernelKind): number {
  const layout = paramLayout(normalizeNetworkSpec(network))
  const spec = normalizeNettalkSpec({})
  const tally = new ScoreTally(spec)
  for (let start = 0; start < entries.length; start += 512) {
    const chunk = entries.slice(start, start + 512)
    const data = packDataset(wordsDataset(chunk.map((e) => e.word), spec), layout.spec.inputSize, layout.spec.output.units)
    const outputs = predict(layout, params, data, kernels)
    chunk.forEach((e, k) => tally.addWord(e, Array.from(e.word, (_, i) => outputs[k][stepOfLetter(i, e.word.length, spec)])))
  }
  return tally.scores().phonemes
}

/** NETtalk's real setup: the paper's network and rule (PAPER_TRAINING: one momentum update per word) on the
 *  1,000 words of nettalk.list; seconds of the passes as the Trainer reports them, and of the scoring. */
function benchNettalk(words: NettalkWords, passes: number, config: CoreConfig, scoring: Scoring): NettalkTiming {
  const { kernels, precision } = config
  const network = nettalkNetwork({}, { hidden: 120, recurrent: false })
  const trainer = new Trainer({ network, training: { ...PAPER_TRAINING, epochs: passes, seed: 1, precision }, data: nettalkDataset(words.train, {}), now: () => performance.now(), kernels })
  const scoreStarted = performance.now()
  const scorers = scoring.kind === 'scorer' ? [words.train, words.validation].map((entries) => wordsScorer(network, entries, {}, { kernels })) : []
  const setupSeconds = (performance.now() - scoreStarted) / 1000 // packing the words, once
  let scoreSeconds = 0
  let seconds = 0
  let loss = NaN
  let scored = 0
  let lastScore: number | null = null
  for (let pass = 1; pass <= passes; pass++) {
    const report = trainer.runEpoch()
    seconds += report.seconds
    loss = report.loss
    const due = scoring.kind === 'before' || (scoring.kind === 'scorer' && (pass % scoring.every === 0 || pass === passes))
    if (!due) continue
    const started = performance.now()
    const results = scoring.kind === 'before' ? [words.train, words.validation].map((entries) => scoreAsBefore(network, trainer.params, entries, kernels)) : scorers.map((s) => s.score(trainer.params).phonemes)
    scoreSeconds += (performance.now() - started) / 1000
    scored++
    lastScore = results[0]
  }
  return { config, scoring, passes, seconds, setupSeconds, scoreSeconds, scored, loss, lastScore }
}

const describeScoring = (s: Scoring) => (s.kind === 'none' ? 'none' : s.kind === 'before' ? 'every pass, as before (predict)' : s.every === 1 ? 'every pass' : `every ${s.every} passes + last`)

/** Median wall time of `runs` spawns of `node <args>` (the child's whole life: start-up, work, exit). */
function medianSpawnSeconds(args: string[], runs: number): { seconds: number; output: string } {
  const times: number[] = []
  let output = ''
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    const r = spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8' })
    times.push((performance.now() - started) / 1000)
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
    output = (r.stdout + r.stderr).trim()
  }
  times.sort((a, b) => a - b)
  return { seconds: times[Math.floor(times.length / 2)], output }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2))
  const timing = opts.quick ? QUICK : FULL
  const selected = WORKLOADS.map((w, index) => ({ w, index })).filter(({ w }) => !opts.only || opts.only.includes(w.name))
  const cpus = os.cpus()
  const load = os.loadavg().map((x) => x.toFixed(2)).join(', ')
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}, ${os.platform()} ${os.release()} ${os.arch()}; load average at start ${load}`)
  console.log(`mode: ${opts.quick ? 'quick (1 timed epoch, no warm-up: a smoke run, not a measurement)' : `full (1 warm-up epoch, then ≥ ${timing.minEpochs} epochs and ≥ ${timing.minSeconds} s)`}`)
  console.log(`workloads: sigmoid, hidden recurrent + bias, output non-recurrent + bias, sse, exact gradient, full-batch SGD, float64 (f32: training precision float32)`)
  const variant = wasmKernelsVariant()
  console.log(`core kernels: js = TypeScript (register-blocked), wasm = WebAssembly SIMD (${kernelKind('auto') === 'wasm' ? `available, ${variant === 'relaxed-simd' ? 'relaxed-SIMD build: fused multiply-add' : 'plain SIMD build (no relaxed SIMD here)'}` : 'NOT available here'}); 2t = two threads (batches of more than 32 sequences in chunks of 32; tiny, P = 32, runs on one)`)
  console.log(FLOP_FORMULA)

  const core = new Map<string, Map<string, CoreResult>>()
  for (const { w, index } of selected) {
    const results = new Map<string, CoreResult>()
    for (const config of CORE_CONFIGS) {
      const name = config.label
      log(`core ${name}: ${w.name} …`)
      const r = await benchCore(w, index, timing, config)
      results.set(name, r)
      const warm = timing.warmup ? `warm-up ${fmt(r.warmupSeconds)} s, ` : ''
      log(r.error ? `core ${name}: ${w.name} diverged: ${r.error}` : `core ${name}: ${w.name} ${warm}${r.epochs} epochs at ${fmt(r.secondsPerEpoch)} s`)
    }
    core.set(w.name, results)
  }

  const workloads = selected.map(({ w }) => w)
  const torch = TORCH_CONFIGS.map((config) => ({
    config,
    run: opts.torch ? benchTorch(workloads, timing, opts.quick, config) : { results: new Map(), version: null, skipped: 'disabled with --no-torch' },
  }))
  const torchDone = torch.filter((t) => !t.run.skipped)

  const seconds = (name: string, config: string) => core.get(name)!.get(config)!.secondsPerEpoch
  const header = ['workload', 'm-n-ℓ', 'T', 'P', 'params', 'GFLOP/epoch', ...CORE_CONFIGS.map((c) => `core ${c.label} s/epoch`), ...torchDone.map((t) => `${t.config.label} s/epoch`)]
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
  // each WASM configuration against single-thread torch of the same precision (the issue's yardstick)
  const vsTorch = CORE_CONFIGS.filter((c) => c.kernels === 'wasm').flatMap((c) => torchDone.filter((t) => t.config.dtype === c.precision && t.config.threads === 1).map((t) => ({ core: c.label, torch: t })))
  const ratioHeader = [
    'workload',
    ...CORE_CONFIGS.map((c) => `core ${c.label} GFLOP/s`),
    ...torchDone.map((t) => `${t.config.label} GFLOP/s`),
    'js / wasm',
    'wasm / wasm 2t',
    'wasm / wasm f32',
    ...vsTorch.map((v) => `${v.core} / ${v.torch.config.label}`),
  ]
  const ratioRows = selected.map(({ w }) => {
    const gflop = flopsPerEpoch(w) / 1e9
    const wasm = seconds(w.name, 'wasm')
    const torchSeconds = (t: (typeof torchDone)[number]) => t.run.results.get(w.name)?.secondsPerEpoch ?? NaN
    return [
      w.name,
      ...CORE_CONFIGS.map((c) => fmt(gflop / seconds(w.name, c.label))),
      ...torchDone.map((t) => fmt(gflop / torchSeconds(t))),
      `${fmt(seconds(w.name, 'js') / wasm)}×`,
      `${fmt(wasm / seconds(w.name, 'wasm 2t'))}×`,
      `${fmt(wasm / seconds(w.name, 'wasm f32'))}×`,
      ...vsTorch.map((v) => `${fmt(seconds(w.name, v.core) / torchSeconds(v.torch))}×`),
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
  console.log('js / wasm > 1: the WASM kernels are faster; wasm / wasm 2t > 1: two threads are faster; wasm / wasm f32 > 1: float32 is faster; core / torch > 1: the core (WASM kernels) is slower than that torch configuration of the same precision')
  const shares = selected.map(({ w }) => `${w.name} ${Math.round((100 * coreFlopsPerEpoch(w)) / flopsPerEpoch(w))}%`).join(', ')
  console.log(`GFLOP/s are nominal (the formula above, for both sides); the core actually performs ${shares} of those multiply-adds`)
  console.log('(it skips the V products on the zero initial state and never propagates δ to the input u)')
  for (const [name, results] of core) for (const [config, r] of results) if (r.error) console.log(`core ${config}: ${name} diverged: ${r.error}`)

  if (opts.nettalk) await nettalkSection(opts)
  if (opts.cli) cliSection()
}

async function nettalkSection(opts: Options): Promise<void> {
  if (!existsSync(path.join(opts.corpus, 'nettalk.data'))) {
    console.log(`\nNETtalk: skipped (no corpus at ${opts.corpus}; --corpus DIR)`)
    return
  }
  const words = await nettalkWords(opts.corpus)
  const passes = opts.quick ? 1 : PAPER_TRAINING.epochs ?? 30
  const wasm64 = CORE_CONFIGS.find((c) => c.kernels === 'wasm' && c.precision === 'float64')!
  const runs: [CoreConfig, Scoring][] = [
    ...CORE_CONFIGS.filter((c) => c.threads === 1).map((c): [CoreConfig, Scoring] => [c, { kind: 'none' }]),
    [wasm64, { kind: 'scorer', every: 1 }],
    [wasm64, { kind: 'scorer', every: 5 }],
    [wasm64, { kind: 'before' }],
  ]
  const nettalk = runs.map(([config, scoring]) => {
    log(`NETtalk ${config.label}, scoring ${describeScoring(scoring)}: ${passes} passes …`)
    return benchNettalk(words, passes, config, scoring)
  })
  console.log('')
  console.log(`NETtalk's real setup: 203-120-26 feed-forward (the paper's net), ${words.train.length} words of nettalk.list, one momentum update per word, ${passes} passes;`)
  console.log(`scored: phonemes right on the ${words.train.length} training and ${words.validation.length} validation words (the shipped example's), as a run reports them`)
  const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`)
  console.log(
    table(
      ['core', 'scoring', 'passes', 'scored', 'passes s', 'packing s', 'scoring s', 's / scoring', 'total s', 'E after the last pass', 'score after'],
      nettalk.map((r) => {
        const total = r.seconds + r.setupSeconds + r.scoreSeconds
        return [r.config.label, describeScoring(r.scoring), `${r.passes}`, `${r.scored}`, fmt(r.seconds), r.scoring.kind === 'scorer' ? fmt(r.setupSeconds) : '–', fmt(r.scoreSeconds), r.scored > 0 ? fmt(r.scoreSeconds / r.scored) : '–', fmt(total), r.loss.toFixed(3), pct(r.lastScore)]
      }),
    ),
  )
  const passesOf = (label: string) => nettalk.find((r) => r.config.label === label && r.scoring.kind === 'none')!.seconds
  const perScoring = (kind: Scoring['kind'], every = 1) => {
    const r = nettalk.find((x) => x.scoring.kind === kind && (kind !== 'scorer' || (x.scoring as { every: number }).every === every))!
    return r.scoreSeconds / r.scored
  }
  console.log(`passes only: js / wasm ${fmt(passesOf('js') / passesOf('wasm'))}×, wasm / wasm f32 ${fmt(passesOf('wasm') / passesOf('wasm f32'))}×; one scoring (training + validation words), as before / now: ${fmt(perScoring('before') / perScoring('scorer'))}×`)
}

/** The CLI's start-up: `rnnwb --version` through the checkout's launcher (bin/rnnwb.js: the built CLI when it is
 *  newer than the sources, else the sources through tsx) and the built CLI directly. */
function cliSection(): void {
  const built = path.join(REPO, 'out', 'cli', 'rnnwb.js')
  console.log('')
  if (!existsSync(built)) {
    console.log('CLI start-up: skipped (out/cli/rnnwb.js is not built: npm run build first)')
    return
  }
  log('CLI start-up: 5 spawns each …')
  const launcher = medianSpawnSeconds([path.join(REPO, 'bin', 'rnnwb.js'), '--version'], 5)
  const direct = medianSpawnSeconds([built, '--version'], 5)
  console.log('CLI start-up, median of 5 spawns (wall time of the whole process; prints ' + JSON.stringify(direct.output) + ')')
  console.log(table(['command', 'seconds'], [['node bin/rnnwb.js --version', fmt(launcher.seconds)], ['node out/cli/rnnwb.js --version', fmt(direct.seconds)]]))
  console.log('bin/rnnwb.js runs the built CLI only when it is newer than every source file; otherwise it starts the sources through tsx (about 1 s more)')
}

await main()
