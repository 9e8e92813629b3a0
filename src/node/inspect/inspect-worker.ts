/**
 * Worker-thread entry of one forward pass (inspect.ts): takes the request as workerData, posts one
 * InspectWorkerMessage and ends.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { NetworkInspectRequest, NetworkInspection } from '../../shared/ipc.js'
import { inspectWeights } from './inspect.js'

export type InspectWorkerMessage = { ok: true; inspection: NetworkInspection } | { ok: false; message: string }

let message: InspectWorkerMessage
try {
  message = { ok: true, inspection: inspectWeights(workerData as NetworkInspectRequest) }
} catch (e) {
  message = { ok: false, message: (e as Error).message }
}
parentPort!.postMessage(message)
