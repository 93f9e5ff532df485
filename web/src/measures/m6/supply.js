// Measure 6's words on the screens (正面清单企业上下游): a partner's verdict, its grade and list
// status, an alternative's basis, the review's rule, each in the reader's language. The server's
// explanation is the record, in Chinese; these short texts are written from the fields the server
// sent (reason, grade, list status, basis), so that nothing is decided here.
import { api } from '../../api.js'
import { t, locale } from '../../i18n.js'
import { industryLabel } from '../../policy.js'

export const PREFERRED = ['grade', 'positive_list', 'grade_and_positive_list']

// The colon between a label and its value: full width in Chinese.
export function sep() {
  return locale.value === 'en' ? ': ' : '：'
}

export function directionLabel(d) {
  return t(d === 'downstream' ? 'sup.downstream' : 'sup.upstream')
}

// The partner's grade as the registry or the link says: unknown, none yet, or the grade (short:
// after a label that says it is the grade).
export function partnerGrade(link, short) {
  if (!link.partner_grade_known) return t(short ? 'sup.unknown' : 'sup.gradeUnknown')
  return link.partner_grade || t('sup.ungraded')
}

export function partnerList(link) {
  if (link.partner_positive_list === true) return t('sup.onList')
  if (link.partner_positive_list === false) return t('sup.offList')
  return t('sup.listUnknown')
}

// Why a partner is (not) preferred, in one line.
export function verdictText(p, min) {
  const g = p.link.partner_grade || ''
  return t('sup.reason.' + (p.reason || 'not_reviewed'), { g, min: min || 'B' })
}

export function verdictTag(p) {
  if (p.reason === 'not_reviewed') return { type: 'info', text: t('sup.notReviewed') }
  return p.preferred ? { type: 'success', text: t('sup.preferred') } : { type: 'danger', text: t('sup.notPreferred') }
}

// How an alternative was found: the server's text in Chinese, written again from its fields in
// English.
export function alternativeHow(a, p) {
  if (locale.value !== 'en') return a.how
  const l = p.link
  const why = a.reason === 'positive_list' ? 'on the positive list' : `graded ${a.grade}${a.positive_list ? ', on the positive list' : ''}`
  if (a.basis === 'product') return `${l.direction === 'upstream' ? 'Supplies' : 'Takes'} “${l.product}” in the county's recorded links; ${why}`
  return `Same industry as ${l.partner_name} (${industryLabel(a.industry)}), its products not recorded; ${why}`
}

export function alternativesHow(p) {
  if (locale.value !== 'en') return p.alternatives_how
  const l = p.link
  const byProduct = `Looked for enterprises of the county that ${l.direction === 'upstream' ? 'supply' : 'take'} “${l.product}” in the recorded links`
  return l.partner_in_registry ? `${byProduct}, then for preferred enterprises of the partner's industry (${industryLabel(l.partner_industry)}).` : `${byProduct}; the partner is outside the registry, its industry unknown.`
}

// The rule as the review states it, in English (the Chinese lines are the server's).
export function ruleSummary(r) {
  if (!r) return []
  const out = [`Measure 6: a positive-list enterprise is guided to prefer upstream and downstream partners graded ${r.min_partner_grade} or above (m6.min_partner_grade; ${r.min_partner_grade}- is below ${r.min_partner_grade}), or on the positive list (m6.positive_list_partner).`]
  if (r.in_window) out.push(`Today (${r.today}) is within the measure's period (m6.window_to).`)
  else if (r.reviewed) out.push(`The measure ran until the end of 2022 (m6.window_to); today (${r.today}) is after it. The policy does not say what follows, so partners are still reviewed, as guidance only (m6.review_after_window = 1).`)
  else out.push(`The measure ran until the end of 2022 (m6.window_to); after it nothing is reviewed (m6.review_after_window = 0).`)
  return out
}

export function targetStatus(s) {
  return { text: t('sup.status.' + s), type: s === 'open' ? 'warning' : s === 'met' ? 'success' : 'info' }
}

// Help target id with its link ({target, link}) as the county's review (GET /api/v1/supply/review)
// lists it, or null when the review does not list it.
export async function findHelpTarget(id) {
  const review = await api.get('/supply/review')
  for (const e of review.enterprises || []) {
    for (const p of e.partners || []) {
      const target = (p.link.targets || []).find((x) => x.id === id)
      if (target) return { target, link: p.link }
    }
  }
  return null
}
