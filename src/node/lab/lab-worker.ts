/**
 * Worker-thread entry of one Lecture lab computation (index.ts): takes a LabWorkerData as workerData, posts one
 * WorkerAnswer (worker-thread.ts' runOnce) and ends.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { WorkerAnswer } from '../worker-thread.js'
import { labCompare, labGradcheck, labStep } from './lab.js'
import type { LabWorkerData } from './index.js'

let message: WorkerAnswer<unknown>
try {
  const job = workerData as LabWorkerData
  const value = job.kind === 'step' ? labStep(job.work, job.request, job.kernels) : job.kind === 'gradcheck' ? labGradcheck(job.work, job.request, job.kernels) : labCompare(job.work, job.request, job.kernels)
  message = { ok: true, value }
} catch (e) {
  message = { ok: false, message: (e as Error).message }
}
parentPort!.postMessage(message)
