// Measure 7's discharge-rights ledger (排污权账本) as the screens use it (/api/v1/ledger…): the
// accounts and their balances per pollutant, one account with its rights and pledges, its
// statement, the transfers and what each offers the reader, the forms that record a trade, a sale
// from the reserve, a verified reduction and a pledge, the reserve's sources and uses, and the
// public prices. Mass arrives in grams and money in fen; the screens show tonnes (3 decimals, the
// grams in a tooltip) and yuan. The server decides everything; the browser only converts what the
// user types (tonnes, yuan) into the integers the server takes, exactly, without floats.
import { reactive, ref } from 'vue'
import { api, listOf } from '../../api.js'
import { pick, t, locale } from '../../i18n.js'
import { may } from '../../session.js'

export const ACCOUNT_KINDS = ['reserve', 'city', 'province', 'enterprise', 'project', 'origin']
export const TRANSFER_STATES = ['pending', 'settled', 'cancelled', 'expired']
export const METHODS = ['bidding', 'negotiated', 'listed']

const enc = encodeURIComponent

export async function listAccounts(kind) {
  return listOf(await api.get('/ledger/accounts', kind ? { kind } : undefined), 'accounts')
}
export async function getAccount(account) {
  return api.get('/ledger/accounts/' + enc(account))
}
export async function getStatement(account, query) {
  return api.get('/ledger/accounts/' + enc(account) + '/statement', query)
}
export async function listTransfers(query) {
  return listOf(await api.get('/ledger/transfers', query), 'transfers')
}
export async function getTransfer(id) {
  return api.get('/ledger/transfers/' + enc(id))
}
export async function approveTransfer(id) {
  return api.post('/ledger/transfers/' + enc(id) + '/approve', {})
}
export async function cancelTransfer(id, reason) {
  return api.post('/ledger/transfers/' + enc(id) + '/cancel', { reason })
}
export async function releasePledge(id) {
  return api.post('/ledger/pledges/' + enc(id) + '/release', {})
}
export async function getReserve(query) {
  return api.get('/ledger/reserve', query)
}
export async function publicPrices(query) {
  return listOf(await api.get('/public/ledger/prices', query), 'prices')
}

// The pollutants the ledger keeps, with their names; until (or unless) the server answers, the
// four of Hebei's rules are named from the app's own words (so on the public prices, for a
// visitor who may not ask).
export const pollutants = reactive({ ready: false, list: [] })
let pollutantsPromise = null
export function loadPollutants() {
  if (!may('GET /api/v1/ledger/pollutants')) return Promise.resolve()
  if (!pollutantsPromise) {
    pollutantsPromise = api
      .get('/ledger/pollutants')
      .then((d) => {
        pollutants.list = listOf(d, 'pollutants')
        pollutants.ready = true
      })
      .catch(() => {
        pollutantsPromise = null
      })
  }
  return pollutantsPromise
}
export function pollutantLabel(code) {
  const p = pollutants.list.find((x) => x.code === code)
  if (p) return pick(p, 'label') || code
  const own = t('ledger.pollutant.' + code)
  return own === 'ledger.pollutant.' + code ? code || '—' : own
}
// The pollutant codes to choose from: the server's list, else those seen in the data.
export function pollutantCodes(seen) {
  if (pollutants.list.length) return pollutants.list.map((p) => p.code)
  return [...new Set(seen || [])]
}

function labelOr(prefix, code) {
  if (!code) return '—'
  const s = t(prefix + code)
  return s === prefix + code ? code : s
}
export const accountKindLabel = (k) => labelOr('ledger.accountKind.', k)
export const transferKindLabel = (k) => labelOr('ledger.transferKind.', k)
export const stateLabel = (s) => labelOr('ledger.state.', s)
export const methodLabel = (m) => (m ? labelOr('ledger.method.', m) : '—')
export const sourceKindLabel = (k) => labelOr('ledger.flow.', k)

export function stateType(s) {
  return { pending: 'warning', settled: 'success', cancelled: 'info', expired: 'danger' }[s] || 'info'
}

// The name of an account: its label, else its key ("reserve:130131").
export function accountName(a) {
  if (!a) return '—'
  return pick(a, 'label') || a.account
}
// The accounts' names by key, for the screens that get keys only (the transfers): filled once
// from the accounts the reader sees.
export const names = reactive({})
let namesPromise = null
export function loadNames() {
  if (!namesPromise && may('GET /api/v1/ledger/accounts'))
    namesPromise = listAccounts()
      .then((l) => l.forEach((a) => (names[a.account] = a)))
      .catch(() => (namesPromise = null))
  return namesPromise
}
export function nameOf(key) {
  const a = names[key]
  return a ? accountName(a) : key || '—'
}
// The key of an account ("enterprise:9113…"): what it holds after the colon.
export function accountOwner(key) {
  const s = String(key || '')
  const i = s.indexOf(':')
  return i < 0 ? s : s.slice(i + 1)
}

// Grams as tonnes with 3 decimals ("12.345"), and the grams themselves for the tooltip.
function group(intText) {
  return intText.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}
export function tonnes3(g) {
  if (g === null || g === undefined || g === '') return '—'
  const n = Number(g)
  const neg = n < 0
  const abs = Math.abs(n)
  // Rounded half up to the kilogram, in integers: 1 t = 1,000,000 g, 0.001 t = 1,000 g.
  const kg = Math.floor((abs + 500) / 1000)
  const whole = Math.floor(kg / 1000)
  const frac = String(kg % 1000).padStart(3, '0')
  return (neg ? '−' : '') + group(String(whole)) + '.' + frac
}
export function signedTonnes(g) {
  const s = tonnes3(g)
  return Number(g) > 0 ? '+' + s : s
}
export function gramsText(g) {
  if (g === null || g === undefined || g === '') return '—'
  const n = Number(g)
  return (n < 0 ? '−' : '') + group(String(Math.abs(n))) + (locale.value === 'en' ? ' g' : ' 克')
}

// What the user types, exactly: tonnes (up to 6 decimals, to the gram) to grams, yuan (up to 2
// decimals) to fen. null when it is not such a number.
function scaled(text, places) {
  const s = String(text === null || text === undefined ? '' : text)
    .trim()
    .replace(/,/g, '')
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s)
  if (!m) return null
  const frac = m[2] || ''
  if (frac.length > places) return null
  const v = Number(m[1]) * 10 ** places + Number(frac.padEnd(places, '0') || 0)
  return Number.isSafeInteger(v) ? v : null
}
export const tonnesToGrams = (text) => scaled(text, 6)
export const yuanToFen = (text) => scaled(text, 2)

// One id per submission of a form (the server records a transfer once per client_id): the same
// body submitted again, after a failure or a double click, carries the same id; a changed body is
// a new submission.
function uuid() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID()
  const b = new Uint8Array(16)
  window.crypto.getRandomValues(b)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
export function submission() {
  let last = null
  let id = null
  return {
    idFor(body) {
      const key = JSON.stringify(body)
      if (key !== last || !id) {
        last = key
        id = uuid()
      }
      return id
    },
    done() {
      last = null
      id = null
    },
  }
}

// The period a screen opens on: from the first of January to today.
export function today() {
  const d = new Date()
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}
export function yearStart() {
  return today().slice(0, 4) + '-01-01'
}
// Confirmed rights run five years: a statement opens on the five calendar years to today.
export function fiveYearsStart() {
  return String(Number(today().slice(0, 4)) - 4) + '-01-01'
}
// The quick periods of the date pickers: this year, last year, the last five years.
export function periodShortcuts() {
  const y = Number(today().slice(0, 4))
  return [
    { text: t('ledger.thisYear'), value: () => [y + '-01-01', today()] },
    { text: t('ledger.lastYear'), value: () => [y - 1 + '-01-01', y - 1 + '-12-31'] },
    { text: t('ledger.fiveYears'), value: () => [fiveYearsStart(), today()] },
  ]
}
export function expired(validUntil) {
  return !!validUntil && validUntil < today()
}

// A statement as a CSV file the browser saves: opening, every entry, closing; grams and tonnes.
function csvCell(v) {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s
}
export function statementCsv(st, accountLabel) {
  const head = [
    t('ledger.csv.day'),
    t('ledger.csv.transfer'),
    t('ledger.csv.kind'),
    t('ledger.csv.counterparty'),
    t('ledger.csv.grams'),
    t('ledger.csv.tonnes'),
    t('ledger.csv.balanceGrams'),
    t('ledger.csv.balanceTonnes'),
    t('ledger.csv.priceYuan'),
    t('ledger.csv.method'),
  ]
  const plain = (g) => tonnes3(g).replace(/,/g, '').replace('−', '-')
  const rows = [
    [t('ledger.csv.account'), accountLabel, st.account],
    [t('ledger.csv.pollutant'), pollutantLabel(st.pollutant), st.pollutant],
    [t('ledger.csv.period'), st.from, st.to],
    [],
    head,
    [st.from, '', t('ledger.opening'), '', '', '', st.opening_g, plain(st.opening_g), '', ''],
  ]
  for (const e of st.entries || []) {
    rows.push([
      e.day,
      e.transfer_id,
      transferKindLabel(e.kind),
      e.counterparty || '',
      e.grams,
      plain(e.grams),
      e.balance_g,
      plain(e.balance_g),
      e.price_fen === null || e.price_fen === undefined ? '' : (Number(e.price_fen) / 100).toFixed(2),
      e.method ? methodLabel(e.method) : '',
    ])
  }
  rows.push([st.to, '', t('ledger.closing'), '', '', '', st.closing_g, plain(st.closing_g), '', ''])
  return '\ufeff' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
export function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

const query = window.matchMedia ? window.matchMedia('(max-width: 760px)') : null
export const narrow = ref(!!(query && query.matches))
if (query) query.addEventListener('change', (e) => (narrow.value = e.matches))
