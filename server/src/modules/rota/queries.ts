/** The rota module's SQL: the only place that names its tables (0041). */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'

type Db = Kysely<DB> | Transaction<DB>

/** The departments on the rota from `from` to `to` (China days, both included), by day. */
export async function slotsBetween(db: Db, from: string, to: string): Promise<Map<string, number[]>> {
  const rows = await db
    .selectFrom('rota_slots')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'unit_id'])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .orderBy('unit_id')
    .execute()
  const out = new Map<string, number[]>()
  for (const r of rows) out.set(r.day, [...(out.get(r.day) ?? []), r.unit_id])
  return out
}

/** Whether a unit is on the rota on a day. */
export async function onRota(db: Db, unitId: number, day: string): Promise<boolean> {
  const row = await db.selectFrom('rota_slots').select('unit_id').where('unit_id', '=', unitId).where('day', '=', day).executeTakeFirst()
  return row !== undefined
}

export async function weekVersion(db: Db, week: string): Promise<number> {
  const row = await db.selectFrom('rota_weeks').select('version').where('week', '=', week).executeTakeFirst()
  return row?.version ?? 0
}

/**
 * Replaces a week's days at the version the caller saw: false (nothing written) when another edit
 * came first. The version row is written first, so two editors of one week queue on it.
 */
export async function replaceWeek(
  tx: Transaction<DB>,
  week: { monday: string; sunday: string },
  seen: number,
  days: ReadonlyArray<{ date: string; unitIds: number[] }>,
  change: { userId: number; at: Date; reason: string | null; before: Record<string, number[]>; after: Record<string, number[]> },
): Promise<boolean> {
  const bumped =
    seen === 0
      ? await tx
          .insertInto('rota_weeks')
          .values({ week: week.monday, version: 1 })
          .onConflict((c) => c.doNothing())
          .returning('version')
          .execute()
      : await tx
          .updateTable('rota_weeks')
          .set({ version: seen + 1 })
          .where('week', '=', week.monday)
          .where('version', '=', seen)
          .returning('version')
          .execute()
  if (bumped.length === 0) return false
  await tx.deleteFrom('rota_slots').where('day', '>=', week.monday).where('day', '<=', week.sunday).execute()
  const rows = days.flatMap((d) => d.unitIds.map((unit_id) => ({ day: d.date, unit_id })))
  if (rows.length) await tx.insertInto('rota_slots').values(rows).execute()
  await tx
    .insertInto('rota_changes')
    .values({
      week: week.monday,
      user_id: change.userId,
      at: change.at,
      reason: change.reason,
      before: JSON.stringify(change.before),
      after: JSON.stringify(change.after),
    })
    .execute()
  return true
}

export function weekChanges(db: Db, week: string, limit: number) {
  return db
    .selectFrom('rota_changes')
    .select(['id', sql<string>`to_char(week, 'YYYY-MM-DD')`.as('week'), 'user_id', 'at', 'reason', 'before', 'after'])
    .where('week', '=', week)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

/** Records a dispatch to a stationed department (the hall lists it). */
export async function recordDispatches(
  tx: Transaction<DB>,
  rows: ReadonlyArray<{ eventId: number; unitId: number; centerId: number; day: string; at: Date; signBy: Date }>,
) {
  if (rows.length === 0) return
  await tx
    .insertInto('rota_dispatches')
    .values(
      rows.map((r) => ({
        event_id: r.eventId,
        unit_id: r.unitId,
        center_id: r.centerId,
        day: r.day,
        dispatched_at: r.at,
        sign_by: r.signBy,
      })),
    )
    .execute()
}

/** The unit signed the event: its open stationed dispatch is signed. */
export async function recordSigned(tx: Transaction<DB>, signs: ReadonlyArray<{ eventId: number; unitId: number; at: Date }>) {
  for (const s of signs) {
    await tx
      .updateTable('rota_dispatches')
      .set({ signed_at: s.at })
      .where('event_id', '=', s.eventId)
      .where('unit_id', '=', s.unitId)
      .where('signed_at', 'is', null)
      .execute()
  }
}

/** A center's stationed dispatches of a day, newest first. */
export function hallDispatches(db: Db, centerId: number, day: string, limit: number) {
  return db
    .selectFrom('rota_dispatches')
    .select(['event_id', 'unit_id', 'dispatched_at', 'sign_by', 'signed_at'])
    .where('center_id', '=', centerId)
    .where('day', '=', day)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}
