/**
 * Partner ingestion (issue 17, item 3): a partner platform's events, one or a batch, each through the
 * events module's intake (createEvent) in its own transaction, so a bad item is answered as an error
 * and never undoes the good ones. Idempotent on (client, external id): an id the client sent before
 * answers `duplicate` with its event; two sends racing each other both try the insert, and the
 * unique index (0027) turns the second into the same `duplicate`.
 *
 * Each item is checked against IngestItem here rather than by the route's schema, which would refuse
 * the whole batch for one bad item. Only what no route accepts (a NUL, an unpaired surrogate, a body
 * nested too deep) refuses the request, as everywhere.
 */
import {
  type Channel,
  INGEST_BATCH_MAX,
  type IngestedEventView,
  IngestItem,
  type IngestResult,
  type PartnerChannel,
} from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import { AppError, invalid, notFound } from '../../errors.ts'
import { compileValidator, type RequestValidationError } from '../../validation.ts'
import type { ApiClient } from '../clients/auth.ts'
import { coversUnit, mayUseChannel } from '../clients/policy.ts'
import { createEvent } from '../events/commands/report.ts'
import { trackEvent } from '../events/public.ts'
import { eventOfSource, isTakenSource } from '../events/sources.ts'
import type { OrgUnit } from '../orgs/directory.ts'
import type { placeSearch } from '../orgs/place-search.ts'

export type PlaceFinder = ReturnType<typeof placeSearch>

/** Items written at once: enough to keep a PostgreSQL pool busy, few enough not to starve other requests. */
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

export async function ingestEvents(app: AppContext, client: ApiClient, items: unknown[], places: PlaceFinder): Promise<IngestResult[]> {
  const results: IngestResult[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await ingestOne(app, client, items[i], places)
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker))
  return results
}

async function ingestOne(app: AppContext, client: ApiClient, raw: unknown, places: PlaceFinder): Promise<IngestResult> {
  const given = (raw as { externalId?: unknown } | null)?.externalId
  const checked = checkItem(raw)
  if ('error' in (checked as object)) {
    const { field, message } = fieldOf((checked as { error: RequestValidationError }).error)
    return failed(typeof given === 'string' && given.length <= 100 ? given : null, field, message)
  }
  const item = (checked as { value: IngestItem }).value
  const externalId = item.externalId
  // a client of several channels names each item's: counting it under whichever came first would skew the statistics
  if (item.channel === undefined && client.channels.length > 1) {
    return failed(externalId, 'channel', `This client reports by ${client.channels.join(', ')}: name the item's channel`)
  }
  const channel: Channel = item.channel ?? client.channels[0]
  if (!mayUseChannel(client, channel)) return failed(externalId, 'channel', `This client may not report by ${channel}`)
  const db = app.database.db
  const duplicate = async () => {
    const before = await eventOfSource(db, client.id, externalId)
    return before ? { externalId, status: 'duplicate' as const, id: before.id, number: before.number } : undefined
  }
  const known = await duplicate()
  if (known) return known
  try {
    const communityCode = await placeOf(app, client, item, places)
    const { row } = await createEvent(
      app,
      {
        channel: channel as PartnerChannel,
        category: item.category,
        title: item.title,
        description: item.description,
        lat: item.lat,
        lng: item.lng,
        communityCode,
        address: item.address,
        reporterName: item.reporterName ?? null,
        reporterPhone: item.reporterPhone ?? null,
        source: { clientId: client.id, externalId, occurredAt: item.occurredAt },
      },
      { kind: 'system' },
    )
    return { externalId, status: 'created', id: row.id, number: row.number }
  } catch (error) {
    if (isTakenSource(error)) {
      const raced = await duplicate()
      if (raced) return raced
    }
    if (error instanceof AppError && error.status < 500) {
      return failed(externalId, String(error.details?.field ?? 'item'), error.message)
    }
    throw error
  }
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
