/**
 * The Lecture lab's computations off the calling thread: each request runs in a fresh worker thread
 * (lab-worker.ts) on the kernel set RNNWB_KERNELS names, so main stays responsive during a gradient check. The
 * project's data is made by the caller (resolveProjectData, as for training:start) and handed over as LabWork.
 * Aborting `signal` terminates the worker.
 */
import type { KernelChoice } from '../../core/index.js'
import type { LabCompareRequest, LabCompareResult, LabGradcheckRequest, LabGradcheckResult, LabStepRequest, LabStepResult } from '../../shared/lab.js'
import { kernelsFromEnvironment } from '../kernels.js'
import { runOnce, workerEntryBeside } from '../worker-thread.js'
import type { LabWork } from './lab.js'

export { CHECK_BUDGET, COMPARE_BUDGET, LabError, labCompare, labFullGradient, labGradcheck, labStep, labWork, gradientChoice, labGradient, type LabWork } from './lab.js'

type Without<R> = Omit<R, 'project' | 'path'>

/** What lab-worker.ts is given. */
export type LabWorkerData = { work: LabWork; kernels: KernelChoice } & (
  | { kind: 'step'; request: Without<LabStepRequest> }
  | { kind: 'gradcheck'; request: Without<LabGradcheckRequest> }
  | { kind: 'compare'; request: Without<LabCompareRequest> }
)

export interface LabRunner {
  step(work: LabWork, request: Without<LabStepRequest>, signal?: AbortSignal): Promise<LabStepResult>
  gradcheck(work: LabWork, request: Without<LabGradcheckRequest>, signal?: AbortSignal): Promise<LabGradcheckResult>
  compare(work: LabWork, request: Without<LabCompareRequest>, signal?: AbortSignal): Promise<LabCompareResult>
}

const WHAT = { step: 'the step inspection', gradcheck: 'the gradient check', compare: 'the mode comparison' } as const

/** `workerEntry`: the worker module; default lab-worker.ts (or .js) beside this file; a bundled app passes its
 *  built entry (electron-vite: `?modulePath`). */
export function workerLab(opts: { workerEntry?: string } = {}): LabRunner {
  const entry = workerEntryBeside(import.meta.url, 'lab-worker', opts.workerEntry)
  const run = <T>(job: Omit<LabWorkerData, 'kernels'>, signal?: AbortSignal): Promise<T> => {
    let data: LabWorkerData
    try {
      data = { ...job, kernels: kernelsFromEnvironment() } as LabWorkerData
    } catch (e) {
      return Promise.reject(new Error(`${WHAT[job.kind]} could not start: ${(e as Error).message}`))
    }
    return runOnce<T>(entry, data, { what: WHAT[job.kind], ...(signal ? { signal } : {}) })
  }
  return {
    step: (work, request, signal) => run({ kind: 'step', work, request }, signal),
    gradcheck: (work, request, signal) => run({ kind: 'gradcheck', work, request }, signal),
    compare: (work, request, signal) => run({ kind: 'compare', work, request }, signal),
  }
}
