/**
 * xlsx exports streamed to the HTTP response with exceljs's WorkbookWriter: rows are read in
 * keyset batches and committed as they go, so a million events never sit in memory. Headers give
 * the row count and an estimate of the size so the browser can show progress while it downloads.
 */
import { once } from 'node:events'
import { PassThrough, type Writable } from 'node:stream'
import type { KpiQuery, KpiRow, ListEventsQuery, ReportQuery, ReportView } from '@xiaolan/contracts'
import type ExcelJS from 'exceljs'
import type { FastifyReply } from 'fastify'
import { chinaDateOf, formatChinaMinute } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import type { Principal } from '../accounts/sessions.ts'
import { filteredEvents } from '../events/reads/list.ts'
import { reportData } from './reports.ts'
import { kpiReport } from './service.ts'

const BATCH = 2000
/** Compressed bytes per exported event row, measured by bench/export.ts; only feeds the progress estimate. */
const BYTES_PER_EVENT_ROW = 75

async function startWorkbook(reply: FastifyReply, filename: string, rows: number, estimatedBytes: number) {
  // loaded on the first export, not at start: exceljs is a quarter of the idle server's memory
  const { default: xlsx } = await import('exceljs')
  const out = new PassThrough({ highWaterMark: 256 * 1024 })
  const workbook = new xlsx.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false })
  reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    // headers are latin-1: an ASCII fallback name, the real one encoded (RFC 6266)
    .header(
      'content-disposition',
      `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    )
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

export const EVENT_COLUMNS = [
  { header: '编号', key: 'number', width: 20 },
  { header: '标题', key: 'title', width: 30 },
  { header: '类别', key: 'category', width: 22 },
  { header: '紧急程度', key: 'priority', width: 8 },
  { header: '渠道', key: 'channel', width: 10 },
  { header: '状态', key: 'state', width: 12 },
  { header: '时限状态', key: 'sla', width: 10 },
  { header: '区县', key: 'district', width: 10 },
  { header: '社区', key: 'community', width: 14 },
  { header: '当前单位', key: 'unit', width: 18 },
  { header: '签收时限', key: 'signDeadline', width: 17 },
  { header: '办结时限', key: 'resolveDeadline', width: 17 },
  { header: '重办次数', key: 'reopens', width: 8 },
  { header: '催办次数', key: 'presses', width: 8 },
  { header: '督办', key: 'supervised', width: 6 },
  { header: '评价', key: 'evaluation', width: 12 },
  { header: '创建时间', key: 'createdAt', width: 17 },
]

/** The events list under the same filters as GET /events, within the caller's scope. */
export async function exportEvents(app: AppContext, principal: Principal, q: ListEventsQuery, reply: FastifyReply) {
  const { limit: _limit, next: _next, ...filters } = q
  const { total } = await filteredEvents(app, principal, filters)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow()
  const rows = Number(total)
  const { out, workbook, drained } = await startWorkbook(
    reply,
    `events-${chinaDateOf(app.now())}.xlsx`,
    rows,
    rows * BYTES_PER_EVENT_ROW + 8192,
  )
  const name = (id: number | null) => app.orgs.ref(id)?.name ?? null
  const write = async () => {
    const sheet = workbook.addWorksheet('事件')
    sheet.columns = EVENT_COLUMNS
    let after: number | undefined
    for (;;) {
      const batch = await filteredEvents(app, principal, filters, after).orderBy('id', 'desc').limit(BATCH).execute()
      for (const e of batch) {
        sheet
          .addRow({
            number: e.number,
            title: e.title,
            category: app.categories.get(e.category_code)?.nameZh ?? e.category_code,
            priority: e.priority,
            channel: e.channel,
            state: e.state,
            sla: e.sla_status,
            district: name(e.district_id),
            community: name(e.community_id),
            unit: name(e.current_unit_id),
            signDeadline: stamp(e.sign_deadline),
            resolveDeadline: stamp(e.resolve_deadline),
            reopens: e.reopen_count,
            presses: e.press_count,
            supervised: e.supervised ? '是' : '',
            evaluation: e.evaluation,
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

export const KPI_COLUMNS: Array<{ header: string; key: keyof KpiRow | 'code' | 'name'; width: number }> = [
  { header: '单位编码', key: 'code', width: 16 },
  { header: '单位', key: 'name', width: 22 },
  { header: '受理派单', key: 'assigned', width: 9 },
  { header: '应签收', key: 'signDue', width: 8 },
  { header: '及时签收', key: 'signedOnTime', width: 9 },
  { header: '签收及时率', key: 'signRate', width: 10 },
  { header: '办结', key: 'resolved', width: 7 },
  { header: '按时办结', key: 'resolvedOnTime', width: 9 },
  { header: '按时办结率', key: 'onTimeRate', width: 10 },
  { header: '评价', key: 'evaluated', width: 7 },
  { header: '满意', key: 'satisfied', width: 7 },
  { header: '满意率', key: 'satisfactionRate', width: 8 },
  { header: '退单', key: 'returned', width: 7 },
  { header: '退单率', key: 'returnRate', width: 8 },
  { header: '重办', key: 'reopened', width: 7 },
  { header: '重办率', key: 'reopenRate', width: 8 },
  { header: '平均办理时长(小时)', key: 'avgHandlingHours', width: 12 },
  { header: '督办数', key: 'supervised', width: 8 },
  { header: '催办数', key: 'pressed', width: 8 },
  { header: '超时', key: 'overdue', width: 7 },
  { header: '未按时报到', key: 'missedCheckIns', width: 10 },
]

function kpiSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, title: string, rows: KpiRow[], total?: KpiRow) {
  const sheet = workbook.addWorksheet(title)
  sheet.columns = KPI_COLUMNS.map((c) => ({ ...c, key: c.key as string }))
  for (const r of total ? [...rows, { ...total, unit: { ...total.unit, name: `合计 ${total.unit.name}` } }] : rows) {
    const { unit, ...figures } = r
    sheet.addRow({ code: unit.code, name: unit.name, ...figures }).commit()
  }
  sheet.commit()
}

export async function exportKpis(app: AppContext, principal: Principal, q: KpiQuery, reply: FastifyReply) {
  const report = await kpiReport(app, principal, q)
  const { out, workbook } = await startWorkbook(
    reply,
    // the period is [from, to): the name carries its last day, not the first day after it
    `kpis-${report.scope.code}-${chinaDateOf(new Date(Date.parse(report.to) - 1))}.xlsx`,
    report.rows.length,
    0,
  )
  const write = async () => {
    kpiSheet(workbook, '单位指标', report.rows, report.total)
    await workbook.commit()
  }
  write().catch((err) => out.destroy(err))
  return reply.send(out)
}

export async function exportReport(app: AppContext, principal: Principal, q: ReportQuery, reply: FastifyReply) {
  const data = await reportData(app, principal, q)
  const { out, workbook } = await startWorkbook(
    reply,
    `${q.kind === 'daily' ? '日报' : '周报'}-${data.scope.code}-${data.start}.xlsx`,
    data.kpis.rows.length,
    0,
  )
  const write = async () => writeReport(workbook, data)
  write().catch((err) => out.destroy(err))
  return reply.send(out)
}

async function writeReport(workbook: ExcelJS.stream.xlsx.WorkbookWriter, data: ReportView) {
  const summary = workbook.addWorksheet('概况')
  summary.columns = [
    { header: '项目', key: 'label', width: 20 },
    { header: '数值', key: 'value', width: 24 },
  ]
  const lines: Array<[string, string | number | null]> = [
    ['报表', `${data.kind === 'daily' ? '日报' : '周报'} ${data.scope.name}`],
    ['时段', `${data.start} 至 ${data.end}`],
    ['新增事件', data.summary.created],
    ['办结', data.kpis.total.resolved],
    ['按时办结率', data.kpis.total.onTimeRate],
    ['签收及时率', data.kpis.total.signRate],
    ['满意率', data.kpis.total.satisfactionRate],
    ['督办数', data.kpis.total.supervised],
    ['当前超时', data.summary.overdueNow],
    ['当前预警', data.summary.warningNow],
  ]
  for (const [label, value] of lines) summary.addRow({ label, value }).commit()
  summary.commit()
  kpiSheet(workbook, '单位指标', data.kpis.rows, data.kpis.total)
  kpiSheet(workbook, '红榜', data.ranking.red)
  kpiSheet(workbook, '黑榜', data.ranking.black)
  await workbook.commit()
}
