import { defineStore } from 'pinia'
import { ref } from 'vue'

/** A layer of the network as the editor and the diagram name it: the input u, hidden layer k (0-based index
 *  into `network.hidden`, the lecture's layer r = k + 1) or the output y. */
export type LayerRef = 'input' | number | 'output'

/** What the network editor and the diagram share: the layer the user is looking at. */
export const useEditorStore = defineStore('editor', () => {
  const selectedLayer = ref<LayerRef | null>(null)

  function select(layer: LayerRef | null): void {
    selectedLayer.value = layer
  }

  return { selectedLayer, select }
})
