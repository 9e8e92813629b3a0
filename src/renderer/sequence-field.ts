import { computed, ref, watch, type Ref } from 'vue'
import { t as tr } from './i18n'

/**
 * A field that chooses a sequence by its index: the text as typed (checked as text: a number input would hand
 * v-model numbers), its problem, if any, and the chosen index taken only when the text is a valid one.
 * Used by the states panel and the data preview.
 */
export function useSequenceField(opts: { count: Ref<number>; current: () => number; choose: (p: number) => void }) {
  const text = ref(String(opts.current()))
  // a choice made elsewhere (another set, another project) replaces what was typed
  watch(opts.current, (p) => {
    if (Number(text.value) !== p) text.value = String(p)
  })
  const error = computed(() => {
    const t = text.value.trim()
    const n = opts.count.value
    return /^\d+$/.test(t) && Number(t) < n ? null : n === 1 ? tr('sequenceField.onlyOne') : tr('sequenceField.choose', { max: n - 1 })
  })
  /** Chooses the typed sequence, when it is a valid one. */
  function take(): void {
    if (error.value === null) opts.choose(Number(text.value.trim()))
  }
  function onInput(event: Event): void {
    text.value = (event.target as HTMLInputElement).value
    take()
  }
  return { text, error, take, onInput }
}
