/**
 * The data pool by channel (issue 17 item 1): for an area and a period, each of the seven intake
 * channels' events created in it and where they stand now — the KPI page's 按渠道 tab.
 * `GET /api/v1/kpis/channels?scope&from&to` (staff, within their own area).
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { IntakeChannelSchema } from './domain.ts'
import { Instant, Shape } from './schema.ts'

export const ChannelSplitQuery = T.Object(
  {
    scope: T.Optional(T.String({ pattern: '^[0-9A-Z]{6,20}$', description: 'an area center’s org code; default the caller’s unit' })),
    from: T.Optional(Instant()),
    to: T.Optional(Instant()),
  },
  { additionalProperties: false },
)
export type ChannelSplitQuery = Static<typeof ChannelSplitQuery>

export const ChannelSplitRow = Shape({
  channel: IntakeChannelSchema,
  /** created in the period */
  received: T.Integer({ minimum: 0 }),
  /** of those, still open (submitted, assigned, in progress, in review) */
  open: T.Integer({ minimum: 0 }),
  /** resolved and waiting for the evaluation, or closed */
  done: T.Integer({ minimum: 0 }),
  rejected: T.Integer({ minimum: 0 }),
  merged: T.Integer({ minimum: 0 }),
})
export type ChannelSplitRow = Static<typeof ChannelSplitRow>

export const ChannelSplitView = Shape({
  scope: Shape({ code: T.String(), name: T.String() }),
  from: Instant(),
  to: Instant(),
  /** every intake channel, in the order of contracts' INTAKE_CHANNELS, zeros included */
  items: T.Array(ChannelSplitRow),
})
export type ChannelSplitView = Static<typeof ChannelSplitView>
