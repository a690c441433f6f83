/**
 * 隐患联排: launching a sweep over a center's grids, a grid worker's check of one target (a failed
 * one becomes one event, routed like any other report of the grid channel, in the check's own
 * transaction), closing it, and the views with progress per grid, community and street.
 */
import type { CheckTargetBody, LaunchSweepBody, SweepProgressRow, SweepSummaryView, SweepTargetView, SweepView } from '@xiaolan/contracts'
import { chinaDateOf } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import { AppError, conflict, invalid, notFound, staleVersion } from '../../errors.ts'
import { createEvent } from '../events/commands/report.ts'
import { actorOf } from '../events/commands/write.ts'
import { isWithin } from '../events/lifecycle.ts'
import { eventNumbers } from '../events/lookups.ts'
import { centerReads, mayClose, requireChecker, requireLauncher, type Staff, type SweepReader, sweepReader } from './policy.ts'
import {
  closeSweep,
  countsByGrid,
  type GridCounts,
  type ItemResult,
  insertSweep,
  insertTargets,
  listSweeps,
  listTargets,
  recordCheck,
  type SweepRow,
  sweepById,
  type TargetRow,
  targetById,
  targetByKey,
} from './queries.ts'

const LIST_LIMIT = 100
const TARGETS_LIMIT = 1000

/** Launches a sweep: its targets are every site of the kind in the scope's active grids. */
export async function launchSweep(app: AppContext, staff: Staff, body: LaunchSweepBody): Promise<SweepRow> {
  const { center, scope } = requireLauncher(staff, app.orgs, body.scopeId)
  const category = body.category ?? 'safety'
  if (!app.categories.get(category)) throw invalid('category', `Unknown category ${category}`)
  if (body.deadline < chinaDateOf(app.now())) throw invalid('deadline', 'The deadline is in the past')
  const items = body.items.map((i) => i.trim())
  if (new Set(items).size !== items.length) throw invalid('items', 'Each checklist item once')
  const grids = app.orgs
    .all()
    .filter((u) => u.kind === 'grid' && u.active && isWithin(u, scope))
    .flatMap((g) => {
      const community = g.parentId === null ? undefined : app.orgs.unit(g.parentId)
      const street = community?.parentId == null ? undefined : app.orgs.unit(community.parentId)
      return community && street ? [{ grid: g.id, community: community.id, street: street.id }] : []
    })
  return app.database.db.transaction().execute(async (tx) => {
    const row = await insertSweep(tx, {
      title: body.title.trim(),
      theme: body.theme,
      center_id: center.id,
      scope_id: scope.id,
      scope_path: scope.path,
      site_kind: body.siteKind,
      category_code: category,
      items,
      deadline: body.deadline,
      created_by: staff.user.id,
      created_at: app.now(),
    })
    if ((await insertTargets(tx, row.id, body.siteKind, grids)) === 0) throw invalid('scopeId', 'No site of this kind in the scope’s grids')
    return row
  })
}

/** The sweep as the caller may read it, or 404. */
export async function readableSweep(app: AppContext, reader: SweepReader, id: number): Promise<SweepRow> {
  const row = await sweepById(app.database.db, id)
  if (!row) throw notFound('Sweep')
  if (reader.as === 'center' && !centerReads(reader.unit, row)) throw notFound('Sweep')
  if (reader.as === 'grid' && !(await countsByGrid(app.database.db, [row.id], reader.gridId)).length) throw notFound('Sweep')
  return row
}

/**
 * A grid worker's check of one target. A retry with the same idempotency key answers what the first
 * check wrote and writes nothing; a target already checked under another key is a 409.
 */
export async function checkTarget(
  app: AppContext,
  staff: Staff,
  sweepId: number,
  targetId: number,
  body: CheckTargetBody,
): Promise<TargetRow> {
  const reader = sweepReader(staff, app.orgs)
  const db = app.database.db
  const sweep = await sweepById(db, sweepId)
  const target = sweep && (await targetById(db, sweepId, targetId))
  if (!sweep || !target) throw notFound('Sweep target')
  requireChecker(reader, target)
  const replay = async () => {
    const earlier = await targetByKey(db, body.idempotencyKey)
    if (earlier && earlier.id !== target.id) throw conflict('key_reused', 'This idempotency key was used for another target')
    return earlier
  }
  const earlier = await replay()
  if (earlier) return earlier
  if (target.state !== 'pending') throw conflict('already_checked', 'This target was checked already', { state: target.state })
  if (sweep.state !== 'open') throw conflict('sweep_closed', 'The sweep is closed')
  const results = resultsOf(sweep, body)
  const failed = results.flatMap((r, i) => (r.pass ? [] : [{ ...r, item: sweep.items[i], index: i }]))
  const check = {
    id: target.id,
    sweepId,
    state: failed.length ? ('failed' as const) : ('passed' as const),
    results,
    note: body.note?.trim() || null,
    key: body.idempotencyKey,
    by: staff.user.id,
    at: app.now(),
  }
  const notRecorded = () => conflict('already_checked', 'This target was checked already')
  try {
    if (!failed.length) {
      const ok = await db.transaction().execute((tx) => recordCheck(tx, { ...check, eventId: null }))
      if (!ok) throw notRecorded()
    } else {
      const lines = failed.map((f, n) => `${n + 1}. ${f.item}${f.note ? `（${f.note}）` : ''}`)
      const description = [
        `隐患联排「${sweep.title}」检查对象：${target.site_name}（${target.address}），${failed.length} 项未通过：`,
        ...lines,
        check.note ? `网格员备注：${check.note}` : '',
      ]
        .filter(Boolean)
        .join('\n')
      await createEvent(
        app,
        {
          channel: 'grid',
          category: sweep.category_code,
          title: `隐患联排：${target.site_name} ${failed.length} 项未通过`.slice(0, 100),
          description: description.slice(0, 4000),
          lat: target.lat,
          lng: target.lng,
          address: target.address,
          attachmentIds: failed.flatMap((f) => f.attachmentIds),
        },
        actorOf(staff),
        {
          // the check and its event commit together or not at all
          alongside: async (tx, row) => {
            if (!(await recordCheck(tx, { ...check, eventId: row.id }))) throw notRecorded()
          },
        },
      )
    }
  } catch (error) {
    // a retry that raced the first check: answer what the first one wrote
    const raced = error instanceof AppError && error.status === 409 ? await replay() : undefined
    if (raced) return raced
    throw error
  }
  const written = await targetById(db, sweepId, targetId)
  if (!written) throw notFound('Sweep target')
  return written
}

/** One result per checklist item; photos only with a failed item (they go with its event). */
function resultsOf(sweep: SweepRow, body: CheckTargetBody): ItemResult[] {
  if (body.results.length !== sweep.items.length)
    throw invalid('results', `One result per checklist item: ${sweep.items.length} expected, ${body.results.length} given`)
  const results = body.results.map((r, i) => {
    if (r.pass && r.attachmentIds?.length) throw invalid(`results/${i}/attachmentIds`, 'Photos go with a failed item')
    return { pass: r.pass, note: r.note?.trim() || null, attachmentIds: r.attachmentIds ?? [] }
  })
  if (results.reduce((n, r) => n + r.attachmentIds.length, 0) > 9) throw invalid('results', 'At most 9 photos in one check')
  return results
}

/** Closes a sweep (the launching center or one above), at the version the caller saw. */
export async function closeSweepFor(app: AppContext, staff: Staff, id: number, version: number): Promise<SweepRow> {
  const reader = sweepReader(staff, app.orgs)
  const row = await readableSweep(app, reader, id)
  if (!mayClose(reader, app.orgs.unit(row.center_id)))
    throw new AppError('forbidden', 403, 'The launching center or one above it closes a sweep')
  if (row.state === 'closed') throw conflict('sweep_closed', 'The sweep is closed already')
  if (row.version !== version) throw staleVersion(row.version)
  const closed = await closeSweep(app.database.db, id, version, staff.user.id, app.now())
  if (!closed) throw staleVersion(row.version + 1)
  return closed
}

const sum = (rows: GridCounts[]) =>
  rows.reduce(
    (t, r) => ({
      targets: t.targets + r.targets,
      checked: t.checked + r.checked,
      failed: t.failed + r.failed,
      failedItems: t.failedItems + r.failed_items,
    }),
    { targets: 0, checked: 0, failed: 0, failedItems: 0 },
  )

/** The sweeps the caller reads, newest first, each with its totals (a grid worker's: their grid's, with its targets). */
export async function sweepSummaries(app: AppContext, staff: Staff, state?: SweepRow['state']): Promise<SweepSummaryView[]> {
  const reader = sweepReader(staff, app.orgs)
  const db = app.database.db
  const gridId = reader.as === 'grid' ? reader.gridId : undefined
  const rows = await listSweeps(db, {
    state,
    limit: LIST_LIMIT,
    path: reader.as === 'center' ? reader.unit.path : undefined,
    gridId,
  })
  const ids = rows.map((r) => r.id)
  const counts = await countsByGrid(db, ids, gridId)
  const targets = gridId === undefined ? [] : await targetViews(app, await listTargets(db, { sweepIds: ids, gridId, limit: TARGETS_LIMIT }))
  return rows.map((r) => ({
    ...summaryOf(
      app,
      r,
      counts.filter((c) => c.sweep_id === r.id),
    ),
    targets: gridId === undefined ? null : targets.filter((t) => t.sweepId === r.id),
  }))
}

function summaryOf(app: AppContext, r: SweepRow, counts: GridCounts[]): Omit<SweepSummaryView, 'targets'> {
  const unit = (id: number) => app.orgs.ref(id) ?? { id, code: '', name: '', kind: 'center' as const, level: 0 }
  return {
    id: r.id,
    title: r.title,
    theme: r.theme,
    center: unit(r.center_id),
    scope: unit(r.scope_id),
    siteKind: r.site_kind,
    category: r.category_code,
    items: r.items,
    deadline: r.deadline,
    state: r.state,
    totals: sum(counts),
    createdAt: new Date(r.created_at).toISOString(),
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    version: r.version,
  }
}

/** The progress rows of one level: the grids' counts summed by `keyOf` (grid, community or street). */
function progressBy(app: AppContext, counts: GridCounts[], keyOf: (c: GridCounts) => number): SweepProgressRow[] {
  const groups = new Map<number, GridCounts[]>()
  for (const c of counts) groups.set(keyOf(c), [...(groups.get(keyOf(c)) ?? []), c])
  return [...groups].flatMap(([id, rows]) => {
    const unit = app.orgs.ref(id)
    return unit ? [{ unit, parentId: app.orgs.unit(id)?.parentId ?? null, ...sum(rows) }] : []
  })
}

/** The sweep with its progress per street, community and grid (a grid worker's: their grid only). */
export async function sweepView(app: AppContext, staff: Staff, id: number): Promise<SweepView> {
  const reader = sweepReader(staff, app.orgs)
  const row = await readableSweep(app, reader, id)
  const gridId = reader.as === 'grid' ? reader.gridId : undefined
  const counts = await countsByGrid(app.database.db, [row.id], gridId)
  const targets =
    gridId === undefined
      ? null
      : await targetViews(app, await listTargets(app.database.db, { sweepIds: [row.id], gridId, limit: TARGETS_LIMIT }))
  return {
    ...summaryOf(app, row, counts),
    targets,
    canClose: row.state === 'open' && mayClose(reader, app.orgs.unit(row.center_id)),
    progress: {
      streets: gridId === undefined ? progressBy(app, counts, (c) => c.street_id) : [],
      communities: gridId === undefined ? progressBy(app, counts, (c) => c.community_id) : [],
      grids: progressBy(app, counts, (c) => c.grid_id),
    },
  }
}

/** A sweep's targets as the caller may read them: a grid worker only their grid's, a center any grid of the sweep. */
export async function sweepTargets(
  app: AppContext,
  staff: Staff,
  id: number,
  q: { gridId?: number; state?: TargetRow['state'] },
): Promise<SweepTargetView[]> {
  const reader = sweepReader(staff, app.orgs)
  const row = await readableSweep(app, reader, id)
  if (reader.as === 'grid' && q.gridId !== undefined && q.gridId !== reader.gridId)
    throw new AppError('forbidden', 403, 'Another grid’s targets')
  const gridId = reader.as === 'grid' ? reader.gridId : q.gridId
  return targetViews(app, await listTargets(app.database.db, { sweepIds: [row.id], gridId, state: q.state, limit: TARGETS_LIMIT }))
}

export async function targetViews(app: AppContext, rows: TargetRow[]): Promise<SweepTargetView[]> {
  const numbers = await eventNumbers(
    app.database.db,
    rows.flatMap((r) => (r.event_id === null ? [] : [r.event_id])),
  )
  return rows.flatMap((r) => {
    const grid = app.orgs.ref(r.grid_id)
    if (!grid) return []
    return [
      {
        id: r.id,
        sweepId: r.sweep_id,
        site: { kind: r.site_kind, name: r.site_name, address: r.address, lat: r.lat, lng: r.lng },
        grid,
        state: r.state,
        results: r.results,
        note: r.note,
        checkedAt: r.checked_at ? new Date(r.checked_at).toISOString() : null,
        event: r.event_id === null ? null : { id: r.event_id, number: numbers.get(r.event_id) ?? '' },
      },
    ]
  })
}
