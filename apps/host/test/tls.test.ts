// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * HTTPS (`listen.tls`) with a self-signed certificate made by the openssl CLI: ALPN picks h2 for
 * an HTTP/2 client and http/1.1 for the others, on the same port, with the same routes.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { connect } from 'node:http2'
import { Agent, request } from 'node:https'
import { join } from 'node:path'
import { type TLSSocket, connect as tlsConnect } from 'node:tls'
import { createHookToken, sampleEvent } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigFileError } from '../src/config/errors'
import { closeSession, connected, h2Get, h2Hook } from './h2-client'
import { fixture, newBhid, startTestHost, type TestHost, tempDir } from './helpers'

/** A self-signed certificate for 127.0.0.1 and localhost, and its key, in `dir`. */
function selfSigned(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`)
  const key = join(dir, `${name}.key`)
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  )
  return { cert, key }
}

/** One HTTP/1.1 request over TLS, offering only http/1.1 by ALPN. */
function https1(
  url: string,
  ca: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; text: string; alpn: string | false | null; version: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${options.path}`,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: new Agent({ ca, ALPNProtocols: ['http/1.1'] }),
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => {
          text += c
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text,
            alpn: (res.socket as TLSSocket).alpnProtocol,
            version: res.httpVersion,
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('listen.tls: HTTPS with ALPN h2 and http/1.1', () => {
  let vendor: FakeVendor
  let dir: { dir: string; cleanup(): Promise<void> }
  let pem: { cert: string; key: string }
  let ca: string
  let t: TestHost
  beforeAll(async () => {
    vendor = await startFakeVendor({ defaultReply: { status: 200, body: {} } })
    dir = await tempDir()
    pem = selfSigned(dir.dir, 'host')
    ca = readFileSync(pem.cert, 'utf8')
    t = await startTestHost(
      [
        // The certificate as a file, the key as PEM text from the environment.
        `listen: { tls: { cert: ${pem.cert}, key: "\${TLS_KEY}" } }`,
        'store: { kind: memory }',
        'log: { format: json }',
        'connectors:',
        '  vendor:',
        `    use: ${fixture('vendor-connector.mjs')}`,
        `    baseUrl: ${vendor.url}`,
        '    apiKey: k',
      ].join('\n'),
      { env: { NODE_ENV: 'test', TLS_KEY: readFileSync(pem.key, 'utf8') } },
    )
  })
  afterAll(async () => {
    await t.close()
    await vendor.close()
    await dir.cleanup()
  })

  it('gives its URL as https and picks h2 for an HTTP/2 client', async () => {
    expect(t.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const session = await connected(connect(t.url, { ca }))
    const bhids = [newBhid(), newBhid(), newBhid()]
    const answers = await Promise.all(
      bhids.map((bhid) =>
        h2Hook(session, t.secret, 'SendEvent1', sampleEvent('points-earned', { bhid })),
      ),
    )
    const readyz = await h2Get(session, '/readyz')
    const alpn = session.alpnProtocol
    await closeSession(session)

    expect(alpn).toBe('h2')
    expect(answers.map((a) => `${a.status} ${a.outcome}`)).toEqual([
      '200 sent',
      '200 sent',
      '200 sent',
    ])
    expect(readyz.status).toBe(200)
    const ids = vendor.requests.map((r) => (r.body as { id: string }).id)
    expect(ids.sort()).toEqual([...bhids].sort())
  })

  it('serves HTTP/1.1 over TLS to a client that does not offer h2', async () => {
    vendor.reset()
    const healthz = await https1(t.url, ca, { path: '/healthz' })
    expect(healthz).toEqual({
      status: 200,
      text: '{"status":"ok"}',
      alpn: 'http/1.1',
      version: '1.1',
    })

    const token = await createHookToken({ key: { kid: 'main', secret: t.secret } })
    const bhid = newBhid()
    const sent = await https1(t.url, ca, {
      method: 'POST',
      path: '/hooks/SendEvent1',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(sampleEvent('birthday', { bhid })),
    })
    expect([sent.status, sent.text, sent.alpn]).toEqual([200, '{"outcome":"sent"}', 'http/1.1'])
    expect(vendor.requests.map((r) => (r.body as { id: string }).id)).toEqual([bhid])
  })
})

describe('listen.tls: connection bounds', () => {
  it('cuts an HTTP/1.1-over-TLS client slow to send its headers (408)', async () => {
    const dir = await tempDir()
    const pem = selfSigned(dir.dir, 'slow')
    const t = await startTestHost(
      [
        `listen: { tls: { cert: ${pem.cert}, key: ${pem.key} }, headersTimeoutMs: 1000, requestTimeoutMs: 2000 }`,
        'store: { kind: memory }',
        'log: { level: silent }',
      ].join('\n'),
    )
    const { port } = new URL(t.url)
    const socket = tlsConnect({
      host: '127.0.0.1',
      port: Number(port),
      ca: readFileSync(pem.cert, 'utf8'),
      ALPNProtocols: ['http/1.1'],
    })
    let received = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      received += chunk
    })
    socket.on('error', () => {})
    await new Promise((resolve) => socket.once('secureConnect', resolve))
    const alpn = socket.alpnProtocol
    socket.write('POST /hooks/SendEvent1 HTTP/1.1\r\nHost: x\r\n')
    await new Promise((resolve) => socket.once('close', resolve))
    await t.close()
    await dir.cleanup()
    expect(alpn).toBe('http/1.1')
    expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
  })
})

describe('listen.tls: start-up errors name the setting', () => {
  let dir: { dir: string; cleanup(): Promise<void> }
  beforeAll(async () => {
    dir = await tempDir()
    selfSigned(dir.dir, 'a')
    selfSigned(dir.dir, 'b')
  })
  afterAll(() => dir.cleanup())

  const start = (tls: string) =>
    startTestHost(`listen: { tls: ${tls} }\nstore: { kind: memory }\nlog: { level: silent }`).then(
      async (t) => {
        await t.close()
        return 'started'
      },
      (err: unknown) => err,
    )

  it('a missing file', async () => {
    const err = await start(`{ cert: ${dir.dir}/missing.crt, key: ${dir.dir}/a.key }`)
    expect(err).toBeInstanceOf(ConfigFileError)
    expect((err as ConfigFileError).issues).toMatchObject([
      { path: 'listen.tls.cert', message: 'does not exist' },
    ])
  })

  it('a key that does not match the certificate', async () => {
    const err = await start(`{ cert: ${dir.dir}/a.crt, key: ${dir.dir}/b.key }`)
    expect(err).toBeInstanceOf(ConfigFileError)
    const [issue] = (err as ConfigFileError).issues
    expect(issue?.path).toBe('listen.tls')
    expect(issue?.message).toMatch(/^the certificate and key cannot be used \(ERR_OSSL_/)
  })

  it('PEM text that is not a certificate is not echoed', async () => {
    const err = await start(
      `{ cert: ${dir.dir}/a.crt, key: "-----BEGIN PRIVATE KEY-----\\nc2VjcmV0LWtleQ==\\n-----END PRIVATE KEY-----" }`,
    )
    expect(err).toBeInstanceOf(ConfigFileError)
    expect((err as ConfigFileError).issues[0]?.path).toBe('listen.tls')
    expect(String((err as Error).message)).not.toContain('c2VjcmV0LWtleQ')
  })
})
