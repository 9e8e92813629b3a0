// The sweep host behind the page's window.api, in Chromium through the test harness (the same handlers and
// event queue as the app): a sweep started from the page reports its records and progress to the page's event
// listeners, and its runs are not among the window's training runs. (The Experiments panel has its own e2e.)
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeBrowser, launchHarness, type Harness, waitFor } from '../harness/harness.js'

let h: Harness
beforeEach(async () => {
  h = await launchHarness()
})
afterEach(async () => {
  await h.close()
})
afterAll(closeBrowser)

interface PageApi {
  api: {
    examples: { open(id: string): Promise<unknown> }
    sweeps: { start(request: unknown): Promise<{ sweepId: string }>; list(): Promise<{ status: string }[]> }
    training: { list(): Promise<unknown[]> }
    on(event: string, listener: (payload: unknown) => void): void
  }
  seen: { records: { index: number; record: { label: string; epochs: number } }[]; progress: { status: string }[] }
}

describe('sweeps through window.api', () => {
  it('a sweep started from the page sends its records and progress to the page', async () => {
    const started = await h.page.evaluate(async () => {
      const g = globalThis as unknown as PageApi
      g.seen = { records: [], progress: [] }
      g.api.on('sweeps:record', (p) => g.seen.records.push(p as PageApi['seen']['records'][number]))
      g.api.on('sweeps:progress', (p) => g.seen.progress.push(p as { status: string }))
      const project = await g.api.examples.open('lecture-minimal')
      const state = await g.api.sweeps.start({ project, path: null, spec: { params: [{ name: 'learningRate', values: { kind: 'list', values: [0.5, 1] } }], epochs: 4 }, parallel: 2 })
      return { state, training: await g.api.training.list() }
    })
    expect(started.state.sweepId).toBe('sweep-1')
    expect(started.training).toEqual([])
    await waitFor(() => h.page.evaluate(() => (globalThis as unknown as PageApi).seen.progress.at(-1)?.status === 'finished'), 60_000)
    const seen = await h.page.evaluate(() => (globalThis as unknown as PageApi).seen)
    expect(seen.records.map((r) => [r.index, r.record.label, r.record.epochs]).sort()).toEqual([
      [0, 'learningRate=0.5', 4],
      [1, 'learningRate=1', 4],
    ])
    expect(await h.page.evaluate(() => (globalThis as unknown as PageApi).api.sweeps.list())).toHaveLength(1)
  })
})
