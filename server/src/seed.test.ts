import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'
import { openDatabase } from './db/index.ts'
import { migrate } from './db/migrate.ts'
import { lanzhouChain } from './modules/orgs/lanzhou.ts'
import { seed } from './seed.ts'

const quiet = { info() {} }
const demoFolder = new URL('./seed/demo/', import.meta.url).href

describe('production seeding', () => {
  it('writes the command chain and the categories, and no demo unit or account; the app serves on it', async () => {
    const database = await openDatabase({})
    after(() => database.close())
    await migrate(database)
    assert.equal(await seed(database.db, { demo: false, log: quiet }), true)
    const units = await database.db.selectFrom('org_units').select(['id', 'code', 'kind', 'level']).orderBy('id').execute()
    assert.deepEqual(
      units,
      lanzhouChain().map(({ id, code, kind, level }) => ({ id, code, kind, level })),
    )
    assert.equal(units.length, 1 + 8 + 112 + 1089)
    const count = async (table: 'users' | 'categories') =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    assert.equal(await count('users'), 0)
    assert.ok((await count('categories')) > 0)
    assert.equal(await seed(database.db, { demo: true, log: quiet }), false, 'a seeded database is left as it is')

    // without grids a point still belongs to its community, street and district
    const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }, { demo: false }), database })
    try {
      const xingfuli = lanzhouChain().find((u) => u.code === '620105007010')!
      const located = await app.inject({ method: 'GET', url: `/api/v1/orgs/locate?lat=${xingfuli.seat!.lat}&lng=${xingfuli.seat!.lng}` })
      assert.equal(located.statusCode, 200, located.body)
      assert.equal(located.json().grid, null)
      assert.deepEqual(
        [located.json().community.code, located.json().street.code, located.json().district.code],
        ['620105007010', '620105007', '620105'],
      )
    } finally {
      await app.close()
    }
  })

  it('loads no module of the demo seed', async () => {
    const { seeding, afterwards } = await modulesLoadedBySeeding()
    assert.ok(
      seeding.some((url) => url.endsWith('/modules/orgs/city-chain.ts')),
      'the recorder sees what seeding loads',
    )
    assert.deepEqual(
      seeding.filter((url) => url.startsWith(demoFolder)),
      [],
    )
    assert.ok(afterwards.includes(`${demoFolder}index.ts`), 'the recorder sees the demo seed when it is imported')
  })
})

/**
 * Seeds a fresh in-memory database without demo in a child process whose module resolution is
 * recorded (a resolve hook in front of tsx's), then imports the demo seed there: the URLs of the
 * modules resolved while seeding, and those resolved by the import afterwards.
 */
async function modulesLoadedBySeeding(): Promise<{ seeding: string[]; afterwards: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'xiaolan-seed-'))
  try {
    const log = join(dir, 'modules.log')
    await writeFile(
      join(dir, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs'
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  appendFileSync(${JSON.stringify(log)}, result.url + '\\n')
  return result
}
`,
    )
    await writeFile(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)})\n`,
    )
    const script = `
      const { openDatabase } = await import(${JSON.stringify(new URL('./db/index.ts', import.meta.url).href)})
      const { migrate } = await import(${JSON.stringify(new URL('./db/migrate.ts', import.meta.url).href)})
      const { seed } = await import(${JSON.stringify(new URL('./seed.ts', import.meta.url).href)})
      const database = await openDatabase({})
      await migrate(database)
      await seed(database.db, { demo: false, log: { info() {} } })
      await database.close()
      const { appendFileSync } = await import('node:fs')
      appendFileSync(${JSON.stringify(log)}, 'seeded\\n')
      await import(${JSON.stringify(new URL('./seed/demo/index.ts', import.meta.url).href)})
    `
    await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      '--import',
      join(dir, 'register.mjs'),
      '--input-type=module',
      '-e',
      script,
    ])
    const [seeding, afterwards] = (await readFile(log, 'utf8')).split('seeded\n').map((part) => part.split('\n').filter(Boolean))
    return { seeding, afterwards }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
