// Starts the browser app: the router and the signed-in user (if any) before the first screen is
// chosen. Element Plus components are imported by each screen that uses them (vite.config.js), so a
// screen loads only its own; their styles stay one stylesheet, loaded here before the app's own.
import { createApp } from 'vue'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { router } from './router.js'
import { loadSession } from './session.js'
import { setLocale, locale } from './i18n.js'
import './style.css'

setLocale(locale.value)
loadSession().finally(() => {
  createApp(App).use(router).mount('#app')
})
