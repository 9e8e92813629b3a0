// Exposes exactly `window.api`; its shape comes from the shared IPC contract. No logic here.
import { contextBridge, ipcRenderer } from 'electron'
import { createWindowApi } from '../shared/ipc'

contextBridge.exposeInMainWorld(
  'api',
  createWindowApi(
    (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    (event, listener) => {
      const wrapped = (_e: unknown, payload: unknown) => listener(payload)
      ipcRenderer.on(event, wrapped)
      return () => ipcRenderer.removeListener(event, wrapped)
    },
  ),
)
