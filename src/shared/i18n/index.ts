/** The catalogues by language (en.ts is the schema), and the language helpers (locales.ts). */
import { en, type Messages } from './en.js'
import { pl } from './pl.js'
import type { Locale } from './locales.js'

export * from './locales.js'
export type { Messages }

export const CATALOGUES: Readonly<Record<Locale, Messages>> = { en, pl }

/** Each language's name in itself (View › Language lists them so, whatever the window's language). */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', pl: 'Polski' }
