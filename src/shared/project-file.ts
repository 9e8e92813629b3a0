/**
 * Project file, versions 1 and 2 (`*.rnn.json`; 2 adds run records): the one schema for reading and writing projects, in every process.
 * docs/project-format.md documents each field; resources/project.schema.json is generated from
 * `projectFileSchema` by `npm run schema` (and a test checks it is current).
 *
 * Reading is all or nothing: `parseProject` either returns a complete, checked Project or throws
 * ProjectFileError listing every problem with its JSON path. Checks, in order:
 *   1. JSON syntax; `format` names this app; `version` is not newer than this app reads;
 *   2. structure, types and size limits (zod schema below);
 *   3. the model's own rules (core normalizeNetworkSpec / normalizeTrainingSpec: defaults live there);
 *   4. inline data against the network's m and ℓ (checkDataFits; a script's data is checked the same way once it
 *      has run), weights against the network's layout;
 *   5. run records (checkRunRecords): each record's specs, losses and weights, as the project's own.
 *
 * Not here: file-system access (callers read and write text; see src/node/services/files.ts for the atomic write).
 */
import { z } from 'zod'
import { jsonBudgetProblem } from './json-limits.js'
import { safeMessage } from './messages.js'
import { decodeFloat64, decodeWeightArrays, encodeFloat64, encodeWeightArrays, WeightsCodecError } from './weights-codec.js'
import { LIMITS, PROJECT_EXTENSION, PROJECT_FORMAT, PROJECT_VERSION, SCRIPT_LIMITS, projectFileVersion } from './project-constants.js'
import {
  ACTIVATIONS,
  BATCH_MODES,
  DataError,
  GRADIENT_MODES,
  INIT_KINDS,
  PRECISIONS,
  LOSSES,
  OPTIMIZERS,
  TRAINING_DEFAULTS,
  MAX_THREADS,
  normalizeNetworkSpec,
  specIssues,
  packDataset,
  paramLayout,
  type NetworkSpec,
  type OptimizerState,
  type Sequence,
  type TrainingSpec,
} from '../core/index.js'
import {
  DIRECTIONS as NETTALK_DIRECTIONS,
  J_CODES as NETTALK_J_CODES,
  MAX_DELAY as NETTALK_MAX_DELAY,
  MAX_WINDOW as NETTALK_MAX_WINDOW,
  OUTPUT_CODINGS as NETTALK_OUTPUT_CODINGS,
} from '../core/nettalk/index.js'


export { LIMITS, PROJECT_EXTENSION, PROJECT_FORMAT, PROJECT_VERSION }

// messages in the words the rest of the app uses ("expected a whole number ≥ 1, …")
const whole = (min: number, max: number) =>
  z
    .number({ error: 'expected a number' })
    .int({ error: 'expected a whole number' })
    .min(min, { error: `expected a whole number ≥ ${min}` })
    .max(max, { error: `expected a whole number ≤ ${max}` })

const layerSchema = z
  .object({
    units: whole(1, LIMITS.units).describe('Units n_r (ℓ for the output layer).'),
    activation: z.enum(ACTIVATIONS).optional().describe("Activation f. Default 'sigmoid'; 'softmax' only on the output layer with cross-entropy."),
    recurrent: z.boolean().optional().describe('Recurrent matrix V inside the layer. Default true for hidden layers, false for the output layer.'),
    bias: z.boolean().optional().describe('A bias per unit. Default true.'),
  })
  .strict()

export const networkSchema = z
  .object({
    inputSize: whole(1, LIMITS.units).describe('Input size m.'),
    hidden: z.array(layerSchema).max(LIMITS.hiddenLayers).describe('Hidden layers 1..R (may be empty).'),
    output: layerSchema.describe('Output layer R+1 with ℓ units.'),
  })
  .strict()

/** The training defaults, from the core's one table: the schema's descriptions read them from there. */
const TD = TRAINING_DEFAULTS

const trainingSchema = z
  .object({
    loss: z.enum(LOSSES).optional().describe(`Default '${TD.loss}' (the lecture's E, a sum).`),
    errorTolerance: z.number().min(0).optional().describe(`Output errors below this count as zero. Default ${TD.errorTolerance}.`),
    gradient: z.enum(GRADIENT_MODES).optional().describe(`Default '${TD.gradient}' (BPTT). 'lecture' is not the exact gradient.`),
    horizon: whole(1, LIMITS.steps).optional().describe(`Horizon k of 'truncated'. Default ${TD.horizon}.`),
    optimizer: z.enum(OPTIMIZERS).optional().describe(`Default '${TD.optimizer}' (w ← w − c·g).`),
    learningRate: z.number().positive().optional().describe(`Learning rate c. Default ${TD.learningRate}.`),
    momentum: z.number().min(0).lt(1).optional().describe(`Default ${TD.momentum}.`),
    beta1: z.number().min(0).lt(1).optional().describe(`Default ${TD.beta1}.`),
    beta2: z.number().min(0).lt(1).optional().describe(`Default ${TD.beta2}.`),
    epsilon: z.number().positive().optional().describe(`Default ${TD.epsilon}.`),
    batch: z.enum(BATCH_MODES).optional().describe(`Default '${TD.batch}'.`),
    batchSize: whole(1, LIMITS.sequences).optional().describe(`Sequences per update in 'minibatch'. Default ${TD.batchSize}.`),
    clipGradNorm: z.number().min(0).optional().describe(`Gradient-norm clip; 0 = off. Default ${TD.clipGradNorm}.`),
    epochs: whole(0, LIMITS.epochs).optional().describe(`Epochs per training run. Default ${TD.epochs}.`),
    seed: whole(0, 0xffffffff).optional().describe(`Seed of initial weights and shuffling. Default ${TD.seed}.`),
    threads: z
      .union([z.literal('auto'), whole(1, MAX_THREADS)])
      .optional()
      .describe(`Threads computing a batch of more than 32 sequences: 'auto' (the machine's cores) or 1..${MAX_THREADS}. The weights are bit-identical whatever the number. Default '${TD.threads}'.`),
    init: z
      .object({
        kind: z.enum(INIT_KINDS).optional().describe(`Default '${TD.init.kind}'.`),
        scale: z.number().positive().optional().describe(`Half-width a of 'uniform'. Default ${TD.init.scale}.`),
      })
      .strict()
      .optional(),
    precision: z
      .enum(PRECISIONS)
      .optional()
      .describe(`Number format of the training arithmetic. Default '${TD.precision}' (exact against PyTorch); 'float32' is faster, about 7 significant digits. Saved weights stay float64.`),
  })
  .strict()

const vector = z.array(z.number())
const sequenceSchema = z
  .object({
    u: z.array(vector).min(1).max(LIMITS.steps).describe('Inputs u_t, T × m.'),
    z: z.array(vector.nullable()).max(LIMITS.steps).describe('Teacher signals z_t, T × ℓ; null = no target at this step.'),
  })
  .strict()

export const inlineDataSchema = z
  .object({
    kind: z.literal('inline'),
    inputSize: whole(1, LIMITS.units),
    outputSize: whole(1, LIMITS.units),
    train: z.array(sequenceSchema).min(1).max(LIMITS.sequences).describe('Training sequences.'),
    validation: z.array(sequenceSchema).max(LIMITS.sequences).optional().describe('Validation sequences (not trained on).'),
  })
  .strict()

export const scriptDataSchema = z
  .object({
    kind: z.literal('script'),
    source: z
      .string()
      .max(LIMITS.scriptChars)
      .describe('The data script: TypeScript (or JavaScript) module source whose default export returns the data set (docs/scripting.md).'),
    seed: whole(0, 0xffffffff).optional().describe("Seed of the script's random generator and of its Math.random. Default 1."),
    timeLimitMs: z.number().positive().max(SCRIPT_LIMITS.maxTimeLimitMs).optional().describe('Time limit of one run of the script, in milliseconds. Default 10000.'),
    memoryLimitBytes: whole(SCRIPT_LIMITS.minMemoryLimitBytes, SCRIPT_LIMITS.maxMemoryLimitBytes)
      .optional()
      .describe("Memory limit of the script's interpreter, in bytes. Default 268435456 (256 MiB)."),
  })
  .strict()

export const nettalkDataSchema = z
  .object({
    kind: z.literal('nettalk'),
    corpus: z
      .string()
      .min(1)
      .max(4096)
      .nullable()
      .optional()
      .describe(
        "The NETtalk dictionary (word, phonemes, stress, class; tab-separated). 'bundled' (the default; absent or null, as older files wrote, mean the same): the dictionary that ships with the app (resources/nettalk/nettalk.data). Otherwise a file path; relative paths are relative to the project file's folder.",
      ),
    wordList: z
      .string()
      .min(1)
      .max(4096)
      .nullable()
      .optional()
      .describe("The word list naming the training words. 'bundled': the 1000-word list that ships with the app (resources/nettalk/nettalk.list); otherwise a file path, relative like corpus. Absent or null: a seeded random choice of trainWords words."),
    trainWords: whole(1, LIMITS.sequences).optional().describe('Training words drawn at random when there is no word list. Default 1000.'),
    validationWords: whole(0, LIMITS.sequences)
      .optional()
      .describe('Held-out words (a seeded sample of the words not trained on) whose E and per-letter score are reported every epoch. Default 500; 0 = none.'),
    seed: whole(0, 0xffffffff).optional().describe('Seed of the random choices of words. Default 1.'),
    scoreEvery: whole(1, LIMITS.epochs)
      .optional()
      .describe("Score the training and validation words (letters whose phoneme is right) every this many epochs, and after a run's last epoch. Default 1: every epoch."),
    encoding: z
      .object({
        window: whole(1, NETTALK_MAX_WINDOW).optional().describe('Letters in the input window, odd. Default 7 (7 × 29 = 203 inputs).'),
        delay: whole(0, NETTALK_MAX_DELAY).optional().describe('Steps a letter’s target lags behind the step that reads it (the recurrent variant). Default 0.'),
        direction: z.enum(NETTALK_DIRECTIONS).optional().describe("Order the letters are read in. Default 'left-to-right'."),
        outputCoding: z.enum(NETTALK_OUTPUT_CODINGS).optional().describe("'features' (21 articulatory features + 5 stress units, the paper's; default) or 'one-hot'."),
        jCode: z.enum(NETTALK_J_CODES).optional().describe("Code of the phoneme J: 'corrected' (default) or 'printed'."),
      })
      .strict()
      .optional()
      .describe('How letters become inputs and phonemes outputs (docs/nettalk.md). Defaults: the paper’s.'),
  })
  .strict()

const dataSchema = z.discriminatedUnion('kind', [inlineDataSchema, scriptDataSchema, nettalkDataSchema])

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64 text')

export const weightArraySchema = z
  .object({
    name: z.string().regex(/^[WVb]\d+$/, 'expected a name such as W0, V1 or b1'),
    shape: z.array(whole(1, LIMITS.parameters)).min(1).max(2),
    data: base64.describe('Little-endian float64 values, row-major, base64.'),
  })
  .strict()

const weightsSchema = z
  .object({
    encoding: z.literal('base64-float64-le'),
    epoch: whole(0, LIMITS.trainedEpochs).describe('Epochs these weights have been trained for.'),
    arrays: z.array(weightArraySchema),
    optimizer: z
      .object({
        steps: whole(0, Number.MAX_SAFE_INTEGER),
        first: base64.describe('Momentum velocity or Adam first moment, flat in parameter order (empty for sgd).'),
        second: base64.describe('Adam second moment, flat in parameter order (empty otherwise).'),
      })
      .strict()
      .optional()
      .describe('Optimizer state, so that training resumes exactly.'),
  })
  .strict()

const historySchema = z
  .object({
    loss: z.array(z.number()).describe('E per epoch, oldest first.'),
    validationLoss: z.array(z.number()).optional(),
  })
  .strict()

const recordText = z.string().max(LIMITS.runRecordText)
/** A loss value of a run record: null where the run's E was not finite (a diverged run's last epoch). */
const recordLoss = z.array(z.number().nullable())

export const RUN_ENDINGS = ['finished', 'stopped', 'failed'] as const

/** One training run of the project, kept after it ended (src/shared/run-records.ts builds them). */
export const runRecordSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an id of 1..64 letters, digits, - or _'),
    label: recordText.optional().describe('What the run varied (a sweep names its swept values), for people.'),
    pinned: z.boolean().optional().describe('Kept with its weights whatever its result. Default false.'),
    network: networkSchema.describe('The network as it was when the run started.'),
    training: trainingSchema.describe('The training settings as they were when the run started (as written; defaults apply).'),
    seed: whole(0, 0xffffffff).describe('The seed the run used (training.seed, or its default).'),
    dataHash: z.string().regex(/^fnv1a64:[0-9a-f]{16}$/, 'expected fnv1a64: and 16 hex digits').describe('Identity of the data the run trained on (docs/project-format.md, "Run records").'),
    startedAt: z.string().max(100).describe('When the run started, ISO 8601.'),
    durationMs: z.number().min(0).describe('Wall-clock time of the run, in milliseconds.'),
    startEpoch: whole(0, LIMITS.trainedEpochs).describe('Epochs the weights had when the run started (0: from the seed).'),
    epochs: whole(0, LIMITS.epochs).describe("Epochs the run completed: the length of 'loss'."),
    ended: z
      .object({
        status: z.enum(RUN_ENDINGS),
        message: recordText.optional(),
      })
      .strict()
      .describe('How the run ended.'),
    loss: recordLoss.describe('E per epoch of this run, oldest first.'),
    validationLoss: recordLoss.optional().describe('Validation E per epoch, when the project has validation data.'),
    scores: z
      .array(
        z
          .object({
            epoch: whole(0, LIMITS.trainedEpochs),
            train: z.number().min(0).max(1),
            validation: z.number().min(0).max(1).optional(),
          })
          .strict(),
      )
      .optional()
      .describe('Task scores (NETtalk: letters whose phoneme is right) at the epochs that were scored.'),
    weights: weightsSchema.optional().describe("The run's final weights; kept for the best and the pinned runs only."),
    kernels: z
      .enum(['wasm', 'js'])
      .optional()
      .describe('The kernel set the run computed with (WebAssembly SIMD or TypeScript): a repeat uses the same one, since the two may round differently. Absent: not known (the run is repeated with the default set).'),
    sweep: z
      .object({
        id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an id of 1..64 letters, digits, - or _'),
        values: z.record(z.string().max(100), z.union([z.number(), z.string().max(100)])),
      })
      .strict()
      .optional()
      .describe('The sweep the run belonged to and the values it swept (a repeated seed shows as "seed").'),
    repeatOf: z.string().max(64).optional().describe('The id of the record this run repeated (rnnwb repeat, "Repeat" in the runs table).'),
  })
  .strict()

const metadataSchema = z
  .object({
    name: z.string().max(LIMITS.textLength),
    description: z.string().max(LIMITS.textLength).optional(),
    createdAt: z.string().max(100).optional(),
    modifiedAt: z.string().max(100).optional(),
  })
  .strict()

export const projectFileSchema = z
  .object({
    format: z.literal(PROJECT_FORMAT),
    version: z.union([z.literal(1), z.literal(PROJECT_VERSION)]).describe('Format version: 2 when the file holds run records, else 1.'),
    metadata: metadataSchema,
    network: networkSchema,
    training: trainingSchema,
    data: dataSchema,
    weights: weightsSchema.nullable().optional().describe('Trained weights; null or absent before training.'),
    history: historySchema.optional().describe('The loss history of the current weights, over every run that led to them.'),
    runs: z.array(runRecordSchema).max(LIMITS.runRecords).optional().describe('Records of the runs of this project (version 2); absent means none.'),
  })
  .strict()

export type ProjectFile = z.infer<typeof projectFileSchema>
/** Data written out in the file: the sequences themselves. */
export type InlineData = z.infer<typeof inlineDataSchema>
/** Data made by a script each time it is needed (src/node/services/project-data.ts runs it). */
export type ScriptData = z.infer<typeof scriptDataSchema>
/** NETtalk words from a corpus file, encoded each time they are needed (src/node/services/nettalk-data.ts). */
export type NettalkData = z.infer<typeof nettalkDataSchema>
export type ProjectData = ProjectFile['data']
/** A run record in file form (its weights, when kept, stay encoded until they are used). */
export type RunRecord = z.infer<typeof runRecordSchema>

/**
 * A loaded project: the file's specs as written (defaults are not materialized), weights decoded. Its data
 * may still be a script; `Project<InlineData>` is one whose data has been made (and checked against the network).
 */
export interface Project<Data extends ProjectData = ProjectData> {
  metadata: ProjectFile['metadata']
  network: NetworkSpec
  training: TrainingSpec
  data: Data
  weights: ProjectWeights | null
  history: { loss: number[]; validationLoss?: number[] }
  /** Records of the project's ended runs, oldest first; absent means none. */
  runs?: RunRecord[]
}

export interface ProjectWeights {
  /** Flat in the core's parameter layout of `network`. */
  params: Float64Array
  epoch: number
  optimizer?: OptimizerState
}

export interface ProjectIssue {
  /** JSON path such as `network.hidden[0].units` ('' for the whole file). */
  path: string
  message: string
}

export class ProjectFileError extends Error {
  readonly issues: ProjectIssue[]
  /** Each issue on one line, fit to show (a path or message may quote the file: see messages.ts). */
  constructor(issues: ProjectIssue[]) {
    issues = issues.slice(0, 100).map((i) => ({ path: safeMessage(i.path, { oneLine: true }), message: safeMessage(i.message, { oneLine: true }) }))
    const shown = issues.slice(0, 5).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    const more = issues.length > 5 ? `\n(and ${issues.length - 5} more)` : ''
    super(shown.join('\n') + more)
    this.issues = issues
    this.name = 'ProjectFileError'
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '')
}

const fail = (path: string, message: string): never => {
  throw new ProjectFileError([{ path, message }])
}


/** Parses and checks project text; throws ProjectFileError naming every problem's JSON path. */
export function parseProject(text: string): Project {
  const tooLarge = jsonBudgetProblem(text)
  if (tooLarge !== null) fail('', `too large to read: ${tooLarge}`)
  let json: unknown
  try {
    // a byte-order mark, as some Windows editors write it, is not part of the JSON
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (e) {
    fail('', `not valid JSON (${(e as Error).message})`)
  }
  return checkProject(json)
}

/** Checks a project already parsed from JSON (or received over IPC) exactly as parseProject does. */
export function checkProject(json: unknown): Project {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('', 'expected a JSON object')
  const head = json as { format?: unknown; version?: unknown }
  if (head.format !== PROJECT_FORMAT) fail('format', `not an RNN Workbench project (expected "${PROJECT_FORMAT}", got ${JSON.stringify(head.format)})`)
  if (typeof head.version === 'number' && head.version > PROJECT_VERSION) {
    fail('version', `this project was written by a newer RNN Workbench (project format version ${head.version}); this version reads format ${PROJECT_VERSION}. Update the app to open it.`)
  }
  const parsed = projectFileSchema.safeParse(json)
  if (!parsed.success) {
    throw new ProjectFileError(parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })))
  }
  const file = parsed.data
  const issues = specIssues(file.network, file.training)
  if (issues.length > 0) throw new ProjectFileError(issues.map((i) => ({ path: i.path, message: i.problem })))
  const network = normalizeNetworkSpec(file.network)
  const layout = paramLayout(network)
  if (layout.size > LIMITS.parameters) fail('network', `${layout.size} parameters exceed the limit of ${LIMITS.parameters}`)
  if (file.data.kind === 'inline') checkDataFits(file.data, file.network)
  if (file.runs !== undefined) checkRunRecords(file.runs, file.version)
  return {
    metadata: file.metadata,
    network: file.network,
    training: file.training,
    data: file.data,
    weights: file.weights ? decodeWeights(file.weights, layout) : null,
    history: file.history ?? { loss: [] },
    ...(file.runs && file.runs.length > 0 ? { runs: file.runs } : {}),
  }
}

/** The rules of run records the schema cannot say: the format version, unique ids, each record's specs by the
 *  model's rules, its losses against its epochs, its weights against its own network, and how many keep weights. */
function checkRunRecords(runs: RunRecord[], version: number): void {
  const issues: ProjectIssue[] = []
  if (version < 2 && runs.length > 0) issues.push({ path: 'runs', message: 'run records need format version 2' })
  const ids = new Set<string>()
  let withWeights = 0
  runs.forEach((r, i) => {
    const at = `runs[${i}]`
    if (ids.has(r.id)) issues.push({ path: `${at}.id`, message: `the id ${JSON.stringify(r.id)} is used by an earlier record` })
    ids.add(r.id)
    for (const s of specIssues(r.network, r.training)) issues.push({ path: `${at}.${s.path}`, message: s.problem })
    if (r.loss.length !== r.epochs) issues.push({ path: `${at}.loss`, message: `expected ${r.epochs} values (epochs), got ${r.loss.length}` })
    if (r.validationLoss && r.validationLoss.length > r.loss.length) issues.push({ path: `${at}.validationLoss`, message: `more values (${r.validationLoss.length}) than epochs (${r.loss.length})` })
    if (r.weights) {
      withWeights++
      if (issues.length === 0) {
        const layout = paramLayout(normalizeNetworkSpec(r.network))
        if (layout.size > LIMITS.parameters) issues.push({ path: `${at}.network`, message: `${layout.size} parameters exceed the limit of ${LIMITS.parameters}` })
        else {
          try {
            decodeWeights(r.weights, layout, `${at}.weights`)
          } catch (e) {
            if (e instanceof ProjectFileError) issues.push(...e.issues)
            else throw e
          }
        }
      }
    }
  })
  if (withWeights > LIMITS.runRecordsWithWeights) issues.push({ path: 'runs', message: `${withWeights} records keep weights; at most ${LIMITS.runRecordsWithWeights} may` })
  if (issues.length > 0) throw new ProjectFileError(issues)
}

/**
 * Checks inline data against the project limits and the network's m and ℓ: at load for data in the file,
 * after a run for data a script made. Throws ProjectFileError naming the sequence and step (`data.train[3].u[7]`).
 */
export function checkDataFits(data: InlineData, networkSpec: NetworkSpec): void {
  const dataValues = [...data.train, ...(data.validation ?? [])].reduce((sum, s) => sum + s.u.length * (data.inputSize + data.outputSize), 0)
  if (dataValues > LIMITS.dataValues) fail('data', `${dataValues} values exceed the limit of ${LIMITS.dataValues}`)
  const network = normalizeNetworkSpec(networkSpec)
  const m = network.inputSize
  const nOut = network.output.units
  try {
    const { inputSize, outputSize } = data
    packDataset({ inputSize, outputSize, sequences: data.train as Sequence[] }, m, nOut, { path: 'data', sequencesKey: 'train' })
    if (data.validation && data.validation.length > 0) {
      packDataset({ inputSize, outputSize, sequences: data.validation as Sequence[] }, m, nOut, { path: 'data', sequencesKey: 'validation' })
    }
  } catch (e) {
    if (e instanceof DataError) fail(e.path, e.problem)
    throw e
  }
}

/** Decodes weights in file form laid out for `layout`; `at`: their JSON path, for errors. */
export function decodeWeights(weights: NonNullable<ProjectFile['weights']>, layout: ReturnType<typeof paramLayout>, at = 'weights'): ProjectWeights {
  try {
    const params = decodeWeightArrays(weights.arrays, layout, `${at}.arrays`)
    let optimizer: OptimizerState | undefined
    if (weights.optimizer) {
      const o = weights.optimizer
      optimizer = {
        steps: o.steps,
        first: decodeFloat64(o.first, o.first === '' ? 0 : layout.size, `${at}.optimizer.first`),
        second: decodeFloat64(o.second, o.second === '' ? 0 : layout.size, `${at}.optimizer.second`),
      }
    }
    return { params, epoch: weights.epoch, optimizer }
  } catch (e) {
    if (e instanceof WeightsCodecError) fail(e.path, e.problem)
    throw e
  }
}

/** Weights in file form: one named, base64-encoded array per matrix, laid out for `network`. */
export function weightsToFile(network: NetworkSpec, w: ProjectWeights): NonNullable<ProjectFile['weights']> {
  const layout = paramLayout(normalizeNetworkSpec(network))
  return {
    encoding: 'base64-float64-le',
    epoch: w.epoch,
    arrays: encodeWeightArrays(w.params, layout),
    ...(w.optimizer ? { optimizer: { steps: w.optimizer.steps, first: encodeFloat64(w.optimizer.first), second: encodeFloat64(w.optimizer.second) } } : {}),
  }
}

/** The file form of a project (weights encoded); `parseProject(serializeProject(p))` gives p back. */
export function toProjectFile(project: Project): ProjectFile {
  return {
    format: PROJECT_FORMAT,
    version: projectFileVersion(project.runs),
    metadata: project.metadata,
    network: project.network,
    training: project.training,
    data: project.data,
    weights: project.weights ? weightsToFile(project.network, project.weights) : null,
    history: project.history,
    ...(project.runs && project.runs.length > 0 ? { runs: project.runs } : {}),
  }
}

/** Project text: indented JSON, with arrays of plain numbers kept on one line so data stays readable. */
export function serializeProject(project: Project): string {
  const text = JSON.stringify(toProjectFile(project), null, 2)
  // only arrays as JSON.stringify indents them, a line break after each bracket and comma: a string value
  // cannot hold a raw line break, so text inside strings ("[1,   2]" as a name) is never touched
  return text.replace(/\[\n\s*(-?[\d.eE+-]+(?:,\n\s*-?[\d.eE+-]+)*)\n\s*\]/g, (_, inner: string) => `[${inner.replace(/,\n\s*/g, ', ')}]`) + '\n'
}

/** The JSON Schema of project files, generated from `projectFileSchema`. */
export function projectJsonSchema(): unknown {
  return z.toJSONSchema(projectFileSchema, { target: 'draft-2020-12' })
}

/** A new, untrained project. */
export function createProject<Data extends ProjectData>(opts: { name: string; description?: string; network: NetworkSpec; training: TrainingSpec; data: Data; now?: Date }): Project<Data> {
  const stamp = (opts.now ?? new Date()).toISOString()
  return {
    metadata: { name: opts.name, ...(opts.description ? { description: opts.description } : {}), createdAt: stamp, modifiedAt: stamp },
    network: opts.network,
    training: opts.training,
    data: opts.data,
    weights: null,
    history: { loss: [] },
  }
}
