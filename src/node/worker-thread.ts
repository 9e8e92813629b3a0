/**
 * Starting a worker thread on a module, from built JavaScript or from TypeScript source. Node does not pass
 * `--import` loaders on to worker threads, so a worker started from a .ts file (tests, the CLI under tsx)
 * first registers tsx itself. Used by the trainer process, the script sandbox, and the one-shot computations of
 * runOnce (the forward passes of inspect, the Lecture lab's of lab).
 */
import { pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'

export function startWorker(entry: URL, options: WorkerOptions): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options)
  const tsx = import.meta.resolve('tsx/esm/api')
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}) })`
  return new Worker(code, { ...options, eval: true })
}

/**
 * The host's worker entry: src/node/scripts/worker.ts from the sources, worker.js beside the built code (the
 * CLI's build puts every file in out/cli). It runs data scripts and parses large user files
 * (src/node/services/parse-files.ts). The app's main bundle passes the entry electron-vite built instead.
 */
export function defaultWorkerEntry(): URL {
  const self = new URL(import.meta.url)
  return self.pathname.endsWith('.ts') ? new URL('./scripts/worker.ts', self) : new URL('./worker.js', self)
}

/** What a one-shot worker (runOnce) posts: its answer, or why there is none. */
export type WorkerAnswer<T> = { ok: true; value: T } | { ok: false; message: string }

/** The module of a one-shot worker: `name`.ts beside the sources (tests, tsx) or `name`.js beside built code;
 *  `given`: a bundled app's built entry (a path or a file: URL). */
export function workerEntryBeside(self: string, name: string, given?: string): URL {
  if (given !== undefined) return given.startsWith('file:') ? new URL(given) : pathToFileURL(given)
  const here = new URL(self)
  return new URL(here.pathname.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, here)
}

/**
 * Runs one computation in a fresh worker thread on `entry` with `workerData` and resolves with the one
 * WorkerAnswer it posts (a failure's message as the rejection). Aborting `signal` terminates the worker and
 * rejects with "<what> was cancelled"; a worker that cannot start, throws or exits without answering rejects
 * with a message that starts with `what`. The worker always ends.
 */
export function runOnce<T>(entry: URL, workerData: unknown, opts: { what: string; signal?: AbortSignal }): Promise<T> {
  const { what, signal } = opts
  return new Promise<T>((resolve, reject) => {
    let worker: Worker | undefined
    let done = false
    const finish = (settle: () => void) => {
      if (done) return
      done = true
      signal?.removeEventListener('abort', onAbort)
      void worker?.terminate()
      settle()
    }
    const onAbort = () => finish(() => reject(new Error(`${what} was cancelled`)))
    if (signal?.aborted) return onAbort()
    try {
      worker = startWorker(entry, { workerData })
    } catch (e) {
      return finish(() => reject(new Error(`${what} could not start: ${(e as Error).message}`)))
    }
    signal?.addEventListener('abort', onAbort)
    worker.on('message', (m: WorkerAnswer<T>) => finish(() => (m.ok ? resolve(m.value) : reject(new Error(m.message)))))
    worker.on('error', (e: Error) => finish(() => reject(new Error(`${what} failed: ${e.message}`))))
    worker.on('exit', (code) => finish(() => reject(new Error(`${what} stopped before it answered (exit code ${code})`))))
  })
}
