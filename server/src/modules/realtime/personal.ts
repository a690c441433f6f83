/**
 * What concerns one person rather than an area: a resident's or a unit's new notices, the call ringing
 * at an operator's desk. The writer NOTIFYs `xiaolan_personal` in its own transaction (sent at commit,
 * never for a rolled-back write); every instance's hub (hub.ts) pushes it to the streams it names —
 * a resident's own stream, and the staff's personal stream (`GET /stream?view=me`).
 */
import { sql, type Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'

export const PERSONAL_CHANNEL = 'xiaolan_personal'

/** The notifications' note: whose notices changed (the stream then reads them), or an operator's call. */
export type PersonalNote =
  | { kind: 'notice'; residentIds: number[]; unitIds: number[] }
  | { kind: 'call'; userId: number; callId: string; state: string }

export async function notifyPersonal(tx: Transaction<DB>, note: PersonalNote) {
  await sql`select pg_notify(${PERSONAL_CHANNEL}, ${JSON.stringify(note)})`.execute(tx)
}
