/**
 * Runs a data script off the calling thread: a fresh worker thread per run (worker.ts) runs the sandbox, so
 * the app's main process and the CLI stay responsive, and the result is the same in both.
 *
 * The time limit is enforced twice: inside the sandbox (QuickJS's interrupt handler, which also gives the
 * line where the script was stopped), and from outside: a worker still running `graceMs` after its limit
 * (a long call into a built-in that does not check for interrupts, say) is terminated. Cancelling through
 * `signal` terminates it too. The worker gets a large native stack, so that deep recursion in a script meets
 * the interpreter's own stack limit (a clean error) long before the thread's.
 */
import { pathToFileURL } from 'node:url'
import type { Worker } from 'node:worker_threads'
import { SCRIPT_LIMITS } from '../../shared/project-constants.js'
import { checkRunOptions, timeLimitMessage, type ScriptErrorKind, type ScriptRunOptions, type ScriptRunResult } from '../../shared/script-api.js'
import type { ScriptWorkerMessage, ScriptWorkerRequest } from './worker.js'
import { defaultWorkerEntry, startWorker } from '../worker-thread.js'

export interface WorkerRunOptions extends ScriptRunOptions {
  /**
   * The worker entry. Default: worker.ts beside this file when running from TypeScript sources (tests, the
   * CLI through tsx), else worker.js beside it. A bundled app passes its built entry (electron-vite:
   * `import entry from './scripts/worker?modulePath'`).
   */
  workerEntry?: string | URL
  /** How long past its time limit a run may go on before the worker is terminated. Default 2000 ms. */
  graceMs?: number
  /** Aborting ends the run at once with an error of kind 'cancelled'. */
  signal?: AbortSignal
}

export const DEFAULT_GRACE_MS = 2000
/** A worker that has not begun the run by then has failed to start. */
const STARTUP_MS = 30_000
/** The worker thread's stack: far more than the interpreter's own limit needs (see SCRIPT_LIMITS.maxStackBytes). */
const WORKER_STACK_MB = 64

export async function runScriptInWorker(source: string, options: WorkerRunOptions): Promise<ScriptRunResult> {
  if (typeof source !== 'string') throw new TypeError('the script source must be a string')
  const { workerEntry, graceMs = DEFAULT_GRACE_MS, signal, ...runOptions } = options
  const opts = checkRunOptions(runOptions)
  const entry = workerEntry === undefined ? defaultWorkerEntry() : workerEntry instanceof URL ? workerEntry : workerEntry.startsWith('file:') ? new URL(workerEntry) : pathToFileURL(workerEntry)
  return new Promise<ScriptRunResult>((resolve) => {
    let worker: Worker | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    let done = false
    const finish = (result: ScriptRunResult) => {
      if (done) return
      done = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      void worker?.terminate()
      resolve(result)
    }
    const fail = (kind: ScriptErrorKind, message: string) => finish({ ok: false, error: { kind, message }, notes: [] })
    const onAbort = () => fail('cancelled', 'the script run was cancelled')
    if (signal?.aborted) return onAbort()
    const request: ScriptWorkerRequest = { type: 'rnnwb-script', source, options: opts }
    try {
      worker = startWorker(entry, { workerData: request, resourceLimits: { stackSizeMb: WORKER_STACK_MB, maxOldGenerationSizeMb: SCRIPT_LIMITS.workerHeapMb } })
    } catch (e) {
      return fail('internal', `the script worker could not start: ${(e as Error).message}`)
    }
    signal?.addEventListener('abort', onAbort)
    timer = setTimeout(() => fail('internal', `the script worker did not start within ${STARTUP_MS / 1000} s`), STARTUP_MS)
    worker.on('message', (m: ScriptWorkerMessage) => {
      if (m.type === 'started') {
        clearTimeout(timer)
        timer = setTimeout(() => fail('timeout', timeLimitMessage(opts.timeLimitMs)), opts.timeLimitMs + graceMs)
      } else if (m.type === 'result') {
        finish(m.result)
      }
    })
    worker.on('error', (e: Error & { code?: string }) =>
      e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? fail('memory', 'the script worker ran out of memory') : fail('internal', `the script worker failed: ${e.message}`),
    )
    worker.on('exit', (code) => fail('internal', `the script worker stopped before it answered (exit code ${code})`))
  })
}
