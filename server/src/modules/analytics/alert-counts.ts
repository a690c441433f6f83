/**
 * The early-warning scan's surge input (issue 16 item 5): events created per district × top-level
 * category × China day, read from the rollups (`rollup_created_exact`: folded plus pending, the
 * counts the screen reads), never by scanning events. Only this module names the rollup tables.
 */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'

export interface CreatedCount {
  unitId: number
  category: string
  /** China day, YYYY-MM-DD */
  day: string
  count: number
}

/** The created counts of these units (district centers) from `since` to `until` (China days, both included). */
export async function createdCountsByDay(
  db: Kysely<DB> | Transaction<DB>,
  unitIds: number[],
  since: string,
  until: string,
): Promise<CreatedCount[]> {
  if (unitIds.length === 0) return []
  const rows = await db
    .selectFrom('rollup_created_exact')
    .select(['unit_id', 'category', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), sql<string>`sum(n)`.as('n')])
    .where('unit_id', 'in', unitIds)
    .where('day', '>=', since)
    .where('day', '<=', until)
    .groupBy(['unit_id', 'category', 'day'])
    .execute()
  return rows.map((r) => ({ unitId: r.unit_id as number, category: r.category as string, day: r.day, count: Number(r.n) }))
}
