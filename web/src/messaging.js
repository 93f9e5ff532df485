// Messages (站内消息, GET /api/v1/messages and POST /api/v1/messages/{id}/read; the shape is
// src/io/message_json.h's): what each step others took on the enterprise's cases did and what the
// enterprise must do next, written by the server in Chinese and in English. Here: one page of the
// list, a message's title and body in the reader's language, marking one read, and how many are
// unread for the menu's badge.
import { reactive } from 'vue'
import { api, request } from './api.js'
import { pick } from './i18n.js'

export const inbox = reactive({ unread: 0 })

// The server's pages: PER_PAGE messages unless asked otherwise, at most PER_PAGE_MAX.
export const PER_PAGE = 20
export const PER_PAGE_MAX = 100

// Page `page` (from 1) of perPage messages, newest first: {messages, total, unread, page, per_page}.
export async function listMessages(unreadOnly, page = 1, perPage = PER_PAGE) {
  const q = { page, per_page: perPage }
  if (unreadOnly) q.unread = 1
  const d = await api.get('/messages', q)
  inbox.unread = d.unread || 0
  return d
}

// A message's title or body in the locale: the English when the locale is English and the message
// has it, else the Chinese (a message from before English was kept has only the Chinese).
export const messageTitle = (m) => pick(m, 'title')
export const messageBody = (m) => pick(m, 'body')

export async function markRead(id) {
  const d = await request('POST', '/messages/' + encodeURIComponent(id) + '/read')
  inbox.unread = d.unread || 0
  return d
}

export async function refreshUnread() {
  try {
    await listMessages(true, 1, 1)
  } catch {
    inbox.unread = 0
  }
}
