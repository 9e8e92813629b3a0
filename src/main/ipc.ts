import { ipcMain } from 'electron'
import { listChannels, type IpcHandlers } from '../shared/ipc'

/** Registers one `ipcMain.handle` per channel in the shared contract; `handlers` must cover all of them. */
export function registerIpcHandlers(handlers: IpcHandlers): void {
  const table = handlers as unknown as Record<string, Record<string, (...args: unknown[]) => unknown>>
  for (const { domain, method, channel } of listChannels()) {
    const handler = table[domain]?.[method]
    if (!handler) throw new Error(`No IPC handler for ${channel}`)
    ipcMain.handle(channel, (_event, ...args: unknown[]) => handler(...args))
  }
}
