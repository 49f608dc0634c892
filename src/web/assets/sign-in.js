// Sign-in with fetch: the answer's errors shown in the page, and on success the page the reader wanted.
const form = document.getElementById('sign-in')
const box = document.getElementById('sign-in-error')
if (form !== null && box !== null) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    box.hidden = true
    const body = new URLSearchParams(new FormData(form))
    let res
    try {
      res = await fetch('/session', { method: 'POST', body, headers: { accept: 'application/json' }, credentials: 'same-origin' })
    } catch {
      res = { ok: false, status: 0, headers: new Headers() }
    }
    if (res.ok) {
      const session = await res.json()
      const next = form.dataset.next
      window.location.assign(session.totpEnrolmentRequired || session.passwordChangeRequired ? '/me/security' : (next !== undefined && next !== '' ? next : '/'))
      return
    }
    const wait = Number(res.headers.get('retry-after') ?? 0)
    box.textContent = res.status === 429
      ? form.dataset.locked.replace('{seconds}', String(wait))
      : res.status === 401 ? form.dataset.refused : form.dataset.failed.replace('{status}', String(res.status))
    box.hidden = false
    document.getElementById('password').value = ''
    document.getElementById('password').focus()
  })
}
