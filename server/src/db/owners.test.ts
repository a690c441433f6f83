import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { TABLE_OWNERS } from './owners.ts'

const server = new URL('../..', import.meta.url).pathname
const modules = join(server, 'src/modules')
const tables = new Set<string>(Object.keys(TABLE_OWNERS))

/** Kysely's table arguments (`'events'`, `'events as e'`) and the tables raw sql`` text reads or writes. */
export function tablesNamed(source: string): Array<{ table: string; line: number }> {
  const found: Array<{ table: string; at: number }> = []
  const builder =
    /\.(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|with)\(\s*['"]([a-z_]\w*)/g
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
  return found.filter((f) => tables.has(f.table)).map((f) => ({ table: f.table, line: source.slice(0, f.at).split('\n').length }))
}

test('every table the migrations create has exactly one owner, an existing module', () => {
  const created = new Set<string>()
  for (const file of readdirSync(join(server, 'migrations'))) {
    const text = readFileSync(join(server, 'migrations', file), 'utf8')
    for (const m of text.matchAll(/create table (?:if not exists )?([a-z_]\w*)/gi)) created.add(m[1].toLowerCase())
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
    ],
  )
})

test('no module’s SQL names a table another module owns', () => {
  const violations: string[] = []
  for (const module of readdirSync(modules, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const dir = join(modules, module.name)
    for (const file of readdirSync(dir, { recursive: true }) as string[]) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue
      const source = readFileSync(join(dir, file), 'utf8')
      for (const { table, line } of tablesNamed(source)) {
        const owner = TABLE_OWNERS[table as keyof typeof TABLE_OWNERS]
        if (owner !== module.name) violations.push(`modules/${module.name}/${file}:${line} names ${table}, owned by ${owner}`)
      }
    }
  }
  assert.deepEqual(violations, [], `call the owner's exported functions instead:\n${violations.join('\n')}`)
})
