/**
 * The bare receiver of the connectors benchmark: a node:http endpoint doing the minimum a correct
 * receiver must do (verify the JWT, parse JSON, validate with core's zod schema, answer the
 * outcome), so its round trip is what any receiver costs. No routing, store, logging or metrics.
 * Usage: BENCH_SECRET=… node servers/bare.mjs PORT
 */
import { createServer } from 'node:http'
import { SendEvent1InputSchema, verified } from './verify.mjs'

const port = Number(process.argv[2])

function send(res, status, body) {
  const bytes = Buffer.from(JSON.stringify(body))
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length })
  res.end(bytes)
}

createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') return send(res, 200, { status: 'ok' })
  if (req.method !== 'POST' || req.url !== '/hooks/SendEvent1') {
    req.resume()
    return send(res, 404, { error: 'not_found' })
  }
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', async () => {
    if (!(await verified(req.headers.authorization)))
      return send(res, 401, { error: 'unauthorized' })
    let value
    try {
      value = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return send(res, 200, { outcome: 'invalid_data' })
    }
    const event = SendEvent1InputSchema.safeParse(value)
    send(res, 200, { outcome: event.success ? 'sent' : 'invalid_data' })
  })
}).listen(port, '127.0.0.1')
