// The accounts page: every form goes to the accounts API (admin-api-form.js). The temporary-password
// form's address names the account chosen in its list, so it is set just before sending.
import { bindApiForms } from './admin-api-form.js'

const temp = document.getElementById('temp-password')
const account = document.getElementById('temp-account')
function aim () {
  if (temp !== null && account !== null) temp.dataset.api = `/users/${encodeURIComponent(account.value)}/password`
}
aim()
account?.addEventListener('change', aim)
bindApiForms()
