/**
 * Makes a project's data: inline data as it is, a script's data by running the script in the sandbox (off
 * this thread, src/node/scripts), NETtalk words read from their files and encoded (nettalk-data.ts). The app's training handler and `rnnwb` both go through here, so a scripted
 * project trains on the same data in both. Either way the data is then checked against the network
 * (checkDataFits), exactly like inline data in a file being opened.
 */
import { checkDataFits, type InlineData, type Project, type ScriptData } from '../../shared/project-file.js'
import { describeScriptError, scriptRunOptions, type ScriptError, type ScriptRunResult } from '../../shared/script-api.js'
import { runScriptInWorker } from '../scripts/run-in-worker.js'
import type { RunScore } from '../../shared/trainer-protocol.js'
import { nettalkInlineData, nettalkRunScore, readNettalkWords, type NettalkFileOptions, type NettalkWords } from './nettalk-data.js'

export interface ScriptRunner {
  /** Runs a project's data script; `signal` cancels it. */
  run(data: ScriptData, signal?: AbortSignal): Promise<ScriptRunResult>
  /** The host's worker entry it starts (also the one that parses large user files: parse-files.ts); absent:
   *  the default beside the code. */
  workerEntry?: string
}

/** Runs scripts in a fresh worker thread each; `workerEntry` is the bundled app's built entry (default: beside the sources). */
export function workerScriptRunner(opts: { workerEntry?: string } = {}): ScriptRunner {
  return {
    ...(opts.workerEntry ? { workerEntry: opts.workerEntry } : {}),
    run: (data, signal) =>
      runScriptInWorker(data.source, { ...scriptRunOptions(data), ...(opts.workerEntry ? { workerEntry: opts.workerEntry } : {}), ...(signal ? { signal } : {}) }),
  }
}

/** The project's data script failed: `error` says how and where. */
export class DataScriptError extends Error {
  constructor(readonly error: ScriptError) {
    super(`the data script failed: ${describeScriptError(error)}`)
    this.name = 'DataScriptError'
  }
}

/** A project with its data made; a NETtalk project also has its words (with the held-out rest) and the score
 *  its runs report. */
export type ResolvedProject = Project<InlineData> & { score?: RunScore; words?: NettalkWords }

/** Where a NETtalk project's files are: relative paths from the project file's folder (baseDir), the corpus
 *  that ships with the app in resourcesDir. */
export type ResolveOptions = NettalkFileOptions

/**
 * The project with its data made: a script run, NETtalk words read and encoded, inline data as it is. Throws
 * DataScriptError, NettalkDataError or ProjectFileError (data that does not fit the network).
 */
export async function resolveProjectData(project: Project, runner: ScriptRunner, opts: ResolveOptions = {}): Promise<ResolvedProject> {
  let data: InlineData
  let score: RunScore | undefined
  let words: NettalkWords | undefined
  if (project.data.kind === 'script') {
    const result = await runner.run(project.data)
    if (!result.ok) throw new DataScriptError(result.error)
    data = result.data
  } else if (project.data.kind === 'nettalk') {
    words = await readNettalkWords(project.data, opts)
    data = nettalkInlineData(words)
    score = nettalkRunScore(words, project.data.scoreEvery)
  } else {
    data = project.data
  }
  checkDataFits(data, project.network)
  return { ...project, data, ...(score ? { score } : {}), ...(words ? { words } : {}) }
}
