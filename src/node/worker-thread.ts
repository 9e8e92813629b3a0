/**
 * Starting a worker thread on a module, from built JavaScript or from TypeScript source. Node does not pass
 * `--import` loaders on to worker threads, so a worker started from a .ts file (tests, the CLI under tsx)
 * first registers tsx itself. Used by the trainer process, the script sandbox and the forward passes (inspect).
 */
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
