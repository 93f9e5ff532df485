// The measure-1 declaration (激励性绩效分级申报) as the screens use it: submit with documents, list,
// show, and the actions each role may take in each state. The server decides; this table only picks
// which buttons to offer, and the server's own list (declaration.actions) wins when it sends one.
import { api, listOf } from './api.js'

// Files are sent inline as base64 with their name and type; the server stores them with a digest.
export function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => {
      const s = String(r.result)
      resolve({
        name: file.name,
        content_type: file.type || 'application/octet-stream',
        size: file.size,
        content_base64: s.slice(s.indexOf(',') + 1),
      })
    }
    r.onerror = () => reject(r.error)
    r.readAsDataURL(file)
  })
}

export async function submitDeclaration({ year, gradeSought, note, files }) {
  const documents = await Promise.all(files.map(readFile))
  const body = { year: Number(year), documents }
  if (gradeSought) body.grade_sought = gradeSought
  if (note) body.note = note
  return api.post('/declarations', body)
}

export async function listDeclarations(query) {
  const data = await api.get('/declarations', query)
  return listOf(data, 'declarations')
}

export async function getDeclaration(id) {
  const d = await api.get('/declarations/' + encodeURIComponent(id))
  return d.declaration ? { ...d.declaration, ...d, declaration: undefined } : d
}

// Each action: who may take it, from which states, and which text the server needs with it.
// needs: 'reasons' (return, reject), 'findings' (expert review, site verification), or nothing.
export const ACTIONS = {
  approve: { roles: ['county_officer', 'county_leader', 'admin'], from: ['submitted', 'resubmitted'], needs: null, type: 'primary' },
  return: { roles: ['county_officer', 'county_leader', 'admin'], from: ['submitted', 'resubmitted'], needs: 'reasons', type: 'warning' },
  'expert-review': { roles: ['city_expert', 'city_officer', 'admin'], from: ['forwarded'], needs: 'findings', type: 'primary' },
  'site-verification': { roles: ['city_expert', 'city_officer', 'admin'], from: ['forwarded', 'expert_reviewed'], needs: 'findings', type: 'primary' },
  provisional: { roles: ['city_officer', 'admin'], from: ['site_verified'], needs: null, type: 'success' },
  reject: { roles: ['city_officer', 'admin'], from: ['forwarded', 'expert_reviewed', 'site_verified'], needs: 'reasons', type: 'danger' },
  'indicators-met': { roles: ['county_officer', 'city_officer', 'admin'], from: ['provisional'], needs: null, type: 'success' },
  resubmit: { roles: ['enterprise'], from: ['returned'], needs: null, type: 'primary' },
}

export function actionsFor(decl, role) {
  if (Array.isArray(decl.actions)) return decl.actions.filter((a) => ACTIONS[a] || true)
  return Object.entries(ACTIONS)
    .filter(([, a]) => a.roles.includes(role) && a.from.includes(decl.state))
    .map(([name]) => name)
}

export function actOn(id, action, payload) {
  return api.post(`/declarations/${encodeURIComponent(id)}/${action}`, payload || {})
}
