/** The SQL of in-app notices: the only place that names `notices`, `notice_reads` and `notice_preferences`. */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'
import { PERSONAL_CHANNEL } from '../realtime/personal.ts'

/** One notice to write: to a resident, or to a unit (only its users of `role` when given). */
export interface NewNotice {
  residentId: number | null
  unitId: number | null
  role: string | null
  eventId: number | null
  template: string
  params: { number?: string; unit?: string }
  /** what makes it once per recipient (event, version, template) */
  key: string
}

/** The most unread notices counted (the bell shows 99+). */
export const UNREAD_CAP = 100

/**
 * Writes the notices in the caller's transaction, in one statement with their NOTIFY (sent at
 * commit): a resident's only when they have not turned that step off in the app, and each once per
 * recipient and key (a job run twice, two instances: one row).
 */
export async function writeNotices(tx: Transaction<DB>, notices: readonly NewNotice[], at: Date) {
  if (!notices.length) return
  const rows = notices.map((n) => ({
    resident_id: n.residentId,
    unit_id: n.unitId,
    role: n.role,
    event_id: n.eventId,
    template: n.template,
    params: n.params,
    key: n.key,
  }))
  await sql`
    with m as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as m(resident_id int, unit_id int, role text, event_id int, template text, params jsonb, key text)
    ), written as (
      insert into notices (resident_id, unit_id, role, event_id, template, params, key, created_at)
      select m.resident_id, m.unit_id, m.role, m.event_id, m.template, m.params, m.key, ${at} from m
      where m.resident_id is null or not exists (
        select 1 from notice_preferences p
        where p.resident_id = m.resident_id and p.step = m.template and p.channel = 'inapp' and not p.enabled
      )
      on conflict do nothing
      returning resident_id, unit_id
    )
    select pg_notify(${PERSONAL_CHANNEL}, json_build_object(
      'kind', 'notice',
      'residentIds', coalesce((select json_agg(distinct resident_id) from written where resident_id is not null), '[]'::json),
      'unitIds', coalesce((select json_agg(distinct unit_id) from written where unit_id is not null), '[]'::json)
    )::text)
    where exists (select 1 from written)
  `.execute(tx)
}

/** Whose notices: a resident's own, or a staff user's unit's (for their role) with their own read marks. */
export type Reader = { residentId: number } | { userId: number; unitId: number; role: string }

const NOTICE = ['n.id', 'n.template', 'n.params', 'n.event_id', 'n.created_at'] as const

function ofReader(db: Kysely<DB>, reader: Reader) {
  const base = db.selectFrom('notices as n')
  if ('residentId' in reader) return base.where('n.resident_id', '=', reader.residentId)
  return base.where('n.unit_id', '=', reader.unitId).where((eb) => eb.or([eb('n.role', 'is', null), eb('n.role', '=', reader.role)]))
}

/** The reader's notices newest first, before the id `before`, with whether each is read. */
export function noticesOf(db: Kysely<DB>, reader: Reader, q: { before?: number; limit: number }) {
  const read =
    'residentId' in reader
      ? sql<boolean>`n.read_at is not null`
      : sql<boolean>`exists (select 1 from notice_reads r where r.user_id = ${reader.userId} and r.notice_id = n.id)`
  let query = ofReader(db, reader).select([...NOTICE, read.as('read')])
  if (q.before !== undefined) query = query.where('n.id', '<', q.before)
  return query.orderBy('n.id', 'desc').limit(q.limit).execute()
}

/** How many of the reader's notices are unread, counted up to UNREAD_CAP. */
export async function unreadCount(db: Kysely<DB>, reader: Reader): Promise<number> {
  let query = ofReader(db, reader).select('n.id')
  query =
    'residentId' in reader
      ? query.where('n.read_at', 'is', null)
      : query.where(sql<boolean>`not exists (select 1 from notice_reads r where r.user_id = ${reader.userId} and r.notice_id = n.id)`)
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${query.limit(UNREAD_CAP)}) as unread`.execute(db)
  return rows[0]?.n ?? 0
}

/** Marks one of the reader's notices read (or all, with `id` undefined); false when `id` is not theirs. */
export async function markRead(db: Kysely<DB>, reader: Reader, id: number | undefined, at: Date): Promise<boolean> {
  if ('residentId' in reader) {
    let query = db.updateTable('notices').set({ read_at: at }).where('resident_id', '=', reader.residentId)
    if (id !== undefined) {
      const own = await query.where('id', '=', id).where('read_at', 'is', null).executeTakeFirst()
      if (Number(own.numUpdatedRows) === 1) return true
      return (await ofReader(db, reader).select('n.id').where('n.id', '=', id).executeTakeFirst()) !== undefined
    }
    query = query.where('read_at', 'is', null)
    await query.execute()
    return true
  }
  const theirs = ofReader(db, reader).select([
    sql.lit(reader.userId).as('user_id'),
    'n.id as notice_id',
    sql<Date>`${at}::timestamptz`.as('at'),
  ])
  const result = await db
    .insertInto('notice_reads')
    .columns(['user_id', 'notice_id', 'at'])
    .expression(id === undefined ? theirs : theirs.where('n.id', '=', id))
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst()
  if (id === undefined || Number(result.numInsertedOrUpdatedRows ?? 0) === 1) return true
  return (await ofReader(db, reader).select('n.id').where('n.id', '=', id).executeTakeFirst()) !== undefined
}

/** A resident's choices that differ from the default (every step on). */
export function preferencesOf(db: Kysely<DB>, residentId: number) {
  return db.selectFrom('notice_preferences').select(['step', 'channel', 'enabled']).where('resident_id', '=', residentId).execute()
}

export async function setPreferences(
  db: Kysely<DB>,
  residentId: number,
  items: ReadonlyArray<{ step: string; channel: string; enabled: boolean }>,
  at: Date,
) {
  await db
    .insertInto('notice_preferences')
    .values(items.map((i) => ({ resident_id: residentId, step: i.step, channel: i.channel, enabled: i.enabled, updated_at: at })))
    .onConflict((oc) =>
      oc.columns(['resident_id', 'step', 'channel']).doUpdateSet((eb) => ({ enabled: eb.ref('excluded.enabled'), updated_at: at })),
    )
    .execute()
}

/** Whether the resident has this step on for the channel (no row: the default, on). */
export async function preferenceOn(db: Kysely<DB>, residentId: number, step: string, channel: string): Promise<boolean> {
  const row = await db
    .selectFrom('notice_preferences')
    .select('enabled')
    .where('resident_id', '=', residentId)
    .where('step', '=', step)
    .where('channel', '=', channel)
    .executeTakeFirst()
  return row?.enabled ?? true
}
