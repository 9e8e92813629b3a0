/**
 * ONNX export: a model whose output equals the workbench's forward pass (src/core/network.ts) over whole sequences.
 *
 *   input  u  [T, batch, m]      (T and batch are free dimensions; sequences shorter than T are padded at the end:
 *                                 every step depends only on earlier ones, so padding changes no real output)
 *   output y  [T, batch, ℓ]
 *
 * One block of nodes per computing layer r = 1..R+1, from its input h [T, batch, n_{r-1}] to x{r} [T, batch, n_r]:
 *   recurrent, activation sigmoid / tanh / relu / linear:
 *       RNN(h, W{r-1} as [1, n, n_in], V{r} as [1, n, n], B{r} = [b{r}, 0] as [1, 2n]) → Squeeze(axis 1)
 *       ONNX's RNN computes H_t = f(X_t·Wᵀ + H_{t-1}·Rᵀ + Wb + Rb) from H_{-1} = 0: the core's
 *       x_t = f(W x_t^(r-1) + V x_{t-1} + b) with x_{-1} = 0 (linear is RNN's Affine with α = 1, β = 0).
 *   recurrent, activation softmax (an output layer with feedback, which RNN cannot express):
 *       a = MatMul(h, W{r-1}ᵀ) [+ b{r}];  Scan over t of  x_t = Softmax(a_t + MatMul(x_{t-1}, V{r}ᵀ)),  x_{-1} = 0
 *   not recurrent:
 *       f(MatMul(h, W{r-1}ᵀ) [+ b{r}])      with f = Sigmoid, Tanh, Relu, Softmax (last axis) or nothing (linear)
 * Initializers keep the core's names: W0, V1 (for RNN, reshaped with a leading axis of 1), W0_T / V1_T (transposed,
 * for MatMul), b1 (for Add) and B1 (RNN's bias, b1 followed by n zeros).
 *
 * Precision: float32 (ONNX's common type, and the only one onnxruntime's RNN kernel takes). Weights are rounded once
 * from the core's float64; docs/export.md gives the resulting differences.
 * The protobuf is built by protobufjs from the official schema (onnx-proto.ts). IR version 8, opset 17 (ONNX 1.12).
 *
 * Not here: running models (the tests use onnxruntime-web), or importing ONNX.
 */
import protobuf from 'protobufjs'
import type { Activation } from '../../core/index.js'
import { ONNX_PROTO } from './onnx-proto.js'
import { entryValues, ExportError, type TrainedNetwork } from './trained.js'

export const ONNX_IR_VERSION = 8
export const ONNX_OPSET = 17

let schema: protobuf.Root | null = null
/** The parsed ONNX schema (once per process). */
export function onnxSchema(): protobuf.Root {
  schema ??= protobuf.parse(ONNX_PROTO, { keepCase: true }).root
  return schema
}

// onnx.proto enums (TensorProto.DataType, AttributeProto.AttributeType)
const FLOAT = 1
const INT64 = 7
const ATTR = { INT: 2, TENSOR: 4, GRAPH: 5, FLOATS: 6, STRINGS: 8 } as const

type Attribute = Record<string, unknown>
interface Node {
  op_type: string
  input: string[]
  output: string[]
  name: string
  attribute: Attribute[]
}
interface Tensor {
  name: string
  dims: number[]
  data_type: number
  raw_data: Uint8Array
}
type Dim = number | string
interface ValueInfo {
  name: string
  type: { tensor_type: { elem_type: number; shape: { dim: ({ dim_value: number } | { dim_param: string })[] } } }
  doc_string?: string
}
interface Graph {
  name: string
  node: Node[]
  initializer: Tensor[]
  input: ValueInfo[]
  output: ValueInfo[]
  doc_string?: string
}

const utf8 = (s: string) => new TextEncoder().encode(s)

const attr = {
  int: (name: string, i: number): Attribute => ({ name, type: ATTR.INT, i }),
  floats: (name: string, floats: number[]): Attribute => ({ name, type: ATTR.FLOATS, floats }),
  strings: (name: string, strings: string[]): Attribute => ({ name, type: ATTR.STRINGS, strings: strings.map(utf8) }),
  tensor: (name: string, t: Tensor): Attribute => ({ name, type: ATTR.TENSOR, t }),
  graph: (name: string, g: Graph): Attribute => ({ name, type: ATTR.GRAPH, g }),
}

function floatTensor(name: string, dims: number[], values: ArrayLike<number>): Tensor {
  const data = new Float32Array(values) // little-endian on every platform Electron runs on; checked below
  return { name, dims, data_type: FLOAT, raw_data: new Uint8Array(data.buffer) }
}

function int64Tensor(name: string, dims: number[], values: number[]): Tensor {
  const data = new BigInt64Array(values.map(BigInt))
  return { name, dims, data_type: INT64, raw_data: new Uint8Array(data.buffer) }
}

function valueInfo(name: string, dims: Dim[], doc?: string): ValueInfo {
  return {
    name,
    type: { tensor_type: { elem_type: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } },
    ...(doc ? { doc_string: doc } : {}),
  }
}

/** Row-major transpose of a (rows × cols) matrix. */
function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(a.length)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j]
  return t
}

/** The activation as an RNN `activations` entry, or null when RNN has none for it. */
function rnnActivation(kind: Activation): { name: string; alpha?: number; beta?: number } | null {
  switch (kind) {
    case 'sigmoid':
      return { name: 'Sigmoid' }
    case 'tanh':
      return { name: 'Tanh' }
    case 'relu':
      return { name: 'Relu' }
    case 'linear':
      return { name: 'Affine', alpha: 1, beta: 0 }
    case 'softmax':
      return null
    default:
      throw new ExportError(`ONNX export cannot express activation ${JSON.stringify(kind satisfies never)}`)
  }
}

/** The node applying `kind` to `input` (the last axis for softmax), or null for linear. */
function activationNode(kind: Activation, input: string, output: string): Node | null {
  const node = (op_type: string, attribute: Attribute[] = []): Node => ({ op_type, input: [input], output: [output], name: output, attribute })
  switch (kind) {
    case 'sigmoid':
      return node('Sigmoid')
    case 'tanh':
      return node('Tanh')
    case 'relu':
      return node('Relu')
    case 'softmax':
      return node('Softmax', [attr.int('axis', -1)])
    case 'linear':
      return null
    default:
      throw new ExportError(`ONNX export cannot express activation ${JSON.stringify(kind satisfies never)}`)
  }
}

/** The ONNX model of a trained network, as protobuf bytes. */
export function weightsToOnnx(t: TrainedNetwork): Uint8Array {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new ExportError('ONNX export needs a little-endian machine')
  const nodes: Node[] = []
  const inits: Tensor[] = []
  const L = t.layout.layers.length
  let h = 'u'
  t.layout.layers.forEach((layer, k) => {
    const r = k + 1
    const { units: n, nIn } = layer
    const out = k === L - 1 ? 'y' : `x${r}`
    const W = entryValues(t, layer.W.name)
    const b = layer.b ? entryValues(t, layer.b.name) : null
    const rnn = layer.V ? rnnActivation(layer.activation) : null
    if (layer.V && rnn) {
      const V = entryValues(t, layer.V.name)
      inits.push(floatTensor(layer.W.name, [1, n, nIn], W), floatTensor(layer.V.name, [1, n, n], V))
      const biasName = `B${r}`
      if (b) {
        const both = new Float64Array(2 * n)
        both.set(b) // Wb = b, Rb = 0
        inits.push(floatTensor(biasName, [1, 2 * n], both))
      }
      const attributes = [attr.int('hidden_size', n), attr.strings('activations', [rnn.name])]
      if (rnn.alpha !== undefined) attributes.push(attr.floats('activation_alpha', [rnn.alpha]), attr.floats('activation_beta', [rnn.beta ?? 0]))
      const all = `${out}_rnn` // [T, 1, batch, n]: RNN's Y has an axis for the direction
      nodes.push({ op_type: 'RNN', input: [h, layer.W.name, layer.V.name, ...(b ? [biasName] : [])], output: [all], name: `RNN${r}`, attribute: attributes })
      nodes.push({ op_type: 'Squeeze', input: [all, 'axis1'], output: [out], name: out, attribute: [] })
      if (!inits.some((i) => i.name === 'axis1')) inits.push(int64Tensor('axis1', [1], [1]))
    } else {
      // s = h · W{r-1}ᵀ (+ b): MatMul broadcasts the [n_in, n] matrix over [T, batch]
      const WT = `${layer.W.name}_T`
      inits.push(floatTensor(WT, [nIn, n], transpose(W, n, nIn)))
      let s = `s${r}`
      nodes.push({ op_type: 'MatMul', input: [h, WT], output: [s], name: s, attribute: [] })
      if (b) {
        inits.push(floatTensor(layer.b!.name, [n], b))
        nodes.push({ op_type: 'Add', input: [s, layer.b!.name], output: [`${s}_b`], name: `${s}_b`, attribute: [] })
        s = `${s}_b`
      }
      if (layer.V) {
        // recurrent with an activation RNN lacks (softmax): loop over t with Scan
        const V = entryValues(t, layer.V.name)
        const VT = `${layer.V.name}_T`
        inits.push(floatTensor(VT, [n, n], transpose(V, n, n)))
        nodes.push(...zeroState(s, `${out}_h0`, r))
        if (!inits.some((i) => i.name === 'shape_from')) inits.push(int64Tensor('shape_from', [1], [1]), int64Tensor('shape_to', [1], [3]))
        nodes.push({
          op_type: 'Scan',
          input: [`${out}_h0`, s],
          output: [`${out}_hT`, out],
          name: `Scan${r}`,
          attribute: [attr.int('num_scan_inputs', 1), attr.graph('body', scanBody(r, n, VT, layer.activation))],
        })
      } else {
        const f = activationNode(layer.activation, s, out)
        nodes.push(f ?? { op_type: 'Identity', input: [s], output: [out], name: out, attribute: [] })
      }
    }
    h = out
  })
  const m = t.network.inputSize
  const nOut = t.network.output.units
  const graph: Graph = {
    name: 'rnn_workbench',
    node: nodes,
    initializer: inits,
    input: [valueInfo('u', ['T', 'batch', m], 'inputs u_t of every sequence, step-major: [T, batch, m]')],
    output: [valueInfo('y', ['T', 'batch', nOut], 'outputs y_t: [T, batch, ℓ]')],
    doc_string: `RNN Workbench network "${t.name}" after ${t.weights.epoch} epochs`,
  }
  const model = {
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'RNN Workbench',
    producer_version: '1',
    doc_string: graph.doc_string,
    graph,
    metadata_props: [
      { key: 'rnn_workbench.network', value: JSON.stringify(t.network) },
      { key: 'rnn_workbench.epoch', value: String(t.weights.epoch) },
    ],
  }
  const ModelProto = onnxSchema().lookupType('onnx.ModelProto')
  const problem = ModelProto.verify(model)
  if (problem) throw new Error(`internal error building the ONNX model: ${problem}`)
  return ModelProto.encode(ModelProto.fromObject(model)).finish()
}

/** x_{-1} = 0 shaped [batch, n], taken from a [T, batch, n] value's shape: Shape → Slice [1:3] → ConstantOfShape. */
function zeroState(like: string, name: string, r: number): Node[] {
  return [
    { op_type: 'Shape', input: [like], output: [`shape${r}`], name: `shape${r}`, attribute: [] },
    { op_type: 'Slice', input: [`shape${r}`, 'shape_from', 'shape_to'], output: [`shape${r}_bn`], name: `shape${r}_bn`, attribute: [] },
    { op_type: 'ConstantOfShape', input: [`shape${r}_bn`], output: [name], name, attribute: [attr.tensor('value', floatTensor('zero', [1], [0]))] },
  ]
}

/** Scan body of a recurrent layer: (x_{t-1}, a_t) → (x_t, x_t) with x_t = f(a_t + x_{t-1} · V{r}ᵀ). V{r}ᵀ comes
 *  from the outer graph. */
function scanBody(r: number, n: number, VT: string, kind: Activation): Graph {
  const prev = `x${r}_prev`
  const nodes: Node[] = [
    { op_type: 'MatMul', input: [prev, VT], output: [`x${r}_rec`], name: `x${r}_rec`, attribute: [] },
    { op_type: 'Add', input: [`a${r}_t`, `x${r}_rec`], output: [`s${r}_t`], name: `s${r}_t`, attribute: [] },
  ]
  const f = activationNode(kind, `s${r}_t`, `x${r}_next`)
  nodes.push(f ?? { op_type: 'Identity', input: [`s${r}_t`], output: [`x${r}_next`], name: `x${r}_next`, attribute: [] })
  // the state and the scanned output must be distinct values
  nodes.push({ op_type: 'Identity', input: [`x${r}_next`], output: [`x${r}_t`], name: `x${r}_t`, attribute: [] })
  return {
    name: `layer${r}_step`,
    node: nodes,
    initializer: [],
    input: [valueInfo(prev, ['batch', n]), valueInfo(`a${r}_t`, ['batch', n])],
    output: [valueInfo(`x${r}_next`, ['batch', n]), valueInfo(`x${r}_t`, ['batch', n])],
  }
}
