/// <reference types="vite/client" />
import type { WindowApi } from '../shared/ipc'

// `window.api` is exposed by the preload (src/preload/index.ts); only the renderer sees this declaration.
declare global {
  interface Window {
    api: WindowApi
  }
}

export {}
