/**
 * The seven channels of the data pool (DESIGN §7), registered in one place: how each one's reports
 * arrive and how its source hears back. The type makes the registry complete: a channel added to
 * contracts' INTAKE_CHANNELS does not compile until it has its adapter here.
 *
 * | channel | arrives by | hears back by |
 * | app (小兰帮办) | the resident's report, `POST /resident/events` | the reporter, in the app |
 * | hotline (12345) | the desk's call form, `POST /events` | the reporter, by SMS |
 * | grid (网格员采集) | the grid worker's app, `POST /events` | the reporter |
 * | netizen (网民留言) | a board's feed, uploaded or pulled (netizen-import.ts) | a reply posted back (netizen-replies.ts) |
 * | platform_3d, platform_safety, linkage | `POST /ingest/events` (ingest.ts) | signed webhooks (notifications) |
 */
import type { IntakeChannel } from '@xiaolan/contracts'
import type { ChannelAdapter } from './adapter.ts'
import { netizenAdapter } from './netizen.ts'

const partner = (channel: IntakeChannel): ChannelAdapter => ({ channel, inbound: 'partner_push', statusBack: 'webhook' })

export const CHANNEL_ADAPTERS: { readonly [C in IntakeChannel]: ChannelAdapter & { channel: C } } = {
  app: { channel: 'app', inbound: 'resident_app', statusBack: 'reporter' },
  hotline: { channel: 'hotline', inbound: 'hotline_desk', statusBack: 'reporter' },
  grid: { channel: 'grid', inbound: 'grid_app', statusBack: 'reporter' },
  netizen: netizenAdapter as ChannelAdapter & { channel: 'netizen' },
  platform_3d: partner('platform_3d') as ChannelAdapter & { channel: 'platform_3d' },
  platform_safety: partner('platform_safety') as ChannelAdapter & { channel: 'platform_safety' },
  linkage: partner('linkage') as ChannelAdapter & { channel: 'linkage' },
}

export const adapterOf = <C extends IntakeChannel>(channel: C) => CHANNEL_ADAPTERS[channel]

export { type ChannelAdapter, MappingError } from './adapter.ts'
