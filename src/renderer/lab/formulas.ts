/**
 * The lecture's formulas as TeX, with the open network's own sizes put in: the forward pass, the error E, the
 * notes' three gradient formulas (1a), (1b), (2), what exact and truncated backpropagation add to them, and the
 * update rule (docs/model.md restates them). Symbols are the notes' own (w⁽ʳ⁾ for both the
 * feed-forward and the recurrent matrix, told apart by their indices i_r / i'_{r+1}); each symbol that names an
 * editor field or a weight matrix is wrapped in `\htmlData{sym=KEY}{…}`, and `SymbolLink` says what KEY names,
 * so the Lab can highlight and select it. KaTeX needs `trust` for \htmlData (FormulaView allows exactly that).
 *
 * Plain TypeScript: no Vue, no DOM, no KaTeX; the strings a reader sees (titles, notes, symbol labels) come from
 * the catalogue's `lab.formulas` section in the window's language, whole sentences, one message each (the words
 * inside the TeX's \text{…} stay English: KaTeX's fonts have no Polish letters). Not here: the typesetting (components/lab/FormulaView.vue) and the numbers of a step (the
 * step inspector asks the core for them).
 */
import type { Activation, GradientMode, LossKind, NetworkSpec, OptimizerKind, TrainingSpec } from '../../core/index'
import { TRAINING_DEFAULTS } from '../../core/index'
import type { LayerRef } from '../stores/editor'
import { t as tr } from '../i18n'

/** One computing layer j = 1..R+1 of the network, with the defaults filled in. */
export interface FormulaLayer {
  units: number
  activation: Activation
  recurrent: boolean
  bias: boolean
}

/** What the formulas need to know about the project. */
export interface FormulaInput {
  /** Inputs m = n_0. */
  m: number
  /** Layers j = 1..R+1 (the last is the output layer, ℓ units). */
  layers: FormulaLayer[]
  c: number
  loss: LossKind
  gradient: GradientMode
  horizon: number
  optimizer: OptimizerKind
  batch: 'full' | 'sequence' | 'minibatch'
  /** Training sequences P and the last step T (the longest sequence's), when the data is known. */
  P: number | null
  T: number | null
}

/** What a linked symbol names: an element of the network editor or the training settings, by its data-testid
 *  (a field is `field-PATH`, PATH its JSON path), and for a weight matrix the layer card it belongs to, which
 *  clicking selects. */
export interface SymbolTarget {
  testid: string
  layer?: LayerRef
}
const field = (path: string): SymbolTarget => ({ testid: `field-${path}` })

export interface SymbolLink {
  key: string
  /** The symbol as TeX, for the legend. */
  tex: string
  /** What it is, in words ("Input size m = 2"). */
  label: string
  target: SymbolTarget
}

export type FormulaId = 'forward' | 'error' | 'grad-1a' | 'grad-1b' | 'grad-2' | 'bptt' | 'update'

/** How a formula relates to the project's own settings. */
export type Usage = 'used' | 'not-used' | 'part' | 'always'

export interface FormulaBlock {
  id: FormulaId
  /** "(1a) Gradient at t = 0". */
  title: string
  /** The notes' formula, with the symbols of the notes. */
  general: string
  /** The same with this network's sizes, one display per line (layer by layer where it differs). */
  yours: string[]
  usage: Usage
  /** How the project's settings relate to this formula: whole sentences, each on its own (for translation). */
  notes: string[]
  /** Keys of the linked symbols this block uses, in order of first appearance. */
  symbols: string[]
}

export interface Formulas {
  blocks: FormulaBlock[]
  links: Map<string, SymbolLink>
  /** "truncated, k = 3", the project's gradient mode in words. */
  mode: string
}

/** Project specs (possibly unset fields) → the formulas' input, defaults filled in; null when the network has no
 *  usable sizes yet (an invalid spec: the editor says what is wrong). */
export function formulaInput(network: NetworkSpec, training: TrainingSpec, data: { train: { u: unknown[] }[] } | null): FormulaInput | null {
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1
  if (!whole(network.inputSize) || !Array.isArray(network.hidden)) return null
  const layers: FormulaLayer[] = []
  const all = [...network.hidden, network.output]
  for (let k = 0; k < all.length; k++) {
    const l = all[k]
    if (typeof l !== 'object' || l === null || !whole(l.units)) return null
    const output = k === all.length - 1
    layers.push({ units: l.units, activation: l.activation ?? 'sigmoid', recurrent: l.recurrent ?? !output, bias: l.bias ?? true })
  }
  const d = TRAINING_DEFAULTS
  const longest = data && data.train.length > 0 ? Math.max(...data.train.map((s) => s.u.length)) : null
  return {
    m: network.inputSize,
    layers,
    c: typeof training.learningRate === 'number' ? training.learningRate : d.learningRate,
    loss: training.loss ?? d.loss,
    gradient: training.gradient ?? d.gradient,
    horizon: typeof training.horizon === 'number' ? training.horizon : d.horizon,
    optimizer: training.optimizer ?? d.optimizer,
    batch: training.batch ?? d.batch,
    P: data ? data.train.length : null,
    T: longest === null ? null : longest - 1,
  }
}

// ---- TeX pieces -------------------------------------------------------------------------------------------

/** `\htmlData{sym=key}{tex}`: a symbol the Lab links to what it names. */
const link = (key: string, tex: string) => `\\htmlData{sym=${key}}{${tex}}`
/** A number as TeX (0.5, 1e-3 → 1\cdot 10^{-3}). */
export function texNumber(x: number): string {
  const s = String(x)
  const e = /^(-?[\d.]+)e([+-]?\d+)$/.exec(s)
  return e ? `${e[1]}\\cdot 10^{${Number(e[2])}}` : s
}

const ACTIVATION_TEX: Record<Activation, string> = {
  sigmoid: '\\sigma',
  tanh: '\\tanh',
  relu: '\\operatorname{relu}',
  linear: '\\operatorname{id}',
  softmax: '\\operatorname{softmax}',
}
/** f' of each activation, as a function of s (and of f(s) where that is how it is computed). */
const DERIVATIVE_TEX: Record<Activation, string> = {
  sigmoid: "\\sigma'(s) = \\sigma(s)\\,\\bigl(1-\\sigma(s)\\bigr)",
  tanh: "\\tanh'(s) = 1-\\tanh^2(s)",
  relu: "\\operatorname{relu}'(s) = [\\,s>0\\,]",
  linear: "\\operatorname{id}'(s) = 1",
  softmax: '\\text{(softmax with cross-entropy: } \\partial E_t/\\partial s = y-z\\text{)}',
}

/** Everything the formulas of one network share: its symbols as linked TeX. */
class Symbols {
  readonly links = new Map<string, SymbolLink>()
  constructor(readonly f: FormulaInput) {}
  get R(): number {
    return this.f.layers.length - 1
  }
  /** Units of layer j = 0..R+1 (n_0 = m). */
  units(j: number): number {
    return j === 0 ? this.f.m : this.f.layers[j - 1].units
  }
  private add(l: SymbolLink): string {
    if (!this.links.has(l.key)) this.links.set(l.key, l)
    return l.key
  }
  private fieldOf(j: number, what: 'units' | 'activation' | 'recurrent' | 'bias'): string {
    return j === this.R + 1 ? `network.output.${what}` : `network.hidden[${j - 1}].${what}`
  }
  private layerRef(j: number): { layer: LayerRef; testid: string } {
    return j === this.R + 1 ? { layer: 'output', testid: 'layer-output' } : { layer: j - 1, testid: `layer-hidden-${j - 1}` }
  }
  /** The size n_j as a linked number. */
  n(j: number): string {
    if (j === 0) return link(this.add({ key: 'm', tex: 'm = n_0', label: tr('lab.formulas.links.inputSize', { m: this.f.m }), target: field('network.inputSize') }), String(this.f.m))
    const output = j === this.R + 1
    const key = output ? 'l' : `n${j}`
    const tex = output ? `\\ell = n_{${j}}` : `n_{${j}}`
    const label = output ? tr('lab.formulas.links.outputUnits', { units: this.units(j) }) : tr('lab.formulas.links.units', { j, units: this.units(j) })
    return link(this.add({ key, tex, label, target: field(this.fieldOf(j, 'units')) }), String(this.units(j)))
  }
  /** The symbolic size (m, n_r, ℓ), linked: for the general formulas, where r is not a number. */
  sizeSymbol(which: 'm' | 'l'): string {
    if (which === 'm') return link(this.add({ key: 'm', tex: 'm = n_0', label: tr('lab.formulas.links.inputSize', { m: this.f.m }), target: field('network.inputSize') }), 'm')
    return link(this.add({ key: 'l', tex: `\\ell = n_{${this.R + 1}}`, label: tr('lab.formulas.links.outputUnits', { units: this.units(this.R + 1) }), target: field('network.output.units') }), '\\ell')
  }
  /** R, the number of hidden layers, linked to the "Add layer" control. */
  Rsym(tex = 'R'): string {
    return link(this.add({ key: 'R', tex: 'R', label: tr('lab.formulas.links.hiddenLayers', { layers: this.R }), target: { testid: 'add-layer' } }), tex)
  }
  /** The activation of layer j, linked. */
  act(j: number): string {
    const a = this.f.layers[j - 1].activation
    return link(this.add({ key: `f${j}`, tex: `f_{${j}} = ${ACTIVATION_TEX[a]}`, label: tr('lab.formulas.links.activation', { j, activation: a }), target: field(this.fieldOf(j, 'activation')) }), ACTIVATION_TEX[a])
  }
  /** w^{(j-1)}_{i_j,i_{j-1}}: the feed-forward matrix into layer j (the workbench's W[j-1]). */
  W(j: number, idx = `i_{${j}},i_{${j - 1}}`): string {
    const { layer, testid } = this.layerRef(j)
    const key = this.add({ key: `W${j - 1}`, tex: `w^{(${j - 1})}_{i_{${j}},i_{${j - 1}}}`, label: tr('lab.formulas.links.feedForward', { k: j - 1, j, rows: this.units(j), cols: this.units(j - 1) }), target: { layer, testid } })
    return link(key, `w^{(${j - 1})}_{${idx}}`)
  }
  /** w^{(j)}_{i_j,i'_j}: the recurrent matrix of layer j (the workbench's V[j]). */
  V(j: number, idx = `i_{${j}},i'_{${j}}`): string {
    const key = this.add({ key: `V${j}`, tex: `w^{(${j})}_{i_{${j}},i'_{${j}}}`, label: tr('lab.formulas.links.recurrent', { j, rows: this.units(j), cols: this.units(j) }), target: field(this.fieldOf(j, 'recurrent')) })
    return link(key, `w^{(${j})}_{${idx}}`)
  }
  /** b^{(j)}_{i_j}: the bias of layer j (the workbench's extension of the notes). */
  b(j: number): string {
    const key = this.add({ key: `b${j}`, tex: `b^{(${j})}_{i_{${j}}}`, label: tr('lab.formulas.links.biases', { j }), target: field(this.fieldOf(j, 'bias')) })
    return link(key, `b^{(${j})}_{i_{${j}}}`)
  }
  c(): string {
    return link(this.add({ key: 'c', tex: 'c', label: tr('lab.formulas.links.learningRate', { c: String(this.f.c) }), target: field('training.learningRate') }), 'c')
  }
  cValue(): string {
    return link(this.add({ key: 'c', tex: 'c', label: tr('lab.formulas.links.learningRate', { c: String(this.f.c) }), target: field('training.learningRate') }), texNumber(this.f.c))
  }
  E(tex = 'E'): string {
    return link(this.add({ key: 'E', tex: 'E', label: tr('lab.formulas.links.error', { loss: this.f.loss }), target: field('training.loss') }), tex)
  }
  k(tex: string): string {
    return link(this.add({ key: 'k', tex: 'k', label: tr('lab.formulas.links.gradient', { mode: modeWords(this.f) }), target: field(this.f.gradient === 'truncated' ? 'training.horizon' : 'training.gradient') }), tex)
  }
}

/** "exact", "truncated, k = 3", "lecture (the notes' rule, k = 1)". */
export function modeWords(f: Pick<FormulaInput, 'gradient' | 'horizon'>): string {
  if (f.gradient === 'truncated') return tr('lab.modes.truncated', { k: f.horizon })
  if (f.gradient === 'lecture') return tr('lab.modes.lecture')
  return tr('lab.modes.exact')
}

/** x^{(j)}_{t;i}(p). */
const x = (j: number, t: string, i: string) => `x^{(${j})}_{${t};${i}}(p)`
const i = (j: number, prime = false) => `i${prime ? "'" : ''}_{${j}}`

// ---- the blocks -----------------------------------------------------------------------------------------

function forward(s: Symbols): FormulaBlock {
  const general =
    `x^{(r+1)}_{t;i_{r+1}}(p) = f\\Bigl(\\underbrace{\\sum_{i_r=1}^{n_r} w^{(r)}_{i_{r+1},i_r}\\,x^{(r)}_{t;i_r}(p) + \\sum_{i'_{r+1}=1}^{n_{r+1}} w^{(r+1)}_{i_{r+1},i'_{r+1}}\\,x^{(r+1)}_{t-1;i'_{r+1}}(p)}_{s^{(r+1)}_{t;i_{r+1}}(p)}\\Bigr)` +
    `\\quad (0 \\le r \\le ${s.Rsym()},\\ 0 \\le t \\le T)`
  const yours: string[] = []
  for (let j = 1; j <= s.R + 1; j++) {
    const L = s.f.layers[j - 1]
    const lhs = j === s.R + 1 ? `y_{t;${i(j)}}(p) = ${x(j, 't', i(j))}` : x(j, 't', i(j))
    const terms = [`\\sum_{${i(j - 1)}=1}^{${s.n(j - 1)}} ${s.W(j)}\\,${x(j - 1, 't', i(j - 1))}`]
    if (L.recurrent) terms.push(`\\sum_{${i(j, true)}=1}^{${s.n(j)}} ${s.V(j)}\\,${x(j, 't-1', i(j, true))}`)
    if (L.bias) terms.push(s.b(j))
    yours.push(`${lhs} = ${s.act(j)}\\Bigl(${terms.join(' + ')}\\Bigr)\\quad (${i(j)} = 1,\\dots,${s.n(j)})`)
  }
  const notes = [tr('lab.formulas.notes.forwardEveryStep')]
  if (s.f.layers.some((l) => l.bias)) notes.push(tr('lab.formulas.notes.forwardBiases'))
  if (s.f.layers[s.R].recurrent) notes.push(tr('lab.formulas.notes.forwardFeedback'))
  return { id: 'forward', title: tr('lab.formulas.titles.forward'), general, yours, usage: 'always', notes, symbols: [] }
}

function error(s: Symbols): FormulaBlock {
  const P = s.f.P === null ? 'P' : String(s.f.P)
  const T = s.f.T === null ? 'T' : String(s.f.T)
  const general = `${s.E('E_t')} = \\frac{1}{2}\\sum_{p=1}^{P}\\sum_{i=1}^{${s.sizeSymbol('l')}} \\bigl(y_{t;i}(p) - z_{t;i}(p)\\bigr)^2,\\qquad ${s.E()} = \\sum_{t=0}^{T} E_t`
  const sse = `E = \\sum_{t=0}^{${T}} \\frac{1}{2}\\sum_{p=1}^{${P}}\\sum_{i=1}^{${s.n(s.R + 1)}} \\bigl(y_{t;i}(p) - z_{t;i}(p)\\bigr)^2`
  const yours =
    s.f.loss === 'sse'
      ? [sse]
      : s.f.loss === 'mse'
        ? [`E = \\frac{1}{N}\\sum_{t=0}^{${T}}\\sum_{p=1}^{${P}}\\sum_{i=1}^{${s.n(s.R + 1)}} \\bigl(y_{t;i}(p) - z_{t;i}(p)\\bigr)^2\\quad (N:\\ \\text{the number of targets})`]
        : [`E = -\\sum_{t=0}^{${T}}\\sum_{p=1}^{${P}}\\sum_{i=1}^{${s.n(s.R + 1)}} z_{t;i}(p)\\,\\log y_{t;i}(p)${s.f.layers[s.R].activation === 'sigmoid' ? ' + \\bigl(1-z_{t;i}(p)\\bigr)\\log\\bigl(1-y_{t;i}(p)\\bigr)' : ''}`]
  const note =
    s.f.loss === 'sse'
      ? tr('lab.formulas.notes.errorSse')
      : s.f.loss === 'mse'
        ? tr('lab.formulas.notes.errorMse')
        : tr('lab.formulas.notes.errorCrossEntropy')
  return { id: 'error', title: tr('lab.formulas.titles.error'), general, yours, usage: s.f.loss === 'sse' ? 'used' : 'part', notes: [note], symbols: [] }
}

/** The chain of (1a)/(1b) for the feed-forward matrix into layer r+1, with the sums and layers of this network:
 *  Σ_p Σ_{i_{R+1}} … Σ_{i_{r+2}} ∂E_t/∂x^{(R+1)} · Π_{α=R..r+1} ∂x^{(α+1)}/∂x^{(α)} · ∂x^{(r+1)}/∂w. */
function chain(s: Symbols, r: number, t: string, last: string, lhsMatrix: string): string {
  const top = s.R + 1
  const P = s.f.P === null ? 'P' : String(s.f.P)
  const sums = [`\\sum_{p=1}^{${P}}`]
  for (let j = top; j >= r + 2; j--) sums.push(`\\sum_{${i(j)}=1}^{${s.n(j)}}`)
  const factors = [`\\frac{\\partial E_{${t}}}{\\partial ${x(top, t, i(top))}}`]
  for (let a = top - 1; a >= r + 1; a--) factors.push(`\\frac{\\partial ${x(a + 1, t, i(a + 1))}}{\\partial ${x(a, t, i(a))}}`)
  factors.push(`\\frac{\\partial ${x(r + 1, t, i(r + 1))}}{\\partial ${last}}`)
  return `\\frac{\\partial E_{${t}}}{\\partial ${lhsMatrix}} = ${sums.join(' ')}\\ ${factors.join('\\,')}`
}

/** A formula with its range of indices under it (the notes' chains are too wide for both on one line). */
const twoLines = (formula: string, range: string) => `\\begin{gathered}${formula} \\\\ ${range}\\end{gathered}`

function generalChain(t: string, last: string): string {
  return (
    `\\frac{\\partial E_{${t}}}{\\partial ${last}} = \\sum_{p=1}^{P}\\sum_{i_{R+1}=1}^{n_{R+1}}\\cdots\\sum_{i_{r+2}=1}^{n_{r+2}} ` +
    `\\frac{\\partial E_{${t}}}{\\partial x^{(R+1)}_{${t};i_{R+1}}(p)}\\,\\frac{\\partial x^{(R+1)}_{${t};i_{R+1}}(p)}{\\partial x^{(R)}_{${t};i_R}(p)}\\cdots` +
    `\\frac{\\partial x^{(r+2)}_{${t};i_{r+2}}(p)}{\\partial x^{(r+1)}_{${t};i_{r+1}}(p)}\\,\\frac{\\partial x^{(r+1)}_{${t};i_{r+1}}(p)}{\\partial ${last}}`
  )
}

/** The factors of the chain, as the notes compute them (the same for (1a), (1b) and (2)). */
function factorLines(s: Symbols, t: string, recurrentLast: boolean): string[] {
  const lines = [`\\frac{\\partial E_{${t}}}{\\partial y_{${t};i}(p)} = y_{${t};i}(p) - z_{${t};i}(p)`]
  lines.push(`\\frac{\\partial x^{(\\alpha+1)}_{${t};i_{\\alpha+1}}(p)}{\\partial x^{(\\alpha)}_{${t};i_\\alpha}(p)} = f'\\bigl(s^{(\\alpha+1)}_{${t};i_{\\alpha+1}}(p)\\bigr)\\,w^{(\\alpha)}_{i_{\\alpha+1},i_\\alpha}`)
  lines.push(
    recurrentLast
      ? `\\frac{\\partial x^{(r+1)}_{${t};i_{r+1}}(p)}{\\partial w^{(r+1)}_{i_{r+1},i'_{r+1}}} = f'\\bigl(s^{(r+1)}_{${t};i_{r+1}}(p)\\bigr)\\,x^{(r+1)}_{${t}-1;i'_{r+1}}(p)`
      : `\\frac{\\partial x^{(r+1)}_{${t};i_{r+1}}(p)}{\\partial w^{(r)}_{i_{r+1},i_r}} = f'\\bigl(s^{(r+1)}_{${t};i_{r+1}}(p)\\bigr)\\,x^{(r)}_{${t};i_r}(p)`,
  )
  const derivatives = [...new Set(s.f.layers.map((l) => l.activation))].map((a) => DERIVATIVE_TEX[a])
  lines.push(derivatives.join(',\\qquad '))
  return lines
}

function gradientUsage(s: Symbols): Usage {
  return s.f.gradient === 'lecture' || (s.f.gradient === 'truncated' && s.f.horizon === 1) ? 'used' : 'part'
}

function gradientNote(s: Symbols, formula: string): string {
  if (s.f.gradient === 'lecture') return tr('lab.formulas.notes.gradLecture', { formula })
  if (s.f.gradient === 'truncated' && s.f.horizon === 1) return tr('lab.formulas.notes.gradTruncatedOne', { formula })
  if (s.f.gradient === 'truncated') return tr('lab.formulas.notes.gradTruncated', { k: s.f.horizon, formula }, s.f.horizon)
  return tr('lab.formulas.notes.gradExact', { formula })
}

function grad1a(s: Symbols): FormulaBlock {
  const general = twoLines(`${generalChain('0', 'w^{(r)}_{i_{r+1},i_r}')}`, `(t = 0,\\ 0 \\le r \\le ${s.Rsym()})`)
  const yours = [...Array(s.R + 1).keys()].map((r) => chain(s, r, '0', s.W(r + 1), s.W(r + 1)))
  return { id: 'grad-1a', title: tr('lab.formulas.titles.grad1a'), general, yours: [...yours, ...factorLines(s, '0', false)], usage: gradientUsage(s), notes: [gradientNote(s, '(1a)')], symbols: [] }
}

function grad1b(s: Symbols): FormulaBlock {
  const general = twoLines(`${generalChain('t', 'w^{(r)}_{i_{r+1},i_r}')}`, `(1 \\le t \\le T,\\ 0 \\le r \\le ${s.Rsym()})`)
  const yours = [...Array(s.R + 1).keys()].map((r) => chain(s, r, 't', s.W(r + 1), s.W(r + 1)))
  return { id: 'grad-1b', title: tr('lab.formulas.titles.grad1b'), general, yours: [...yours, ...factorLines(s, 't', false)], usage: gradientUsage(s), notes: [gradientNote(s, '(1b)'), tr('lab.formulas.notes.grad1bConstant')], symbols: [] }
}

function grad2(s: Symbols): FormulaBlock {
  const general = twoLines(`${generalChain('t', "w^{(r+1)}_{i_{r+1},i'_{r+1}}")}`, `(1 \\le t \\le T,\\ 0 \\le r \\le ${s.Rsym('R-1')})`)
  const yours: string[] = []
  for (let j = 1; j <= s.R + 1; j++) if (s.f.layers[j - 1].recurrent) yours.push(chain(s, j - 1, 't', s.V(j), s.V(j)))
  if (yours.length === 0) yours.push('\\text{No layer of your network is recurrent: (2) has nothing to compute.}')
  return { id: 'grad-2', title: tr('lab.formulas.titles.grad2'), general, yours: [...yours, ...factorLines(s, 't', true)], usage: gradientUsage(s), notes: [gradientNote(s, '(2)')], symbols: [] }
}

/** What exact and truncated backpropagation add: the error of step t also flows back to the states of earlier
 *  steps τ (through x_{τ} → x_{τ+1}); the notes' rule keeps τ = t only. */
function bptt(s: Symbols): FormulaBlock {
  const general =
    `\\frac{\\partial E}{\\partial w} = \\sum_{t=0}^{T}\\ \\sum_{\\tau=\\max(0,\\,t-${s.k('k')}+1)}^{t} \\frac{\\partial E_t}{\\partial x_\\tau}\\,\\frac{\\partial^{+} x_\\tau}{\\partial w}` +
    `\\qquad \\begin{cases} k = 1 & \\text{the notes: (1a), (1b), (2)} \\\\ k & \\text{truncated} \\\\ k = T+1 & \\text{exact} \\end{cases}`
  const T = s.f.T
  const k = s.f.gradient === 'exact' ? (T === null ? 'T+1' : String(T + 1)) : s.f.gradient === 'lecture' ? '1' : String(s.f.horizon)
  const yours = [`\\frac{\\partial E}{\\partial w} = \\sum_{t=0}^{${T ?? 'T'}}\\ \\sum_{\\tau=\\max(0,\\,t-${s.k(k)}+1)}^{t} \\frac{\\partial E_t}{\\partial x_\\tau}\\,\\frac{\\partial^{+} x_\\tau}{\\partial w}`]
  const note =
    s.f.gradient === 'exact'
      ? tr('lab.formulas.notes.bpttExact')
      : s.f.gradient === 'truncated'
        ? tr('lab.formulas.notes.bpttTruncated', { k: s.f.horizon })
        : tr('lab.formulas.notes.bpttLecture')
  const notes = [note, tr('lab.formulas.notes.bpttOneStep')]
  if (s.f.gradient !== 'lecture') notes.push(tr('lab.formulas.notes.bpttNotesRule'))
  return { id: 'bptt', title: tr('lab.formulas.titles.bptt'), general, yours, usage: s.f.gradient === 'lecture' ? 'part' : 'used', notes, symbols: [] }
}

function update(s: Symbols): FormulaBlock {
  const general =
    `w^{(r)\\,\\text{new}}_{i_{r+1},i_r} = w^{(r)\\,\\text{old}}_{i_{r+1},i_r} - ${s.c()}\\,\\frac{\\partial E}{\\partial w^{(r)}_{i_{r+1},i_r}},\\qquad ` +
    `w^{(r+1)\\,\\text{new}}_{i_{r+1},i'_{r+1}} = w^{(r+1)\\,\\text{old}}_{i_{r+1},i'_{r+1}} - c\\,\\frac{\\partial E}{\\partial w^{(r+1)}_{i_{r+1},i'_{r+1}}}`
  const yours: string[] = []
  for (let j = 1; j <= s.R + 1; j++) {
    yours.push(`${s.W(j)}\\ \\leftarrow\\ w^{(${j - 1})}_{i_{${j}},i_{${j - 1}}} - ${s.cValue()}\\,\\frac{\\partial E}{\\partial w^{(${j - 1})}_{i_{${j}},i_{${j - 1}}}}`)
    if (s.f.layers[j - 1].recurrent) yours.push(`${s.V(j)}\\ \\leftarrow\\ w^{(${j})}_{i_{${j}},i'_{${j}}} - ${s.cValue()}\\,\\frac{\\partial E}{\\partial w^{(${j})}_{i_{${j}},i'_{${j}}}}`)
  }
  const plain = s.f.optimizer === 'sgd' && s.f.batch === 'full'
  const note = plain
    ? tr('lab.formulas.notes.updatePlain')
    : s.f.optimizer !== 'sgd'
      ? tr('lab.formulas.notes.updateOptimizer', { optimizer: s.f.optimizer })
      : tr('lab.formulas.notes.updateBatch')
  return { id: 'update', title: tr('lab.formulas.titles.update'), general, yours, usage: plain ? 'used' : 'part', notes: [note], symbols: [] }
}

/** The keys of `\htmlData{sym=KEY}` in a TeX string, in order, each once. */
export function symbolKeys(tex: string): string[] {
  return [...new Set([...tex.matchAll(/\\htmlData\{sym=([^}]+)\}/g)].map((m) => m[1]))]
}

/** All the formulas for one network. */
export function buildFormulas(input: FormulaInput): Formulas {
  const s = new Symbols(input)
  const blocks = [forward(s), error(s), grad1a(s), grad1b(s), grad2(s), bptt(s), update(s)].map((b) => ({ ...b, symbols: symbolKeys([b.general, ...b.yours].join(' ')) }))
  return { blocks, links: s.links, mode: modeWords(input) }
}
