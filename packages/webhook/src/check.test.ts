import { checkConnector, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { SECRET } from './__fixtures__/helpers'
import { checkWebhook } from './check'
import webhook from './index'

describe('check', () => {
  it('validates offline and says that nothing was sent', async () => {
    const vendor = await startFakeVendor()
    try {
      const report = await checkConnector(webhook, { url: `${vendor.url}/bh`, secret: SECRET })
      expect(report).toEqual({
        ok: true,
        code: 'OK',
        message: `url (${vendor.url}) and secret (whsec_, 24 bytes) are well-formed; checked offline, nothing was sent: a webhook has no probe that does not deliver an event`,
      })
      expect(vendor.requests).toHaveLength(0)
    } finally {
      await vendor.close()
    }
  })

  it('warns when the body would travel over plain http to another host', () => {
    const report = checkWebhook({ url: 'http://hooks.example.com/bh', secret: SECRET })
    expect(report).toMatchObject({ ok: true, code: 'WEBHOOK_URL_NOT_HTTPS' })
    expect(report.message).toContain('use https')
    expect(report.message).not.toContain(SECRET.slice('whsec_'.length))
  })

  it.each(['http://localhost:8080/bh', 'http://127.0.0.1/bh', 'http://[::1]:3000/'])(
    'lets plain http to this machine pass (%s)',
    (url) => {
      expect(checkWebhook({ url, secret: SECRET }).code).toBe('OK')
    },
  )
})
