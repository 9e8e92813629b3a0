/**
 * Which kernel set a host computes with (the core's KernelChoice, src/core/compute.ts), chosen by the one
 * environment variable every host honours: RNNWB_KERNELS=auto|wasm|js (unset or empty: auto). The trainer
 * process, `rnnwb` and the inspect worker all take it from here (src/node/kernels.ts reads the environment);
 * the core itself reads none. Also the words a status line uses for the set a run actually runs.
 * Zod-free and Node-free, so the renderer uses it too.
 */
import { KERNEL_CHOICES, type KernelChoice, type KernelKind, type Precision } from '../core/index.js'

export const KERNELS_VARIABLE = 'RNNWB_KERNELS'

/** A bad RNNWB_KERNELS value. */
export class KernelsSettingError extends Error {
  override name = 'KernelsSettingError'
}

/** The choice an RNNWB_KERNELS value asks for; throws KernelsSettingError naming the allowed values. */
export function kernelChoiceOf(value: string | undefined): KernelChoice {
  if (value === undefined || value.trim() === '') return 'auto'
  const choice = value.trim().toLowerCase() as KernelChoice
  if (!KERNEL_CHOICES.includes(choice)) {
    throw new KernelsSettingError(`${KERNELS_VARIABLE}=${JSON.stringify(value)} is not a kernel set: expected one of ${KERNEL_CHOICES.join(', ')} (unset means auto)`)
  }
  return choice
}

/** How a run computes: the kernel set and what was asked for (to say why it is the TypeScript one), and, as
 *  the trainer process reports them, the training precision and the threads that compute its batches. */
export interface RunKernels {
  kind: KernelKind
  choice: KernelChoice
  precision?: Precision
  threads?: number
}

/** "WebAssembly SIMD", or "TypeScript (…)" saying why: asked for, or no WebAssembly SIMD on this runtime;
 *  then " · float32" and " · N threads" when the run has them. */
export function describeKernels(kernels: RunKernels): string {
  const set = kernels.kind === 'wasm' ? 'WebAssembly SIMD' : kernels.choice === 'js' ? `TypeScript (${KERNELS_VARIABLE}=js)` : 'TypeScript (no WebAssembly SIMD here)'
  const precision = kernels.precision === 'float32' ? ' · float32' : ''
  const threads = kernels.threads !== undefined && kernels.threads > 1 ? ` · ${kernels.threads} threads` : ''
  return set + precision + threads
}
