/**
 * The Express handler of the SendEvent1 page
 * (https://app.bubblehouse.com/apidocs/apis/hooks/SendEvent1), shown beside the host's req/s for
 * context: `express.json()`, the same jose verification as the bare receiver and core's zod schema. The page's vendor
 * calls (`checkSubscriptionStatus`, `updateCustomerPoints`, `triggerTierCampaign`) are no-ops
 * here, as the host's connector is.
 * Usage: BENCH_SECRET=… node servers/express.mjs PORT
 */
import express from 'express'
import { SendEvent1InputSchema, verified } from './verify.mjs'

const port = Number(process.argv[2])

const checkSubscriptionStatus = async (_email) => true
const updateCustomerPoints = async (_customer, _segmentProps, _extraProps) => undefined
const triggerTierCampaign = async (_customer, _segmentProps, _extraProps) => undefined

const app = express()
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' })
})

app.post('/hooks/SendEvent1', express.json(), async (req, res) => {
  if (!(await verified(req.get('authorization')))) {
    return res.status(401).json({ error: 'unauthorized' })
  }
  const parsed = SendEvent1InputSchema.safeParse(req.body)
  if (!parsed.success) return res.json({ outcome: 'invalid_data' })
  const event = parsed.data

  // Validate event data
  if (!event.customer.email && !event.customer.shopid) {
    return res.json({ outcome: 'invalid_data' })
  }

  // Check if customer is subscribed
  const isSubscribed = await checkSubscriptionStatus(event.customer.email)
  if (!isSubscribed) {
    return res.json({ outcome: 'unsubscribed' })
  }

  // Process based on event type
  switch (event.name) {
    case 'Points Updated':
      await updateCustomerPoints(event.customer, event.segment_props, event.extra_props)
      res.json({ outcome: 'sent' })
      break
    case 'Tier Reached':
      await triggerTierCampaign(event.customer, event.segment_props, event.extra_props)
      res.json({ outcome: 'sent' })
      break
    default:
      return res.json({ outcome: 'skipped' })
  }
})

app.listen(port, '127.0.0.1')
