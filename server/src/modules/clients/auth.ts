/**
 * Who is pushing: the `x-api-key` of a partner request becomes its API client. Every instance asks
 * the table on every request (one index look-up by the key's prefix), so a client disabled or a key
 * rotated on any instance stops at once everywhere.
 *
 * The rate limit counts in memory per instance, per client per minute, like the other per-minute
 * limits (config.ts): a counter in the database would add a write to every request on the hot
 * ingestion path, and a client spread over n instances gets at most n times its limit.
 */
import type { Channel, ClientChannel } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import { forbidden, tooMany, unauthenticated } from '../../errors.ts'
import { recordAudit } from '../audit/log.ts'
import { keyMatches, keyPrefix, looksLikeKey } from './keys.ts'
import { mayUseChannel } from './policy.ts'
import { clientByPrefix, touchClient } from './queries.ts'

export interface ApiClient {
  id: number
  name: string
  channels: ClientChannel[]
  scopeUnitId: number | null
}

const WINDOW_MS = 60_000

/** Per app (tests build many): client id → the current minute's start and count. */
const windows = new WeakMap<AppContext, Map<number, { start: number; count: number }>>()

/** Counts one request; false when the client is over its limit this minute. Says whether a new window began. */
function countUse(app: AppContext, clientId: number): { allowed: boolean; newWindow: boolean } {
  const perClient = windows.get(app) ?? new Map()
  windows.set(app, perClient)
  const now = app.now().getTime()
  const current = perClient.get(clientId)
  if (!current || now - current.start >= WINDOW_MS || now < current.start) {
    perClient.set(clientId, { start: now, count: 1 })
    return { allowed: true, newWindow: true }
  }
  current.count++
  return { allowed: current.count <= app.config.RATE_LIMIT_CLIENT_PER_MINUTE, newWindow: false }
}

/**
 * The enabled client a raw key belongs to, allowed `channel` if given; 401 unauthenticated for no/unknown/disabled key,
 * 403 forbidden for a channel it may not use. Counts the use against the client's rate limit (429 rate_limited)
 * and audits it (audit module's exported function; one row per request).
 */
export async function clientFromKey(app: AppContext, key: string | undefined, channel?: ClientChannel | Channel): Promise<ApiClient> {
  if (!key || !looksLikeKey(key)) throw unauthenticated()
  const row = await clientByPrefix(app.database.db, keyPrefix(key))
  if (!row?.enabled || !keyMatches(key, row.key_hash)) throw unauthenticated()
  const client: ApiClient = { id: row.id, name: row.name, channels: row.channels as ClientChannel[], scopeUnitId: row.scope_unit_id }
  const audit = (detail: Record<string, unknown>) =>
    recordAudit(app.database.db, {
      actorUserId: null,
      action: 'api_client_use',
      targetKind: 'api_client',
      targetId: String(client.id),
      detail,
    })
  if (channel && !mayUseChannel(client, channel)) {
    await audit({ channel, refused: 'channel' })
    throw forbidden(`This client may not report by ${channel}`)
  }
  const use = countUse(app, client.id)
  // a refused request is no use; a flood of them writes nothing
  if (!use.allowed) throw tooMany('Too many requests from this client; try again within a minute')
  await audit(channel ? { channel } : {})
  // last use to the minute: one write per client per window, not per request
  if (use.newWindow) await touchClient(app.database.db, client.id, app.now())
  return client
}
