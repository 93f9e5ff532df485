// The policy pack's industries and dated parameters, fetched once and shared: the pack of the
// signed-in officer's county (GET /api/v1/packs/{division}: its own, else the home pack), the home
// pack (GET /api/v1/pack) for everyone else. A parameter is {measure, clause, values: [{from, to,
// value}]}; the value in force on a day is the one whose range holds it.
import { reactive } from 'vue'
import { api } from './api.js'
import { pick } from './i18n.js'
import { session } from './session.js'

let packPromise = null
let packPath = null

function pathFor(user) {
  return user && user.division_level === 'county' && /^[0-9]{6}$/.test(user.division || '')
    ? `/packs/${user.division}`
    : '/pack'
}

// The catalog of measures (GET /api/v1/policies) of the same pack: the signed-in county's.
export function policiesPath() {
  const p = pathFor(session.user)
  return p === '/pack' ? '/policies' : `${p}/policies`
}

export function loadPack() {
  const path = pathFor(session.user)
  if (!packPromise || packPath !== path) {
    packPath = path
    for (const k of Object.keys(industryIndex)) delete industryIndex[k]
    packPromise = api.get(path).catch((e) => {
      packPromise = null
      throw e
    })
  }
  return packPromise
}

// The pack's industries by code, filled once the pack is read.
const industryIndex = reactive({})

// An industry's name in the reader's language (the pack has both); until the pack is read, or for
// a code it does not know, the name the server gave (fallback) or the code.
export function industryLabel(code, fallback) {
  const i = industryIndex[code]
  if (!i) {
    if (Object.keys(industryIndex).length === 0) industries()
    return fallback || code || '—'
  }
  return pick(i, 'name')
}

export async function industries() {
  try {
    const p = await loadPack()
    const list = (p && p.industries) || []
    for (const i of list) industryIndex[i.code] = i
    return list
  } catch {
    return []
  }
}

export function valueOn(param, day) {
  if (!param) return undefined
  const d = day || new Date().toISOString().slice(0, 10)
  let found
  for (const v of param.values || []) {
    if ((!v.from || v.from <= d) && (!v.to || d <= v.to)) found = v.value
  }
  return found
}

// The value in force today of parameter name, or undefined.
export async function paramValue(name) {
  const p = await loadPack()
  return valueOn(p && p.parameters && p.parameters[name])
}
