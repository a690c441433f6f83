/**
 * Partner webhooks (issue 17, item 4): an API client's subscriptions to the status changes of the
 * events it submitted, delivered from the one outbox as signed JSON POSTs (docs/webhooks.md). The
 * secret is shown once, in the answer that made the subscription.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { literals } from './domain.ts'
import { At, Nullable, Shape } from './schema.ts'

export const OUTBOX_STATES = ['pending', 'sending', 'delivered', 'dead'] as const
export type OutboxState = (typeof OUTBOX_STATES)[number]

/** `GET /api/v1/admin/api-clients/:id/webhooks`: a subscription as listed (never its secret). */
export const WebhookView = Shape({
  id: T.Integer(),
  clientId: T.Integer(),
  url: T.String(),
  enabled: T.Boolean(),
  createdAt: At(),
})
export type WebhookView = Static<typeof WebhookView>

/** `POST /api/v1/admin/api-clients/:id/webhooks`: the subscription with its signing secret, shown this once. */
export const WebhookWithSecret = Shape({
  ...WebhookView.properties,
  secret: T.String({ description: 'the HMAC-SHA256 key of x-xiaolan-signature; shown only now' }),
})
export type WebhookWithSecret = Static<typeof WebhookWithSecret>

export const WebhookBody = T.Object(
  {
    url: T.String({
      minLength: 8,
      maxLength: 2000,
      description: 'https://…, or http:// to a loopback host where the deployment allows it',
    }),
  },
  { additionalProperties: false },
)
export type WebhookBody = Static<typeof WebhookBody>

export const WebhookPatch = T.Object({ enabled: T.Boolean() }, { additionalProperties: false })
export type WebhookPatch = Static<typeof WebhookPatch>

/** One POST tried: the receiver's HTTP status, or why there was none. */
export const DeliveryAttempt = Shape({
  at: At(),
  status: Nullable(T.Integer()),
  error: Nullable(T.String()),
  durationMs: T.Integer(),
})

/** `GET /api/v1/admin/webhooks/:id/deliveries`: the subscription's messages, newest first, with their attempts. */
export const DeliveryView = Shape({
  id: T.Integer({ description: 'the outbox id: the payload’s id and x-xiaolan-delivery' }),
  eventId: Nullable(T.Integer()),
  eventNumber: Nullable(T.String()),
  action: Nullable(T.String()),
  state: literals(OUTBOX_STATES),
  attempts: T.Integer(),
  nextAttemptAt: Nullable(At()),
  lastError: Nullable(T.String()),
  createdAt: At(),
  deliveredAt: Nullable(At()),
  log: T.Array(DeliveryAttempt),
})
export type DeliveryView = Static<typeof DeliveryView>

export const DeliveryList = Shape({ items: T.Array(DeliveryView) })
export type DeliveryList = Static<typeof DeliveryList>

/** `POST /api/v1/admin/outbox/:id/replay`: the message is pending again, due now. */
export const ReplayResult = Shape({ id: T.Integer(), state: T.Literal('pending') })
export type ReplayResult = Static<typeof ReplayResult>
