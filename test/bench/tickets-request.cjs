// autocannon `setupRequest` for tickets.bench.ts (a file, because autocannon runs in a worker
// thread): every request is a new ticket for one of 5,000 customers, written in varying phone
// spellings, so identity matching both creates customers and finds existing ones.
let n = 0
const spellings = [p => p, p => `+86 ${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`, p => `0086-${p}`]
module.exports = function setupRequest(request) {
  n++
  const i = (n * 7919 + Number(process.env.BENCH_SEED || 0)) % 5000
  const phone = `139${String(i).padStart(8, '0')}`
  request.body = JSON.stringify({
    typeKey: 'after-sales',
    title: `压测工单 ${n}`,
    description: '空调开机后不制冷，外机不转',
    fields: { problemType: '售后服务', faultDescription: '开机十分钟后不制冷，外机不转', contactPhone: phone, address: ['广东省', '深圳市', '南山区'] },
    customer: { name: `客户${i}`, phone: spellings[n % 3](phone) },
  })
  if (process.env.BENCH_IDEMPOTENCY === '1') request.headers = { ...request.headers, 'idempotency-key': `bench-${process.pid}-${n}` }
  return request
}
