/**
 * Open data (开放数据, issue 17 item 8): the events created in a period that reached their end, as
 * CSV or GeoJSON, streamed in keyset pages so a year of a city never sits in memory. Anonymised by
 * construction: the columns are codes, names of public units, times and states — no title, no
 * description, no note, no person — and the point is the community's seat, not the report's.
 * The schema below is the documentation (GET /open-data/schema, docs/open-data.md).
 */
import { once } from 'node:events'
import { PassThrough } from 'node:stream'
import type { OpenDataField, OpenDataQuery, OpenDataSchemaView } from '@xiaolan/contracts'
import type { FastifyReply } from 'fastify'
import { addDays, chinaDateOf, chinaOffsetIso, chinaTime, dayNumberOf } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import { invalid } from '../../errors.ts'
import { countEndedEvents, type EndedEventsQuery, endedEventsPage } from '../events/open-data-reads.ts'
import { attachment } from '../sla/export.ts'

const PAGE = 2000
const MAX_DAYS = 366
const DEFAULT_DAYS = 30
/** Bytes per row, for the browser's progress bar only (a CSV row of the demo city; a GeoJSON feature is about 2.5 ×). */
const CSV_ROW_BYTES = 260
const GEOJSON_ROW_BYTES = 650

const field = (name: string, type: OpenDataField['type'], nullable: boolean, zh: string, en: string): OpenDataField => ({
  name,
  type,
  nullable,
  zh,
  en,
})

/** The columns, in order: the CSV's header and the GeoJSON properties (the point is the feature's geometry). */
export const OPEN_DATA_FIELDS: OpenDataField[] = [
  field(
    'number',
    'string',
    false,
    '事件编号（可在“进度查询”查看公开进度）',
    'Public event number (its public progress is at /track/<number>)',
  ),
  field('category', 'string', false, '一级分类代码', 'Top-level category code'),
  field('category_name', 'string', false, '一级分类名称', 'Top-level category name (Chinese)'),
  field(
    'subcategory',
    'string',
    true,
    '二级分类代码（事件只有一级分类时为空）',
    'Subcategory code (empty when the event has only a top-level one)',
  ),
  field('subcategory_name', 'string', true, '二级分类名称', 'Subcategory name (Chinese)'),
  field('channel', 'string', false, '来源渠道代码（app、hotline、netizen、grid…）', 'Channel code (app, hotline, netizen, grid, …)'),
  field('state', 'string', false, '结束状态：closed 办结，rejected 不予受理', 'How it ended: closed, or rejected'),
  field('evaluation', 'string', true, '评价：satisfied、basically_satisfied、unsatisfied、default_satisfied', 'Rating, when there is one'),
  field('created_at', 'date-time', false, '受理时间（ISO 8601，北京时间 +08:00）', 'When it was received (ISO 8601, +08:00)'),
  field('closed_at', 'date-time', true, '结束时间（办结或不予受理）', 'When it was closed or rejected'),
  field('district_code', 'string', true, '区县代码', 'District code'),
  field('district', 'string', true, '区县', 'District'),
  field('street_code', 'string', true, '街道（乡镇）代码', 'Street (township) code'),
  field('street', 'string', true, '街道（乡镇）', 'Street (township)'),
  field('community_code', 'string', true, '社区（村）代码', 'Community (village) code'),
  field('community', 'string', true, '社区（村）', 'Community (village)'),
  field('latitude', 'number', true, '社区代表点纬度（不是报事位置）', "Latitude of the community's seat (not of the report)"),
  field('longitude', 'number', true, '社区代表点经度（不是报事位置）', "Longitude of the community's seat (not of the report)"),
]

export const OPEN_DATA_SCHEMA: OpenDataSchemaView = {
  fields: OPEN_DATA_FIELDS,
  coverage: {
    zh: '所选期间（按受理日，北京时间）受理、现已办结或不予受理的事件；已合并的重复事件计入其合并到的事件。不含标题、描述、处理意见和任何个人信息；位置只到社区。',
    en: 'Events received in the period (by China day of receipt) that are now closed or rejected; a merged duplicate counts in the event it joined. No title, description, notes or personal data; places only down to the community.',
  },
  licence: 'CC BY 4.0',
}

type Row = Awaited<ReturnType<typeof endedEventsPage>>[number]

/** The query's period as instants, and the file's name; 400 naming the field for a bad range. */
export function openDataPeriod(app: AppContext, q: OpenDataQuery): EndedEventsQuery & { name: string } {
  const to = q.to ?? chinaDateOf(app.now())
  const from = q.from ?? addDays(to, -(DEFAULT_DAYS - 1))
  if (dayNumberOf(from) > dayNumberOf(to)) throw invalid('from', '`from` is after `to`')
  if (dayNumberOf(to) - dayNumberOf(from) + 1 > MAX_DAYS) throw invalid('from', `At most ${MAX_DAYS} days at a time`)
  let districtId: number | undefined
  if (q.district !== undefined) {
    const district = app.orgs.byCode(q.district)
    if (district?.kind !== 'center' || district.level !== 2) throw invalid('district', `No district ${q.district}`)
    districtId = district.id
  }
  return {
    from: chinaTime(from),
    to: chinaTime(addDays(to, 1)),
    districtId,
    name: `xiaolan-events-${q.district ? `${q.district}-` : ''}${from}_${to}`,
  }
}

/** One row as the dataset's values, in OPEN_DATA_FIELDS order. */
function values(app: AppContext, r: Row): Array<string | number | null> {
  const category = app.categories.get(r.category_code)
  const top = category?.parentCode ? app.categories.get(category.parentCode) : category
  const codes = (r.area_path ?? '').split('.').filter(Boolean)
  const unit = (i: number) => (codes[i] ? app.orgs.byCode(codes[i]) : undefined)
  const community = r.community_id === null ? undefined : app.orgs.unit(r.community_id)
  const seat = community?.seat
  return [
    r.number,
    top?.code ?? r.category_code.split('.')[0],
    top?.nameZh ?? null,
    category?.parentCode ? category.code : null,
    category?.parentCode ? category.nameZh : null,
    r.channel,
    r.state,
    r.evaluation,
    chinaOffsetIso(r.created_at),
    r.ended_at ? chinaOffsetIso(r.ended_at) : null,
    unit(1)?.code ?? null,
    unit(1)?.name ?? null,
    unit(2)?.code ?? null,
    unit(2)?.name ?? null,
    community?.code ?? null,
    community?.name ?? null,
    seat ? round(seat.lat) : null,
    seat ? round(seat.lng) : null,
  ]
}

const round = (v: number) => Math.round(v * 1e5) / 1e5

/** RFC 4180: a value with a comma, a quote or a line break is quoted, its quotes doubled. */
function csvCell(v: string | number | null): string {
  if (v === null) return ''
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

const csvLine = (cells: Array<string | number | null>) => `${cells.map(csvCell).join(',')}\r\n`

function feature(cells: Array<string | number | null>): string {
  const properties = Object.fromEntries(OPEN_DATA_FIELDS.map((f, i) => [f.name, cells[i]]))
  const [lat, lng] = [cells[cells.length - 2], cells[cells.length - 1]]
  const geometry = lat === null || lng === null ? null : { type: 'Point', coordinates: [lng, lat] }
  return JSON.stringify({ type: 'Feature', geometry, properties })
}

/** Streams the dataset of `q` as `format` into the reply (counted first, for the download's progress). */
export async function sendOpenData(app: AppContext, q: OpenDataQuery, format: 'csv' | 'geojson', reply: FastifyReply) {
  const period = openDataPeriod(app, q)
  const db = app.database.db
  const total = await countEndedEvents(db, period)
  const out = new PassThrough({ highWaterMark: 256 * 1024 })
  const csv = format === 'csv'
  reply
    .header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/geo+json; charset=utf-8')
    .header('content-disposition', attachment(`${period.name}.${format}`))
    .header('x-total-rows', String(total))
    .header('x-estimated-bytes', String(total * (csv ? CSV_ROW_BYTES : GEOJSON_ROW_BYTES) + 512))
    .header('cache-control', 'public, max-age=300')
  const write = async () => {
    // backpressure from a slow client; one that went away ends the wait too
    const push = async (text: string) => {
      if (!out.write(text)) await Promise.race([once(out, 'drain'), once(out, 'close')])
    }
    // a byte-order mark, so a spreadsheet opens the Chinese names as UTF-8
    await push(csv ? `\ufeff${csvLine(OPEN_DATA_FIELDS.map((f) => f.name))}` : '{"type":"FeatureCollection","features":[')
    let before: number | undefined
    let first = true
    for (;;) {
      const page = await endedEventsPage(db, period, before, PAGE)
      let chunk = ''
      for (const r of page) {
        const cells = values(app, r)
        chunk += csv ? csvLine(cells) : `${first ? '' : ','}\n${feature(cells)}`
        first = false
      }
      if (chunk) await push(chunk)
      if (page.length < PAGE || out.destroyed) break
      before = page[page.length - 1].id
    }
    if (!csv) await push('\n]}\n')
    out.end()
  }
  write().catch((err) => {
    app.log.error({ err }, 'open data export failed')
    out.destroy(err)
  })
  return reply.send(out)
}
