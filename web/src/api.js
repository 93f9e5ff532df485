// The one place that speaks HTTP to greenlane's JSON API (/api/v1, see docs/http.md). Every call
// returns the parsed JSON body or throws an ApiError carrying the server's error shape
// {"error": {"code", "message", "message_zh", "message_en", "field"}} and, for imports, the row-by-row errors. The session rides
// in the HttpOnly cookie set at sign-in; writes also carry the CSRF token the server handed out.
import { locale, t } from './i18n.js'

const BASE = '/api/v1'
const CSRF_KEY = 'greenlane.csrf'

// The server says each message in both languages: `message` as the command line prints it
// ("没有该企业 (no such enterprise)"), `message_zh` and `message_en` each alone (docs/http.md); an
// import's rows likewise `reason`, `reason_zh` and `reason_en`. The reader sees its language's.
export function inLanguage(o, key = 'message') {
  if (!o) return ''
  const own = o[key + (locale.value === 'en' ? '_en' : '_zh')]
  return own || o[key] || ''
}

// What the reader is told when there is no answer from the server, or not one it can read.
function fallbackMessage(code, status) {
  if (code === 'network') return t('error.network')
  if (code === 'bad_response') return t('error.badResponse', { status })
  return status ? `HTTP ${status}` : t('error.network')
}

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {}
    const known = e.code !== 'network' && e.code !== 'bad_response' && e.message
    super(known ? inLanguage(e) : fallbackMessage(e.code, status))
    this.status = status
    this.code = e.code || (status ? `http_${status}` : 'network')
    this.field = e.field || null
    this.body = body
    // Import reports: the server may put them beside or inside the error object.
    this.rows = e.errors || e.rows || (body && (body.errors || body.rows)) || []
  }
}

function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)(?:gl_csrf|csrf|csrf_token|XSRF-TOKEN)=([^;]+)/)
  if (m) return decodeURIComponent(m[1])
  return sessionStorage.getItem(CSRF_KEY) || ''
}

export function rememberCsrf(body) {
  const t = body && (body.csrf || body.csrf_token)
  if (t) sessionStorage.setItem(CSRF_KEY, t)
  else if (body === null) sessionStorage.removeItem(CSRF_KEY)
}

// Called when a request of a signed-in screen comes back 401 (the session ended or expired): the
// app signs the user out and sends them to sign-in (main.js).
let unauthenticated = null
export function onUnauthenticated(fn) {
  unauthenticated = fn
}

export async function request(method, path, { body, query } = {}) {
  let url = path.startsWith('/') && !path.startsWith(BASE) ? BASE + path : path
  if (query) {
    const q = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
    }
    const s = q.toString()
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  const headers = { Accept: 'application/json' }
  let payload
  if (body !== undefined) {
    payload = JSON.stringify(body)
    headers['Content-Type'] = 'application/json'
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const t = csrfToken()
    if (t) headers['X-CSRF-Token'] = t
  }
  let res
  try {
    res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' })
  } catch (e) {
    throw new ApiError(0, { error: { code: 'network', message: e.message } })
  }
  const text = await res.text()
  let data = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = { error: { code: 'bad_response', message: text.slice(0, 200) } }
      if (res.ok) throw new ApiError(res.status, data)
    }
  }
  if (res.status === 401 && unauthenticated && !url.endsWith('/session') && !url.endsWith('/me')) unauthenticated()
  if (!res.ok) throw new ApiError(res.status, data)
  return data
}

export const api = {
  get: (p, query) => request('GET', p, { query }),
  post: (p, body) => request('POST', p, { body: body === undefined ? {} : body }),
  put: (p, body) => request('PUT', p, { body }),
  patch: (p, body) => request('PATCH', p, { body }),
  del: (p) => request('DELETE', p),
}

// Lists come as a bare array or wrapped ({items, total} or a named key); this takes either.
export function listOf(data, ...keys) {
  if (Array.isArray(data)) return data
  if (!data) return []
  for (const k of [...keys, 'items', 'data', 'results']) {
    if (Array.isArray(data[k])) return data[k]
  }
  return []
}

export function totalOf(data, list) {
  if (data && typeof data.total === 'number') return data.total
  return list.length
}

// Every item of a paged list ({items, total}), fetched page by page.
export async function fetchAll(path, query, pageSize) {
  const out = []
  const limit = pageSize || 500
  for (let offset = 0; ; offset += limit) {
    const data = await api.get(path, { ...(query || {}), offset, limit })
    const page = listOf(data)
    out.push(...page)
    if (page.length < limit || out.length >= totalOf(data, out)) return out
  }
}
