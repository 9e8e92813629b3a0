import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { i18n } from './i18n'
import { useLanguageStore } from './stores/language'

const app = createApp(App).use(createPinia()).use(i18n)
// the language first (a quick question to the host), so that the window does not open in English and switch
void useLanguageStore()
  .load()
  .finally(() => app.mount('#app'))
