/**
 * Seeding is bulk work: batch inserts, one password hash for every demo account, geometry
 * computed once. `seed` writes the reference data (the command chain and the categories);
 * demo mode adds the demo city's other units (departments, mediation, forces, grids) and one
 * account per unit plus the shared demo accounts. The demo code (seed/demo/) is imported only
 * then, so production seeding neither loads nor runs it. `seedChain` is the writer, shared with
 * `xiaolan import-divisions`, which loads another city instead.
 */
import type { Insertable, Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Logger } from 'pino'
import type { DB } from './db/types.ts'
import { categorySeeds } from './modules/events/categories-data.ts'
import { type MediationOrgSeed, seedMediationNetwork } from './modules/mediation/network.ts'
import { type OrgSeed, withPaths } from './modules/orgs/city-chain.ts'
import { lanzhouChain } from './modules/orgs/lanzhou.ts'
import { insertPlaces, namedPlaces, type PlaceSeed } from './modules/orgs/places.ts'
import { insertSeedSites } from './modules/sweeps/queries.ts'

const BATCH = 1000

export async function seed(db: Kysely<DB>, options: { demo: boolean; log: Pick<Logger, 'info'> }) {
  if (await hasOrgUnits(db)) return false
  const demo = options.demo ? await import('./seed/demo/index.ts') : null
  const units = demo ? demo.generateDemoCity() : lanzhouChain()
  const accounts = demo ? await demo.demoAccounts(units) : []
  // the gazetteer: the places the communities' names tell of, and in the demo a few invented ones more
  const named = namedPlaces(units)
  const places = demo ? [...named, ...demo.demoPlaces(units, named)] : named
  const mediation = demo ? demo.demoMediationNetwork(units) : []
  const seeded = await seedChain(db, units, options.log, { places, accounts, mediation })
  // the demo's knowledge base (issue 18): the published articles the desk and the app answer from
  if (seeded && demo) options.log.info({ articles: await demo.seedDemoArticles(db, units) }, 'seeding knowledge base')
  // the demo's buildings and shops per grid, which hazard sweeps (issue 20) visit
  if (seeded && demo) options.log.info({ sites: await insertSeedSites(db, demo.demoSweepSites(units)) }, 'seeding sweep sites')
  return seeded
}

/** Whether the database holds a city already (any org unit): seeding and importing write only once. */
export async function hasOrgUnits(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('org_units').select('id').limit(1).executeTakeFirst()
  return row !== undefined
}

/**
 * Writes a city's units, the categories, the gazetteer (by default the places the communities' names
 * tell of) and any accounts in ONE transaction, logging progress and a rate: the first seed's writer
 * and `xiaolan import-divisions`'. Writes nothing and returns false when the database holds org units.
 */
export async function seedChain(
  db: Kysely<DB>,
  units: OrgSeed[],
  log: Pick<Logger, 'info'>,
  extra: { places?: PlaceSeed[]; accounts?: Insertable<DB['users']>[]; mediation?: MediationOrgSeed[] } = {},
): Promise<boolean> {
  const places = extra.places ?? namedPlaces(units)
  const accounts = extra.accounts ?? []
  return db.transaction().execute(async (tx) => {
    if (await hasOrgUnits(tx)) return false
    await insertBatched('org units', unitRows(units), (rows) => tx.insertInto('org_units').values(rows).execute(), log)
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
      log,
    )
    await insertBatched('places', places, (rows) => insertPlaces(tx, rows), log)
    await insertBatched('demo accounts', accounts, (rows) => tx.insertInto('users').values(rows).execute(), log)
    await insertBatched('mediation organisations', extra.mediation ?? [], (rows) => seedMediationNetwork(tx, rows), log)
    return true
  })
}

function unitRows(units: OrgSeed[]) {
  return withPaths(units).map(({ parentId, function: fn, geometry, seat, ...unit }) => {
    const place = { geometry: geometry ? JSON.stringify(geometry) : null, seat_lat: seat?.lat ?? null, seat_lng: seat?.lng ?? null }
    return { ...unit, parent_id: parentId, function: fn ?? null, ...place }
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
