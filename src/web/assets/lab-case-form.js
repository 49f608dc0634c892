/* global DOMParser */
// The family-case form with script: relative rows are added and removed (up to the form's maximum), and
// the pedigree is redrawn from the rows through POST /pedigree-preview as they are typed. Only ids,
// relations and sexes are sent for the drawing, never a profile: a row with a profile is marked "typed".
const form = document.getElementById('case-form')
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? ''

function rows () { return [...form.querySelectorAll('.relative-row')] }

// Rows keep consecutive indices (r0_…, r1_…) so the server reads them as the plain form sends them.
function renumber () {
  rows().forEach((row, i) => {
    row.dataset.row = String(i)
    row.querySelector('legend').textContent = form.dataset.relativeLabel.replace('{n}', String(i + 1))
    for (const el of row.querySelectorAll('[name]')) {
      const field = el.name.replace(/^r\d+_/, '')
      el.name = `r${i}_${field}`
      el.id = `r${i}_${field}`
      row.querySelector(`label[for^="r"][data-field="${field}"]`)?.setAttribute('for', el.id)
    }
    const remove = row.querySelector('.remove-row')
    remove.hidden = rows().length <= 1
    remove.textContent = form.dataset.removeLabel.replace('{n}', String(i + 1))
  })
  document.getElementById('add-relative').hidden = rows().length >= Number(form.dataset.maxRows)
}

function tagLabels (row) {
  for (const label of row.querySelectorAll('label[for]')) label.dataset.field = label.htmlFor.replace(/^r\d+_/, '')
}

function addRow () {
  const last = rows().at(-1)
  const row = last.cloneNode(true)
  for (const el of row.querySelectorAll('input, textarea')) el.value = ''
  for (const el of row.querySelectorAll('select')) el.selectedIndex = 0
  last.after(row)
  renumber()
  row.querySelector('input').focus()
}

// a second missing child (MP2) is drawn as the page stores it: the first child is then MP1
function missingOf (sex) {
  const second = form.elements.missing2Sex.value
  if (second === '') return { missingPerson: { sex } }
  return { missingPerson: { id: 'MP1', sex }, otherMissing: [{ slot: 'MP2', sex: second, relation: form.elements.missing2Relation.value }] }
}

let timer
let latest = 0
function schedule () { clearTimeout(timer); timer = setTimeout(redraw, 400) }

async function redraw () {
  const drawing = document.getElementById('pedigree-drawing')
  const error = document.getElementById('pedigree-error')
  const sex = form.elements.missingSex.value
  const relatives = rows().map((row) => {
    const i = row.dataset.row
    const r = { id: form.elements[`r${i}_id`].value.trim(), relation: form.elements[`r${i}_relation`].value }
    const s = form.elements[`r${i}_sex`].value
    if (s !== '') r.sex = s
    if (form.elements[`r${i}_profile`].value.trim() !== '') r.typed = true
    return r
  }).filter((r) => r.id !== '' && r.relation !== '')
  if (sex === '' || relatives.length === 0) return
  const mine = ++latest
  try {
    const res = await fetch('/pedigree-preview', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ ...missingOf(sex), relatives, locale: form.dataset.locale, title: form.elements.caseId.value || 'MP' })
    })
    if (mine !== latest) return
    const body = await res.json()
    if (!res.ok) { error.textContent = body.message ?? String(res.status); error.hidden = false; return }
    const svg = new DOMParser().parseFromString(body.svg, 'image/svg+xml').documentElement
    drawing.replaceChildren(document.importNode(svg, true))
    error.hidden = true
  } catch (err) {
    error.textContent = String(err)
    error.hidden = false
  }
}

if (form !== null) {
  for (const row of rows()) tagLabels(row)
  document.getElementById('add-relative').addEventListener('click', addRow)
  form.addEventListener('click', (event) => {
    const button = event.target.closest('.remove-row')
    if (button === null || rows().length <= 1) return
    button.closest('.relative-row').remove()
    renumber()
    schedule()
  })
  form.addEventListener('input', schedule)
  form.addEventListener('change', schedule)
  renumber()
  // a form sent back with its problems is drawn again at once (the page drew nothing for a refused list)
  redraw()
}
