// Mounting renderer components against a fresh Pinia with the blank project loaded. The component tests run
// in happy-dom (each file starts with `// @vitest-environment happy-dom`). The training store reads
// window.api when it is imported (src/renderer/api.ts); in these tests it is undefined, and nothing calls it.
//
// Type checking: test/renderer is checked by tsconfig.web.json, with the renderer's sources.
import { mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { Component } from 'vue'
import { blankProject } from '../../src/shared/blank-project'
import type { RunStatus } from '../../src/shared/ipc'
import type { ProjectFile } from '../../src/shared/project-file'
import { useProjectStore } from '../../src/renderer/stores/project'
import { useTrainingStore } from '../../src/renderer/stores/training'
import { useEditorStore } from '../../src/renderer/stores/editor'

export type ProjectStore = ReturnType<typeof useProjectStore>

/** Makes the training store show a run in `status` ('running', 'paused', 'completed', ...). */
export function runIs(status: string): void {
  const training = useTrainingStore()
  training.runs = [{ runId: 'run-1', label: '', status: status as RunStatus, epoch: 0, startEpoch: 0, message: null, kernels: null, losses: [], validation: [], gradNorms: [], scores: [], scoreEpochs: [], validationScores: [], seconds: 0, generation: null }]
  training.currentId = 'run-1'
}

export interface Setup {
  pinia: Pinia
  project: ProjectStore
  editor: ReturnType<typeof useEditorStore>
}

/**
 * The blank project with inline data of the same sizes as its script's (m = ℓ = 1): these tests run without
 * main's sandbox, so nothing would run the script.
 */
export function blankInlineProject(): ProjectFile {
  const bits = [[1, 0, 1, 1, 0, 0], [0, 1, 1, 0, 1, 0]]
  const train = bits.map((x) => ({ u: x.map((b) => [b]), z: x.map((_, t) => (t === 0 ? null : [x[t - 1]])) }))
  return { ...blankProject(), data: { kind: 'inline', inputSize: 1, outputSize: 1, train } }
}

/** A fresh Pinia with the blank project (1 input, one hidden layer of 4 tanh units, 1 sigmoid output). */
export function setup(): Setup {
  const pinia = createPinia()
  setActivePinia(pinia)
  const project = useProjectStore()
  project.load(blankInlineProject(), null)
  return { pinia, project, editor: useEditorStore() }
}

export function mountWith(component: Component, pinia: Pinia): VueWrapper {
  return mount(component, { global: { plugins: [pinia] } })
}

/** `[data-testid="..."]`, for test ids with dots and brackets such as `field-network.hidden[0].units`. */
export const tid = (id: string): string => `[data-testid="${id}"]`

/** The value or checked state of an input or select (without naming DOM types). */
export const valueOf = (w: DOMWrapper<Element> | Omit<DOMWrapper<Element>, 'exists'>): string => (w.element as HTMLInputElement).value
export const checkedOf = (w: DOMWrapper<Element> | Omit<DOMWrapper<Element>, 'exists'>): boolean => (w.element as HTMLInputElement).checked
