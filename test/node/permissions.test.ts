// The window's web permissions (src/node/permissions.ts): the one the editor needs, from the app's own page only;
// and main answers both the request and the check handler with it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { GRANTED_PERMISSIONS, permissionGranted } from '../../src/node/permissions.js'

// every permission name Electron 45 passes to the check handler (electron.d.ts), and the request handler's extras
const ELECTRON_PERMISSIONS = [
  'ar', 'automatic-fullscreen', 'background-fetch', 'background-sync', 'captured-surface-control', 'clipboard-read', 'clipboard-sanitized-write',
  'deprecated-sync-clipboard-read', 'display-capture', 'fileSystem', 'fullscreen', 'geolocation', 'geolocation-approximate', 'hand-tracking', 'hid',
  'idle-detection', 'keyboardLock', 'local-fonts', 'local-network', 'local-network-access', 'loopback-network', 'media', 'mediaKeySystem', 'midi',
  'midiSysex', 'nfc', 'notifications', 'openExternal', 'payment-handler', 'periodic-background-sync', 'persistent-storage', 'pointerLock',
  'screen-wake-lock', 'sensors', 'serial', 'smart-card', 'speaker-selection', 'storage-access', 'system-wake-lock', 'top-level-storage-access', 'usb',
  'vr', 'web-app-installation', 'web-printing', 'window-management', 'unknown',
]

describe('permissionGranted', () => {
  it("grants the app's own page only the sanitized clipboard write (Monaco's Copy and Cut)", () => {
    const granted = ELECTRON_PERMISSIONS.filter((permission) => permissionGranted({ permission, trusted: true }))
    expect(granted).toEqual(['clipboard-sanitized-write'])
    expect(GRANTED_PERMISSIONS).toEqual(['clipboard-sanitized-write'])
  })

  it('denies everything to a page that is not the app (another URL, another window, no web contents)', () => {
    expect(ELECTRON_PERMISSIONS.filter((permission) => permissionGranted({ permission, trusted: false }))).toEqual([])
  })

  it('denies names it does not know (a newer Electron may add some)', () => {
    expect(permissionGranted({ permission: 'clipboard-write', trusted: true })).toBe(false)
    expect(permissionGranted({ permission: '', trusted: true })).toBe(false)
  })
})

describe('main wires it', () => {
  const main = readFileSync(join(import.meta.dirname, '../../src/main/index.ts'), 'utf8')
  it('into both the request and the check handler, and denies every device', () => {
    expect(main).toMatch(/setPermissionRequestHandler\(\(contents, permission, callback, details\) => callback\(granted\(/)
    expect(main).toMatch(/setPermissionCheckHandler\(\(contents, permission, _origin, details\) => granted\(/)
    expect(main).toMatch(/setDevicePermissionHandler\(\(\) => false\)/)
    expect(main).toMatch(/permissionGranted\(\{ permission, trusted: contents !== null && isTrusted\(/)
  })
})
