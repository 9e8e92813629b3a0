import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '../api'
import type { ExampleInfo } from '../../shared/ipc'

/** The bundled examples and which one is selected. */
export const useExamplesStore = defineStore('examples', () => {
  const examples = ref<ExampleInfo[]>([])
  const selectedId = ref<string | null>(null)
  const error = ref<string | null>(null)

  async function load(): Promise<void> {
    try {
      examples.value = await api.examples.list()
      selectedId.value ??= examples.value[0]?.id ?? null
    } catch (e) {
      error.value = `Could not list the examples: ${(e as Error).message}`
    }
  }

  return { examples, selectedId, error, load }
})
