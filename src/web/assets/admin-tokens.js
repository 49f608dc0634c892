// The tokens page: a new token's secret is in POST /tokens's answer only. It is shown here once, in a
// read-only field selected for copying, with the warning; leaving the page forgets it.
import { bindApiForms } from './admin-api-form.js'

const box = document.getElementById('token-secret')
bindApiForms({
  token (answer, form) {
    form.reset()
    document.getElementById('secret-warning').textContent = box.dataset.warning.replace('{name}', answer.userName)
    document.getElementById('secret-label').textContent = box.dataset.label.replace('{name}', answer.userName)
    const value = document.getElementById('secret-value')
    value.value = answer.token
    box.hidden = false
    box.focus()
    value.select()
  }
})
