/**
 * Which web permissions the window gets: Electron asks main twice, when a page requests a permission
 * (setPermissionRequestHandler) and when it checks one without asking (setPermissionCheckHandler, e.g.
 * navigator.permissions.query, or the clipboard before a write). Both answer with `permissionGranted`.
 * Electron-free, so it is tested under Node (test/node/permissions.test.ts).
 *
 * The app needs one: Monaco's Copy and Cut (its context menu, and the keys where the browser's own copy event
 * is not used) write text through navigator.clipboard.writeText, which Chromium checks as
 * 'clipboard-sanitized-write' (sanitized: plain text, no files or scripts). Reading the clipboard is not
 * granted: pasting goes through the Edit menu's paste role and the keyboard, which need no permission; Monaco's
 * context-menu Paste then says it cannot read the clipboard. ECharts and Vue need no permission at all.
 * Everything else (camera, microphone, geolocation, notifications, MIDI, HID, serial, USB, fullscreen,
 * pointer lock, storage access, window management, …) is denied, and any request not from one of the app's
 * own windows is denied too.
 */
export const GRANTED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write']

export interface PermissionQuery {
  /** Electron's permission name ('media', 'clipboard-read', 'clipboard-sanitized-write', …). */
  permission: string
  /** The asking page is in a window the app created (isTrustedRequest, src/node/trust.ts, says which pages). */
  trusted: boolean
}

export function permissionGranted(query: PermissionQuery): boolean {
  return query.trusted && GRANTED_PERMISSIONS.includes(query.permission)
}
