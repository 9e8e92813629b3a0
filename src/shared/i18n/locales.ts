/**
 * The window's languages: which there are, how the system's preferred languages pick one, and Polish plural
 * forms. The strings themselves are the catalogues beside this file (en.ts is the schema, pl.ts must match it);
 * the renderer shows them through vue-i18n (src/renderer/i18n), the host reads the menu's section
 * (src/node/menu.ts). Plain ECMAScript: no Node, DOM or Vue.
 */

/** Every language the window speaks; the first is the fallback for a key or a system language we lack. */
export const LOCALES = ['en', 'pl'] as const
export type Locale = (typeof LOCALES)[number]

/** What the user chose in View › Language: a language, or whatever the system prefers. */
export const LANGUAGE_CHOICES = ['system', ...LOCALES] as const
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number]

/** The language chosen, the system's own, and the one shown (the choice, or the system's for 'system'). */
export interface LanguageState {
  choice: LanguageChoice
  system: Locale
  locale: Locale
}

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
export const isLanguageChoice = (value: unknown): value is LanguageChoice => value === 'system' || isLocale(value)

/**
 * The first of the system's preferred languages (BCP 47 tags, best first: Electron's
 * app.getPreferredSystemLanguages(), or app.getLocale()) that the window speaks, matched by its primary
 * subtag (pl-PL → pl); English when none is.
 */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0]
    if (isLocale(primary)) return primary
  }
  return LOCALES[0]
}

export function languageState(choice: LanguageChoice, preferred: readonly string[]): LanguageState {
  const system = pickLocale(preferred)
  return { choice, system, locale: choice === 'system' ? system : choice }
}

/**
 * Polish plural forms (CLDR): 1 → one ("1 epoka"); 2–4, 22–24, … but not 12–14 → few ("3 epoki");
 * everything else, 0 included → many ("5 epok", "12 epok", "0 epok"). Returns the index of the form in a
 * message written "one | few | many" (vue-i18n's pluralRules signature); a message with fewer forms gets the last.
 */
export function polishPluralIndex(count: number, forms = 3): number {
  const n = Math.abs(Math.trunc(count))
  const index = n === 1 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2
  return Math.min(index, forms - 1)
}

/** Fills `{name}` placeholders (the host's use of the catalogue: menu labels; the renderer uses vue-i18n). */
export function fillPlaceholders(message: string, values: Readonly<Record<string, string | number>>): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}
