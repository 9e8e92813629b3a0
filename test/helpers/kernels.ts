// The kernel sets the core suites run on (compute.ts): every suite that exercises forward, backward or the
import { expect } from 'vitest'
// trainer runs once with the WebAssembly SIMD kernels and once with the TypeScript fallback.
import { createWorkspace, loadBatch, type KernelKind, type PackedData, type ParamLayout, type Workspace } from '../../src/core/index.js'

export const KERNEL_SETS: readonly KernelKind[] = ['wasm', 'js']

/** A workspace in `kernels`' memory with all of `data` loaded as one batch and `params` copied in. */
export function fullBatch(layout: ParamLayout, data: PackedData, params: Float64Array, kernels: KernelKind): Workspace {
  const ws = createWorkspace(layout, data.P, data.maxLength, { kernels })
  expect(ws.kernels.kind).toBe(kernels)
  ws.params.set(params)
  loadBatch(ws, data, Int32Array.from({ length: data.P }, (_, p) => p), 0, data.P)
  return ws
}
