// The one module that touches window.api (exposed by the preload, or by the test harness in a browser).
import type { WindowApi } from '../shared/ipc'

export const api: WindowApi = window.api
