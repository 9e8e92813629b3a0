import { defineStore } from 'pinia'
import { computed, ref, shallowRef, triggerRef } from 'vue'
import { api } from '../api'
import type { EventMap, RunStatus } from '../../shared/ipc'

const ENDED: RunStatus[] = ['completed', 'stopped', 'failed']

/** The current training run: its status and loss history, fed by the main process's events. */
export const useTrainingStore = defineStore('training', () => {
  const runId = ref<string | null>(null)
  const status = ref<RunStatus | null>(null)
  const epoch = ref(0)
  const message = ref<string | null>(null)
  /** E per epoch; a plain array in a shallowRef (it grows by thousands), re-triggered on each batch. */
  const losses = shallowRef<number[]>([])
  const seconds = ref(0) // training time summed from the epoch reports
  const error = ref<string | null>(null)
  /** A start request is on its way (Train stays disabled, so one click starts one run). */
  const starting = ref(false)

  const running = computed(() => status.value !== null && !ENDED.includes(status.value))
  const lastLoss = computed(() => losses.value.at(-1) ?? null)
  const epochsPerSecond = computed(() => (seconds.value > 0 ? losses.value.length / seconds.value : null))

  /** Events that arrive while a start request is on its way may belong to the run it starts: kept until
   *  its id is known, then replayed. */
  let early: (() => void)[] = []
  const ours = (id: string, replay: () => void) => {
    if (starting.value && id !== runId.value) early.push(replay)
    return id === runId.value
  }

  function onProgress(e: EventMap['training:progress']): void {
    if (!ours(e.runId, () => onProgress(e))) return
    for (const r of e.reports) {
      losses.value.push(r.loss)
      seconds.value += r.seconds
      epoch.value = r.epoch
    }
    triggerRef(losses)
  }

  function onStatus(e: EventMap['training:status']): void {
    if (!ours(e.runId, () => onStatus(e))) return
    status.value = e.status
    epoch.value = Math.max(epoch.value, e.epoch)
    message.value = e.message ?? null
  }

  let subscribed = false
  async function subscribe(): Promise<void> {
    if (subscribed) return
    subscribed = true
    api.on('training:progress', onProgress)
    api.on('training:status', onStatus)
    // after a reload: take up a run that is still going, so it can be paused and stopped again
    const live = (await api.training.list()).filter((r) => !ENDED.includes(r.status)).at(-1)
    if (live) {
      runId.value = live.runId
      status.value = live.status
      epoch.value = live.epoch
    }
    await api.app.ready()
  }

  /** Runs a command, showing a failure instead of throwing. */
  async function attempt(what: string, command: () => Promise<unknown>): Promise<void> {
    error.value = null
    try {
      await command()
    } catch (e) {
      error.value = `Could not ${what}: ${(e as Error).message}`
    }
  }

  async function trainExample(exampleId: string, epochs?: number): Promise<void> {
    if (starting.value) return
    starting.value = true
    await attempt('start training', async () => {
      const project = await api.examples.open(exampleId)
      const id = await api.training.start({ project, ...(epochs !== undefined ? { epochs } : {}) })
      runId.value = id // events of other runs are ignored from here on
      losses.value = []
      seconds.value = 0
      epoch.value = 0
      message.value = null
      status.value = 'starting'
    })
    starting.value = false
    const replay = early
    early = []
    replay.forEach((r) => r())
  }

  const withRun = (what: string, command: (id: string) => Promise<unknown>) => () => (runId.value ? attempt(what, () => command(runId.value!)) : Promise.resolve())
  const pause = withRun('pause', (id) => api.training.pause(id))
  const resume = withRun('resume', (id) => api.training.resume(id))
  const step = withRun('step', (id) => api.training.step(id))
  const stop = withRun('stop', (id) => api.training.stop(id))

  return { runId, status, epoch, message, losses, seconds, error, running, starting, lastLoss, epochsPerSecond, subscribe, trainExample, pause, resume, step, stop }
})
