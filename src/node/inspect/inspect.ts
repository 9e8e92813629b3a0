/**
 * One forward pass of a network on its trained weights, for the states charts when no run is live: the
 * request (network spec, weights in file form, one sequence's inputs) is checked, the weights decoded with the
 * shared codec, and the core's inspectSequence gives every layer's states. Runs in a short-lived worker thread
 * (inspect-worker.ts, through inspectInWorker), never on main's own thread.
 *
 * Weights that are not finite (a run that diverged) are taken as they are, as the window draws them.
 */
import { DataError, inspectSequence, normalizeNetworkSpec, packDataset, paramLayout, specIssues, type KernelChoice } from '../../core/index.js'
import type { NetworkInspectRequest, NetworkInspection } from '../../shared/ipc.js'
import { decodeWeightArrays, WeightsCodecError } from '../../shared/weights-codec.js'

/** A request that cannot be answered (a network or weights that do not fit, inputs of the wrong width). */
export class InspectError extends Error {
  override name = 'InspectError'
}

/** `kernels`: the kernel set of the forward pass (the host's RNNWB_KERNELS); default 'auto'. */
export function inspectWeights(request: NetworkInspectRequest, opts: { kernels?: KernelChoice } = {}): NetworkInspection {
  const issues = specIssues(request.network, {})
  if (issues.length > 0) throw new InspectError(`the network is not valid: ${issues[0].path}: ${issues[0].problem}`)
  const spec = normalizeNetworkSpec(request.network)
  const layout = paramLayout(spec)
  let params: Float64Array
  try {
    params = decodeWeightArrays(request.arrays, layout, 'arrays', { finite: false })
  } catch (e) {
    if (e instanceof WeightsCodecError) throw new InspectError(`the weights do not fit the network: ${e.message}`)
    throw e
  }
  const m = spec.inputSize
  const nOut = spec.output.units
  let data
  try {
    data = packDataset({ inputSize: m, outputSize: nOut, sequences: [{ u: request.inputs, z: request.inputs.map(() => null) }] }, m, nOut, { path: 'request', sequencesKey: 'sequence' })
  } catch (e) {
    if (e instanceof DataError) throw new InspectError(`the inputs do not fit the network: ${e.message}`)
    throw e
  }
  const { hidden, outputs } = inspectSequence(layout, params, data, 0, opts.kernels)
  return { hidden: hidden.map((h) => Array.from(h)), outputs: Array.from(outputs) }
}
