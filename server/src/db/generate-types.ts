/**
 * db/types.ts is written from the migrated schema, never by hand: `npx tsx server/src/db/generate-types.ts`
 * migrates an empty in-memory PGlite and writes the file; database-types.test.ts regenerates it on PGlite and on
 * PostgreSQL and fails when the committed file differs, so a migration without its types (or a
 * type without its column) cannot land.
 */
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { type Kysely, sql } from 'kysely'
import { openDatabase } from './index.ts'
import { migrate } from './migrate.ts'

export const TYPES_FILE = fileURLToPath(new URL('./types.ts', import.meta.url))

/** What a jsonb column holds: the schema cannot say, so it is said here, once. */
const JSON_SHAPES: Record<string, string> = {
  'audit_log.detail': 'Record<string, unknown>',
  'categories.keywords': 'string[]',
  'event_actions.data': 'Record<string, unknown>',
  'events.extension_pending': '{ days: number; reason: string } | null',
  'events.summoned': 'Array<{ unitId: number; lead: boolean; checkedInAt: string | null }>',
  'mediation_cases.agreement': 'Record<string, unknown> | null',
  'mediation_sessions.attendees': 'string[]',
  'outbox.payload': 'Record<string, unknown>',
  'places.aliases': 'string[]',
  'rota_changes.after': 'Record<string, number[]>',
  'rota_changes.before': 'Record<string, number[]>',
  'sweep_targets.results': 'Array<{ pass: boolean; note: string | null; attachmentIds: number[] }> | null',
  'sweeps.items': 'string[]',
}

/** The JavaScript value db/index.ts's parsers give for each column type. */
const TS_TYPES: Record<string, string> = {
  int2: 'number',
  int4: 'number',
  int8: 'number',
  float8: 'number',
  numeric: 'number',
  text: 'string',
  date: 'string', // YYYY-MM-DD: parsed as text on both databases, so no time zone shifts it
  bool: 'boolean',
  timestamptz: 'Timestamp',
  bytea: 'Uint8Array',
  _int4: 'number[]',
  _text: 'string[]',
}

interface Column {
  table_name: string
  column_name: string
  udt_name: string
  is_nullable: string
  has_default: boolean
}

const pascal = (name: string) => name.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase())

function columnType(c: Column): string {
  const key = `${c.table_name}.${c.column_name}`
  const nullable = c.is_nullable === 'YES' ? ' | null' : ''
  if (c.udt_name === 'jsonb') return `Json<${JSON_SHAPES[key] ?? 'unknown'}>${nullable}`
  const base = TS_TYPES[c.udt_name]
  if (!base) throw new Error(`${key}: no TypeScript type for ${c.udt_name}; add it to TS_TYPES`)
  if (base === 'Timestamp') return `${c.has_default ? 'DefaultTimestamp' : 'Timestamp'}${nullable}`
  const type = `${base}${nullable}`
  return c.has_default ? `Generated<${type}>` : type
}

export async function generateTypes(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<Column>`
    select table_name, column_name, udt_name, is_nullable,
      column_default is not null or is_identity = 'YES' as has_default
    from information_schema.columns
    where table_schema = 'public'
    order by table_name, ordinal_position`.execute(db)
  const tables = new Map<string, Column[]>()
  for (const r of rows) tables.set(r.table_name, [...(tables.get(r.table_name) ?? []), r])
  const out = [
    '/** Generated from the migrated schema by `npx tsx server/src/db/generate-types.ts`: do not edit. */',
    "import type { ColumnType, Generated } from 'kysely'",
    '',
    'type Timestamp = ColumnType<Date, Date | string, Date | string>',
    'type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>',
    'type Json<T> = ColumnType<T, string | undefined, string>',
  ]
  for (const [table, columns] of tables) {
    out.push('', `export interface ${pascal(table)}Table {`)
    for (const c of columns) out.push(`  ${c.column_name}: ${columnType(c)}`)
    out.push('}')
  }
  out.push('', 'export interface DB {')
  for (const table of tables.keys()) out.push(`  ${table}: ${pascal(table)}Table`)
  out.push('}', '')
  return out.join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const database = await openDatabase({})
  await migrate(database)
  await writeFile(TYPES_FILE, await generateTypes(database.db as Kysely<unknown>))
  await database.close()
  console.log(`wrote ${TYPES_FILE}`)
}
