// The writes of measure 6's screens, each confirmed in a dialog and answered by the server (which
// names the field it refuses): set a help target, close one as met or dropped, end a link. Each
// returns true once the server took it, so that the screen reloads.
import { ElMessage, ElMessageBox } from 'element-plus'
import { api } from '../../api.js'
import { t } from '../../i18n.js'

async function prompt(title, label, value, required) {
  try {
    const r = await ElMessageBox.prompt(label, title, {
      inputType: 'textarea',
      inputValue: value || '',
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      inputValidator: (v) => !required || (v && v.trim() ? true : t('sup.needText')),
    })
    return r.value
  } catch {
    return null
  }
}

async function send(fn, done) {
  try {
    await fn()
    ElMessage.success(done)
    return true
  } catch (err) {
    ElMessage.error({ message: err.message, duration: 6000 })
    return false
  }
}

export async function addTarget(partner, suggested) {
  const text = await prompt(t('sup.setTargetFor', { name: partner.link.partner_name }), t('sup.targetLabel'), suggested, true)
  if (text === null) return false
  return send(() => api.post('/supply/targets', { link_id: partner.link.id, target: text.trim() }), t('sup.targetSet'))
}

export async function closeTarget(target, status) {
  const note = await prompt(t(status === 'met' ? 'sup.closeMet' : 'sup.closeDropped'), t('sup.noteLabel'), '', false)
  if (note === null) return false
  return send(() => api.post(`/supply/targets/${target.id}/close`, { status, note: note.trim() || undefined }), t('sup.targetClosed'))
}

export async function endLink(link) {
  const reason = await prompt(t('sup.endLinkOf', { name: link.partner_name }), t('sup.reasonLabel'), '', false)
  if (reason === null) return false
  return send(() => api.post(`/supply/links/${link.id}/end`, { reason: reason.trim() || undefined }), t('sup.linkEnded'))
}
