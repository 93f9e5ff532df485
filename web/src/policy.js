// The policy pack's industries and dated parameters (GET /api/v1/pack), fetched once and shared.
// A parameter is {measure, clause, values: [{from, to, value}]}; the value in force on a day is the
// one whose range holds it.
import { api } from './api.js'

let packPromise = null

export function loadPack() {
  if (!packPromise) {
    packPromise = api.get('/pack').catch((e) => {
      packPromise = null
      throw e
    })
  }
  return packPromise
}

export async function industries() {
  try {
    const p = await loadPack()
    return (p && p.industries) || []
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
