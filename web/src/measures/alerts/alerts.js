// The alerts' words on the screens (重污染天气预警): a level's label and colour, an alert's state,
// its period and townships, a measure in the reader's language. The server's explanation is the
// record, in Chinese; the short English texts here are written from the fields the server sent
// (kinds, limit_percent, stopped_processes_en), so that nothing is decided in the browser.
import { t, locale } from '../../i18n.js'

export const LEVELS = ['yellow', 'orange', 'red']
export const KINDS = ['own_choice', 'no_old_trucks', 'no_road_transport', 'limit', 'stop', 'halt']

// The colon between a label and its value: full width in Chinese.
export function sep() {
  return locale.value === 'en' ? ': ' : '：'
}

export function levelLabel(level) {
  return t('alert.level.' + level)
}

// The colour of a level (yellow, orange, red) for tags and banners.
export function levelColor(level) {
  return { yellow: '#d4a017', orange: '#e67e22', red: '#c0392b' }[level] || '#74827b'
}

export function stateLabel(state) {
  return t('alert.state.' + (state || 'ended'))
}

export function stateType(state) {
  return state === 'in_force' ? 'danger' : state === 'upcoming' ? 'warning' : 'info'
}

// "2026-11-30T20:00" as "2026-11-30 20:00".
export function when(s) {
  return s ? String(s).replace('T', ' ') : ''
}

// An end at 00:00 is the end of the day before: "2026-12-04 24:00" reads as the city writes it.
export function whenEnd(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T00:00$/.exec(s || '')
  if (!m) return when(s)
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]) - 86400000)
  return d.toISOString().slice(0, 10) + ' 24:00'
}

export function period(a) {
  return t('alert.period', { from: when(a.from), to: whenEnd(a.to) })
}

export function townships(a) {
  if (a.whole_county) return t('alert.wholeCounty')
  return (a.townships || []).join(locale.value === 'en' ? ', ' : '、')
}

// A measure object's words: the server's Chinese, or English written from its fields.
export function measureText(m) {
  if (!m) return ''
  if (locale.value !== 'en') return m.measure_zh
  const out = []
  if (m.halted) out.push(m.unit === 'site' ? 'all outdoor work stops' : 'production halted')
  if (m.limit_percent) out.push(`production limited by ${m.limit_percent}%`)
  const procs = m.stopped_processes_en || m.stopped_processes || []
  if (procs.length) out.push('stops ' + procs.join(', '))
  if (m.no_road_transport) out.push('no road transport')
  else if (m.no_old_trucks) out.push('no China-IV-or-older heavy diesel trucks')
  if (m.own_choice) out.push('chooses its own reductions')
  if (!out.length) return m.unit === 'site' ? 'works on as usual' : 'neither limited nor halted'
  return out.join('; ')
}

export function measureType(m) {
  if (!m) return 'info'
  if (m.halted) return 'danger'
  if (m.restricted) return 'warning'
  return 'success'
}

export function kindLabel(k) {
  return t('alert.kind.' + k)
}

// The text of a diff side: the measure, or not reached.
export function sideText(s) {
  if (!s) return t('alert.notReached')
  if (locale.value !== 'en') return s.measure_zh
  return measureText({ ...s, unit: s.unit })
}

// What the error of a form names: the server's field when it is one of the form's, else the whole.
export function fieldError(err, fields) {
  if (err && err.field && fields.includes(err.field)) return { [err.field]: err.message }
  return null
}
