/**
 * xlsx exports streamed to the HTTP response with exceljs's WorkbookWriter: rows are read in
 * keyset batches and committed as they go, so a million events never sit in memory. Headers give
 * the row count and an estimate of the size so the browser can show progress while it downloads.
 */
import { once } from 'node:events'
import { PassThrough, type Writable } from 'node:stream'
import type { EventsExportQuery, KpiExportQuery, KpiRow, ReportExportQuery, ReportView } from '@xiaolan/contracts'
import type ExcelJS from 'exceljs'
import type { FastifyReply } from 'fastify'
import { chinaDateOf, formatChinaMinute } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import type { Principal } from '../accounts/sessions.ts'
import { filteredEvents } from '../events/reads/list.ts'
import { EVENT_KEYS, type ExportWords, exportWords, KPI_KEYS } from './export-words.ts'
import { reportData } from './reports.ts'
import { kpiReport, scopeOf } from './service.ts'

const BATCH = 2000
/** Compressed bytes per exported event row, measured by bench/export.ts; only feeds the progress estimate. */
const BYTES_PER_EVENT_ROW = 75

/**
 * The Content-Disposition of a download named `filename`, which carries units' names (an imported
 * city's may hold a quote): headers are latin-1, so an ASCII fallback name with neither quote nor
 * backslash, and the real name encoded as RFC 5987 allows (encodeURIComponent leaves ' ( ) * bare).
 */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_')
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

async function startWorkbook(reply: FastifyReply, filename: string, rows: number, estimatedBytes: number) {
  // loaded on the first export, not at start: exceljs is a quarter of the idle server's memory
  const { default: xlsx } = await import('exceljs')
  const out = new PassThrough({ highWaterMark: 256 * 1024 })
  const workbook = new xlsx.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false })
  reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', attachment(filename))
    .header('x-total-rows', String(rows))
    .header('x-estimated-bytes', String(estimatedBytes))
    .header('cache-control', 'no-store')
  const closed = once(out, 'close')
  /**
   * Backpressure, twice: exceljs writes a sheet into its zip entry without waiting (the entry's input
   * buffer would hold the whole sheet), and the client may be slower than the database.
   */
  const drained = async (sheet: ExcelJS.Worksheet) => {
    const entries = (sheet as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes ?? []
    for (const entry of entries) {
      const state = (entry as unknown as { _writableState?: { needDrain?: boolean } })._writableState
      if (state?.needDrain) await Promise.race([once(entry, 'drain'), closed])
    }
    if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), closed])
  }
  return { out, workbook, drained }
}

const stamp = (d: Date | string | null) => (d === null ? null : formatChinaMinute(d))

/** The user's word for a code the database holds as text (the code itself if the words lack it). */
const wordOf = <K extends string>(words: Record<K, string>, code: string | null) => (code === null ? null : (words[code as K] ?? code))

const WIDTHS: Record<(typeof EVENT_KEYS)[number], number> = {
  number: 20,
  title: 30,
  category: 22,
  priority: 8,
  channel: 12,
  state: 12,
  sla: 10,
  district: 10,
  community: 14,
  unit: 18,
  signDeadline: 17,
  resolveDeadline: 17,
  reopens: 8,
  presses: 8,
  supervised: 6,
  evaluation: 12,
  createdAt: 17,
}

/** The China days a file name gives for [from, to): the first and the last (not the day after it). */
const daysOf = (from: string, to: string) => [chinaDateOf(from), chinaDateOf(Date.parse(to) - 1)] as const

/** The events list under the same filters as GET /events, within the caller's scope. */
export async function exportEvents(app: AppContext, principal: Principal, q: EventsExportQuery, reply: FastifyReply) {
  const { lang, scope: code, ...listFilters } = q
  const words = exportWords(lang)
  // the scope chosen (the caller's unit by default; 403 outside their subtree) bounds the rows and names the file
  const scope = scopeOf(app, principal, code)
  const filters = { ...listFilters, within: scope }
  const { total } = await filteredEvents(app, principal, filters)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow()
  const rows = Number(total)
  // the period asked; without a start, the day the list ends (today, unless \`to\` says otherwise)
  const last = chinaDateOf(filters.to ? Date.parse(filters.to) - 1 : app.now())
  const period = filters.from ? words.period(chinaDateOf(filters.from), last) : last
  const { out, workbook, drained } = await startWorkbook(
    reply,
    `${scope.name}-${words.events}-${period}.xlsx`,
    rows,
    rows * BYTES_PER_EVENT_ROW + 8192,
  )
  const name = (id: number | null) => app.orgs.ref(id)?.name ?? null
  const category = (code: string) => {
    const c = app.categories.get(code)
    return (lang === 'en' ? c?.nameEn : c?.nameZh) ?? code
  }
  const write = async () => {
    const sheet = workbook.addWorksheet(words.eventsSheet)
    sheet.columns = EVENT_KEYS.map((key) => ({ header: words.eventColumns[key], key, width: WIDTHS[key] }))
    let after: number | undefined
    for (;;) {
      const batch = await filteredEvents(app, principal, filters, after).orderBy('id', 'desc').limit(BATCH).execute()
      for (const e of batch) {
        sheet
          .addRow({
            number: e.number,
            title: e.title,
            category: category(e.category_code),
            priority: wordOf(words.priority, e.priority),
            channel: wordOf(words.channel, e.channel),
            state: wordOf(words.state, e.state),
            sla: wordOf(words.sla, e.sla_status),
            district: name(e.district_id),
            community: name(e.community_id),
            unit: name(e.current_unit_id),
            signDeadline: stamp(e.sign_deadline),
            resolveDeadline: stamp(e.resolve_deadline),
            reopens: e.reopen_count,
            presses: e.press_count,
            supervised: e.supervised ? words.yes : '',
            evaluation: wordOf(words.rating, e.evaluation),
            createdAt: stamp(e.created_at),
          })
          .commit()
      }
      if (batch.length < BATCH) break
      after = batch[batch.length - 1].id
      await drained(sheet)
      if (out.destroyed) return // the client went away
    }
    sheet.commit()
    await workbook.commit()
  }
  write().catch((err) => {
    app.log.error({ err }, 'events export failed')
    out.destroy(err)
  })
  return reply.send(out)
}

const KPI_WIDTHS: Partial<Record<(typeof KPI_KEYS)[number], number>> = { code: 16, name: 22, avgHandlingHours: 12, missedCheckIns: 10 }

function kpiSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, words: ExportWords, title: string, rows: KpiRow[], total?: KpiRow) {
  const sheet = workbook.addWorksheet(title)
  sheet.columns = KPI_KEYS.map((key) => ({ header: words.kpiColumns[key], key, width: KPI_WIDTHS[key] ?? 9 }))
  for (const r of total ? [...rows, { ...total, unit: { ...total.unit, name: words.total(total.unit.name) } }] : rows) {
    const { unit, ...figures } = r
    sheet.addRow({ code: unit.code, name: unit.name, ...figures }).commit()
  }
  sheet.commit()
}

export async function exportKpis(app: AppContext, principal: Principal, q: KpiExportQuery, reply: FastifyReply) {
  const { lang, ...query } = q
  const words = exportWords(lang)
  const report = await kpiReport(app, principal, query)
  const [first, last] = daysOf(report.from, report.to)
  const { out, workbook } = await startWorkbook(
    reply,
    `${report.scope.name}-${words.kpis}-${words.period(first, last)}.xlsx`,
    report.rows.length,
    0,
  )
  const write = async () => {
    kpiSheet(workbook, words, words.kpiSheet, report.rows, report.total)
    await workbook.commit()
  }
  write().catch((err) => out.destroy(err))
  return reply.send(out)
}

export async function exportReport(app: AppContext, principal: Principal, q: ReportExportQuery, reply: FastifyReply) {
  const { lang, ...query } = q
  const words = exportWords(lang)
  const data = await reportData(app, principal, query)
  const { out, workbook } = await startWorkbook(
    reply,
    `${data.scope.name}-${data.kind === 'daily' ? words.daily : words.weekly}-${words.period(data.start, data.end)}.xlsx`,
    data.kpis.rows.length,
    0,
  )
  const write = async () => writeReport(workbook, words, data)
  write().catch((err) => out.destroy(err))
  return reply.send(out)
}

async function writeReport(workbook: ExcelJS.stream.xlsx.WorkbookWriter, words: ExportWords, data: ReportView) {
  const summary = workbook.addWorksheet(words.summarySheet)
  summary.columns = [
    { header: words.summary.label, key: 'label', width: 20 },
    { header: words.summary.value, key: 'value', width: 24 },
  ]
  const k = words.kpiColumns
  const lines: Array<[string, string | number | null]> = [
    [words.summary.report, `${data.kind === 'daily' ? words.daily : words.weekly} ${data.scope.name}`],
    [words.summary.period, words.period(data.start, data.end)],
    [words.summary.created, data.summary.created],
    [k.resolved, data.kpis.total.resolved],
    [k.onTimeRate, data.kpis.total.onTimeRate],
    [k.signRate, data.kpis.total.signRate],
    [k.satisfactionRate, data.kpis.total.satisfactionRate],
    [k.supervised, data.kpis.total.supervised],
    [words.summary.overdueNow, data.summary.overdueNow],
    [words.summary.warningNow, data.summary.warningNow],
  ]
  for (const [label, value] of lines) summary.addRow({ label, value }).commit()
  summary.commit()
  kpiSheet(workbook, words, words.kpiSheet, data.kpis.rows, data.kpis.total)
  kpiSheet(workbook, words, words.red, data.ranking.red)
  kpiSheet(workbook, words, words.black, data.ranking.black)
  await workbook.commit()
}
