// The verification recipe of docs/webhooks.md, copied there verbatim; webhooks.test.ts runs it on
// real deliveries, so the documented snippet is the tested one.
import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Whether a webhook request is Xiaolan's: `headers` as received, `rawBody` the body's exact bytes
 * (before any JSON parsing), `secret` the subscription's.
 */
export function verifyXiaolanWebhook(
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const timestamp = Number(headers['x-xiaolan-timestamp'])
  const signature = String(headers['x-xiaolan-signature'] ?? '')
  // refuse old or future-dated requests: a replayed capture is at most 5 minutes old
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > 300) return false
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`
  const a = Buffer.from(signature)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
