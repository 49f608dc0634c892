// The security page: password change and authenticator enrolment through the /me API routes
// (admin-api-form.js). The enrolment key arrives once, in POST /me/totp/setup's answer, and is shown
// here (link, key for manual entry) with the confirmation form; the page never renders it.
import { bindApiForms } from './admin-api-form.js'

bindApiForms({
  samePassword (form) {
    return form.elements.newPassword.value === form.elements.repeat.value ? undefined : form.dataset.mismatch
  },
  totp (answer, form) {
    form.hidden = true
    // a new key each time: the QR code is fetched again, never from a cache
    const qr = document.getElementById('totp-qr')
    qr.src = `${qr.dataset.src}?k=${Date.now()}`
    document.getElementById('totp-link').href = answer.uri
    const key = document.getElementById('totp-key')
    // groups of four, as authenticator apps print keys; the apps ignore the spaces
    key.value = answer.secret.replace(/(.{4})/g, '$1 ').trim()
    document.getElementById('totp-enrol').hidden = false
    document.getElementById('totp-code').focus()
  }
})
