/**
 * Partner ingestion (issue 17, item 3): a partner platform's events, one or a batch. Each item is
 * checked, located and classified on its own (a bad one is answered as an error naming its field,
 * before anything is written); the good ones are then written together through the events module's
 * batch path (commands/batch.ts: a few statements for the whole batch, one transaction). Idempotent on
 * (client, external id): an id the client sent before answers `duplicate` with its event; sends racing
 * each other all try the insert, and the unique index (0027) with ON CONFLICT DO NOTHING leaves the
 * later ones to answer the same `duplicate`.
 *
 * Each item is checked against IngestItem here rather than by the route's schema, which would refuse
 * the whole batch for one bad item. Only what no route accepts (a NUL, an unpaired surrogate, a body
 * nested too deep) refuses the request, as everywhere.
 */
import { INGEST_BATCH_MAX, type IngestedEventView, IngestItem, type IngestResult, type PartnerChannel } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import { AppError, invalid, notFound } from '../../errors.ts'
import { compileValidator, type RequestValidationError } from '../../validation.ts'
import type { ApiClient } from '../clients/auth.ts'
import { coversUnit, mayUseChannel, partnerChannels } from '../clients/policy.ts'
import { type PlannedIntake, planPartnerIntake, type WrittenEvent, writeEventBatch } from '../events/commands/batch.ts'
import { reserveNumbers } from '../events/numbers.ts'
import { trackEvent } from '../events/public.ts'
import { eventOfSource, eventsOfSources } from '../events/sources.ts'
import type { OrgUnit } from '../orgs/directory.ts'
import type { placeSearch } from '../orgs/place-search.ts'

export type PlaceFinder = ReturnType<typeof placeSearch>

/** Items placed at once (an address asks the gazetteer): enough to keep a PostgreSQL pool busy, few enough not to starve other requests. */
const PARALLEL = 4

const checkItem = compileValidator({ schema: IngestItem, method: 'POST', url: '/api/v1/ingest/events', httpPart: 'body' })

/** The field a schema error names, as the API's error handler names it (`lat`, `reporterPhone`, `description`). */
function fieldOf(error: RequestValidationError): { field: string; message: string } {
  const first = error.validation[0]
  const path = first?.instancePath.replace(/^\//, '').replaceAll('/', '.') ?? ''
  const field = path || String(first?.params.missingProperty ?? first?.params.additionalProperty ?? 'item')
  return { field, message: `${field} ${first?.message ?? 'is invalid'}` }
}

const failed = (externalId: string | null, field: string, message: string): IngestResult => ({
  externalId,
  status: 'error',
  error: { field, message },
})

/**
 * The items of a request: `{items}` or one event. The body schema's second branch (one event, checked
 * item by item) would also take an oversized batch, so the batch's bounds are checked here.
 */
export function itemsOf(body: unknown): unknown[] {
  if (!body || typeof body !== 'object' || !('items' in body)) return [body]
  const { items } = body as { items: unknown }
  if (!Array.isArray(items) || items.length < 1 || items.length > INGEST_BATCH_MAX) {
    throw invalid('items', `A batch has 1 to ${INGEST_BATCH_MAX} items`)
  }
  return items
}

/**
 * A partner's items, answered one for one in order: each checked, its duplicates found (one query),
 * placed and planned on its own — a bad item is its error — then the good ones written together.
 */
export async function ingestEvents(app: AppContext, client: ApiClient, items: unknown[], places: PlaceFinder): Promise<IngestResult[]> {
  const results: IngestResult[] = new Array(items.length)
  const now = app.now()
  // checked one by one; an external id repeated in the batch is answered as its first item was
  const checked: Array<{ i: number; item: IngestItem; channel: PartnerChannel }> = []
  const firstOf = new Map<string, number>()
  const repeats: Array<{ i: number; first: number }> = []
  items.forEach((raw, i) => {
    const item = checkedItem(client, raw)
    if ('status' in item) {
      results[i] = item
      return
    }
    const first = firstOf.get(item.item.externalId)
    if (first !== undefined) repeats.push({ i, first })
    else {
      firstOf.set(item.item.externalId, i)
      checked.push({ i, ...item })
    }
  })
  const db = app.database.db
  const known = await eventsOfSources(
    db,
    client.id,
    checked.map((c) => c.item.externalId),
  )
  const fresh = checked.filter(({ i, item }) => {
    const before = known.get(item.externalId)
    if (before) results[i] = { externalId: item.externalId, status: 'duplicate', id: before.id, number: before.number }
    return !before
  })
  // classification and location per item, before anything is written (an address may ask the gazetteer)
  const planned: Array<{ i: number; externalId: string; plan: PlannedIntake }> = []
  await inParallel(fresh, async ({ i, item, channel }) => {
    try {
      const communityCode = await placeOf(app, client, item, places)
      const plan = await planPartnerIntake(
        app,
        {
          ...item,
          channel,
          communityCode,
          reporterName: item.reporterName ?? null,
          reporterPhone: item.reporterPhone ?? null,
          source: { clientId: client.id, externalId: item.externalId, occurredAt: item.occurredAt },
        },
        now,
      )
      planned.push({ i, externalId: item.externalId, plan })
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error
      results[i] = failed(item.externalId, String(error.details?.field ?? 'item'), error.message)
    }
  })
  planned.sort((a, b) => a.i - b.i)
  await writePlanned(app, client, planned, results)
  for (const { i, first } of repeats) {
    const r = results[first]
    const externalId = (items[i] as { externalId: string }).externalId
    results[i] =
      r.status === 'error'
        ? failed(externalId, 'externalId', `The same externalId as item ${first + 1} of this batch, which failed`)
        : { externalId, status: 'duplicate', id: r.id, number: r.number }
  }
  return results
}

/** The item checked against IngestItem and the client's channels, or its error. */
function checkedItem(client: ApiClient, raw: unknown): { item: IngestItem; channel: PartnerChannel } | IngestResult {
  const given = (raw as { externalId?: unknown } | null)?.externalId
  const checked = checkItem(raw)
  if ('error' in (checked as object)) {
    const { field, message } = fieldOf((checked as { error: RequestValidationError }).error)
    return failed(typeof given === 'string' && given.length <= 100 ? given : null, field, message)
  }
  const item = (checked as { value: IngestItem }).value
  // a client of several channels names each item's: counting it under whichever came first would skew the statistics
  const partner = partnerChannels(client)
  if (item.channel === undefined && partner.length !== 1) {
    const why = partner.length ? `This client reports by ${partner.join(', ')}: name the item's channel` : 'This client reports no events'
    return failed(item.externalId, 'channel', why)
  }
  const channel: PartnerChannel = item.channel ?? partner[0]
  if (!mayUseChannel(client, channel)) return failed(item.externalId, 'channel', `This client may not report by ${channel}`)
  return { item, channel }
}

/**
 * Writes the planned items in one transaction through the events module's batch path, their numbers
 * reserved first. An item the batch skipped was sent by a concurrent retry that committed first: it
 * answers `duplicate` with that event. Should the batch fail as a whole (nothing the plan foresaw),
 * each item is written alone, so only the item at fault is an error.
 */
async function writePlanned(
  app: AppContext,
  client: ApiClient,
  planned: Array<{ i: number; externalId: string; plan: PlannedIntake }>,
  results: IngestResult[],
): Promise<void> {
  if (planned.length === 0) return
  const db = app.database.db
  const perDay = new Map<string, number>()
  for (const { plan } of planned) perDay.set(plan.day, (perDay.get(plan.day) ?? 0) + 1)
  const numbers = await reserveNumbers(db, perDay)
  const next = new Map([...numbers].map(([day, list]) => [day, list[Symbol.iterator]()]))
  const events = planned.map(({ plan: { day, row, ...rest } }) => ({
    ...rest,
    row: { ...row, number: next.get(day)?.next().value as string },
  }))
  let written: Array<WrittenEvent | null>
  try {
    written = await db.transaction().execute((tx) => writeEventBatch(app, tx, events, { skipTakenSources: true }))
  } catch (error) {
    if (planned.length === 1) {
      app.log.error({ err: error, clientId: client.id, externalId: planned[0].externalId }, 'ingest: an item could not be written')
      results[planned[0].i] = failed(planned[0].externalId, 'item', 'This item could not be written')
      return
    }
    app.log.warn(
      { err: error, clientId: client.id, items: planned.length },
      'ingest: the batch failed as a whole; writing its items one by one',
    )
    for (const one of planned) await writePlanned(app, client, [one], results)
    return
  }
  const skipped = planned.filter((_, k) => written[k] === null).map((p) => p.externalId)
  const raced = await eventsOfSources(db, client.id, skipped)
  planned.forEach(({ i, externalId }, k) => {
    const w = written[k] ?? raced.get(externalId)
    results[i] = w
      ? { externalId, status: written[k] ? 'created' : 'duplicate', id: w.id, number: w.number }
      : failed(externalId, 'externalId', 'Another request is writing this externalId: ask for it again')
  })
}

/** Runs `work` over `list`, PARALLEL at a time. */
async function inParallel<T>(list: readonly T[], work: (item: T) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < list.length) await work(list[next++])
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, list.length) }, worker))
}

/**
 * Where the item is, checked against the client's area: a point or a community as given (the intake
 * locates a point), else the community its address text names in the gazetteer — the one best match,
 * not a tie between communities. 400 naming the field it came from when it is outside the area.
 */
async function placeOf(app: AppContext, client: ApiClient, item: IngestItem, places: PlaceFinder): Promise<string | undefined> {
  const scope = client.scopeUnitId === null ? undefined : app.orgs.unit(client.scopeUnitId)
  const inArea = (unit: OrgUnit | undefined, field: string) => {
    if (unit && !coversUnit(app, client, unit)) throw invalid(field, 'This place is outside the area this client reports for')
  }
  if (item.lat !== undefined && item.lng !== undefined) {
    const found = app.orgs.locate(item.lat, item.lng)
    if (!found) throw invalid('lat', 'This point is outside the city')
    inArea(app.orgs.unit(found.communityId ?? found.streetId ?? found.districtId ?? found.cityId), 'lat')
    return item.communityCode
  }
  if (item.lat !== undefined || item.lng !== undefined) return item.communityCode // the intake names the missing half
  if (item.communityCode) {
    inArea(app.orgs.byCode(item.communityCode), 'communityCode')
    return item.communityCode
  }
  if (!item.address?.trim()) throw invalid('lat', 'Give lat and lng, a communityCode or an address')
  const { items } = await places(item.address, 3, scope?.path)
  const [best, second] = items
  if (!best) throw invalid('address', 'No community of this client’s area matches the address')
  if (second && second.rank === best.rank && second.community.code !== best.community.code) {
    throw invalid('address', `The address may be in ${best.community.name} or ${second.community.name}: send a point or a communityCode`)
  }
  return best.community.code
}

/** An event the client sent, by its external id: its state and public timeline (no name, no phone). */
export async function ingestedEvent(app: AppContext, client: ApiClient, externalId: string): Promise<IngestedEventView> {
  const event = await eventOfSource(app.database.db, client.id, externalId)
  if (!event) throw notFound('Event')
  return { externalId, ...(await trackEvent(app, event.number)) }
}
