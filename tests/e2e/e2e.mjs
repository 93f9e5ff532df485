// End-to-end walk through the web app in headless chromium, printing TAP. It makes a demo database,
// starts `greenlane serve` on a free loopback port with the built web app, and as a visitor, an
// enterprise and the officers: reads the public catalog, signs in, self-assesses, submits a
// declaration with a document, takes it through the county review, the city's expert review and
// site verification to the provisional grade, follows it as the enterprise, searches the registry,
// opens the dashboard, exports the measure-1 evaluation and reads the workbook back (figures as
// number cells with their formats, codes as text), and imports a bad CSV to see its row-by-row
// report and a good one to see its counts. It downloads the import templates from the import
// screen, checks their Chinese headers (the CSV's and the Excel workbook's), fills the CSV ones
// with rows and imports them: new enterprises it then finds in the registry, and an industry's
// averages, counted unchanged when the same file comes again. Then the other paths of the
// procedure, each on an enterprise of its own set up at the command line: an officer confirms the
// indicators met (formal promotion), a grace period runs out and the sweep reverts the grade, an
// enterprise resubmits a returned declaration with a new document, and the city rejects with
// reasons; the case list's export is read back with its dates and counts as numbers; an enterprise
// opening another's declaration finds nothing, and an officer screen switches to English. The
// county officer files a measure-2 enforcement case for a unit outside the registry through the
// form and closes its investigation. A screenshot of each main screen goes to $SCREENSHOTS.
import { chromium } from 'playwright-core'
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const GREENLANE = process.env.GREENLANE
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
const WEB_DIST = process.env.WEB_DIST
const SHOTS = process.env.SCREENSHOTS
const WAIT = 15000
// A 16 × 16 green PNG: a photo handed in as evidence, for the preview.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGPQqAggCTGMahjVMHw1AABwkfABucCtWgAAAABJRU5ErkJggg==', 'base64')

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'greenlane-e2e-'))
const db = path.join(tmp, 'e2e.db')
fs.mkdirSync(SHOTS, { recursive: true })

let count = 0
let failures = 0
let server = null
let context = null
let page = null

function diag(text) {
  for (const line of String(text).split('\n')) console.log('# ' + line)
}

async function shot(name, fullPage = true) {
  if (!page) return
  try {
    await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage, animations: 'disabled' })
  } catch (e) {
    diag('screenshot ' + name + ': ' + e.message)
  }
}

async function step(name, fn) {
  count++
  try {
    await fn()
    console.log(`ok ${count} - ${name}`)
  } catch (e) {
    failures++
    console.log(`not ok ${count} - ${name}`)
    diag((e && e.stack) || e)
    await shot(`failed-${String(count).padStart(2, '0')}`)
  }
}

function check(cond, message) {
  if (!cond) throw new Error(message)
}

function greenlane(args, input) {
  const r = spawnSync(GREENLANE, ['--db', db, ...args], { input, encoding: 'utf8' })
  return { status: r.status, stdout: r.stdout || '', stderr: r.stderr || '' }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

async function waitHealthy(base) {
  for (let i = 0; i < 100; i++) {
    if (server.exitCode !== null) throw new Error('greenlane serve exited with ' + server.exitCode)
    try {
      const r = await fetch(base + '/healthz')
      if (r.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('greenlane serve did not answer /healthz')
}

// The demo's logins: "  NAME  ROLE  [USCC or department]" lines under a header naming the password.
function parseLogins(text) {
  const pw = (text.match(/password\)?\s*[:：]?\s*(\S+?):?\s*$/m) || [])[1] || 'greenlane-demo'
  const users = []
  for (const line of text.split('\n')) {
    const m = line.match(/^\s+([A-Za-z0-9._@-]+)\s+([a-z_]+)(?:\s+(.*?))?\s*$/)
    if (m) users.push({ name: m[1], role: m[2], extra: m[3] })
  }
  return { password: pw, users }
}

const ctx = { password: 'greenlane-demo', users: {}, uscc: '', year: 0, declId: '', walks: null }

function loginFor(role) {
  const u = ctx.users[role]
  if (!u) throw new Error('the demo has no user with role ' + role)
  return u
}

// A text field by its data-test name: Element Plus puts the attribute on the <input> or <textarea>
// itself, other components on their outer element.
function field(name) {
  return page.locator(
    `input[data-test=${name}], textarea[data-test=${name}], [data-test=${name}] input:not([type=file]), [data-test=${name}] textarea`,
  )
}

function fileInput(name) {
  return page.locator(`input[type=file][data-test=${name}], [data-test=${name}] input[type=file]`)
}

async function signIn(username, password) {
  await page.goto(ctx.base + '/signin')
  await field('username').fill(username)
  await field('password').fill(password)
  await page.locator('[data-test=submit]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: WAIT })
}

async function signOut() {
  await page.locator('[data-test=user-menu]').click()
  await page.locator('[data-test=sign-out]').click()
  await page.waitForURL((u) => u.pathname === '/', { timeout: WAIT })
}

async function stateText() {
  return (await page.locator('[data-test=case-state]').innerText()).trim()
}

// Takes an offered action: every action opens its form, which asks for the text when the action
// takes one, and is confirmed there.
async function act(action, text) {
  await page.locator(`[data-test=action-${action}]`).click()
  await page.locator('[data-test=action-dialog]').waitFor()
  if (text !== undefined) await field('action-text').fill(text)
  await page.locator('[data-test=action-confirm]').click()
  await page.locator(`[data-test=action-${action}]`).waitFor({ state: 'detached', timeout: WAIT })
}

// The greenlane command, which must succeed; returns its standard output.
function cli(...args) {
  const r = greenlane(args)
  if (r.status !== 0) throw new Error(`greenlane ${args.join(' ')}: ${r.stderr.trim()}`)
  return r.stdout
}

// The local date `days` days from today (negative: before), as the server counts its business day.
function isoDay(days) {
  const d = new Date()
  d.setDate(d.getDate() + days)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

// The newest declaration of an enterprise, by its id.
function declarationOf(uscc) {
  const ids = cli('declaration', 'list', '--uscc', uscc)
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[0])
  if (!ids.length) throw new Error('no declaration of ' + uscc)
  return ids[ids.length - 1]
}

// The declarations the walks start from, taken at the command line by the demo's officers: one
// returned with reasons, one provisional since today, one provisional since more than six months
// ago (its grace deadline already past, unmet).
function setUpWalks() {
  const doc = path.join(tmp, '申报表.pdf')
  fs.writeFileSync(doc, '%PDF-1.4\n% greenlane e2e\n')
  const officer = (role) => loginFor(role).name
  const submit = (w, day) =>
    cli('declaration', 'submit', w.uscc, '--year', String(ctx.year), '--grade-sought', w.grade, '--document', '申报表=' + doc, '--document', '证明材料=' + doc, '--today', day, '--as', w.user)
  const toProvisional = (id, day) => {
    cli('declaration', 'review', id, '--approve', '--today', day, '--as', officer('county_officer'))
    cli('declaration', 'city-review', id, '--preliminary', '--findings', '材料齐全。', '--today', day, '--as', officer('city_expert'))
    cli('declaration', 'city-review', id, '--site', '--findings', '现场核查与申报一致。', '--today', day, '--as', officer('city_expert'))
    cli('declaration', 'decide', id, '--provisional', '--today', day, '--as', officer('city_officer'))
  }
  const w = ctx.walks
  submit(w.returned, isoDay(-3))
  w.returned.id = declarationOf(w.returned.uscc)
  cli('declaration', 'review', w.returned.id, '--return', '--reason', '缺少2024年度排污许可执行报告，请补充后重新申报。', '--today', isoDay(-1), '--as', officer('county_officer'))
  submit(w.formal, isoDay(-20))
  w.formal.id = declarationOf(w.formal.uscc)
  toProvisional(w.formal.id, isoDay(-10))
  submit(w.lapse, isoDay(-200))
  w.lapse.id = declarationOf(w.lapse.uscc)
  toProvisional(w.lapse.id, isoDay(-190))
}

// A valid USCC of the demo county whose organization code is the 8 digits given (GB 11714 and
// GB 32100 check characters).
function usccFor(digits8) {
  const orgWeights = [3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 8; i++) sum += Number(digits8[i]) * orgWeights[i]
  const c9 = 11 - (sum % 11)
  const first17 = '91130131' + digits8 + (c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9))
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  let total = 0
  let w = 1
  for (let i = 0; i < 17; i++) {
    total += alphabet.indexOf(first17[i]) * w
    w = (w * 3) % 31
  }
  const check = (31 - (total % 31)) % 31
  return first17 + alphabet[check]
}

// Clicks the control that downloads a file and saves what the browser received under tmp; returns
// the saved path and the name the browser was told.
async function downloadFrom(selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()])
  const name = file.suggestedFilename()
  const saved = path.join(tmp, 'download-' + Date.now() + '-' + name)
  await file.saveAs(saved)
  return { saved, name }
}

// A workbook's first sheet as its XML holds it, read with python3's standard library: the sheet
// names, and each row's cells as {type, value, format} — type "n" for a number cell (no t
// attribute), "s" or "inlineStr" for text, value the <v> text or the string, format the number
// format of the cell's style (custom from styles.xml, or one of Excel's built-in ones).
const READ_XLSX = `
import json, re, sys, zipfile
import xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
BUILTIN = {0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 14: 'mm-dd-yy', 49: '@'}
z = zipfile.ZipFile(sys.argv[1])
sheets = [s.get('name') for s in ET.fromstring(z.read('xl/workbook.xml')).iter(M + 'sheet')]
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    shared = [''.join(t.text or '' for t in si.iter(M + 't')) for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(M + 'si')]
styles = ET.fromstring(z.read('xl/styles.xml'))
codes = dict(BUILTIN)
for f in styles.iter(M + 'numFmt'):
    codes[int(f.get('numFmtId'))] = f.get('formatCode')
xfs = [int(x.get('numFmtId', '0')) for x in styles.find(M + 'cellXfs')]
def column(ref):
    n = 0
    for ch in re.match('[A-Z]+', ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1
rows = []
for row in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).iter(M + 'row'):
    cells = {}
    for c in row.iter(M + 'c'):
        kind = c.get('t', 'n')
        v = c.find(M + 'v')
        if kind == 'inlineStr':
            value = ''.join(t.text or '' for t in c.iter(M + 't'))
        elif kind == 's':
            value = shared[int(v.text)]
        else:
            value = v.text if v is not None else None
        cells[column(c.get('r'))] = {'type': kind, 'value': value, 'format': codes.get(xfs[int(c.get('s', '0'))], '?')}
    rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
print(json.dumps({'sheets': sheets, 'rows': rows}, ensure_ascii=False))
`

// A workbook read back (READ_XLSX): its sheet names, its header row as text, the rows under it,
// and the index of a column by its header.
function readWorkbook(file) {
  const r = spawnSync('python3', ['-c', READ_XLSX, file], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error('reading ' + file + ': ' + r.stderr)
  const book = JSON.parse(r.stdout)
  const header = (book.rows[0] || []).map((c) => (c ? c.value : ''))
  const column = (name) => {
    const i = header.indexOf(name)
    if (i < 0) throw new Error(`the workbook has no column ${name}: ${header.join(', ')}`)
    return i
  }
  return { sheets: book.sheets, header, rows: book.rows.slice(1), column }
}

// A cell Excel reads as a number: no type attribute (or t="n") and a <v> that parses as one.
function isNumberCell(c) {
  return !!c && c.type === 'n' && /^-?\d+(\.\d+)?(E[-+]?\d+)?$/i.test(c.value || '') && Number.isFinite(Number(c.value))
}

// A cell Excel reads as text: a shared or an inline string.
function isTextCell(c) {
  return !!c && (c.type === 's' || c.type === 'inlineStr')
}

// A CSV file's header row: without the byte-order mark, split at its commas.
function csvHeader(text) {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',')
}

async function main() {
  // A demo county, and an enterprise user bound to an enterprise that qualifies for measure 1.
  const demo = greenlane(['demo'])
  if (demo.status !== 0) throw new Error('greenlane demo failed: ' + demo.stderr)
  const logins = parseLogins(demo.stdout + '\n' + demo.stderr)
  ctx.password = logins.password
  for (const u of logins.users) if (!ctx.users[u.role]) ctx.users[u.role] = u
  const declared = new Set(
    greenlane(['declaration', 'list'])
      .stdout.split('\n')
      .map((l) => l.split('\t')[1])
      .filter(Boolean),
  )
  // Four enterprises that qualify and have not declared, one for each walk: the main walk, the
  // return and rejection, the formal promotion, and the grace period that runs out (a general
  // incentive, so that its six months can be dated back before today).
  const now = new Date().getFullYear()
  for (let y = now - 1; y >= now - 4 && !ctx.uscc; y--) {
    const r = greenlane(['eval', 'incentive', '--year', String(y), '--json'])
    if (r.status !== 0) continue
    let list = []
    try {
      list = JSON.parse(r.stdout)
    } catch {
      continue
    }
    const hits = list.filter((e) => (e.tier === 'key' || e.tier === 'general') && e.next_grade && !declared.has(e.uscc))
    const lapse = hits.find((e) => e.tier === 'general')
    const rest = hits.filter((e) => e !== lapse)
    if (!lapse || rest.length < 3) continue
    ctx.year = y
    ctx.uscc = rest[0].uscc
    ctx.walks = {
      returned: { uscc: rest[1].uscc, name: rest[1].name, grade: rest[1].next_grade },
      formal: { uscc: rest[2].uscc, name: rest[2].name, grade: rest[2].next_grade },
      lapse: { uscc: lapse.uscc, name: lapse.name, grade: lapse.next_grade },
    }
  }
  if (!ctx.uscc) throw new Error('the demo county has too few enterprises that qualify for measure 1')
  for (const [user, uscc, key] of [
    ['e2e-qiye', ctx.uscc, 'enterprise'],
    ['e2e-qiye-b', ctx.walks.returned.uscc, 'returned'],
    ['e2e-qiye-c', ctx.walks.formal.uscc, 'formal'],
    ['e2e-qiye-d', ctx.walks.lapse.uscc, 'lapse'],
  ]) {
    const add = greenlane(['user', 'add', user, '--role', 'enterprise', '--enterprise', uscc], ctx.password + '\n')
    if (add.status !== 0) throw new Error('user add ' + user + ': ' + add.stderr.trim())
    if (key === 'enterprise') ctx.users.enterprise = { name: user, role: 'enterprise', extra: uscc }
    else ctx.walks[key].user = user
  }
  setUpWalks()

  const port = await freePort()
  ctx.base = `http://127.0.0.1:${port}`
  const log = fs.openSync(path.join(tmp, 'serve.log'), 'w')
  server = spawn(GREENLANE, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, '--web', WEB_DIST], {
    stdio: ['ignore', log, log],
  })
  await waitHealthy(ctx.base)

  context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  context.setDefaultTimeout(WAIT)
  page = context.pages()[0] || (await context.newPage())
  const consoleErrors = []
  page.on('pageerror', (e) => consoleErrors.push(e.message))

  await step('the public catalog shows every measure without signing in', async () => {
    await page.goto(ctx.base + '/')
    await page.locator('[data-test=measure-1]').waitFor()
    const n = await page.locator('[data-test^=measure-]').count()
    check(n === 8, `expected 8 measures, saw ${n}`)
    const body = await page.locator('[data-test=measure-1]').innerText()
    check(body.includes('政策内容') && body.includes('适用对象') && body.includes('操作流程'), 'measure 1 lacks its parts')
    check((await page.locator('[data-test=contact]').count()) >= 8, 'contacts missing')
    await shot('01-catalog')
  })

  await step('the discharge-rights prices open from measure 7 without signing in and show a trade', async () => {
    await page.locator('[data-test=to-prices]').click()
    await page.locator('[data-test=price-table] tbody tr').first().waitFor()
    const row = await page.locator('[data-test=price-table] tbody tr').first().innerText()
    check(/\d{4}-\d\d-\d\d/.test(row) && /\d\.\d{3}/.test(row), 'the first price row lacks its day or its tonnes: ' + row)
    // back to the catalog, where the next steps read on
    await page.goBack()
    await page.locator('h1', { hasText: '惠企环保政策目录' }).waitFor()
  })

  // A clerk on a slow line: the catalog's first visit in a browser with nothing cached, counted in
  // bytes on the wire (compressed bodies and headers, as chromium's network layer received them).
  await step('the catalog\'s first visit transfers under 300 KB and loads no chart code', async () => {
    const budget = 300 * 1024
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking'],
    })
    try {
      const fresh = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })
      const visit = await fresh.newPage()
      const cdp = await fresh.newCDPSession(visit)
      await cdp.send('Network.enable')
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
      const urls = new Map()
      const bytes = new Map()
      cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url))
      cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength))
      await visit.goto(ctx.base + '/', { waitUntil: 'networkidle' })
      await visit.locator('[data-test=measure-1]').waitFor()
      await visit.waitForLoadState('networkidle')
      let total = 0
      const rows = []
      for (const [id, n] of bytes) {
        total += n
        rows.push([n, (urls.get(id) || id).replace(ctx.base, '')])
      }
      rows.sort((a, b) => b[0] - a[0])
      console.log(`# catalog first visit: ${Math.round(total / 1024)} KB transferred in ${rows.length} responses`)
      for (const [n, url] of rows.slice(0, 5)) diag(`  ${(n / 1024).toFixed(1)} KB ${url}`)
      check(rows.length > 3, `only ${rows.length} responses were counted`)
      check(total <= budget, `${total} bytes transferred, over the ${budget} of the budget`)
      const charts = rows.filter(([, url]) => /echarts/i.test(url))
      check(charts.length === 0, 'the catalog loaded chart code: ' + charts.map(([, url]) => url).join(' '))
      await fresh.close()
    } finally {
      await browser.close()
    }
  })

  await step('the catalog shows the invalid published phone number as flagged', async () => {
    const flagged = page.locator('[data-test=phone-flagged]')
    check((await flagged.count()) >= 1, 'no flagged phone number')
    check((await flagged.first().innerText()).includes('0311-828972000'), 'the flagged number is not the published one')
  })

  await step('the language switch turns the catalog into English and back', async () => {
    await page.locator('[data-test=locale] >> text=EN').click()
    await page.locator('h1', { hasText: 'Pro-business' }).waitFor()
    await shot('02-catalog-en')
    await page.locator('[data-test=locale] >> text=中文').click()
    await page.locator('h1', { hasText: '惠企环保政策目录' }).waitFor()
  })

  await step('an app path opened directly while signed out leads to sign-in', async () => {
    await page.goto(ctx.base + '/work/inbox')
    await page.waitForURL(/\/signin\?next=/)
  })

  await step('sign-in checks its fields before sending and shows a wrong password', async () => {
    await page.goto(ctx.base + '/signin')
    await page.locator('[data-test=submit]').click()
    await page.locator('.el-form-item__error', { hasText: '请输入用户名' }).waitFor()
    await field('username').fill(loginFor('county_officer').name)
    await field('password').fill('not-the-password')
    await page.locator('[data-test=submit]').click()
    // The server names the field it refuses; the form shows the message beside that field.
    await page.locator('.el-form-item__error, [data-test=signin-error]', { hasText: '用户名或密码错误' }).first().waitFor()
    await shot('03-signin')
  })

  await step('the enterprise signs in and sees which measures apply to it and why', async () => {
    await signIn(loginFor('enterprise').name, ctx.password)
    await page.waitForURL(/\/my\/policies/)
    await page.locator('[data-test=applicable]').waitFor()
    await page.locator('[data-test=applies-1]').waitFor()
    await shot('04-my-policies')
  })

  await step('the measure-1 self-assessment shows the tier and its explanation', async () => {
    await page.goto(`${ctx.base}/my/assessment?year=${ctx.year}`)
    await page.locator('[data-test=tier]').waitFor()
    const tier = await page.locator('[data-test=tier]').innerText()
    check(/激励/.test(tier), 'tier: ' + tier)
    check((await page.locator('[data-test=explanation] li').count()) > 0, 'no explanation')
    // A parameter is named by its short name, its key and value on hover; industries by name.
    const ref = page.locator('[data-test=explanation] [data-test=param-ref]', { hasText: '适用行业' }).first()
    await ref.waitFor()
    check((await ref.getAttribute('title')) === 'm1.industries = steel_long,foundry', 'hover: ' + (await ref.getAttribute('title')))
    const first = await page.locator('[data-test=explanation] li').first().innerText()
    check(first.includes('适用行业 = 长流程钢铁、铸造') && !first.includes('m1.industries') && !first.includes('steel_long'), 'first line: ' + first)
    await shot('05-assessment')
  })

  await step('a declaration without its required materials is refused before sending', async () => {
    await page.goto(`${ctx.base}/my/declarations/new?year=${ctx.year}`)
    // One upload per material the procedure lists, the required ones marked.
    await page.locator('[data-test="material-申报表"]').waitFor()
    check((await page.locator('[data-test="material-证明材料"] .gl-required').count()) === 1, 'the evidence is not marked required')
    check((await page.locator('[data-test="material-其他材料"] .gl-required').count()) === 0, 'the other materials are marked required')
    await page.locator('[data-test=submit-declaration]').click()
    await page.locator('.el-form-item__error', { hasText: '请上传“申报表”' }).waitFor()
    await fileInput('"material-申报表"').setInputFiles({ name: '申报表.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% greenlane e2e\n') })
    await page.locator('.el-form-item__error', { hasText: '请上传“证明材料”' }).waitFor()
  })

  await step('the enterprise submits a declaration with its form and evidence', async () => {
    await fileInput('"material-证明材料"').setInputFiles({ name: 'monitoring.png', mimeType: 'image/png', buffer: PNG })
    await shot('06-declaration-new')
    await page.locator('[data-test=submit-declaration]').click()
    await page.waitForURL(/\/declarations\/\d+/)
    ctx.declId = page.url().match(/\/declarations\/(\d+)/)[1]
    check(ctx.declId, 'no declaration id in ' + page.url())
    check((await stateText()).includes('已申报'), 'state: ' + (await stateText()))
    await page.locator('[data-test=documents-list] [data-test="material-申报表"]').waitFor()
    await page.locator('[data-test=documents-list] [data-test=document]', { hasText: 'monitoring.png' }).waitFor()
    await shot('07-declaration-submitted')
    await signOut()
  })

  await step('the county officer sees it in the inbox with working days left', async () => {
    await signIn(loginFor('county_officer').name, ctx.password)
    await page.waitForURL(/\/work\/inbox/)
    const row = page.locator('[data-test=inbox-table] tr', { hasText: ctx.uscc }).filter({ hasText: new RegExp('#' + ctx.declId + '(?!\\d)') })
    await row.first().waitFor()
    check((await row.first().locator('[data-test=days-left], [data-test=overdue]').count()) === 1, 'no days left')
    await shot('08-inbox')
    await row.first().click()
    await page.waitForURL(new RegExp('/declarations/' + ctx.declId))
  })

  await step('returning a declaration needs reasons', async () => {
    await page.locator('[data-test=action-return]').click()
    await page.locator('[data-test=action-confirm]').click()
    await page.locator('[data-test=action-dialog] .el-form-item__error').waitFor()
    await shot('09-review-return-needs-reasons', false)
    await page.keyboard.press('Escape')
    await page.locator('[data-test=action-dialog]').waitFor({ state: 'hidden' })
  })

  await step('the county officer approves and forwards it to the city', async () => {
    await act('approve')
    check((await stateText()).includes('县分局审核通过'), 'state: ' + (await stateText()))
    await signOut()
  })

  await step('the city expert records the preliminary review and the site verification', async () => {
    await signIn(loginFor('city_expert').name, ctx.password)
    // The declaration the county forwarded waits in the expert's work.
    await page.waitForURL(/\/work\/inbox/)
    await page.locator('[data-test=inbox-table] .el-table__row', { hasText: ctx.uscc }).first().click()
    await page.waitForURL(new RegExp('/declarations/' + ctx.declId))
    await act('preliminary_review', '材料齐全，指标核算无误。')
    await act('site_verification', '现场核查与申报一致。')
    check((await stateText()).includes('市局已初审'), 'state: ' + (await stateText()))
    await shot('10-city-reviewed')
    await signOut()
  })

  await step('the city officer grants the provisional grade with its grace deadline', async () => {
    await signIn(loginFor('city_officer').name, ctx.password)
    await page.waitForURL(/\/work\/inbox/)
    const waiting = page.locator('[data-test=inbox-table] .el-table__row', { hasText: ctx.uscc }).first()
    await waiting.locator('[data-test=offer]', { hasText: '决定暂按高一级别管理' }).waitFor()
    check((await page.locator('[data-test=work-count]').innerText()).trim() !== '', 'no count of work in the menu')
    await shot('10b-city-work')
    await waiting.click()
    await page.waitForURL(new RegExp('/declarations/' + ctx.declId))
    await act('decide_provisional')
    check((await stateText()).includes('暂按高一级别管理'), 'state: ' + (await stateText()))
    const grade = (await page.locator('[data-test=provisional-grade]').innerText()).trim()
    check(/^(A|B|B-|C)$/.test(grade), 'provisional grade: ' + grade)
    await page.locator('[data-test=deadline]', { hasText: '指标达标期限' }).waitFor()
    await shot('11-provisional')
    await signOut()
  })

  await step('the enterprise follows its declaration with every step and the grace deadline', async () => {
    await signIn(loginFor('enterprise').name, ctx.password)
    await page.goto(`${ctx.base}/my/declarations`)
    const mine = page.locator('[data-test=case-table] tr', { hasText: '暂按高一级别管理' }).first()
    await mine.waitFor()
    // The due column shows the deadline the working days count down to: the grace deadline now.
    const listed = await (await page.request.get(`${ctx.base}/api/v1/declarations/${ctx.declId}`)).json()
    const due = (await mine.locator('[data-test=due]').innerText()).trim()
    check(due === listed.declaration.grace_deadline, `the list shows ${due} due, the grace deadline is ${listed.declaration.grace_deadline}`)
    await shot('12-my-declarations')
    await page.locator('[data-test=case-table] tr', { hasText: '暂按高一级别管理' }).first().click()
    await page.waitForURL(new RegExp('/declarations/' + ctx.declId))
    await page.locator('[data-test=steps] .el-timeline-item').nth(4).waitFor()
    const steps = await page.locator('[data-test=steps] .el-timeline-item').count()
    check(steps >= 5, `expected at least 5 steps, saw ${steps}`)
    // The server records instants in UTC; the reader in Beijing sees the step's time in Beijing.
    const body = await (await page.request.get(`${ctx.base}/api/v1/declarations/${ctx.declId}`)).json()
    const first = body.steps[0]
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(new Date(first.at))
        .map((p) => [p.type, p.value]),
    )
    const localDay = `${parts.year}-${parts.month}-${parts.day}`
    const expected = localDay === first.on ? `${localDay} ${parts.hour}:${parts.minute}` : first.on
    const shown = (await page.locator('[data-test=steps] .el-timeline-item__timestamp').first().innerText()).trim()
    check(shown === expected, `the first step shows ${shown}, expected ${expected} (recorded ${first.at}, on ${first.on})`)
    await page.locator('[data-test=deadline]', { hasText: '指标达标期限' }).waitFor()
    check((await page.locator('[data-test=actions]').count()) === 0, 'the enterprise is offered an action')
    await shot('13-follow')
    await signOut()
  })

  await step('the officer searches the registry', async () => {
    await signIn(loginFor('county_officer').name, ctx.password)
    await page.goto(ctx.base + '/work/enterprises')
    await page.locator('[data-test=registry-table] .el-table__row').first().waitFor()
    await field('search').fill(ctx.uscc)
    await page.locator('[data-test=registry-table] .el-table__row', { hasText: ctx.uscc }).waitFor()
    const rows = await page.locator('[data-test=registry-table] .el-table__row').count()
    check(rows === 1, `search by USCC gave ${rows} rows`)
    await field('search').fill('')
    await page.locator('[data-test=registry-table] .el-table__row').nth(1).waitFor()
    await shot('14-registry')
  })

  await step('the officer opens an enterprise with its figures and its evaluation', async () => {
    await page.goto(`${ctx.base}/work/enterprises/${ctx.uscc}`)
    await page.locator('[data-test=enterprise-detail] [data-test=metrics]').waitFor()
    check((await page.locator('[data-test=enterprise-detail] .gl-explain li').count()) > 0, 'no explanation')
    await shot('15-enterprise')
  })

  await step('the dashboard draws its charts', async () => {
    await page.goto(ctx.base + '/work/dashboard')
    for (const c of ['chart-grade', 'chart-state', 'chart-dues', 'chart-tier']) {
      await page.locator(`[data-test=${c}] canvas`).waitFor()
    }
    await shot('16-dashboard')
  })

  await step('the measure-1 evaluation exports its figures as numbers and its codes as text', async () => {
    await page.goto(ctx.base + '/work/evaluation')
    await page.locator('[data-test=year]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp('^' + ctx.year + '$') }).click()
    await page.locator('[data-test=summary]').waitFor()
    await field('search').fill(ctx.uscc)
    const row = page.locator('[data-test=eval-table] .el-table__row', { hasText: ctx.uscc })
    await row.waitFor()
    await shot('16b-evaluation')
    const listed = await (await page.request.get(`${ctx.base}/api/v1/incentive?year=${ctx.year}&limit=1000`)).json()
    const { saved, name } = await downloadFrom('[data-test=export-xlsx]')
    check(/\.xlsx$/.test(name), 'downloaded ' + name)
    const book = readWorkbook(saved)
    fs.rmSync(saved, { force: true })
    const [code, tax, rd, grace] = ['统一社会信用代码', '单位污染物排放量税收贡献（元/吨）', '研发投入占营业收入比重（%）', '宽限期（月）'].map(book.column)
    check(book.rows.length === listed.total, `the workbook has ${book.rows.length} rows, the evaluation ${listed.total}`)
    // A code of digits only is the one Excel would turn into 9.11301E+17 if it were a number cell.
    check(book.rows.every((r) => isTextCell(r[code]) && /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(r[code].value)), 'a USCC is not an 18-character text cell')
    // Formatted as text too, so that a code typed into the column again stays text.
    check(book.rows.every((r) => r[code].format === '@'), 'a USCC cell is not formatted as text: ' + JSON.stringify(book.rows[0][code]))
    check(book.rows.some((r) => /^\d{18}$/.test(r[code].value)), 'no code of digits only to show that codes stay text')
    // Every row against the evaluation the screen shows: a figure is a number cell with its format
    // and the same value, a share a fraction of one shown as a percentage; no figure, no cell.
    const byUscc = new Map(listed.items.map((e) => [e.uscc, e]))
    const near = (a, b, eps) => Math.abs(a - b) <= eps
    const wrong = []
    for (const r of book.rows) {
      const e = byUscc.get(r[code].value)
      if (!e) {
        wrong.push(r[code].value + ': not in the evaluation')
        continue
      }
      const figures = [
        [tax, e.metrics.tax_per_tonne.value, 1, '#,##0.00', 0.005],
        [rd, e.metrics.rd_share.value, 100, '0.00%', 1e-8],
        [grace, e.grace_months || null, 1, '0', 0],
      ]
      for (const [i, value, per, format, eps] of figures) {
        const c = r[i]
        if (value === null || value === undefined) {
          if (c) wrong.push(`${e.uscc} ${book.header[i]}: ${JSON.stringify(c)} where the evaluation has none`)
        } else if (!isNumberCell(c) || c.format !== format || !near(Number(c.value) * per, Number(value), eps)) {
          wrong.push(`${e.uscc} ${book.header[i]}: ${JSON.stringify(c)} for ${value}`)
        }
      }
    }
    check(wrong.length === 0, 'the workbook and the evaluation differ: ' + wrong.slice(0, 5).join('; '))
    check(book.rows.some((r) => r[code].value === ctx.uscc), 'the exported workbook lacks ' + ctx.uscc)
    for (const i of [tax, rd, grace]) check(book.rows.some((r) => r[i]), 'no row has a value in ' + book.header[i])
  })

  await step('a bad import is refused with its row-by-row errors', async () => {
    await page.goto(ctx.base + '/work/import')
    const csv =
      'uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list\n' +
      '91130131MA0000000X,坏代码公司,foundry,平山镇,B,1,0,0\n' +
      `${ctx.uscc},等级错误公司,foundry,平山镇,Z,1,0,0\n`
    await fileInput('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.locator('[data-test=import-submit]').click()
    await page.locator('[data-test=import-errors]').waitFor()
    const table = page.locator('[data-test=import-error-table] .el-table__row')
    await table.first().waitFor()
    check((await table.count()) >= 2, 'expected an error for each bad row')
    const text = await page.locator('[data-test=import-error-table]').innerText()
    check(/\b2\b/.test(text) && /\b3\b/.test(text), 'the lines are not named')
    await shot('17-import-errors')
  })

  await step('a good import through the import screen says how many rows it added', async () => {
    // Two new enterprises with codes of their own for this run, in an industry outside measure 1 so
    // that the industry averages of the other walks stay as they are.
    const stamp = String(Date.now() % 1e8).padStart(8, '0')
    const fresh = [usccFor(stamp), usccFor(String((Number(stamp) + 1) % 1e8).padStart(8, '0'))]
    const csv =
      'uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list\n' +
      `${fresh[0]},平山县测试导入甲陶瓷有限公司,ceramics,平山镇,C,1,0,0\n` +
      `${fresh[1]},平山县测试导入乙陶瓷有限公司,ceramics,平山镇,B,1,1,0\n`
    await page.goto(ctx.base + '/work/import')
    await fileInput('import-file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.locator('[data-test=import-submit]').click()
    await page.locator('[data-test=import-ok]').waitFor()
    const counts = await page.locator('[data-test=import-counts]').innerText()
    check(/共2行/.test(counts) && /新增2行/.test(counts), 'counts: ' + counts)
    check((await page.locator('[data-test=import-errors]').count()) === 0, 'an error report beside a good import')
    await shot('18-import-ok')
    await page.goto(ctx.base + '/work/enterprises')
    await field('search').fill(fresh[1])
    await page.locator('[data-test=registry-table] .el-table__row', { hasText: '测试导入乙' }).waitFor()
  })

  // The templates, as an officer fills them: the CSV as downloaded, rows added under its Chinese
  // headers with the words a clerk would write (the industry by its Chinese name, 是/否 for the
  // flags). The import takes CSV only; the Excel template is checked to carry the same headers.
  await step('the officer downloads the enterprise template, fills it in and imports it', async () => {
    const headers = ['统一社会信用代码', '企业名称', '行业', '乡镇', '绩效等级', '涉气', '重点排污单位', '正面清单', '行政区划代码']
    await page.goto(ctx.base + '/work/import')
    await page.locator('[data-test=template-enterprises]').waitFor()
    await shot('18a-import-templates')
    const xlsx = await downloadFrom('[data-test=template-enterprises-xlsx]')
    check(xlsx.name === 'enterprises-template.xlsx', 'downloaded ' + xlsx.name)
    const book = readWorkbook(xlsx.saved)
    check(book.sheets.join(',') === '导入数据,填写说明', 'sheets: ' + book.sheets.join(','))
    check(book.header.join(',') === headers.join(','), 'the Excel template\'s headers: ' + book.header.join(','))
    const csv = await downloadFrom('[data-test=template-enterprises-csv]')
    check(csv.name === 'enterprises-template.csv', 'downloaded ' + csv.name)
    const template = fs.readFileSync(csv.saved, 'utf8')
    check(template.startsWith('\uFEFF'), 'the CSV template has no byte-order mark for Excel')
    check(csvHeader(template).join(',') === headers.join(','), 'the CSV template\'s headers: ' + csvHeader(template).join(','))
    check(template.replace(/^\uFEFF/, '').trim().split(/\r?\n/).length === 1, 'the CSV template has rows under its headers')
    // Codes of their own, half the range away from those of the import before.
    const stamp = (Date.now() + 5e7) % 1e8
    const fresh = [usccFor(String(stamp).padStart(8, '0')), usccFor(String((stamp + 1) % 1e8).padStart(8, '0'))]
    const filled =
      template +
      `${fresh[0]},平山县模板导入丙陶瓷有限公司,陶瓷,平山镇,B,是,否,否,130131\r\n` +
      `${fresh[1]},平山县模板导入丁陶瓷有限公司,陶瓷,温塘镇,无,否,否,是,\r\n`
    await fileInput('import-file').setInputFiles({ name: csv.name, mimeType: 'text/csv', buffer: Buffer.from(filled) })
    await page.locator('[data-test=import-submit]').click()
    await page.locator('[data-test=import-ok]').waitFor()
    const counts = await page.locator('[data-test=import-counts]').innerText()
    check(/共2行/.test(counts) && /新增2行/.test(counts), 'counts: ' + counts)
    await shot('18b-template-imported')
    await page.goto(ctx.base + '/work/enterprises')
    await field('search').fill(fresh[0])
    const row = page.locator('[data-test=registry-table] .el-table__row', { hasText: '模板导入丙' })
    await row.waitFor()
    const text = await row.innerText()
    check(text.includes(fresh[0]) && text.includes('陶瓷') && text.includes('平山镇'), 'the registry shows: ' + text)
  })

  await step('the officer downloads the industry-averages template, fills it in and imports it', async () => {
    const headers = ['行业', '年度', '单位污染物排放量税收贡献（元/吨）', '研发投入占营业收入比重（%）']
    await page.goto(ctx.base + '/work/import')
    const csv = await downloadFrom('[data-test=template-averages-csv]')
    check(csv.name === 'averages-template.csv', 'downloaded ' + csv.name)
    const template = fs.readFileSync(csv.saved, 'utf8')
    check(csvHeader(template).join(',') === headers.join(','), 'the CSV template\'s headers: ' + csvHeader(template).join(','))
    // Ceramics is outside measure 1: no walk's evaluation reads its averages.
    const filled = Buffer.from(template + `陶瓷,${ctx.year},185000.5,1.25\r\n`)
    const upload = async () => {
      await page.goto(ctx.base + '/work/import')
      await page.locator('[data-test=import-kind] label', { hasText: '行业平均水平' }).click()
      await page.locator('.gl-headers', { hasText: '单位污染物排放量税收贡献' }).waitFor()
      await fileInput('import-file').setInputFiles({ name: csv.name, mimeType: 'text/csv', buffer: filled })
      await page.locator('[data-test=import-submit]').click()
      await page.locator('[data-test=import-ok]').waitFor()
      return page.locator('[data-test=import-counts]').innerText()
    }
    const first = await upload()
    check(/共1行/.test(first) && /新增1行/.test(first), 'counts: ' + first)
    await shot('18c-averages-imported')
    // Stored: the same file again changes nothing.
    const again = await upload()
    check(/共1行/.test(again) && /新增0行/.test(again) && /未变1行/.test(again), 'counts the second time: ' + again)
  })

  await step('the county officer confirms the indicators met: the promotion is formal', async () => {
    const w = ctx.walks.formal
    await page.goto(`${ctx.base}/declarations/${w.id}`)
    check((await stateText()).includes('暂按高一级别管理'), 'state: ' + (await stateText()))
    await act('indicators_met')
    check((await stateText()).includes('正式晋级'), 'state: ' + (await stateText()))
    const history = page.locator('[data-test=grade-history] [data-test=grade-change]')
    await history.nth(1).waitFor()
    const kinds = await history.allInnerTexts()
    check(kinds.length === 2 && kinds[0].includes('暂按高一级别管理') && kinds[1].includes('正式晋级'), 'grade history: ' + kinds.join(' | '))
    check((await page.locator('[data-test=actions]').count()) === 0, 'an action is still offered on a formal promotion')
    await shot('19-formal')
  })

  await step('an officer screen switches to English and back', async () => {
    await page.locator('[data-test=locale] >> text=EN').click()
    await page.locator('[data-test=case-state]', { hasText: 'Promoted' }).waitFor()
    await page.locator('.el-card__header', { hasText: 'Grade history' }).waitFor()
    await page.locator('nav', { hasText: 'My work' }).waitFor()
    // The explanation says the decision in English; the Chinese record is a click away.
    const en = page.locator('[data-test=explanation-en]')
    await en.waitFor()
    const said = await en.innerText()
    check(/Conclusion: /.test(said) && !/[\u3400-\u9fff]/.test(said), 'the English explanation: ' + said)
    check(!(await page.locator('[data-test=explanation]').isVisible()), 'the Chinese record shows before it is asked for')
    await page.locator('[data-test=explanation-record]').click()
    await page.locator('[data-test=explanation] li').first().waitFor()
    await shot('20-formal-en')
    await page.locator('[data-test=locale] >> text=中文').click()
    await page.locator('[data-test=case-state]', { hasText: '正式晋级' }).waitFor()
  })

  await step('every case is listed with its party and its next deadline, and opens with its documents to download', async () => {
    await page.goto(ctx.base + '/work/cases')
    const row = page.locator('[data-test=case-table] .el-table__row', { hasText: ctx.uscc }).first()
    await row.waitFor()
    const listed = await (await page.request.get(`${ctx.base}/api/v1/declarations/${ctx.declId}`)).json()
    const due = (await row.locator('[data-test=due]').innerText()).trim()
    check(due === listed.declaration.grace_deadline, `the list shows ${due} due, the grace deadline is ${listed.declaration.grace_deadline}`)
    await shot('20b-cases')
    // The list as filtered, exported: the workbook holds the case with its party, its code as text,
    // its number, due date and working days left as numbers (a date is a number with a date format).
    const { saved } = await downloadFrom('[data-test=export-xlsx]')
    const book = readWorkbook(saved)
    fs.rmSync(saved, { force: true })
    const [id, code, dueOn, left] = ['编号', '统一社会信用代码', '期限日', '剩余工作日'].map(book.column)
    const excelDay = (c) => new Date(Date.UTC(1899, 11, 30) + Number(c.value) * 86400000).toISOString().slice(0, 10)
    const mine = book.rows.filter((r) => r[code] && r[code].value === ctx.uscc)
    check(mine.length > 0, 'the exported workbook lacks ' + ctx.uscc)
    check(book.rows.every((r) => isTextCell(r[code])), 'a USCC is not a text cell: ' + JSON.stringify(book.rows.map((r) => r[code]).find((c) => !isTextCell(c))))
    check(book.rows.every((r) => r[code].format === '@'), 'a USCC cell is not formatted as text')
    check(book.rows.every((r) => isNumberCell(r[id]) && Number.isInteger(Number(r[id].value))), 'a case number is not a number cell')
    const exported = mine.find((r) => isNumberCell(r[dueOn]) && excelDay(r[dueOn]) === due)
    check(exported, `no row of ${ctx.uscc} is due on ${due} as a date: ` + JSON.stringify(mine.map((r) => r[dueOn])))
    check(exported[dueOn].format === 'yyyy-mm-dd', 'the due date is formatted ' + exported[dueOn].format)
    check(isNumberCell(exported[left]) && Number.isInteger(Number(exported[left].value)), 'working days left: ' + JSON.stringify(exported[left]))
    await row.click()
    await page.waitForURL(new RegExp('/declarations/' + ctx.declId))
    const [file] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download]').first().click()])
    check(/\.pdf$/.test(file.suggestedFilename()), 'downloaded ' + file.suggestedFilename())
    // The photo of the evidence opens in a preview, the image as the browser shows it.
    await page.locator('[data-test=documents-list] [data-test=preview]', { hasText: 'monitoring.png' }).click()
    const img = page.locator('[data-test=preview-dialog] [data-test=preview-image]')
    await img.waitFor()
    await page.waitForFunction(() => {
      const i = document.querySelector('[data-test=preview-image]')
      return i && i.complete && i.naturalWidth === 16
    })
    await shot('20c-preview', false)
    await page.locator('[data-test=preview-dialog] .el-dialog__footer .el-button--primary').click()
    // The form opens in a preview too: the frame's address answers the PDF inline.
    await page.locator('[data-test=documents-list] [data-test=preview]', { hasText: '申报表.pdf' }).click()
    const frame = page.locator('[data-test=preview-dialog] [data-test=preview-pdf]')
    await frame.waitFor()
    const shown = await page.request.get(ctx.base + (await frame.getAttribute('src')))
    check(shown.status() === 200 && shown.headers()['content-type'] === 'application/pdf' && /^inline/.test(shown.headers()['content-disposition']), 'the preview frame: ' + shown.status() + ' ' + shown.headers()['content-type'])
    await page.locator('[data-test=preview-dialog] .el-dialog__footer .el-button--primary').click()
    // The declaration form, printable: the link answers a PDF.
    const href = await page.locator('[data-test=form-pdf]').getAttribute('href')
    const pdf = await page.request.get(ctx.base + href)
    check(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf' && (await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'form.pdf: ' + pdf.status())
  })

  // Measure 2 through the form: the county officer files an enforcement case against a unit outside
  // the registry (its name asked for and refused without it), reads the case with the system's
  // proposal and the choices in words, and closes the investigation with an answer changed.
  await step('the county officer files an enforcement case for a party outside the registry and closes its investigation', async () => {
    const outside = usccFor(String((Date.now() + 25e6) % 1e8).padStart(8, '0'))
    const choose = async (name, value) => {
      await page.locator(`[data-test=field-${name}]`).click()
      await page.locator(`.gl-choice-popper:visible [data-test=option-${value}]`).click()
    }
    await page.goto(ctx.base + '/work/cases')
    await page.locator('[data-test="new-m2.enforcement"]').click()
    await page.locator('[data-test=action-dialog]').waitFor()
    await field('field-uscc').fill(outside)
    await page.locator('[data-test=party-outside]').waitFor()
    await choose('violation_type', 'dust_control')
    await field('field-found_on').fill(isoDay(-1))
    await field('field-found_on').press('Enter')
    await field('field-officers').fill('王建国、李明')
    await field('field-facts').fill('料场物料未苫盖，车辆出场未冲洗')
    await choose('harm', 'none')
    await page.locator('[data-test=field-minor] [data-test=answer-yes]').click()
    await page.locator('[data-test=action-confirm]').click()
    await page.locator('[data-test=action-dialog] .el-form-item__error', { hasText: '当事人名称' }).waitFor()
    await shot('20d-enforcement-file', false)
    await field('field-subject_name').fill('平山县某砂石料场')
    await page.locator('[data-test=action-confirm]').click()
    await page.waitForURL(/\/cases\/\d+$/)
    await page.locator('[data-test=m2-panel]').waitFor()
    check(/^平环立〔\d{4}〕\d+号$/.test((await page.locator('[data-test=m2-case-number]').innerText()).trim()), 'the case number')
    await page.locator('[data-test=m2-outside]').waitFor()
    check((await page.locator('[data-test=m2-party]').innerText()).includes('平山县某砂石料场'), 'the party is not named')
    check((await page.locator('[data-test=m2-violation]').innerText()).trim() === '未采取扬尘污染防治措施', 'the violation is not in words')
    const tags = await page.locator('[data-test=m2-circumstances]').innerText()
    check(tags.includes('未造成危害后果') && tags.includes('违法行为轻微') && !/\bnone\b/.test(tags), 'circumstances: ' + tags)
    check((await page.locator('[data-test=m2-proposal]').getAttribute('data-outcome')) === 'pending', 'a proposal before the correction is verified')
    // No letter before the order: no links, and the server answers 409.
    check((await page.locator('[data-test=m2-order-pdf]').count()) === 0, 'a letter is offered before the order')
    const id = page.url().match(/\/cases\/(\d+)$/)[1]
    check((await page.request.get(`${ctx.base}/api/v1/enforcement/${id}/order.pdf`)).status() === 409, 'the order is printed before it is issued')
    const filed = await page.locator('[data-test=steps]').innerText()
    check(filed.includes('违法行为轻微：是') && !/：(yes|no|dust_control|none)\b/.test(filed), 'the record of steps: ' + filed)
    await page.locator('[data-test=action-investigate]').click()
    await page.locator('[data-test=action-dialog]').waitFor()
    await field('field-findings').fill('经调查，违法事实属实')
    await page.locator('[data-test=field-malicious] [data-test=answer-no]').click()
    await page.locator('[data-test=action-confirm]').click()
    await page.locator('[data-test=action-investigate]').waitFor({ state: 'detached' })
    check((await stateText()).includes('调查终结'), 'state: ' + (await stateText()))
    await page.locator('[data-test=m2-panel]', { hasText: '经调查，违法事实属实' }).waitFor()
    await shot('20e-enforcement-case')
  })

  await step('a provisional grade whose grace deadline has passed shows as overdue', async () => {
    const w = ctx.walks.lapse
    await page.goto(`${ctx.base}/declarations/${w.id}`)
    check((await stateText()).includes('暂按高一级别管理'), 'state: ' + (await stateText()))
    await page.locator('[data-test=deadline]', { hasText: '指标达标期限' }).locator('[data-test=overdue]').waitFor()
    await shot('21-grace-overdue')
    await signOut()
  })

  await step('the sweep reverts the lapsed grade and the enterprise sees why', async () => {
    const w = ctx.walks.lapse
    const out = cli('deadlines', 'sweep', '--today', isoDay(0))
    check(out.includes('已撤销 1 个'), 'sweep: ' + out)
    await signIn(w.user, ctx.password)
    await page.goto(`${ctx.base}/declarations/${w.id}`)
    check((await stateText()).includes('已恢复原级别'), 'state: ' + (await stateText()))
    await page.locator('[data-test=case-notes]', { hasText: '届满' }).waitFor()
    const kinds = await page.locator('[data-test=grade-history] [data-test=grade-change]').allInnerTexts()
    check(kinds.length === 2 && kinds[1].includes('恢复原级别'), 'grade history: ' + kinds.join(' | '))
    check((await page.locator('[data-test=deadline] [data-test=overdue]').count()) === 0, 'a closed deadline is still shown overdue')
    const main = cli('declaration', 'list', '--state', 'provisional')
    check(main.includes(ctx.uscc), 'the sweep touched a grade whose grace runs on')
    await shot('22-reverted')
    await signOut()
  })

  await step('the enterprise reads the reasons of a return and resubmits with a new document', async () => {
    const w = ctx.walks.returned
    await signIn(w.user, ctx.password)
    // The return reached the enterprise as a message saying what to do next; it opens the case.
    await page.goto(ctx.base + '/my/messages')
    const msg = page.locator('[data-test=message]', { hasText: '县分局退回' }).first()
    await msg.waitFor()
    check((await msg.innerText()).includes('重新申报'), 'the message does not say what to do next: ' + (await msg.innerText()))
    check((await msg.getAttribute('data-read')) === '0', 'the message is not unread')
    await shot('23a-message')
    await msg.locator('[data-test=message-case]').click()
    await page.waitForURL(new RegExp('/declarations/' + w.id))
    await page.goto(ctx.base + '/my/declarations')
    await page.locator('[data-test=case-table] tr', { hasText: '已退回' }).first().click()
    await page.waitForURL(new RegExp('/declarations/' + w.id))
    await page.locator('[data-test=case-notes]', { hasText: '排污许可执行报告' }).waitFor()
    await shot('23-returned')
    await page.locator('[data-test=action-resubmit]').click()
    await fileInput('"material-证明材料"').setInputFiles({
      name: '排污许可执行报告.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% greenlane e2e: the report the county asked for\n'),
    })
    await shot('24-resubmit-dialog', false)
    await page.locator('[data-test=action-confirm]').click()
    await page.locator('[data-test=action-resubmit]').waitFor({ state: 'detached' })
    check((await stateText()).includes('已申报'), 'state: ' + (await stateText()))
    const docs = await page.locator('[data-test=documents-list] [data-test=document]').allInnerTexts()
    check(docs.length === 3 && docs.some((d) => d.includes('排污许可执行报告')), 'documents: ' + docs.join(' | '))
    await page.locator('[data-test=deadline]', { hasText: '县分局审核' }).locator('[data-test=days-left]').waitFor()
    await shot('25-resubmitted')
  })

  await step("an enterprise opening another enterprise's declaration sees not-found and nothing of it", async () => {
    const other = ctx.walks.formal
    await page.goto(`${ctx.base}/declarations/${other.id}`)
    await page.locator('[data-test=not-found]').waitFor()
    const body = await page.locator('main').innerText()
    check(!body.includes(other.uscc) && !body.includes(other.name), 'the page shows the other enterprise')
    check((await page.locator('[data-test=case-state], [data-test=actions], [data-test=documents-list]').count()) === 0, 'the page shows a declaration')
    await shot('26-not-found')
    await signOut()
  })

  await step('the city officer rejects with reasons, which the declaration shows', async () => {
    const w = ctx.walks.returned
    const county = loginFor('county_officer').name
    const expert = loginFor('city_expert').name
    cli('declaration', 'review', w.id, '--approve', '--as', county)
    cli('declaration', 'city-review', w.id, '--preliminary', '--findings', '研发投入凭证不全。', '--as', expert)
    cli('declaration', 'city-review', w.id, '--site', '--findings', '现场发现无组织排放未有效管控。', '--as', expert)
    await signIn(loginFor('city_officer').name, ctx.password)
    await page.goto(`${ctx.base}/declarations/${w.id}`)
    await page.locator('[data-test=action-reject]').click()
    await page.locator('[data-test=action-confirm]').click()
    await page.locator('[data-test=action-dialog] .el-form-item__error', { hasText: '请填写不予晋级理由' }).waitFor()
    await shot('27-reject-needs-reasons', false)
    await field('action-text').fill('现场核查发现无组织排放未有效管控，不予晋级。')
    await page.locator('[data-test=action-confirm]').click()
    await page.locator('[data-test=action-reject]').waitFor({ state: 'detached' })
    check((await stateText()).includes('不予晋级'), 'state: ' + (await stateText()))
    await page.locator('[data-test=case-notes]', { hasText: '无组织排放未有效管控' }).waitFor()
    check((await page.locator('[data-test=actions]').count()) === 0, 'an action is still offered on a rejection')
    await shot('28-rejected')
    await signOut()
  })

  await step('the tax department confirms a tax figure, which the declaration then no longer flags', async () => {
    await signIn(loginFor('tax_officer').name, ctx.password)
    await page.goto(ctx.base + '/work/tax')
    const row = page.locator('[data-test=tax-table] .el-table__row', { hasText: ctx.uscc }).first()
    await row.waitFor()
    await shot('29-tax')
    await row.locator('button', { hasText: '确认' }).click()
    await page.locator('.el-message-box').waitFor()
    await page.locator('.el-message-box__btns button', { hasText: '确认' }).click()
    await row.waitFor({ state: 'detached' })
    const body = await (await page.request.get(`${ctx.base}/api/v1/declarations/${ctx.declId}`)).json()
    check(body.declaration.tax_unconfirmed === false, 'the declaration still flags its tax figures')
    await signOut()
  })

  await step('the administrator verifies the audit trail and adds a user', async () => {
    await signIn(loginFor('admin').name, ctx.password)
    await page.goto(ctx.base + '/work/audit')
    await page.locator('[data-test=audit-verify]').click()
    await page.locator('[data-test=audit-intact]').waitFor()
    await shot('30-audit')
    await page.goto(ctx.base + '/work/users')
    await page.locator('[data-test=user-add]').click()
    await field('new-username').fill('e2e-new-officer')
    await field('new-password').fill('short')
    await page.locator('[data-test=user-confirm]').click()
    await page.locator('[data-test=user-dialog] .el-form-item__error').waitFor()
    await field('new-password').fill('a-long-enough-password')
    await field('new-division').fill('13013x')
    await page.locator('[data-test=user-confirm]').click()
    await page.locator('[data-test=user-dialog] .el-form-item__error', { hasText: '6 位数字' }).waitFor()
    await field('new-division').fill('130131')
    await page.locator('[data-test=user-confirm]').click()
    await page.locator('[data-test=users-table] .el-table__row', { hasText: 'e2e-new-officer' }).waitFor()
    const division = await page.locator('[data-test=division-e2e-new-officer]').textContent()
    if (division.trim() !== '130131') throw new Error('the new user\'s jurisdiction shows ' + division)
    await shot('31-users')
    await signOut()
  })

  await step('a session that ends while a screen is open sends the user to sign-in, then back', async () => {
    await signIn('e2e-new-officer', 'a-long-enough-password')
    await page.goto(ctx.base + '/work/inbox')
    await page.locator('[data-test=inbox]').waitFor()
    cli('user', 'disable', 'e2e-new-officer')
    await page.locator('[data-test=inbox] button', { hasText: '刷新' }).click()
    await page.waitForURL(/\/signin\?next=(%2F|\/)work(%2F|\/)inbox/)
    await page.locator('.el-message', { hasText: '登录已过期' }).waitFor()
    check((await page.locator('[data-test=user-menu]').count()) === 0, 'still shown as signed in')
    await shot('32-session-ended', false)
  })

  await step('a sector officer is offered only what the server lets it do', async () => {
    const u = loginFor('dept_officer')
    await signIn(u.name, ctx.password)
    const menu = await page.locator('[data-test=side-menu]').innerText()
    // Its work is measure 8's applications addressed to its department, and their sites.
    check(menu.includes('待办') && menu.includes('施工工地') && !menu.includes('数据导入') && !menu.includes('审计') && !menu.includes('申报审核') && !menu.includes('工作看板'), 'menu: ' + menu)
    await page.goto(ctx.base + '/work/audit')
    await page.waitForURL((x) => !x.pathname.startsWith('/work/audit'))
    await signOut()
  })

  // Every main screen of every role, at a desk and on a phone, saved for reading; in English, the
  // frame (header, menu, breadcrumbs, title) has no Chinese left — the data (names) may.
  await step('every main screen at 1440 and 390 wide, and in English with no Chinese in its frame', async () => {
    const screens = [
      [loginFor('county_officer').name, ['/work/inbox', '/work/declarations', '/work/cases', '/work/enterprises', '/work/import', '/work/dashboard', '/work/evaluation', '/work/supply', '/declarations/' + ctx.declId]],
      [loginFor('enterprise').name, ['/my/work', '/my/messages', '/my/policies', '/my/assessment', '/my/declarations', '/my/cases', '/my/supply']],
      [loginFor('tax_officer').name, ['/work/tax']],
      [loginFor('admin').name, ['/work/users', '/work/audit']],
    ]
    const cjk = /[\u3400-\u9fff]/
    const leftovers = []
    for (const [user, paths] of screens) {
      await signIn(user, ctx.password)
      for (const p of paths) {
        const name = p.replace(/^\//, '').replace(/\//g, '-')
        for (const [w, h] of [[1440, 900], [390, 844]]) {
          await page.setViewportSize({ width: w, height: h })
          await page.goto(ctx.base + p)
          await page.locator('main h1').first().waitFor()
          await page.waitForTimeout(300)
          await shot(`m-${name}-${w}`)
        }
        await page.setViewportSize({ width: 1440, height: 900 })
        await page.evaluate(() => localStorage.setItem('greenlane.locale', 'en'))
        await page.goto(ctx.base + p)
        await page.locator('main h1').first().waitFor()
        await page.waitForTimeout(300)
        const frame = await page.evaluate(() =>
          [...document.querySelectorAll('.gl-aside, .gl-crumbs, main h1, .gl-brand strong, .gl-brand small, .gl-user small')]
            .map((e) => e.innerText)
            .join(' | '),
        )
        // An enterprise clerk's header names its enterprise: data, not frame.
        const own = await page.evaluate(() => (document.querySelector('.gl-user small') || {}).innerText || '')
        const text = frame.replace(own.split(' · ').slice(1).join(' · '), '')
        if (cjk.test(text)) leftovers.push(`${p}: ${text.match(/[^|]*[\u3400-\u9fff][^|]*/g).join(' / ')}`)
        await shot(`m-${name}-en`)
        await page.evaluate(() => localStorage.setItem('greenlane.locale', 'zh'))
      }
      await page.goto(ctx.base + '/')
      await signOut()
    }
    await page.setViewportSize({ width: 1366, height: 900 })
    check(leftovers.length === 0, 'Chinese in the English frame: ' + leftovers.join('; '))
  })

  await step('no script error in the page', async () => {
    check(consoleErrors.length === 0, consoleErrors.join('\n'))
  })
}

async function stop() {
  if (context) await context.close().catch(() => {})
  if (server && server.exitCode === null) {
    server.kill('SIGTERM')
    await new Promise((r) => {
      const t = setTimeout(() => {
        server.kill('SIGKILL')
        r()
      }, 10000)
      server.once('exit', () => {
        clearTimeout(t)
        r()
      })
    })
  }
  if (failures > 0) {
    diag('server log: ' + path.join(tmp, 'serve.log'))
    try {
      diag(fs.readFileSync(path.join(tmp, 'serve.log'), 'utf8').split('\n').slice(-30).join('\n'))
    } catch {
      // no log
    }
  } else {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

try {
  await main()
} catch (e) {
  count++
  failures++
  console.log(`not ok ${count} - set up the demo county, the server and the browser`)
  diag((e && e.stack) || e)
}
await stop()
console.log(`1..${count}`)
process.exit(failures > 0 ? 1 : 0)
