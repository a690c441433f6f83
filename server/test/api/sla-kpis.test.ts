/**
 * KPIs on a generated dataset (random action sequences through the API, the clock moving, the SLA
 * jobs running in between) equal a brute-force recount from the stored action log; the KPI API and
 * its xlsx export agree; the public aggregates carry no personal data.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import ExcelJS from 'exceljs'
import { runJob } from '../../src/modules/sla/jobs.ts'
import { applyAction, build, type Client, registerCall, XINGFULI } from '../helper.ts'

const COUNTS = [
  'assigned',
  'signDue',
  'signedOnTime',
  'resolved',
  'resolvedOnTime',
  'evaluated',
  'satisfied',
  'defaultClosed',
  'notReached',
  'callbackRated',
  'returned',
  'reopened',
  'handlingHours',
  'supervised',
  'pressed',
  'overdue',
  'missedCheckIns',
] as const
type Counts = Record<(typeof COUNTS)[number], number>

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31
    return s / 2 ** 31
  }
}

interface Entry {
  event_id: number
  seq: number
  action: string
  actor_kind: string
  actor_unit_id: number | null
  from_state: string | null
  to_state: string
  from_unit_id: number | null
  to_unit_id: number | null
  data: Record<string, string>
  at: Date
}

/** The definitions of kpis.ts, recounted entry by entry in plain code. */
function recount(log: Entry[], breaches: Array<{ unit_id: number; kind: string; at: Date }>, from: Date, to: Date, now: Date) {
  const byUnit = new Map<number, Counts>()
  const add = (unit: number | null, key: keyof Counts, n = 1) => {
    if (unit === null) return
    const c = byUnit.get(unit) ?? (Object.fromEntries(COUNTS.map((k) => [k, 0])) as Counts)
    byUnit.set(unit, c)
    c[key] += n
  }
  const inPeriod = (t: Date) => t >= from && t < to
  const byEvent = new Map<number, Entry[]>()
  for (const e of log) byEvent.set(e.event_id, [...(byEvent.get(e.event_id) ?? []), e])
  for (const entries of byEvent.values()) {
    entries.sort((x, y) => x.seq - y.seq)
    entries.forEach((e, i) => {
      if (!inPeriod(e.at)) return
      if (e.to_state === 'assigned' && 'signDeadline' in e.data) {
        const deadline = new Date(e.data.signDeadline)
        const handled = entries
          .slice(i + 1)
          .find((n) => n.to_state !== 'assigned' || n.to_unit_id !== e.to_unit_id || 'signDeadline' in n.data)
        add(e.to_unit_id, 'assigned')
        if (handled || deadline < now) add(e.to_unit_id, 'signDue')
        if (handled && handled.at <= deadline) add(e.to_unit_id, 'signedOnTime')
      }
      const earlier = entries.slice(0, i).reverse()
      if (e.action === 'resolve') {
        add(e.actor_unit_id, 'resolved')
        const deadline = earlier.find((p) => 'resolveDeadline' in p.data)?.data.resolveDeadline
        if (!deadline || e.at <= new Date(deadline)) add(e.actor_unit_id, 'resolvedOnTime')
        const assigned = earlier.find((p) => p.to_unit_id === e.actor_unit_id && 'signDeadline' in p.data)
        if (assigned) add(e.actor_unit_id, 'handlingHours', (e.at.getTime() - assigned.at.getTime()) / 3_600_000)
      }
      // a rating (the reporter's, an operator's callback, the caller's link) is evaluated; a lapsed window is not
      if (e.action === 'evaluate' && e.from_state === 'resolved') {
        add(e.from_unit_id, 'evaluated')
        if (['satisfied', 'basically_satisfied'].includes(e.data.evaluation)) add(e.from_unit_id, 'satisfied')
        if (e.data.evaluation === 'unsatisfied') add(e.from_unit_id, 'reopened')
        if (e.actor_kind !== 'resident') add(e.from_unit_id, 'callbackRated')
      }
      if (e.action === 'close' && e.from_state === 'resolved') {
        add(e.from_unit_id, e.data.evaluation === 'not_reached' ? 'notReached' : 'defaultClosed')
      }
      if (e.action === 'return') add(e.actor_unit_id, 'returned')
      if (e.action === 'supervise') add(e.to_unit_id, 'supervised')
      if (e.action === 'press') add(e.to_unit_id, 'pressed')
    })
  }
  for (const b of breaches) {
    if (!inPeriod(b.at)) continue
    add(b.unit_id, 'overdue')
    if (b.kind === 'check_in') add(b.unit_id, 'missedCheckIns')
  }
  return byUnit
}

test('KPIs from the API equal a brute-force recount of the action log, and the xlsx export says the same', async (t) => {
  const h = await build(t)
  const community = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const departments = (await h.anonymous.get('/api/v1/orgs?parent=620105&kind=department')).body.items
  const dept = departments.find((d: { function: string }) => d.function === 'urban_management')
  const other = departments.find((d: { id: number }) => d.id !== dept.id)
  const resident = await h.resident('13900000001', { name: '王小兰', idNumber: '11010519491231002X' })
  const clients: Record<string, Client> = {
    community: await h.as(`c-${XINGFULI}`),
    street: await h.as('c-620105007'),
    district: await h.as('c-620105'),
    department: await h.as(`d-${dept.code}`),
    other: await h.as(`d-${other.code}`),
    supervisor: await h.as('supervisor'),
  }
  const byUnit: Record<string, string> = { [XINGFULI]: 'community', '620105007': 'street', '620105': 'district', [dept.code]: 'department' }
  const requests = [
    { type: 'sign' },
    { type: 'sign' },
    { type: 'escalate', note: '需上级协调' },
    { type: 'dispatch', unitId: dept.id, note: '请处理' },
    { type: 'return', note: '不属于本单位职责' },
    { type: 'resolve', note: '已处理完毕' },
    { type: 'resolve', note: '已处理完毕' },
    { type: 'evaluate', rating: 'unsatisfied', note: '没有解决' },
    { type: 'evaluate', rating: 'satisfied' },
    { type: 'evaluate', rating: 'basically_satisfied' },
    { type: 'supervise', note: '请尽快办理' },
    { type: 'reply', note: '已加派人手' },
    { type: 'extend', days: 2, note: '等待配件' },
    { type: 'approve_extension' },
    { type: 'whistle', units: [dept.id, other.id], leadUnitId: dept.id, note: '多部门联动' },
    { type: 'check_in', note: '已到场' },
    { type: 'press' },
  ]
  const rand = random(20261130)
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T
  const start = h.clock.now
  for (let n = 0; n < 14; n++) {
    const reported = await resident.post('/api/v1/resident/events', {
      category: pick(['sanitation.garbage', 'municipal.streetlight', 'property.lift']),
      description: `数据集事件 ${n}`,
      lat: community.seat.lat,
      lng: community.seat.lng,
    })
    assert.equal(reported.status, 201, JSON.stringify(reported.body))
    let { version, state, currentUnit } = reported.body
    for (let step = 0; step < 16; step++) {
      h.clock.now = new Date(h.clock.now.getTime() + Math.floor(rand() * 7) * 3_600_000)
      const request = pick(requests)
      const holder = state === 'resolved' ? 'resident' : (byUnit[currentUnit?.code] ?? pick(Object.keys(clients)))
      const who =
        request.type === 'check_in' ? pick(['department', 'other']) : rand() < 0.8 ? holder : pick([...Object.keys(clients), 'resident'])
      const client = who === 'resident' ? resident : (clients[who] as Client)
      const res = await client.post(`/api/v1/events/${reported.body.id}/actions`, { ...request, version })
      assert.ok([200, 400, 403, 404, 409, 429].includes(res.status), `${who} ${request.type}: ${res.status} ${JSON.stringify(res.body)}`)
      if (res.status === 200) ({ version, state, currentUnit } = res.body)
      if (rand() < 0.3) await runJob(h.app.ctx, 'deadlines')
      if (rand() < 0.1) await runJob(h.app.ctx, 'auto_close')
    }
  }
  // callers without an account: one rated on the operator's callback, one nobody reached (未回访 when the window lapses)
  const operator = await h.as('operator1')
  for (const rating of ['satisfied', null]) {
    let call = await registerCall(operator, '数据集来电：路口垃圾堆积', { reporterPhone: '13900000998' })
    call = await applyAction(clients.community, call, { type: 'sign' })
    call = await applyAction(clients.community, call, { type: 'resolve', note: '已清运' })
    if (rating) await applyAction(operator, call, { type: 'evaluate', rating })
  }
  h.clock.now = new Date(h.clock.now.getTime() + 4 * 86_400_000)
  await runJob(h.app.ctx, 'auto_close')
  h.clock.now = new Date(h.clock.now.getTime() + 2 * 86_400_000)
  await runJob(h.app.ctx, 'deadlines')
  await runJob(h.app.ctx, 'auto_close')

  const from = new Date(start.getTime() + 86_400_000)
  const to = new Date(h.clock.now.getTime() - 86_400_000)
  const log = (await h.database.db
    .selectFrom('event_actions')
    .select([
      'event_id',
      'seq',
      'action',
      'actor_kind',
      'actor_unit_id',
      'from_state',
      'to_state',
      'from_unit_id',
      'to_unit_id',
      'data',
      'at',
    ])
    .execute()) as unknown as Entry[]
  const breaches = await h.database.db.selectFrom('sla_breaches').select(['unit_id', 'kind', 'at']).execute()
  const expected = recount(
    log.map((e) => ({ ...e, at: new Date(e.at) })),
    breaches.map((b) => ({ ...b, at: new Date(b.at) })),
    from,
    to,
    h.clock.now,
  )
  const actions = new Set(log.map((e) => e.action))
  for (const a of ['sign', 'resolve', 'evaluate', 'close', 'return', 'supervise', 'overdue'])
    assert.ok(actions.has(a), `the dataset has no ${a}`)
  const kinds = new Set(
    log.filter((e) => e.action === 'evaluate' || e.action === 'close').map((e) => `${e.action}:${e.actor_kind}:${e.data.evaluation}`),
  )
  for (const k of ['evaluate:staff:satisfied', 'close:system:not_reached', 'close:system:default_satisfied'])
    assert.ok(kinds.has(k), `no ${k} in ${[...kinds]}`)

  const city = await h.as('c-620100')
  const query = `scope=620100&from=${from.toISOString()}&to=${to.toISOString()}&groupBy=unit`
  const api = await city.get(`/api/v1/kpis?${query}`)
  assert.equal(api.status, 200, JSON.stringify(api.body))
  const got = new Map<number, Record<string, number>>(api.body.rows.map((r: { unit: { id: number } }) => [r.unit.id, r]))
  assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort())
  for (const [unit, counts] of expected) {
    const row = got.get(unit) as Record<string, number>
    for (const k of COUNTS) {
      if (k === 'handlingHours') assert.ok(Math.abs(row[k] - counts[k]) < 1e-6, `${unit} ${k}: ${row[k]} vs ${counts[k]}`)
      else assert.equal(row[k], counts[k], `${unit} ${k}`)
    }
    assert.equal(row.signRate, counts.signDue ? counts.signedOnTime / counts.signDue : null)
    assert.equal(row.satisfactionRate, counts.evaluated ? counts.satisfied / counts.evaluated : null)
  }
  const totalResolved = [...expected.values()].reduce((s, c) => s + c.resolved, 0)
  assert.ok(totalResolved > 0, 'something was resolved in the period')
  assert.equal(api.body.total.resolved, totalResolved)

  // the xlsx export of the same query holds the same figures
  const xlsx = await city.inject({ method: 'GET', url: `/api/v1/kpis/export.xlsx?${query}` })
  assert.equal(xlsx.statusCode, 200)
  assert.match(String(xlsx.headers['content-type']), /spreadsheetml/)
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
  const sheet = workbook.getWorksheet('单位指标')
  assert.ok(sheet)
  const headers = (sheet.getRow(1).values as string[]).slice(1)
  const keyOf: Record<string, string> = {
    受理派单: 'assigned',
    签收及时率: 'signRate',
    办结: 'resolved',
    满意率: 'satisfactionRate',
    督办数: 'supervised',
    '平均办理时长(小时)': 'avgHandlingHours',
  }
  const rows = api.body.rows as Array<Record<string, number> & { unit: { code: string } }>
  assert.equal(sheet.actualRowCount, rows.length + 2, 'a header, the units, the total')
  rows.forEach((row, i) => {
    const cells = (sheet.getRow(i + 2).values as unknown[]).slice(1)
    assert.equal(cells[0], row.unit.code)
    for (const [header, key] of Object.entries(keyOf)) {
      const value = cells[headers.indexOf(header)]
      assert.equal(value ?? null, row[key], `${row.unit.code} ${header}`)
    }
  })

  // rolled up to the districts, the figures add up
  const rolled = (await city.get(`/api/v1/kpis?scope=620100&from=${from.toISOString()}&to=${to.toISOString()}&groupBy=level&level=2`)).body
  assert.equal(rolled.rows.length, 1)
  assert.equal(rolled.rows[0].unit.code, '620105')
  assert.equal(rolled.rows[0].resolved, totalResolved)

  // the public page: each district's and department's rates, no names, phones or numbers
  const pub = await h.anonymous.get(`/api/v1/public/kpis?from=${from.toISOString()}&to=${to.toISOString()}`)
  assert.equal(pub.status, 200)
  assert.equal(pub.body.districts.length, 8, 'every district, active or not')
  const anning = pub.body.districts.find((d: { code: string }) => d.code === '620105')
  assert.equal(anning.resolved, totalResolved)
  const text = JSON.stringify(pub.body)
  assert.ok(!text.includes('王小兰') && !text.includes('13900000001') && !/LZ\d{8}/.test(text))
})

test('KPI scope is limited to the caller’s subtree; bad periods answer 400', async (t) => {
  const h = await build(t)
  const street = await h.as('c-620105007')
  assert.equal((await street.get('/api/v1/kpis?scope=620105')).status, 403)
  assert.equal((await street.get('/api/v1/kpis?scope=620105007010')).status, 200)
  const bad = await street.get('/api/v1/kpis?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z')
  assert.equal(bad.status, 400)
  assert.equal(bad.body.error.details.field, 'from')
  assert.equal((await street.get('/api/v1/kpis?scope=999999')).status, 400)
  const resident = await h.resident('13900000009', { name: '王小兰', idNumber: '11010519491231002X' })
  assert.equal((await resident.get('/api/v1/kpis')).status, 403)
  assert.equal((await h.anonymous.get('/api/v1/kpis')).status, 401)
  const ranking = await (await h.as('c-620105')).get('/api/v1/kpis/ranking?level=3')
  assert.equal(ranking.status, 200)
  assert.equal(ranking.body.level, 3)
})

test('a community’s report has no lower level to rank, and says so with empty lists', async (t) => {
  const h = await build(t)
  const community = await h.as(`c-${XINGFULI}`)
  const report = await community.get('/api/v1/reports?kind=weekly')
  assert.equal(report.status, 200, JSON.stringify(report.body))
  assert.deepEqual([report.body.ranking.red, report.body.ranking.black], [[], []])
  assert.equal((await community.get('/api/v1/kpis/ranking')).status, 200)
})

test('红黑榜 ranks only the units with results to rate: one that resolved and was evaluated on nothing is not first on its sign rate alone', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  const communities = (await h.anonymous.get('/api/v1/orgs?level=4&kind=center')).body.items as Array<{ code: string; name: string }>
  const other = communities.find((u) => u.code.startsWith('620102'))
  assert.ok(other, 'a community of 城关区')
  // 安宁区: one call signed at once, nothing resolved (100 % signed on time, no on-time or satisfaction rate)
  await applyAction(await h.as(`c-${XINGFULI}`), await registerCall(operator, '小区门口垃圾没人清运'), { type: 'sign' })
  // 城关区: one signed and resolved on time, one left unsigned past its deadline (50 % signed, 100 % on time)
  const center = await h.as(`c-${other.code}`)
  const done = await applyAction(center, await registerCall(operator, '路灯不亮', { communityCode: other.code }), { type: 'sign' })
  await applyAction(center, done, { type: 'resolve', note: '已修复' })
  await registerCall(operator, '井盖缺失', { communityCode: other.code })
  h.clock.now = new Date('2026-12-01T03:00:00Z')
  await runJob(h.app.ctx, 'deadlines')

  const leader = await h.as('leader')
  const rows = (await leader.get('/api/v1/kpis?groupBy=level&level=2')).body.rows as Array<{
    unit: { code: string }
    signRate: number | null
    onTimeRate: number | null
  }>
  const anning = rows.find((r) => r.unit.code === XINGFULI.slice(0, 6))
  assert.deepEqual([anning?.signRate, anning?.onTimeRate], [1, null], 'the table shows 安宁区 with nothing resolved')
  const ranking = (await leader.get('/api/v1/kpis/ranking?level=2')).body
  const names = (list: Array<{ unit: { code: string } }>) => list.map((r) => r.unit.code)
  assert.deepEqual(names(ranking.red), ['620102'], '城关区 ranked, 安宁区 not above it on nothing resolved')
  assert.ok(!names(ranking.black).includes(XINGFULI.slice(0, 6)))
})
