// Who is signed in: the answer of GET /api/v1/me, shared by every screen. Roles are the names of
// src/core/role.h; an enterprise user carries its USCC.
import { reactive } from 'vue'
import { api, rememberCsrf } from './api.js'
import { forgetProcedures } from './cases.js'

export const session = reactive({ user: null, loaded: false })

export const OFFICER_ROLES = [
  'county_officer',
  'county_legal',
  'county_leader',
  'city_officer',
  'city_expert',
  'tax_officer',
  'approval_officer',
  'dept_officer',
  'township_officer',
  'admin',
]

export function roleOf() {
  return (session.user && session.user.role) || null
}

export function isEnterprise() {
  return roleOf() === 'enterprise'
}

export function isOfficer() {
  return OFFICER_ROLES.includes(roleOf())
}

// Whether the signed-in user's role may call a route ("GET /api/v1/work"), as the server's route
// table says (GET /api/v1/me, "may"): screens and menus offer only what the door lets through.
export function may(route) {
  const list = session.user && session.user.may
  return Array.isArray(list) && list.includes(route)
}

function normalizeUser(u) {
  if (!u) return null
  const user = u.user || u
  return {
    ...user,
    username: user.username || user.name,
    uscc: user.uscc || user.enterprise || null,
  }
}

export async function loadSession() {
  try {
    const me = await api.get('/me')
    rememberCsrf(me)
    session.user = normalizeUser(me)
  } catch {
    session.user = null
  }
  session.loaded = true
  return session.user
}

// What the server offered the previous user (the procedures it may open) is forgotten at each
// sign-in and sign-out: the page is not reloaded between users.
export async function signIn(username, password) {
  forgetProcedures()
  const body = await api.post('/session', { username, password })
  rememberCsrf(body)
  session.user = body && (body.user || body.role) ? normalizeUser(body) : null
  if (!session.user || !session.user.role) await loadSession()
  session.loaded = true
  return session.user
}

export async function signOut() {
  try {
    await api.del('/session')
  } catch {
    // Signing out of an expired session is still signing out.
  }
  rememberCsrf(null)
  forgetProcedures()
  session.user = null
}
