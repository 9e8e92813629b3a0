// The language setting (src/node/language.ts): the system's preferred languages pick one until View › Language
// chooses, the choice is kept in settings.json (other settings in the file stay), a garbled file means 'system';
// and the handlers answer app:language / app:set-language with it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LanguageSettings, SETTINGS_FILE } from '../../src/node/language.js'
import { requestSchemas } from '../../src/shared/ipc-schemas.js'

const dirs: string[] = []
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnwb-language-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('the language setting', () => {
  it('follows the system until a language is chosen, and keeps the choice across launches', async () => {
    const dir = folder()
    let system = ['pl-PL', 'en-US']
    const settings = new LanguageSettings(dir, () => system)
    expect(await settings.get()).toEqual({ choice: 'system', system: 'pl', locale: 'pl' })
    expect(await settings.set('en')).toEqual({ choice: 'en', system: 'pl', locale: 'en' })
    expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ language: 'en' })
    system = ['de-DE']
    // a later launch reads the file
    expect(await new LanguageSettings(dir, () => system).get()).toEqual({ choice: 'en', system: 'en', locale: 'en' })
    await settings.set('system')
    expect(await new LanguageSettings(dir, () => ['pl']).get()).toEqual({ choice: 'system', system: 'pl', locale: 'pl' })
  })

  it('reads a garbled or strange file as the system choice, and keeps other settings when saving', async () => {
    const dir = folder()
    writeFileSync(join(dir, SETTINGS_FILE), '{ not json')
    expect((await new LanguageSettings(dir, () => ['pl']).get()).choice).toBe('system')
    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ language: 'klingon', other: 1 }))
    const settings = new LanguageSettings(dir, () => ['en'])
    expect((await settings.get()).choice).toBe('system')
    await settings.set('pl')
    expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ language: 'pl', other: 1 })
  })

  it('refuses an unknown language', async () => {
    await expect(new LanguageSettings(folder(), () => []).set('de' as never)).rejects.toThrow(/unknown language/)
  })
})

describe('the channels', () => {
  it('accept the choices and the menu state with a language; refuse others', () => {
    expect(requestSchemas.app.setLanguage.safeParse(['pl']).success).toBe(true)
    expect(requestSchemas.app.setLanguage.safeParse(['system']).success).toBe(true)
    expect(requestSchemas.app.setLanguage.safeParse(['de']).success).toBe(false)
    const state = { dirty: false, busy: false, hasWeights: false, canTrain: true, run: null }
    expect(requestSchemas.app.menuState.safeParse([{ ...state, locale: 'pl', language: 'system' }]).success).toBe(true)
    expect(requestSchemas.app.menuState.safeParse([{ ...state, locale: 'xx' }]).success).toBe(false)
  })
})
