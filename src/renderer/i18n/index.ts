/**
 * The window's translations: one vue-i18n instance over the catalogues in src/shared/i18n (English is the
 * schema and the fallback), with Polish plural forms (1 | 2–4 | 5+). Components and TS modules call the same
 * `t` (the global composer's: reading it in a template or a computed follows a language change); main.ts
 * installs the plugin so that `useI18n()` works too. Which language: src/renderer/stores/language.ts.
 */
import { createI18n } from 'vue-i18n'
import { CATALOGUES, LOCALES, polishPluralIndex, type Locale, type Messages } from '../../shared/i18n/index'

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: LOCALES[0],
  fallbackLocale: LOCALES[0],
  messages: CATALOGUES as Record<Locale, Messages>,
  pluralRules: { pl: (choice: number, choicesLength: number) => polishPluralIndex(choice, choicesLength) },
  missingWarn: false,
  fallbackWarn: false,
})

/** Translates a key of the catalogue: t('menu.save'), t('x.y', { name }), t('a.b', { n }, n) (plural form by n).
 *  Beware: a named value `n` or `count` that is a number chooses the plural form over the third argument, so
 *  name other numbers otherwise ({has}, {epochs}). */
export const t = i18n.global.t

/** The language shown now. */
export function currentLocale(): Locale {
  return i18n.global.locale.value
}

/** Shows the window in `locale` (and tells assistive technology through <html lang>). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

/** A new blank project's name and task in the window's language (src/shared/blank-project.ts). */
export function blankProjectText(): { name: string; description: string } {
  return { name: t('blankProject.name'), description: t('blankProject.description') }
}

/** Whether `name` is a blank project's name in any language (the window may have switched since). */
export function isBlankProjectName(name: string): boolean {
  return LOCALES.some((locale) => CATALOGUES[locale].blankProject.name === name)
}
