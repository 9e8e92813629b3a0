// The generated PyTorch file reproduces the workbench: test/fixtures/export/<case>.torch.json holds the outputs of
// the generated model.py run by PyTorch on the exported weights.npz (make_pytorch_fixture.py, float64; no Python is
// needed here). Their SHA-256 ties the fixture to what the exporter generates now.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { normalizeNetworkSpec, packDataset, paramLayout, predict, type NetworkSpec } from '../../../src/core/index.js'
import { exportWeights, pytorchNames } from '../../../src/node/export/index.js'
import { parseProject } from '../../../src/shared/project-file.js'

interface TorchFixture {
  name: string
  project: string
  torchVersion: string
  snippetSha256: string
  npzSha256: string
  stateDict: { name: string; shape: number[] }[]
  /** y per sequence, each run alone: [p][t][i] */
  outputs: number[][][]
  /** y per sequence from one padded batch of all of them */
  batchOutputs: number[][][]
}

const dir = join(import.meta.dirname, '../../fixtures/export')
const fixtures: TorchFixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.torch.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

function maxAbsDifference(a: number[][][], b: number[][][]): number {
  expect(a.map((s) => s.length)).toEqual(b.map((s) => s.length))
  let worst = 0
  a.forEach((s, p) => s.forEach((yt, t) => yt.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[p][t][i]))))))
  return worst
}

describe('PyTorch export', () => {
  it('maps every array to a torch.nn.RNN-style name', () => {
    const network: NetworkSpec = {
      inputSize: 3,
      hidden: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'relu', recurrent: false, bias: false }],
      output: { units: 2, activation: 'sigmoid', recurrent: true, bias: true },
    }
    expect(pytorchNames({ layout: paramLayout(normalizeNetworkSpec(network)) })).toEqual([
      { array: 'W0', torch: 'layer1.weight_ih_l0', shape: [4, 3] },
      { array: 'V1', torch: 'layer1.weight_hh_l0', shape: [4, 4] },
      { array: 'b1', torch: 'layer1.bias_ih_l0', shape: [4] },
      { array: null, torch: 'layer1.bias_hh_l0', shape: [4] },
      { array: 'W1', torch: 'layer2.weight', shape: [2, 4] },
      { array: 'W2', torch: 'layer3.weight_ih_l0', shape: [2, 2] },
      { array: 'V3', torch: 'layer3.weight_hh_l0', shape: [2, 2] },
      { array: 'b3', torch: 'layer3.bias_ih_l0', shape: [2] },
      { array: null, torch: 'layer3.bias_hh_l0', shape: [2] },
    ])
  })

  it('uses torch.nn.RNN for tanh and relu recurrences and its own ElmanRNN for the others', () => {
    const network: NetworkSpec = { inputSize: 2, hidden: [{ units: 3, activation: 'relu' }], output: { units: 2, activation: 'softmax', recurrent: true } }
    const project = { metadata: { name: 'x' }, network, weights: { params: new Float64Array(paramLayout(normalizeNetworkSpec(network)).size), epoch: 1 } }
    const py = new TextDecoder().decode(exportWeights(project, { format: 'pytorch' }).files[0].bytes)
    expect(py).toContain('self.layer1 = nn.RNN(2, 3, nonlinearity="relu", bias=True)')
    expect(py).toContain('self.layer2 = ElmanRNN(3, 2, lambda s: torch.softmax(s, dim=-1), bias=True)')
    expect(py).toContain('"V2": "layer2.weight_hh_l0",')
  })

  it('has the fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(5))

  for (const fx of fixtures) {
    describe(fx.name, () => {
      const project = parseProject(readFileSync(join(dir, fx.project), 'utf8'))
      const files = exportWeights(project, { format: 'pytorch' }).files

      it('was made from what the exporter writes now (else rerun make_pytorch_fixture.py)', () => {
        expect(files.map((f) => f.name)).toEqual(['model.py', 'weights.npz'])
        expect(sha256(files[0].bytes)).toBe(fx.snippetSha256)
        expect(sha256(files[1].bytes)).toBe(fx.npzSha256)
      })

      it("has the parameters the mapping names (torch's own state_dict)", () => {
        const layout = paramLayout(normalizeNetworkSpec(project.network))
        expect(pytorchNames({ layout }).map((n) => ({ name: n.torch, shape: n.shape }))).toEqual(fx.stateDict)
      })

      it(`reproduces the core's outputs (PyTorch ${fx.torchVersion}, float64): each sequence alone and in one padded batch`, () => {
        if (project.data.kind !== 'inline') throw new Error('fixture projects have inline data')
        const network = normalizeNetworkSpec(project.network)
        const layout = paramLayout(network)
        const data = packDataset({ inputSize: project.data.inputSize, outputSize: project.data.outputSize, sequences: project.data.train }, network.inputSize, network.output.units)
        const y = predict(layout, project.weights!.params, data)
        expect(maxAbsDifference(fx.outputs, y)).toBeLessThan(1e-12)
        expect(maxAbsDifference(fx.batchOutputs, y)).toBeLessThan(1e-12)
      })
    })
  }
})
