// Forms that call the service's JSON API (the same routes machines use, so the rules, the audit entry
// and the transaction are the API's own): <form data-api="/users" data-method="POST"> sends its named
// fields as JSON with the session's CSRF token, shows a refusal's message in the form's error box, and
// on success goes to data-then (or hands the answer to the page's own handler, see bindApiForms).
// Fields: data-type="number" sends a number, a checkbox sends true/false, a radio group its choice, an empty field marked
// data-optional is left out, data-skip is never sent (a confirmation field checked here).
const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? ''

function fieldsOf (form) {
  const body = {}
  for (const el of form.elements) {
    if (el.name === '' || el.name === '_csrf' || el.dataset.skip !== undefined || el.disabled) continue
    if (el.type === 'checkbox') body[el.name] = el.checked
    else if (el.type === 'radio') {
      if (el.checked) body[el.name] = el.value
    } else if (el.value === '' && el.dataset.optional !== undefined) continue
    else body[el.name] = el.dataset.type === 'number' ? Number(el.value) : el.value
  }
  return body
}

function errorBox (form) {
  return form.querySelector('[data-error]') ?? document.getElementById('action-error')
}

export function showError (form, text) {
  const box = errorBox(form)
  if (box === null) return
  box.textContent = text
  box.hidden = false
  box.focus()
}

/** Sends a form to its API route; resolves to the parsed answer on success, undefined on a refusal shown. */
export async function sendApiForm (form) {
  const method = form.dataset.method ?? 'POST'
  return (await callApi(form, method, form.dataset.api, method === 'DELETE' ? undefined : fieldsOf(form)))?.answer
}

/** Sends `value` as JSON to an API route for `form`: { status, answer }, or undefined after showing a refusal in the form's error box. */
export async function callApi (form, method, url, value) {
  const box = errorBox(form)
  if (box !== null) box.hidden = true
  const body = value === undefined ? undefined : JSON.stringify(value)
  const headers = { accept: 'application/json', 'x-csrf-token': csrf }
  if (body !== undefined) headers['content-type'] = 'application/json'
  let res
  try {
    res = await fetch(url, { method, body, headers, credentials: 'same-origin' })
  } catch {
    showError(form, document.getElementById('action-error')?.dataset.offline ?? 'The service did not answer.')
    return undefined
  }
  const answer = await res.json().catch(() => ({}))
  if (res.status === 401) {
    window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`)
    return undefined
  }
  if (!res.ok) {
    showError(form, `${res.status}: ${answer.message ?? res.statusText}`)
    return undefined
  }
  return { status: res.status, answer }
}

/**
 * Binds every API form of the page. `handlers[name]` (name from data-on-success) receives the answer
 * and the form; without one the page goes to data-then, or reloads.
 */
export function bindApiForms (handlers = {}) {
  for (const form of document.querySelectorAll('form[data-api]')) {
    for (const b of form.querySelectorAll('button[disabled][data-needs-script]')) b.disabled = false
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      const check = form.dataset.check === undefined ? undefined : handlers[form.dataset.check]
      const problem = check === undefined ? undefined : check(form)
      if (problem !== undefined) return showError(form, problem)
      if (form.dataset.confirm !== undefined && !window.confirm(form.dataset.confirm)) return
      const submit = form.querySelector('button[type="submit"]')
      if (submit !== null) submit.disabled = true
      try {
        const answer = await sendApiForm(form)
        if (answer === undefined) return
        const handler = form.dataset.onSuccess === undefined ? undefined : handlers[form.dataset.onSuccess]
        if (handler !== undefined) handler(answer, form)
        else window.location.assign(form.dataset.then ?? window.location.href)
      } finally {
        if (submit !== null) submit.disabled = false
      }
    })
  }
}
