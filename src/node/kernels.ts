/**
 * The kernel set this host was told to use: RNNWB_KERNELS in the environment (src/shared/kernels.ts). The one
 * place host code reads it: the training service puts it into the trainer's start message, `rnnwb` passes it
 * to the core's evaluation, gradient check and prediction, the inspector into its worker's request.
 */
import type { KernelChoice } from '../core/index.js'
import { kernelChoiceOf, KERNELS_VARIABLE } from '../shared/kernels.js'

/** The choice RNNWB_KERNELS asks for ('auto' when unset); throws KernelsSettingError for a bad value. */
export function kernelsFromEnvironment(env: NodeJS.ProcessEnv = process.env): KernelChoice {
  return kernelChoiceOf(env[KERNELS_VARIABLE])
}
