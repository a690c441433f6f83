/**
 * The alerts' rows: raising (or, for a finding that persists, updating its one open alert), the
 * evidence, the life's transitions, and the reads of the routes. Every write takes the caller's
 * transaction where it must be atomic with the caller's own (intake raises a sensitive-content
 * alert in the event's transaction).
 */
import type { AlertDisposition, AlertKind, AlertRuleParams, AlertRuleView, AlertState } from '@xiaolan/contracts'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import type { SensitiveHit } from './sensitive.ts'

export interface AlertRow {
  id: number
  kind: AlertKind
  key: string
  state: AlertState
  unitId: number
  unitPath: string
  categoryCode: string | null
  lat: number | null
  lng: number | null
  windowStart: Date
  windowEnd: Date
  score: number
  words: string[]
  assigneeUserId: number | null
  assigneeUnitId: number | null
  disposition: AlertDisposition | null
  version: number
  firstSeen: Date
  lastSeen: Date
  evidenceCount: number
  /** the work orders made from it (吹哨), oldest first */
  orders: Array<{ id: number; number: string }>
}

/** A finding to raise: the alert's own facts, with its evidence and when it was seen. */
export type RaiseInput = Pick<
  AlertRow,
  'kind' | 'key' | 'unitId' | 'categoryCode' | 'lat' | 'lng' | 'windowStart' | 'windowEnd' | 'score'
> & {
  words?: string[]
  eventIds: number[]
  at: Date
}

/** The channel an alert's raise or change is announced on at commit (realtime/hub.ts sends it on the streams). */
export const ALERTS_CHANNEL = 'xiaolan_alerts'

/** What the streams hear of an alert: enough to route it (the unit's path) and to say what changed. */
export interface AlertNote {
  id: number
  kind: string
  state: string
  unitPath: string
}

/** Announces an alert's change at the transaction's commit (NOTIFY is transactional). */
export async function announce(tx: Transaction<DB> | Kysely<DB>, id: number) {
  await sql`select pg_notify(${ALERTS_CHANNEL}, json_build_object('id', id, 'kind', kind, 'state', state, 'unitPath', unit_path)::text)
    from alerts where id = ${id}`.execute(tx)
}

/**
 * Raises an alert, or updates the open one of the same key (more evidence, the higher score, the
 * later window end and last-seen time). Returns its id, whether it is new, and whether it changed.
 */
export async function raiseOrUpdate(
  app: AppContext,
  tx: Transaction<DB> | Kysely<DB>,
  a: RaiseInput,
): Promise<{ id: number; created: boolean; changed: boolean }> {
  const unit = app.orgs.unit(a.unitId) ?? app.orgs.root()
  // a finding staff closed stays closed until it has evidence the closed alert did not have
  const closed = await tx
    .selectFrom('alerts')
    .select('id')
    .where('key', '=', a.key)
    .where('state', '=', 'closed')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (closed && a.eventIds.length) {
    const known = await tx
      .selectFrom('alert_evidence')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('alert_id', '=', closed.id)
      .where('event_id', 'in', a.eventIds)
      .executeTakeFirstOrThrow()
    const open = await tx.selectFrom('alerts').select('id').where('key', '=', a.key).where('state', '<>', 'closed').executeTakeFirst()
    if (!open && Number(known.n) === a.eventIds.length) return { id: Number(closed.id), created: false, changed: false }
  }
  const row = await tx
    .insertInto('alerts')
    .values({
      kind: a.kind,
      key: a.key,
      unit_id: unit.id,
      unit_path: unit.path,
      category_code: a.categoryCode,
      lat: a.lat,
      lng: a.lng,
      window_start: a.windowStart,
      window_end: a.windowEnd,
      score: a.score,
      words: JSON.stringify(a.words ?? []),
      first_seen: a.at,
      last_seen: a.at,
    })
    .onConflict((oc) =>
      oc
        .column('key')
        // the partial index's own predicate, as a literal, so PostgreSQL infers alerts_one_open
        .where(sql<boolean>`state <> 'closed'`)
        .doUpdateSet({
          score: sql`greatest(alerts.score, excluded.score)`,
          window_end: sql`greatest(alerts.window_end, excluded.window_end)`,
          lat: sql`excluded.lat`,
          lng: sql`excluded.lng`,
          last_seen: sql`excluded.last_seen`,
        }),
    )
    .returning(['id', sql<boolean>`(xmax = 0)`.as('inserted')])
    .executeTakeFirstOrThrow()
  const id = Number(row.id)
  let added = 0
  if (a.eventIds.length) {
    const r = await tx
      .insertInto('alert_evidence')
      .values(a.eventIds.map((event_id) => ({ alert_id: id, event_id, added_at: a.at })))
      .onConflict((oc) => oc.columns(['alert_id', 'event_id']).doNothing())
      .executeTakeFirst()
    added = Number(r.numInsertedOrUpdatedRows ?? 0)
  }
  if (row.inserted) {
    await tx
      .insertInto('alert_transitions')
      .values({ alert_id: id, action: 'raise', from_state: null, to_state: 'open', user_id: null, note: null, at: a.at })
      .execute()
  } else if (added > 0) {
    await tx.updateTable('alerts').set({ version: sql`version + 1` }).where('id', '=', id).execute()
  }
  const changed = Boolean(row.inserted) || added > 0
  if (changed) await announce(tx, id)
  return { id, created: Boolean(row.inserted), changed }
}

/** Intake's hook: a sensitive report raises an alert to its district center, in the event's transaction. */
export async function raiseSensitive(
  app: AppContext,
  tx: Transaction<DB>,
  e: { eventId: number; districtId: number | null; categoryCode: string; lat: number | null; lng: number | null; at: Date },
  hits: SensitiveHit[],
) {
  return raiseOrUpdate(app, tx, {
    kind: 'sensitive',
    key: `sensitive:${e.eventId}`,
    unitId: e.districtId ?? app.orgs.root().id,
    categoryCode: app.categories.topOf(e.categoryCode) ?? e.categoryCode,
    lat: e.lat,
    lng: e.lng,
    windowStart: e.at,
    windowEnd: e.at,
    score: hits.length,
    words: hits.map((h) => h.word),
    eventIds: [e.eventId],
    at: e.at,
  })
}

const columns = [
  'a.id',
  'a.kind',
  'a.key',
  'a.state',
  'a.unit_id',
  'a.unit_path',
  'a.category_code',
  'a.lat',
  'a.lng',
  'a.window_start',
  'a.window_end',
  'a.score',
  'a.words',
  'a.assignee_user_id',
  'a.assignee_unit_id',
  'a.disposition',
  'a.version',
  'a.first_seen',
  'a.last_seen',
] as const

function base(db: Kysely<DB> | Transaction<DB>) {
  return db
    .selectFrom('alerts as a')
    .select(columns)
    .select((eb) =>
      eb
        .selectFrom('alert_evidence as e')
        .whereRef('e.alert_id', '=', 'a.id')
        .select(eb.fn.countAll<string>().as('n'))
        .as('evidence_count'),
    )
    .select(
      sql<unknown>`(select coalesce(json_agg(json_build_object('id', t.order_id, 'number', t.order_number) order by t.id), '[]')
        from alert_transitions t where t.alert_id = a.id and t.order_id is not null)`.as('orders'),
    )
}

type Raw = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>

function toRow(r: Raw): AlertRow {
  return {
    id: Number(r.id),
    kind: r.kind as AlertKind,
    key: r.key,
    state: r.state as AlertState,
    unitId: r.unit_id,
    unitPath: r.unit_path,
    categoryCode: r.category_code,
    lat: r.lat,
    lng: r.lng,
    windowStart: new Date(r.window_start),
    windowEnd: new Date(r.window_end),
    score: r.score,
    words: (typeof r.words === 'string' ? JSON.parse(r.words) : r.words) as string[],
    assigneeUserId: r.assignee_user_id,
    assigneeUnitId: r.assignee_unit_id,
    disposition: r.disposition as AlertDisposition | null,
    version: r.version,
    firstSeen: new Date(r.first_seen),
    lastSeen: new Date(r.last_seen),
    evidenceCount: Number(r.evidence_count ?? 0),
    orders: ((typeof r.orders === 'string' ? JSON.parse(r.orders) : r.orders) as Array<{ id: number | string; number: string }>).map(
      (o) => ({ id: Number(o.id), number: o.number }),
    ),
  }
}

/** Alerts of a unit's subtree (path prefix), newest last-seen first; open (not closed) by default. */
export async function listAlerts(
  db: Kysely<DB>,
  o: { path: string; state?: AlertState | 'all'; kind?: AlertKind; limit?: number },
): Promise<AlertRow[]> {
  let q = base(db).where('a.unit_path', 'like', `${o.path}%`)
  if (!o.state) q = q.where('a.state', '<>', 'closed')
  else if (o.state !== 'all') q = q.where('a.state', '=', o.state)
  if (o.kind) q = q.where('a.kind', '=', o.kind)
  const rows = await q
    .orderBy('a.last_seen', 'desc')
    .orderBy('a.id', 'desc')
    .limit(o.limit ?? 50)
    .execute()
  return rows.map(toRow)
}

export async function getAlert(db: Kysely<DB> | Transaction<DB>, id: number): Promise<AlertRow | null> {
  const r = await base(db).where('a.id', '=', id).executeTakeFirst()
  return r ? toRow(r) : null
}

export async function evidenceIds(db: Kysely<DB>, id: number): Promise<number[]> {
  const rows = await db.selectFrom('alert_evidence').select('event_id').where('alert_id', '=', id).execute()
  return rows.map((r) => Number(r.event_id))
}

/** The life's steps, oldest first; an `act` names the work order it made. */
export async function transitionsOf(db: Kysely<DB>, id: number) {
  const rows = await db.selectFrom('alert_transitions').selectAll().where('alert_id', '=', id).orderBy('id').execute()
  return rows.map((r) => ({
    action: r.action,
    from: r.from_state,
    to: r.to_state,
    userId: r.user_id,
    note: r.note,
    order: r.order_id === null || r.order_number === null ? null : { id: Number(r.order_id), number: r.order_number },
    at: new Date(r.at).toISOString(),
  }))
}

/**
 * One step of the life, guarded by the version the caller read: the row is updated only where the
 * version still matches (else null: the caller answers 409), and the transition logged beside it.
 */
export async function applyTransition(
  tx: Transaction<DB>,
  a: {
    id: number
    version: number
    from: AlertState
    to: AlertState
    action: string
    userId: number
    note: string | null
    at: Date
    /** an `act`: the work order it made */
    order?: { id: number; number: string }
  },
  set: { assignee_user_id?: number | null; assignee_unit_id?: number | null; disposition?: AlertDisposition; closed_at?: Date },
): Promise<boolean> {
  const r = await tx
    .updateTable('alerts')
    .set({ ...set, state: a.to, version: a.version + 1 })
    .where('id', '=', a.id)
    .where('version', '=', a.version)
    .executeTakeFirst()
  if (Number(r.numUpdatedRows) !== 1) return false
  await tx
    .insertInto('alert_transitions')
    .values({
      alert_id: a.id,
      action: a.action,
      from_state: a.from,
      to_state: a.to,
      user_id: a.userId,
      note: a.note,
      at: a.at,
      order_id: a.order?.id ?? null,
      order_number: a.order?.number ?? null,
    })
    .execute()
  await announce(tx, a.id)
  return true
}

/** The rules as the admin sees them. */
export async function listRules(db: Kysely<DB> | Transaction<DB>): Promise<AlertRuleView[]> {
  const rows = await db.selectFrom('alert_rules').selectAll().orderBy('kind').execute()
  return rows.map(ruleView)
}

/** Writes a rule at the version read; null when it moved meanwhile. */
export async function updateRule(
  tx: Transaction<DB>,
  kind: AlertKind,
  version: number,
  next: { enabled: boolean; params: AlertRuleParams },
): Promise<AlertRuleView | null> {
  const row = await tx
    .updateTable('alert_rules')
    .set({ enabled: next.enabled, params: JSON.stringify(next.params), version: version + 1, updated_at: sql`now()` })
    .where('kind', '=', kind)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst()
  return row ? ruleView(row) : null
}

function ruleView(r: { kind: string; enabled: boolean; params: unknown; version: number; updated_at: Date | string }): AlertRuleView {
  return {
    kind: r.kind as AlertKind,
    enabled: r.enabled,
    params: (typeof r.params === 'string' ? JSON.parse(r.params) : r.params) as AlertRuleParams,
    version: r.version,
    updatedAt: new Date(r.updated_at).toISOString(),
  }
}
