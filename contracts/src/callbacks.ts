/**
 * The reporter's loop for callers without an app account (issue 18 items 3–5): the 12345 desk's
 * callback queue (回访), the caller's evaluation link from the SMS (`/e/<token>`), and the admin's
 * read of the SMS the outbox holds.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { RatingSchema } from './domain.ts'
import { At, BigintId, Nullable, Shape, Version } from './schema.ts'
import { EventSummaryFields, PublicTrackView } from './views.ts'

/**
 * `GET /api/v1/hotline/callbacks`: a resolved event whose reporter has no app account but left a
 * phone, waiting for the operator's call back; oldest deadline first. The rating is recorded with
 * `POST /events/:id/actions {type:'evaluate', rating, version}`; the number is revealed (audited) as
 * anywhere else (`POST /events/:id/contact`).
 */
export const CallbackItem = Shape({
  ...EventSummaryFields,
  version: T.Integer(),
  /** the caller's number, masked */
  callerPhone: Nullable(T.String()),
  resolvedAt: Nullable(At()),
  /** when the evaluation window lapses: an event nobody reached by then closes as 未回访 */
  deadline: Nullable(At()),
  /** calls that did not reach the caller so far; at CALLBACK_ATTEMPTS it leaves the queue */
  attempts: T.Integer(),
  lastAttemptAt: Nullable(At()),
})
export type CallbackItem = Static<typeof CallbackItem>

export const CallbackQueue = Shape({ items: T.Array(CallbackItem), maxAttempts: T.Integer() })
export type CallbackQueue = Static<typeof CallbackQueue>

/** `POST /api/v1/hotline/callbacks/:id/attempts`: the call did not reach the caller. */
export const CallbackAttemptBody = T.Object({ note: T.Optional(T.String({ maxLength: 500 })) }, { additionalProperties: false })
export type CallbackAttemptBody = Static<typeof CallbackAttemptBody>

export const CallbackAttemptResult = Shape({ attempts: T.Integer(), maxAttempts: T.Integer() })
export type CallbackAttemptResult = Static<typeof CallbackAttemptResult>

/** `:token` of `/api/v1/evaluation/:token`: the link's 24 random bytes, base64url. */
export const EvaluationTokenParams = T.Object({ token: T.String({ pattern: '^[A-Za-z0-9_-]{32}$' }) }, { additionalProperties: false })
export type EvaluationTokenParams = Static<typeof EvaluationTokenParams>

/**
 * `GET /api/v1/evaluation/:token`: the matter as the public may see it (no name, phone or ID number),
 * and what the caller may do with it now.
 */
export const EvaluationLinkView = Shape({
  event: PublicTrackView,
  version: T.Integer(),
  /** 催办 is open now (the matter is being handled and the last press is a day old) */
  canPress: T.Boolean(),
  /** when it may be pressed again; null if never pressed */
  nextPressAt: Nullable(At()),
  /** the matter is resolved and this link has not rated it */
  canRate: T.Boolean(),
  /** the rating this link gave, if any */
  rating: Nullable(RatingSchema),
})
export type EvaluationLinkView = Static<typeof EvaluationLinkView>

/** `POST /api/v1/evaluation/:token`: the caller's one rating; a second is 409 `already_rated`. */
export const EvaluationRatingBody = T.Object(
  { rating: RatingSchema, version: Version(), note: T.Optional(T.String({ maxLength: 500 })) },
  { additionalProperties: false },
)
export type EvaluationRatingBody = Static<typeof EvaluationRatingBody>

/** `POST /api/v1/evaluation/:token/press`: the caller's 催办, at most once a day. */
export const EvaluationPressBody = T.Object({ version: Version() }, { additionalProperties: false })
export type EvaluationPressBody = Static<typeof EvaluationPressBody>

/** `GET /api/v1/admin/outbox?event=<id>`: the SMS about one event. */
export const AdminOutboxQuery = T.Object({ event: BigintId() }, { additionalProperties: false })
export type AdminOutboxQuery = Static<typeof AdminOutboxQuery>

export const OutboxSms = Shape({
  id: T.Integer(),
  /** the phone, masked */
  to: T.String(),
  /** the text as sent (its link is the caller's key: the admin reads it, as the gateway does) */
  text: T.String(),
  state: T.String(),
  createdAt: At(),
  /** when it goes: after the quiet hours for one written inside them */
  sendAt: At(),
  deliveredAt: Nullable(At()),
})
export type OutboxSms = Static<typeof OutboxSms>
