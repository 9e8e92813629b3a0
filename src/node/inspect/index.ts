/**
 * Forward passes off the calling thread: each request runs in a fresh worker thread (inspect-worker.ts), so main
 * stays responsive however large the network or the sequence, on the kernel set RNNWB_KERNELS names. A newer
 * request does not wait for an older one; aborting `signal` terminates its worker.
 */
import { pathToFileURL } from 'node:url'
import type { Worker } from 'node:worker_threads'
import type { NetworkInspectRequest, NetworkInspection } from '../../shared/ipc.js'
import { startWorker } from '../worker-thread.js'
import { kernelsFromEnvironment } from '../kernels.js'
import type { InspectWorkerData, InspectWorkerMessage } from './inspect-worker.js'

/** Runs forward passes for the window (the handlers' `network:inspect`). */
export interface NetworkInspector {
  inspect(request: NetworkInspectRequest, signal?: AbortSignal): Promise<NetworkInspection>
}

function defaultEntry(): URL {
  const self = new URL(import.meta.url)
  return new URL(self.pathname.endsWith('.ts') ? './inspect-worker.ts' : './inspect-worker.js', self)
}

/**
 * An inspector running each request in a worker thread. `workerEntry`: the worker module; default inspect-worker.ts
 * (or .js) beside this file; a bundled app passes its built entry (electron-vite: `?modulePath`).
 */
export function workerInspector(opts: { workerEntry?: string } = {}): NetworkInspector {
  const entry = opts.workerEntry === undefined ? defaultEntry() : opts.workerEntry.startsWith('file:') ? new URL(opts.workerEntry) : pathToFileURL(opts.workerEntry)
  return {
    inspect: (request, signal) =>
      new Promise<NetworkInspection>((resolve, reject) => {
        let worker: Worker | undefined
        let done = false
        const finish = (settle: () => void) => {
          if (done) return
          done = true
          signal?.removeEventListener('abort', onAbort)
          void worker?.terminate()
          settle()
        }
        const onAbort = () => finish(() => reject(new Error('the forward pass was cancelled')))
        if (signal?.aborted) return onAbort()
        try {
          const data: InspectWorkerData = { request, kernels: kernelsFromEnvironment() }
          worker = startWorker(entry, { workerData: data })
        } catch (e) {
          return finish(() => reject(new Error(`the forward pass could not start: ${(e as Error).message}`)))
        }
        signal?.addEventListener('abort', onAbort)
        worker.on('message', (m: InspectWorkerMessage) => finish(() => (m.ok ? resolve(m.inspection) : reject(new Error(m.message)))))
        worker.on('error', (e: Error) => finish(() => reject(new Error(`the forward pass failed: ${e.message}`))))
        worker.on('exit', (code) => finish(() => reject(new Error(`the forward pass stopped before it answered (exit code ${code})`))))
      }),
  }
}
