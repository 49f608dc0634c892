// Opening an unread alert's pair marks the alert read (POST /alerts/:id/read, the inbox API), so the
// caseworker need not come back to press "Mark read". keepalive lets the request finish while the
// browser follows the link; without script the "Mark read" buttons do the same through the page.
const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? ''
for (const link of document.querySelectorAll('a[data-alert]')) {
  link.addEventListener('click', () => {
    fetch(`/alerts/${encodeURIComponent(link.dataset.alert)}/read`, {
      method: 'POST',
      headers: { 'x-csrf-token': token },
      credentials: 'same-origin',
      keepalive: true
    }).catch(() => {})
  })
}
