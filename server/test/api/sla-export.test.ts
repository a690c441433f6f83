/** The events list exported to xlsx under the list's own filters and scope; 日报/周报 as JSON and xlsx. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import ExcelJS from 'exceljs'
import { runJob } from '../../src/modules/sla/jobs.ts'
import { build, registerCall, type TestApp, XINGFULI } from '../helper.ts'

async function download(h: TestApp, username: string, url: string) {
  const res = await (await h.as(username)).inject({ method: 'GET', url })
  const workbook = new ExcelJS.Workbook()
  if (res.statusCode === 200) await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
  return { res, workbook }
}

test('the events export follows the list filters and the caller’s scope', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000001', { name: '王小兰', idNumber: '11010519491231002X' })
  const community = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const numbers: string[] = []
  for (const description of ['垃圾堆放未清运', '路灯不亮', '井盖缺失']) {
    const res = await resident.post('/api/v1/resident/events', {
      category: 'sanitation.garbage',
      description,
      lat: community.seat.lat,
      lng: community.seat.lng,
    })
    numbers.push(res.body.number)
  }
  const staff = await h.as(`c-${XINGFULI}`)
  const first = (await staff.get('/api/v1/events?text=垃圾堆放')).body.items[0]
  await staff.post(`/api/v1/events/${first.id}/actions`, { type: 'sign', version: first.version })
  h.clock.now = new Date('2026-12-01T03:00:00Z') // Tuesday 11:00: the two unsigned ones are overdue
  await runJob(h.app.ctx, 'deadlines')

  const all = await download(h, `c-${XINGFULI}`, '/api/v1/events/export.xlsx')
  assert.equal(all.res.statusCode, 200)
  assert.equal(all.res.headers['x-total-rows'], '3')
  const sheet = all.workbook.getWorksheet('事件')
  assert.ok(sheet)
  assert.equal(sheet.getRow(1).getCell(1).value, '编号')
  const exported = (s: ExcelJS.Worksheet) => {
    const out: string[] = []
    s.eachRow((row, i) => {
      if (i > 1) out.push(String(row.getCell(1).value))
    })
    return out.sort()
  }
  assert.deepEqual(exported(sheet), [...numbers].sort())

  const overdue = await download(h, `c-${XINGFULI}`, '/api/v1/events/export.xlsx?sla=overdue')
  const listed = (await staff.get('/api/v1/events?sla=overdue')).body.items.map((e: { number: string }) => e.number)
  assert.equal(listed.length, 2)
  assert.deepEqual(exported(overdue.workbook.getWorksheet('事件') as ExcelJS.Worksheet), listed.sort())

  // another district's center sees none of them
  const other = await download(h, 'c-620102', '/api/v1/events/export.xlsx')
  assert.equal(other.res.headers['x-total-rows'], '0')
  const bad = await download(h, `c-${XINGFULI}`, '/api/v1/events/export.xlsx?sla=late')
  assert.equal(bad.res.statusCode, 400)
  assert.equal(JSON.parse(bad.res.body).error.details.field, 'sla')
})

test('the events export of a chosen scope and period: its events only, named after both; a unit outside the caller’s area is 403', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const communities = (await h.anonymous.get('/api/v1/orgs?level=4&kind=center')).body.items as Array<{ code: string; name: string }>
  const chengguan = communities.find((u) => u.code.startsWith('620102'))
  assert.ok(chengguan, 'a community of 城关区')
  const anning = await registerCall(operator, '安宁区的垃圾没人清运')
  const inChengguan = await registerCall(operator, '城关区的路灯不亮', { communityCode: chengguan.code })
  h.clock.now = new Date('2026-12-03T03:00:00Z')
  const later = await registerCall(operator, '城关区的井盖缺失', { communityCode: chengguan.code })

  // 2026-11-01 to 2026-12-02 China time: the first two calls, not the one of Dec 3
  const period = 'from=2026-10-31T16:00:00Z&to=2026-12-02T16:00:00Z'
  const scoped = await download(h, 'leader', `/api/v1/events/export.xlsx?scope=620102&${period}`)
  assert.equal(scoped.res.statusCode, 200)
  const numbers: string[] = []
  scoped.workbook.getWorksheet('事件')?.eachRow((row, i) => {
    if (i > 1) numbers.push(String(row.getCell(1).value))
  })
  assert.deepEqual(numbers, [inChengguan.number], `城关区's event in the period, not ${anning.number} nor ${later.number}`)
  assert.equal(scoped.res.headers['x-total-rows'], '1')
  const name = decodeURIComponent(String(scoped.res.headers['content-disposition']).split("UTF-8''")[1])
  assert.equal(name, '城关区-事件清单-2026-11-01至2026-12-02.xlsx')

  // the whole city by default, named after it
  const city = await download(h, 'leader', `/api/v1/events/export.xlsx?${period}`)
  assert.equal(city.res.headers['x-total-rows'], '2')

  const outside = await download(h, `c-${XINGFULI.slice(0, 6)}`, '/api/v1/events/export.xlsx?scope=620102')
  assert.equal(outside.res.statusCode, 403)
  const unknown = await download(h, 'leader', '/api/v1/events/export.xlsx?scope=999999')
  assert.equal(unknown.res.statusCode, 400)
  assert.equal(JSON.parse(unknown.res.body).error.details.field, 'scope')
})

test('the daily and weekly reports as data and as xlsx', async (t) => {
  const h = await build(t)
  const resident = await h.resident('13900000002', { name: '李四', idNumber: '11010519491231002X' })
  const community = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  await resident.post('/api/v1/resident/events', {
    category: 'sanitation.garbage',
    description: '垃圾堆放未清运',
    lat: community.seat.lat,
    lng: community.seat.lng,
  })
  const district = await h.as('c-620105')
  const daily = await district.get('/api/v1/reports?kind=daily&date=2026-11-30')
  assert.equal(daily.status, 200, JSON.stringify(daily.body))
  assert.equal(daily.body.summary.created, 1)
  assert.equal(daily.body.start, '2026-11-30')
  const weekly = await district.get('/api/v1/reports?kind=weekly&date=2026-12-03')
  assert.deepEqual([weekly.body.start, weekly.body.end], ['2026-11-30', '2026-12-06'])
  assert.equal(weekly.body.kpis.total.assigned, 1)
  const { res, workbook } = await download(h, 'c-620105', '/api/v1/reports/export.xlsx?kind=weekly&date=2026-12-03')
  assert.equal(res.statusCode, 200)
  assert.deepEqual(
    workbook.worksheets.map((w) => w.name),
    ['概况', '单位指标', '红榜', '黑榜'],
  )
  assert.equal(workbook.getWorksheet('概况')?.getRow(4).getCell(2).value, 1)
})
