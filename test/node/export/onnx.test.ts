// Every exported ONNX model runs in onnxruntime-web and gives the core's outputs (max |difference| < 1e-5, the
// model being float32): sigmoid, tanh and relu, R = 1 and 2, bias on and off, output recurrence on and off, plus
// the layers RNN cannot express (softmax feedback, feed-forward layers), linear layers and R = 0. onnxruntime-web is
// onnxruntime's CPU kernels compiled to WebAssembly, run here in Node: no native binaries, no install script.
import * as ort from 'onnxruntime-web'
import { describe, expect, it } from 'vitest'
import { createRng, normalizeNetworkSpec, packDataset, paramLayout, predict, type Activation, type Dataset, type NetworkSpec } from '../../../src/core/index.js'
import { exportWeights } from '../../../src/node/export/index.js'
import { ONNX_IR_VERSION, ONNX_OPSET, onnxSchema } from '../../../src/node/export/onnx.js'
import { network, randomDataset } from '../../helpers/random.js'
import { projectWithWeights } from './helpers.js'

interface Case {
  name: string
  network: NetworkSpec
}

const matrix: Case[] = []
for (const activation of ['sigmoid', 'tanh', 'relu'] as const) {
  for (const hidden of [[4], [4, 3]]) {
    for (const bias of [true, false]) {
      for (const outputRecurrent of [false, true]) {
        matrix.push({
          name: `${activation}, R = ${hidden.length}, ${bias ? 'bias' : 'no bias'}, ${outputRecurrent ? 'output feedback' : 'plain output'}`,
          network: network({ m: 3, l: 2, hidden, activation, outputActivation: activation, recurrent: true, bias, outputRecurrent }),
        })
      }
    }
  }
}

const layer = (units: number, activation: Activation, recurrent: boolean, bias = true) => ({ units, activation, recurrent, bias })
const others: Case[] = [
  { name: 'softmax output with feedback (Scan) after a feed-forward tanh layer', network: { inputSize: 3, hidden: [layer(4, 'tanh', false)], output: layer(3, 'softmax', true) } },
  { name: 'softmax output with feedback, no bias', network: { inputSize: 2, hidden: [layer(3, 'relu', true, false)], output: layer(4, 'softmax', true, false) } },
  { name: 'softmax output after relu and sigmoid layers', network: { inputSize: 3, hidden: [layer(4, 'relu', true), layer(3, 'sigmoid', true, false)], output: layer(3, 'softmax', false) } },
  { name: 'linear recurrent layers (RNN Affine)', network: { inputSize: 2, hidden: [layer(3, 'linear', true)], output: layer(2, 'linear', true) } },
  { name: 'feed-forward only', network: { inputSize: 3, hidden: [layer(5, 'tanh', false), layer(4, 'relu', false, false)], output: layer(2, 'linear', false) } },
  { name: 'R = 0 with output feedback', network: { inputSize: 2, hidden: [], output: layer(3, 'tanh', true) } },
  { name: 'R = 0 without recurrence', network: { inputSize: 4, hidden: [], output: layer(1, 'sigmoid', false, false) } },
]

/** Step-major float32 input [T, P, m] of a data set, zero-padded after each sequence's end. */
function stepMajor(data: Dataset, T: number): Float32Array {
  const { inputSize: m, sequences } = data
  const P = sequences.length
  const u = new Float32Array(T * P * m)
  sequences.forEach((s, p) => s.u.forEach((ut, t) => ut.forEach((x, j) => (u[(t * P + p) * m + j] = x))))
  return u
}

async function runOnnx(bytes: Uint8Array, data: Dataset): Promise<{ dims: readonly number[]; y: Float32Array }> {
  const T = Math.max(...data.sequences.map((s) => s.u.length))
  const session = await ort.InferenceSession.create(bytes)
  try {
    const out = await session.run({ u: new ort.Tensor('float32', stepMajor(data, T), [T, data.sequences.length, data.inputSize]) })
    return { dims: out.y.dims, y: out.y.data as Float32Array }
  } finally {
    await session.release()
  }
}

/** max |ONNX − core| over the real steps of every sequence. */
function maxDifference(y: Float32Array, expected: number[][][], P: number, l: number): number {
  let worst = 0
  expected.forEach((seq, p) => seq.forEach((yt, t) => yt.forEach((v, i) => (worst = Math.max(worst, Math.abs(y[(t * P + p) * l + i] - v))))))
  return worst
}

function opTypes(bytes: Uint8Array): string[] {
  const model = onnxSchema().lookupType('onnx.ModelProto').decode(bytes) as unknown as { graph: { node: { op_type: string }[] } }
  return model.graph.node.map((n) => n.op_type)
}

describe('ONNX export in onnxruntime', () => {
  it.each([...matrix, ...others].map((c, i) => ({ ...c, seed: i + 1 })))('$name', async ({ network: spec, seed }) => {
    const project = projectWithWeights(spec, seed)
    const bytes = exportWeights(project, { format: 'onnx' }).files[0].bytes
    const normalized = normalizeNetworkSpec(spec)
    const layout = paramLayout(normalized)
    const m = normalized.inputSize
    const l = normalized.output.units
    const data = randomDataset(createRng(seed, 9), { m, l, P: 4, maxLength: 7 })
    const expected = predict(layout, project.weights!.params, packDataset(data, m, l))

    const { dims, y } = await runOnnx(bytes, data)
    expect(dims).toEqual([7, 4, l])
    expect(maxDifference(y, expected, 4, l)).toBeLessThan(1e-5)
    // one sequence alone: batch and T are free dimensions
    const first = { ...data, sequences: data.sequences.slice(0, 1) }
    const alone = await runOnnx(bytes, first)
    expect(maxDifference(alone.y, expected.slice(0, 1), 1, l)).toBeLessThan(1e-5)

    // the RNN operator wherever the layer fits it, Scan only for recurrent softmax, MatMul for the rest
    const layers = [...normalized.hidden, normalized.output]
    const ops = opTypes(bytes)
    expect(ops.filter((o) => o === 'RNN')).toHaveLength(layers.filter((x) => x.recurrent && x.activation !== 'softmax').length)
    expect(ops.filter((o) => o === 'Scan')).toHaveLength(layers.filter((x) => x.recurrent && x.activation === 'softmax').length)
    expect(ops.filter((o) => o === 'MatMul')).toHaveLength(layers.filter((x) => !x.recurrent || x.activation === 'softmax').length)
  })

  it('writes IR version 8, opset 17, float32 tensors named after the core, and the network in the metadata', () => {
    const spec: NetworkSpec = { inputSize: 3, hidden: [layer(4, 'tanh', true)], output: layer(2, 'sigmoid', false) }
    const project = projectWithWeights(spec, 3, { epoch: 12 })
    const bytes = exportWeights(project, { format: 'onnx' }).files[0].bytes
    const model = onnxSchema().lookupType('onnx.ModelProto').toObject(onnxSchema().lookupType('onnx.ModelProto').decode(bytes), { longs: Number }) as {
      ir_version: number
      opset_import: { version: number }[]
      graph: { initializer: { name: string; dims: number[]; data_type: number }[]; input: { name: string }[]; output: { name: string }[] }
      metadata_props: { key: string; value: string }[]
    }
    expect(model.ir_version).toBe(ONNX_IR_VERSION)
    expect(model.opset_import[0].version).toBe(ONNX_OPSET)
    expect(model.graph.input.map((i) => i.name)).toEqual(['u'])
    expect(model.graph.output.map((o) => o.name)).toEqual(['y'])
    const inits = Object.fromEntries(model.graph.initializer.map((t) => [t.name, t]))
    expect(inits.W0.dims).toEqual([1, 4, 3])
    expect(inits.V1.dims).toEqual([1, 4, 4])
    expect(inits.B1.dims).toEqual([1, 8])
    expect(inits.W1_T.dims).toEqual([4, 2])
    expect(inits.b2.dims).toEqual([2])
    expect(model.graph.initializer.filter((t) => t.data_type !== 7).every((t) => t.data_type === 1)).toBe(true) // FLOAT (INT64 for axes)
    const meta = Object.fromEntries(model.metadata_props.map((p) => [p.key, p.value]))
    expect(JSON.parse(meta['rnn_workbench.network'])).toEqual(normalizeNetworkSpec(spec))
    expect(meta['rnn_workbench.epoch']).toBe('12')
  })
})
