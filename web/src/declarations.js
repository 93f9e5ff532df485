// The measure-1 declaration (激励性绩效分级申报) as the screens use it: submit with documents, list,
// show, and the actions each role may take in each state. The server decides; this table only picks
// which buttons to offer, and the server's own list (declaration.actions) wins when it sends one.
import { api, listOf } from './api.js'

// Files are sent inline as base64: name says what the document is (the file's name without its
// extension), file_name is the file's own name; the server stores the bytes with a digest.
export function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => {
      const s = String(r.result)
      resolve({
        name: file.name.replace(/\.[^.]*$/, '') || file.name,
        file_name: file.name,
        content_base64: s.slice(s.indexOf(',') + 1),
      })
    }
    r.onerror = () => reject(r.error)
    r.readAsDataURL(file)
  })
}

export async function submitDeclaration({ year, gradeSought, files }) {
  const documents = await Promise.all(files.map(readFile))
  const body = { year: Number(year), documents }
  if (gradeSought) body.grade_sought = gradeSought
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

// Each action of the state machine (src/core/declaration.h): who may take it, from which states,
// whether it needs a text (sent as "reason"; for the city's reviews it holds the findings), and
// whether it takes documents (a resubmission may add corrected or further ones).
export const ACTIONS = {
  resubmit: { roles: ['enterprise'], from: ['returned'], text: null, documents: true, type: 'primary' },
  approve: { roles: ['county_officer'], from: ['submitted'], text: null, type: 'primary' },
  return: { roles: ['county_officer'], from: ['submitted'], text: 'reasons', type: 'warning' },
  preliminary_review: { roles: ['city_officer', 'city_expert'], from: ['county_approved'], text: 'findings', type: 'primary' },
  site_verification: { roles: ['city_officer', 'city_expert'], from: ['county_approved'], text: 'findings', type: 'primary' },
  decide_provisional: { roles: ['city_officer'], from: ['city_reviewed'], text: null, type: 'success' },
  reject: { roles: ['city_officer'], from: ['city_reviewed'], text: 'reasons', type: 'danger' },
  indicators_met: { roles: ['county_officer', 'city_officer'], from: ['provisional'], text: null, type: 'success' },
}

// The actions the signed-in role may offer now. Each city review is recorded once: one already in
// the steps is not offered again.
export function actionsFor(decl, role) {
  if (Array.isArray(decl.actions)) return decl.actions.filter((a) => a !== 'submit' && a !== 'revert')
  const done = new Set((decl.steps || decl.history || []).map((s) => s.action))
  return Object.entries(ACTIONS)
    .filter(([, a]) => a.roles.includes(role) && a.from.includes(decl.state))
    .map(([name]) => name)
    .filter((name) => !(name === 'preliminary_review' || name === 'site_verification') || !done.has(name))
}

// Takes an action; the declaration's version goes along so that a stale page is refused (409).
// files (File objects) travel as documents, for a resubmission.
export async function actOn(decl, action, reason, files) {
  const body = {}
  if (reason) body.reason = reason
  if (files && files.length) body.documents = await Promise.all(files.map(readFile))
  if (decl.version !== undefined) body.version = decl.version
  return api.post(`/declarations/${encodeURIComponent(decl.id)}/${action}`, body)
}
