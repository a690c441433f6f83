/** The netizen boards' SQL: the only place that names `netizen_boards`, `netizen_imports` and `netizen_replies`. */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'

const BOARD_COLUMNS = ['id', 'name', 'client_id', 'pull_url', 'reply_url', 'last_pulled_at', 'pulling_until', 'created_at'] as const

export type BoardRow = Awaited<ReturnType<typeof boardRows>>[number]

export function boardRows(db: Kysely<DB>) {
  return db.selectFrom('netizen_boards').select(BOARD_COLUMNS).orderBy('id').execute()
}

export function boardRow(db: Kysely<DB>, id: number) {
  return db.selectFrom('netizen_boards').select(BOARD_COLUMNS).where('id', '=', id).executeTakeFirst()
}

export function insertBoard(
  db: Kysely<DB>,
  values: { name: string; client_id: number; pull_url: string | null; reply_url: string | null; created_at: Date },
) {
  return db.insertInto('netizen_boards').values(values).returning(BOARD_COLUMNS).executeTakeFirstOrThrow()
}

export async function boardNameTaken(db: Kysely<DB>, name: string): Promise<boolean> {
  return (await db.selectFrom('netizen_boards').select('id').where('name', '=', name).executeTakeFirst()) !== undefined
}

/**
 * Takes the boards whose pull is due (never pulled, or last pulled `intervalMs` ago) and not held by
 * another instance, under a lease: one statement, so two instances never pull one board at once, and
 * a board whose puller died is taken over when its lease lapses.
 */
export function claimDuePulls(db: Kysely<DB>, now: Date, intervalMs: number, leaseUntil: Date) {
  const dueBefore = new Date(now.getTime() - intervalMs)
  return db
    .updateTable('netizen_boards')
    .set({ pulling_until: leaseUntil })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('netizen_boards')
        .select('id')
        .where('pull_url', 'is not', null)
        .where((w) => w.or([w('last_pulled_at', 'is', null), w('last_pulled_at', '<=', dueBefore)]))
        .where((w) => w.or([w('pulling_until', 'is', null), w('pulling_until', '<', now)]))
        .forUpdate()
        .skipLocked(),
    )
    .returning(BOARD_COLUMNS)
    .execute()
}

export async function endPull(db: Kysely<DB>, id: number, at: Date) {
  await db.updateTable('netizen_boards').set({ last_pulled_at: at, pulling_until: null }).where('id', '=', id).execute()
}

export interface ImportRecord {
  board_id: number
  origin: 'file' | 'pull'
  source: string
  started_at: Date
  duration_ms: number
  messages: number
  created: number
  duplicates: number
  errors: number
  problems: unknown[]
  failure: string | null
  imported_by: number | null
}

export function insertImport(db: Kysely<DB>, r: ImportRecord) {
  return db
    .insertInto('netizen_imports')
    .values({ ...r, problems: JSON.stringify(r.problems) })
    .returning(['id'])
    .executeTakeFirstOrThrow()
}

export function importRows(db: Kysely<DB>, q: { id?: number; limit: number }) {
  let query = db
    .selectFrom('netizen_imports as i')
    .innerJoin('netizen_boards as b', 'b.id', 'i.board_id')
    .select([
      'i.id',
      'i.board_id',
      'b.name as board',
      'i.origin',
      'i.source',
      'i.started_at',
      'i.duration_ms',
      'i.messages',
      'i.created',
      'i.duplicates',
      'i.errors',
      'i.problems',
      'i.failure',
      'i.imported_by',
    ])
  if (q.id !== undefined) query = query.where('i.id', '=', q.id)
  return query.orderBy('i.id', 'desc').limit(q.limit).execute()
}

/**
 * A closed event of a board waits for its reply: one row per event, made pending again when the
 * event closes once more after a reopen (the source hears the final answer). One statement for the
 * transaction's closes; the boards are found by their clients in the same statement.
 */
export async function enqueueReplies(
  tx: Transaction<DB>,
  closed: Array<{ clientId: number; eventId: number; externalId: string }>,
  now: Date,
) {
  await sql`
    insert into netizen_replies (board_id, event_id, external_id, next_attempt_at, created_at)
    select b.id, c.event_id, c.external_id, ${now}, ${now}
    from unnest(${closed.map((c) => c.clientId)}::int[], ${closed.map((c) => c.eventId)}::int[], ${closed.map((c) => c.externalId)}::text[])
      as c (client_id, event_id, external_id)
    join netizen_boards b on b.client_id = c.client_id
    on conflict (event_id) do update set state = 'pending', attempts = 0, next_attempt_at = excluded.next_attempt_at,
      last_error = null, sent_at = null
  `.execute(tx)
}

/** Claims due replies under a lease (the next attempt moved to the lease's end), oldest first. */
export function claimDueReplies(db: Kysely<DB>, now: Date, leaseUntil: Date, limit: number) {
  return db
    .updateTable('netizen_replies')
    .set({ next_attempt_at: leaseUntil })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('netizen_replies')
        .select('id')
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'board_id', 'event_id', 'external_id', 'attempts', 'next_attempt_at'])
    .execute()
}

export async function replySent(db: Kysely<DB>, id: number, lease: Date, at: Date) {
  await db
    .updateTable('netizen_replies')
    .set({ state: 'sent', sent_at: at, attempts: sql`attempts + 1`, last_error: null })
    .where('id', '=', id)
    .where('next_attempt_at', '=', lease)
    .execute()
}

export async function replyFailed(db: Kysely<DB>, id: number, lease: Date, error: string, next: Date | null) {
  await db
    .updateTable('netizen_replies')
    .set(
      next
        ? { attempts: sql`attempts + 1`, last_error: error, next_attempt_at: next }
        : { attempts: sql`attempts + 1`, last_error: error, state: 'dead' },
    )
    .where('id', '=', id)
    .where('next_attempt_at', '=', lease)
    .execute()
}

export async function replyCounts(db: Kysely<DB>): Promise<{ pending: number; sent: number; dead: number }> {
  const rows = await db
    .selectFrom('netizen_replies')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute()
  const count = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0)
  return { pending: count('pending'), sent: count('sent'), dead: count('dead') }
}

export function replyOf(db: Kysely<DB>, eventId: number) {
  return db
    .selectFrom('netizen_replies')
    .select(['id', 'state', 'attempts', 'last_error', 'sent_at'])
    .where('event_id', '=', eventId)
    .executeTakeFirst()
}
