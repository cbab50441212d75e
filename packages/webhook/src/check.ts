/**
 * `check()`: a webhook has no probe that does not deliver something, and a test event would reach
 * the receiver's workflow (a Zap, an n8n run) as a real one. So check sends nothing: it says what
 * the options already guarantee (a well-formed URL and a `whsec_` secret of 24 to 64 bytes) and
 * warns about what works but should not be so.
 * @module
 */
import type { CheckReport } from '@bubblehouse-hooks/core'
import type { WebhookOptionsOutput } from './options'
import { secretKeyLength } from './secret'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Validate the options offline.
 * @example
 * checkWebhook({ url: 'http://hooks.example.com/bh', secret: 'whsec_…' }) // { ok: true, code: 'WEBHOOK_URL_NOT_HTTPS', … }
 */
export function checkWebhook(options: Pick<WebhookOptionsOutput, 'url' | 'secret'>): CheckReport {
  const url = new URL(options.url)
  const bytes = secretKeyLength(options.secret)
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    return {
      ok: true,
      code: 'WEBHOOK_URL_NOT_HTTPS',
      message: `url is http://${url.host}: the signature proves the sender, but the body (customer email and name) travels unencrypted; use https. Nothing was sent`,
    }
  }
  return {
    ok: true,
    code: 'OK',
    message: `url (${url.origin}) and secret (whsec_, ${bytes} bytes) are well-formed; checked offline, nothing was sent: a webhook has no probe that does not deliver an event`,
  }
}
