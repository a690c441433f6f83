/**
 * Seeding is bulk work: batch inserts, one password hash for every demo account, geometry
 * computed once. `seed` writes the reference data (the command chain and the categories);
 * demo mode adds one account per unit and the shared demo accounts.
 */
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Logger } from 'pino'
import type { DB } from './db/types.ts'
import { hashPassword } from './modules/accounts/passwords.ts'
import { categorySeeds } from './modules/events/categories-data.ts'
import { generateDemoCity, type OrgSeed } from './modules/orgs/demo-city.ts'

export const DEMO_PASSWORD = 'xiaolan-demo'
const BATCH = 1000

export async function seed(db: Kysely<DB>, options: { demo: boolean; log: Pick<Logger, 'info'> }) {
  const { count } = await db
    .selectFrom('org_units')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  if (Number(count) > 0) return false
  const units = generateDemoCity()
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
    if (options.demo) {
      const hash = await hashPassword(DEMO_PASSWORD)
      await insertBatched('demo accounts', demoAccounts(units, hash), (rows) => tx.insertInto('users').values(rows).execute(), options.log)
    }
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

const ACCOUNT_PREFIX = {
  center: ['c', 'center_staff'],
  department: ['d', 'dept_staff'],
  mediation: ['m', 'mediator'],
  grid: ['g', 'grid_worker'],
  force: ['f', 'dept_staff'],
} as const

/** One account per unit (`c-<code>`, `d-<code>`, `m-<code>`, `g-<code>`, `f-<code>`) and the city's shared ones. */
function demoAccounts(units: OrgSeed[], hash: string) {
  const city = units.find((u) => u.parentId === null) as OrgSeed
  const shared: Array<[string, string, string]> = [
    ['admin', 'admin', '系统管理员'],
    ['supervisor', 'supervisor', '督查员'],
    ['leader', 'leader', '指挥中心领导'],
    ...[1, 2, 3, 4, 5].map((n): [string, string, string] => [`operator${n}`, 'operator', `12345接线员${n}`]),
  ]
  return [
    ...shared.map(([username, role, displayName]) => ({
      username,
      role,
      display_name: displayName,
      unit_id: city.id,
      password_hash: hash,
    })),
    ...units.map((u) => {
      const [prefix, role] = ACCOUNT_PREFIX[u.kind]
      return { username: `${prefix}-${u.code}`, role, display_name: `${u.name}工作人员`, unit_id: u.id, password_hash: hash }
    }),
  ]
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
