/**
 * Request dispatch, Electron-free: validates a request's arguments against its channel's schema in the
 * shared contract, then calls the handler. Electron's ipcMain (src/main/ipc.ts) and the test harness's
 * browser bridge both go through here, so the harness exercises exactly what the app runs.
 */
import type { z } from 'zod'
import { listChannels, type IpcHandlers } from '../shared/ipc.js'
import { requestSchemas } from '../shared/ipc-schemas.js'
import { safeMessage } from '../shared/messages.js'

export type Dispatch = (channel: string, args: unknown[]) => Promise<unknown>

export function createDispatcher(handlers: IpcHandlers): Dispatch {
  const table = new Map(
    listChannels().map(({ domain, method, channel }) => {
      const handler = (handlers as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[domain]?.[method]
      const args = (requestSchemas as unknown as Record<string, Record<string, z.ZodType<unknown[]>>>)[domain][method]
      if (!handler) throw new Error(`no IPC handler for ${channel}`)
      return [channel, { handler, args }] as const
    }),
  )
  return async (channel, args) => {
    const entry = table.get(channel)
    if (!entry) throw new Error(`unknown channel ${JSON.stringify(channel)}`)
    const parsed = entry.args.safeParse(args)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new Error(`invalid request to ${channel}: ${issue.path.length ? `argument ${issue.path.join('.')}: ` : ''}${issue.message}`)
    }
    try {
      return await entry.handler(...parsed.data)
    } catch (e) {
      // what reaches the window may quote a file: controls escaped, lines cut (src/shared/messages.ts)
      throw new Error(safeMessage(e instanceof Error ? e.message : String(e)))
    }
  }
}
