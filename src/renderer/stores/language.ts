import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '../api'
import type { LanguageChoice, LanguageState } from '../../shared/i18n/index'
import { currentLocale, i18n, setLocale } from '../i18n'

/**
 * The window's language: the host decides it (the saved View › Language choice, else the system's preferred
 * language: src/node/language.ts), the window shows it and reports it with the menu state so that the menu
 * speaks it too. Until the host has answered (and in component tests, which have no host) the window is English.
 */
export const useLanguageStore = defineStore('language', () => {
  const choice = ref<LanguageChoice>('system')
  const locale = computed(() => i18n.global.locale.value)
  function apply(state: LanguageState): void {
    choice.value = state.choice
    setLocale(state.locale)
  }

  /** Asks the host for the language (at start). */
  async function load(): Promise<void> {
    try {
      apply(await api.app.language())
    } catch {
      setLocale(currentLocale()) // stays English; <html lang> says so
    }
  }

  /** View › Language: saves the choice with the host and shows its language (if saving fails, this session
   *  still shows a language chosen by name). */
  async function choose(next: LanguageChoice): Promise<void> {
    try {
      apply(await api.app.setLanguage(next))
    } catch {
      choice.value = next
      if (next !== 'system') setLocale(next)
    }
  }

  return { choice, locale, load, choose }
})
