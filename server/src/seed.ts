/**
 * Seeding is bulk work: batch inserts, one password hash for every demo account, geometry
 * computed once. `seed` writes the reference data (the command chain and the categories);
 * demo mode adds the demo city's other units (departments, mediation, forces, grids) and one
 * account per unit plus the shared demo accounts. The demo code (seed/demo/) is imported only
 * then, so production seeding neither loads nor runs it.
 */
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Logger } from 'pino'
import type { DB } from './db/types.ts'
import { categorySeeds } from './modules/events/categories-data.ts'
import { generateCityChain, type OrgSeed } from './modules/orgs/city-chain.ts'

const BATCH = 1000

export async function seed(db: Kysely<DB>, options: { demo: boolean; log: Pick<Logger, 'info'> }) {
  const { count } = await db
    .selectFrom('org_units')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  if (Number(count) > 0) return false
  const demo = options.demo ? await import('./seed/demo/index.ts') : null
  const units = demo ? demo.generateDemoCity() : generateCityChain().units
  const accounts = demo ? await demo.demoAccounts(units) : []
  await db.transaction().execute(async (tx) => {
    await insertBatched('org units', unitRows(units), (rows) => tx.insertInto('org_units').values(rows).execute(), options.log)
    await sql`select setval('org_units_id_seq', ${units.length})`.execute(tx)
    await insertBatched(
      'categories',
      categorySeeds.map((c, i) => ({
        code: c.code,
        parent_code: c.parentCode,
        name_zh: c.nameZh,
        name_en: c.nameEn,
        owner: c.owner,
        community_resolvable: c.communityResolvable,
        priority: c.priority,
        keywords: JSON.stringify(c.keywords),
        sort: i,
      })),
      (rows) => tx.insertInto('categories').values(rows).execute(),
      options.log,
    )
    await insertBatched('demo accounts', accounts, (rows) => tx.insertInto('users').values(rows).execute(), options.log)
  })
  return true
}

function unitRows(units: OrgSeed[]) {
  const paths = new Map<number, string>()
  return units.map((u) => {
    const path = `${u.parentId === null ? '' : paths.get(u.parentId)}${u.code}.`
    paths.set(u.id, path)
    return {
      id: u.id,
      code: u.code,
      name: u.name,
      kind: u.kind,
      level: u.level,
      parent_id: u.parentId,
      path,
      function: u.function ?? null,
      geometry: u.geometry ? JSON.stringify(u.geometry) : null,
      seat_lat: u.seat?.lat ?? null,
      seat_lng: u.seat?.lng ?? null,
    }
  })
}

async function insertBatched<R>(what: string, rows: R[], insert: (rows: R[]) => Promise<unknown>, log: Pick<Logger, 'info'>) {
  const started = performance.now()
  for (let i = 0; i < rows.length; i += BATCH) {
    await insert(rows.slice(i, i + BATCH))
    const done = Math.min(i + BATCH, rows.length)
    if (done === rows.length || (i / BATCH) % 5 === 4) {
      const seconds = (performance.now() - started) / 1000
      log.info({ what, done, total: rows.length, perSecond: Math.round(done / Math.max(seconds, 0.001)) }, `seeding ${what}`)
    }
  }
}
