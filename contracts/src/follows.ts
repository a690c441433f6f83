/**
 * Residents following events (issue 16, item 4): an event offered as a duplicate is followed
 * instead of reported again ('duplicate'), and a merge has the folded event's reporter and followers
 * follow the survivor ('merge'). A follower reads the event's public progress only (/track): its
 * reporter's messages and the units' notes stay the reporter's.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { literals } from './domain.ts'
import { At, Nullable, Shape } from './schema.ts'
import { PublicEventView } from './views.ts'

export const FOLLOW_VIA = ['duplicate', 'merge'] as const
export const FollowViaSchema = literals(FOLLOW_VIA)
export type FollowVia = Static<typeof FollowViaSchema>

/** `GET|POST|DELETE /api/v1/resident/events/:id/follow`: whether the signed-in resident follows the event. */
export const FollowState = Shape({
  eventId: T.Integer(),
  following: T.Boolean(),
  /** when the resident began to follow it; null when they do not */
  since: Nullable(At()),
  via: Nullable(FollowViaSchema),
})
export type FollowState = Static<typeof FollowState>

/** `GET /api/v1/resident/follows`: one event of 我关注的, newest follow first, its public progress. */
export const FollowedEvent = Shape({
  ...PublicEventView.properties,
  id: T.Integer(),
  since: At(),
  via: FollowViaSchema,
})
export type FollowedEvent = Static<typeof FollowedEvent>
