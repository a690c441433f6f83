/**
 * 来电弹屏 (issue 18 item 2): the hall's call-center system (CTI) posts each step of a call with its API
 * client's key; the operator whose agent number answered sees the caller's number and history on the
 * desk at once. The call's id, duration and recording reference stay with the event made during it,
 * for staff only.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { literals } from './domain.ts'
import { At, Instant, Nullable, Shape } from './schema.ts'

export const CALL_STATES = ['ringing', 'answered', 'ended'] as const
export type CallState = (typeof CALL_STATES)[number]
export const CallStateSchema = literals(CALL_STATES)

/** An operator's 坐席号 as the CTI names the agent: 3–8 digits, unique among accounts. */
export const AgentNumber = T.String({ pattern: '^[0-9]{3,8}$' })

const CallId = T.String({ pattern: '^[0-9A-Za-z._:-]{1,64}$', description: 'the CTI’s own id of the call' })

/**
 * `POST /api/v1/hotline/calls` (x-api-key of a client with the `cti` channel): one step of a call.
 * Idempotent on (callId, state): the same step again changes nothing. `callerNumber` comes with the
 * first step the call is told by, `agent` with `answered` (and with `ringing` when the call rings at
 * one desk), `durationSeconds` with `ended`.
 */
export const CtiCallBody = T.Object(
  {
    callId: CallId,
    state: CallStateSchema,
    callerNumber: T.Optional(T.String({ pattern: '^\\+?[0-9]{3,20}$' })),
    agent: T.Optional(AgentNumber),
    at: T.Optional(Instant('when the step happened; default now')),
    durationSeconds: T.Optional(T.Integer({ minimum: 0, maximum: 86_400 })),
    recordingRef: T.Optional(T.String({ pattern: '^[\\x21-\\x7e]{1,200}$', description: 'the recording in the CTI’s store' })),
  },
  { additionalProperties: false },
)
export type CtiCallBody = Static<typeof CtiCallBody>

/** What the CTI hears back: the call's state now and whether this step was already known. */
export const CtiCallResult = Shape({ callId: T.String(), state: CallStateSchema, duplicate: T.Boolean() })
export type CtiCallResult = Static<typeof CtiCallResult>

/** `GET /api/v1/hotline/calls/current`: the call ringing at or answered by the caller's desk, not yet written up. */
export const CurrentCall = Shape({
  call: Nullable(
    Shape({
      callId: T.String(),
      state: CallStateSchema,
      /** the caller's number in full: the desk looks their history up by it */
      callerNumber: Nullable(T.String()),
      rangAt: Nullable(At()),
      answeredAt: Nullable(At()),
      endedAt: Nullable(At()),
    }),
  ),
})
export type CurrentCall = Static<typeof CurrentCall>

/** `GET /api/v1/hotline/events/:id/call`: the call an event was made during (staff who may read the event). */
export const EventCall = Shape({
  call: Nullable(
    Shape({
      callId: T.String(),
      /** masked unless the reader's role works with reporters' contacts */
      callerNumber: Nullable(T.String()),
      agent: Nullable(T.String({ description: 'username of the operator who answered' })),
      answeredAt: Nullable(At()),
      endedAt: Nullable(At()),
      durationSeconds: Nullable(T.Integer()),
      recordingRef: Nullable(T.String()),
    }),
  ),
})
export type EventCall = Static<typeof EventCall>

/** What the desk's own stream says when a call rings at or is answered by its operator (it then reads `CurrentCall`). */
export interface CallMessage {
  callId: string
  state: CallState
}
