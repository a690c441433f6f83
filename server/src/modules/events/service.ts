/**
 * Use cases of the work order: intake, reading within scope, acting through the lifecycle, public
 * tracking. Each write is one transaction: the projection row, its log entries and a NOTIFY.
 */
import type {
  ActionBody,
  CreateEventBody,
  EventView,
  ListEventsQuery,
  Page,
  Photo,
  ResidentEventBody,
  TimelineEntry,
} from '@xiaolan/contracts'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { forbidden, invalid, notFound, staleVersion } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import { deriveTitle, maskName, maskPhone } from '../privacy/masker.ts'
import { firstUnit } from '../routing/route.ts'
import { slaDeadlines } from '../sla/calendar.ts'
import { supervisionHistory } from '../sla/supervision.ts'
import { actionPhotoKind, attachPhotos, photosOf } from './attachments.ts'
import { type Actor, type EventState, initialState, type LogEntry, submitEntry, type TransitionContext, transition } from './lifecycle.ts'
import { onSpotSteps, onSpotUnit } from './on-the-spot.ts'
import { appendLog, type EventRow, inScope, readLog, scopeUnitOf, stateColumns, toState, widenScope } from './queries.ts'
import { allowedActions, inBox, probeContext, type TabPart, tabParts } from './workbench.ts'

export const EVENTS_CHANNEL = 'xiaolan_events'

/** The actor a signed-in principal acts as. */
export function actorOf(principal: Principal): Actor {
  return principal.kind === 'staff'
    ? { kind: 'staff', userId: principal.user.id, role: principal.user.role, unitId: principal.user.unitId }
    : { kind: 'resident', residentId: principal.resident.id }
}

type Intake = (CreateEventBody | ResidentEventBody) & {
  channel: CreateEventBody['channel']
  reporterName?: string | null
  reporterPhone?: string | null
  reporterResidentId?: number | null
}

/** Creates an event and routes it bottom-up; returns it as its reporter sees it. */
/** `answer`: a 12345 operator answered it on the call, so it is closed at once instead of routed. */
export async function createEvent(
  app: AppContext,
  intake: Intake,
  actor: Actor,
  options: { answer?: string } = {},
): Promise<{ id: number; number: string }> {
  const category = app.categories.get(intake.category)
  if (!category) throw invalid('category', `Unknown category ${intake.category}`)
  const place = placeOf(app, intake, actor)
  const priority = ('priority' in intake && intake.priority) || category.priority
  const now = app.now()
  const description = intake.description.trim()
  // public views re-derive this title from the masked description (privacy/masker.ts maskedTitle)
  const title = intake.title?.trim() || deriveTitle(description)
  const onSpot = 'resolvedOnSpot' in intake ? intake.resolvedOnSpot : undefined
  const target = onSpot
    ? onSpotUnit(app, actor, place.communityId)
    : firstUnit(
        { communityResolvable: category.communityResolvable, communityId: place.communityId, districtId: place.districtId },
        app.orgs,
      )
  if (actor.kind === 'staff') mustSeeWhatTheyRegister(app, actor.unitId, [place.areaPath, target?.path])
  return app.database.db.transaction().execute(async (tx) => {
    const number = await nextNumber(tx, now)
    const submit = submitEntry({
      actor,
      at: now,
      unitId: app.orgs.root().id,
      reporterResidentId: intake.reporterResidentId ?? null,
    })
    const steps: Array<{ entry: LogEntry; after: EventState }> = [{ entry: submit, after: initialState(submit) }]
    if (options.answer !== undefined) {
      const answered = transition(steps[0].after, { type: 'answer', note: options.answer }, actor, probeContext(app, now))
      if (!answered.ok) throw answered.error
      steps.push({ entry: answered.entry, after: answered.next })
    } else if (target) {
      const routed = transition(
        steps[0].after,
        { type: 'route', unitId: target.id },
        { kind: 'system' },
        transitionContext(app, priority, now, category.code),
      )
      if (!routed.ok) throw routed.error
      steps.push({ entry: routed.entry, after: routed.next })
    }
    if (onSpot) {
      const ctx = transitionContext(app, priority, now, category.code)
      steps.push(...onSpotSteps(steps[steps.length - 1].after, actor, onSpot.note, ctx))
    }
    const state = steps[steps.length - 1].after
    const { id } = await tx
      .insertInto('events')
      .values({
        number,
        title,
        description,
        category_code: category.code,
        priority,
        channel: intake.channel,
        lat: place.lat,
        lng: place.lng,
        address: intake.address?.trim() || null,
        community_id: place.communityId,
        district_id: place.districtId,
        area_path: place.areaPath,
        reporter_name: intake.reporterName ?? null,
        reporter_phone: intake.reporterPhone ?? null,
        reporter_anonymous: intake.anonymous ?? false,
        external_id: null,
        created_at: now,
        ...stateColumns(state),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await widenScope(tx, id, { path: place.areaPath })
    const facts = {
      id,
      number,
      category: category.code,
      priority,
      channel: intake.channel,
      districtId: place.districtId,
      communityId: place.communityId,
      createdAt: now,
    }
    let before: EventState | null = null
    for (const [i, { entry, after }] of steps.entries()) {
      await appendLog(tx, id, i + 1, entry)
      for (const listener of app.onEventChange) await listener(tx, { event: facts, before, after, entry })
      before = after
    }
    await attachPhotos(tx, { ids: intake.attachmentIds, eventId: id, seq: 1, kind: 'report', actor })
    if (onSpot) await attachPhotos(tx, { ids: onSpot.attachmentIds, eventId: id, seq: steps.length, kind: 'result', actor })
    await notify(tx, { id, number, action: steps[steps.length - 1].entry.action, state: state.state, unitId: state.currentUnitId })
    return { id, number }
  })
}

/**
 * Staff below the city register only what they will then see: the event's place or its first unit
 * must lie in their unit's subtree (their unit on its path). Else a district center could file work
 * orders into another district, and got a 404 for an event it had just written.
 */
function mustSeeWhatTheyRegister(app: AppContext, unitId: number, paths: Array<string | undefined>) {
  const unit = app.orgs.unit(unitId)
  if (unit?.parentId === null) return
  if (!unit || !paths.some((path) => path?.startsWith(unit.path))) {
    throw forbidden('This place is outside your unit’s area: the 12345 desk or the unit of that area registers it')
  }
}

function placeOf(app: AppContext, intake: Intake, actor: Actor) {
  if (intake.lat !== undefined || intake.lng !== undefined) {
    if (intake.lat === undefined) throw invalid('lat', 'lat and lng go together')
    if (intake.lng === undefined) throw invalid('lng', 'lat and lng go together')
    const found = app.orgs.locate(intake.lat, intake.lng)
    if (!found) throw invalid('lat', 'This point is outside the city')
    // the deepest unit in service: a retired grid's ground belongs to its community, and so on up
    const owner = app.orgs.unit(found.gridId ?? found.communityId ?? found.streetId ?? found.districtId ?? found.cityId)
    return {
      lat: intake.lat,
      lng: intake.lng,
      communityId: found.communityId,
      districtId: found.districtId,
      areaPath: owner?.path ?? app.orgs.root().path,
    }
  }
  if (intake.communityCode) {
    const community = app.orgs.byCode(intake.communityCode)
    if (community?.kind !== 'center' || community.level !== 4 || !community.active) {
      throw invalid('communityCode', `No community ${intake.communityCode}`)
    }
    const district = community.path.split('.')[1]
    // a grid worker naming their own community (the grid app's keyboard path) reports from their grid
    const own = actor.kind === 'staff' ? app.orgs.unit(actor.unitId) : undefined
    return {
      lat: community.seat?.lat ?? null,
      lng: community.seat?.lng ?? null,
      communityId: community.id,
      districtId: district ? (app.orgs.byCode(district)?.id ?? null) : null,
      areaPath: own?.kind === 'grid' && own.parentId === community.id ? own.path : community.path,
    }
  }
  if (intake.channel === 'app') throw invalid('lat', 'Pick the place on the map or choose your community')
  // no place yet: the city center screens it and finds where it belongs
  return { lat: null, lng: null, communityId: null, districtId: null, areaPath: app.orgs.root().path }
}

/** LZ20261128-000123: the day in China time and that day's sequence. */
async function nextNumber(tx: Transaction<DB>, now: Date) {
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '')
  const { last } = await tx
    .insertInto('event_numbers')
    .values({ day, last: 1 })
    .onConflict((oc) => oc.column('day').doUpdateSet({ last: sql`event_numbers.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow()
  return `LZ${day}-${String(last).padStart(6, '0')}`
}

async function notify(tx: Kysely<DB>, payload: Record<string, unknown>) {
  await sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(payload)})`.execute(tx)
}

/** Deadlines follow the SLA rule of the event's category × priority on the current calendar. */
export function transitionContext(app: AppContext, priority: string, now: Date, category: string): TransitionContext {
  const rule = app.sla.ruleFor(category, priority)
  return {
    now,
    unit: (id) => app.orgs.unit(id),
    deadlines: (at) => slaDeadlines(priority as 'normal', at, app.calendar, rule),
    extend: (deadline, days) => app.calendar.addWorkingDays(deadline, days),
    checkInBy: (at) => app.calendar.addWorkingHours(at, rule.checkInHours),
  }
}

/** Applies one action under the caller's scope and the version they saw. */
export async function actOnEvent(app: AppContext, principal: Principal, id: number, body: ActionBody) {
  const now = app.now()
  return app.database.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('events')
      .selectAll()
      .where('id', '=', id)
      .where(inScope(principal, app.orgs))
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw notFound('Event')
    if (row.version !== body.version) throw staleVersion(row.version)
    const ctx = transitionContext(app, row.priority, now, row.category_code)
    if (body.type === 'merge' && body.intoEventId !== undefined) {
      if (body.intoEventId === id) throw invalid('intoEventId', 'An event cannot be merged into itself')
      const target = await tx
        .selectFrom('events')
        .select(['id', 'state'])
        .where('id', '=', body.intoEventId)
        .where(inScope(principal, app.orgs))
        .executeTakeFirst()
      if (target) ctx.mergeTarget = { id: target.id, state: target.state as EventState['state'] }
    }
    const result = transition(toState(row), body, actorOf(principal), ctx)
    if (!result.ok) throw result.error
    const kind = actionPhotoKind(body, principal)
    await attachPhotos(tx, { ids: body.attachmentIds, eventId: id, seq: result.next.version, kind, actor: actorOf(principal) })
    await commitTransition(app, tx, row, result)
    return { id, version: result.next.version, state: result.next.state }
  })
}

/**
 * Persists one transition of a row locked in `tx`: the row, its log entry, the change listeners
 * and a NOTIFY. Users' actions and the system's (the SLA jobs) share it.
 */
export async function commitTransition(app: AppContext, tx: Transaction<DB>, row: EventRow, result: { entry: LogEntry; next: EventState }) {
  const id = row.id
  await tx.updateTable('events').set(stateColumns(result.next)).where('id', '=', id).execute()
  await appendLog(tx, id, result.next.version, result.entry)
  const event = {
    id,
    number: row.number,
    category: row.category_code,
    priority: row.priority,
    channel: row.channel,
    districtId: row.district_id,
    communityId: row.community_id,
    createdAt: new Date(row.created_at),
  }
  for (const listener of app.onEventChange) await listener(tx, { event, before: toState(row), after: result.next, entry: result.entry })
  await notify(tx, { id, number: row.number, action: result.entry.action, state: result.next.state, unitId: result.next.currentUnitId })
}

export async function listEvents(app: AppContext, principal: Principal, q: ListEventsQuery): Promise<Page<EventView>> {
  const limit = q.limit ?? 20
  let before: number | undefined
  if (q.next) {
    before = Number(Buffer.from(q.next, 'base64url').toString())
    if (!Number.isSafeInteger(before) || before < 1) throw invalid('next', 'Malformed cursor')
  }
  // a tab of disjoint parts (待签收: held unsigned, summoned) reads each part newest first by its own
  // index and merges them: their OR would fetch and sort every row of both before the first page
  const parts = q.box ? tabParts(app, principal, q.box) : [undefined]
  const pages = await Promise.all(
    parts.map((part) =>
      filteredEvents(app, principal, q, before, part)
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute(),
    ),
  )
  const rows = pages.flat().sort((a, b) => b.id - a.id)
  const page = rows.slice(0, limit)
  const photos = await photosOf(
    app.database.db,
    page.map((r) => r.id),
  )
  const last = page[page.length - 1]
  return {
    items: page.map((r) => toView(app, r, principal, photos.get(r.id))),
    next: rows.length > limit && last ? Buffer.from(String(last.id)).toString('base64url') : null,
  }
}

/**
 * The events a list query selects within the caller's scope, ids below `before` (the list and its
 * xlsx export share it; both read newest first). A center's or department's staff read their unit's
 * `event_scopes` rows backwards and join each event, so a page costs the same at any table size.
 * An inbox tab names the caller's unit itself (holder, summoned, dispatcher), so its own index
 * drives and the scope is checked per row: walking the scope rows would pass every other event of
 * a district to reach an old one still waiting in its tab.
 */
export function filteredEvents(
  app: AppContext,
  principal: Principal,
  q: Omit<ListEventsQuery, 'limit' | 'next'>,
  before?: number,
  tabPart?: TabPart,
) {
  const unitId = principal.kind === 'staff' && !q.box ? scopeUnitOf(principal, app.orgs) : null
  let query = app.database.db
    .selectFrom('events')
    .selectAll('events')
    .$if(unitId === null, (qb) => qb.where(inScope(principal, app.orgs)))
    .$if(unitId !== null, (qb) =>
      qb
        .innerJoin('event_scopes as s', 's.event_id', 'events.id')
        .where('s.unit_id', '=', unitId as number)
        .$if(before !== undefined, (b) => b.where('s.event_id', '<', before as number)),
    )
  if (before !== undefined) query = query.where('events.id', '<', before)
  if (q.state) query = query.where('state', '=', q.state)
  if (q.sla) query = query.where('sla_status', '=', q.sla)
  if (q.unit) query = query.where('current_unit_id', '=', unitIdOf(app, q.unit, 'unit'))
  if (q.district) query = query.where('district_id', '=', unitIdOf(app, q.district, 'district'))
  if (q.category)
    query = query.where((eb) => eb.or([eb('category_code', '=', q.category as string), eb('category_code', 'like', `${q.category}.%`)]))
  if (q.channel) query = query.where('channel', '=', q.channel)
  if (q.box) query = query.where(tabPart ?? inBox(app, principal, q.box))
  if (q.from) query = query.where('created_at', '>=', new Date(q.from))
  if (q.to) query = query.where('created_at', '<', new Date(q.to))
  if (q.text) {
    const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) => eb.or([eb('title', 'ilike', like), eb('description', 'ilike', like), eb('number', '=', q.text as string)]))
  }
  return query
}

function unitIdOf(app: AppContext, code: string, field: string) {
  const unit = app.orgs.byCode(code)
  if (!unit) throw invalid(field, `No unit ${code}`)
  return unit.id
}

export async function getEvent(app: AppContext, principal: Principal, id: number): Promise<EventView> {
  const row = await app.database.db
    .selectFrom('events')
    .selectAll()
    .where('id', '=', id)
    .where(inScope(principal, app.orgs))
    .executeTakeFirst()
  if (!row) throw notFound('Event')
  const log = await readLog(app.database.db, id)
  // the reporter sees the units' messages to them and their own, never internal notes
  const visible = principal.kind === 'staff' ? log : log.filter((e) => e.action !== 'comment' || e.toReporter)
  const photos = (await photosOf(app.database.db, [id])).get(id) ?? []
  return {
    ...toView(app, row, principal, photos),
    timeline: visible.map((e) => timelineEntry(app, e, photos)),
    supervisions: principal.kind === 'staff' ? supervisionHistory(app.orgs, log) : undefined,
    allowedActions: allowedActions(app, principal, row),
  }
}

function toView(app: AppContext, row: EventRow, principal: Principal, photos: Array<Photo & { seq: number }> = []): EventView {
  const s = toState(row)
  const own = principal.kind === 'resident' && row.reporter_resident_id === principal.resident.id
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    description: row.description,
    category: row.category_code,
    priority: row.priority as EventView['priority'],
    channel: row.channel as EventView['channel'],
    state: s.state,
    lat: row.lat,
    lng: row.lng,
    address: row.address,
    community: app.orgs.ref(row.community_id),
    district: app.orgs.ref(row.district_id),
    currentUnit: app.orgs.ref(s.currentUnitId),
    reporter: {
      name: own ? row.reporter_name : maskName(row.reporter_name),
      phone: own ? row.reporter_phone : maskPhone(row.reporter_phone),
      anonymous: row.reporter_anonymous,
      masked: !own,
    },
    supervised: s.supervised,
    supervisionPending: s.supervisionPending,
    extensionPending: s.extensionPending,
    summoned: s.summoned,
    reopenCount: s.reopenCount,
    pressCount: s.pressCount,
    evaluation: s.evaluation,
    mergedInto: s.mergedInto,
    signDeadline: s.signDeadline,
    resolveDeadline: s.resolveDeadline,
    slaStatus: row.sla_status as EventView['slaStatus'],
    supervisionCount: row.supervision_count,
    version: s.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: s.updatedAt,
    photos: photos.map(({ id, url, kind }) => ({ id, url, kind })),
  }
}

function timelineEntry(app: AppContext, e: LogEntry & { seq: number }, photos: Array<Photo & { seq: number }>): TimelineEntry {
  const photoIds = photos.filter((p) => p.seq === e.seq).map((p) => p.id)
  return {
    seq: e.seq,
    action: e.action,
    fromState: e.fromState,
    toState: e.toState,
    fromUnit: app.orgs.ref(e.fromUnitId),
    toUnit: app.orgs.ref(e.toUnitId),
    actorUnit: app.orgs.ref(e.actorUnitId),
    actorKind: e.actorKind,
    note: e.note,
    data: e.changes as Record<string, unknown>,
    at: e.at,
    ...(e.toReporter ? { toReporter: true } : {}),
    ...(photoIds.length ? { photoIds } : {}),
  }
}

const CONTACT_ROLES = new Set(['operator', 'center_staff', 'dept_staff', 'mediator', 'grid_worker', 'supervisor'])

/** Shows a reporter's contact to staff whose role needs it; every look is written to the audit log. */
export async function revealContact(app: AppContext, principal: Principal, id: number, ip: string) {
  if (principal.kind !== 'staff' || !CONTACT_ROLES.has(principal.user.role)) throw forbidden('Your role may not see reporters’ contacts')
  const row = await app.database.db
    .selectFrom('events')
    .select(['reporter_name', 'reporter_phone', 'reporter_resident_id'])
    .where('id', '=', id)
    .where(inScope(principal, app.orgs))
    .executeTakeFirst()
  if (!row) throw notFound('Event')
  const resident = row.reporter_resident_id
    ? await app.database.db.selectFrom('residents').select(['name', 'phone']).where('id', '=', row.reporter_resident_id).executeTakeFirst()
    : undefined
  await app.database.db
    .insertInto('audit_log')
    .values({
      actor_user_id: principal.user.id,
      action: 'unmask_contact',
      target_kind: 'event',
      target_id: String(id),
      detail: JSON.stringify({ ip }),
    })
    .execute()
  return { name: resident?.name ?? row.reporter_name, phone: resident?.phone ?? row.reporter_phone }
}
