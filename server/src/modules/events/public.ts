/**
 * What anyone may read without an account: the public list of events (公开) and tracking by
 * number. Both are built only through the masker (privacy/masker.ts): no names, phones, ID numbers
 * or rooms, titles re-derived from the masked description, every timeline note masked; a
 * hide-my-name report shows only its category and none of its reporter's words.
 */
import {
  type Page,
  type PublicActor,
  type PublicEventsQuery,
  type PublicEventView,
  type PublicTimelineEntry,
  type PublicTrackView,
  UNIT_ONLY_NOTES,
} from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import { invalid, notFound } from '../../errors.ts'
import { pageOf, readCursor } from '../../keyset.ts'
import { staffRoles } from '../accounts/staff-roles.ts'
import { type KeepWords, type KnownPersonalData, keepWords, maskedTitle, maskForPublic } from '../privacy/masker.ts'
import type { LogEntry } from './lifecycle.ts'
import { type EventRow, logEntryOf, readLog } from './queries.ts'

/** What the masker must know about an event's reporter besides the shapes of numbers. */
export const knownOf = (r: { reporter_name: string | null; reporter_phone: string | null }): KnownPersonalData => ({
  names: [r.reporter_name],
  numbers: [r.reporter_phone],
})

/** The public title: null for a hide-my-name report, else through the masker as a whole text. */
const publicTitle = (r: { title: string; description: string; reporter_anonymous: boolean }, known: KnownPersonalData, keep: KeepWords) =>
  r.reporter_anonymous ? null : maskedTitle(r, (text) => maskForPublic(text, known, keep))

/** What the public views read of an event: its public facts and what the masker must know. */
export const PUBLIC_COLUMNS = [
  'id',
  'number',
  'title',
  'description',
  'category_code',
  'state',
  'district_id',
  'community_id',
  'created_at',
  'reporter_anonymous',
  'reporter_name',
  'reporter_phone',
] as const

let kept: { orgs: AppContext['orgs']; categories: AppContext['categories']; words: KeepWords } | undefined
/**
 * The words the masker never takes for a person's name: every unit's name and the category
 * names and keywords. Built again when either catalogue is replaced.
 */
function keepOf(app: AppContext): KeepWords {
  if (kept?.orgs !== app.orgs || kept.categories !== app.categories) {
    const words = [...app.orgs.all().map((u) => u.name), ...app.categories.all().flatMap((c) => [c.nameZh, ...c.keywords])]
    kept = { orgs: app.orgs, categories: app.categories, words: keepWords(words) }
  }
  return kept.words
}

export async function listPublicEvents(app: AppContext, q: PublicEventsQuery): Promise<Page<PublicEventView>> {
  const limit = q.limit ?? 20
  let query = app.database.db
    .selectFrom('events')
    .select([...PUBLIC_COLUMNS, 'current_unit_id', 'updated_at'])
    .where('state', 'not in', NOT_PUBLIC)
    .where('channel', 'not in', UNLISTED_CHANNELS)
  if (q.district) {
    const district = app.orgs.byCode(q.district)
    if (district?.kind !== 'center' || district.level !== 2) throw invalid('district', `No district ${q.district}`)
    query = query.where('district_id', '=', district.id)
  }
  const before = readCursor(q.next, ['bigint'])?.[0]
  if (before !== undefined) query = query.where('id', '<', before)
  const { page, next } = pageOf(
    await query
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute(),
    limit,
    (r) => [r.id],
  )
  return { items: page.map(publicRowOf(app)), next }
}

/** Not yet screened, turned down or folded into another: nothing to show the public. */
export const NOT_PUBLIC = ['submitted', 'rejected', 'merged'] as const
/** A center's own work orders (研判预警吹哨's 主单): the units' coordination, not a report to list. */
const UNLISTED_CHANNELS = ['alert'] as const

type PublicRow = Pick<EventRow, (typeof PUBLIC_COLUMNS)[number] | 'current_unit_id' | 'updated_at'>

/** The public list's row of an event (公开, and a resident's 我关注的): through the masker. */
export function publicRowOf(app: AppContext): (r: PublicRow) => PublicEventView {
  const keep = keepOf(app)
  return (r) => ({
    number: r.number,
    title: publicTitle(r, knownOf(r), keep),
    category: r.category_code,
    state: r.state as PublicEventView['state'],
    district: app.orgs.ref(r.district_id)?.name ?? null,
    community: app.orgs.ref(r.community_id)?.name ?? null,
    unit: app.orgs.ref(r.current_unit_id)?.name ?? null,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  })
}

/** Anyone with the number: progress and who acted in public terms, never a name, phone or ID number. */
export async function trackEvent(app: AppContext, number: string): Promise<PublicTrackView> {
  const row = await app.database.db.selectFrom('events').select(PUBLIC_COLUMNS).where('number', '=', number).executeTakeFirst()
  if (!row) throw notFound('Event')
  const log = await readLog(app.database.db, row.id)
  const roles = await staffRoles(app.database.db, actorsOf(log))
  return trackViewOf(app, row, log, roles, keepOf(app))
}

type TrackRow = Pick<EventRow, (typeof PUBLIC_COLUMNS)[number]>

/** The staff members who took these steps, whose roles say how the public names them. */
const actorsOf = (log: readonly LogEntry[]) => log.flatMap((e) => (e.actorUserId === null ? [] : [e.actorUserId]))

function trackViewOf(
  app: AppContext,
  row: TrackRow,
  fullLog: ReadonlyArray<LogEntry & { seq: number }>,
  roles: Map<number, string>,
  keep: KeepWords,
): PublicTrackView {
  const known = knownOf(row)
  // messages between the units and the reporter are never public
  const log = fullLog.filter((e) => e.action !== 'comment')
  return {
    id: row.id,
    number: row.number,
    // numbers are sequential, so anyone can look one up: a hide-my-name report shows no words of its own
    title: publicTitle(row, known, keep),
    category: row.category_code,
    state: row.state as PublicTrackView['state'],
    district: app.orgs.ref(row.district_id)?.name ?? null,
    community: app.orgs.ref(row.community_id)?.name ?? null,
    createdAt: new Date(row.created_at).toISOString(),
    timeline: log.map((e): PublicTimelineEntry => {
      const actor = publicActor(e, e.actorUserId === null ? undefined : roles.get(e.actorUserId))
      const ownWords = actor === 'reporter' && row.reporter_anonymous
      const moved = e.action !== 'submit' && e.toUnitId !== null && e.toUnitId !== e.fromUnitId
      return {
        seq: e.seq,
        action: e.action,
        toState: e.toState,
        at: e.at,
        note: e.note === null || ownWords || UNIT_ONLY_NOTES.includes(e.action) ? null : maskForPublic(e.note, known, keep),
        actor,
        unit: actor === 'unit' ? (app.orgs.ref(e.actorUnitId)?.name ?? null) : null,
        toUnit: moved ? (app.orgs.ref(e.toUnitId)?.name ?? null) : null,
      }
    }),
  }
}

/** Which events `publicRecords` reads: by numbers (any state, as `/track` shows them), else the public list's. */
export interface PublicRecordFilter {
  numbers?: readonly string[]
  categories?: readonly string[]
  states?: readonly string[]
  createdFrom?: Date
  createdTo?: Date
  updatedAfter?: Date
  limit: number
}

/** An event as the public may read it with the facts an interchange format needs (Open311). */
export interface PublicRecord {
  track: PublicTrackView
  /** through the masker; null for a hide-my-name report */
  description: string | null
  communityId: number | null
  updatedAt: string
  resolveDeadline: string | null
  point: { lat: number; lng: number } | null
}

/**
 * Events with their public timelines, newest first, read in two statements whatever their number:
 * the rows, then every step of them. Without `numbers` only what the public list shows (not one held
 * unscreened, turned down or merged).
 */
export async function publicRecords(app: AppContext, f: PublicRecordFilter): Promise<PublicRecord[]> {
  let query = app.database.db
    .selectFrom('events')
    .select([...PUBLIC_COLUMNS, 'updated_at', 'resolve_deadline', 'lat', 'lng', 'priority', 'channel'])
  if (f.numbers) query = query.where('number', 'in', f.numbers.length ? [...f.numbers] : [''])
  else query = query.where('state', 'not in', NOT_PUBLIC).where('channel', 'not in', UNLISTED_CHANNELS)
  if (f.categories) query = query.where('category_code', 'in', f.categories.length ? [...f.categories] : [''])
  if (f.states) query = query.where('state', 'in', f.states.length ? [...f.states] : [''])
  if (f.createdFrom) query = query.where('created_at', '>=', f.createdFrom)
  if (f.createdTo) query = query.where('created_at', '<=', f.createdTo)
  if (f.updatedAfter) query = query.where('updated_at', '>', f.updatedAfter)
  const rows = await query.orderBy('id', 'desc').limit(f.limit).execute()
  if (!rows.length) return []
  const steps = await app.database.db
    .selectFrom('event_actions')
    .selectAll()
    .where(
      'event_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('event_id')
    .orderBy('seq')
    .execute()
  const logs = new Map<number, Array<LogEntry & { seq: number }>>()
  for (const s of steps) {
    const log = logs.get(s.event_id) ?? []
    if (!log.length) logs.set(s.event_id, log)
    log.push({ seq: s.seq, ...logEntryOf(s) })
  }
  const roles = await staffRoles(app.database.db, actorsOf([...logs.values()].flat()))
  const keep = keepOf(app)
  return rows.map((r) => {
    // asked by number, an event the public list would not show (held unscreened, turned down, merged,
    // a center's own order) or an urgent one (a sensitive report's words) keeps its words and point
    // to itself: its progress is all anyone with the number learns, as on /track
    const withheld =
      r.reporter_anonymous ||
      r.priority === 'urgent' ||
      (NOT_PUBLIC as readonly string[]).includes(r.state) ||
      (UNLISTED_CHANNELS as readonly string[]).includes(r.channel)
    return {
      track: trackViewOf(app, r, logs.get(r.id) ?? [], roles, keep),
      description: withheld ? null : maskForPublic(r.description, knownOf(r), keep),
      communityId: r.community_id,
      updatedAt: new Date(r.updated_at).toISOString(),
      resolveDeadline: r.resolve_deadline === null ? null : new Date(r.resolve_deadline).toISOString(),
      point: withheld || r.lat === null || r.lng === null ? null : { lat: r.lat, lng: r.lng },
    }
  })
}

/**
 * Who took a step, as the public may know it. The reporter's own steps are theirs whatever desk
 * recorded them: a rating taken on the 12345 return call is the caller's rating, not the
 * operator's. Other steps of a 12345 operator are the hotline's (intake, screening, an answer on
 * the call); a staff member of any other role acts for their unit.
 */
export function publicActor(entry: Pick<LogEntry, 'action' | 'actorKind'>, staffRole: string | undefined): PublicActor {
  // a rating or a press is the reporter's, whoever recorded it: an operator's callback, the system for a caller's link
  if (entry.actorKind === 'resident' || entry.action === 'evaluate' || entry.action === 'press') return 'reporter'
  if (entry.actorKind === 'system') return 'system'
  return staffRole === 'operator' ? 'hotline' : 'unit'
}
