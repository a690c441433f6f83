/**
 * The import channel (issue 17, item 7): a CSV (UTF-8, header row) or xlsx file of historical
 * events, format in docs/import.md. Every row is read and checked field by field first — known
 * category, channel and unit, real dates in order, a community or a point in the city, a state its
 * dates and evaluation agree with — and every bad row is reported by line and field; only a file
 * without one is written, and a dry run never is. The writing is the events module's
 * (events/commands/import.ts).
 */
import type { Readable } from 'node:stream'
import { type ImportProblem, type ImportReport, INTAKE_CHANNELS } from '@xiaolan/contracts'
import { parse } from 'csv-parse'
import type { Transaction } from 'kysely'
import { chinaTime } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { recordAudit } from '../audit/log.ts'
import { type ImportedEvent, importEvents } from '../events/commands/import.ts'
import { deriveTitle } from '../privacy/masker.ts'
import { firstUnit } from '../routing/route.ts'

export const IMPORT_COLUMNS = [
  'external_id',
  'category',
  'title',
  'description',
  'channel',
  'created_at',
  'community_code',
  'lat',
  'lng',
  'address',
  'state',
  'resolved_at',
  'closed_at',
  'evaluation',
  'handler_unit_code',
] as const
type Column = (typeof IMPORT_COLUMNS)[number]
const REQUIRED: Column[] = ['category', 'description', 'channel', 'created_at', 'state']
const STATES = ['submitted', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected'] as const
const EVALUATIONS = ['satisfied', 'basically_satisfied', 'default_satisfied'] as const
/** A file holds at most this many rows: the whole import is one transaction, its rows in memory. */
export const IMPORT_MAX_ROWS = 200_000

/** A row as read: its line in the file (the header is line 1) and its cells by column. */
interface RawRow {
  line: number
  cells: Partial<Record<Column, string>>
}

type Format = 'csv' | 'xlsx'

/** The format of a file, from its name: .xlsx, else CSV. */
export function formatOf(filename: string): Format {
  return /\.xlsx$/i.test(filename) ? 'xlsx' : 'csv'
}

/**
 * Reads and checks the file; writes it unless `dryRun` or a row is bad. `onProgress` hears the rows
 * read, then the events written.
 */
export async function importFile(
  app: AppContext,
  source: Readable,
  options: {
    format: Format
    dryRun: boolean
    /** whether the upload was cut at its size limit (then nothing is written) */
    truncated?: () => boolean
    onProgress?: (phase: 'read' | 'written', n: number) => void
    /** who imports (an admin through the API; null from the terminal) and the file's name: audited with the write */
    by?: { userId: number | null; file: string }
  },
): Promise<ImportReport> {
  const problems: ImportProblem[] = []
  const events: ImportedEvent[] = []
  let rows = 0
  const check = checker(app)
  for await (const row of options.format === 'xlsx' ? xlsxRows(source, problems) : csvRows(source, problems)) {
    rows++
    if (rows > IMPORT_MAX_ROWS) {
      problems.push({ line: row.line, field: 'file', message: `At most ${IMPORT_MAX_ROWS} rows per file` })
      break
    }
    const checked = check(row)
    if ('problems' in checked) problems.push(...checked.problems)
    else events.push(checked.event)
    if (rows % 10_000 === 0) options.onProgress?.('read', rows)
  }
  options.onProgress?.('read', rows)
  if (options.truncated?.()) problems.push({ line: 0, field: 'file', message: 'The file is larger than an upload may be' })
  if (rows === 0 && problems.length === 0) problems.push({ line: 1, field: 'file', message: 'The file has no rows' })
  const badRows = new Set(problems.map((p) => p.line)).size
  if (options.dryRun || problems.length > 0) return { dryRun: options.dryRun, rows, badRows, imported: 0, problems }
  const audit = async (tx: Transaction<DB>) => {
    const detail = { file: options.by?.file ?? null, rows, format: options.format }
    await recordAudit(tx, {
      actorUserId: options.by?.userId ?? null,
      action: 'import_events',
      targetKind: 'import',
      targetId: options.by?.file ?? '',
      detail,
    })
  }
  const imported = await importEvents(app, events, (n) => options.onProgress?.('written', n), audit)
  return { dryRun: false, rows, badRows: 0, imported, problems: [] }
}

/** The header's columns, or the problems with it. */
function headerOf(cells: string[], problems: ImportProblem[]): Column[] | null {
  const names = cells.map((c) => c.trim().toLowerCase())
  const unknown = names.filter((n) => !(IMPORT_COLUMNS as readonly string[]).includes(n))
  for (const n of unknown) problems.push({ line: 1, field: n || 'header', message: `Unknown column ${n || '(empty)'}` })
  for (const n of REQUIRED) if (!names.includes(n)) problems.push({ line: 1, field: n, message: `The column ${n} is missing` })
  if (!names.includes('community_code') && !(names.includes('lat') && names.includes('lng'))) {
    problems.push({ line: 1, field: 'community_code', message: 'A community_code column or lat and lng columns are needed' })
  }
  return problems.length ? null : (names as Column[])
}

async function* csvRows(source: Readable, problems: ImportProblem[]): AsyncGenerator<RawRow> {
  const parser = source.pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true }))
  let columns: Column[] | null = null
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (columns === null) {
        columns = headerOf(record, problems)
        if (columns === null) return
        continue
      }
      if (record.length > columns.length) {
        problems.push({ line: info.lines, field: 'row', message: `${record.length} cells for ${columns.length} columns` })
        continue
      }
      yield { line: info.lines, cells: cellsOf(columns, record) }
    }
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0
    problems.push({ line, field: 'file', message: `Not a readable CSV file: ${(error as Error).message}` })
  }
}

async function* xlsxRows(source: Readable, problems: ImportProblem[]): AsyncGenerator<RawRow> {
  const { default: xlsx } = await import('exceljs')
  const reader = new xlsx.stream.xlsx.WorkbookReader(source, {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  })
  let columns: Column[] | null = null
  try {
    // the first sheet is the events; others (notes, lists) are not read
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<{ number: number; values: unknown[] }>) {
        const cells = (row.values as unknown[]).slice(1).map(cellText)
        if (columns === null) {
          columns = headerOf(cells, problems)
          if (columns === null) return
          continue
        }
        if (cells.every((c) => c === '')) continue
        yield { line: row.number, cells: cellsOf(columns, cells) }
      }
      return
    }
  } catch (error) {
    problems.push({ line: 0, field: 'file', message: `Not a readable xlsx file: ${(error as Error).message}` })
  }
}

/** An xlsx cell as text: a date cell is the wall clock it shows, in China time. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) {
    // Excel keeps no zone: exceljs hands the shown wall clock as UTC fields, read here as China time
    return v.toISOString().slice(0, 16).replace('T', ' ')
  }
  if (typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text)
  if (typeof v === 'object' && 'result' in v) return String((v as { result: unknown }).result ?? '')
  return String(v)
}

function cellsOf(columns: Column[], record: string[]): RawRow['cells'] {
  const cells: RawRow['cells'] = {}
  for (const [i, c] of columns.entries()) {
    const v = record[i]?.trim()
    if (v) cells[c] = v
  }
  return cells
}

const CHINA_MINUTE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/

/** An ISO 8601 instant with its offset, or 'YYYY-MM-DD HH:mm' in China time; null when it is no real time. */
export function importTime(text: string): Date | null {
  const china = CHINA_MINUTE.exec(text)
  if (china) {
    if (!realDate(china[1]) || Number(china[2].slice(0, 2)) > 23) return null
    try {
      return chinaTime(china[1], china[2])
    } catch {
      return null
    }
  }
  const iso = ISO_INSTANT.exec(text)
  if (!iso || !realDate(`${iso[1]}-${iso[2]}-${iso[3]}`) || Number(iso[4]) > 23 || Number(iso[5]) > 59) return null
  const at = new Date(text)
  return Number.isNaN(at.getTime()) ? null : at
}

/** 2026-02-30 is no date, though Date would roll it into March. */
function realDate(date: string): boolean {
  const at = new Date(`${date}T00:00:00Z`)
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === date
}

/** The check of one row: its event, or every problem it has. */
function checker(app: AppContext) {
  const now = app.now()
  return (row: RawRow): { event: ImportedEvent } | { problems: ImportProblem[] } => {
    const problems: ImportProblem[] = []
    const bad = (field: Column, message: string) => {
      problems.push({ line: row.line, field, message })
      return null
    }
    const c = row.cells
    for (const field of REQUIRED) if (!c[field]) bad(field, `${field} is required`)

    const externalId = c.external_id ?? null
    if (externalId && (externalId.length > 100 || !/^[\x21-\x7e]+$/.test(externalId))) {
      bad('external_id', 'At most 100 printable characters without spaces')
    }
    const category = c.category ? app.categories.get(c.category) : undefined
    if (c.category && !category) bad('category', `Unknown category ${c.category}`)
    const description = c.description ?? ''
    if (c.description && ([...description].length < 2 || description.length > 4000)) bad('description', '2 to 4,000 characters')
    if (c.title && c.title.length > 100) bad('title', 'At most 100 characters')
    if (c.address && c.address.length > 200) bad('address', 'At most 200 characters')
    if (c.channel && !(INTAKE_CHANNELS as readonly string[]).includes(c.channel)) {
      bad('channel', `Unknown channel ${c.channel}: one of ${INTAKE_CHANNELS.join(', ')}`)
    }
    const state = c.state && (STATES as readonly string[]).includes(c.state) ? (c.state as ImportedEvent['state']) : null
    if (c.state && !state) bad('state', `Unknown state ${c.state}: one of ${STATES.join(', ')}`)

    const time = (field: 'created_at' | 'resolved_at' | 'closed_at') => {
      const text = c[field]
      if (!text) return null
      const at = importTime(text)
      if (!at) return bad(field, `Not a time: ${text} (ISO 8601 with an offset, or YYYY-MM-DD HH:mm in China time)`)
      if (at > now) return bad(field, `${text} is in the future`)
      return at
    }
    const createdAt = time('created_at')
    const resolvedAt = time('resolved_at')
    const closedAt = time('closed_at')
    if (createdAt && resolvedAt && resolvedAt < createdAt) bad('resolved_at', 'resolved_at is before created_at')
    if (createdAt && closedAt && closedAt < createdAt) bad('closed_at', 'closed_at is before created_at')
    if (resolvedAt && closedAt && closedAt < resolvedAt) bad('closed_at', 'closed_at is before resolved_at')

    const evaluation = c.evaluation ?? null
    if (evaluation && !(EVALUATIONS as readonly string[]).includes(evaluation)) {
      bad(
        'evaluation',
        `Unknown evaluation ${evaluation}: one of ${EVALUATIONS.join(', ')} (an unsatisfied rating reopens, so it closes nothing)`,
      )
    }
    if (state) {
      if (state === 'resolved' && !c.resolved_at) bad('resolved_at', 'A resolved event needs resolved_at')
      if (state === 'closed' && !c.closed_at) bad('closed_at', 'A closed event needs closed_at')
      if (c.resolved_at && !['resolved', 'closed'].includes(state)) bad('resolved_at', `A ${state} event has no resolved_at`)
      if (c.closed_at && !['closed', 'rejected'].includes(state)) bad('closed_at', `A ${state} event has no closed_at`)
      if (evaluation && state !== 'closed') bad('evaluation', `Only a closed event has an evaluation, not a ${state} one`)
      if (c.handler_unit_code && (state === 'submitted' || state === 'rejected')) {
        bad('handler_unit_code', `A ${state} event has no handler`)
      }
    }

    const place = placeOf(app, c, bad)
    let handlerUnitId: number | null = null
    if (c.handler_unit_code) {
      const unit = app.orgs.byCode(c.handler_unit_code)
      if (!unit?.active) bad('handler_unit_code', `No unit ${c.handler_unit_code}`)
      else handlerUnitId = unit.id
    } else if (state && state !== 'submitted' && state !== 'rejected' && category && place) {
      const target = firstUnit(
        { communityResolvable: category.communityResolvable, communityId: place.communityId, districtId: place.districtId },
        app.orgs,
      )
      if (target) handlerUnitId = target.id
      else bad('handler_unit_code', 'No unit to route it to: name the handler')
    }

    if (problems.length || !category || !state || !createdAt || !place || !c.channel) return { problems }
    return {
      event: {
        externalId,
        category: category.code,
        title: c.title || deriveTitle(description),
        description,
        channel: c.channel,
        createdAt,
        ...place,
        address: c.address ?? null,
        state,
        resolvedAt: state === 'closed' ? (resolvedAt ?? closedAt) : resolvedAt,
        closedAt,
        evaluation: evaluation === 'default_satisfied' ? null : (evaluation as ImportedEvent['evaluation']),
        handlerUnitId,
      },
    }
  }
}

function placeOf(app: AppContext, c: RawRow['cells'], bad: (field: Column, message: string) => null) {
  if (c.community_code) {
    const community = app.orgs.byCode(c.community_code)
    if (community?.kind !== 'center' || community.level !== 4 || !community.active)
      return bad('community_code', `No community ${c.community_code}`)
    const district = app.orgs.byCode(community.path.split('.')[1] ?? '')
    return {
      lat: community.seat?.lat ?? null,
      lng: community.seat?.lng ?? null,
      communityId: community.id,
      districtId: district?.id ?? null,
      areaPath: community.path,
    }
  }
  if (!c.lat && !c.lng) return bad('community_code', 'A community_code or lat and lng are needed')
  if (!c.lat) return bad('lat', 'lat and lng go together')
  if (!c.lng) return bad('lng', 'lat and lng go together')
  const lat = Number(c.lat)
  const lng = Number(c.lng)
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) return bad('lat', `Not a latitude: ${c.lat}`)
  if (!Number.isFinite(lng) || lng < -180 || lng > 180) return bad('lng', `Not a longitude: ${c.lng}`)
  const found = app.orgs.locate(lat, lng)
  if (!found) return bad('lat', 'This point is outside the city')
  const owner = app.orgs.unit(found.gridId ?? found.communityId ?? found.streetId ?? found.districtId ?? found.cityId)
  return { lat, lng, communityId: found.communityId, districtId: found.districtId, areaPath: owner?.path ?? app.orgs.root().path }
}

/**
 * `xiaolan import <file> [--dry-run]`: the import from the terminal, its progress and rate printed;
 * every problem one line (line, field, message). Returns the exit code: 1 when a row is bad.
 */
export async function importFromTerminal(
  app: AppContext,
  file: string | undefined,
  dryRun: boolean,
  io: { out: (line: string) => void; err: (line: string) => void },
): Promise<number> {
  if (!file) {
    io.err('usage: xiaolan import <file.csv|file.xlsx> [--dry-run]')
    return 2
  }
  const { createReadStream } = await import('node:fs')
  const started = performance.now()
  const rate = (n: number) => `${Math.round(n / Math.max((performance.now() - started) / 1000, 0.001)).toLocaleString('en')}/s`
  const report = await importFile(app, createReadStream(file), {
    format: formatOf(file),
    dryRun,
    by: { userId: null, file },
    onProgress: (phase, n) => io.out(`${phase === 'read' ? 'checked' : 'written'} ${n.toLocaleString('en')} rows, ${rate(n)}`),
  })
  for (const p of report.problems) io.err(`line ${p.line}, ${p.field}: ${p.message}`)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  if (report.problems.length) {
    io.err(`${report.badRows} of ${report.rows} rows are bad: nothing was written`)
    return 1
  }
  io.out(
    dryRun
      ? `dry run: all ${report.rows} rows are good (nothing written), ${seconds} s`
      : `imported ${report.imported.toLocaleString('en')} events in ${seconds} s, ${rate(report.imported)}`,
  )
  return 0
}
