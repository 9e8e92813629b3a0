/**
 * The host's worker-thread entry. Mostly the script sandbox: runs the one script it was started with
 * (workerData, a ScriptWorkerRequest) through runScript and posts the result, then ends. Also reads and
 * parses one large user file (a ParseWorkerRequest, src/node/services/parse-files.ts) under a heap limit. Started by runScriptInWorker
 * (run-in-worker.ts), a fresh thread per run, in the app's main process and in the CLI alike.
 *
 * Messages to the host: { type: 'started' } once the run begins (the host then arms its own watchdog), then
 * { type: 'result', result }.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import type { ScriptRunOptions, ScriptRunResult } from '../../shared/script-api.js'
import { runScript } from './sandbox.js'
import { failureOf, parseHere, type ParseWorkerMessage, type ParseWorkerRequest } from '../services/parse-files.js'

export interface ScriptWorkerRequest {
  type: 'rnnwb-script'
  source: string
  options: ScriptRunOptions
}

export type ScriptWorkerMessage = { type: 'started' } | { type: 'result'; result: ScriptRunResult }

const isRequest = (x: unknown): x is ScriptWorkerRequest =>
  typeof x === 'object' && x !== null && (x as ScriptWorkerRequest).type === 'rnnwb-script' && typeof (x as ScriptWorkerRequest).source === 'string'

if (!isMainThread && parentPort && isRequest(workerData)) {
  const port = parentPort
  const post = (m: ScriptWorkerMessage) => port.postMessage(m)
  const request = workerData
  post({ type: 'started' })
  runScript(request.source, request.options).then(
    (result) => post({ type: 'result', result }),
    (e: unknown) => post({ type: 'result', result: { ok: false, error: { kind: 'internal', message: `the sandbox failed: ${e instanceof Error ? e.message : String(e)}` }, notes: [] } }),
  )
}

const isParseRequest = (x: unknown): x is ParseWorkerRequest => typeof x === 'object' && x !== null && (x as ParseWorkerRequest).type === 'rnnwb-parse'

if (!isMainThread && parentPort && isParseRequest(workerData)) {
  const port = parentPort
  const post = (m: ParseWorkerMessage) => port.postMessage(m)
  parseHere(workerData.request).then(
    (value) => post({ type: 'parsed', ok: true, value }),
    (e: unknown) => post({ type: 'parsed', ok: false, failure: failureOf(e) }),
  )
}
