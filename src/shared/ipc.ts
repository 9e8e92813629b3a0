/**
 * The typed IPC contract between the main process and the renderer: one map of request/response channels
 * and one map of events. Channel and event names are spelled here and nowhere else.
 *
 * - Main derives its handler table (`IpcHandlers`) from `ipcContract` and validates every request's
 *   arguments with the channel's zod schema (src/shared/ipc-schemas.ts, typed against this map, so a
 *   channel without a schema, or a schema that disagrees with the argument types, does not compile)
 *   before a handler sees them (src/node/ipc-dispatch.ts).
 * - The preload builds `window.api` from the same map (`createWindowApi`): a domain-shaped object,
 *   `api.training.start(…)`, `api.examples.list()`, plus `api.on(event, listener)` for events.
 * Renaming a channel or changing a payload breaks compilation on both sides.
 *
 * Payloads are plain JSON values (no typed arrays), so the same contract runs over Electron's IPC and over
 * the test harness's bridge into a browser page.
 *
 * Plain ECMAScript: no Electron, Node or DOM types and no zod (the sandboxed preload bundles this file).
 */
import type { EpochReport, NetworkSpec } from '../core/index.js'
import type { AboutInfo, MenuAction, MenuState } from './app-menu.js'
import type { LanguageChoice, LanguageState } from './i18n/locales.js'
import type { CsvImportOptions, DataImportProblem } from './data-io.js'
import type { InlineData, NettalkData, ProjectFile, RunRecord, ScriptData } from './project-file.js'
import type { SweepSpec } from './sweep.js'
import type { ScriptRunResult } from './script-api.js'
import type { RunKernels } from './kernels.js'
import type { LateScore } from './trainer-protocol.js'
import type { ExportFormat, ExportInclude } from './weights-export.js'
import type { LabCompareRequest, LabCompareResult, LabGradcheckRequest, LabGradcheckResult, LabStepRequest, LabStepResult } from './lab.js'

/** A request/response channel: its name, and its argument and result types (type-only). */
export interface InvokeChannel<Args extends unknown[], Result> {
  readonly channel: string
  /** Phantom field carrying the types; never set at runtime. */
  readonly __types?: { readonly args: Args; readonly result: Result }
}

function invoke<Args extends unknown[], Result>(channel: string): InvokeChannel<Args, Result> {
  return { channel }
}

/** A bundled example project, as listed. */
export interface ExampleInfo {
  id: string
  name: string
  description: string
}

export type RunStatus = 'starting' | 'running' | 'paused' | 'completed' | 'stopped' | 'failed'

export interface RunSummary {
  runId: string
  status: RunStatus
  epoch: number
  /** E of the last epoch, null before the first. */
  loss: number | null
  /** The kernel set the run computes with, once its trainer has said. */
  kernels?: RunKernels
  message?: string
}

export interface TrainingStartRequest {
  /** The project to train, in its file form (checked in main exactly as a file being opened). It starts
   *  from the project's weights when it has any, else from its seed. */
  project: ProjectFile
  /** Epochs in this run; default the project's training.epochs. */
  epochs?: number
  /** Training sequence whose states to report (training:inspection events). */
  inspect?: number
  /** At most this many epochs a second, so a person can watch (the numbers are an unpaced run's); 0 or absent:
   *  as fast as possible. */
  pace?: number
  /** Where the project is saved (a path this window opened or saved): a NETtalk project's relative file paths
   *  start at its folder. */
  path?: string | null
}

/** A sweep (sweeps:start): the project's settings varied as `spec` says, or earlier runs repeated. Every run is an
 *  ordinary training run from its seed, in its own trainer process on one thread, on the project's data made once
 *  (as for training:start). Exactly one of `spec` and `repeat`. */
export interface SweepStartRequest {
  /** The project in its file form (checked as a file being opened); its weights are not used. */
  project: ProjectFile
  /** Where the project is saved (as in training:start). */
  path?: string | null
  spec?: SweepSpec
  /** Ids of records in `project.runs` to run again with their own settings, seed and kernel set. A record of a
   *  run that continued from earlier weights (startEpoch > 0) cannot be repeated and is refused. */
  repeat?: string[]
  /** Runs at once, at most; default: the number of cores. */
  parallel?: number
}

/** Where one run of a sweep is: waiting in the queue, a training run's status, or skipped (the sweep was stopped
 *  or its time budget spent before it started). */
export type SweepRunStatus = 'queued' | RunStatus | 'skipped'

export interface SweepRunState {
  /** Position in the sweep, 0-based. */
  index: number
  /** The swept values as text (`learningRate=0.03 seed=2`), or `repeat of r3`. */
  label: string
  /** The swept values (a repeated seed as `seed`); empty for a repeat. */
  values: Record<string, number | string>
  status: SweepRunStatus
  /** Epochs done, and asked for. */
  epoch: number
  epochs: number
  /** E of the last epoch, null before the first (or when not finite). */
  loss: number | null
  message?: string
  /** A repeat, once ended: whether it reproduced the record bit for bit (its final weights when the record kept
   *  them, else its loss history). */
  identical?: boolean
}

export interface SweepState {
  sweepId: string
  /** 'finished': every run ended or was skipped; 'stopped': stopped by the user or the time budget. */
  status: 'running' | 'paused' | 'finished' | 'stopped'
  /** Runs at once, at most. */
  parallel: number
  runs: SweepRunState[]
  /** Why the sweep ended early (the time budget), for people. */
  message?: string
}

/** Which sweep, and which of its runs (absent: all of them, and the queue). */
export interface SweepTarget {
  sweepId: string
  index?: number
}

/** A project and where it lives (null: never saved). */
export interface OpenedProject {
  path: string | null
  project: ProjectFile
}

/** Unsaved work kept from a session that did not close cleanly. */
export interface RecoveryInfo {
  savedAt: string
  path: string | null
  name: string
}

export interface ConfirmRequest {
  message: string
  detail?: string
  confirm: string
  cancel: string
}

/** The result of a run: its weights in file form and the loss of each of its epochs. */
/** Words to speak (nettalk:speak): NETtalk phonemes and stress marks, one symbol per letter each. */
export interface SpeakRequest {
  words: { phonemes: string; stress: string }[]
}
/** One WAV file per word (16-bit PCM mono), base64: decode with src/shared/wav.ts. */
export interface SpeakResult {
  wavs: string[]
}

/** Weights a run passed through, kept at log-spaced epochs for "hear it learn" (training:snapshots). */
export interface RunSnapshots {
  network: NetworkSpec
  /** In epoch order; `params`: the flat parameters, base64-float64-le (weights-codec's decodeFloat64). */
  snapshots: { epoch: number; params: string }[]
}

export interface RunResult {
  weights: NonNullable<ProjectFile['weights']> | null
  loss: number[]
  validationLoss: number[]
}

/** The states of one training sequence under the weights of `epoch` (about twice a second while training). */
export interface RunInspection {
  runId: string
  epoch: number
  sequence: number
  /** Per hidden layer r = 1..R: T × n_r values, row-major (step by step). */
  hidden: number[][]
  /** T × ℓ values, row-major. */
  outputs: number[]
  /** All weights, flat in the parameter layout of the run's network (src/core/params.ts). */
  weights: number[]
}

/** One forward pass of a network on its trained weights (network:inspect), for the states charts when no run
 *  is live. */
export interface NetworkInspectRequest {
  network: NetworkSpec
  /** The trained weights in file form (the project file's `weights.arrays`), laid out for `network`. */
  arrays: NonNullable<ProjectFile['weights']>['arrays']
  /** One sequence's inputs u_t, T × m. */
  inputs: number[][]
  /** Who asks: a newer request cancels an older one of the same purpose only, so that the states charts and
   *  "Try your own input" never cancel each other's pass. Default 'states'. */
  purpose?: 'states' | 'try-input'
}

/** Every layer's states over the steps of one sequence (as the core's inspectSequence, in plain arrays). */
export interface NetworkInspection {
  /** Per hidden layer r = 1..R: T × n_r values, row-major. */
  hidden: number[][]
  /** T × ℓ values, row-major. */
  outputs: number[]
}

/** A data file read for import: its data, or every problem with its line. */
export type DataImportResult = {
  /** Where it was read from; pass it back to read it again with other CSV options. */
  path: string
  format: 'csv' | 'json'
  /** CSV: the header's column names, for choosing input and target columns. */
  header?: string[]
} & ({ ok: true; data: InlineData; notes: string[] } | { ok: false; problems: DataImportProblem[]; truncated: boolean })

export interface DataImportRequest {
  /** null: ask the user for a file. Otherwise a file this window chose before (to read it with other options). */
  path: string | null
  /** How to read a CSV file's columns (default: sequence, set, u1..um, z1..zℓ). */
  csv?: CsvImportOptions
}

export interface DataExportRequest {
  data: InlineData
  format: 'csv' | 'json'
  /** File name offered in the save dialog. */
  suggestedName: string
}

export interface WeightsExportRequest {
  /** The project whose trained weights to export (checked in main exactly as a file being opened). */
  project: ProjectFile
  format: ExportFormat
  /** What goes with the weights (default: everything the format can carry). */
  include?: ExportInclude
}

export interface WeightsExportResult {
  /** Every file written (one, or several in the chosen folder for csv and pytorch). */
  paths: string[]
}

export interface WeightsImportResult {
  /** The file the weights were read from. */
  path: string
  /** The weights in file form, laid out for the project's network. */
  weights: NonNullable<ProjectFile['weights']>
}

/** What a NETtalk project's data settings give, or why they give nothing. */
export type NettalkSummary =
  | {
      ok: true
      /** Absolute paths read. */
      corpus: string
      wordList: string | null
      trainWords: number
      trainLetters: number
      validationWords: number
      /** Every word not trained on. */
      heldOutWords: number
      /** Later pronunciations of words read before, dropped. */
      duplicates: number
      /** The network's m and ℓ for this encoding. */
      inputSize: number
      outputSize: number
    }
  | {
      ok: false
      message: string
      /** The project names a file outside its folder: read it only if the user allows this path (then ask
       *  again with it in `allowPaths`). */
      needsPermission?: { path: string; which: 'corpus' | 'wordList'; reason: string }
    }

export const ipcContract = {
  app: {
    /** The application's version (package.json "version"). */
    version: invoke<[], string>('app:version'),
    /** The renderer has subscribed to events: main sends what it queued until now. */
    ready: invoke<[], void>('app:ready'),
    /** The window's state that enables the application menu's items; main rebuilds the menu. */
    menuState: invoke<[state: MenuState], void>('app:menu-state'),
    /** Versions for Help › About. */
    about: invoke<[], AboutInfo>('app:about'),
    /** The window's language: the saved choice (View › Language) and the system's preferred language. */
    language: invoke<[], LanguageState>('app:language'),
    /** Saves the choice in the user's settings and returns the language it gives. */
    setLanguage: invoke<[choice: LanguageChoice], LanguageState>('app:set-language'),
  },
  projects: {
    /** Asks for a file and opens it; null if the user cancelled. A bad file is refused with the reason. */
    open: invoke<[], OpenedProject | null>('projects:open'),
    /** Opens one of the recent projects. */
    openRecent: invoke<[path: string], OpenedProject>('projects:open-recent'),
    /** Opens a file main offered with an app:open-file event (given on the command line or by the OS). */
    openOffered: invoke<[path: string], OpenedProject>('projects:open-offered'),
    /** Saves to `path` (one this window opened or saved before), or asks where when it is null. Returns the
     *  path saved to, or null if the user cancelled. */
    save: invoke<[request: { project: ProjectFile; path: string | null }], string | null>('projects:save'),
    /** Asks where, then saves. */
    saveAs: invoke<[request: { project: ProjectFile }], string | null>('projects:save-as'),
    recent: invoke<[], string[]>('projects:recent'),
    /** Keeps unsaved work in the recovery file. */
    autosave: invoke<[request: { project: ProjectFile; path: string | null }], void>('projects:autosave'),
    /** Unsaved work from a session that did not close cleanly, if any. */
    recovery: invoke<[], RecoveryInfo | null>('projects:recovery'),
    restore: invoke<[], OpenedProject>('projects:restore'),
    discardRecovery: invoke<[], void>('projects:discard-recovery'),
    /** Tells main whether there are unsaved changes (it asks before the window closes). */
    setDirty: invoke<[dirty: boolean], void>('projects:set-dirty'),
  },
  dialogs: {
    /** A yes/no question; true when the user chose `confirm`. */
    confirm: invoke<[request: ConfirmRequest], boolean>('dialogs:confirm'),
  },
  scripts: {
    /** Runs a data script in the sandbox (in main, off its thread). A newer run cancels the one before it
     *  (its result is an error of kind 'cancelled'). */
    run: invoke<[data: ScriptData], ScriptRunResult>('scripts:run'),
  },
  data: {
    /** Reads a CSV or JSON data file (asking which, when `path` is null); null if the user cancelled. */
    import: invoke<[request: DataImportRequest], DataImportResult | null>('data:import'),
    /** Asks where, then writes the data set as CSV or JSON; the path written, or null if cancelled. */
    export: invoke<[request: DataExportRequest], string | null>('data:export'),
  },
  weights: {
    /** Writes the project's trained weights in one format: asks for the file (json, npz, onnx) or the folder
     *  (csv, pytorch); null if the user cancelled. A project without trained weights is refused. */
    export: invoke<[request: WeightsExportRequest], WeightsExportResult | null>('weights:export'),
    /** Asks for a JSON or .npz weights file and reads it for the project's network; null if the user cancelled.
     *  Weights that do not fit are refused with every problem, each naming the array and its expected shape. */
    import: invoke<[request: { project: ProjectFile }], WeightsImportResult | null>('weights:import'),
  },
  nettalk: {
    /** Asks for a NETtalk dictionary or word-list file; its path, or null if the user cancelled. */
    chooseFile: invoke<[what: 'corpus' | 'wordList'], string | null>('nettalk:choose-file'),
    /** Reads the files a NETtalk project names and says what they give (or what is wrong). `projectPath`: where
     *  the project is saved, for relative paths (as in training:start). A file outside the project's folder
     *  gives `needsPermission` unless the user chose it in a dialog or allowed it: `allowPaths` are paths the
     *  user has just allowed (in a confirm dialog naming each); this window may then read them, here and in
     *  training:start. */
    describe: invoke<[data: NettalkData, projectPath?: string | null, allowPaths?: string[]], NettalkSummary>('nettalk:describe'),
    /** Speaks words with eSpeak NG (GPL-3.0) off main's thread: one WAV per word. Unknown symbols are refused. */
    speak: invoke<[request: SpeakRequest], SpeakResult>('nettalk:speak'),
  },
  network: {
    /** Runs the network forward on one sequence with the given weights, off main's thread; a newer request
     *  cancels one still running (it fails with "cancelled"). Weights or inputs that do not fit are refused. */
    inspect: invoke<[request: NetworkInspectRequest], NetworkInspection>('network:inspect'),
  },
  lab: {
    /** One step of one sequence in one layer: x, s, δ and the step's share of the gradient (src/shared/lab.ts).
     *  The project's data is made as for training:start; computed off main's thread. A request out of range
     *  (sequence, step, layer), a project without data or weights that are not finite is refused with the reason. */
    step: invoke<[request: LabStepRequest], LabStepResult>('lab:step'),
    /** Backpropagation against central differences for each requested mode, per matrix. */
    gradcheck: invoke<[request: LabGradcheckRequest], LabGradcheckResult>('lab:gradcheck'),
    /** Cosine similarity and norm ratio between the exact gradient and truncated(k), k = 1..T, per matrix. */
    compare: invoke<[request: LabCompareRequest], LabCompareResult>('lab:compare'),
  },
  examples: {
    list: invoke<[], ExampleInfo[]>('examples:list'),
    /** The example as a project file object, ready to train. */
    open: invoke<[id: string], ProjectFile>('examples:open'),
  },
  training: {
    /** Starts a run in a trainer process; returns its run id. */
    start: invoke<[request: TrainingStartRequest], string>('training:start'),
    pause: invoke<[runId: string], void>('training:pause'),
    resume: invoke<[runId: string], void>('training:resume'),
    /** Runs to the end of the current epoch (a whole epoch when paused between epochs), then pauses. */
    step: invoke<[runId: string], void>('training:step'),
    /** Stops the run; resolves with its summary once it has stopped. */
    stop: invoke<[runId: string], RunSummary>('training:stop'),
    list: invoke<[], RunSummary[]>('training:list'),
    /** Chooses the training sequence whose states a run reports (null: none). */
    inspect: invoke<[runId: string, sequence: number | null], void>('training:inspect'),
    /** A new pace for the rest of a run: epochs per second, 0 for as fast as possible. */
    pace: invoke<[runId: string, epochsPerSecond: number], void>('training:pace'),
    /** A run's weights and losses (the latest reported while it runs; the final ones once it has ended). */
    result: invoke<[runId: string], RunResult>('training:result'),
    /** The weights the run had at log-spaced epochs (1, 2, 4, 8, … after its start) and at its end. */
    snapshots: invoke<[runId: string], RunSnapshots>('training:snapshots'),
    /** The record of an ended run (src/shared/run-records.ts), with its final weights (the window's addRecord
     *  decides whether they are kept) and `label`. Its id is provisional: the window gives it the project's next
     *  free id when it adds it. Null for a run that never trained (its settings were refused). */
    record: invoke<[request: { runId: string; label?: string }], RunRecord | null>('training:record'),
  },
  sweeps: {
    /** Expands the sweep (a bad spec is refused with its path, before anything runs), makes the data once and
     *  starts the first runs; the rest wait in the queue. Progress comes as sweeps:progress events, and each ended
     *  run's record as a sweeps:record event. */
    start: invoke<[request: SweepStartRequest], SweepState>('sweeps:start'),
    /** Pauses one run, or every running run and the queue. */
    pause: invoke<[target: SweepTarget], SweepState>('sweeps:pause'),
    resume: invoke<[target: SweepTarget], SweepState>('sweeps:resume'),
    /** Stops one run (recorded as stopped; a queued one is skipped), or all of them and the queue; resolves once
     *  they have stopped. */
    stop: invoke<[target: SweepTarget], SweepState>('sweeps:stop'),
    /** The sweeps this window started that have not been forgotten (the last few ended ones are kept). */
    list: invoke<[], SweepState[]>('sweeps:list'),
  },
} as const

/** Events from main to the renderer, by name. */
export interface EventMap {
  /** Epoch reports since the last progress event of the run: none is lost, at most ~20 events a second. */
  'training:progress': { runId: string; reports: EpochReport[] }
  /** `kernels`: the kernel set the run computes with, from its first 'running' or 'paused' on. */
  /** `score`: a pause or a stop at an epoch the run had not scored yet: that epoch's score (NETtalk). */
  'training:status': { runId: string; status: RunStatus; epoch: number; kernels?: RunKernels; message?: string; score?: LateScore }
  'training:inspection': RunInspection
  /** Where a sweep's runs are: at most ~5 events a second per sweep, and one whenever a run's status changes. */
  'sweeps:progress': SweepState
  /** An ended run of a sweep, as a record with its final weights (provisional id, as training:record's). A run that
   *  never trained (skipped, or refused settings) has none. */
  'sweeps:record': { sweepId: string; index: number; record: RunRecord }
  /** A menu item was chosen; `path` for File › Open Recent. */
  'menu:action': { action: MenuAction; path?: string }
  /** A project file given on the command line, by a second launch or by the OS: the window opens it as File ›
   *  Open would (asking about unsaved changes), through projects:open-offered. */
  'app:open-file': { path: string }
}
export type EventName = keyof EventMap
export const EVENT_NAMES: readonly EventName[] = ['training:progress', 'training:status', 'training:inspection', 'sweeps:progress', 'sweeps:record', 'menu:action', 'app:open-file']

export type IpcContract = typeof ipcContract
export type IpcDomain = keyof IpcContract

export type ArgsOf<C> = C extends InvokeChannel<infer Args, unknown> ? Args : never
type ResultOf<C> = C extends InvokeChannel<unknown[], infer Result> ? Result : never

/** `window.api` as the renderer sees it. */
export type WindowApi = {
  readonly [D in IpcDomain]: {
    readonly [M in keyof IpcContract[D]]: (...args: ArgsOf<IpcContract[D][M]>) => Promise<ResultOf<IpcContract[D][M]>>
  }
} & {
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void
}

/** What main must provide: one handler per channel, same shape as `WindowApi` (without `on`). */
export type IpcHandlers = {
  readonly [D in IpcDomain]: {
    readonly [M in keyof IpcContract[D]]: (...args: ArgsOf<IpcContract[D][M]>) => ResultOf<IpcContract[D][M]> | Promise<ResultOf<IpcContract[D][M]>>
  }
}

export interface ChannelEntry {
  domain: string
  method: string
  channel: string
}

/** Every channel in the contract with its domain and method name, for wiring main and preload. */
export function listChannels(): ChannelEntry[] {
  return Object.entries(ipcContract).flatMap(([domain, methods]) =>
    Object.entries(methods).map(([method, entry]) => ({ domain, method, channel: (entry as { channel: string }).channel })),
  )
}

/** A transport for requests, e.g. `ipcRenderer.invoke`. */
export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>
/** A transport for events, e.g. `(name, l) => ipcRenderer.on(name, (_e, p) => l(p))`; returns unsubscribe. */
export type Subscribe = (event: string, listener: (payload: unknown) => void) => () => void

/** Builds the `window.api` object on top of a transport; used by the preload and the test harness. */
export function createWindowApi(invoke: Invoke, subscribe: Subscribe): WindowApi {
  const api: Record<string, unknown> = {}
  for (const { domain, method, channel } of listChannels()) {
    const methods = (api[domain] ??= {}) as Record<string, (...args: unknown[]) => Promise<unknown>>
    methods[method] = (...args) => invoke(channel, ...args)
  }
  api.on = (event: string, listener: (payload: unknown) => void) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`unknown event ${event}`)
    return subscribe(event, listener)
  }
  return api as WindowApi
}
