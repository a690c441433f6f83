/**
 * GeoReport v2 service requests: our events as the public may see them (events/public.ts's records,
 * through the masker), never a name, phone or e-mail address.
 *
 * Status: `open` while the event is submitted, assigned, in progress or under review; `closed` once
 * it is resolved (已办结: the work is done, the reporter is asked to evaluate), closed, rejected or
 * merged into another event. `status_notes` is the newest public note of its timeline (else the
 * state in words), `agency_responsible` the unit the timeline last sent it to.
 */
import { DAY_MS, OPEN_STATES, type Open311Request, type Open311RequestsQuery, type PublicTrackView } from '@xiaolan/contracts'
import { chinaOffsetIso } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import { invalid, notFound } from '../../errors.ts'
import { type PublicRecord, publicRecords } from '../events/public.ts'
import { EXPORT_WORDS } from '../sla/export-words.ts'

export const CLOSED_STATES = ['resolved', 'closed', 'rejected', 'merged'] as const

/** The span `GET requests` covers at most, and by default (the last 90 days). */
const MAX_SPAN_MS = 90 * DAY_MS
/** The most requests one answer lists, newest first (the spec leaves paging to the server). */
const MAX_REQUESTS = 1000
const MAX_IDS = 100

const statusOf = (state: string): 'open' | 'closed' => ((CLOSED_STATES as readonly string[]).includes(state) ? 'closed' : 'open')

/** Three decimals (about 100 m): where the matter is, not which door. */
const coarse = (degrees: number) => Math.round(degrees * 1000) / 1000

function requestOf(app: AppContext, r: PublicRecord, extensions: boolean): Open311Request {
  const t = r.track
  const category = app.categories.get(t.category)
  const community = r.communityId === null ? undefined : app.orgs.unit(r.communityId)
  const street = community?.parentId == null ? null : (app.orgs.ref(community.parentId)?.name ?? null)
  const newestFirst = [...t.timeline].reverse()
  const noted = newestFirst.find((e) => e.note !== null)
  const sent = newestFirst.find((e) => e.toUnit !== null)?.toUnit ?? newestFirst.find((e) => e.unit !== null)?.unit ?? null
  const request: Open311Request = {
    service_request_id: t.number,
    status: statusOf(t.state),
    status_notes: noted?.note ?? EXPORT_WORDS['zh-CN'].state[t.state],
    service_name: category?.nameZh ?? null,
    service_code: t.category,
    description: r.description,
    agency_responsible: sent,
    service_notice: null,
    requested_datetime: chinaOffsetIso(t.createdAt),
    updated_datetime: chinaOffsetIso(r.updatedAt),
    expected_datetime: r.resolveDeadline === null ? null : chinaOffsetIso(r.resolveDeadline),
    // the areas, most specific first, as the spec orders an address; never the reporter's own words of it
    address: [t.community, street, t.district].filter(Boolean).join('，') || null,
    address_id: null,
    zipcode: null,
    lat: r.point && coarse(r.point.lat),
    long: r.point && coarse(r.point.lng),
    media_url: null,
  }
  if (extensions) request.extended_attributes = extensionsOf(t, street)
  return request
}

function extensionsOf(t: PublicTrackView, street: string | null): NonNullable<Open311Request['extended_attributes']> {
  return {
    state: t.state,
    district: t.district,
    street,
    community: t.community,
    timeline: t.timeline.map((e) => ({
      at: chinaOffsetIso(e.at),
      action: e.action,
      state: e.toState,
      actor: e.actor,
      unit: e.toUnit ?? e.unit,
      note: e.note,
    })),
  }
}

const listOf = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/** `GET requests`: by ids (the other filters then ignored, as the spec says), else by service, dates, status. */
export async function findRequests(app: AppContext, q: Open311RequestsQuery): Promise<Open311Request[]> {
  const extensions = q.extensions === 'true'
  if (q.service_request_id !== undefined) {
    const numbers = listOf(q.service_request_id)
    if (numbers.length > MAX_IDS) throw invalid('service_request_id', `At most ${MAX_IDS} ids at once`)
    const records = await publicRecords(app, { numbers, limit: MAX_IDS })
    return records.map((r) => requestOf(app, r, extensions))
  }
  const { from, to } = spanOf(app, q)
  const categories = q.service_code === undefined ? undefined : listOf(q.service_code)
  for (const code of categories ?? []) {
    if (!app.categories.get(code)) throw invalid('service_code', `No service ${code}`)
  }
  const records = await publicRecords(app, {
    categories,
    states: q.status === undefined ? undefined : q.status === 'open' ? OPEN_STATES : CLOSED_STATES,
    createdFrom: from,
    createdTo: to,
    updatedAfter: q.updated_after === undefined ? undefined : new Date(q.updated_after),
    limit: MAX_REQUESTS,
  })
  return records.map((r) => requestOf(app, r, extensions))
}

/**
 * The created span asked: both ends as given (at most 90 days apart), one end and 90 days from it
 * (the end never past now), or neither: the last 90 days.
 */
function spanOf(app: AppContext, q: Open311RequestsQuery): { from: Date; to: Date } {
  const now = app.now().getTime()
  const start = q.start_date === undefined ? undefined : Date.parse(q.start_date)
  const end = q.end_date === undefined ? undefined : Date.parse(q.end_date)
  if (start !== undefined && end !== undefined) {
    if (end < start) throw invalid('end_date', 'end_date is before start_date')
    if (end - start > MAX_SPAN_MS) throw invalid('end_date', 'start_date and end_date may be at most 90 days apart')
    return { from: new Date(start), to: new Date(end) }
  }
  if (start !== undefined) return { from: new Date(start), to: new Date(Math.max(start, Math.min(now, start + MAX_SPAN_MS))) }
  const to = end ?? now
  return { from: new Date(to - MAX_SPAN_MS), to: new Date(to) }
}

/** `GET requests/{id}`: one request, in a list as the spec answers it. */
export async function requestById(app: AppContext, number: string, extensions = false): Promise<Open311Request[]> {
  const [record] = await publicRecords(app, { numbers: [number], limit: 1 })
  if (!record) throw notFound(`Request ${number}`)
  return [requestOf(app, record, extensions)]
}

/** `GET tokens/{token}`: our requests get their id at once, and the token is that id. */
export async function requestByToken(app: AppContext, token: string) {
  const [record] = await publicRecords(app, { numbers: [token], limit: 1 })
  if (!record) throw notFound(`Token ${token}`)
  return [{ service_request_id: record.track.number, token }]
}
