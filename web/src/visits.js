// Measure 5's service visits (两进三送) as the screens use them: the visits (GET /api/v1/visits,
// without their findings, and /api/v1/visits/{id} with them, for the visit's readers only), the
// expert roster (/api/v1/experts), the key air emitters a plan is aimed at (/api/v1/visit-targets);
// the shapes are src/io/visit_json.h's. A visit is a case of procedure m5.visit: it is planned with
// POST /api/v1/cases and every later step is the case's (cases.js takeStep).
import { ref } from 'vue'
import { api, listOf } from './api.js'
import { procedures } from './cases.js'

export const VISIT_PROCEDURE = 'm5.visit'
// What a visit delivers, as the pack's m5.deliveries lists it (送法律、送政策、送技术).
export const DELIVERY_KINDS = ['law', 'policy', 'technology']

export async function listVisits(query) {
  return listOf(await api.get('/visits', query), 'visits')
}

export async function getVisit(id) {
  return (await api.get('/visits/' + encodeURIComponent(id))).visit
}

export async function listExperts(all) {
  return listOf(await api.get('/experts', all ? { all: 'true' } : undefined), 'experts')
}

export function addExpert(body) {
  return api.post('/experts', body)
}

export function disableExpert(id) {
  return api.post(`/experts/${encodeURIComponent(id)}/disable`)
}

export async function listTargets() {
  return listOf(await api.get('/visit-targets'), 'targets')
}

// Plans a visit (the opening step): fields planned_on, team ("1,2"), purpose and, for a visit that
// serves one of measure 6's help targets, help_target (the target's id); today the step's day.
export function planVisit(uscc, fields, today) {
  const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '' && v != null))
  const body = { procedure: VISIT_PROCEDURE, action: 'plan', uscc, fields: given }
  if (today) body.today = today
  return api.post('/cases', body)
}

// Whether the signed-in user may plan a visit: the server offers the plan action of m5.visit
// (GET /api/v1/procedures, "opens") to the branch's leaders only.
export async function mayPlanVisits() {
  try {
    const p = (await procedures()).find((x) => x.name === VISIT_PROCEDURE)
    return !!(p && p.opens.some((o) => o.name === 'plan'))
  } catch {
    return false
  }
}

// Where a visit for measure 6's help target is planned: the visits screen, its plan form opened
// for the partner the target names (views/Visits.vue reads plan and target).
export function planForTargetPath(uscc, targetId) {
  return { path: '/work/visits', query: { plan: uscc, target: String(targetId) } }
}

export function visitPath(v) {
  return '/visits/' + encodeURIComponent(v.id)
}

// A delivery's items from a text of one item a line, and back.
export function itemsOf(text) {
  return String(text || '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
}

// Whether the screen is phone-wide (as App.vue's menu decides, 760px): lists turn into cards and
// the facts of a visit into one column.
const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(max-width: 760px)') : null
export const narrow = ref(!!(query && query.matches))
if (query) query.addEventListener('change', (e) => (narrow.value = e.matches))
