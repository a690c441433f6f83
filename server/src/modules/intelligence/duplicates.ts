/**
 * The one duplicate finder (issue 16, item 4): open events within R metres and T days of a new
 * report whose text is similar, ranked by one score of distance, age and text.
 *
 * Text: the cosine of term-count vectors of jieba words plus character 2- and 3-grams (text.ts's
 * `terms`, the classifier's features). Cosine rather than MinHash: the candidates are a few hundred
 * events in a box, so exact vectors cost microseconds and MinHash's approximation buys nothing;
 * words catch rephrasings with shared vocabulary (垃圾桶/满溢), n-grams catch segmentation misses,
 * typos and short texts. Place names are left out of the words (every report at 北门 shares them).
 *
 * Defaults: R = 1000 m for staff and 250 m for residents (FixMyStreet offers same-category
 * reports within 250 m to the public and 1 km to staff); T = 14 days — an open pothole or an
 * overflowing bin is reported again within days to two weeks, while older open events are
 * usually a separate, longer-running matter the desk already knows; minimum score 0.15.
 */
import type { DuplicateCandidate, DuplicateSettingsBody, DuplicateSettingsView, PublicDuplicate } from '@xiaolan/contracts'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { notFound } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import { recordChange } from '../audit/log.ts'
import { eventMatter } from '../events/lookups.ts'
import { type NearbyEvent, openEventsNear } from '../events/nearby.ts'
import { knownOf } from '../events/public.ts'
import { maskedTitle, maskForPublic } from '../privacy/masker.ts'
import { isPlaceName, normaliseText, segment, terms } from './text.ts'

export const DUPLICATE_DEFAULTS = { radiusM: 1000, publicRadiusM: 250, days: 14, minScore: 0.15 }
/** Distance at which the distance factor halves; age (days) at which the age factor halves. */
const HALF_METRES = 250
const HALF_DAYS = 7
const OTHER_CATEGORY = 0.8

type Staff = Extract<Principal, { kind: 'staff' }>

export interface DuplicateSettings {
  radiusM: number
  days: number
  minScore: number
}

/** The settings row, or the defaults when none has been saved. */
export async function duplicateSettings(app: AppContext): Promise<DuplicateSettings> {
  const { updatedAt: _, ...settings } = await duplicateSettingsView(app.database.db)
  return settings
}

/** The settings as the admin sees them: the row, or the defaults (never saved: no time). */
export async function duplicateSettingsView(db: Kysely<DB> | Transaction<DB>): Promise<DuplicateSettingsView> {
  const row = await db.selectFrom('intelligence_settings').selectAll().where('id', '=', 1).executeTakeFirst()
  if (!row)
    return { radiusM: DUPLICATE_DEFAULTS.radiusM, days: DUPLICATE_DEFAULTS.days, minScore: DUPLICATE_DEFAULTS.minScore, updatedAt: null }
  return {
    radiusM: row.duplicate_radius_m,
    days: row.duplicate_days,
    minScore: Number(row.duplicate_min_score),
    updatedAt: new Date(row.updated_at).toISOString(),
  }
}

/** An admin's change of the settings, with the reason and the before and after in change_log, in one transaction. */
export async function saveDuplicateSettings(
  db: Kysely<DB>,
  adminUserId: number,
  body: DuplicateSettingsBody,
): Promise<DuplicateSettingsView> {
  const { reason, ...next } = body
  return db.transaction().execute(async (tx) => {
    // the row lock orders two admins' saves, so each change's `before` is what the other left
    await tx.selectFrom('intelligence_settings').select('id').where('id', '=', 1).forUpdate().executeTakeFirst()
    const { updatedAt: _, ...before } = await duplicateSettingsView(tx)
    const values = {
      duplicate_radius_m: next.radiusM,
      duplicate_days: next.days,
      duplicate_min_score: next.minScore,
      updated_by: adminUserId,
    }
    await tx
      .insertInto('intelligence_settings')
      .values({ id: 1, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_at: sql`now()` }))
      .execute()
    await recordChange(tx, {
      subject: 'duplicate_settings',
      key: 'duplicates',
      actorUserId: adminUserId,
      reason: reason.trim(),
      before,
      after: next,
    })
    return duplicateSettingsView(tx)
  })
}

/** Great-circle metres (haversine). */
export function metresBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * Words that say where, not what: two reports from one spot share them whatever the matter, and
 * the finder already weighs the place by distance.
 */
const WHERE = /^(小区|北门|南门|东门|西门|大门|门口|附近|楼下|路口|街道|社区|这边|那边|旁边|对面)$/

/** The text's terms without place names and where-words, so that what is shared is the matter. */
export function matterTerms(text: string): Map<string, number> {
  const words = segment(normaliseText(text)).filter((w) => !isPlaceName(w) && !WHERE.test(w) && !/^.+(小区|路|街|村|巷|门)$/.test(w))
  return terms(words.join(' '))
}

/** 0 … 1: the cosine of the two texts' term vectors (place names left out). */
export function textSimilarity(a: string, b: string): number {
  return cosine(matterTerms(a), matterTerms(b))
}

function cosine(x: Map<string, number>, y: Map<string, number>): number {
  let dot = 0
  let nx = 0
  let ny = 0
  for (const [t, v] of x) {
    nx += v * v
    const w = y.get(t)
    if (w) dot += v * w
  }
  for (const v of y.values()) ny += v * v
  return nx && ny ? dot / Math.sqrt(nx * ny) : 0
}

/**
 * The ranking score: text similarity, damped by distance and age, lowered for another top-level
 * category. Text is the gate (no shared words, no duplicate); a near, fresh event keeps its full
 * text score and a far or old one keeps 40 % (distance) and 70 % (age) of it.
 */
export function duplicateScore(p: { text: number; metres: number; ageDays: number; sameCategory: boolean | null }): number {
  const near = 0.4 + 0.6 * 0.5 ** (p.metres / HALF_METRES)
  const fresh = 0.7 + 0.3 * 0.5 ** (Math.max(0, p.ageDays) / HALF_DAYS)
  return p.text * near * fresh * (p.sameCategory === false ? OTHER_CATEGORY : 1)
}

export interface FoundDuplicate {
  event: NearbyEvent
  metres: number
  ageDays: number
  text: number
  score: number
}

/** Open events near the point that likely report the same matter, best first. */
export async function findDuplicateEvents(
  app: AppContext,
  principal: Principal,
  q: { text: string; lat: number; lng: number; category?: string; exclude?: number[]; limit?: number },
): Promise<FoundDuplicate[]> {
  const settings = await duplicateSettings(app)
  const radiusM = principal.kind === 'resident' ? Math.min(settings.radiusM, DUPLICATE_DEFAULTS.publicRadiusM) : settings.radiusM
  const now = app.now().getTime()
  const rows = await openEventsNear(app.database.db, principal, app.orgs, {
    lat: q.lat,
    lng: q.lng,
    radiusM,
    since: new Date(now - settings.days * 86_400_000),
    limit: 500,
  })
  const top = q.category ? (app.categories.topOf(q.category) ?? q.category) : null
  const mine = matterTerms(q.text)
  return rows
    .filter((r) => !q.exclude?.includes(r.id))
    .map((event) => {
      const metres = metresBetween(q, event)
      const ageDays = (now - event.created_at.getTime()) / 86_400_000
      const text = cosine(mine, matterTerms(`${event.title} ${event.description}`))
      const sameCategory = top ? (app.categories.topOf(event.category_code) ?? event.category_code) === top : null
      return { event, metres, ageDays, text, score: duplicateScore({ text, metres, ageDays, sameCategory }) }
    })
    .filter((d) => d.metres <= radiusM && d.score >= settings.minScore)
    .sort((a, b) => b.score - a.score)
    .slice(0, q.limit ?? 5)
}

/**
 * The drawer's 可能重复: open events within the caller's scope that the event may repeat, by its own
 * words, place (its point, else its community's seat) and category; not itself nor what it is
 * merged into. 404 for an event outside the caller's scope.
 */
export async function duplicatesOfEvent(app: AppContext, staff: Staff, eventId: number): Promise<{ items: DuplicateCandidate[] }> {
  const event = await eventMatter(app.database.db, staff, app.orgs, eventId)
  if (!event) throw notFound('Event')
  const seat = event.community_id === null ? null : (app.orgs.unit(event.community_id)?.seat ?? null)
  const point = event.lat !== null && event.lng !== null ? { lat: Number(event.lat), lng: Number(event.lng) } : seat
  // an event placed nowhere has no neighbours
  if (!point) return { items: [] }
  const found = await findDuplicateEvents(app, staff, {
    text: `${event.title} ${event.description}`,
    category: event.category_code,
    ...point,
    exclude: [event.id, ...(event.merged_into === null ? [] : [event.merged_into])],
  })
  return { items: found.map((d) => staffDuplicate(app, d)) }
}

/** What staff see of a duplicate (the desk's hint, the drawer's 可能重复): the event within their scope, with the score's parts. */
export function staffDuplicate(app: AppContext, d: FoundDuplicate): DuplicateCandidate {
  return {
    id: d.event.id,
    number: d.event.number,
    title: d.event.title,
    category: d.event.category_code,
    state: d.event.state as DuplicateCandidate['state'],
    community: app.orgs.ref(d.event.community_id),
    createdAt: d.event.created_at.toISOString(),
    version: d.event.version,
    score: Math.round(d.score * 100) / 100,
    distanceM: Math.round(d.metres),
    ageDays: Math.round(d.ageDays * 10) / 10,
  }
}

/**
 * What a resident may see of a duplicate: no reporter, no description, the title masked knowing the
 * reporter's name and phone (none at all for a hide-my-name or an urgent report: its category speaks for it).
 */
export function publicDuplicate(d: FoundDuplicate): PublicDuplicate {
  const e = d.event
  return {
    id: e.id,
    number: e.number,
    // an urgent report (sensitive words make it one) shows no words to a neighbour either
    title: e.reporter_anonymous || e.priority === 'urgent' ? null : maskedTitle(e, (t) => maskForPublic(t, knownOf(e))),
    category: e.category_code,
    state: e.state as PublicDuplicate['state'],
    distanceM: Math.round(d.metres),
  }
}
