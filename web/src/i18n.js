// A small translation table: Simplified Chinese by default, English on request. Each entry is
// [Chinese, English]; {name} placeholders are filled from params. The choice is remembered in the
// browser. Text that comes from the policy pack carries its own _zh/_en fields (see pick()).
import { ref } from 'vue'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import en from 'element-plus/es/locale/lang/en'
import { messages } from './messages.js'

const KEY = 'greenlane.locale'
export const locale = ref(localStorage.getItem(KEY) === 'en' ? 'en' : 'zh')

export function setLocale(l) {
  locale.value = l === 'en' ? 'en' : 'zh'
  localStorage.setItem(KEY, locale.value)
  document.documentElement.lang = locale.value === 'en' ? 'en' : 'zh-CN'
}

export function elementLocale() {
  return locale.value === 'en' ? en : zhCn
}

export function t(key, params) {
  const entry = messages[key]
  let s = entry ? entry[locale.value === 'en' ? 1 : 0] : key
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined ? params[k] : m))
  return s
}

// The field NAME_zh or NAME_en of an object, whichever matches the locale, falling back to the
// other and then to NAME itself.
export function pick(obj, name) {
  if (!obj) return ''
  const zh = obj[name + '_zh']
  const enText = obj[name + '_en']
  if (locale.value === 'en') return enText || zh || obj[name] || ''
  return zh || obj[name] || enText || ''
}
