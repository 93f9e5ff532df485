// Measure 8's construction sites as the screens use them (/api/v1/sites…, the shapes of
// src/io/site_json.h): the registry, one site with its application, objections, inspections and
// changes, the public list, and the pack's terms (site categories, townships, departments,
// reasons to inspect) by code in the reader's language. The application's steps are the engine's
// (cases.js); the server decides who may see and do what.
import { reactive, ref } from 'vue'
import { api, listOf } from '../../api.js'
import { pick, t } from '../../i18n.js'
import { loadPack, valueOn } from '../../policy.js'

export const SITE_PROCEDURE = 'm8.listing'

export async function listSites(query) {
  return listOf(await api.get('/sites', query), 'sites')
}
export async function getSite(id) {
  return (await api.get('/sites/' + encodeURIComponent(id))).site
}
export async function addSite(body) {
  return (await api.post('/sites', body)).site
}
export async function changeSite(id, body) {
  return (await api.patch('/sites/' + encodeURIComponent(id), body)).site
}
export async function finishSite(id, body) {
  return (await api.post('/sites/' + encodeURIComponent(id) + '/finish', body)).site
}
export async function inspectSite(id, body) {
  return api.post('/sites/' + encodeURIComponent(id) + '/inspections', body)
}
export async function allInspections() {
  return listOf(await api.get('/site-inspections'), 'inspections')
}
export async function siteApplication(caseId) {
  return api.get('/site-applications/' + encodeURIComponent(caseId))
}
export async function publicSites() {
  return listOf(await api.get('/public/sites'), 'sites')
}

// Opens the site's application (POST /api/v1/cases: procedure m8.listing, action apply) with its
// documents ({file, name} of components/MaterialUpload.vue).
export async function applyForSite(site, documents, note, asDocument) {
  const body = { procedure: SITE_PROCEDURE, action: 'apply', fields: { site: String(site.id) } }
  if (note) body.fields.note = note
  body.documents = await Promise.all(documents.map(asDocument))
  return api.post('/cases', body)
}

// The pack's terms, filled once the pack is read (terms.ready).
export const terms = reactive({ ready: false, categories: [], townships: [], departments: [], reasons: [], listedReasons: [], publicationDays: null })
let termsPromise = null
export function loadTerms() {
  if (!termsPromise) {
    termsPromise = loadPack()
      .then((p) => {
        terms.categories = p.site_categories || []
        terms.townships = p.townships || []
        terms.departments = p.departments || []
        terms.reasons = p.inspection_reasons || []
        const params = p.parameters || {}
        terms.listedReasons = valueOn(params['m8.listed_inspection_reasons']) || []
        terms.publicationDays = valueOn(params['m8.publication_working_days']) || null
        terms.ready = true
      })
      .catch(() => {
        termsPromise = null
      })
  }
  return termsPromise
}

function termLabel(list, code, fallback) {
  const term = list.find((x) => x.code === code)
  if (!term) return fallback || code || '—'
  return pick(term, 'name')
}
export const categoryLabel = (code, fallback) => termLabel(terms.categories, code, fallback)
export const townshipLabel = (code) => termLabel(terms.townships, code, code)
export const departmentLabel = (code, fallback) => termLabel(terms.departments, code, fallback)
export const reasonLabel = (code, fallback) => termLabel(terms.reasons, code, fallback)
// An inspection's unit: the branch, a department or a township.
export function unitLabel(unit) {
  if (unit === 'county_branch') return t('site.unit.branch')
  if (unit === 'system') return t('role.system')
  const d = terms.departments.find((x) => x.code === unit)
  return d ? pick(d, 'name') : townshipLabel(unit)
}

export function dustTag(s) {
  const v = (s && s.dust_control) || 'unchecked'
  return { type: v === 'passed' ? 'success' : v === 'failed' ? 'danger' : 'info', text: t('site.dust.' + v) }
}
export function listTag(s) {
  if (s.status === 'finished') return { type: 'info', text: t('site.finished') }
  if (s.listed) return { type: 'success', text: t('site.listed') }
  if (s.removed_on) return { type: 'danger', text: t('site.removed') }
  return { type: 'info', text: t('site.notListed') }
}
// The state of the site's current application, as the pack names it.
export function caseStateText(s) {
  if (!s.case_state) return '—'
  return pick({ label_zh: s.case_state_label_zh, label_en: s.case_state_label_en }, 'label') || s.case_state
}
export function caseStateType(state) {
  return (
    {
      applied: 'warning',
      returned: 'danger',
      joint_review: 'warning',
      joint_passed: 'primary',
      publication: 'primary',
      listed: 'success',
      removed: 'danger',
      refused: 'info',
      objection_upheld: 'info',
      withdrawn: 'info',
      finished: 'info',
    }[state] || 'info'
  )
}

const query = window.matchMedia ? window.matchMedia('(max-width: 760px)') : null
export const narrow = ref(!!(query && query.matches))
if (query) query.addEventListener('change', (e) => (narrow.value = e.matches))
