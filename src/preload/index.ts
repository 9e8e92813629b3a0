import { contextBridge, ipcRenderer } from 'electron'
import { createWindowApi } from '../shared/ipc'

// Exposes exactly `window.api`; its shape comes from the shared IPC contract.
contextBridge.exposeInMainWorld(
  'api',
  createWindowApi((channel, ...args) => ipcRenderer.invoke(channel, ...args)),
)
