/**
 * Events to a window, queued until its page says it is ready (it has subscribed), then sent in order.
 * Electron-free: the app sends with webContents.send, the test harness into a browser page.
 */
import type { EventMap, EventName } from '../shared/ipc.js'

export class EventQueue {
  private queued: [EventName, unknown][] = []
  private isReady = false

  constructor(private readonly send: (name: EventName, payload: unknown) => void) {}

  emit<E extends EventName>(name: E, payload: EventMap[E]): void {
    if (this.isReady) this.send(name, payload)
    else this.queued.push([name, payload])
  }

  /** The page has subscribed: send what waited, then send directly. */
  ready(): void {
    this.isReady = true
    for (const [name, payload] of this.queued.splice(0)) this.send(name, payload)
  }

  /** The page went away (reload): queue again until it is ready. */
  reset(): void {
    this.isReady = false
  }
}
