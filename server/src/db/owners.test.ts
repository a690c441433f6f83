import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { TABLE_OWNERS, type Table } from './owners.ts'

const server = new URL('../..', import.meta.url).pathname
const src = join(server, 'src')
const modules = join(src, 'modules')
const tables = new Set<string>(Object.keys(TABLE_OWNERS))

/**
 * The files outside src/modules that may name a table, each with the tables it may name and why.
 * Every other such file (main.ts, app.ts, db/*, seed/demo/*, a new one) names none: it calls the
 * owner's exported functions. An entry that no longer names its table fails too, so the list
 * stays exactly what the code does.
 */
const EXEMPT: Record<string, Table[]> = {
  // Seeding fills an empty database (it checks org_units is empty first) with the whole command
  // chain under fixed ids, the categories and the demo accounts, in batched multi-row inserts in one
  // transaction: the owners export no bulk insert (orgs and events none at all), and nothing else
  // reads these rows before it commits.
  'seed.ts': ['org_units', 'categories', 'users'],
}

/** Kysely's table arguments (`'events'`, `'events as e'`) and the tables raw sql`` text reads or writes. */
export function tablesNamed(source: string): Array<{ table: string; line: number }> {
  const found: Array<{ table: string; at: number }> = []
  // `.selectFrom(` and also a bare `selectFrom(` (the expression builder destructured: `({ selectFrom }) =>`)
  const builder =
    /\b(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|with)\(\s*['"]([a-z_]\w*)/g
  for (const m of source.matchAll(builder)) found.push({ table: m[1], at: m.index })
  for (const m of source.matchAll(/sql\.(?:table|ref)\(\s*['"]([a-z_]\w*)/g)) found.push({ table: m[1], at: m.index })
  for (const m of source.matchAll(/\bsql(?:<[^`]*?>)?`([^`]*)`/g)) {
    // the template's own text only: ${…} holes are JavaScript
    const text = m[1].replace(/\$\{[^}]*\}/g, ' ')
    const keyword = /\b(?:from|join|into|update|table|truncate)\s+(?:only\s+)?([a-z_]\w*)/gi
    for (const k of text.matchAll(keyword)) found.push({ table: k[1], at: m.index })
    for (const q of text.matchAll(/\b([a-z_]\w*)\.(?:[a-z_]\w*|\*)/g)) found.push({ table: q[1], at: m.index })
    // a table named as a string inside SQL: pg_get_serial_sequence('event_actions', 'id'), regclass casts
    for (const q of text.matchAll(/'([a-z_]\w*)'/g)) found.push({ table: q[1], at: m.index })
  }
  return found
    .filter((f) => tables.has(f.table))
    .sort((a, b) => a.at - b.at) // in source order, for the messages
    .map((f) => ({ table: f.table, line: source.slice(0, f.at).split('\n').length }))
}

test('every table and view the migrations create has exactly one owner, an existing module', () => {
  const created = new Set<string>()
  for (const file of readdirSync(join(server, 'migrations'))) {
    const text = readFileSync(join(server, 'migrations', file), 'utf8')
    for (const m of text.matchAll(/create (?:table|view) (?:if not exists )?([a-z_]\w*)/gi)) created.add(m[1].toLowerCase())
  }
  assert.deepEqual([...tables].sort(), [...created].sort())
  const names = new Set(
    readdirSync(modules, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name),
  )
  for (const [table, owner] of Object.entries(TABLE_OWNERS)) assert.ok(names.has(owner), `${table}: no module ${owner}`)
})

test('the scanner finds each way of naming a table', () => {
  const hole = (js: string) => `$${'{'}${js}}` // a template's ${…} as source text
  const source = [
    "db.selectFrom('events').selectAll()",
    "tx.insertInto('users').values({})",
    "tx.updateTable('org_units as u')",
    "tx.deleteFrom('sessions')",
    ".innerJoin('event_actions as a', 'a.event_id', 'e.id').leftJoin('residents', 'x', 'y')",
    `sql\`select count(*) from sla_breaches b join patrols p on ${hole('x')} = p.id\``,
    `sql<number>\`update rollup_daily set n = n + ${hole('delta')}\``,
    `sql\`coalesce(categories.owner, ${hole('fallback')})\``,
    "sql`select currval(pg_get_serial_sequence('users', 'id'))`",
    "  .where(({ exists, selectFrom }) => exists(selectFrom('event_actions as a'))) // no dot: destructured",
    "select('events') // a column or a word is not a table",
  ].join('\n')
  assert.deepEqual(
    tablesNamed(source).map((f) => `${f.line}:${f.table}`),
    [
      '1:events',
      '2:users',
      '3:org_units',
      '4:sessions',
      '5:event_actions',
      '5:residents',
      '6:sla_breaches',
      '6:patrols',
      '7:rollup_daily',
      '8:categories',
      '9:users',
      '10:event_actions',
    ],
  )
})

/** Every non-test `.ts` file of server/src, as a path relative to it. */
function sources(): string[] {
  return (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort()
}

test('no module’s SQL names a table another module owns', () => {
  const violations: string[] = []
  for (const file of sources().filter((f) => f.startsWith('modules/'))) {
    const module = file.split('/')[1]
    for (const { table, line } of tablesNamed(readFileSync(join(src, file), 'utf8'))) {
      const owner = TABLE_OWNERS[table as Table]
      if (owner !== module) violations.push(`${file}:${line} names ${table}, owned by ${owner}`)
    }
  }
  assert.deepEqual(violations, [], `call the owner's exported functions instead:\n${violations.join('\n')}`)
})

test('outside the modules only the exempt files name tables, and only their listed ones', () => {
  const named: Record<string, Set<string>> = {}
  const violations: string[] = []
  for (const file of sources().filter((f) => !f.startsWith('modules/'))) {
    for (const { table, line } of tablesNamed(readFileSync(join(src, file), 'utf8'))) {
      named[file] = (named[file] ?? new Set()).add(table)
      if (!EXEMPT[file]?.includes(table as Table))
        violations.push(`${file}:${line} names ${table}, owned by ${TABLE_OWNERS[table as Table]}`)
    }
  }
  assert.deepEqual(violations, [], `call the owner's exported functions (or add an exemption with its reason):\n${violations.join('\n')}`)
  const stale = Object.entries(EXEMPT).flatMap(([file, tables]) => tables.filter((t) => !named[file]?.has(t)).map((t) => `${file}: ${t}`))
  assert.deepEqual(stale, [], 'exemptions the code no longer needs: remove them')
})
