/**
 * 来电弹屏 (issue 18 item 2): the hall's call-center system (CTI) posts each step of a call — ringing,
 * answered (the caller's number, the agent), ended (duration, the recording's reference) — with the key
 * of an API client given the `cti` channel. A step is written once (the CTI retries: the same step again
 * changes nothing) and, when it rings at or is answered by an operator, tells that operator's desk alone
 * (realtime/personal.ts, at commit), which then reads the call and the caller's history. The event the
 * operator creates during the call is bound to it in the event's own transaction; the call's id,
 * duration and recording reference are staff-only (`GET /hotline/events/:id/call`), never public.
 */
import { CONTACT_ROLES, type CtiCallBody, type CtiCallResult, type CurrentCall, DESK_ROLES, type EventCall } from '@xiaolan/contracts'
import type { Transaction } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { conflict, forbidden, invalid, notFound } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import { userByAgentNumber, usernames } from '../accounts/users.ts'
import type { ApiClient } from '../clients/auth.ts'
import { mayUseChannel } from '../clients/policy.ts'
import { eventMatter } from '../events/lookups.ts'
import { maskPhone } from '../privacy/masker.ts'
import { notifyPersonal } from '../realtime/personal.ts'
import {
  answeredCallOf,
  type CallPatch,
  type CallRow,
  callOfEvent,
  currentCallOf,
  lockCall,
  setCallEvent,
  updateCall,
} from './cti-queries.ts'
import { requireDesk } from './policy.ts'

/** How long after it rang or was answered a call not written up is still the desk's current one. */
const CURRENT_FOR_MS = 2 * 60 * 60 * 1000

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())
const stateOf = (row: Pick<CallRow, 'rang_at' | 'answered_at' | 'ended_at'>) =>
  row.ended_at !== null ? 'ended' : row.answered_at !== null ? 'answered' : 'ringing'

/** The column a step sets once. */
const STEP_COLUMN = { ringing: 'rang_at', answered: 'answered_at', ended: 'ended_at' } as const

/** One step of a call from the CTI: 400 naming the field for an unknown agent or a missing number. */
export async function postCallStep(app: AppContext, client: ApiClient, body: CtiCallBody): Promise<CtiCallResult> {
  if (!mayUseChannel(client, 'cti')) throw forbidden('This client is not a call-center system (cti)')
  if (body.state === 'answered' && body.agent === undefined) throw invalid('agent', 'An answered call names its agent')
  if (body.state === 'ended' && body.durationSeconds === undefined) throw invalid('durationSeconds', 'An ended call gives its duration')
  if (body.state !== 'ended' && (body.durationSeconds !== undefined || body.recordingRef !== undefined)) {
    throw invalid(
      body.durationSeconds !== undefined ? 'durationSeconds' : 'recordingRef',
      'Only an ended call has a duration and a recording',
    )
  }
  let agentId: number | undefined
  if (body.agent !== undefined) {
    const agent = await userByAgentNumber(app.database.db, body.agent)
    if (!agent || agent.disabled || !DESK_ROLES.includes(agent.role as (typeof DESK_ROLES)[number])) {
      throw invalid('agent', `No operator has agent number ${body.agent}`)
    }
    agentId = agent.id
  }
  const at = body.at === undefined ? app.now() : new Date(body.at)
  return app.database.db.transaction().execute(async (tx) => {
    const row = await lockCall(tx, client.id, body.callId, app.now())
    const column = STEP_COLUMN[body.state]
    if (row[column] !== null) return { callId: body.callId, state: stateOf(row), duplicate: true }
    const callerPhone = row.caller_phone ?? body.callerNumber ?? null
    if (callerPhone === null) throw invalid('callerNumber', 'The first step told of a call names the caller’s number')
    const patch: CallPatch = { [column]: at, caller_phone: callerPhone }
    // an answer moves the call to the desk that took it; a ring names the desk it rings at, if one
    if (agentId !== undefined && (body.state === 'answered' || row.answered_at === null)) patch.agent_user_id = agentId
    if (body.state === 'ended') {
      patch.duration_seconds = body.durationSeconds ?? null
      patch.recording_ref = body.recordingRef ?? null
    }
    await updateCall(tx, row.id, patch)
    const after = { ...row, ...patch }
    const desk = after.agent_user_id
    if (desk !== null) await notifyPersonal(tx, { kind: 'call', userId: desk, callId: body.callId, state: stateOf(after) })
    return { callId: body.callId, state: stateOf(after), duplicate: false }
  })
}

/** The desk's current call: ringing at or answered by the operator, not yet written up (the number in full: the desk's roles work with callers' contacts). */
export async function currentCall(app: AppContext, principal: Principal): Promise<CurrentCall> {
  const staff = requireDesk(principal)
  const row = await currentCallOf(app.database.db, staff.user.id, new Date(app.now().getTime() - CURRENT_FOR_MS))
  if (!row) return { call: null }
  return {
    call: {
      callId: row.call_id,
      state: stateOf(row),
      callerNumber: row.caller_phone,
      rangAt: iso(row.rang_at),
      answeredAt: iso(row.answered_at),
      endedAt: iso(row.ended_at),
    },
  }
}

/**
 * Checks, before an intake, that `callId` is a call the operator answered and no event has taken yet;
 * gives the write that binds it to the new event in the event's own transaction (409 should another
 * event take it meanwhile, and then nothing is written).
 */
export async function callBinding(app: AppContext, principal: Principal, callId: string) {
  const staff = requireDesk(principal)
  const call = await answeredCallOf(app.database.db, staff.user.id, callId)
  if (!call) throw invalid('callId', 'No call answered at your desk has this id')
  const taken = () => conflict('call_written_up', 'An event was already made during this call', { field: 'callId' })
  if (call.event_id !== null) throw taken()
  return async (tx: Transaction<DB>, row: { id: number }) => {
    if (!(await setCallEvent(tx, call.id, row.id))) throw taken()
  }
}

/** The call an event was made during, for staff who may read the event (404 otherwise); the number masked unless their role works with contacts. */
export async function eventCall(app: AppContext, principal: Principal, eventId: number): Promise<EventCall> {
  if (principal.kind !== 'staff') throw forbidden('Calls are for staff')
  const db = app.database.db
  if (!(await eventMatter(db, principal, app.orgs, eventId))) throw notFound('Event')
  const row = await callOfEvent(db, eventId)
  if (!row) return { call: null }
  const names = await usernames(db, [row.agent_user_id])
  const phone = CONTACT_ROLES.includes(principal.user.role) ? row.caller_phone : maskPhone(row.caller_phone)
  return {
    call: {
      callId: row.call_id,
      callerNumber: phone || null,
      agent: row.agent_user_id === null ? null : (names.get(row.agent_user_id) ?? null),
      answeredAt: iso(row.answered_at),
      endedAt: iso(row.ended_at),
      durationSeconds: row.duration_seconds,
      recordingRef: row.recording_ref,
    },
  }
}
