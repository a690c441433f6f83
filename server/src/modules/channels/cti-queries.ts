/** The SQL of 来电弹屏: the only place that names `hotline_calls`. */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'

const CALL = [
  'id',
  'call_id',
  'caller_phone',
  'agent_user_id',
  'rang_at',
  'answered_at',
  'ended_at',
  'duration_seconds',
  'recording_ref',
  'event_id',
] as const

export type CallRow = Awaited<ReturnType<typeof lockCall>>

/** The client's call by its id, locked for this step; made (with no step yet) when it is new. */
export async function lockCall(tx: Transaction<DB>, clientId: number, callId: string, at: Date) {
  await tx
    .insertInto('hotline_calls')
    .values({ client_id: clientId, call_id: callId, created_at: at })
    .onConflict((oc) => oc.columns(['client_id', 'call_id']).doNothing())
    .execute()
  return tx
    .selectFrom('hotline_calls')
    .select(CALL)
    .where('client_id', '=', clientId)
    .where('call_id', '=', callId)
    .forUpdate()
    .executeTakeFirstOrThrow()
}

export interface CallPatch {
  caller_phone?: string | null
  agent_user_id?: number | null
  rang_at?: Date
  answered_at?: Date
  ended_at?: Date
  duration_seconds?: number | null
  recording_ref?: string | null
}

export async function updateCall(tx: Transaction<DB>, id: number, patch: CallPatch) {
  await tx.updateTable('hotline_calls').set(patch).where('id', '=', id).execute()
}

/** The newest call ringing at or answered by the user's desk, not yet written up, since `since`. */
export function currentCallOf(db: Kysely<DB>, userId: number, since: Date) {
  return db
    .selectFrom('hotline_calls')
    .select(CALL)
    .where('agent_user_id', '=', userId)
    .where('event_id', 'is', null)
    .where(sql<boolean>`coalesce(answered_at, rang_at) >= ${since}`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** The user's newest answered call with this id (the CTI's ids are unique per client, not across them). */
export function answeredCallOf(db: Kysely<DB>, userId: number, callId: string) {
  return db
    .selectFrom('hotline_calls')
    .select(CALL)
    .where('agent_user_id', '=', userId)
    .where('call_id', '=', callId)
    .where('answered_at', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Binds the call to the event made during it; false when another event took it first. */
export async function setCallEvent(tx: Transaction<DB>, id: number, eventId: number): Promise<boolean> {
  const result = await tx
    .updateTable('hotline_calls')
    .set({ event_id: eventId })
    .where('id', '=', id)
    .where('event_id', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export function callOfEvent(db: Kysely<DB>, eventId: number) {
  return db.selectFrom('hotline_calls').select(CALL).where('event_id', '=', eventId).executeTakeFirst()
}
