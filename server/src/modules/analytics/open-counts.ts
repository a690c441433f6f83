/**
 * Open matters of an area per top-level category, among the events created since a day (the rota's
 * suggestion, issue 19 item 5), from the rollups (`rollup_daily_exact`: events by created day ×
 * category × their current state), never by scanning events.
 */
import { type Kysely, sql } from 'kysely'
import type { DB } from '../../db/types.ts'

const STILL_OPEN = ['submitted', 'assigned', 'in_progress', 'reviewing']

/** The area's events created from `since` (China day) that are still open, per top-level category, most first. */
export async function openByCategory(db: Kysely<DB>, unitId: number, since: string): Promise<Array<{ category: string; open: number }>> {
  const rows = await db
    .selectFrom('rollup_daily_exact')
    .select(['category', sql<string>`sum(n)`.as('n')])
    .where('unit_id', '=', unitId)
    .where('day', '>=', since)
    .where('state', 'in', STILL_OPEN)
    .groupBy('category')
    .execute()
  return rows
    .map((r) => ({ category: r.category as string, open: Number(r.n) }))
    .filter((r) => r.open > 0)
    .sort((a, b) => b.open - a.open || a.category.localeCompare(b.category))
}
