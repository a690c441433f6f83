/**
 * API clients (issue 17, item 2): the partner platforms that push events (ingestion, Open311) with a
 * key. An admin creates one for some partner channels and, optionally, an org subtree; its key is
 * shown once, in the answer that made it (create or rotate), and stored only hashed.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { type Channel, literals } from './domain.ts'
import { At, Nullable, Shape } from './schema.ts'
import { UnitRef } from './views.ts'

/** The channels a partner may push by: never the app, the hotline or the grid, which are our own. */
export const PARTNER_CHANNELS = ['netizen', 'platform_3d', 'platform_safety', 'linkage'] as const satisfies readonly Channel[]
export type PartnerChannel = (typeof PARTNER_CHANNELS)[number]
export const PartnerChannelSchema = literals(PARTNER_CHANNELS)
/** What a client may do: push events by a partner channel, or — `cti`, the hall's call-center system — post calls (来电弹屏). */
export const CLIENT_CHANNELS = [...PARTNER_CHANNELS, 'cti'] as const
export type ClientChannel = (typeof CLIENT_CHANNELS)[number]
export const ClientChannelSchema = literals(CLIENT_CHANNELS)

const ClientName = T.String({ minLength: 2, maxLength: 60 })
const ClientChannels = T.Array(ClientChannelSchema, { minItems: 1, maxItems: CLIENT_CHANNELS.length, uniqueItems: true })

/** `GET /api/v1/admin/api-clients`: a client as the admin console lists it (never its key). */
export const ApiClientView = Shape({
  id: T.Integer(),
  name: T.String(),
  channels: T.Array(ClientChannelSchema),
  /** the org subtree it may report into; null for the whole city */
  scope: Nullable(UnitRef),
  enabled: T.Boolean(),
  /** the key's first characters, not secret: which key a partner holds */
  keyPrefix: T.String(),
  createdAt: At(),
  createdBy: T.String({ description: 'username' }),
  rotatedAt: Nullable(At()),
  lastUsedAt: Nullable(At()),
})
export type ApiClientView = Static<typeof ApiClientView>

/** `POST /api/v1/admin/api-clients` and `POST …/:id/rotate`: the client with its key, shown this once. */
export const ApiClientWithKey = Shape({
  ...ApiClientView.properties,
  key: T.String({ description: 'send as the x-api-key header; shown only now' }),
})
export type ApiClientWithKey = Static<typeof ApiClientWithKey>

export const ApiClientBody = T.Object(
  {
    name: ClientName,
    channels: ClientChannels,
    /** the org unit whose subtree the client may report into; absent for the whole city */
    scopeUnitCode: T.Optional(T.String({ pattern: '^[0-9A-Za-z]{1,20}$' })),
  },
  { additionalProperties: false },
)
export type ApiClientBody = Static<typeof ApiClientBody>

export const ApiClientPatch = T.Object(
  { enabled: T.Optional(T.Boolean()), name: T.Optional(ClientName), channels: T.Optional(ClientChannels) },
  { additionalProperties: false, minProperties: 1 },
)
export type ApiClientPatch = Static<typeof ApiClientPatch>
