/**
 * `rnnwb`: the headless command on the same core and project files as the app.
 *
 *   rnnwb train <project> [--epochs N] [--learning-rate c] [--seed s] [--threads N|auto] [--reset] [--out file] [--json]
 *   rnnwb eval <project> [--json]
 *   rnnwb gradcheck <project> [--all] [--all-modes] [--json]
 *   rnnwb grad <project> [--mode exact|truncated:k|lecture] [--format json|npz] [--out file]
 *   rnnwb run <project> [--sequence p] [--json|--csv] [--states] [--out file]
 *   rnnwb inspect <project> [--json]
 *   rnnwb export <project> --format json|npz|onnx|csv|pytorch --out <file, or folder for csv and pytorch> [--no-optimizer]
 *   rnnwb import-weights <project> <weights.json|.npz> --out <project>
 *   rnnwb predict <nettalk project> --word <word> [--word …] [--json]
 *   rnnwb runs <project> [--json]
 *   rnnwb sweep <project> --param name=values [--param …] [--seeds N] [--sampling grid|random] [--runs N]
 *               [--sampling-seed S] [--epochs N] [--time seconds] [--parallel N] [--json] [--out file]
 *   rnnwb repeat <project> <run-id> [--json] [--out file]
 *   rnnwb --version   (answered by rnnwb.ts, the process entry, before this module loads)
 *
 * A project's data is made first as the app makes it (a data script in the sandbox, NETtalk words from their
 * files); `eval` on a NETtalk project adds the per-letter and per-word scores on its words and on every
 * held-out word of the dictionary.
 *
 * Training runs in a trainer process through the same TrainingService as the app (Node's child_process
 * launcher instead of Electron's utility processes).
 *
 * A NETtalk project's corpus and word list are read only from the project's folder (or the bundled corpus);
 * an absolute path, a `..` escape or a link out of the folder is refused unless --allow-outside-paths is
 * given. Only regular files are read, each within its size budget (docs/limits.md).
 *
 * Every command computes on the kernel set RNNWB_KERNELS=auto|wasm|js names (unset: auto, WebAssembly SIMD where the
 * runtime has it); `train` names the set its trainer runs in its start line, `inspect` the set this runtime gives.
 *
 * `gradcheck`, `grad` and `run` compute on the training sequences, at the project's weights or, untrained, at the
 * seed's initial weights (as the window's Lab tab: src/node/lab), on this thread.
 *
 * `sweep` and `repeat` run through the same sweep host as the window (src/node/services/sweeps.ts: every run a
 * training run from its seed on one thread, at most --parallel at once) and add each ended run as a record
 * (addRecord, nextRecordId) to the project, written atomically in place or to --out. A failed run of a sweep is a
 * result, recorded like the others. `repeat` exits 1 when the run did not reproduce its record bit for bit.
 *
 * Exit codes: 0 success, 1 training failed (diverged, or a gradient check above tolerance; a repeat that was not
 * bit-identical; a sweep interrupted), 2 bad input.
 * Every failure prints one line `rnnwb: <reason>` on stderr (a bad project may add one line per problem).
 */
import { mkdir } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { availableParallelism, tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import {
  evaluate,
  inspectSequence,
  kernelKind,
  wasmKernelsVariant,
  type KernelChoice,
  MAX_THREADS,
  CHUNK_SEQUENCES,
  normalizeNetworkSpec,
  normalizeTrainingSpec,
  packDataset,
  paramLayout,
  resolveThreads,
  seededParams,
  evaluationWorkspace,
  threadsUsed,
  type EpochReport,
} from '../core/index.js'
import { describeKernels, KernelsSettingError, type RunKernels } from '../shared/kernels.js'
import { kernelsFromEnvironment } from '../node/kernels.js'
import { safeMessage } from '../shared/messages.js'
import { LIMITS } from '../shared/project-constants.js'
import { ProjectFileError, PROJECT_EXTENSION, weightsToFile, type Project } from '../shared/project-file.js'
import { historyAfterRun, startRequest, trainingDataset } from '../shared/runs.js'
import { addRecord, nextRecordId, recordSummary, runRecord } from '../shared/run-records.js'
import { readProjectFile, writeFileAtomic, writeProjectFile } from '../node/services/files.js'
import { EXPORT_FORMATS, ExportError, exportWeights, MULTI_FILE_FORMATS, WeightsImportError, type ExportFormat } from '../node/export/index.js'
import { readWeightsFile } from '../node/services/weight-files.js'
import { DataScriptError, resolveProjectData, workerScriptRunner, type ResolvedProject } from '../node/services/project-data.js'
import { NettalkDataError } from '../node/services/nettalk-data.js'
import { packageResourcesDir } from '../node/resources.js'
import { pronounceWords, scoreNetwork } from '../core/nettalk/index.js'
import { nodeTrainerLauncher } from '../node/services/launcher.js'
import { TrainingService } from '../node/services/training.js'
import { gradientChoice, LabError, labFullGradient, labGradcheck, labGradient, labWork } from '../node/lab/index.js'
import { weightsToJson } from '../node/export/json.js'
import { weightsToNpz } from '../node/export/npz.js'
import { unitNames } from '../node/export/csv.js'
import { formatNumber } from '../shared/data-io.js'
import type { LabGradient } from '../shared/lab.js'
import type { EventMap, SweepRunState, SweepState } from '../shared/ipc.js'
import { expandSweep, parseSweepParam, SweepError, type SweepSpec } from '../shared/sweep.js'
import { SweepService } from '../node/services/sweeps.js'
import type { RunRecord } from '../shared/project-file.js'

export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const

/** Where output goes; tests pass their own. */
export interface Io {
  out: (text: string) => void
  err: (text: string) => void
  /** stderr is a terminal: draw a progress bar. */
  errIsTty: boolean
}

class UsageError extends Error {}

/** A reason fit for one line of the terminal: controls escaped, cut to length (it may quote a file). */
const line = (text: string): string => safeMessage(text, { oneLine: true })

const USAGE = `usage:
  rnnwb train <project${PROJECT_EXTENSION}> [--epochs N] [--learning-rate c] [--seed s] [--threads N|auto] [--reset] [--out file] [--json]
  rnnwb eval <project> [--json]
  rnnwb gradcheck <project> [--all] [--all-modes] [--json]
  rnnwb grad <project> [--mode exact|truncated:k|lecture] [--format json|npz] [--out file]
  rnnwb run <project> [--sequence p] [--json|--csv] [--states] [--out file]
  rnnwb inspect <project> [--json]
  rnnwb export <project> --format json|npz|onnx|csv|pytorch --out <file, or folder for csv and pytorch> [--no-optimizer]
  rnnwb import-weights <project> <weights.json|.npz> --out <project>
  rnnwb predict <nettalk project> --word <word> [--word …] [--json]
  rnnwb runs <project> [--json]
  rnnwb sweep <project> --param name=values [--param …] [--seeds N] [--sampling grid|random] [--runs N]
              [--sampling-seed S] [--epochs N] [--time seconds] [--parallel N] [--json] [--out file]
  rnnwb repeat <project> <run-id> [--json] [--out file]
  rnnwb --version
every command: --allow-outside-paths  lets a project read files outside its folder (absolute paths, ..)`

/** Entries per matrix `gradcheck` compares unless --all. */
const GRADCHECK_SAMPLE = 50

export async function run(argv: string[], io: Io): Promise<number> {
  try {
    const [command, ...rest] = argv
    switch (command) {
      case 'train':
        return await train(rest, io)
      case 'eval':
        return await evalCommand(rest, io)
      case 'gradcheck':
        return await gradcheck(rest, io)
      case 'grad':
        return await gradCommand(rest, io)
      case 'run':
        return await runCommand(rest, io)
      case 'inspect':
        return await inspect(rest, io)
      case 'export':
        return await exportCommand(rest, io)
      case 'predict':
        return await predict(rest, io)
      case 'import-weights':
        return await importWeightsCommand(rest, io)
      case 'runs':
        return await runsCommand(rest, io)
      case 'sweep':
        return await sweepCommand(rest, io)
      case 'repeat':
        return await repeatCommand(rest, io)
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE + '\n')
        return command === undefined ? EXIT.badInput : EXIT.ok
      default:
        throw new UsageError(`unknown command "${command}"`)
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`rnnwb: ${line(e.message)}\n${USAGE}\n`)
      return EXIT.badInput
    }
    if (e instanceof SweepError) {
      io.err(`rnnwb: ${line(sweepErrorText(e))}\n`)
      return EXIT.badInput
    }
    if (e instanceof DataScriptError || e instanceof NettalkDataError || e instanceof KernelsSettingError || e instanceof LabError) {
      io.err(`rnnwb: ${line(e.message)}\n`)
      return EXIT.badInput
    }
    if (e instanceof ProjectFileError) {
      const [first, ...others] = e.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
      io.err(`rnnwb: bad project: ${first}\n${others.map((o) => `  ${o}\n`).join('')}`)
      return EXIT.badInput
    }
    throw e
  }
}

/** `names`: the files expected as positional arguments, in order (default: just the project file). */
function parse<T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>(args: string[], options: T, names: readonly string[] = ['project file']) {
  try {
    // every command takes --allow-outside-paths: a project may then read files outside its folder
    const { values, positionals } = parseArgs({ args, options: { ...options, 'allow-outside-paths': { type: 'boolean' } } as T & { 'allow-outside-paths': { type: 'boolean' } }, allowPositionals: true, strict: true })
    if (positionals.length !== names.length) {
      const wanted = names.length === 1 ? `one ${names[0]}` : names.map((n) => `the ${n}`).join(' and ')
      throw new UsageError(positionals.length < names.length ? `missing the ${names[positionals.length]}` : `expected ${wanted}, got ${positionals.length}`)
    }
    return { values, file: positionals[0], files: positionals }
  } catch (e) {
    if (e instanceof UsageError) throw e
    throw new UsageError((e as Error).message)
  }
}

function wholeNumber(text: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} expects a whole number from ${min} to ${max}, got "${text}"`)
  return n
}

/**
 * The project with its data made, as in the app: a data script runs in the sandbox (a worker thread); a NETtalk
 * project's files are read, relative paths from the project file's folder, 'bundled' from this package's resources/.
 */
function withData(project: Project, path: string, allowOutside: boolean): Promise<ResolvedProject> {
  return resolveProjectData(project, workerScriptRunner(), { baseDir: dirname(path), resourcesDir: packageResourcesDir(), allowOutside })
}

/** Reads a project file and makes its data; `allowOutside`: --allow-outside-paths (files the project names
 *  outside its folder may be read). */
async function loadWithData(file: string, allowOutside: boolean): Promise<ResolvedProject> {
  const path = resolve(file)
  return withData(await readProjectFile(path), path, allowOutside)
}

/** `x.rnn.json` → `x.trained.rnn.json` beside it. */
export function defaultOutput(input: string): string {
  const name = basename(input)
  const stem = name.endsWith(PROJECT_EXTENSION) ? name.slice(0, -PROJECT_EXTENSION.length) : name.replace(/\.json$/, '')
  return join(dirname(input), `${stem}.trained${PROJECT_EXTENSION}`)
}

async function train(args: string[], io: Io): Promise<number> {
  const { values, file } = parse(args, {
    epochs: { type: 'string' },
    'learning-rate': { type: 'string' },
    seed: { type: 'string' },
    threads: { type: 'string' },
    reset: { type: 'boolean' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  })
  const epochs = wholeNumber(values.epochs, '--epochs', 0, LIMITS.epochs)
  const seed = wholeNumber(values.seed, '--seed', 0, 0xffffffff)
  const threads = threadsOption(values.threads)
  let learningRate: number | undefined
  if (values['learning-rate'] !== undefined) {
    learningRate = Number(values['learning-rate'])
    if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new UsageError(`--learning-rate expects a number > 0, got "${values['learning-rate']}"`)
  }
  const input = resolve(file)
  const output = resolve(values.out ?? defaultOutput(input))
  if (output === input && values.out === undefined) throw new UsageError(`the default output would overwrite ${file}; name the output with --out`)
  const kernels = kernelsFromEnvironment()

  const project = await readProjectFile(input)
  // a scripted project keeps its script; the run trains on the data it makes (as the app does)
  const resolved = await withData(project, input, values['allow-outside-paths'] === true)
  const training = {
    ...project.training,
    ...(learningRate !== undefined ? { learningRate } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(epochs !== undefined ? { epochs } : {}),
  }
  const resume = project.weights && !values.reset ? project.weights : null
  const startEpoch = resume?.epoch ?? 0
  const normalized = normalizeTrainingSpec(training, normalizeNetworkSpec(project.network))
  const runEpochs = normalized.epochs
  // --threads is for this run on this machine: the project written keeps its own setting
  const runTraining = threads === undefined ? training : { ...training, threads }
  const runThreads = threadsInfo({ ...normalized, threads: threads ?? normalized.threads }, resolved.data.train.length).used
  const progress = progressReporter(io, values.json === true, runEpochs, startEpoch)
  // the same training host as the app: the run goes to a trainer process (child_process launcher)
  const service = new TrainingService(nodeTrainerLauncher(), (name, payload) => {
    if (name === 'training:progress') for (const r of (payload as EventMap['training:progress']).reports) progress.epoch(r, r.epoch - startEpoch)
    const status = payload as EventMap['training:status']
    if (name === 'training:status' && status.kernels) progress.start(basename(input), status.kernels)
  })
  const runId = service.start({ ...startRequest({ ...resolved, training: runTraining }, { fromSeed: values.reset === true, epochs: runEpochs }), kernels })
  let interrupted = false
  const onSigint = () => {
    interrupted = true
    void service.stop(runId)
  }
  process.once('SIGINT', onSigint)
  const run = await service.ended(runId).finally(() => {
    process.removeListener('SIGINT', onSigint)
    progress.end()
  })
  if (!run.weights) {
    io.err(`rnnwb: training failed: ${line(run.message ?? 'no weights were reported')}\n`)
    return EXIT.failed
  }
  const history = historyAfterRun(project.history, { startEpoch, loss: run.loss, validationLoss: run.validationLoss })
  const failure = run.status === 'failed' ? run.message ?? 'training failed' : null
  // the run is kept as a record of the project written (docs/project-format.md "Run records")
  const runs = project.runs ?? []
  const record = runRecord(nextRecordId(runs), { ...service.outcome(runId), weights: weightsToFile(project.network, run.weights) })
  const trained: Project = {
    ...project,
    metadata: { ...project.metadata, modifiedAt: new Date().toISOString() },
    training,
    weights: run.weights,
    history,
    ...(record ? { runs: addRecord(runs, record) } : {}),
  }
  try {
    await writeProjectFile(output, trained)
  } catch (e) {
    // never lose a trained network to a full disk or a read-only folder: save it where we can, and say where
    const rescue = join(tmpdir(), `rnnwb-${process.pid}-${basename(output)}`)
    await writeProjectFile(rescue, trained)
    io.err(`rnnwb: could not write ${output} (${line((e as Error).message)}); the trained project is in ${rescue}\n`)
    return EXIT.failed
  }
  const summary = { type: 'done', epoch: run.weights.epoch, loss: history.loss.at(-1) ?? null, out: output, threads: runThreads, interrupted, error: failure }
  if (values.json) io.out(JSON.stringify(summary) + '\n')
  if (failure) {
    io.err(`rnnwb: training failed: ${line(failure)}\nrnnwb: wrote the last finite weights to ${output}\n`)
    return EXIT.failed
  }
  if (!values.json) io.err(`${interrupted ? 'interrupted; ' : ''}trained to epoch ${run.weights.epoch}, loss ${fmt(summary.loss)}; wrote ${output} (${threadsText(runThreads)})\n`)
  return interrupted ? EXIT.failed : EXIT.ok
}

/** The thread setting, what it means on this machine, and how many threads a training of P sequences uses. */
function threadsInfo(training: ReturnType<typeof normalizeTrainingSpec>, P: number) {
  const available = resolveThreads(training.threads, availableParallelism())
  return { setting: training.threads, available, used: threadsUsed(training, P, available) }
}

function threadsOption(text: string | undefined): 'auto' | number | undefined {
  if (text === undefined || text === 'auto') return text
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_THREADS) throw new UsageError(`--threads expects auto or a whole number from 1 to ${MAX_THREADS}, got "${text}"`)
  return Number(text)
}

const threadsText = (n: number) => `${n} thread${n === 1 ? '' : 's'}`

function fmt(x: number | null): string {
  return x === null ? '–' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? x.toFixed(6) : x.toExponential(4)
}

function progressReporter(io: Io, json: boolean, total: number, startEpoch: number) {
  let lastDraw = 0
  const bar = (done: number) => {
    const width = 30
    const filled = total === 0 ? width : Math.round((done / total) * width)
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`
  }
  let started = false
  return {
    /** The start line, once the trainer has said which kernels it runs: `--json` a {"type":"start"} line. */
    start(file: string, kernels: RunKernels) {
      if (started) return
      started = true
      if (json) io.out(JSON.stringify({ type: 'start', epochs: total, from: startEpoch, kernels: kernels.kind }) + '\n')
      else io.err(`training ${file}: ${total} epoch${total === 1 ? '' : 's'} from epoch ${startEpoch}, kernels: ${describeKernels(kernels)}\n`)
    },
    epoch(report: EpochReport, done: number) {
      if (json) {
        io.out(JSON.stringify({ type: 'epoch', epoch: report.epoch, loss: report.loss, gradNorms: report.gradNorms, ...(report.scores ? { scores: report.scores } : {}), seconds: report.seconds }) + '\n')
        return
      }
      if (!io.errIsTty) return
      const now = performance.now()
      if (now - lastDraw < 50 && done < total) return
      lastDraw = now
      io.err(`\r${bar(done)} epoch ${report.epoch} (${done}/${total} from ${startEpoch}) loss ${fmt(report.loss)}   `)
    },
    end() {
      if (!json && io.errIsTty) io.err('\n')
    },
  }
}

/** The project's weights, or its seeded initial weights when it has not been trained. */
function weightsOf(project: Project) {
  const network = normalizeNetworkSpec(project.network)
  const training = normalizeTrainingSpec(project.training, network)
  const layout = paramLayout(network)
  const params = project.weights?.params ?? seededParams(network, training)
  return { network, training, layout, params, trained: project.weights !== null }
}

async function evalCommand(args: string[], io: Io): Promise<number> {
  const { values, file } = parse(args, { json: { type: 'boolean' } })
  const kernels = kernelsFromEnvironment()
  const project = await loadWithData(file, values['allow-outside-paths'] === true)
  const { network, training, layout, params, trained } = weightsOf(project)
  const lossOptions = { kind: training.loss, activation: network.output.activation, errorTolerance: training.errorTolerance }
  const sets = [['train', project.data.train] as const, ...(project.data.validation?.length ? [['validation', project.data.validation] as const] : [])]
  const results = sets.map(([name, sequences]) => {
    const data = packDataset({ inputSize: project.data.inputSize, outputSize: project.data.outputSize, sequences }, network.inputSize, network.output.units)
    return { set: name, ...evaluate(layout, params, data, lossOptions, evaluationWorkspace(layout, data, kernels)) }
  })
  const nettalk = nettalkScores(project, params, kernels)
  if (values.json) {
    io.out(JSON.stringify({ trained, epoch: project.weights?.epoch ?? 0, loss: training.loss, results, ...(nettalk ? { nettalk } : {}) }) + '\n')
    return EXIT.ok
  }
  io.out(trained ? `weights after epoch ${project.weights!.epoch}\n` : 'untrained: evaluating the seeded initial weights\n')
  for (const r of results) {
    io.out(`${r.set}: ${training.loss} ${fmt(r.loss)} over ${r.targetSteps} target steps\n`)
    if (!nettalk) io.out(`  RMSE per output: ${r.rmsePerOutput.map((x, i) => `y${i + 1}=${fmt(x)}`).join('  ')}\n`)
  }
  if (nettalk) {
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`
    for (const [name, sc] of Object.entries(nettalk)) {
      io.out(`${name} (${sc.words} words, ${sc.letters} letters): phonemes ${pct(sc.phonemes)}, stress ${pct(sc.stress)}, both ${pct(sc.both)}; words right ${pct(sc.wordsPhonemes)}; perfect match ${pct(sc.perfect)}\n`)
    }
  }
  return EXIT.ok
}

/** A NETtalk project's scores per letter and word: on its training words and on every held-out word. */
function nettalkScores(project: ResolvedProject, params: Float64Array, kernels: KernelChoice) {
  const { words } = project
  if (!words) return null
  return {
    train: scoreNetwork(project.network, params, words.train, words.encoding, { kernels }),
    heldOut: scoreNetwork(project.network, params, words.rest, words.encoding, { kernels }),
  }
}

async function predict(args: string[], io: Io): Promise<number> {
  const { values, file } = parse(args, { word: { type: 'string', multiple: true }, json: { type: 'boolean' } } as const)
  const words = (values.word as string[] | undefined) ?? []
  if (words.length === 0) throw new UsageError('name a word to pronounce with --word (for example --word table)')
  const kernels = kernelsFromEnvironment()
  const project = await readProjectFile(resolve(file))
  if (project.data.kind !== 'nettalk') throw new UsageError('predict pronounces words with a NETtalk project; this project\'s data is not NETtalk words')
  for (const w of words) if (!/^[a-z]+$/i.test(w)) throw new UsageError(`"${w}" is not a word of letters a–z`)
  const { params, trained } = weightsOf(project)
  const encoding = project.data.encoding ?? {}
  const readings = pronounceWords(project.network, params, words, encoding, { kernels })
  if (values.json) {
    io.out(JSON.stringify({ trained, epoch: project.weights?.epoch ?? 0, words: readings }) + '\n')
    return EXIT.ok
  }
  if (!trained) io.err('rnnwb: this project is untrained: the seeded initial weights are guessing\n')
  for (const r of readings) {
    io.out(`${r.word}  /${r.phonemes}/  stress ${r.stress}\n`)
    for (const l of r.letters) io.out(`  ${l.letter}  ${l.window}  ${l.phoneme} ${l.stress}  confidence ${l.phonemeCosine.toFixed(2)} / ${l.stressCosine.toFixed(2)}\n`)
  }
  return EXIT.ok
}

/** `--mode`: exact, lecture or truncated:k. */
function modeOption(text: string | undefined): LabGradient | undefined {
  if (text === undefined) return undefined
  if (text === 'exact' || text === 'lecture') return { mode: text }
  const k = /^truncated:(\d+)$/.exec(text)
  if (k && Number(k[1]) >= 1 && Number(k[1]) <= LIMITS.steps) return { mode: 'truncated', horizon: Number(k[1]) }
  throw new UsageError(`--mode expects exact, lecture or truncated:k (k a whole number ≥ 1), got "${text}"`)
}

/** How a mode is written on the command line and in files: exact, lecture, truncated:k. */
const modeText = (g: LabGradient) => (g.mode === 'truncated' ? `truncated:${g.horizon}` : g.mode)

/** The mode's gradient against central differences of the error it is the gradient of (docs/model.md): the
 *  project's own mode, or with --all-modes exact, truncated (the project's horizon) and lecture. */
async function gradcheck(args: string[], io: Io): Promise<number> {
  const { values, file } = parse(args, { all: { type: 'boolean' }, 'all-modes': { type: 'boolean' }, json: { type: 'boolean' } })
  const kernels = kernelsFromEnvironment()
  const project = await loadWithData(file, values['allow-outside-paths'] === true)
  const { training, layout } = weightsOf(project)
  const own = labGradient(gradientChoice(undefined, training))
  const gradients: LabGradient[] = values['all-modes'] ? [{ mode: 'exact' }, { mode: 'truncated', horizon: training.horizon }, { mode: 'lecture' }] : [own]
  const maxPerMatrix = values.all ? Math.max(...layout.entries.map((e) => e.size)) : GRADCHECK_SAMPLE
  const result = labGradcheck(labWork(project), { gradients, maxPerMatrix, seed: training.seed }, kernels)
  const ok = result.checks.every((c) => c.pass)
  if (values.json) {
    io.out(JSON.stringify({ ok, ...result }) + '\n')
  } else {
    const { checked, total } = result.sequences
    io.out(`${project.weights ? `weights of epoch ${project.weights.epoch}` : 'the seeded initial weights (untrained)'}, ${checked < total ? `a seeded sample of ${checked} of the ${total} training sequences` : `all ${total} training sequences`}; a matrix passes at relative error ≤ ${result.threshold}\n`)
    for (const c of result.checks) {
      const what = c.gradient.mode === 'exact' ? 'exact gradient (BPTT) vs central differences of E' : `${modeText(c.gradient)} gradient vs central differences of its windowed error`
      io.out(`${what}${modeText(c.gradient) === modeText(own) ? " (the project's mode)" : ''}:\n`)
      for (const r of c.rows) {
        io.out(`  ${r.name.padEnd(5)} ${`${r.checked}/${r.size}`.padStart(12)} weights  ${r.relativeError.toExponential(2)}  max abs ${r.maxAbsError.toExponential(2)} at (${r.worst.row}, ${r.worst.col})${r.pass ? '' : '  ← above tolerance'}\n`)
      }
    }
  }
  if (!ok) {
    const failed = result.checks.filter((c) => !c.pass).map((c) => `${modeText(c.gradient)} (${c.rows.filter((r) => !r.pass).map((r) => r.name).join(', ')})`)
    io.err(`rnnwb: gradient check failed: ${failed.join('; ')} above relative error ${result.threshold}\n`)
  }
  return ok ? EXIT.ok : EXIT.failed
}

/** ∂E/∂w at the project's weights (or the seed's), named like the weight export: JSON or .npz. */
async function gradCommand(args: string[], io: Io): Promise<number> {
  const { values, file } = parse(args, { mode: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } })
  const mode = modeOption(values.mode)
  const format = values.format ?? 'json'
  if (format !== 'json' && format !== 'npz') throw new UsageError(`--format expects json or npz, got "${format}"`)
  if (format === 'npz' && values.out === undefined) throw new UsageError('--format npz needs --out (the file to write)')
  const kernels = kernelsFromEnvironment()
  const input = resolve(file)
  const project = await loadWithData(file, values['allow-outside-paths'] === true)
  const { network, layout, training } = weightsOf(project)
  const g = labFullGradient(labWork(project), mode, kernels)
  const t = {
    name: project.metadata.name,
    network,
    layout,
    weights: { params: g.grads, epoch: project.weights?.epoch ?? 0 },
    gradient: { mode: modeText(g.gradient), lossKind: training.loss, loss: g.loss, sequences: g.sequences },
  }
  const bytes = format === 'json' ? new TextEncoder().encode(weightsToJson(t)) : weightsToNpz(t)
  if (values.out === undefined) {
    io.out(new TextDecoder().decode(bytes))
    return EXIT.ok
  }
  const out = resolve(values.out)
  if (out === input) throw new UsageError(`--out would overwrite the project ${file}; name another file`)
  try {
    await writeFileAtomic(out, bytes)
  } catch (e) {
    io.err(`rnnwb: could not write ${out} (${line((e as Error).message)})\n`)
    return EXIT.badInput
  }
  io.err(`wrote ∂E/∂w (${modeText(g.gradient)}, E = ${fmt(g.loss)}, ${project.weights ? `weights of epoch ${project.weights.epoch}` : 'the seeded initial weights'}) to ${out}\n`)
  return EXIT.ok
}

/** The outputs y (and with --states every layer's x) of the training sequences, as CSV or JSON. */
async function runCommand(args: string[], io: Io): Promise<number> {
  const { values, file } = parse(args, { sequence: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' }, states: { type: 'boolean' }, out: { type: 'string' } })
  if (values.json && values.csv) throw new UsageError('choose one of --json and --csv')
  const kernels = kernelsFromEnvironment()
  const input = resolve(file)
  const project = await loadWithData(file, values['allow-outside-paths'] === true)
  const { network, layout, params, trained } = weightsOf(project)
  const data = packDataset(trainingDataset(project.data), network.inputSize, network.output.units, { path: 'data', sequencesKey: 'train' })
  const sequence = wholeNumber(values.sequence, '--sequence', 0, LIMITS.sequences)
  if (sequence !== undefined && sequence >= data.P) throw new UsageError(`--sequence ${sequence}: the project has training sequences 0..${data.P - 1}`)
  const chosen = sequence === undefined ? Array.from({ length: data.P }, (_, p) => p) : [sequence]
  // per sequence: every layer's states, r = 1..R+1, each (T × n_r) row-major; the last one is y
  const runs = chosen.map((p) => {
    const { hidden, outputs } = inspectSequence(layout, params, data, p, kernels)
    return { sequence: p, steps: data.lengths[p], layers: [...hidden, outputs] }
  })
  const L = layout.layers.length
  const rowsOf = (a: Float64Array, n: number, T: number) => Array.from({ length: T }, (_, t) => Array.from(a.subarray(t * n, (t + 1) * n)))
  let text: string
  if (values.json) {
    text =
      JSON.stringify({
        trained,
        epoch: project.weights?.epoch ?? 0,
        sequences: runs.map((r) => ({
          sequence: r.sequence,
          y: rowsOf(r.layers[L - 1], network.output.units, r.steps),
          ...(values.states ? { states: r.layers.slice(0, L - 1).map((x, k) => rowsOf(x, layout.layers[k].units, r.steps)) } : {}),
        })),
      }) + '\n'
  } else {
    // columns: y1..yℓ first (what a reader of y alone expects), then with --states x1.1, …, x2.1, … (k = r − 1)
    const layers = values.states ? [L - 1, ...Array.from({ length: L - 1 }, (_, k) => k)] : [L - 1]
    const lines = [['sequence', 'step', ...layers.flatMap((k) => unitNames({ network, layout }, k + 1))].join(',')]
    for (const r of runs) {
      for (let t = 0; t < r.steps; t++) {
        const cells = layers.flatMap((k) => Array.from(r.layers[k].subarray(t * layout.layers[k].units, (t + 1) * layout.layers[k].units), formatNumber))
        lines.push([r.sequence, t, ...cells].join(','))
      }
    }
    text = lines.join('\n') + '\n'
  }
  if (values.out === undefined) {
    io.out(text)
  } else {
    const out = resolve(values.out)
    if (out === input) throw new UsageError(`--out would overwrite the project ${file}; name another file`)
    try {
      await writeFileAtomic(out, new TextEncoder().encode(text))
    } catch (e) {
      io.err(`rnnwb: could not write ${out} (${line((e as Error).message)})\n`)
      return EXIT.badInput
    }
  }
  if (!trained) io.err('rnnwb: this project is untrained: these are the outputs of the seeded initial weights\n')
  return EXIT.ok
}

async function inspect(args: string[], io: Io): Promise<number> {
  const { values, file } = parse(args, { json: { type: 'boolean' } })
  const choice = kernelsFromEnvironment()
  const kernels: RunKernels = { kind: kernelKind(choice), choice }
  const project = await loadWithData(file, values['allow-outside-paths'] === true)
  const { network, training, layout, trained } = weightsOf(project)
  const shape = (seqs: { u: unknown[] }[]) => {
    let minLength = Infinity
    let maxLength = 0
    for (const s of seqs) {
      minLength = Math.min(minLength, s.u.length)
      maxLength = Math.max(maxLength, s.u.length)
    }
    return { sequences: seqs.length, minLength, maxLength }
  }
  const info = {
    name: project.metadata.name,
    network,
    training,
    parameters: layout.size,
    matrices: layout.entries.map((e) => ({ name: e.name, shape: e.shape, size: e.size })),
    data: { m: project.data.inputSize, l: project.data.outputSize, train: shape(project.data.train), ...(project.data.validation?.length ? { validation: shape(project.data.validation) } : {}) },
    trained,
    epoch: project.weights?.epoch ?? 0,
    lastLoss: project.history.loss.at(-1) ?? null,
    kernels: kernels.kind,
    threads: threadsInfo(training, project.data.train.length),
  }
  if (values.json) {
    io.out(JSON.stringify(info) + '\n')
    return EXIT.ok
  }
  const layerLine = (name: string, l: (typeof network.hidden)[number]) => `  ${name.padEnd(8)} ${String(l.units).padStart(5)} units  ${l.activation.padEnd(8)} ${l.recurrent ? 'recurrent' : 'feed-forward'}${l.bias ? ', bias' : ''}\n`
  io.out(`${info.name}\n`)
  io.out(`network: m = ${network.inputSize} inputs, R = ${network.hidden.length} hidden layers, ℓ = ${network.output.units} outputs\n`)
  network.hidden.forEach((l, r) => io.out(layerLine(`x(${r + 1})`, l)))
  io.out(layerLine('y', network.output))
  io.out(`parameters: ${layout.size}  (${info.matrices.map((m) => `${m.name} ${m.shape.join('×')}`).join(', ')})\n`)
  io.out(`training: loss ${training.loss}, gradient ${training.gradient}${training.gradient === 'truncated' ? ` (horizon ${training.horizon})` : ''}, ${training.optimizer} c = ${training.learningRate}, batch ${training.batch}${training.batch === 'minibatch' ? ` of ${training.batchSize}` : ''}, ${training.epochs} epochs, seed ${training.seed}, precision ${training.precision}\n`)
  const d = info.data
  io.out(`data: P = ${d.train.sequences} training sequences, T = ${d.train.minLength}..${d.train.maxLength} steps${d.validation ? `; ${d.validation.sequences} validation sequences` : ''}\n`)
  io.out(trained ? `weights: trained for ${info.epoch} epochs, last loss ${fmt(info.lastLoss)}\n` : 'weights: none yet (untrained)\n')
  const fused = kernels.kind === 'wasm' && wasmKernelsVariant() === 'relaxed-simd' ? ' (relaxed-SIMD fused multiply-add)' : ''
  io.out(`kernels: ${kernels.kind}, ${describeKernels(kernels)}${fused}\n`)
  const t = info.threads
  io.out(`threads: ${t.setting === 'auto' ? `auto (${t.available} here)` : t.setting}; ${t.used === 1 && t.available > 1 ? `training uses 1 (batches of at most ${CHUNK_SEQUENCES} sequences run on one thread)` : `training uses ${t.used}`}\n`)
  return EXIT.ok
}

/** Writes the project's trained weights in one format: one file, or a folder of files for csv and pytorch. */
async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values, file } = parse(args, { format: { type: 'string' }, out: { type: 'string' }, 'no-optimizer': { type: 'boolean' } })
  const format = values.format as ExportFormat | undefined
  if (format === undefined) throw new UsageError(`missing --format (${EXPORT_FORMATS.join(', ')})`)
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format expects one of ${EXPORT_FORMATS.join(', ')}, got "${format}"`)
  const multi = MULTI_FILE_FORMATS.includes(format)
  if (values.out === undefined) throw new UsageError(`missing --out (${multi ? 'the folder to write the files into' : 'the file to write'})`)
  const input = resolve(file)
  const out = resolve(values.out)
  const project = await readProjectFile(input)
  let files
  try {
    files = exportWeights(project, { format, ...(values['no-optimizer'] ? { include: { optimizer: false } } : {}) }).files
  } catch (e) {
    if (!(e instanceof ExportError)) throw e
    io.err(`rnnwb: cannot export ${file}: ${line(e.message)}\n`)
    return EXIT.badInput
  }
  const targets = files.map((f) => ({ path: multi ? join(out, f.name) : out, bytes: f.bytes }))
  if (targets.some((t) => t.path === input)) throw new UsageError(`--out would overwrite the project ${file}; name another ${multi ? 'folder' : 'file'}`)
  try {
    if (multi) await mkdir(out, { recursive: true })
    for (const t of targets) await writeFileAtomic(t.path, t.bytes)
  } catch (e) {
    io.err(`rnnwb: could not write ${out} (${line((e as Error).message)})\n`)
    return EXIT.badInput
  }
  io.err(`exported the weights of epoch ${project.weights!.epoch} as ${format}: wrote ${targets.map((t) => t.path).join(', ')}\n`)
  return EXIT.ok
}

/** A copy of the project with weights read from an export (JSON or .npz); the input project is never overwritten. */
async function importWeightsCommand(args: string[], io: Io): Promise<number> {
  const { values, files } = parse(args, { out: { type: 'string' } }, ['project file', 'weights file'])
  const [projectFile, weightsFile] = files
  if (values.out === undefined) throw new UsageError('missing --out (the project to write; the input project is never overwritten)')
  const input = resolve(projectFile)
  const source = resolve(weightsFile)
  const output = resolve(values.out)
  if (output === input || output === source) throw new UsageError(`--out must name a new file: import-weights never overwrites ${output === input ? projectFile : weightsFile}`)
  const project = await readProjectFile(input)
  let weights
  try {
    weights = await readWeightsFile(source, project.network)
  } catch (e) {
    if (!(e instanceof WeightsImportError)) throw e
    const [first, ...others] = e.problems.slice(0, 20).map((p) => line(p.message))
    io.err(`rnnwb: bad weights in ${weightsFile}: ${first}\n${others.map((o) => `  ${o}\n`).join('')}`)
    return EXIT.badInput
  }
  // the loss history described the old weights: it is dropped with them
  const imported: Project = { ...project, metadata: { ...project.metadata, modifiedAt: new Date().toISOString() }, weights, history: { loss: [] } }
  try {
    await writeProjectFile(output, imported)
  } catch (e) {
    io.err(`rnnwb: could not write ${output} (${line((e as Error).message)})\n`)
    return EXIT.badInput
  }
  io.err(`imported the weights of epoch ${weights.epoch}${weights.optimizer ? ' with the optimizer state' : ''} from ${weightsFile}; wrote ${output}\n`)
  return EXIT.ok
}

/**
 * `rnnwb runs`: the project's run records (docs/project-format.md "Run records"), oldest first: a table, or with
 * --json one JSON array of their summaries (each record without its histories and weights, plus its final and
 * best losses, final score and whether it keeps weights).
 */
async function runsCommand(args: string[], io: Io): Promise<number> {
  const { values, file } = parse(args, { json: { type: 'boolean' } })
  const project = await readProjectFile(resolve(file))
  const summaries = (project.runs ?? []).map(recordSummary)
  if (values.json) {
    io.out(JSON.stringify(summaries) + '\n')
    return EXIT.ok
  }
  if (summaries.length === 0) {
    io.out(`no runs recorded in ${basename(file)}\n`)
    return EXIT.ok
  }
  const rows = summaries.map((r) => [
    r.id + (r.pinned ? '*' : ''),
    r.ended.status,
    String(r.epochs),
    fmt(r.finalLoss),
    fmt(r.bestLoss),
    fmt(r.finalValidationLoss),
    r.finalScore === null ? '–' : `${(100 * r.finalScore).toFixed(1)}%`,
    `${(r.durationMs / 1000).toFixed(1)}s`,
    String(r.seed),
    r.hasWeights ? 'yes' : '',
    line(r.label ?? ''),
  ])
  const header = ['id', 'ended', 'epochs', 'loss', 'best', 'val loss', 'score', 'time', 'seed', 'weights', 'label']
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)))
  const text = [header, ...rows].map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd())
  io.out(text.join('\n') + '\n')
  return EXIT.ok
}

// ---- sweeps and repeats ----------------------------------------------------------------------------------

/** The command line's name for a field of the sweep spec a SweepError names. */
const SWEEP_FLAGS: Record<string, string> = { seeds: '--seeds', sampling: '--sampling', runs: '--runs', samplingSeed: '--sampling-seed', epochs: '--epochs', timeLimit: '--time', parallel: '--parallel' }

/** `<path>: <problem>`, the path as the command line spells it (params[i] is the i-th --param, from 0); a
 *  repeat's unknown or refused record needs no path. */
function sweepErrorText(e: SweepError): string {
  const path = /^repeat\[\d+\]$/.test(e.path) ? '' : (SWEEP_FLAGS[e.path] ?? e.path)
  return path ? `${path}: ${e.problem}` : e.problem
}

/** A number option as given (checked by normalizeSweep, which names it): NaN for text that is not a number. */
const numberOption = (text: string | undefined): number | undefined => (text === undefined ? undefined : text.trim() === '' ? NaN : Number(text))

/** Runs a sweep or a repeat in the sweep host; reports each run as it ends (`onRun`), stops everything on
 *  Ctrl-C. Resolves with the final state and the records by run index. */
async function runSweep(request: Parameters<SweepService['start']>[0], onRun: (run: SweepRunState, record: RunRecord | undefined) => void) {
  const records = new Map<number, RunRecord>()
  const reported = new Set<number>()
  const service = new SweepService(nodeTrainerLauncher(), (name, payload) => {
    if (name === 'sweeps:record') {
      const { index, record } = payload as EventMap['sweeps:record']
      records.set(index, record)
      return
    }
    for (const run of (payload as SweepState).runs) {
      if (reported.has(run.index) || !['completed', 'stopped', 'failed', 'skipped'].includes(run.status)) continue
      reported.add(run.index)
      onRun(run, records.get(run.index))
    }
  })
  let interrupted = false
  let sweepId: string | undefined
  const onSigint = () => {
    interrupted = true
    if (sweepId) void service.stop({ sweepId })
  }
  process.once('SIGINT', onSigint)
  try {
    sweepId = service.start(request).sweepId
    const state = await service.ended(sweepId)
    return { state, records, interrupted }
  } finally {
    process.removeListener('SIGINT', onSigint)
    service.dispose()
  }
}

/** Writes the project with the new records added (ids in run order); a failed write leaves the input as it was
 *  and puts the project in the temporary folder, saying where. Returns the ids given, or null when it failed. */
async function writeRecords(project: Project, records: RunRecord[], output: string, io: Io): Promise<string[] | null> {
  let runs = project.runs ?? []
  const ids: string[] = []
  for (const record of records) {
    const id = nextRecordId(runs)
    ids.push(id)
    runs = addRecord(runs, { ...record, id })
  }
  const updated: Project = { ...project, metadata: { ...project.metadata, modifiedAt: new Date().toISOString() }, runs }
  try {
    await writeProjectFile(output, updated)
  } catch (e) {
    const rescue = join(tmpdir(), `rnnwb-${process.pid}-${basename(output)}`)
    await writeProjectFile(rescue, updated)
    io.err(`rnnwb: could not write ${output} (${line((e as Error).message)}); the project with its new runs is in ${rescue}\n`)
    return null
  }
  return ids
}

/** One run of a sweep, for people: `[2/6] completed  learningRate=0.03 seed=2  8 epochs  loss 0.012345  1.2s`. */
function runLine(run: SweepRunState, total: number, record: RunRecord | undefined): string {
  const parts = [`[${run.index + 1}/${total}]`, run.status.padEnd(9), run.label]
  if (run.status !== 'skipped') parts.push(`${run.epoch} epoch${run.epoch === 1 ? '' : 's'}`, `loss ${fmt(run.loss)}`)
  if (record) parts.push(`${(record.durationMs / 1000).toFixed(1)}s`)
  if (run.identical !== undefined) parts.push(run.identical ? 'bit-identical' : 'NOT identical')
  return parts.join('  ') + (run.message ? `  (${line(run.message)})` : '') + '\n'
}

/** One run of a sweep as a JSON line (--json). */
function runJson(run: SweepRunState, record: RunRecord | undefined): string {
  const { index, label, values, status, epoch, loss, message, identical } = run
  return JSON.stringify({ type: 'run', index, label, values, status, epochs: epoch, loss, ...(record ? { seconds: record.durationMs / 1000 } : {}), ...(identical !== undefined ? { identical } : {}), ...(message ? { message } : {}) }) + '\n'
}

/**
 * `rnnwb sweep`: the project's settings varied as the --param options say (src/shared/sweep.ts parseSweepParam),
 * each run from its seed in a trainer process on one thread, at most --parallel at once (default: the cores).
 * Prints a line per run as it ends (--json: a JSON line per run, then one {"type":"done"} line); adds every run
 * that trained to the project's records and writes it (atomically) in place or to --out.
 */
async function sweepCommand(args: string[], io: Io): Promise<number> {
  const { values, file } = parse(args, {
    param: { type: 'string', multiple: true },
    seeds: { type: 'string' },
    sampling: { type: 'string' },
    runs: { type: 'string' },
    'sampling-seed': { type: 'string' },
    epochs: { type: 'string' },
    time: { type: 'string' },
    parallel: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
  } as const)
  const texts = (values.param as string[] | undefined) ?? []
  if (texts.length === 0) throw new UsageError('name a setting to sweep with --param (for example --param learningRate=0.01,0.03,0.1)')
  const params = texts.map((text, i) => {
    try {
      return parseSweepParam(text)
    } catch (e) {
      if (e instanceof SweepError) throw new SweepError(`params[${i}]`, e.problem)
      throw e
    }
  })
  const parallel = wholeNumber(values.parallel, '--parallel', 1, 64)
  const spec: SweepSpec = {
    params,
    ...(values.seeds !== undefined ? { seeds: numberOption(values.seeds) } : {}),
    ...(values.sampling !== undefined ? { sampling: values.sampling as SweepSpec['sampling'] } : {}),
    ...(values.runs !== undefined ? { runs: numberOption(values.runs) } : {}),
    ...(values['sampling-seed'] !== undefined ? { samplingSeed: numberOption(values['sampling-seed']) } : {}),
    ...(values.epochs !== undefined ? { epochs: numberOption(values.epochs) } : {}),
    ...(values.time !== undefined ? { timeLimit: numberOption(values.time) } : {}),
  }
  kernelsFromEnvironment() // a bad RNNWB_KERNELS is refused here, before anything runs
  const input = resolve(file)
  const output = resolve(values.out ?? file)
  const project = await readProjectFile(input)
  const total = expandSweep(spec, project).length // a bad spec is refused before the data is made
  const resolved = await withData(project, input, values['allow-outside-paths'] === true)
  const json = values.json === true
  const at = parallel ?? availableParallelism()
  if (!json) io.err(`sweeping ${basename(input)}: ${total} run${total === 1 ? '' : 's'}, at most ${at} at once\n`)
  const { state, records, interrupted } = await runSweep({ project: resolved, spec, parallel: at }, (run, record) => io.out(json ? runJson(run, record) : runLine(run, total, record)))
  const ordered = [...records.entries()].sort(([a], [b]) => a - b).map(([, r]) => r)
  const ids = ordered.length > 0 ? await writeRecords(project, ordered, output, io) : []
  if (ids === null) return EXIT.failed
  const done = { type: 'done', status: state.status, runs: total, recorded: ids, out: ordered.length > 0 ? output : null, interrupted, ...(state.message ? { message: state.message } : {}) }
  if (json) io.out(JSON.stringify(done) + '\n')
  else {
    const what = ids.length === 0 ? 'no run trained: nothing written' : `recorded ${ids.length === 1 ? ids[0] : `${ids[0]}..${ids.at(-1)}`}; wrote ${output}`
    io.err(`${interrupted ? 'interrupted; ' : ''}sweep ${state.status}${state.message ? ` (${line(state.message)})` : ''}: ${what}\n`)
  }
  return interrupted ? EXIT.failed : EXIT.ok
}

/**
 * `rnnwb repeat`: runs a recorded run again with its own settings, seed, data and kernel set, adds the new record
 * (repeatOf) to the project and says whether it reproduced the record bit for bit (its final weights when the
 * record kept them, else its loss history). Exit 0 when it did, 1 when it did not.
 */
async function repeatCommand(args: string[], io: Io): Promise<number> {
  const { values, files } = parse(args, { json: { type: 'boolean' }, out: { type: 'string' } }, ['project file', 'run id'])
  const [file, id] = files
  kernelsFromEnvironment()
  const input = resolve(file)
  const output = resolve(values.out ?? file)
  const project = await readProjectFile(input)
  const original = project.runs?.find((r) => r.id === id)
  const resolved = await withData(project, input, values['allow-outside-paths'] === true)
  const json = values.json === true
  const { state, records, interrupted } = await runSweep({ project: resolved, repeat: [id], parallel: 1 }, () => {})
  const run = state.runs[0]
  const record = records.get(0)
  const ids = record ? await writeRecords(project, [record], output, io) : []
  if (ids === null) return EXIT.failed
  const identical = run.identical === true
  const compared = original?.weights ? `the final weights of epoch ${original.weights.epoch}` : `the loss history of ${original?.epochs ?? 0} epochs`
  if (json) {
    io.out(JSON.stringify({ type: 'done', repeatOf: id, id: ids[0] ?? null, status: run.status, identical, compared: original?.weights ? 'weights' : 'loss', out: ids.length ? output : null, ...(run.message ? { message: run.message } : {}) }) + '\n')
  } else {
    const verdict = identical ? `bit-identical to ${id} (${compared})` : `NOT identical to ${id} (${compared} differ${run.message ? `: ${line(run.message)}` : ''})`
    io.out(`${ids[0] ?? 'the repeat'} ${run.status === 'completed' ? '' : `${run.status}, `}${verdict}\n`)
    if (ids.length) io.err(`recorded ${ids[0]} (repeat of ${id}); wrote ${output}\n`)
    else io.err(`rnnwb: the repeat of ${id} trained nothing${run.message ? `: ${line(run.message)}` : ''}; nothing written\n`)
  }
  return identical && !interrupted ? EXIT.ok : EXIT.failed
}
