// The domain words the screens show (roles, grades, tiers) and the rule that
// tells an enterprise which measures concern it. Names follow the project's glossary.
import { t } from './i18n.js'

export const GRADES = ['A', 'B', 'B-', 'C', 'D']

export function gradeLabel(g) {
  return g ? g : t('grade.none')
}

export function roleLabel(r) {
  return t('role.' + r)
}

export function tierLabel(tier) {
  return t('tier.' + (tier || 'none'))
}

export function tierType(tier) {
  return tier === 'key' ? 'success' : tier === 'general' ? 'primary' : 'info'
}

// Whether each measure of the pack applies to an enterprise, and why (pack parameters decide the
// measure-1 industries). Measures for construction projects (4, 7, 8) concern an enterprise only
// when it builds one, which the registry does not record: they are listed as "when you build".
export function measuresFor(ent, measures, m1Industries) {
  const out = []
  for (const m of measures) {
    const n = Number(m.number)
    let applies = false
    let reason = ''
    switch (n) {
      case 1:
        applies = !!(m1Industries && m1Industries.includes(ent.industry))
        reason = applies
          ? t('why.m1.yes', { industry: ent.industry_name || ent.industry })
          : t('why.m1.no', { industry: ent.industry_name || ent.industry || '—' })
        break
      case 2:
        applies = true
        reason = t('why.m2')
        break
      case 3:
        applies = !!ent.air_emitter
        reason = applies ? t('why.m3.yes') : t('why.m3.no')
        break
      case 5:
        applies = !!ent.key_air_emitter
        reason = applies ? t('why.m5.yes') : t('why.m5.no')
        break
      case 6:
        applies = !!ent.positive_list
        reason = applies ? t('why.m6.yes') : t('why.m6.no')
        break
      case 4:
      case 7:
      case 8:
        applies = null
        reason = t('why.m' + n)
        break
      default:
        applies = null
        reason = t('why.other')
    }
    out.push({ measure: m, applies, reason })
  }
  return out
}

export function inForce(m, today) {
  const d = today || new Date().toISOString().slice(0, 10)
  if (typeof m.in_force_now === 'boolean') return m.in_force_now
  if (typeof m.in_force === 'boolean') return m.in_force
  if (m.in_force_from && d < m.in_force_from) return false
  if (m.in_force_to && d > m.in_force_to) return false
  return true
}

// Amounts arrive in fen (money) and grams (mass); the screens show yuan and tonnes.
export function yuan(fen) {
  if (fen === null || fen === undefined) return '—'
  return (Number(fen) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}

export function tonnes(g) {
  if (g === null || g === undefined) return '—'
  return (Number(g) / 1e6).toLocaleString('zh-CN', { maximumFractionDigits: 6 })
}

export function dateOnly(s) {
  return s ? String(s).slice(0, 10) : '—'
}

// A timestamp as the reader's local date and time: the server records instants in UTC ("...Z").
export function dateTime(s) {
  if (!s) return '—'
  const text = String(s)
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?Z$/.test(text)) {
    const d = new Date(text)
    const p = (n) => String(n).padStart(2, '0')
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
  }
  return text.replace('T', ' ').replace(/Z$/, '').slice(0, 16)
}

// When a step of a procedure was taken: its business day (on), with the time it was recorded when
// that was the same day; a step recorded later for an earlier day shows its day alone.
export function stepWhen(step) {
  if (!step.on) return dateTime(step.at)
  const at = step.at ? dateTime(step.at) : ''
  return at.startsWith(step.on) ? at : dateOnly(step.on)
}
