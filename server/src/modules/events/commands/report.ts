/** Intake: a report from any channel becomes an event, routed bottom-up (or answered, or resolved on the spot). */
import type { CreateEventBody, ResidentEventBody } from '@xiaolan/contracts'
import { sql, type Transaction } from 'kysely'
import { chinaDateOf } from '../../../china-time.ts'
import type { AppContext } from '../../../context.ts'
import type { DB } from '../../../db/types.ts'
import { AppError, invalid } from '../../../errors.ts'
import { deriveTitle } from '../../privacy/masker.ts'
import { firstUnit } from '../../routing/route.ts'
import { UNTRACKED } from '../../sla/tracking.ts'
import { attachPhotos } from '../attachments.ts'
import { type Actor, type EventState, initialState, type LogEntry, submitEntry, transition } from '../lifecycle.ts'
import { onSpotSteps, onSpotUnit } from '../on-the-spot.ts'
import { probeContext } from '../workbench.ts'
import { logSteps, rowAfter, transitionContext } from './write.ts'

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
    const columns = rowAfter(app, { category: category.code, priority }, { state: null, sla: UNTRACKED }, steps)
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
        ...columns,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
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
    await logSteps(app, tx, facts, null, steps, place.areaPath)
    await attachPhotos(tx, { ids: intake.attachmentIds, eventId: id, seq: 1, kind: 'report', actor })
    if (onSpot) await attachPhotos(tx, { ids: onSpot.attachmentIds, eventId: id, seq: steps.length, kind: 'result', actor })
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
    throw new AppError('outside_area', 403, 'This place is outside your unit’s area: the 12345 desk or the unit of that area registers it')
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
  const day = chinaDateOf(now).replaceAll('-', '')
  const { last } = await tx
    .insertInto('event_numbers')
    .values({ day, last: 1 })
    .onConflict((oc) => oc.column('day').doUpdateSet({ last: sql`event_numbers.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow()
  return `LZ${day}-${String(last).padStart(6, '0')}`
}
