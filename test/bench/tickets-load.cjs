// Load generator for tickets.bench.ts, in its own process so that the server's CPU figures are
// the server's alone: `node tickets-load.cjs <url> <token> <seconds> <connections>` → JSON result.
const autocannon = require('autocannon')
const setupRequest = require('./tickets-request.cjs')

const [url, token, seconds, connections] = process.argv.slice(2)
autocannon({
  url: `${url}/api/tickets`,
  method: 'POST',
  connections: Number(connections),
  duration: Number(seconds),
  headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' },
  requests: [{ setupRequest }],
}, (err, r) => {
  if (err) { console.error(err); process.exit(1) }
  process.stdout.write(JSON.stringify({ rps: r.requests.average, ok: r['2xx'], non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max }))
})
