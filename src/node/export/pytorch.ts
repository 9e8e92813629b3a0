/**
 * PyTorch: the mapping of the workbench's arrays to torch.nn.RNN-style parameter names, and a generated Python
 * file that rebuilds the network as a torch.nn.Module and loads the weights from the .npz export (npz.ts).
 *
 * Layer r = 1..R+1 becomes the module `layer{r}`:
 *   recurrent, tanh or relu     torch.nn.RNN(n_in, n, nonlinearity=…, bias=…)
 *   recurrent, other activation ElmanRNN (defined in the generated file): the same recurrence and the same
 *                               parameter names as torch.nn.RNN, with any activation
 *   not recurrent               torch.nn.Linear(n_in, n, bias=…), followed by the activation
 * Names: W{r-1} → layer{r}.weight_ih_l0 (recurrent) or layer{r}.weight (not recurrent); V{r} → layer{r}.weight_hh_l0;
 * b{r} → layer{r}.bias_ih_l0 or layer{r}.bias. torch's RNN adds a second bias b_hh that the workbench does not
 * have: layer{r}.bias_hh_l0 is set to zero. Shapes are the same on both sides (torch stores weights as
 * (out, in), as the core does), so no array is transposed.
 *
 * The generated model computes in float64, like the core, and takes u as [T, batch, m] (torch's default layout).
 * Not here: running Python (test/fixtures/export/make_pytorch_fixture.py does, to make the committed fixture).
 */
import type { Activation } from '../../core/index.js'
import { PYTORCH_FILES } from '../../shared/weights-export.js'
import { ExportError, type TrainedNetwork } from './trained.js'

export interface PyTorchName {
  /** The workbench array (W0, V1, b1, …), or null for a torch parameter the workbench does not have (set to 0). */
  array: string | null
  /** The parameter's name in the generated module's state_dict. */
  torch: string
  shape: number[]
}

/** Whether layer `activation` maps onto torch.nn.RNN's own nonlinearity. */
const torchRnnNonlinearity = (activation: Activation): 'tanh' | 'relu' | null => (activation === 'tanh' || activation === 'relu' ? activation : null)

/** Every parameter of the generated module and where its values come from, in parameter order. */
export function pytorchNames(t: Pick<TrainedNetwork, 'layout'>): PyTorchName[] {
  const names: PyTorchName[] = []
  t.layout.layers.forEach((layer, k) => {
    const module = `layer${k + 1}`
    if (layer.V) {
      names.push({ array: layer.W.name, torch: `${module}.weight_ih_l0`, shape: layer.W.shape })
      names.push({ array: layer.V.name, torch: `${module}.weight_hh_l0`, shape: layer.V.shape })
      if (layer.b) {
        names.push({ array: layer.b.name, torch: `${module}.bias_ih_l0`, shape: layer.b.shape })
        names.push({ array: null, torch: `${module}.bias_hh_l0`, shape: layer.b.shape })
      }
    } else {
      names.push({ array: layer.W.name, torch: `${module}.weight`, shape: layer.W.shape })
      if (layer.b) names.push({ array: layer.b.name, torch: `${module}.bias`, shape: layer.b.shape })
    }
  })
  return names
}

/** f(s) as a Python expression. */
function pythonActivation(activation: Activation, s: string): string {
  switch (activation) {
    case 'sigmoid':
      return `torch.sigmoid(${s})`
    case 'tanh':
      return `torch.tanh(${s})`
    case 'relu':
      return `torch.relu(${s})`
    case 'linear':
      return s
    case 'softmax':
      return `torch.softmax(${s}, dim=-1)`
    default:
      throw new ExportError(`the PyTorch export cannot express activation ${JSON.stringify(activation satisfies never)}`)
  }
}

/** f as a Python callable, for ElmanRNN. */
function pythonCallable(activation: Activation): string {
  return activation === 'linear' ? 'lambda s: s' : activation === 'softmax' ? 'lambda s: torch.softmax(s, dim=-1)' : `torch.${activation}`
}

const ELMAN_RNN = `class ElmanRNN(nn.Module):
    """A recurrent layer h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), h_{-1} = 0, for activations that
    torch.nn.RNN lacks. Parameters are named as torch.nn.RNN's. x: [T, batch, input_size] -> [T, batch, hidden_size]."""

    def __init__(self, input_size, hidden_size, activation, bias=True):
        super().__init__()
        self.activation = activation
        self.weight_ih_l0 = nn.Parameter(torch.zeros(hidden_size, input_size))
        self.weight_hh_l0 = nn.Parameter(torch.zeros(hidden_size, hidden_size))
        if bias:
            self.bias_ih_l0 = nn.Parameter(torch.zeros(hidden_size))
            self.bias_hh_l0 = nn.Parameter(torch.zeros(hidden_size))
        else:
            self.register_parameter("bias_ih_l0", None)
            self.register_parameter("bias_hh_l0", None)

    def forward(self, x):
        h = x.new_zeros(x.shape[1], self.weight_hh_l0.shape[0])
        states = []
        for x_t in x:
            s = x_t @ self.weight_ih_l0.T + h @ self.weight_hh_l0.T
            if self.bias_ih_l0 is not None:
                s = s + self.bias_ih_l0 + self.bias_hh_l0
            h = self.activation(s)
            states.append(h)
        return torch.stack(states)


`

/** The Python file that rebuilds the network and loads `weights.npz`. */
export function pytorchSnippet(t: TrainedNetwork): string {
  const L = t.layout.layers.length
  const m = t.network.inputSize
  const nOut = t.network.output.units
  const value = (r: number) => (r === 0 ? 'u' : r === L ? 'y' : `x${r}`)
  const describe = t.layout.layers
    .map((layer, k) => `${value(k + 1)}: ${layer.units} units, ${layer.activation}${layer.V ? ', recurrent' : ''}${layer.b ? ', bias' : ''}`)
    .join(' -> ')
  const init: string[] = []
  const forward: string[] = []
  t.layout.layers.forEach((layer, k) => {
    const r = k + 1
    const module = `self.layer${r}`
    const bias = layer.b ? 'True' : 'False'
    const formula = `${value(r)}_t = ${layer.activation}(${layer.W.name} ${value(r - 1)}_t${layer.V ? ` + ${layer.V.name} ${value(r)}_{t-1}` : ''}${layer.b ? ` + ${layer.b.name}` : ''})`
    const nonlinearity = torchRnnNonlinearity(layer.activation)
    if (layer.V && nonlinearity) {
      init.push(`${module} = nn.RNN(${layer.nIn}, ${layer.units}, nonlinearity="${nonlinearity}", bias=${bias})  # ${formula}`)
      forward.push(`${value(r)}, _ = ${module}(${value(r - 1)})`)
    } else if (layer.V) {
      init.push(`${module} = ElmanRNN(${layer.nIn}, ${layer.units}, ${pythonCallable(layer.activation)}, bias=${bias})  # ${formula}`)
      forward.push(`${value(r)} = ${module}(${value(r - 1)})`)
    } else {
      init.push(`${module} = nn.Linear(${layer.nIn}, ${layer.units}, bias=${bias})  # ${formula}`)
      forward.push(`${value(r)} = ${pythonActivation(layer.activation, `${module}(${value(r - 1)})`)}`)
    }
  })
  const names = pytorchNames(t)
  const mapped = names.filter((n) => n.array !== null).map((n) => `    "${n.array}": "${n.torch}",`)
  const zeros = names.filter((n) => n.array === null).map((n) => `"${n.torch}"`)
  const needsElman = t.layout.layers.some((layer) => layer.V && !torchRnnNonlinearity(layer.activation))
  return `"""PyTorch rebuild of an RNN Workbench network, generated by RNN Workbench.

Network: m = ${m} inputs -> ${describe}.
Weights: the RNN Workbench .npz export (${PYTORCH_FILES.weights} beside this file by default).

    python3 ${PYTORCH_FILES.snippet} [weights.npz]      runs the network on a sequence of zeros and prints y
    from model import load_model
    net = load_model("weights.npz")               # float64, like the workbench
    y = net(u)                                    # u: [T, batch, ${m}] float64 -> y: [T, batch, ${nOut}]

Every layer starts from the zero state. Needs numpy and torch.
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn

NAME = ${JSON.stringify(t.name)}
INPUT_SIZE = ${m}
OUTPUT_SIZE = ${nOut}

# workbench array -> parameter of WorkbenchNet (torch.nn.RNN naming; shapes are the same on both sides)
PARAMETERS = {
${mapped.join('\n')}
}
# torch.nn.RNN has a second bias (b_hh) that the workbench does not: these stay zero
ZERO_PARAMETERS = [${zeros.join(', ')}]


${needsElman ? ELMAN_RNN : ''}class WorkbenchNet(nn.Module):
    def __init__(self):
        super().__init__()
${init.map((s) => `        ${s}`).join('\n')}

    def forward(self, u):
        """u: [T, batch, ${m}] -> y: [T, batch, ${nOut}]"""
${forward.map((s) => `        ${s}`).join('\n')}
        return y


def load_npz(model, path):
    """Copies the arrays of an RNN Workbench .npz into the model's parameters (see PARAMETERS)."""
    with np.load(path) as arrays:
        if "manifest" in arrays.files:
            manifest = json.loads(str(arrays["manifest"]))
            if manifest.get("format") != "rnn-workbench-weights":
                raise ValueError(f"{path}: not RNN Workbench weights")
        state = model.state_dict()
        for name, target in PARAMETERS.items():
            if name not in arrays.files:
                raise ValueError(f"{path}: no array {name} (expected shape {list(state[target].shape)})")
            value = torch.from_numpy(np.asarray(arrays[name], dtype=np.float64))
            if tuple(value.shape) != tuple(state[target].shape):
                raise ValueError(f"{name}: expected shape {list(state[target].shape)}, the .npz has {list(value.shape)}")
            state[target] = value
        for target in ZERO_PARAMETERS:
            state[target] = torch.zeros_like(state[target])
    model.load_state_dict(state)
    return model


def load_model(path=None):
    """WorkbenchNet in float64 with the weights of \`path\` (default: ${PYTORCH_FILES.weights} beside this file)."""
    if path is None:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "${PYTORCH_FILES.weights}")
    return load_npz(WorkbenchNet().double(), path).eval()


if __name__ == "__main__":
    net = load_model(sys.argv[1] if len(sys.argv) > 1 else None)
    with torch.no_grad():
        y = net(torch.zeros(5, 1, INPUT_SIZE, dtype=torch.float64))
    print(f"{NAME}: y for 5 steps of zero input")
    print(y[:, 0, :].numpy())
`
}
