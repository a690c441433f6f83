/** How a delivery is signed (docs/webhooks.md): HMAC-SHA256 with the subscription's secret over `timestamp.body`. */
import { createHmac, randomBytes } from 'node:crypto'

/** A new subscription's secret: 32 random bytes, as text a partner can paste. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`

/** The `x-xiaolan-signature` value of a body sent at `timestamp` (unix seconds). */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}
