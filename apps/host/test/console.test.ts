// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * The operator console in a real headless browser (Debian's chromium, driven by playwright-core):
 * log in, see an invalid_data event, reveal its body, press Replay once the fault is gone and see
 * it sent; a held route; and the checks a browser does not show (401, CSRF, cross-origin POST,
 * a short password refused at start).
 */
import { join } from 'node:path'
import { CANONICAL_EVENT, sampleEvent } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config/load'
import { newBhid, startTestHost, type TestHost, tempDir } from './helpers'

const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const PASSWORD = 'console-password-0123456789'
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const EMAIL = CANONICAL_EVENT.customer.email!

/** Reload `page` until `check` passes (the journal is written just after each answer). */
async function eventually(page: Page, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
    await page.reload()
  }
  throw new Error(`never true on ${page.url()}`)
}

describe('console in headless chromium', () => {
  let receiver: FakeVendor
  let host: TestHost
  let browser: Browser
  let dir: { dir: string; cleanup(): Promise<void> }
  const env = () => ({
    NODE_ENV: 'test',
    WEBHOOK_SECRET,
    RECEIVER_URL: receiver.url,
    BH_CONSOLE_PASSWORD: PASSWORD,
  })

  beforeAll(async () => {
    receiver = await startFakeVendor()
    dir = await tempDir()
    host = await startTestHost(
      [
        `store: { kind: sqlite, path: "${join(dir.dir, 'hooks.db')}" }`,
        'deadlineMs: 5000',
        'console: { enabled: true, password: "${BH_CONSOLE_PASSWORD}" }',
        'connectors:',
        '  webhook: { url: "${RECEIVER_URL}/in", secret: "${WEBHOOK_SECRET}" }',
      ].join('\n'),
      { env: env() },
    )
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  })
  afterAll(async () => {
    await browser?.close()
    await host?.close()
    await receiver?.close()
    await dir?.cleanup()
  })

  const send = async (bhid: string, route?: string) =>
    JSON.parse(
      (
        await host.send('SendEvent1', sampleEvent('points-earned', { bhid }), {
          ...(route ? { route } : {}),
        })
      ).text,
    ).outcome as string

  it('shows an invalid_data event, reveals its body, replays it and shows it sent', async () => {
    const bhid = newBhid()
    receiver.setDefault({ status: 400, body: { error: 'bad' } })
    expect(await send(bhid)).toBe('invalid_data')

    const context = await browser.newContext({
      httpCredentials: { username: 'ops', password: PASSWORD },
    })
    const page = await context.newPage()
    await page.goto(`${host.url}/console`)
    const row = page.locator(`#events tr[data-bhid="${bhid}"]`)
    await eventually(page, async () => (await row.count()) === 1)
    expect(await row.locator('.outcome').textContent()).toBe('invalid_data')
    expect(await page.locator('#routes').textContent()).toContain('/hooks/SendEvent1')

    // The filter: by outcome, then by a bhid that matches nothing.
    await page.selectOption('select[name=outcome]', 'invalid_data')
    await page.click('#filter button')
    expect(page.url()).toContain('outcome=invalid_data')
    expect(await row.count()).toBe(1)
    await page.fill('input[name=bhid]', 'no-such-bhid')
    await page.click('#filter button')
    expect(await page.locator('#events').count()).toBe(0)

    await page.goto(`${host.url}/console?bhid=${bhid}`)
    await row.locator('a').click()
    expect(await page.locator('#body').textContent()).toContain('[redacted]')
    expect(await page.content()).not.toContain(EMAIL)
    await page.click('#reveal')
    expect(await page.locator('#body').textContent()).toContain(EMAIL)

    receiver.setDefault({ status: 200, body: {} })
    await page.click('#replay-webhook')
    expect(await page.locator('#message').textContent()).toBe('Replayed: webhook sent HTTP_2XX')
    const line = page.locator('#lines tr[data-connector="webhook"]')
    expect(await line.locator('.outcome').textContent()).toBe('sent')
    expect(await line.locator('td').nth(3).textContent()).toBe('2')
    expect(receiver.requests.map((r) => (r.body as { bhid: string }).bhid)).toEqual([bhid, bhid])
    // Sent: no body is kept any more, so there is nothing left to replay.
    expect(await page.locator('#replay-webhook').count()).toBe(0)
    await context.close()
  })

  it('shows a held route with its connector and code', async () => {
    const bhid = newBhid()
    receiver.setDefault({ status: 503, body: {} })
    expect(await send(bhid, 'webhook')).toBe('failure')
    const context = await browser.newContext({
      httpCredentials: { username: 'anyone', password: PASSWORD },
    })
    const page = await context.newPage()
    await page.goto(`${host.url}/console`)
    const routes = await page.locator('#routes').textContent()
    expect(routes).toContain('/hooks/webhook/SendEvent1')
    expect(routes).toMatch(
      /held since \d{4}-\d\d-\d\dT[\d:.]+Z by webhook \(WEBHOOK_SERVER_ERROR\)/,
    )
    await context.close()
    receiver.setDefault({ status: 200, body: {} })
    expect(await send(bhid, 'webhook')).toBe('sent')
  })

  it('refuses no password, a wrong one, a POST without the CSRF token or from another origin', async () => {
    const basic = (password: string) => `Basic ${Buffer.from(`ops:${password}`).toString('base64')}`
    const none = await fetch(`${host.url}/console`)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toContain('Basic')
    expect(
      (await fetch(`${host.url}/console`, { headers: { authorization: basic('wrong') } })).status,
    ).toBe(401)

    const page = await fetch(`${host.url}/console/event?bhid=x`, {
      headers: { authorization: basic(PASSWORD) },
    })
    expect(page.status).toBe(200)
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${host.url}/console/replay`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          authorization: basic(PASSWORD),
          'content-type': 'application/x-www-form-urlencoded',
          ...headers,
        },
        body,
      })
    const origin = host.url
    expect((await post({ origin }, 'bhid=x&connector=webhook')).status).toBe(403)
    expect((await post({ origin }, 'csrf=forged&bhid=x')).status).toBe(403)
    expect((await post({ origin: 'https://evil.example' }, 'bhid=x')).status).toBe(403)
    expect((await post({}, 'bhid=x')).status).toBe(403)
  })

  it('refuses to start with a password under 16 characters', () => {
    expect(() =>
      parseConfig('console: { enabled: true, password: "short" }', 'c.yaml', { env: {} }),
    ).toThrow(/console\.password must be at least 16 characters when the console is enabled/)
    expect(() => parseConfig('console: { enabled: false }', 'c.yaml', { env: {} })).not.toThrow()
  })
})
