/// <reference path="./polylabel.d.ts" />
/**
 * A city's command chain from its official division codes (`xiaolan import-divisions`): a CSV of
 * the statistics bureau's codes (统计用区划代码) with the columns `code,name,parent_code`, and
 * optionally a GeoJSON FeatureCollection of the units' boundaries keyed by `properties.code`.
 *
 * The level follows from the 12-digit code PP CC DD SSS VVV: the city (DD, SSS, VVV zero) is
 * level 1 and keeps the 6-digit `PPCC00`; a district or county (SSS, VVV zero) is level 2, 6
 * digits; a street or township (VVV zero) level 3, 9 digits; a village or community level 4, all
 * 12. The file may write the short forms too. Every problem is reported with its CSV line (1 is the
 * header; null for the whole file) and field, and a file with any problem yields no unit at all.
 *
 * Pure and synchronous: the same files give the same units, ids 1..N with every parent before its
 * children and each level in code order.
 */
import { CsvError, parse } from 'csv-parse/sync'
import polylabel from 'polylabel'
import { type OrgSeed, unitAppender } from './city-chain.ts'
import { type MultiPolygon, type Polygon, rectOf, round6 } from './layout.ts'
import { polygonContains } from './locator.ts'
import { spokenName } from './place-names.ts'
import { partArea, partsOf } from './tiling.ts'

/** One problem of an import: `line` is the CSV line (1 = the header), null for a whole-file problem. */
export interface DivisionError {
  line: number | null
  field: string
  message: string
}

/** What one import may hold: rows of the CSV (beside its header) and bytes of each file. */
export const DIVISION_LIMITS = { rows: 100_000, bytes: 50 * 1024 * 1024 } as const

/** The longest name a unit may have (an administrator's rename allows the same). */
const MAX_NAME = 60

const COLUMNS = ['code', 'name', 'parent_code'] as const

type Level = 1 | 2 | 3 | 4

interface Row {
  line: number
  code: string
  level: Level
  name: string
  /** the short code of the parent the row names, null when empty, false when it is no code */
  parent: string | null | false
}

export function parseDivisions(csv: string, boundaries?: string): { units: OrgSeed[] } | { errors: DivisionError[] } {
  const errors: DivisionError[] = []
  const fail = (line: number | null, field: string, message: string) => {
    errors.push({ line, field, message })
  }

  const records = readCsv(csv, fail)
  if (!records) return { errors }

  // ---- the header ------------------------------------------------------------------------
  const header = records[0].fields.map((h) => h.trim().toLowerCase())
  const column = new Map<string, number>()
  header.forEach((h, i) => {
    if (!column.has(h)) column.set(h, i)
    else if ((COLUMNS as readonly string[]).includes(h)) fail(1, h, `the column ${h} appears twice in the header`)
  })
  for (const c of COLUMNS) if (!column.has(c)) fail(1, c, `the header has no column ${c} (it needs ${COLUMNS.join(',')})`)
  if (errors.length > 0) return { errors }
  if (records.length === 1) return { errors: [{ line: null, field: 'file', message: 'the file has a header but no rows' }] }

  // ---- each row on its own -----------------------------------------------------------------
  const rows: Row[] = []
  const lineOf = new Map<string, number>()
  for (const { line, fields } of records.slice(1)) {
    const value = (c: (typeof COLUMNS)[number]) => (fields[column.get(c) as number] ?? '').trim()
    const code = divisionCode(value('code'))
    if (typeof code === 'string') fail(line, 'code', code)
    const name = nameError(value('name'))
    if (name.error) fail(line, 'name', name.error)
    let parent: Row['parent'] = null
    if (value('parent_code') !== '') {
      const p = divisionCode(value('parent_code'))
      if (typeof p === 'string') fail(line, 'parent_code', p)
      parent = typeof p === 'string' ? false : p.code
    }
    if (typeof code === 'string') continue
    const first = lineOf.get(code.code)
    if (first !== undefined) {
      fail(line, 'code', `${code.code} is already on line ${first}`)
      continue
    }
    lineOf.set(code.code, line)
    rows.push({ line, code: code.code, level: code.level, name: name.value, parent })
  }

  // ---- the tree: one city, every other row under its own parent ------------------------------
  const cities = rows.filter((r) => r.level === 1)
  if (cities.length === 0) fail(null, 'code', 'the file has no city: one row must be the city (a code PPCC00, parent_code empty)')
  for (const extra of cities.slice(1)) {
    fail(extra.line, 'code', `a second city (the first is ${cities[0].code} on line ${cities[0].line}): the file holds one city`)
  }
  for (const r of rows) {
    const expected = parentCodeOf(r.code, r.level)
    if (r.parent === false) continue // already reported
    if (expected === null) {
      if (r.parent !== null) fail(r.line, 'parent_code', 'the city is the root of the file: leave its parent_code empty')
    } else if (r.parent === null) {
      fail(r.line, 'parent_code', `missing: a ${LEVEL_NAMES[r.level]} names its ${LEVEL_NAMES[r.level - 1]}, ${expected}`)
    } else if (r.parent !== expected) {
      fail(
        r.line,
        'parent_code',
        `${r.parent} is not the parent of ${r.code}: a ${LEVEL_NAMES[r.level]}'s parent is its ${LEVEL_NAMES[r.level - 1]}, ${expected}`,
      )
    } else if (!lineOf.has(expected)) {
      fail(r.line, 'parent_code', `${expected} is not in the file`)
    }
  }
  if (errors.length > 0) return { errors: sortErrors(errors) }

  // ---- the boundaries --------------------------------------------------------------------
  const areas = boundaries === undefined ? new Map<string, Polygon | MultiPolygon>() : readBoundaries(boundaries, lineOf, fail)
  const seats = new Map<string, { lat: number; lng: number }>()
  for (const [code, geometry] of areas) {
    const seat = seatOf(geometry)
    if (seat) seats.set(code, seat)
    else fail(lineOf.get(code) as number, 'geometry', `the area of ${code} is too small to hold a seat (a point strictly inside)`)
  }
  if (errors.length > 0) return { errors: sortErrors(errors) }

  // ---- the units: by level, each level in code order, so parents come first ---------------------
  rows.sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : 1))
  const units: OrgSeed[] = []
  const push = unitAppender(units)
  const idOf = new Map<string, number>()
  for (const r of rows) {
    const parentId = r.level === 1 ? null : (idOf.get(parentCodeOf(r.code, r.level) as string) as number)
    const geometry = areas.get(r.code)
    const seat = seats.get(r.code)
    idOf.set(r.code, push({ code: r.code, name: r.name, kind: 'center', level: r.level, parentId, geometry, seat }))
  }
  return { units }
}

const LEVEL_NAMES = ['', 'city', 'district', 'street', 'community'] as const

// ---------------------------------------------------------------------------------------------
// Codes

/** A code as the file writes it (6, 9 or 12 digits) → its level and short form, or what is wrong. */
function divisionCode(text: string): { code: string; level: Level } | string {
  if (text === '') return 'missing'
  if (!/^(?:\d{6}|\d{9}|\d{12})$/.test(text)) return `${text} is not a 6-, 9- or 12-digit division code`
  const full = text.padEnd(12, '0')
  const [pp, cc, dd, sss, vvv] = [full.slice(0, 2), full.slice(2, 4), full.slice(4, 6), full.slice(6, 9), full.slice(9)]
  if (pp === '00') return `${text} is not a division code: its province digits are 00`
  if (cc === '00') {
    return dd === '00' && sss === '000' && vvv === '000'
      ? `${text} is a province: the file starts at the city (a code PPCC00)`
      : `${text} is not a division code: a unit below the city needs its city digits (3–4), which are 00`
  }
  if (dd === '00') {
    return sss === '000' && vvv === '000'
      ? { code: full.slice(0, 6), level: 1 }
      : `${text} is not a division code: a street or community needs its district digits (5–6), which are 00`
  }
  if (sss === '000') {
    return vvv === '000'
      ? { code: full.slice(0, 6), level: 2 }
      : `${text} is not a division code: a community needs its street digits (7–9), which are 000`
  }
  if (vvv === '000') return { code: full.slice(0, 9), level: 3 }
  return { code: full, level: 4 }
}

/** The short code of a unit's parent, given by the code itself (null for the city). */
function parentCodeOf(code: string, level: Level): string | null {
  if (level === 1) return null
  if (level === 2) return `${code.slice(0, 4)}00`
  return code.slice(0, level === 3 ? 6 : 9)
}

function nameError(text: string): { value: string; error?: string } {
  if (text === '') return { value: text, error: 'missing' }
  // a line break, a tab or another control character, or half of a surrogate pair
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  if (/[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) {
    return { value: text, error: 'holds a line break or a control character' }
  }
  const value = spokenName(text)
  if ([...value].length > MAX_NAME) return { value, error: `longer than ${MAX_NAME} characters` }
  return { value }
}

// ---------------------------------------------------------------------------------------------
// The CSV

function readCsv(
  csv: string,
  fail: (line: number | null, field: string, message: string) => void,
): Array<{ line: number; fields: string[] }> | null {
  if (Buffer.byteLength(csv, 'utf8') > DIVISION_LIMITS.bytes) {
    fail(null, 'file', `larger than ${DIVISION_LIMITS.bytes / 1024 / 1024} MB`)
    return null
  }
  const bytes = Buffer.from(csv, 'utf8')
  const lineAtByte = lineCounter(bytes)
  const replaced = csv.indexOf('\ufffd')
  if (replaced >= 0) {
    // what a file in another encoding (GBK, most often) becomes when it is read as UTF-8
    fail(lineAt(csv, replaced), 'file', 'not UTF-8 text: save the file as UTF-8')
    return null
  }
  let parsed: Array<{ record: string[]; info: { bytes: number } }>
  try {
    // with `info`, each record comes with where it ends (csv-parse's types do not say so)
    parsed = parse(bytes, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 1024 * 1024,
      // the header, the rows allowed and one more to tell that there are too many
      to: DIVISION_LIMITS.rows + 2,
    }) as unknown as typeof parsed
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
    const at = (error as CsvError & { bytes?: number }).bytes
    fail(at === undefined ? null : lineAtByte(at), 'file', `not a well-formed CSV: ${error.message}`)
    return null
  }
  if (parsed.length === 0) {
    fail(null, 'file', 'the file is empty')
    return null
  }
  if (parsed.length > DIVISION_LIMITS.rows + 1) {
    fail(null, 'file', `more than ${DIVISION_LIMITS.rows.toLocaleString('en')} rows`)
    return null
  }
  // a record ends where csv-parse has read to (its own line count takes a CRLF inside quotes for
  // two lines); it began as many lines earlier as its quoted fields hold line breaks
  return parsed.map(({ record, info }) => ({
    line: lineAtByte(info.bytes - 1) - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0),
    fields: record,
  }))
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length

/** The line (from 1) that holds a byte offset. */
function lineCounter(bytes: Buffer): (offset: number) => number {
  const breaks: number[] = []
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) breaks.push(i)
  return (offset) => {
    let lo = 0
    let hi = breaks.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (breaks[mid] < offset) lo = mid + 1
      else hi = mid
    }
    return lo + 1
  }
}

/** Whole-file problems first, then by line, each line's problems as found. */
const sortErrors = (errors: DivisionError[]) =>
  errors
    .map((e, i) => [e, i] as const)
    .sort(([a, i], [b, j]) => (a.line ?? 0) - (b.line ?? 0) || i - j)
    .map(([e]) => e)

// ---------------------------------------------------------------------------------------------
// The boundaries

function readBoundaries(
  text: string,
  lineOf: ReadonlyMap<string, number>,
  fail: (line: number | null, field: string, message: string) => void,
): Map<string, Polygon | MultiPolygon> {
  const areas = new Map<string, Polygon | MultiPolygon>()
  if (Buffer.byteLength(text, 'utf8') > DIVISION_LIMITS.bytes) {
    fail(null, 'boundaries', `larger than ${DIVISION_LIMITS.bytes / 1024 / 1024} MB`)
    return areas
  }
  let collection: unknown
  try {
    collection = JSON.parse(text)
  } catch (error) {
    fail(null, 'boundaries', `not JSON: ${(error as Error).message}`)
    return areas
  }
  const features = (collection as { type?: unknown; features?: unknown } | null)?.features
  if (!isObject(collection) || collection.type !== 'FeatureCollection' || !Array.isArray(features)) {
    fail(null, 'boundaries', 'not a GeoJSON FeatureCollection (an object with "type": "FeatureCollection" and "features")')
    return areas
  }
  const featureOf = new Map<string, number>()
  features.forEach((feature: unknown, i) => {
    const where = `feature ${i + 1}`
    const properties = isObject(feature) ? feature.properties : undefined
    const raw = isObject(properties) ? properties.code : undefined
    const code =
      typeof raw === 'string' || (typeof raw === 'number' && Number.isInteger(raw)) ? divisionCode(String(raw).trim()) : 'missing'
    if (typeof code === 'string') {
      fail(null, 'boundaries', `${where}: properties.code ${code}`)
      return
    }
    const line = lineOf.get(code.code)
    if (line === undefined) {
      fail(null, 'boundaries', `${where}: ${code.code} is not in the CSV`)
      return
    }
    const earlier = featureOf.get(code.code)
    if (earlier !== undefined) {
      fail(line, 'geometry', `${where}: ${code.code} already has its boundary in feature ${earlier}`)
      return
    }
    featureOf.set(code.code, i + 1)
    const geometry = isObject(feature) ? feature.geometry : undefined
    const checked = readGeometry(geometry)
    if (typeof checked === 'string') fail(line, 'geometry', `${where} (${code.code}): ${checked}`)
    else areas.set(code.code, checked)
  })
  return areas
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A Polygon or MultiPolygon with its positions as [lng, lat] (an altitude is dropped), or what is wrong. */
function readGeometry(geometry: unknown): Polygon | MultiPolygon | string {
  if (!isObject(geometry)) return 'no geometry'
  const { type, coordinates } = geometry
  if (type === 'Polygon') {
    const polygon = readPolygon(coordinates, '')
    return typeof polygon === 'string' ? polygon : { type, coordinates: polygon }
  }
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) return 'a MultiPolygon needs at least one polygon'
    const parts: number[][][][] = []
    for (let p = 0; p < coordinates.length; p++) {
      const polygon = readPolygon(coordinates[p], `polygon ${p + 1}, `)
      if (typeof polygon === 'string') return polygon
      parts.push(polygon)
    }
    return { type, coordinates: parts }
  }
  return `the geometry is ${typeof type === 'string' ? `a ${type}` : 'of no type'}: an area is a Polygon or a MultiPolygon`
}

function readPolygon(rings: unknown, where: string): number[][][] | string {
  if (!Array.isArray(rings) || rings.length === 0) return `${where}a polygon needs at least its outer ring`
  const out: number[][][] = []
  for (let r = 0; r < rings.length; r++) {
    const ring: unknown = rings[r]
    const at = `${where}ring ${r + 1}`
    if (!Array.isArray(ring) || ring.length < 4) return `${at}: a ring needs at least 4 positions`
    const positions: number[][] = []
    for (let k = 0; k < ring.length; k++) {
      const p: unknown = ring[k]
      if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        return `${at}, position ${k + 1}: not [lng, lat] with finite numbers`
      }
      const [lng, lat] = p as number[]
      if (lng < -180 || lng > 180 || lat < -90 || lat > 90)
        return `${at}, position ${k + 1}: [${lng}, ${lat}] is not a longitude −180…180 and a latitude −90…90`
      positions.push([lng, lat])
    }
    const [first, last] = [positions[0], positions[positions.length - 1]]
    if (first[0] !== last[0] || first[1] !== last[1]) return `${at}: not closed (the last position must repeat the first)`
    out.push(positions)
  }
  return out
}

/**
 * A point strictly inside the area: the pole of inaccessibility of its largest part, to 6 decimals
 * (about 0.1 m), checked with the locator's own rule; null when the rounded point falls outside.
 */
export function seatOf(geometry: Polygon | MultiPolygon): { lat: number; lng: number } | null {
  const parts = partsOf(geometry)
  let largest = parts[0]
  for (const part of parts) if (partArea(part) > partArea(largest)) largest = part
  const [x0, y0, x1, y1] = rectOf({ type: 'Polygon', coordinates: largest })
  const size = Math.min(x1 - x0, y1 - y0)
  if (!(size > 0)) return null
  const [x, y] = polylabel(largest, size / 1000)
  const seat = { lat: round6(y), lng: round6(x) }
  return polygonContains(largest, seat.lat, seat.lng) ? seat : null
}
