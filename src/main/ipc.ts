/**
 * Electron glue for requests: one ipcMain.handle per channel of the shared contract, accepting requests
 * only from the app's own windows and pages, then validating and dispatching them (ipc-dispatch.ts).
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { listChannels } from '../shared/ipc'
import type { Dispatch } from '../node/ipc-dispatch'

export function registerIpc(dispatch: Dispatch, isTrusted: (sender: WebContents, frameUrl: string | undefined) => boolean): void {
  for (const { channel } of listChannels()) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrusted(event.sender, event.senderFrame?.url)) throw new Error(`request to ${channel} refused: not from an app window`)
      return dispatch(channel, args)
    })
  }
}
