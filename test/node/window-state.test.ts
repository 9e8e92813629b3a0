// The window's size and position between launches (src/node/window-state.ts): read back only when sensible on
// today's displays, written atomically.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState, validWindowState, WINDOW_STATE_FILE } from '../../src/node/window-state.js'

const laptop = { x: 0, y: 0, width: 1920, height: 1040 }
const rightScreen = { x: 1920, y: 0, width: 2560, height: 1400 }
const folder = () => mkdtempSync(join(tmpdir(), 'rnnwb-window-'))

describe('validWindowState', () => {
  it('keeps bounds that lie on a display, and the maximized flag', () => {
    const bounds = { x: 100, y: 80, width: 1300, height: 900 }
    expect(validWindowState({ bounds, maximized: true }, [laptop])).toEqual({ bounds, maximized: true })
    expect(validWindowState({ bounds: { x: 2500, y: 100, width: 1200, height: 800 }, maximized: false }, [laptop, rightScreen])).toEqual({
      bounds: { x: 2500, y: 100, width: 1200, height: 800 },
      maximized: false,
    })
  })

  it('drops bounds that are off every display (an unplugged screen) but keeps maximized', () => {
    const onTheRight = { bounds: { x: 2500, y: 100, width: 1200, height: 800 }, maximized: true }
    expect(validWindowState(onTheRight, [laptop])).toEqual({ maximized: true })
    // only a sliver visible: not reachable with the mouse
    expect(validWindowState({ bounds: { x: 1880, y: 100, width: 1200, height: 800 } }, [laptop])).toEqual({ maximized: false })
    expect(validWindowState({ bounds: { x: -5000, y: -5000, width: 800, height: 600 } }, [laptop])).toEqual({ maximized: false })
  })

  it('gives the defaults for garbage, and raises a tiny size to the minimum', () => {
    for (const junk of [null, 42, 'x', [], { bounds: { x: 'a', y: 0, width: 1, height: 1 } }, { bounds: { x: 0, y: 0, width: Infinity, height: 500 } }, { bounds: { x: 0.5, y: 0, width: 900, height: 700 } }]) {
      expect(validWindowState(junk, [laptop]).bounds).toBeUndefined()
    }
    expect(validWindowState({ bounds: { x: 10, y: 10, width: 50, height: 20 } }, [laptop])).toEqual({ bounds: { x: 10, y: 10, width: 640, height: 480 }, maximized: false })
  })
})

describe('loading and saving', () => {
  it('round-trips through the user-data folder, atomically (no temporary file left)', async () => {
    const dir = folder()
    const state = { bounds: { x: 40, y: 30, width: 1000, height: 700 }, maximized: false }
    saveWindowState(dir, state)
    expect(readdirSync(dir)).toEqual([WINDOW_STATE_FILE])
    expect(await loadWindowState(dir, [laptop])).toEqual(state)
    saveWindowState(dir, { ...state, maximized: true })
    expect(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8')).maximized).toBe(true)
    expect(readdirSync(dir)).toEqual([WINDOW_STATE_FILE])
  })

  it('gives the defaults when the file is missing or not JSON', async () => {
    const dir = folder()
    expect(await loadWindowState(dir, [laptop])).toEqual(DEFAULT_WINDOW_STATE)
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"bounds": {"x": 1, ')
    expect(await loadWindowState(dir, [laptop])).toEqual(DEFAULT_WINDOW_STATE)
  })
})
