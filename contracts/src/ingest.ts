/**
 * Partner ingestion (issue 17, item 3): `POST /api/v1/ingest/events` with the client's key in
 * `x-api-key`, one event or `{items: […]}` of up to 1,000. Each item is idempotent on the client and
 * its `externalId`: sent again, even at the same moment, it answers `duplicate` with the event it
 * made. The answer is per item, in order; a bad item is an `error` naming its field and never stops
 * the others.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { PartnerChannelSchema } from './clients.ts'
import { literals } from './domain.ts'
import { Instant, Nullable, Shape } from './schema.ts'
import { PublicTrackView } from './views.ts'

export const INGEST_BATCH_MAX = 1000

/** The partner's own id of the matter: printable, without spaces. */
export const ExternalId = T.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' })

/** One event as a partner sends it. A place is needed: a point, a community, or an address to match. */
export const IngestItem = T.Object(
  {
    externalId: ExternalId,
    /** one of the client's channels; needed only when the client has several (else its one) */
    channel: T.Optional(PartnerChannelSchema),
    /** a category code; without it the classifier chooses */
    category: T.Optional(T.String({ minLength: 1, maxLength: 64 })),
    title: T.Optional(T.String({ minLength: 1, maxLength: 100 })),
    description: T.String({ minLength: 2, maxLength: 4000 }),
    lat: T.Optional(T.Number({ minimum: -90, maximum: 90 })),
    lng: T.Optional(T.Number({ minimum: -180, maximum: 180 })),
    communityCode: T.Optional(T.String({ pattern: '^[0-9]{12}$' })),
    /** the place in words (幸福里小区3号楼), matched with the gazetteer when there is no point or community */
    address: T.Optional(T.String({ minLength: 1, maxLength: 200 })),
    reporterName: T.Optional(T.String({ maxLength: 30 })),
    reporterPhone: T.Optional(T.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
    /** when it happened, as the partner knows it */
    occurredAt: T.Optional(Instant()),
  },
  { additionalProperties: false },
)
export type IngestItem = Static<typeof IngestItem>

/**
 * The request: one item, or a batch. Items are checked one by one (against IngestItem), so that a bad
 * one is answered as an error item instead of refusing the batch.
 */
export const IngestBody = T.Union([
  T.Object(
    { items: T.Array(T.Unknown({ description: 'an IngestItem' }), { minItems: 1, maxItems: INGEST_BATCH_MAX }) },
    { additionalProperties: false },
  ),
  T.Record(T.String(), T.Unknown(), { description: 'one IngestItem' }),
])
export type IngestBody = Static<typeof IngestBody>

export const INGEST_STATUSES = ['created', 'duplicate', 'error'] as const

/** What became of one item. */
export const IngestResult = Shape({
  /** null when the item had no usable externalId */
  externalId: Nullable(T.String()),
  status: literals(INGEST_STATUSES),
  /** the event made (created) or made before (duplicate) */
  id: T.Optional(T.Integer()),
  number: T.Optional(T.String()),
  error: T.Optional(Shape({ field: T.String(), message: T.String() })),
})
export type IngestResult = Static<typeof IngestResult>

export const IngestResults = Shape({ items: T.Array(IngestResult) })
export type IngestResults = Static<typeof IngestResults>

export const ExternalIdParams = T.Object({ externalId: ExternalId }, { additionalProperties: false })

/** `GET /api/v1/ingest/events/:externalId`: the event's state and public timeline (no name, no phone). */
export const IngestedEventView = Shape({ externalId: T.String(), ...PublicTrackView.properties })
export type IngestedEventView = Static<typeof IngestedEventView>
