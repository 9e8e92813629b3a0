/**
 * Opening the files a user gives the app: project files, data files (CSV, JSON) and weights files (JSON,
 * .npz), each within its size budget (INPUT_LIMITS). A file is stat'ed first (only regular files within budget
 * go on); small files are then read and parsed on the calling thread, larger ones in a worker thread with a
 * heap limit (INPUT_LIMITS.parseWorkerHeapMb): JSON.parse of a file of tiny arrays takes ~17× the text, and if
 * that runs out, only the worker ends. The caller then gets the documented bad-input error (ProjectFileError,
 * WeightsImportError, a data import result with problems), never a dead process.
 *
 * The worker is the host's worker entry (src/node/scripts/worker.ts, which also runs data scripts): its
 * built file in the CLI is found beside the code; the app passes the one electron-vite built
 * (ScriptRunner.workerEntry).
 */
import { pathToFileURL } from 'node:url'
import type { NetworkSpec } from '../../core/index.js'
import { DataImportError, parseCsvDataset, parseJsonDataset, readCsvHeader, type CsvImportOptions } from '../../shared/data-io.js'
import type { DataImportResult } from '../../shared/ipc.js'
import { safeMessage } from '../../shared/messages.js'
import { INPUT_LIMITS } from '../../shared/project-constants.js'
import { checkProject, parseProject, ProjectFileError, toProjectFile, type Project, type ProjectFile, type ProjectIssue, type ProjectWeights } from '../../shared/project-file.js'
import { parseJsonWithinBudget } from '../../shared/json-limits.js'
import { importWeights } from '../export/index.js'
import { WeightsImportError, type WeightsProblem } from '../export/trained.js'
import { defaultWorkerEntry, startWorker } from '../worker-thread.js'
import { checkInputFile, InputFileError, readInputFile, type InputFileProblem } from './input-files.js'

export type ParseRequest =
  | { kind: 'project'; path: string }
  | { kind: 'data'; path: string; format: 'csv' | 'json'; csv?: CsvImportOptions }
  | { kind: 'weights'; path: string; network: NetworkSpec }
  /** The app's recovery file: { savedAt, path, project } (src/node/services/projects.ts). */
  | { kind: 'recovery'; path: string }

export interface Recovered {
  savedAt: string
  path: string | null
  project: ProjectFile
}

type Parsed<R extends ParseRequest> = R extends { kind: 'project' } ? Project : R extends { kind: 'data' } ? DataImportResult : R extends { kind: 'recovery' } ? Recovered : ProjectWeights

/** An error that crossed from the worker, as plain data. */
export type ParseFailure =
  | { name: 'ProjectFileError'; issues: ProjectIssue[] }
  | { name: 'WeightsImportError'; problems: WeightsProblem[] }
  | { name: 'InputFileError'; problem: InputFileProblem; message: string }
  | { name: 'Error'; message: string }

export interface ParseOptions {
  /** The worker entry (default: the scripts' worker.ts or .js beside the code; the app passes its build's). */
  workerEntry?: string | URL
  /** Files larger than this go to the worker. Default INPUT_LIMITS.inThreadParseBytes (tests pass 0). */
  inThreadBytes?: number
  /** The worker's heap, MiB. Default INPUT_LIMITS.parseWorkerHeapMb. */
  heapMb?: number
}

const BUDGET = { project: INPUT_LIMITS.projectFileBytes, data: INPUT_LIMITS.dataFileBytes, weights: INPUT_LIMITS.weightsFileBytes, recovery: INPUT_LIMITS.recoveryFileBytes } as const
const WHAT = { project: 'project file', data: 'data file', weights: 'weights file', recovery: 'recovery file' } as const

/** What the file gives, parsed on this thread or in a worker by its size; throws the kind's documented error. */
export async function parseUserFile<R extends ParseRequest>(request: R, opts: ParseOptions = {}): Promise<Parsed<R>> {
  const budget = { maxBytes: BUDGET[request.kind], what: WHAT[request.kind] }
  let size: number
  try {
    size = (await checkInputFile(request.path, budget)).size
  } catch (e) {
    return rethrow(request, failureOf(e))
  }
  if (size <= (opts.inThreadBytes ?? INPUT_LIMITS.inThreadParseBytes)) return parseHere(request).catch((e) => rethrow(request, failureOf(e)))
  return parseInWorker(request, opts)
}

/** Reads and parses on this thread (the worker's body too). */
export async function parseHere<R extends ParseRequest>(request: R): Promise<Parsed<R>> {
  const budget = { maxBytes: BUDGET[request.kind], what: WHAT[request.kind] }
  let bytes: Buffer
  try {
    bytes = await readInputFile(request.path, budget)
  } catch (e) {
    return rethrow(request, failureOf(e))
  }
  switch (request.kind) {
    case 'project':
      return parseProject(bytes.toString('utf8')) as Parsed<R>
    case 'weights':
      return importWeights({ network: request.network }, bytes) as Parsed<R>
    case 'recovery': {
      const saved = parseJsonWithinBudget(bytes.toString('utf8')) as { savedAt?: unknown; path?: unknown; project?: unknown } | null
      return { savedAt: String(saved?.savedAt), path: typeof saved?.path === 'string' ? saved.path : null, project: toProjectFile(checkProject(saved?.project)) } as Parsed<R>
    }
    case 'data': {
      const text = bytes.toString('utf8')
      let header: string[] | undefined
      const { path, format } = request
      try {
        if (format === 'csv') header = readCsvHeader(text)
        const { data, notes } = format === 'csv' ? parseCsvDataset(text, request.csv) : parseJsonDataset(text)
        return { path, format, ...(header ? { header } : {}), ok: true, data, notes } as Parsed<R>
      } catch (e) {
        if (e instanceof DataImportError) return { path, format, ...(header ? { header } : {}), ok: false, problems: e.problems, truncated: e.truncated } as Parsed<R>
        throw e
      }
    }
  }
}

/** Any error as plain data, to cross from the worker. */
export function failureOf(e: unknown): ParseFailure {
  if (e instanceof ProjectFileError) return { name: 'ProjectFileError', issues: e.issues }
  if (e instanceof WeightsImportError) return { name: 'WeightsImportError', problems: e.problems }
  if (e instanceof InputFileError) return { name: 'InputFileError', problem: e.problem, message: e.message }
  // RangeError (a stack or an array too deep or large), or anything else unforeseen: one line, the bad input
  return { name: 'Error', message: safeMessage(e instanceof Error ? e.message : String(e), { oneLine: true }) }
}

/** The failure as the request kind's documented error: a project's as ProjectFileError, weights' as
 *  WeightsImportError, a data file's as a result with the problem (it never throws for content). */
function rethrow<R extends ParseRequest>(request: R, f: ParseFailure): Parsed<R> {
  if (f.name === 'ProjectFileError') throw new ProjectFileError(f.issues)
  if (f.name === 'WeightsImportError') throw new WeightsImportError(f.problems)
  const message = f.message
  if (request.kind === 'project' || request.kind === 'recovery') throw new ProjectFileError([{ path: '', message }])
  if (request.kind === 'weights') throw new WeightsImportError([{ message }])
  if (f.name === 'InputFileError') throw new InputFileError(f.problem, f.message) // no file to read: as before, an error
  return { path: request.path, format: (request as { format: 'csv' | 'json' }).format, ok: false, problems: [{ message }], truncated: false } as Parsed<R>
}

export interface ParseWorkerRequest {
  type: 'rnnwb-parse'
  request: ParseRequest
}
export type ParseWorkerMessage = { type: 'parsed'; ok: true; value: unknown } | { type: 'parsed'; ok: false; failure: ParseFailure }

/** A worker thread that reads and parses one file, with a heap limit; running out of it is a bad input. */
function parseInWorker<R extends ParseRequest>(request: R, opts: ParseOptions): Promise<Parsed<R>> {
  const entry = opts.workerEntry === undefined ? defaultWorkerEntry() : opts.workerEntry instanceof URL ? opts.workerEntry : opts.workerEntry.startsWith('file:') ? new URL(opts.workerEntry) : pathToFileURL(opts.workerEntry)
  const heapMb = opts.heapMb ?? INPUT_LIMITS.parseWorkerHeapMb
  return new Promise<Parsed<R>>((resolve, reject) => {
    let done = false
    const settle = (f: () => Parsed<R>) => {
      if (done) return
      done = true
      void worker.terminate()
      try {
        resolve(f())
      } catch (e) {
        reject(e)
      }
    }
    const data: ParseWorkerRequest = { type: 'rnnwb-parse', request }
    const worker = startWorker(entry, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 64 } })
    worker.on('message', (m: ParseWorkerMessage) => {
      if (m.type !== 'parsed') return
      settle(() => (m.ok ? (m.value as Parsed<R>) : rethrow(request, m.failure)))
    })
    worker.on('error', (e: Error & { code?: string }) =>
      settle(() =>
        rethrow(request, {
          name: 'Error',
          message:
            e.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `reading it needs more than the ${heapMb} MiB a file may take to read (it holds too many values)`
              : `reading it failed (${safeMessage(e.message, { oneLine: true })})`,
        }),
      ),
    )
    worker.on('exit', (code) => settle(() => rethrow(request, { name: 'Error', message: `reading it stopped before it was done (exit code ${code})` })))
  })
}
