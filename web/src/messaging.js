// Messages (站内消息, GET /api/v1/messages and POST /api/v1/messages/{id}/read; the shape is
// src/io/message_json.h's): what each step others took on the enterprise's cases did and what the
// enterprise must do next, written by the server. Here: the list, marking one read, and how many
// are unread for the menu's badge.
import { reactive } from 'vue'
import { api, request } from './api.js'

export const inbox = reactive({ unread: 0 })

export async function listMessages(unreadOnly) {
  const d = await api.get('/messages', unreadOnly ? { unread: 1 } : undefined)
  inbox.unread = d.unread || 0
  return d
}

export async function markRead(id) {
  const d = await request('POST', '/messages/' + encodeURIComponent(id) + '/read')
  inbox.unread = d.unread || 0
  return d
}

export async function refreshUnread() {
  try {
    await listMessages(true)
  } catch {
    inbox.unread = 0
  }
}
