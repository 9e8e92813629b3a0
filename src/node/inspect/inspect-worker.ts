/**
 * Worker-thread entry of one forward pass (inspect.ts): takes the request and the kernel set as workerData
 * (InspectWorkerData), posts one WorkerAnswer (worker-thread.ts' runOnce) and ends.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { KernelChoice } from '../../core/index.js'
import type { NetworkInspectRequest, NetworkInspection } from '../../shared/ipc.js'
import type { WorkerAnswer } from '../worker-thread.js'
import { inspectWeights } from './inspect.js'

export interface InspectWorkerData {
  request: NetworkInspectRequest
  /** The host's RNNWB_KERNELS, read where the worker is started. */
  kernels: KernelChoice
}

let message: WorkerAnswer<NetworkInspection>
try {
  const { request, kernels } = workerData as InspectWorkerData
  message = { ok: true, value: inspectWeights(request, { kernels }) }
} catch (e) {
  message = { ok: false, message: (e as Error).message }
}
parentPort!.postMessage(message)
