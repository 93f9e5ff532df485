// Cases of every procedure, as the screens use them (GET/POST /api/v1/cases…, /api/v1/procedures;
// the shapes are src/io/case_json.h's). The server decides everything: which actions the signed-in
// user may take on a case now (its "offers", each with the reason, fields and documents it needs),
// what each state, action and deadline is called (Chinese, and English where the pack gives it).
// Nothing here knows a procedure's states or roles, so a procedure declared in the pack gets its
// list and its detail screen without a line of this app changing.
import { reactive } from 'vue'
import { api, listOf } from './api.js'
import { pick, t } from './i18n.js'

// Files are sent inline as base64: name says what the document is (the file's name without its
// extension), file_name is the file's own name; the server stores the bytes with a digest.
// A chosen document ({file, name} of components/MaterialUpload.vue, or a bare File) as the API's.
export function asDocument(d) {
  return d instanceof File ? readFile(d) : readFile(d.file, d.name)
}

export function readFile(file, name) {
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => {
      const s = String(r.result)
      resolve({
        name: name || file.name.replace(/\.[^.]*$/, '') || file.name,
        file_name: file.name,
        content_base64: s.slice(s.indexOf(',') + 1),
      })
    }
    r.onerror = () => reject(r.error)
    r.readAsDataURL(file)
  })
}

let procedureCache = null

// The procedures the user may see, with their states, actions, deadlines and what the user may
// open today. Kept for the session's page; a failed read is not kept.
export function procedures() {
  if (!procedureCache) {
    procedureCache = api
      .get('/procedures')
      .then((d) => listOf(d, 'procedures'))
      .catch((e) => {
        procedureCache = null
        throw e
      })
  }
  return procedureCache
}

export function forgetProcedures() {
  procedureCache = null
}

// My work (待办), and how much of it there is for the menu's badge.
export const work = reactive({ count: 0, overdue: 0 })
export async function myWork(query) {
  const d = await api.get('/work', query)
  work.count = (d.work || []).length
  work.overdue = d.overdue || 0
  return d
}
export async function refreshWorkCount() {
  try {
    await myWork()
  } catch {
    work.count = 0
    work.overdue = 0
  }
}

export async function listCases(query) {
  return listOf(await api.get('/cases', query), 'cases')
}

// Where a case is shown: measure 1's declarations keep the addresses they always had; measure 5's
// visits open their own page (views/VisitDetail.vue), which reads the visit with its findings.
const CASE_PATHS = { 'm1.declaration': '/declarations/', 'm5.visit': '/visits/' }
export function casePath(c) {
  return (CASE_PATHS[c.procedure] || '/cases/') + encodeURIComponent(c.id ?? c.case_id)
}

export function getCase(id) {
  return api.get('/cases/' + encodeURIComponent(id))
}

// The label of an object the server sends ({label, label_en} or {KEY_label, KEY_label_en}) in the
// reader's language, falling back to the Chinese.
export function labelOf(obj, key) {
  if (!obj) return ''
  return pick({ label_zh: obj[key ? key + '_label' : 'label'], label_en: obj[key ? key + '_label_en' : 'label_en'] }, 'label')
}

// The value of a procedure's field (an offer's or an action's "fields" item) as its reader reads
// it: a choice by its option's label, a boolean as yes or no in words, anything else as given.
export function fieldValueText(field, value) {
  if (!field) return value
  if (field.type === 'choice') {
    const o = (field.options || []).find((x) => x.value === value)
    return o ? labelOf(o) : value
  }
  if (field.type === 'boolean') return value === 'yes' ? t('common.yes') : value === 'no' ? t('common.no') : value
  return value
}

// A material an action takes (an offer's or a case's "materials"): its name in the reader's
// language, and the first required one the chosen documents ({name}) lack, or undefined.
export function materialLabel(m) {
  return pick({ name_zh: m.name, name_en: m.label_en }, 'name')
}
export function missingMaterial(materials, chosen) {
  return (materials || []).find((m) => m.required && !chosen.some((d) => d.name === m.name))
}

// What an offer needs before it is sent: a dialog when it takes a reason, fields or documents.
export function needsForm(offer) {
  return offer.reason !== 'none' || (offer.fields && offer.fields.length > 0) || offer.documents
}

// Takes the offered action on the case, as the version the reader saw (a stale page is refused
// with 409). files are File objects; fields a map name → value, empty ones left out.
export async function takeStep(view, offer, { reason, fields, files } = {}) {
  const body = { action: offer.name, version: view.case.version }
  if (reason) body.reason = reason
  const given = Object.entries(fields || {}).filter(([, v]) => v !== '' && v !== null && v !== undefined)
  if (given.length) body.fields = Object.fromEntries(given.map(([k, v]) => [k, String(v)]))
  if (files && files.length) body.documents = await Promise.all(files.map(asDocument))
  return api.post(`/cases/${encodeURIComponent(view.case.id)}/steps`, body)
}

// One document's bytes, saved by the browser under its own file name.
export async function downloadDocument(caseId, doc) {
  const d = await api.get(`/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(doc.id)}`)
  const b64 = (d.document && d.document.content_base64) || ''
  const bin = atob(b64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  const url = URL.createObjectURL(new Blob([bytes]))
  const a = document.createElement('a')
  a.href = url
  a.download = doc.file_name || doc.name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
}

// The tag colour of a case's state: work in progress, or an end.
export function stateType(c) {
  return c && c.open ? 'primary' : 'info'
}
