// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'
import NetworkDiagram from '../../src/renderer/components/NetworkDiagram.vue'
import { mountWith, setup, tid, type Setup } from './project-setup'

let s: Setup
let w: VueWrapper
beforeEach(() => {
  s = setup()
  w = mountWith(NetworkDiagram, s.pinia)
})
afterEach(() => w.unmount())

const layers = () => w.findAll('[data-testid^="diagram-layer-"]')
const loops = () => w.findAll('[data-testid^="diagram-loop-"]')
const symbols = () => w.findAll('[data-testid^="diagram-symbol-"]').map((t) => t.text())

/** Sets the hidden layers and waits for the drawing. */
async function hidden(...units: number[]): Promise<void> {
  s.project.network.hidden = units.map((n) => ({ units: n, activation: 'tanh' }))
  await nextTick()
}

describe('NetworkDiagram', () => {
  it('draws R + 2 layers for R = 0..6, labelled u, x⁽ʳ⁾ and y', async () => {
    for (let R = 0; R <= 6; R++) {
      await hidden(...Array(R).fill(3))
      expect(layers()).toHaveLength(R + 2)
      expect(symbols()).toEqual(['u = x⁽⁰⁾', ...Array.from({ length: R }, (_, k) => `x⁽${'¹²³⁴⁵⁶'[k]}⁾`), `y = x⁽${'¹²³⁴⁵⁶⁷'[R]}⁾`])
      expect(w.findAll('[data-testid^="diagram-W-"]:not([data-testid*="shape"])')).toHaveLength(R + 1)
    }
  })

  it('draws the units of small layers and labels W with its shape n_{r+1} × n_r', async () => {
    await hidden(4, 2)
    expect(w.get(tid('diagram-layer-1')).findAll('circle.unit')).toHaveLength(4)
    expect(w.get(tid('diagram-layer-2')).findAll('circle.unit')).toHaveLength(2)
    expect(w.get(tid('diagram-W-shape-0')).text()).toBe('4×1')
    expect(w.get(tid('diagram-W-shape-1')).text()).toBe('2×4')
    expect(w.get(tid('diagram-W-shape-2')).text()).toBe('1×2')
    // small layers: every connection is drawn (4 × 2 between the hidden layers)
    expect(w.get(tid('diagram-W-1')).findAll('line')).toHaveLength(8)
    expect(w.get(tid('diagram-W-1')).get('title').text()).toContain('W⁽¹⁾ (2×4): 8 parameters')
  })

  it('draws a self-loop with V⁽ʳ⁾ and its shape exactly on the recurrent layers', async () => {
    s.project.network.hidden = [{ units: 3 }, { units: 5, recurrent: false }, { units: 2 }]
    await nextTick()
    expect(loops().map((l) => l.attributes('data-testid'))).toEqual(['diagram-loop-1', 'diagram-loop-3'])
    expect(w.get(tid('diagram-V-1')).text()).toBe('V⁽¹⁾ 3×3')
    expect(w.get(tid('diagram-V-3')).text()).toBe('V⁽³⁾ 2×2')
    expect(w.get(tid('diagram-loop-1')).get('title').text()).toContain('9 parameters')
    // output feedback
    s.project.network.output.recurrent = true
    await nextTick()
    expect(w.get(tid('diagram-V-4')).text()).toBe('V⁽⁴⁾ 1×1')
    expect(loops()).toHaveLength(3)
  })

  it('marks biases', async () => {
    expect(w.findAll('[data-testid^="diagram-bias-"]')).toHaveLength(2)
    s.project.network.hidden[0].bias = false
    await nextTick()
    expect(w.findAll('[data-testid^="diagram-bias-"]').map((b) => b.attributes('data-testid'))).toEqual(['diagram-bias-2'])
  })

  it('collapses a large layer to a few units, an ellipsis and its count, with a bundle of connections', async () => {
    await hidden(200, 3)
    const big = w.get(tid('diagram-layer-1'))
    expect(big.findAll('circle.unit')).toHaveLength(5)
    expect(big.find(tid('diagram-ellipsis-1')).exists()).toBe(true)
    expect(big.get(tid('diagram-collapsed-1')).text()).toBe('200')
    expect(big.findAll('[data-testid^="diagram-collapsed"]')).toHaveLength(1)
    expect(big.get(tid('diagram-count-1')).text()).toBe('n₁ = 200')
    expect(w.get(tid('diagram-V-1')).text()).toBe('V⁽¹⁾ 200×200')
    expect(w.get(tid('diagram-W-shape-1')).text()).toBe('3×200')
    expect(w.get(tid('diagram-W-1')).findAll('line').length).toBeLessThanOrEqual(16)
    expect(w.get(tid('diagram-layer-2')).find('[data-testid^="diagram-ellipsis"]').exists()).toBe(false)
  })

  it('shows the total parameter count of the layout in the header, following the spec', async () => {
    const total = () => w.get(tid('diagram-total')).text()
    expect(total()).toBe(`${s.project.layout!.size} parameters`)
    expect(s.project.layout!.size).toBe(4 + 16 + 4 + 4 + 1) // W0 V1 b1 W1 b2
    await hidden(200, 3)
    expect(total()).toBe(`${s.project.layout!.size.toLocaleString('en-US')} parameters`)
    expect(Number(w.get(tid('diagram-total')).attributes('data-count'))).toBe(s.project.layout!.size)
  })

  it('clicking a layer selects it, and the selection is highlighted', async () => {
    await hidden(3, 3)
    await w.get(tid('diagram-layer-0')).trigger('click')
    expect(s.editor.selectedLayer).toBe('input')
    await w.get(tid('diagram-layer-2')).trigger('click')
    expect(s.editor.selectedLayer).toBe(1)
    expect(w.get(tid('diagram-layer-2')).classes()).toContain('selected')
    await w.get(tid('diagram-layer-3')).trigger('click')
    expect(s.editor.selectedLayer).toBe('output')
    expect(w.get(tid('diagram-layer-2')).classes()).not.toContain('selected')
    await w.get(tid('diagram-layer-1')).trigger('keydown', { key: 'Enter' })
    expect(s.editor.selectedLayer).toBe(0)
  })

  it('draws an invalid spec as far as it can and says to fix the marked settings', async () => {
    expect(w.find(tid('diagram-invalid')).exists()).toBe(false)
    s.project.network.hidden[0].units = null as unknown as number
    await nextTick()
    expect(layers()).toHaveLength(3)
    expect(w.get(tid('diagram-count-1')).text()).toBe('n₁ = ?')
    expect(w.get(tid('diagram-W-shape-0')).text()).toBe('?×1')
    expect(w.get(tid('diagram-invalid')).text()).toBe('fix the marked settings')
    expect(w.find(tid('diagram-total')).exists()).toBe(false)
    s.project.network.hidden[0].units = 4
    await nextTick()
    expect(w.find(tid('diagram-invalid')).exists()).toBe(false)
    expect(w.find(tid('diagram-total')).exists()).toBe(true)
  })

  it('widens its viewBox with the number of layers', async () => {
    const width = () => Number(w.get('svg').attributes('viewBox')!.split(' ')[2])
    await hidden()
    const narrow = width()
    await hidden(...Array(6).fill(3))
    expect(width()).toBeGreaterThan(narrow)
  })
})
