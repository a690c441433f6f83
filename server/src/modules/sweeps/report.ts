/**
 * A sweep's report (xlsx): a summary sheet (the sweep, its state and totals), its progress per street,
 * community and grid, and every target with its result and the event a failed one became. A sweep's
 * targets are a few thousand at most (a district's sites), so the workbook is built in memory.
 */
import { formatChinaMinute } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import { forbidden } from '../../errors.ts'
import { attachment } from '../sla/export.ts'
import { type Staff, sweepReader } from './policy.ts'
import { sweepTargets, sweepView } from './sweeps.ts'

const WORDS = {
  'zh-CN': {
    report: '隐患联排报告',
    summary: '概况',
    progress: '进度',
    targets: '检查对象',
    labels: { title: '名称', scope: '范围', center: '发起单位', deadline: '截止日期', state: '状态', items: '检查项' },
    states: { open: '进行中', closed: '已结束', pending: '待检查', passed: '合格', failed: '不合格' } as Record<string, string>,
    levels: { street: '街道', community: '社区', grid: '网格' },
    columns: {
      level: '层级',
      unit: '单位',
      targets: '对象数',
      checked: '已检查',
      rate: '完成率',
      failed: '不合格对象',
      failedItems: '不合格项',
    },
    target: {
      site: '对象',
      address: '地址',
      grid: '网格',
      state: '结果',
      failedItems: '未通过项',
      note: '备注',
      checkedAt: '检查时间',
      event: '事件编号',
    },
  },
  en: {
    report: 'Hazard sweep report',
    summary: 'Summary',
    progress: 'Progress',
    targets: 'Targets',
    labels: { title: 'Title', scope: 'Scope', center: 'Launched by', deadline: 'Deadline', state: 'State', items: 'Checklist' },
    states: { open: 'Open', closed: 'Closed', pending: 'Pending', passed: 'Passed', failed: 'Failed' } as Record<string, string>,
    levels: { street: 'Street', community: 'Community', grid: 'Grid' },
    columns: {
      level: 'Level',
      unit: 'Unit',
      targets: 'Targets',
      checked: 'Checked',
      rate: 'Done',
      failed: 'Failed targets',
      failedItems: 'Failed items',
    },
    target: {
      site: 'Target',
      address: 'Address',
      grid: 'Grid',
      state: 'Result',
      failedItems: 'Failed items',
      note: 'Note',
      checkedAt: 'Checked at',
      event: 'Event',
    },
  },
}

export async function sweepReport(app: AppContext, staff: Staff, id: number, lang: 'zh-CN' | 'en' = 'zh-CN') {
  if (sweepReader(staff, app.orgs).as === 'grid') throw forbidden('Centers read a sweep’s report')
  const w = WORDS[lang]
  const sweep = await sweepView(app, staff, id)
  const targets = await sweepTargets(app, staff, id, {})
  const { default: xlsx } = await import('exceljs')
  const workbook = new xlsx.Workbook()
  const rate = (checked: number, total: number) => (total ? `${Math.round((checked / total) * 1000) / 10}%` : '—')

  const summary = workbook.addWorksheet(w.summary)
  summary.columns = [
    { key: 'label', width: 16 },
    { key: 'value', width: 60 },
  ]
  const t = sweep.totals
  for (const [label, value] of [
    [w.labels.title, sweep.title],
    [w.labels.scope, sweep.scope.name],
    [w.labels.center, sweep.center.name],
    [w.labels.deadline, sweep.deadline],
    [w.labels.state, w.states[sweep.state]],
    [w.columns.targets, t.targets],
    [w.columns.checked, t.checked],
    [w.columns.rate, rate(t.checked, t.targets)],
    [w.columns.failed, t.failed],
    [w.columns.failedItems, t.failedItems],
    ...sweep.items.map((item, i) => [i === 0 ? w.labels.items : '', `${i + 1}. ${item}`]),
  ] as Array<[string, string | number]>)
    summary.addRow({ label, value })

  const progress = workbook.addWorksheet(w.progress)
  const c = w.columns
  progress.columns = [
    { header: c.level, key: 'level', width: 10 },
    { header: c.unit, key: 'unit', width: 28 },
    { header: c.targets, key: 'targets', width: 10 },
    { header: c.checked, key: 'checked', width: 10 },
    { header: c.rate, key: 'rate', width: 10 },
    { header: c.failed, key: 'failed', width: 12 },
    { header: c.failedItems, key: 'failedItems', width: 12 },
  ]
  for (const [level, rows] of [
    [w.levels.street, sweep.progress.streets],
    [w.levels.community, sweep.progress.communities],
    [w.levels.grid, sweep.progress.grids],
  ] as const)
    for (const { unit, ...r } of rows) progress.addRow({ level, unit: unit.name, ...r, rate: rate(r.checked, r.targets) })

  const sheet = workbook.addWorksheet(w.targets)
  const tw = w.target
  sheet.columns = [
    { header: tw.site, key: 'site', width: 24 },
    { header: tw.address, key: 'address', width: 30 },
    { header: tw.grid, key: 'grid', width: 24 },
    { header: tw.state, key: 'state', width: 10 },
    { header: tw.failedItems, key: 'failedItems', width: 40 },
    { header: tw.note, key: 'note', width: 30 },
    { header: tw.checkedAt, key: 'checkedAt', width: 17 },
    { header: tw.event, key: 'event', width: 20 },
  ]
  for (const target of targets)
    sheet.addRow({
      site: target.site.name,
      address: target.site.address,
      grid: target.grid.name,
      state: w.states[target.state],
      failedItems: (target.results ?? []).flatMap((r, i) => (r.pass ? [] : [sweep.items[i]])).join('；'),
      note: target.note,
      checkedAt: target.checkedAt ? formatChinaMinute(target.checkedAt) : null,
      event: target.event?.number ?? null,
    })
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer())
  return { buffer, disposition: attachment(`${sweep.title}-${w.report}.xlsx`) }
}
