/* global DOMParser */
// The upload page without reloading: the form is sent as it is (the same multipart POST /upload the page
// makes without script) and the answer's result and form replace this page's, keeping the chosen file in
// its input, so "Commit" after a preview needs no second choice of the file.
const main = document.getElementById('main')

function bind () {
  const form = document.getElementById('upload-form')
  if (form === null) return
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const data = new FormData(form)
    if (event.submitter?.name === 'action') data.set('action', event.submitter.value)
    const buttons = form.querySelectorAll('button')
    for (const b of buttons) b.disabled = true
    try {
      // getAttribute: the form's buttons are named "action", which shadows form.action (the element wins)
      const res = await fetch(form.getAttribute('action'), { method: 'POST', body: data, credentials: 'same-origin' })
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html')
      const result = doc.getElementById('upload-result')
      const next = doc.getElementById('upload-form')
      if (result === null || next === null) { form.submit(); return }
      const file = form.querySelector('#file')
      const committed = doc.getElementById('commit-result') !== null && doc.querySelector('#upload-form input[name=previewHash]')?.value === ''
      if (!committed) next.querySelector('#file')?.replaceWith(file)
      next.querySelector('#commit-hint')?.remove()
      document.getElementById('upload-result')?.remove()
      form.replaceWith(next)
      next.before(result)
      result.tabIndex = -1
      result.focus()
      bind()
    } catch {
      for (const b of buttons) b.disabled = false
      form.submit()
    }
  })
}

if (main !== null) bind()
