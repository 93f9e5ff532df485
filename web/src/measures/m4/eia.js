// Measure 4's construction projects, parks' planning EIAs and EIA applications, and measure 7's
// totals review, as the screens use them (/api/v1/eia/…, the shapes of src/io/project_json.h).
// The application's steps are the engine's (cases.js, procedure m4.eia); the server decides who
// may see and do what.
import { reactive } from 'vue'
import { api, listOf } from '../../api.js'
import { pick, t } from '../../i18n.js'
import { loadPack } from '../../policy.js'

export const EIA_PROCEDURE = 'm4.eia'
export const POLLUTANTS = ['so2', 'nox', 'pm', 'vocs', 'cod', 'nh3n']
export const SOURCE_KINDS = ['reserve', 'trade', 'own', 'city', 'province']

export async function listProjects() {
  return listOf(await api.get('/eia/projects'), 'projects')
}
export async function getProject(id) {
  return (await api.get('/eia/projects/' + encodeURIComponent(id))).project
}
export async function addProject(body) {
  return (await api.post('/eia/projects', body)).project
}
export async function reviewTotals(id, body) {
  return (await api.post('/eia/projects/' + encodeURIComponent(id) + '/totals-review', body)).project
}
export async function listPlans() {
  return listOf(await api.get('/eia/plans'), 'plans')
}
export async function addPlan(body) {
  return (await api.post('/eia/plans', body)).plan
}
export async function approvePlan(id, body) {
  return (await api.post('/eia/plans/' + encodeURIComponent(id) + '/approve', body || {})).plan
}
export async function getApplication(caseId) {
  return (await api.get('/eia/applications/' + encodeURIComponent(caseId))).application
}
export async function addGuidance(caseId, body) {
  return (await api.post('/eia/applications/' + encodeURIComponent(caseId) + '/guidance', body)).application
}

// The pack's project categories, filled once the pack is read.
export const terms = reactive({ ready: false, categories: [], townships: [] })
let termsPromise = null
export function loadTerms() {
  if (!termsPromise) {
    termsPromise = loadPack()
      .then((p) => {
        terms.categories = p.project_categories || []
        terms.townships = p.townships || []
        terms.ready = true
      })
      .catch(() => {
        termsPromise = null
      })
  }
  return termsPromise
}
export function categoryLabel(c) {
  if (!c) return '—'
  if (typeof c === 'object') return pick(c, 'name') || c.code
  const found = terms.categories.find((x) => x.code === c)
  return found ? pick(found, 'name') : c
}
export function townshipLabel(code) {
  const found = terms.townships.find((x) => (x.code || x.name_zh || x) === code)
  return found && typeof found === 'object' ? pick(found, 'name') || code : code
}
export function pollutantLabel(p) {
  return t('eia.pollutant.' + p)
}
// Grams as tonnes (the unit the branch reads), exact to the gram.
export function tonnes(g) {
  if (g === null || g === undefined) return '—'
  const n = Number(g)
  const whole = Math.trunc(n / 1e6)
  const frac = String(Math.abs(n % 1e6)).padStart(6, '0').replace(/0+$/, '')
  return whole + (frac ? '.' + frac : '') + ' t'
}
// The state of a project's EIA application as a tag.
export function applicationTag(a) {
  if (!a) return { text: t('eia.noApplication'), type: 'info' }
  const s = a.state || a.outcome
  const type = s === 'approved' || s === 'filed' ? 'success' : s === 'refused' || s === 'withdrawn' ? 'danger' : s === 'awaiting_materials' ? 'warning' : ''
  return { text: t('eia.state.' + s) === 'eia.state.' + s ? s : t('eia.state.' + s), type }
}
// Where a project stands with its totals: none needed, reviewed, or awaiting the review.
export function totalsTag(p) {
  if (p.infrastructure) return { text: t('eia.totals.infrastructure'), type: 'success' }
  if (p.totals_review) return { text: t('eia.totals.passed', { on: p.totals_review.reviewed_on }), type: 'success' }
  if (!Object.keys(p.needs || {}).length) return { text: t('eia.totals.none'), type: 'info' }
  return { text: t('eia.totals.awaiting'), type: 'warning' }
}
