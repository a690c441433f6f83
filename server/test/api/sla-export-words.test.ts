/** The xlsx exports write the users' words in the language asked, and name the period in the file name. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import ExcelJS from 'exceljs'
import { applyAction, build, registerCall, reportAtSeat, type TestApp, XINGFULI } from '../helper.ts'

async function download(h: TestApp, username: string, url: string) {
  const res = await (await h.as(username)).inject({ method: 'GET', url })
  assert.equal(res.statusCode, 200, res.body)
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
  return { disposition: String(res.headers['content-disposition']), workbook }
}

/** The file name a browser saves: RFC 6266's filename*, decoded. */
const savedName = (disposition: string) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '')

/** Each data row of a sheet as { header: cell text }. */
function rowsOf(sheet: ExcelJS.Worksheet | undefined) {
  assert.ok(sheet, 'the sheet is there')
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String)
  const rows: Array<Record<string, unknown>> = []
  sheet.eachRow((row, i) => {
    if (i > 1) rows.push(Object.fromEntries(headers.map((header, c) => [header, row.getCell(c + 1).value])))
  })
  return rows
}

test('the events export writes 一般, 12345热线, 待签收 and 满意 (or their English) instead of codes', async (t) => {
  const h = await build(t)
  const call = await registerCall(await h.as('operator1'), '小区门口垃圾没人清运')
  const resident = await h.resident('13900000001', { name: '王小兰', idNumber: '11010519491231002X' })
  let report = await reportAtSeat(h, resident, XINGFULI, '楼道灯坏了')
  const community = await h.as(`c-${XINGFULI}`)
  report = await applyAction(community, report, { type: 'sign' })
  report = await applyAction(community, report, { type: 'resolve', note: '已更换灯泡' })
  await applyAction(resident, report, { type: 'evaluate', rating: 'satisfied' })

  const zh = await download(h, `c-${XINGFULI}`, '/api/v1/events/export.xlsx')
  const rows = rowsOf(zh.workbook.getWorksheet('事件'))
  const byNumber = new Map(rows.map((r) => [r['编号'], r]))
  const hotline = byNumber.get(call.number)
  assert.deepEqual([hotline?.['紧急程度'], hotline?.['渠道'], hotline?.['状态'], hotline?.['评价']], ['一般', '12345热线', '待签收', null])
  const app = byNumber.get(report.number)
  assert.deepEqual([app?.['渠道'], app?.['状态'], app?.['评价']], ['小兰帮办', '已关闭', '满意'])
  assert.equal(app?.['类别'], '垃圾清运', 'the category by its name')
  assert.equal(savedName(zh.disposition), `${'幸福里社区'}-事件清单-2026-11-30.xlsx`)

  const en = await download(h, `c-${XINGFULI}`, '/api/v1/events/export.xlsx?lang=en&from=2026-10-31T16:00:00Z&to=2026-11-30T16:00:00Z')
  const english = new Map(rowsOf(en.workbook.getWorksheet('Events')).map((r) => [r.Number, r]))
  const hotlineEn = english.get(call.number)
  assert.deepEqual([hotlineEn?.Priority, hotlineEn?.Channel, hotlineEn?.State], ['Normal', '12345 hotline', 'Awaiting sign-off'])
  assert.equal(english.get(report.number)?.Evaluation, 'Satisfied')
  assert.equal(savedName(en.disposition), '幸福里社区-events-2026-11-01-to-2026-11-30.xlsx')

  const bad = await (await h.as(`c-${XINGFULI}`)).inject({ method: 'GET', url: '/api/v1/events/export.xlsx?lang=fr' })
  assert.equal(bad.statusCode, 400)
  assert.equal(JSON.parse(bad.body).error.details.field, 'lang')
})

test('the KPI and report workbooks carry the period in their file names, headers in the language asked', async (t) => {
  const h = await build(t)
  await registerCall(await h.as('operator1'), '小区门口垃圾没人清运')
  const november = 'from=2026-10-31T16:00:00Z&to=2026-11-30T16:00:00Z'

  const city = await download(h, 'c-620100', `/api/v1/kpis/export.xlsx?${november}`)
  assert.equal(savedName(city.disposition), '兰州市-考核-2026-11-01至2026-11-30.xlsx')
  assert.match(
    city.disposition,
    /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%._-]+$/,
    'an ASCII fallback and the RFC 6266 name',
  )
  const figures = rowsOf(city.workbook.getWorksheet('单位指标'))
  assert.equal(figures.at(-1)?.['单位'], '合计 兰州市')
  assert.ok(figures.some((r) => r['单位'] === '幸福里社区' && r['受理派单'] === 1))

  const en = await download(h, 'c-620100', `/api/v1/kpis/export.xlsx?${november}&lang=en`)
  assert.equal(savedName(en.disposition), '兰州市-KPIs-2026-11-01-to-2026-11-30.xlsx')
  assert.equal(rowsOf(en.workbook.getWorksheet('Figures')).at(-1)?.Unit, 'Total 兰州市')

  const district = XINGFULI.slice(0, 6)
  const weekly = await download(h, `c-${district}`, '/api/v1/reports/export.xlsx?kind=weekly&date=2026-12-03')
  assert.equal(savedName(weekly.disposition), '安宁区-周报-2026-11-30至2026-12-06.xlsx')
  const daily = await download(h, `c-${district}`, '/api/v1/reports/export.xlsx?kind=daily&date=2026-11-30&lang=en')
  assert.equal(savedName(daily.disposition), '安宁区-daily-2026-11-30.xlsx')
  assert.deepEqual(
    daily.workbook.worksheets.map((w) => w.name),
    ['Summary', 'Figures', 'Red list (best)', 'Black list (worst)'],
  )
})
