// Upload of a frequency table: the JSON file read here and sent, with the form's id, population and
// source (which win over the file's own), to POST /frequency-tables; its refusal names the locus and
// value at fault and is shown above the form.
import { callApi, showError } from './admin-api-form.js'

const form = document.getElementById('upload-table')
if (form !== null) {
  const submit = form.querySelector('button[type="submit"]')
  submit.disabled = false
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const file = form.elements.file.files[0]
    if (file === undefined) return showError(form, form.dataset.noFile)
    let parsed
    try {
      parsed = JSON.parse(await file.text())
      if (parsed === null || typeof parsed !== 'object' || typeof parsed.loci !== 'object' || parsed.loci === null) throw new Error('no "loci"')
    } catch (err) {
      return showError(form, form.dataset.badFile.replace('{message}', err.message))
    }
    const body = { ...parsed }
    for (const name of ['id', 'population', 'source']) {
      const v = form.elements[name].value.trim()
      if (v !== '') body[name] = v
    }
    if (form.elements.makeDefault.checked) body.makeDefault = true
    submit.disabled = true
    try {
      const sent = await callApi(form, 'POST', '/frequency-tables', body)
      if (sent === undefined) return
      // 201: a new table or version; 200: the same frequencies again, nothing stored
      window.location.assign(`/admin/frequency-tables?done=${sent.status === 201 ? 'created' : 'same'}&id=${encodeURIComponent(sent.answer.id)}`)
    } finally {
      submit.disabled = false
    }
  })
}
