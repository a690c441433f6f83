/**
 * Public numbers, LZ20261128-000123: the day in China time and that day's count from 1. Each day
 * has its own sequence, `event_number_20261128`, so concurrent intakes never wait on one another
 * (a sequence hands out values outside any transaction; a rolled-back intake leaves a gap, never a
 * duplicate). The events insert draws its number from the sequence in the same statement; the
 * first intake of a day finds no sequence, makes it (`ensureDay`) and tries again.
 *
 * `event_numbers` keeps the last number of days written in bulk (the bench loader): a day's
 * sequence starts above it and above every number the events table already holds for that day.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely'
import { chinaDateOf } from '../../china-time.ts'
import type { DB } from '../../db/types.ts'

/** How many days' sequences are kept: older ones are dropped when a new day's is made. */
const KEEP_DAYS = 3

/** 20261128 for the China day of `at`. */
export const numberDay = (at: Date) => chinaDateOf(at).replaceAll('-', '')

const sequenceOf = (day: string) => `event_number_${day}`

/**
 * The next number of `day`, for an insert's values. Past 999,999 a day the count grows a digit
 * (lpad alone would cut it and repeat numbers).
 */
export function nextNumberSql(day: string): RawBuilder<string> {
  return sql<string>`(select ${`LZ${day}-`} || lpad(v::text, greatest(6, length(v::text)), '0') from nextval(${sequenceOf(day)}::regclass) as v)`
}

/** Whether `error` says the day's sequence does not exist yet. */
export function isMissingDay(error: unknown): boolean {
  return (error as { code?: string }).code === '42P01' && /event_number_\d{8}/.test(String((error as Error).message))
}

/** Whether `error` is a number already taken (a sequence behind numbers written some other way). */
export function isTakenNumber(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string }
  return e.code === '23505' && /events_number/.test(e.constraint ?? e.message ?? '')
}

/**
 * Makes `day`'s sequence if it is missing, and moves it past every number already handed out that
 * day (a bulk load, numbers restored from a backup). A new sequence starts there; one in use is
 * only ever drawn forward — never set back, as setval could while other intakes draw from it. One
 * instance at a time; old days' sequences go.
 */
export async function ensureDay(db: Kysely<DB>, day: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('xiaolan_event_numbers'))`.execute(tx)
    const name = sequenceOf(day)
    const { rows } = await sql<{ taken: string }>`
      select greatest(
        0,
        (select last from event_numbers where day = ${day}),
        (select max(split_part(number, '-', 2)::bigint) from events
          where number between ${`LZ${day}-000000`} and ${`LZ${day}-9999999`})
      ) as taken`.execute(tx)
    const taken = Number(rows[0]?.taken ?? 0)
    await sql`create sequence if not exists ${sql.id(name)} as bigint minvalue 1 start with ${sql.lit(taken + 1)}`.execute(tx)
    await sql`
      select count(nextval(${name}::regclass)) from generate_series(1, ${taken}::bigint - (
        select case when is_called then last_value else last_value - 1 end from ${sql.id(name)}))`.execute(tx)
    const { rows: old } = await sql<{ relname: string }>`
      select relname from pg_class
      where relkind = 'S' and relname ~ '^event_number_[0-9]{8}$' and relname < ${sequenceOf(daysBefore(day, KEEP_DAYS))}`.execute(tx)
    for (const { relname } of old) await sql`drop sequence if exists ${sql.id(relname)}`.execute(tx)
  })
}

/** The day `n` days before `day`, both as 20261128. */
function daysBefore(day: string, n: number): string {
  const at = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)) - n)
  return new Date(at).toISOString().slice(0, 10).replaceAll('-', '')
}

/**
 * Reserves `count` numbers on each day (20261128 → n) for a bulk write of history (the import),
 * in a transaction of its own: a day with a live sequence (one of the last days) draws them from
 * it, like any intake; an older day's range starts past the day's last bulk number and every
 * number the events table holds, and `event_numbers` keeps its end, so a sequence made later for
 * that day starts above it. A failed import leaves a gap, never a duplicate, as a sequence does.
 */
export async function reserveNumbers(db: Kysely<DB>, count: ReadonlyMap<string, number>): Promise<Map<string, string[]>> {
  const numbers = new Map<string, string[]>()
  if (count.size === 0) return numbers
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('xiaolan_event_numbers'))`.execute(tx)
    const days = [...count.keys()]
    const { rows: live } = await sql<{ day: string }>`
      select d as day from unnest(${days}::text[]) as d where to_regclass('event_number_' || d) is not null`.execute(tx)
    const hasSequence = new Set(live.map((r) => r.day))
    const { rows: taken } = await sql<{ day: string; taken: string }>`
      select d as day, greatest(
        0,
        (select last from event_numbers where day = d),
        (select max(split_part(number, '-', 2)::bigint) from events where number between 'LZ' || d || '-000000' and 'LZ' || d || '-9999999')
      ) as taken
      from unnest(${days.filter((d) => !hasSequence.has(d))}::text[]) as d`.execute(tx)
    const format = (day: string, v: number) => `LZ${day}-${String(v).padStart(6, '0')}`
    for (const day of hasSequence) {
      const { rows } = await sql<{ v: string }>`
        select nextval(${sequenceOf(day)}::regclass) as v from generate_series(1, ${count.get(day) ?? 0}::int)`.execute(tx)
      numbers.set(
        day,
        rows.map((r) => format(day, Number(r.v))),
      )
    }
    for (const r of taken) {
      const first = Number(r.taken) + 1
      const n = count.get(r.day) ?? 0
      numbers.set(
        r.day,
        Array.from({ length: n }, (_, i) => format(r.day, first + i)),
      )
    }
    const ends = taken.map((r) => ({ day: r.day, last: Number(r.taken) + (count.get(r.day) ?? 0) }))
    if (ends.length) {
      await tx
        .insertInto('event_numbers')
        .values(ends)
        .onConflict((oc) => oc.column('day').doUpdateSet((eb) => ({ last: eb.fn('greatest', ['event_numbers.last', 'excluded.last']) })))
        .execute()
    }
  })
  return numbers
}
