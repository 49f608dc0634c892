// Live progress of reruns: every 2 s each pending or running row asks GET /reruns/:id and updates its
// <progress> (value, max, aria-valuetext), count, rate and time left; when one ends the page reloads to
// show its final state and actions. Without script the page's refresh link does the same.
import { bindApiForms } from './admin-api-form.js'

bindApiForms()
const table = document.getElementById('reruns')
const t = table === null ? {} : JSON.parse(table.dataset.templates)
const fill = (text, params) => text.replace(/\{(\w+)\}/g, (whole, k) => (k in params ? String(params[k]) : whole))

function eta (seconds) {
  if (seconds === null || !Number.isFinite(seconds)) return t.none
  const s = Math.max(0, Math.round(seconds))
  return s >= 60 ? fill(t.etaMinutes, { m: Math.floor(s / 60), s: s % 60 }) : fill(t.etaSeconds, { s })
}

function show (row, r) {
  const bar = row.querySelector('progress')
  bar.max = Math.max(r.total, 1)
  bar.value = r.total === 0 ? 1 : r.done
  bar.setAttribute('aria-valuetext', fill(t.progress, { done: r.done, total: r.total, percent: r.total === 0 ? 100 : Math.floor((100 * r.done) / r.total) }))
  row.querySelector('[data-field="count"]').textContent = fill(t.count, { done: r.done, total: r.total })
  row.querySelector('[data-field="rate"]').textContent = r.rate === null ? t.none : fill(t.rate, { rate: r.rate.toFixed(1) })
  row.querySelector('[data-field="eta"]').textContent = eta(r.etaSeconds)
}

async function poll () {
  const live = table === null ? [] : [...table.querySelectorAll('tr[data-status="pending"], tr[data-status="running"]')]
  if (live.length === 0) return
  let ended = false
  for (const row of live) {
    try {
      const res = await fetch(`/reruns/${encodeURIComponent(row.dataset.rerun)}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      if (!res.ok) continue
      const r = await res.json()
      show(row, r)
      if (r.status !== row.dataset.status) ended = true
    } catch {
      // the next poll tries again
    }
  }
  if (ended) window.location.reload()
  else setTimeout(poll, 2000)
}
setTimeout(poll, 2000)
