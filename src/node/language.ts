/**
 * The window's language as a user setting: what View › Language chose ('system', 'en', 'pl'), kept in
 * settings.json in the user-data folder (written atomically; a missing or garbled file means 'system'), and
 * the system's preferred languages it falls back on. Electron-free: main passes
 * app.getPreferredSystemLanguages() (then app.getLocale()), the harness and tests pass what they need, so no
 * test depends on the machine's own locale.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isLanguageChoice, languageState, type LanguageChoice, type LanguageState } from '../shared/i18n/locales.js'
import { writeFileAtomic } from './services/files.js'

export const SETTINGS_FILE = 'settings.json'

export class LanguageSettings {
  /** The choice as last read or saved; undefined before the first read. */
  private choice: LanguageChoice | undefined

  /** `systemLanguages`: the system's preferred languages, best first (BCP 47 tags). */
  constructor(
    private readonly userData: string,
    private readonly systemLanguages: () => readonly string[],
  ) {}

  private get file(): string {
    return join(this.userData, SETTINGS_FILE)
  }

  private async readChoice(): Promise<LanguageChoice> {
    try {
      const saved = (JSON.parse(await readFile(this.file, 'utf8')) as { language?: unknown }).language
      return isLanguageChoice(saved) ? saved : 'system'
    } catch {
      return 'system'
    }
  }

  async get(): Promise<LanguageState> {
    this.choice ??= await this.readChoice()
    return languageState(this.choice, this.systemLanguages())
  }

  /** Saves the choice (other settings in the file are kept) and returns the language it gives. */
  async set(choice: LanguageChoice): Promise<LanguageState> {
    if (!isLanguageChoice(choice)) throw new Error(`unknown language: ${String(choice)}`)
    let settings: Record<string, unknown> = {}
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'))
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) settings = parsed as Record<string, unknown>
    } catch {
      // missing or garbled: start afresh
    }
    await writeFileAtomic(this.file, JSON.stringify({ ...settings, language: choice }, null, 2) + '\n')
    this.choice = choice
    return languageState(choice, this.systemLanguages())
  }
}
