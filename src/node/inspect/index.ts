/**
 * Forward passes off the calling thread: each request runs in a fresh worker thread (inspect-worker.ts), so main
 * stays responsive however large the network or the sequence, on the kernel set RNNWB_KERNELS names. A newer
 * request does not wait for an older one; aborting `signal` terminates its worker.
 */
import type { NetworkInspectRequest, NetworkInspection } from '../../shared/ipc.js'
import { runOnce, workerEntryBeside } from '../worker-thread.js'
import { kernelsFromEnvironment } from '../kernels.js'
import type { InspectWorkerData } from './inspect-worker.js'

/** Runs forward passes for the window (the handlers' `network:inspect`). */
export interface NetworkInspector {
  inspect(request: NetworkInspectRequest, signal?: AbortSignal): Promise<NetworkInspection>
}

/**
 * An inspector running each request in a worker thread. `workerEntry`: the worker module; default inspect-worker.ts
 * (or .js) beside this file; a bundled app passes its built entry (electron-vite: `?modulePath`).
 */
export function workerInspector(opts: { workerEntry?: string } = {}): NetworkInspector {
  const entry = workerEntryBeside(import.meta.url, 'inspect-worker', opts.workerEntry)
  return {
    inspect: (request, signal) => {
      let data: InspectWorkerData
      try {
        data = { request, kernels: kernelsFromEnvironment() }
      } catch (e) {
        return Promise.reject(new Error(`the forward pass could not start: ${(e as Error).message}`))
      }
      return runOnce<NetworkInspection>(entry, data, { what: 'the forward pass', ...(signal ? { signal } : {}) })
    },
  }
}
