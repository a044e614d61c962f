// Load generator for tickets.bench.ts, in its own process so that the server's CPU figures are
// the server's alone: `node tickets-load.cjs <url> <token> <seconds> <connections> [health]` → JSON.
const autocannon = require('autocannon')
const setupRequest = require('./tickets-request.cjs')

const [url, token, seconds, connections, target] = process.argv.slice(2)
// `health` is the floor to compare with: HTTP plus one `select 1`, no auth, no transaction.
const requests = target === 'health'
  ? { url: `${url}/api/health`, method: 'GET' }
  : { url: `${url}/api/tickets`, method: 'POST', headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' }, requests: [{ setupRequest }] }
autocannon({ ...requests, connections: Number(connections), duration: Number(seconds) }, (err, r) => {
  if (err) { console.error(err); process.exit(1) }
  process.stdout.write(JSON.stringify({ rps: r.requests.average, ok: r['2xx'], non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max }))
})
