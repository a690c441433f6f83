/**
 * Who manages webhooks: administrators only, as the API clients they belong to (accounts/policy.ts's
 * `requireAdmin`). A subscription URL must not carry a delivery across a network in clear text.
 */
import type { AppContext } from '../../context.ts'
import { invalid } from '../../errors.ts'

export { requireAdmin as requireWebhookAdmin } from '../accounts/policy.ts'

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i

/**
 * The rule for a subscription's URL: https:// to any host; http:// only to a loopback host, and
 * only where WEBHOOK_ALLOW_LOOPBACK_HTTP is on (tests, development). No credentials in it.
 */
export function webhookUrl(app: Pick<AppContext, 'config'>, text: string): string {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw invalid('url', 'Not a URL')
  }
  if (url.username || url.password) throw invalid('url', 'A webhook URL carries no user name or password: deliveries are signed')
  if (url.protocol === 'https:') return url.toString()
  if (url.protocol === 'http:' && app.config.WEBHOOK_ALLOW_LOOPBACK_HTTP && LOOPBACK.test(url.hostname)) return url.toString()
  throw invalid('url', 'A webhook URL must be https://')
}
