/**
 * `xiaolan import-divisions <file.csv> [--boundaries <file.geojson>]`: how a deployment for a city
 * other than the demo starts. On a database without any org unit it reads the city's official
 * division codes (format: `modules/orgs/divisions.ts`, README "Another city") and writes the chain,
 * the categories and the gazetteer in one transaction; on any problem it writes nothing.
 */
import { readFileSync, statSync } from 'node:fs'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { DB } from './db/types.ts'
import { DIVISION_LIMITS, type DivisionError, parseDivisions } from './modules/orgs/divisions.ts'
import { hasOrgUnits, seedChain } from './seed.ts'

export interface ImportOutput {
  out(line: string): void
  err(line: string): void
}

const LEVELS = [
  ['city', 'cities'],
  ['district/county', 'districts/counties'],
  ['street/township', 'streets/townships'],
  ['village/community', 'villages/communities'],
] as const

/** Runs the import; the exit code: 0 when the city was written, 1 when nothing was. */
export async function importDivisions(
  db: Kysely<DB>,
  files: { csv: string | undefined; boundaries: string | undefined },
  log: Pick<Logger, 'info'>,
  io: ImportOutput,
): Promise<0 | 1> {
  if (!files.csv) {
    io.err('usage: xiaolan import-divisions <file.csv> [--boundaries <file.geojson>]')
    return 1
  }
  if (await hasOrgUnits(db)) {
    io.err('import-divisions: this database holds a city already (it has org units); nothing was written.')
    io.err('Import into a new database: a fresh DATA_DIR, or an empty PostgreSQL database as DATABASE_URL.')
    return 1
  }
  const csv = readText(files.csv, 'file', io)
  const boundaries = files.boundaries === undefined ? undefined : readText(files.boundaries, 'boundaries', io)
  if (csv === null || boundaries === null) return 1

  const started = performance.now()
  const parsed = parseDivisions(csv, boundaries)
  if ('errors' in parsed) {
    for (const e of parsed.errors) io.err(errorLine(e))
    io.err(`import-divisions: ${parsed.errors.length} ${parsed.errors.length === 1 ? 'problem' : 'problems'}; nothing was written.`)
    return 1
  }
  const { units } = parsed
  log.info({ units: units.length, ms: Math.round(performance.now() - started) }, 'divisions read')
  if (!(await seedChain(db, units, log))) {
    io.err('import-divisions: another process wrote a city meanwhile; nothing was written.')
    return 1
  }
  const counts = LEVELS.map(([one, many], i) => {
    const n = units.filter((u) => u.level === i + 1).length
    return `${n} ${n === 1 ? one : many}`
  })
  const city = units[0]
  io.out(`Imported ${city.name} (${city.code}): ${counts.join(', ')}; ${units.filter((u) => u.geometry).length} with boundaries.`)
  io.out('Next: npx xiaolan create-admin --username <name> --password <10+ characters>, then npm start.')
  return 0
}

/** `line N, field: message` (the whole file's problems without a line). */
export const errorLine = (e: DivisionError) => `${e.line === null ? '' : `line ${e.line}, `}${e.field}: ${e.message}`

function readText(path: string, field: string, io: ImportOutput): string | null {
  try {
    // the size first, so that a file far too large is never read into memory
    if (statSync(path).size > DIVISION_LIMITS.bytes) {
      io.err(`${field}: ${path} is larger than ${DIVISION_LIMITS.bytes / 1024 / 1024} MB; nothing was written.`)
      return null
    }
    return readFileSync(path, 'utf8')
  } catch (error) {
    io.err(`${field}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); nothing was written.`)
    return null
  }
}
