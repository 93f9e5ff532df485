// Reading the policy pack's dated parameters from the catalog answer. A parameter is
// {name, values: [{from, to?, value}]}; the value in force today is the one whose range holds it.
import { api } from './api.js'

function paramsOf(pol) {
  if (!pol || Array.isArray(pol)) return []
  const p = pol.params || pol.parameters || (pol.pack && (pol.pack.params || pol.pack.parameters))
  if (Array.isArray(p)) return p
  if (p && typeof p === 'object') {
    return Object.entries(p).map(([name, v]) => (Array.isArray(v) ? { name, values: v } : { name, ...v }))
  }
  return []
}

export function valueOn(param, day) {
  if (!param) return undefined
  if (param.value !== undefined) return param.value
  const d = day || new Date().toISOString().slice(0, 10)
  const values = Array.isArray(param.values) ? param.values : []
  let found
  for (const v of values) {
    if ((!v.from || v.from <= d) && (!v.to || d <= v.to)) found = v.value
  }
  return found
}

// The value in force today of parameter name: from the catalog answer when it carries the pack's
// parameters, else from GET /api/v1/policies/params (undefined when neither has it).
export async function paramValue(pol, name) {
  let params = paramsOf(pol)
  if (params.length === 0) {
    try {
      params = paramsOf({ params: await api.get('/policies/params') })
    } catch {
      params = []
    }
  }
  return valueOn(
    params.find((p) => p.name === name),
    undefined,
  )
}
