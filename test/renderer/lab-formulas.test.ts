// The Lab's formula module: the lecture's formulas with a network's own sizes, symbols linked to the fields and
// matrices they name, the gradient mode marked; and every formula typesets with KaTeX.
import { describe, expect, it } from 'vitest'
import lectureFile from '../../resources/examples/lecture-minimal.rnn.json'
import type { NetworkSpec, TrainingSpec } from '../../src/core/index'
import { buildFormulas, formulaInput, modeWords, symbolKeys, texNumber, type FormulaId, type Formulas } from '../../src/renderer/lab/formulas'
import { renderTex, texProblem } from '../../src/renderer/lab/tex'
import type { ProjectFile } from '../../src/shared/project-file'

const lecture = lectureFile as ProjectFile
/** 8 sequences of 6 steps, as the lecture-minimal script makes them. */
const data = { train: Array.from({ length: 8 }, () => ({ u: Array.from({ length: 6 }, () => [0, 1]) })) }

function formulas(network: NetworkSpec, training: TrainingSpec, d: typeof data | null = data): Formulas {
  const input = formulaInput(network, training, d)
  if (!input) throw new Error('no input')
  return buildFormulas(input)
}
const block = (f: Formulas, id: FormulaId) => f.blocks.find((b) => b.id === id)!

describe('lab formulas with the lecture-minimal network', () => {
  const f = formulas(lecture.network, lecture.training)

  it('the forward pass has one line per layer, with m, n_1, ℓ and the activations put in', () => {
    const [hidden, output] = block(f, 'forward').yours
    expect(block(f, 'forward').yours).toHaveLength(2)
    // layer 1: σ(Σ_{i_0=1}^{2} w^(0) x^(0) + Σ_{i'_1=1}^{4} w^(1) x^(1)_{t−1}), no bias (the notes have none)
    expect(hidden).toContain('\\htmlData{sym=f1}{\\sigma}')
    expect(hidden).toContain('\\sum_{i_{0}=1}^{\\htmlData{sym=m}{2}}')
    expect(hidden).toContain('\\sum_{i\'_{1}=1}^{\\htmlData{sym=n1}{4}} \\htmlData{sym=V1}{w^{(1)}_{i_{1},i\'_{1}}}')
    expect(hidden).not.toContain('sym=b1')
    // the output y = x^(2): not recurrent, ℓ = 1
    expect(output).toMatch(/^y_\{t;i_\{2\}\}\(p\) = x\^\{\(2\)\}/)
    expect(output).not.toContain('sym=V2')
    expect(output).toContain('\\htmlData{sym=l}{1}')
  })

  it('links each symbol to the field or layer it names', () => {
    expect(f.links.get('m')!.target).toEqual({ testid: 'field-network.inputSize' })
    expect(f.links.get('n1')!.target).toEqual({ testid: 'field-network.hidden[0].units' })
    expect(f.links.get('l')!.target).toEqual({ testid: 'field-network.output.units' })
    expect(f.links.get('f1')!.target).toEqual({ testid: 'field-network.hidden[0].activation' })
    expect(f.links.get('V1')!.target).toEqual({ testid: 'field-network.hidden[0].recurrent' })
    expect(f.links.get('W0')!.target).toEqual({ testid: 'layer-hidden-0', layer: 0 })
    expect(f.links.get('W1')!.target).toEqual({ testid: 'layer-output', layer: 'output' })
    expect(f.links.get('c')!.target).toEqual({ testid: 'field-training.learningRate' })
    expect(f.links.get('E')!.target).toEqual({ testid: 'field-training.loss' })
    expect(f.links.get('m')!.label).toBe('Input size m = 2')
    // each block lists the symbols it uses, in order
    expect(block(f, 'update').symbols).toEqual(['c', 'W0', 'V1', 'W1'])
  })

  it('E sums over the P = 8 sequences and t = 0..5 of the data', () => {
    expect(block(f, 'error').yours[0]).toContain('\\sum_{t=0}^{5}')
    expect(block(f, 'error').yours[0]).toContain('\\sum_{p=1}^{8}')
    expect(block(f, 'error').usage).toBe('used')
  })

  it('the chains of (1a) follow the layers: for W0 through x^(2) and x^(1), for W1 straight from y', () => {
    const [w0, w1] = block(f, 'grad-1a').yours
    expect(w0).toContain('\\sum_{i_{2}=1}^{\\htmlData{sym=l}{1}}')
    expect(w0).toContain('\\frac{\\partial x^{(2)}_{0;i_{2}}(p)}{\\partial x^{(1)}_{0;i_{1}}(p)}')
    expect(w1).not.toContain('\\partial x^{(1)}')
    // (2) only for the recurrent layer 1
    expect(block(f, 'grad-2').yours[0]).toContain('sym=V1')
    expect(block(f, 'grad-2').yours.join(' ')).not.toContain('sym=V2')
  })

  it('marks the notes’ formulas as what a lecture project uses, and the update with c = 0.5', () => {
    for (const id of ['grad-1a', 'grad-1b', 'grad-2'] as const) {
      expect(block(f, id).usage).toBe('used')
      expect(block(f, id).notes.join(' ')).toContain('Your project trains with the notes’ rule')
    }
    expect(block(f, 'bptt').notes.join(' ')).toContain('truncation at horizon k = 1')
    expect(block(f, 'bptt').yours[0]).toContain('\\htmlData{sym=k}{1}')
    expect(block(f, 'update').yours[0]).toContain('\\htmlData{sym=c}{0.5}')
    expect(block(f, 'update').usage).toBe('used')
    expect(f.mode).toBe("lecture (the notes' rule, k = 1)")
  })
})

describe('lab formulas follow the project', () => {
  it('exact: the notes’ formulas are only part of the gradient, and k = T + 1', () => {
    const f = formulas(lecture.network, { ...lecture.training, gradient: 'exact' })
    expect(block(f, 'grad-1b').usage).toBe('part')
    expect(block(f, 'grad-1b').notes.join(' ')).toContain('exact gradient')
    expect(block(f, 'bptt').yours[0]).toContain('\\htmlData{sym=k}{6}')
    expect(block(f, 'bptt').notes.join(' ')).toContain('k = T + 1')
    expect(f.links.get('k')!.target).toEqual({ testid: 'field-training.gradient' })
  })

  it('truncated k: the horizon is put in and linked to its field; k = 1 is the notes’ rule', () => {
    const f = formulas(lecture.network, { ...lecture.training, gradient: 'truncated', horizon: 3 })
    expect(block(f, 'bptt').yours[0]).toContain('\\htmlData{sym=k}{3}')
    expect(f.links.get('k')!.target).toEqual({ testid: 'field-training.horizon' })
    expect(block(f, 'grad-1a').notes.join(' ')).toContain('back 3 steps')
    expect(block(formulas(lecture.network, { gradient: 'truncated', horizon: 1 }), 'grad-2').usage).toBe('used')
    expect(modeWords({ gradient: 'truncated', horizon: 3 })).toBe('truncated, k = 3')
  })

  it('biases, two hidden layers, an output feedback and other optimizers are said and drawn', () => {
    const network: NetworkSpec = { inputSize: 3, hidden: [{ units: 5, activation: 'tanh' }, { units: 2, activation: 'relu', recurrent: false }], output: { units: 2, activation: 'linear', recurrent: true } }
    const f = formulas(network, { optimizer: 'adam', learningRate: 0.001, loss: 'mse' }, null)
    const fwd = block(f, 'forward')
    expect(fwd.yours).toHaveLength(3)
    expect(fwd.yours[0]).toContain('sym=b1')
    expect(fwd.yours[1]).not.toContain('sym=V2')
    expect(fwd.yours[2]).toContain('sym=V3')
    expect(fwd.notes.join(' ')).toContain('feeds back')
    expect(fwd.notes.join(' ')).toContain('biases')
    // without data: P and T stay symbols
    expect(block(f, 'error').yours[0]).toContain('\\sum_{p=1}^{P}')
    expect(block(f, 'error').usage).toBe('part')
    expect(block(f, 'update').notes.join(' ')).toContain('adam')
    expect(block(f, 'update').yours[0]).toContain(texNumber(0.001))
    // the chain for W0 passes through layers 3, 2 and 1
    expect(block(f, 'grad-1a').yours[0]).toContain('\\sum_{i_{3}=1}^{\\htmlData{sym=l}{2}} \\sum_{i_{2}=1}^{\\htmlData{sym=n2}{2}}')
  })

  it('a network without hidden layers has nothing for (2) to compute', () => {
    const f = formulas({ inputSize: 2, hidden: [], output: { units: 1 } }, {})
    expect(block(f, 'grad-2').yours[0]).toContain('No layer of your network is recurrent')
  })

  it('an invalid network gives no formulas', () => {
    expect(formulaInput({ inputSize: 0, hidden: [], output: { units: 1 } }, {}, null)).toBeNull()
    expect(formulaInput({ inputSize: 2, hidden: [{ units: null as unknown as number }], output: { units: 1 } }, {}, null)).toBeNull()
  })

  it('every formula of every kind of network typesets, with MathML beside the HTML and the links kept', () => {
    const networks: [NetworkSpec, TrainingSpec][] = [
      [lecture.network, lecture.training],
      [{ inputSize: 3, hidden: [{ units: 5, activation: 'tanh' }, { units: 2, activation: 'relu' }], output: { units: 4, activation: 'softmax' } }, { loss: 'cross-entropy', gradient: 'truncated', horizon: 2 }],
      [{ inputSize: 2, hidden: [], output: { units: 1, activation: 'sigmoid' } }, { loss: 'cross-entropy', batch: 'minibatch', learningRate: 1e-4 }],
    ]
    for (const [network, training] of networks) {
      for (const b of formulas(network, training).blocks) for (const tex of [b.general, ...b.yours]) expect(texProblem(tex), tex).toBeNull()
    }
    const html = renderTex(block(formulas(lecture.network, lecture.training), 'forward').yours[0])
    expect(html).toContain('class="katex-mathml"')
    expect(html).toContain('<math')
    expect(html).toContain('aria-hidden="true"')
    expect(html).toContain('data-sym="m"')
    expect(html).not.toContain('katex-error')
  })

  it('symbolKeys lists each key once, in order', () => {
    expect(symbolKeys('\\htmlData{sym=a}{x} + \\htmlData{sym=b}{y} + \\htmlData{sym=a}{x}')).toEqual(['a', 'b'])
  })
})
