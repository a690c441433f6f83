/** Intake: a report from any channel becomes an event, routed bottom-up (or answered, or resolved on the spot). */
import type { Category, CreateEventBody, ResidentEventBody } from '@xiaolan/contracts'
import type { Transaction } from 'kysely'
import type { AppContext } from '../../../context.ts'
import type { DB } from '../../../db/types.ts'
import { AppError, invalid } from '../../../errors.ts'
import { sensitiveAtIntake } from '../../alerts/intake.ts'
import { raiseSensitive } from '../../alerts/store.ts'
import { type Classification, classify } from '../../intelligence/classifier.ts'
import { deriveTitle } from '../../privacy/masker.ts'
import { firstUnit } from '../../routing/route.ts'
import { UNTRACKED } from '../../sla/tracking.ts'
import { attachPhotos } from '../attachments.ts'
import { type Actor, type EventState, initialState, type LogEntry, submitEntry, transition } from '../lifecycle.ts'
import { onSpotSteps, onSpotUnit } from '../on-the-spot.ts'
import type { EventRow } from '../queries.ts'
import { probeContext } from '../workbench.ts'
import { insertEvent, rowAfter, transitionContext } from './write.ts'

type Intake = (CreateEventBody | ResidentEventBody) & {
  channel: CreateEventBody['channel']
  reporterName?: string | null
  reporterPhone?: string | null
  reporterResidentId?: number | null
  /** a partner platform's event: its API client and own id (unique together; an Open311 request has none), and when it happened */
  source?: { clientId: number; externalId?: string; occurredAt?: string }
}

/**
 * Creates an event and routes it bottom-up; returns its row and log as written, so the answer is
 * built without reading them back. `answer`: a 12345 operator answered it on the call, so it is
 * closed at once instead of routed.
 *
 * Everything that can be is worked out before the transaction (place, route, deadlines, every
 * step); the transaction only writes — the row (its number drawn in the same statement), the log,
 * the units that see it, the rollup deltas and the change notice — and holds no row another
 * intake needs.
 */
export async function createEvent(
  app: AppContext,
  intake: Intake,
  actor: Actor,
  options: { answer?: string; alongside?: (tx: Transaction<DB>, row: EventRow) => Promise<void> } = {},
): Promise<{ row: EventRow; log: Array<LogEntry & { seq: number }>; attached: boolean }> {
  const place = placeOf(app, intake, actor)
  const now = app.now()
  const description = intake.description.trim()
  // public views re-derive this title from the masked description (privacy/masker.ts maskedTitle)
  const title = intake.title?.trim() || deriveTitle(description)
  const said = `${intake.title?.trim() ?? ''} ${description}`
  const { category, guess } = categoryOf(app, intake.category, said)
  // 研判预警: sensitive words make the event urgent and raise an alert to its district center (while the rule is on)
  const sensitive = await sensitiveAtIntake(app, said)
  const priority = sensitive.length ? 'urgent' : ('priority' in intake && intake.priority) || category.priority
  const onSpot = 'resolvedOnSpot' in intake ? intake.resolvedOnSpot : undefined
  const target = onSpot
    ? onSpotUnit(app, actor, place.communityId)
    : guess && !guess.confident
      ? null
      : firstUnit(
          { communityResolvable: category.communityResolvable, communityId: place.communityId, districtId: place.districtId },
          app.orgs,
        )
  if (actor.kind === 'staff') mustSeeWhatTheyRegister(app, actor.unitId, [place.areaPath, target?.path])
  // a guess too weak to route on waits, submitted, at the district center (the city's when unlocated)
  const holder = guess && !guess.confident && !onSpot ? (place.districtId ?? undefined) : undefined
  const steps = intakeSteps(
    app,
    { actor, now, priority, category: category.code, target, onSpot, answer: options.answer, holder, note: guess && guessNote(app, guess) },
    intake,
  )
  const columns = rowAfter(app, { priority }, { state: null, sla: UNTRACKED }, steps)
  const row = await insertEvent(
    app,
    {
      title,
      description,
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
      external_id: intake.source?.externalId ?? null,
      source_client_id: intake.source?.clientId ?? null,
      occurred_at: intake.source?.occurredAt ?? null,
      created_at: now,
      ...columns,
    },
    steps,
    place.areaPath,
    async (tx, row) => {
      if (sensitive.length) {
        const e = { eventId: row.id, districtId: place.districtId, categoryCode: category.code, lat: place.lat, lng: place.lng, at: now }
        await raiseSensitive(app, tx, e, sensitive)
      }
      await attachPhotos(tx, { ids: intake.attachmentIds, eventId: row.id, seq: 1, kind: 'report', actor })
      if (onSpot) await attachPhotos(tx, { ids: onSpot.attachmentIds, eventId: row.id, seq: steps.length, kind: 'result', actor })
      // another module's row that must commit with the event (the knowledge base's answered-from link)
      await options.alongside?.(tx, row)
    },
  )
  const attached = Boolean(intake.attachmentIds?.length || onSpot?.attachmentIds?.length)
  return { row, log: steps.map(({ entry, after }) => ({ ...entry, seq: after.version })), attached }
}

/** The steps of an intake: submitted, then answered on the call, or routed (and resolved on the spot). */
export function intakeSteps(
  app: AppContext,
  o: {
    actor: Actor
    now: Date
    priority: string
    category: string
    target: { id: number } | null | undefined
    onSpot: { note: string } | undefined
    answer: string | undefined
    holder: number | undefined
    note: string | undefined
  },
  intake: { reporterResidentId?: number | null },
) {
  const submit = submitEntry({
    actor: o.actor,
    at: o.now,
    unitId: o.holder ?? app.orgs.root().id,
    reporterResidentId: intake.reporterResidentId ?? null,
    category: o.category,
    note: o.note,
  })
  const steps: Array<{ entry: LogEntry; after: EventState }> = [{ entry: submit, after: initialState(submit) }]
  if (o.answer !== undefined) {
    const answered = transition(steps[0].after, { type: 'answer', note: o.answer }, o.actor, probeContext(app, o.now))
    if (!answered.ok) throw answered.error
    steps.push({ entry: answered.entry, after: answered.next })
  } else if (o.target) {
    const ctx = transitionContext(app, o.priority, o.now, o.category)
    const routed = transition(steps[0].after, { type: 'route', unitId: o.target.id }, { kind: 'system' }, ctx)
    if (!routed.ok) throw routed.error
    steps.push({ entry: routed.entry, after: routed.next })
  }
  if (o.onSpot) {
    const ctx = transitionContext(app, o.priority, o.now, o.category)
    steps.push(...onSpotSteps(steps[steps.length - 1].after, o.actor, o.onSpot.note, ctx))
  }
  return steps
}

/**
 * The caller's category, or, when none was given (a partner platform, an import, the staff API), the
 * classifier's (issue 16): its confident subcategory, else its best top-level category. A guess that
 * is not `confident` is kept as the category but not routed on: the event waits, submitted, for its
 * district center to screen it: accept it onwards to a unit, correcting the category on the way
 * (commands/act.ts), or change the category first (the recategorize action).
 */
export function categoryOf(app: AppContext, code: string | undefined, text: string): { category: Category; guess?: Classification } {
  if (code !== undefined) {
    const category = app.categories.get(code)
    if (!category) throw invalid('category', `Unknown category ${code}`)
    return { category }
  }
  const guess = classify(text, { isActive: (c) => app.categories.get(c) !== undefined })
  const category = app.categories.get(guess.subcategory ?? guess.top)
  if (!category) throw invalid('category', 'Choose a category: none could be suggested for this text')
  return { category, guess }
}

/** The submit step says the system chose the category, how sure it was and on which words. */
export function guessNote(app: AppContext, guess: Classification): string {
  const code = guess.subcategory ?? guess.top
  const name = app.categories.get(code)?.nameZh ?? code
  const why = guess.explanation.length ? `，依据：${guess.explanation.join('、')}` : ''
  const wait = guess.confident ? '' : '；把握不足，待区中心确认分类后分拨'
  return `系统分类：${name}（${Math.round(guess.confidence * 100)}%${why}）${wait}`
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
    throw new AppError('outside_area', 403, 'This place is outside your unit’s area: the 12345 desk or the unit of that area registers it')
  }
}

/** The intake's place: a point located in the city, a community by its code, or none yet (the city center screens it). */
export function placeOf(app: AppContext, intake: Pick<Intake, 'lat' | 'lng' | 'communityCode' | 'channel'>, actor: Actor) {
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
