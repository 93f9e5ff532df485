// Measure 3's control measures (三个禁用) as the screens use them: the measures a reader may see
// (GET /api/v1/controls, /api/v1/controls/{id}), the check of a measure not recorded (POST
// /api/v1/controls/check: whether the bans would allow it, and why) and the proposal (POST
// /api/v1/controls: 201, or 422 with the refusal's explanation and nothing written); the shapes
// are src/io/control_json.h's. A control measure is a case of procedure m3.control: its page is
// the case's (views/CaseDetail.vue with panels/M3Control.vue) and every later step is the case's.
import { api, listOf } from '../../api.js'
import { t } from '../../i18n.js'

export const CONTROL_PROCEDURE = 'm3.control'
export const KINDS = ['restrict_production', 'halt_production', 'stop_work', 'other']
// What the bans name (m3.banned_measures): the kinds that need the window checked.
export const BANNED = ['restrict_production', 'halt_production', 'stop_work']

export async function listControls(query) {
  return listOf(await api.get('/controls', query), 'controls')
}

export async function getControl(id) {
  return (await api.get('/controls/' + encodeURIComponent(id))).control
}

// The body of a check or a proposal from the form: the unit (an enterprise's USCC, or a site's
// number), the kind, the days, and the exceptions named; empty values left out.
function bodyOf(f) {
  const body = { kind: f.kind, from: f.from, to: f.to }
  if (f.unit === 'site') body.site = Number(f.site)
  else body.uscc = f.uscc
  if (f.kind === 'other' && f.other_kind) body.other_kind = f.other_kind
  if (f.malicious_case) body.malicious_case = Number(f.malicious_case)
  if (f.major_risk && f.major_risk.trim()) body.major_risk = f.major_risk.trim()
  return body
}

export async function checkControl(f, evidence) {
  const body = bodyOf(f)
  if (evidence) body.evidence = evidence
  return (await api.post('/controls/check', body)).decision
}

// documents: [{name, file_name, content_base64}] (cases.js asDocument).
export function proposeControl(f, documents) {
  const body = { ...bodyOf(f), reason: f.reason.trim() }
  if (documents && documents.length) body.documents = documents
  return api.post('/controls', body)
}

export function controlPath(c) {
  return '/cases/' + encodeURIComponent(c.id)
}

// The tag colour of a measure's phase.
export function phaseType(phase) {
  return { awaiting_approval: 'warning', scheduled: 'primary', in_effect: 'danger', expired: 'info', lifted: 'success', finished: 'info', refused: 'info' }[phase] || 'info'
}

// The decision's outcome said in a line, in the reader's language (the explanation is the record,
// in Chinese).
export function outcomeText(d) {
  if (!d) return ''
  const ground = t('ctl.ground.' + d.ground)
  return t('ctl.outcome.' + d.outcome) + (d.ground && d.ground !== 'none' ? ' · ' + ground : '')
}
