/** The sweeps module's SQL: the sites of each grid, the sweeps and their targets. */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'

export type Db = Kysely<DB> | Transaction<DB>

export interface SweepRow {
  id: number
  title: string
  theme: 'gas' | 'ebike' | 'fire_exit' | 'other'
  center_id: number
  scope_id: number
  scope_path: string
  site_kind: 'building' | 'shop' | 'all'
  category_code: string
  items: string[]
  deadline: string
  state: 'open' | 'closed'
  created_at: Date
  closed_at: Date | null
  version: number
}

export interface ItemResult {
  pass: boolean
  note: string | null
  attachmentIds: number[]
}

export interface TargetRow {
  id: number
  sweep_id: number
  grid_id: number
  state: 'pending' | 'passed' | 'failed'
  results: ItemResult[] | null
  note: string | null
  check_key: string | null
  checked_at: Date | null
  event_id: number | null
  site_kind: 'building' | 'shop'
  site_name: string
  address: string
  lat: number
  lng: number
}

/** Counts of targets per grid (with its community and street). */
export interface GridCounts {
  grid_id: number
  community_id: number
  street_id: number
  targets: number
  checked: number
  failed: number
  failed_items: number
}

const SWEEP_COLUMNS = [
  'id',
  'title',
  'theme',
  'center_id',
  'scope_id',
  'scope_path',
  'site_kind',
  'category_code',
  'items',
  'deadline',
  'state',
  'created_at',
  'closed_at',
  'version',
] as const

export async function insertSweep(
  tx: Db,
  values: Omit<SweepRow, 'id' | 'state' | 'closed_at' | 'version'> & { created_by: number },
): Promise<SweepRow> {
  const row = await tx
    .insertInto('sweeps')
    .values({ ...values, items: JSON.stringify(values.items), state: 'open' })
    .returning(SWEEP_COLUMNS)
    .executeTakeFirstOrThrow()
  return row as SweepRow
}

/**
 * The sweep's targets: every site of the kind in the given grids (each with its community and
 * street), in one statement; returns how many.
 */
export async function insertTargets(
  tx: Db,
  sweepId: number,
  kind: SweepRow['site_kind'],
  grids: Array<{ grid: number; community: number; street: number }>,
): Promise<number> {
  if (!grids.length) return 0
  const result = await sql`
    insert into sweep_targets (sweep_id, site_id, grid_id, community_id, street_id)
    select ${sweepId}::int, s.id, g.grid, g.community, g.street
    from jsonb_to_recordset(${JSON.stringify(grids)}::jsonb) as g(grid integer, community integer, street integer)
    join sweep_sites s on s.grid_id = g.grid
    where ${kind}::text = 'all' or s.kind = ${kind}
    order by s.id`.execute(tx)
  return Number(result.numAffectedRows ?? 0)
}

export async function sweepById(db: Db, id: number): Promise<SweepRow | undefined> {
  return (await db.selectFrom('sweeps').select(SWEEP_COLUMNS).where('id', '=', id).executeTakeFirst()) as SweepRow | undefined
}

/**
 * Sweeps newest first: those whose scope overlaps an area (`path`: within it or holding it), those
 * with targets in a grid, or all.
 */
export async function listSweeps(
  db: Db,
  filter: { path?: string; gridId?: number; state?: SweepRow['state']; limit: number },
): Promise<SweepRow[]> {
  let q = db.selectFrom('sweeps').select(SWEEP_COLUMNS).orderBy('id', 'desc').limit(filter.limit)
  if (filter.state) q = q.where('state', '=', filter.state)
  const { path, gridId } = filter
  if (path !== undefined)
    q = q.where((eb) =>
      eb.or([eb('scope_path', 'like', `${path.replace(/[\\%_]/g, '\\$&')}%`), sql<boolean>`${path} like scope_path || '%'`]),
    )
  if (gridId !== undefined) q = q.where('id', 'in', db.selectFrom('sweep_targets').select('sweep_id').where('grid_id', '=', gridId))
  return (await q.execute()) as SweepRow[]
}

const failedItemsSql = sql<number>`coalesce(sum((select count(*) from jsonb_array_elements(t.results) r where r->>'pass' = 'false')), 0)::int`

/** The targets of some sweeps counted per grid (only in one grid when `gridId` is given). */
export async function countsByGrid(db: Db, sweepIds: number[], gridId?: number): Promise<Array<GridCounts & { sweep_id: number }>> {
  if (!sweepIds.length) return []
  let q = db
    .selectFrom('sweep_targets as t')
    .select([
      't.sweep_id',
      't.grid_id',
      't.community_id',
      't.street_id',
      sql<number>`count(*)::int`.as('targets'),
      sql<number>`(count(*) filter (where t.state <> 'pending'))::int`.as('checked'),
      sql<number>`(count(*) filter (where t.state = 'failed'))::int`.as('failed'),
      failedItemsSql.as('failed_items'),
    ])
    .where('t.sweep_id', 'in', sweepIds)
    .groupBy(['t.sweep_id', 't.grid_id', 't.community_id', 't.street_id'])
    .orderBy('t.grid_id')
  if (gridId !== undefined) q = q.where('t.grid_id', '=', gridId)
  return q.execute()
}

function targetsQuery(db: Db) {
  return db
    .selectFrom('sweep_targets as t')
    .innerJoin('sweep_sites as s', 's.id', 't.site_id')
    .select([
      't.id',
      't.sweep_id',
      't.grid_id',
      't.state',
      't.results',
      't.note',
      't.check_key',
      't.checked_at',
      't.event_id',
      's.kind as site_kind',
      's.name as site_name',
      's.address',
      's.lat',
      's.lng',
    ])
}

export async function listTargets(
  db: Db,
  filter: { sweepIds: number[]; gridId?: number; state?: TargetRow['state']; limit: number },
): Promise<TargetRow[]> {
  if (!filter.sweepIds.length) return []
  let q = targetsQuery(db).where('t.sweep_id', 'in', filter.sweepIds).orderBy('t.id').limit(filter.limit)
  if (filter.gridId !== undefined) q = q.where('t.grid_id', '=', filter.gridId)
  if (filter.state) q = q.where('t.state', '=', filter.state)
  return (await q.execute()) as TargetRow[]
}

export async function targetById(db: Db, sweepId: number, id: number): Promise<TargetRow | undefined> {
  return (await targetsQuery(db).where('t.sweep_id', '=', sweepId).where('t.id', '=', id).executeTakeFirst()) as TargetRow | undefined
}

export async function targetByKey(db: Db, key: string): Promise<TargetRow | undefined> {
  return (await targetsQuery(db).where('t.check_key', '=', key).executeTakeFirst()) as TargetRow | undefined
}

/** Records a check on a pending target of an open sweep; false when it is checked already or the sweep closed. */
export async function recordCheck(
  tx: Db,
  check: {
    id: number
    sweepId: number
    state: 'passed' | 'failed'
    results: ItemResult[]
    note: string | null
    key: string
    by: number
    at: Date
    eventId: number | null
  },
): Promise<boolean> {
  const result = await tx
    .updateTable('sweep_targets')
    .set({
      state: check.state,
      results: JSON.stringify(check.results),
      note: check.note,
      check_key: check.key,
      checked_by: check.by,
      checked_at: check.at,
      event_id: check.eventId,
    })
    .where('id', '=', check.id)
    .where('sweep_id', '=', check.sweepId)
    .where('state', '=', 'pending')
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('sweeps').select('id').where('id', '=', check.sweepId).where('state', '=', 'open')),
    )
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Closes an open sweep at the version the caller saw; undefined when stale or closed. */
export async function closeSweep(db: Db, id: number, version: number, by: number, at: Date): Promise<SweepRow | undefined> {
  const row = await db
    .updateTable('sweeps')
    .set({ state: 'closed', closed_by: by, closed_at: at, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', 'open')
    .returning(SWEEP_COLUMNS)
    .executeTakeFirst()
  return row as SweepRow | undefined
}

/** A building or shop a sweep can visit, as the seed writes it. */
export interface SiteSeed {
  grid_id: number
  kind: 'building' | 'shop'
  name: string
  address: string
  lat: number
  lng: number
}

/** Seeds sites in batches (the demo's buildings and shops); nothing when any exist; returns how many. */
export async function insertSeedSites(db: Kysely<DB>, rows: SiteSeed[]): Promise<number> {
  if (await db.selectFrom('sweep_sites').select('id').limit(1).executeTakeFirst()) return 0
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto('sweep_sites')
      .values(rows.slice(i, i + 2000))
      .execute()
  return rows.length
}
