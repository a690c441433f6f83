/** What an API client may do: push only by its own channels, and only into its org subtree. */
import { type Channel, type ClientChannel, PARTNER_CHANNELS, type PartnerChannel } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import type { OrgUnit } from '../orgs/directory.ts'
import type { ApiClient } from './auth.ts'

export const mayUseChannel = (client: ApiClient, channel: ClientChannel | Channel) => client.channels.includes(channel as ClientChannel)

/** The channels a client pushes events by (a CTI-only client has none: it posts calls). */
export const partnerChannels = (client: ApiClient): PartnerChannel[] =>
  client.channels.filter((c): c is PartnerChannel => (PARTNER_CHANNELS as readonly string[]).includes(c))

/** Whether a unit (an event's community) lies in the client's scope: anywhere when it has none. */
export function coversUnit(app: AppContext, client: ApiClient, unit: OrgUnit): boolean {
  if (client.scopeUnitId === null) return true
  const scope = app.orgs.unit(client.scopeUnitId)
  return !!scope && unit.path.startsWith(scope.path)
}
