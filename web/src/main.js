// Starts the browser app: Element Plus, the router, and the signed-in user (if any) before the
// first screen is chosen.
import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { router } from './router.js'
import { loadSession } from './session.js'
import { setLocale, locale } from './i18n.js'
import './style.css'

setLocale(locale.value)
loadSession().finally(() => {
  createApp(App).use(ElementPlus).use(router).mount('#app')
})
