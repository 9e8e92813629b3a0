/**
 * From a formula's symbol to what it names in the window: the field of the network editor or the training
 * settings (by data-testid), or the layer card of a weight matrix. Hovering marks the element (class
 * `lab-linked`, styled in App.vue) and clicking selects the layer (editor store) and focuses the field.
 * The elements belong to other components: they are found by their test ids, the only names they share.
 */
import type { SymbolTarget } from './formulas'
import { useEditorStore } from '../stores/editor'

const MARK = 'lab-linked'
let marked: Element | null = null

function elementOf(target: SymbolTarget, root: ParentNode = document): HTMLElement | null {
  return root.querySelector<HTMLElement>(`[data-testid="${CSS.escape(target.testid)}"]`)
}

/** The box to mark around a field: its label and input together (a field wrapper), else the element itself. */
function boxOf(el: HTMLElement): Element {
  return el.closest('.field') ?? el
}

/** Marks what `target` names (null: marks nothing). Returns whether there was something to mark. */
export function highlightTarget(target: SymbolTarget | null, root: ParentNode = document): boolean {
  marked?.classList.remove(MARK)
  marked = null
  if (!target) return false
  const el = elementOf(target, root)
  if (!el) return false
  marked = boxOf(el)
  marked.classList.add(MARK)
  return true
}

/** Selects the layer of a matrix and focuses the field `target` names (a text field's text selected), and
 *  brings it into view. Returns false when the element is not in the window (a field the settings hide). */
export function focusTarget(target: SymbolTarget, root: ParentNode = document): boolean {
  if (target.layer !== undefined) useEditorStore().select(target.layer)
  const el = elementOf(target, root)
  if (!el) return false
  if (typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'nearest' })
  if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLButtonElement) {
    el.focus()
    if (el instanceof HTMLInputElement && el.type !== 'checkbox') el.select()
  }
  return true
}
