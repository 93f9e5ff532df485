// Starts the browser app: the router and the signed-in user (if any) before the first screen is
// chosen. Element Plus components are imported by each screen that uses them (vite.config.js), so a
// screen loads only its own; their styles stay one stylesheet, loaded here before the app's own.
import { createApp } from 'vue'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { router } from './router.js'
import { loadSession, session } from './session.js'
import { setLocale, locale, t } from './i18n.js'
import { onUnauthenticated, rememberCsrf } from './api.js'
import { ElMessage } from 'element-plus'
import './style.css'

setLocale(locale.value)
// A session that ends while a screen is open: said once, and back to sign-in, then to the screen.
onUnauthenticated(() => {
  if (!session.user) return
  session.user = null
  rememberCsrf(null)
  ElMessage.warning({ message: t('session.expired'), duration: 6000 })
  const here = router.currentRoute.value.fullPath
  router.push({ name: 'signin', query: { next: here } })
})
loadSession().finally(() => {
  createApp(App).use(router).mount('#app')
})
