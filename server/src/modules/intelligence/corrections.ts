/**
 * Corrections the classifier learns from (issue 16, item 3): each time staff change an event's
 * category (the `recategorize` action, events module) the event's text and both codes are kept in
 * `classifier_corrections`, which this module owns. The caller passes its own transaction, so the
 * correction is written with the action or not at all.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'

export interface CorrectionInput {
  eventId: number
  /** what the classifier would read: the event's title and description, as at the correction */
  text: string
  /** the category before (null when the event had none) */
  from: string | null
  to: string
  userId: number | null
  reason?: string | null
  /** defaults to the database's now() */
  at?: Date
}

export async function recordCorrection(tx: Kysely<DB>, c: CorrectionInput): Promise<void> {
  await tx
    .insertInto('classifier_corrections')
    .values({
      event_id: c.eventId,
      text: c.text,
      from_category: c.from,
      to_category: c.to,
      user_id: c.userId,
      reason: c.reason?.trim() || null,
      ...(c.at ? { at: c.at } : {}),
    })
    .execute()
}

export interface Correction {
  eventId: number
  text: string
  from: string | null
  to: string
  at: Date
}

/** The most recent corrections first (`limit` of them), as train and eval read them. */
export async function recentCorrections(db: Kysely<DB>, limit: number): Promise<Correction[]> {
  const rows = await db
    .selectFrom('classifier_corrections')
    .select(['event_id', 'text', 'from_category', 'to_category', 'at'])
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ eventId: r.event_id, text: r.text, from: r.from_category, to: r.to_category, at: new Date(r.at) }))
}
