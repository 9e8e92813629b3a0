// Stands in for the 'electron' module when the harness bundles the real preload (src/preload/index.ts)
// for a browser page: contextBridge puts the api on window; ipcRenderer talks to the harness's bridge
// (window.__rnnwbInvoke, exposed by Playwright) and receives events through window.__rnnwbDeliver.
type Listener = (event: unknown, payload: unknown) => void
const w = globalThis as unknown as Record<string, unknown>
const listeners = new Map<string, Set<Listener>>()

w.__rnnwbDeliver = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l({}, payload))

export const contextBridge = {
  exposeInMainWorld(key: string, value: unknown): void {
    w[key] = value
  },
}

export const ipcRenderer = {
  // requests and answers cross the bridge as JSON text, as they would by structured clone in Electron
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const answer = await (w.__rnnwbInvoke as (channel: string, args: string) => Promise<string>)(channel, JSON.stringify(args))
    return JSON.parse(answer)
  },
  on(channel: string, listener: Listener): void {
    if (!listeners.has(channel)) listeners.set(channel, new Set())
    listeners.get(channel)!.add(listener)
  },
  removeListener(channel: string, listener: Listener): void {
    listeners.get(channel)?.delete(listener)
  },
}
