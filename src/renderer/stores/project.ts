import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef, watch } from 'vue'
import { paramLayout, normalizeNetworkSpec, specIssues, type NetworkSpec, type SpecIssue, type TrainingSpec } from '../../core/index'
import { blankProject } from '../../shared/blank-project'
import { blankProjectText } from '../i18n'
import { LIMITS, PROJECT_FORMAT, projectFileVersion } from '../../shared/project-constants'
import type { InlineData, ProjectData, ProjectFile, RunRecord } from '../../shared/project-file'
import { addRecord, nextRecordId } from '../../shared/run-records'
import { decodeWeightArrays, shapeKey } from '../../shared/weights-codec'

/**
 * The open project: its network and training settings (small, deeply reactive, edited in place by the
 * editor), its data, weights and history (large, kept raw in shallowRefs and replaced whole), where it is
 * saved, and whether it has unsaved changes.
 */
/** A deep, plain copy of small JSON values (specs, metadata): reactive proxies cannot be structured-cloned. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

export const useProjectStore = defineStore('project', () => {
  const metadata = ref<ProjectFile['metadata']>({ name: 'Untitled' })
  const network = ref<NetworkSpec>({ inputSize: 1, hidden: [], output: { units: 1 } })
  const training = ref<TrainingSpec>({})
  /** The data as the file has it: the sequences themselves, or the script that makes them. */
  const data = shallowRef<ProjectData>({ kind: 'inline', inputSize: 1, outputSize: 1, train: [] })
  /**
   * The sequences the project trains on: inline data itself, or what its script made on its last successful
   * run (set by the data store); null while a script has not produced data yet.
   */
  const dataset = shallowRef<InlineData | null>(null)
  /** Trained weights in file form (base64), or null before training / after a reset. */
  const weights = shallowRef<ProjectFile['weights']>(null)
  const history = shallowRef<NonNullable<ProjectFile['history']>>({ loss: [] })
  /** The records of the project's ended runs (oldest first), replaced whole: they hold loss histories and
   *  weights, so they are never made deeply reactive. */
  const runs = shallowRef<RunRecord[]>([])
  const path = ref<string | null>(null)
  const dirty = ref(false)

  // any edit of the specs or the name marks the project as changed; load() clears it again
  let loading = false
  watch([metadata, network, training], () => {
    if (!loading) dirty.value = true
  }, { deep: true })

  /** Every problem of the specs, and sizes that do not fit the data, by JSON path. */
  const issues = computed<SpecIssue[]>(() => {
    const found = specIssues(network.value, training.value)
    const d = dataset.value
    if (d && network.value.inputSize !== d.inputSize) found.push({ path: 'network.inputSize', problem: `the data set has m = ${d.inputSize} inputs` })
    if (d && network.value.output?.units !== d.outputSize) found.push({ path: 'network.output.units', problem: `the data set has ℓ = ${d.outputSize} targets` })
    // the limits a project file has, so that what the editor accepts can be saved
    network.value.hidden?.forEach((layer, r) => {
      if (layer.units > LIMITS.units) found.push({ path: `network.hidden[${r}].units`, problem: `at most ${LIMITS.units} units` })
    })
    if (network.value.hidden?.length > LIMITS.hiddenLayers) found.push({ path: 'network.hidden', problem: `at most ${LIMITS.hiddenLayers} hidden layers` })
    const size = layout.value?.size ?? 0
    if (size > LIMITS.parameters) {
      // marked at the size that is most to blame (the widest hidden layer, else the larger end), so that a field
      // shows it: "the marked settings" always point at something
      const hidden = network.value.hidden ?? []
      const widest = hidden.reduce((best, layer, r) => (layer.units > hidden[best].units ? r : best), 0)
      const path = hidden.length > 0 ? `network.hidden[${widest}].units` : network.value.inputSize >= network.value.output.units ? 'network.inputSize' : 'network.output.units'
      const count = (n: number) => n.toLocaleString('en-US')
      found.push({ path, problem: `too large: the network would have ${count(size)} parameters, at most ${count(LIMITS.parameters)} are allowed` })
    }
    return found
  })
  const issueAt = (p: string): string | null => issues.value.find((i) => i.path === p)?.problem ?? null
  const valid = computed(() => issues.value.length === 0)

  /** Parameter count per matrix and in total, when the network is valid. */
  const layout = computed(() => {
    try {
      return paramLayout(normalizeNetworkSpec(network.value))
    } catch {
      return null
    }
  })

  // weights belong to the network that trained them: a change of shape (units, layers, recurrence, bias)
  // makes them unusable, so they go; activation or training changes keep them
  /** The weights' layout in one string: names and shapes of every matrix ('' while the spec is invalid). */
  const shape = computed(() => (layout.value ? shapeKey(layout.value.entries) : ''))
  watch(shape, (now) => {
    // a spec that is invalid for a moment (a field being retyped) keeps the weights; a valid one that does not
    // fit them drops them, set aside so that Undo can bring them back with the network they fit
    if (!loading && now !== '' && weights.value && shapeKey(weights.value.arrays) !== now) {
      setAside.value = { network: trainedNetwork, training: null, weights: weights.value, history: history.value }
      weights.value = null
      history.value = { loss: [] }
    }
  })

  /**
   * Trained weights an edit made useless (a layer's size, a layer added or removed, the lecture preset), with the
   * specs they were trained with: Undo puts all of it back. null when nothing was set aside since the last load,
   * run or reset.
   */
  const setAside = shallowRef<{ network: NetworkSpec; training: TrainingSpec | null; weights: NonNullable<ProjectFile['weights']>; history: NonNullable<ProjectFile['history']> } | null>(null)
  /** The network the current weights were trained with (a plain copy, taken when they arrived). */
  let trainedNetwork: NetworkSpec = plain(network.value)

  /** Undo of the edit that set trained weights aside: its network (and settings) and the weights come back. */
  function restoreSetAside(): void {
    const kept = setAside.value
    if (!kept) return
    setAside.value = null
    // weights first: when the shape watcher runs, the network it sees fits them again
    weights.value = kept.weights
    history.value = kept.history
    network.value = plain(kept.network)
    if (kept.training) training.value = plain(kept.training)
    trainedNetwork = plain(kept.network)
  }
  /** The layout as far as weights care (names, shapes, offsets): the same object until the shape changes, so
   *  that an edit that keeps the shape (an activation, the learning rate) does not decode the weights again. */
  const weightsLayout = computed<typeof layout.value>((previous) => (previous && layout.value && shapeKey(previous.entries) === shape.value ? previous : layout.value))
  /**
   * The trained weights decoded once, flat in the network's parameter layout: what every chart and pane reads.
   * null without weights, or while they do not fit the network (a spec being edited). A big typed array:
   * marked raw, so that nothing ever wraps it in a reactive proxy; it is replaced whole with the weights.
   * Non-finite values (a run that diverged) are kept, so that the charts show them as they are.
   */
  const parameters = computed<Float64Array | null>(() => {
    const w = weights.value
    const l = weightsLayout.value
    if (!w || !l) return null
    try {
      return markRaw(decodeWeightArrays(w.arrays, l, 'weights.arrays', { finite: false }))
    } catch {
      return null
    }
  })

  /** Counts load()s: a result that arrives for an earlier project must not land in this one. */
  const generation = ref(0)

  const title = computed(() => `${dirty.value ? '• ' : ''}${metadata.value.name} — RNN Workbench`)
  watch(title, (t) => (document.title = t), { immediate: true })

  /** Replaces the open project. `unsaved`: it holds changes no file has (e.g. recovered work). */
  function load(file: ProjectFile, at: string | null, opts: { unsaved?: boolean } = {}): void {
    loading = true
    generation.value++
    metadata.value = plain(file.metadata)
    network.value = plain(file.network)
    training.value = plain(file.training)
    data.value = file.data
    dataset.value = file.data.kind === 'inline' ? file.data : null
    weights.value = file.weights ?? null
    history.value = file.history ?? { loss: [] }
    runs.value = file.runs ? markRaw([...file.runs]) : []
    trainedNetwork = plain(file.network)
    setAside.value = null
    path.value = at
    // the deep watcher runs after this tick: clear the flag then
    void Promise.resolve().then(() => {
      loading = false
      dirty.value = opts.unsaved ?? false
    })
  }

  /** The project as a plain object (no reactive proxies: it crosses IPC by structured clone). */
  function toFile(): ProjectFile {
    return {
      format: PROJECT_FORMAT,
      version: projectFileVersion(runs.value),
      metadata: { ...plain(metadata.value), modifiedAt: new Date().toISOString() },
      network: plain(network.value),
      training: plain(training.value),
      data: data.value,
      weights: weights.value,
      history: history.value,
      ...(runs.value.length > 0 ? { runs: runs.value } : {}),
    }
  }

  // ---- run records (issue 14; src/shared/run-records.ts decides which keep their weights) ----

  /** Adds the record of an ended run under the project's next free id (its own id is provisional), and
   *  returns that id. */
  function addRun(record: RunRecord): string {
    const id = nextRecordId(runs.value)
    runs.value = markRaw(addRecord(runs.value, { ...record, id }))
    dirty.value = true
    return id
  }

  /** Pins a record (it keeps its weights whatever its result) or unpins it. */
  function setPinned(id: string, pinned: boolean): void {
    const changed = runs.value.map((r) => {
      if (r.id !== id) return r
      const { pinned: _p, ...rest } = r
      return pinned ? { ...rest, pinned: true } : rest
    })
    // the rules of the file again: an unpinned record that is not the best loses its weights
    runs.value = markRaw(changed.reduce<RunRecord[]>((kept, r) => addRecord(kept, r), []))
    dirty.value = true
  }

  function deleteRun(id: string): void {
    runs.value = markRaw(runs.value.filter((r) => r.id !== id))
    dirty.value = true
  }

  /**
   * "Use this run": the record's network and training settings become the project's, with its final weights and
   * loss history when the record kept them (and every loss was finite); otherwise the settings only, from the
   * seed. Returns whether the weights came along.
   */
  function useRun(id: string): boolean {
    const record = runs.value.find((r) => r.id === id)
    if (!record) return false
    const losses = record.loss.every((x) => x !== null) ? (record.loss as number[]) : null
    const validation = record.validationLoss?.every((x) => x !== null) ? (record.validationLoss as number[]) : undefined
    const withWeights = record.weights !== undefined && losses !== null
    setAside.value = null
    // weights first: when the shape watcher runs, the network it sees fits them
    if (withWeights) {
      weights.value = record.weights!
      // a run that continued earlier weights has no record of the epochs before it: no history then
      history.value = record.startEpoch === 0 ? { loss: [...losses], ...(validation ? { validationLoss: [...validation] } : {}) } : { loss: [] }
    } else {
      weights.value = null
      history.value = { loss: [] }
    }
    network.value = plain(record.network)
    training.value = plain(record.training)
    trainedNetwork = plain(record.network)
    dirty.value = true
    return withWeights
  }

  /** New data for the project (an import, an edited script): kept, and marked as a change. */
  function setData(next: ProjectData, made: InlineData | null = next.kind === 'inline' ? next : null): void {
    data.value = next
    dataset.value = made
    dirty.value = true
  }

  /** Weights and history after a training run (they belong to the specs that trained them). */
  function setTrained(w: NonNullable<ProjectFile['weights']>, trained: NonNullable<ProjectFile['history']>): void {
    weights.value = w
    history.value = trained
    trainedNetwork = plain(network.value)
    setAside.value = null
    dirty.value = true
  }

  /** Forget the trained weights: the next run starts from the seed (the same seed, the same start). */
  function resetWeights(): void {
    setAside.value = null
    weights.value = null
    history.value = { loss: [] }
    dirty.value = true
  }

  /** A new seed, and the weights it gives. */
  function newSeed(): void {
    training.value.seed = Math.floor(Math.random() * 0xffffffff)
    resetWeights()
  }

  /** The lecture's model: sigmoid everywhere, no biases, the notes' gradient, full-batch gradient descent. */
  function applyLecturePreset(): void {
    // trained weights are set aside rather than lost: Undo brings back the settings and the weights
    const before = weights.value ? { network: plain(network.value), training: plain(training.value), weights: weights.value, history: history.value } : null
    for (const layer of network.value.hidden) Object.assign(layer, { activation: 'sigmoid', recurrent: true, bias: false })
    Object.assign(network.value.output, { activation: 'sigmoid', recurrent: false, bias: false })
    Object.assign(training.value, { loss: 'sse', gradient: 'lecture', optimizer: 'sgd', batch: 'full' })
    resetWeights()
    setAside.value = before
  }

  function newBlank(): void {
    load(blankProject(new Date(), blankProjectText()), null)
  }

  return { metadata, network, training, data, dataset, setData, weights, parameters, history, runs, addRun, setPinned, deleteRun, useRun, path, dirty, issues, issueAt, valid, layout, shape, generation, title, load, toFile, setTrained, resetWeights, setAside, restoreSetAside, newSeed, applyLecturePreset, newBlank }
})
