/**
 * The window's size and position between launches: a small JSON file in the user-data folder. Read back
 * only when it makes sense on today's displays (a window mostly off every screen, a screen that was
 * unplugged, or a garbled file gives the defaults); written atomically (a temporary file renamed over it),
 * so a crash mid-write leaves the old state. Electron-free: main passes the displays' work areas and the
 * window's bounds.
 */
import { renameSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  /** The window's normal (not maximized, not full-screen) bounds; undefined: let the system place it. */
  bounds?: Rect
  maximized: boolean
}

export const WINDOW_STATE_FILE = 'window-state.json'
export const DEFAULT_SIZE = { width: 1200, height: 800 } as const
export const MIN_SIZE = { width: 640, height: 480 } as const
/** At least this much of the window (each way) must lie on one display's work area to be reached with the mouse. */
const VISIBLE_PX = 100
const MAX_PX = 100_000

export const DEFAULT_WINDOW_STATE: WindowState = { maximized: false }

const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max

/** The overlap of two rectangles, or null. */
function overlap(a: Rect, b: Rect): { width: number; height: number } | null {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return width > 0 && height > 0 ? { width, height } : null
}

/**
 * The state saved in `value` if it is well-formed and the window would be reachable on one of `displays`
 * (their work areas); the defaults otherwise. A size larger than the display it lands on is kept (the system
 * clamps it), a size below MIN_SIZE is raised to it.
 */
export function validWindowState(value: unknown, displays: readonly Rect[]): WindowState {
  if (typeof value !== 'object' || value === null) return DEFAULT_WINDOW_STATE
  const { bounds, maximized } = value as { bounds?: Partial<Rect>; maximized?: unknown }
  const isMaximized = maximized === true
  if (typeof bounds !== 'object' || bounds === null) return { maximized: isMaximized }
  const { x, y, width, height } = bounds
  if (!isInt(x, -MAX_PX, MAX_PX) || !isInt(y, -MAX_PX, MAX_PX) || !isInt(width, 1, MAX_PX) || !isInt(height, 1, MAX_PX)) return { maximized: isMaximized }
  const rect = { x, y, width: Math.max(width, MIN_SIZE.width), height: Math.max(height, MIN_SIZE.height) }
  const onScreen = displays.some((d) => {
    const o = overlap(rect, d)
    return o !== null && o.width >= Math.min(VISIBLE_PX, rect.width) && o.height >= Math.min(VISIBLE_PX, rect.height)
  })
  return onScreen ? { bounds: rect, maximized: isMaximized } : { maximized: isMaximized }
}

/** The saved state from `userData`, checked against the displays (defaults when missing or unreadable). */
export async function loadWindowState(userData: string, displays: readonly Rect[]): Promise<WindowState> {
  try {
    return validWindowState(JSON.parse(await readFile(join(userData, WINDOW_STATE_FILE), 'utf8')), displays)
  } catch {
    return DEFAULT_WINDOW_STATE
  }
}

/** Writes the state atomically: a temporary file next to it, renamed over it. Synchronous: main calls it as
 *  the window closes, and the app may quit right after. */
export function saveWindowState(userData: string, state: WindowState): void {
  const file = join(userData, WINDOW_STATE_FILE)
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, JSON.stringify(state, null, 2) + '\n', 'utf8')
  renameSync(temporary, file)
}
