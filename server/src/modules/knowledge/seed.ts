/** The demo's knowledge base: server/data/knowledge's articles, each owned by the city department of its function. */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'
import type { OrgSeed } from '../orgs/city-chain.ts'
import { demoArticles } from './demo-articles.ts'
import { hasArticles, insertSeedArticles } from './queries.ts'

/** Writes the demo articles once (nothing when the database holds any); returns how many. */
export async function seedDemoArticles(db: Kysely<DB>, units: readonly OrgSeed[], now = new Date()): Promise<number> {
  if (await hasArticles(db)) return 0
  const cityDepartments = new Map(units.filter((u) => u.kind === 'department' && u.level === 1).map((u) => [u.function, u.id]))
  const rows = demoArticles().map((a) => {
    const unitId = cityDepartments.get(a.departmentFunction) ?? cityDepartments.get('hotline_kb')
    if (unitId === undefined) throw new Error(`no city department for ${a.departmentFunction}`)
    const { departmentFunction: _, validFrom, validTo, ...content } = a
    return {
      ...content,
      unit_id: unitId,
      valid_from: validFrom,
      valid_to: validTo,
      created_at: now,
      published_at: a.state === 'published' ? now : null,
    }
  })
  await insertSeedArticles(db, rows)
  return rows.length
}
