import { defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * What the network editor and the network diagram share: the layer the user is looking at. Clicking a layer
 * in either selects it; the editor scrolls its card into view, the diagram highlights its column.
 *
 * A layer is named as the spec lists it: 'input' (u = x⁽⁰⁾, m units), a hidden layer by its index k into
 * `network.hidden` (the lecture's layer r = k + 1, n_r units) or 'output' (y = x⁽ᴿ⁺¹⁾, ℓ units).
 */
export type LayerRef = 'input' | number | 'output'

export const useEditorStore = defineStore('editor', () => {
  const selectedLayer = ref<LayerRef | null>(null)

  function select(layer: LayerRef | null): void {
    selectedLayer.value = layer
  }

  /** Hidden layer k was removed: a selection of it goes, a selection of a later layer moves up by one. */
  function layerRemoved(k: number): void {
    const s = selectedLayer.value
    if (typeof s === 'number') selectedLayer.value = s === k ? null : s > k ? s - 1 : s
  }

  return { selectedLayer, select, layerRemoved }
})

// The lecture's symbols, written with Unicode super- and subscripts so they fit in labels and options.
const SUP: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', R: 'ᴿ', r: 'ʳ' }
const SUB: Record<string, string> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', r: 'ᵣ' }
const script = (table: Record<string, string>, s: string | number) => [...String(s)].map((ch) => table[ch] ?? ch).join('')

/** `sup(3)` is '³': for layer indices such as x⁽³⁾ and W⁽⁰⁾. */
export const sup = (s: string | number): string => script(SUP, s)
/** `sub(2)` is '₂': for unit counts such as n₂. */
export const sub = (s: string | number): string => script(SUB, s)
/** x⁽ʳ⁾, the activations of layer r. */
export const layerSymbol = (r: number): string => `x⁽${sup(r)}⁾`
