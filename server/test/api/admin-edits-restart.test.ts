/**
 * No admin edit can brick a restart (issue 12, deliverable 7). Every kind of edit the admin API
 * offers is made — the refused ones leave the row, the change log, the audit log and the in-memory
 * tree exactly as they were; the allowed ones are in memory the moment they answer — then the app
 * is closed and a new one is built on the same database, as `xiaolan start` would after a restart,
 * and the closed loop runs on it: report, route, sign, escalate, dispatch, resolve, approve, evaluate.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { applyAction, build, type Client, reportAtSeat, type TestApp } from '../helper.ts'

const XINGFULI = '620105007010' // 安宁区 刘家堡街道 幸福里社区: grids, forces and accounts
const LIUJIAPU = '620105007' // its street
const LIYUAN_GARDEN = '620105007013' // 刘家堡社区, the community emptied and retired below
const ANNING = '620105'
const REASON = { reason: '区划调整' }

type Res = { status: number; body: any }

async function counts(h: TestApp) {
  const { rows } = await sql<{ changes: number; audits: number }>`
    select (select count(*)::int from change_log) as changes, (select count(*)::int from audit_log) as audits`.execute(h.database.db)
  return rows[0]
}

/** What an org edit can touch: the row, both logs and this instance's tree. */
async function orgState(h: TestApp, code: string) {
  const row = await h.database.db
    .selectFrom('org_units')
    .select(['name', 'active', 'updated_at'])
    .where('code', '=', code)
    .executeTakeFirstOrThrow()
  const unit = h.app.ctx.orgs.byCode(code)
  return { row, logs: await counts(h), memory: { name: unit?.name, active: unit?.active } }
}

/** Asserts the request is refused with `status`/`code` and that nothing `state` sees moved. */
async function refused<S>(state: () => Promise<S>, request: () => Promise<Res>, status: number, code: string) {
  const before = await state()
  const res = await request()
  assert.equal(res.status, status, JSON.stringify(res.body))
  assert.equal(res.body.error.code, code, JSON.stringify(res.body))
  assert.deepEqual(await state(), before, `${code}: nothing changed`)
  return res.body.error
}

function adminTools(h: TestApp, admin: Client) {
  const patchOrg = (code: string, body: Record<string, unknown>) => admin.request('PATCH', `/api/v1/admin/orgs/${code}`, body)
  const patchUser = (id: number, body: Record<string, unknown>) => admin.request('PATCH', `/api/v1/admin/users/${id}`, body)
  const usersOf = async (code: string) => (await admin.get(`/api/v1/admin/users?unit=${code}&limit=100`)).body.items as any[]
  const userState = async (id: number) => ({
    row: await h.database.db.selectFrom('users').select(['role', 'unit_id', 'disabled']).where('id', '=', id).executeTakeFirstOrThrow(),
    logs: await counts(h),
  })
  /** Disables every account of the unit, then retires it: the way an admin empties a unit. */
  const retire = async (code: string) => {
    for (const u of await usersOf(code)) if (!u.disabled) assert.equal((await patchUser(u.id, { disabled: true })).status, 200)
    const res = await patchOrg(code, { active: false, reason: '撤并' })
    assert.equal(res.status, 200, `${code}: ${JSON.stringify(res.body)}`)
    assert.equal(h.app.ctx.orgs.byCode(code)?.active, false, `${code}: this instance's tree knows at once`)
  }
  return { patchOrg, patchUser, usersOf, userState, retire }
}

test('every admin edit is checked first: refusals change nothing, allowed edits hold through a restart and the closed loop runs', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  const { patchOrg, patchUser, usersOf, userState, retire } = adminTools(h, admin)
  const orgs = () => h.app.ctx.orgs

  // ── org units: the refusals ──────────────────────────────────────────────────────────────
  // the edit that used to answer 500, commit anyway and leave a server that could not start
  const village = await refused(
    () => orgState(h, XINGFULI),
    () => patchOrg(XINGFULI, { active: false, ...REASON }),
    409,
    'unit_in_use',
  )
  assert.equal(village.details.field, 'active')
  assert.equal(village.details.children, orgs().children(orgs().byCode(XINGFULI)!.id).length)
  assert.equal(village.details.users, 1, 'the community center’s own account')
  const street = await refused(
    () => orgState(h, LIUJIAPU),
    () => patchOrg(LIUJIAPU, { active: false, ...REASON }),
    409,
    'unit_in_use',
  )
  assert.equal(street.details.children, orgs().children(orgs().byCode(LIUJIAPU)!.id).length)

  // a grid with nobody left but an event it resolved on the spot, not yet evaluated
  const grid = `${XINGFULI}001`
  const seat = (await h.anonymous.get(`/api/v1/orgs?code=${grid}`)).body.items[0].seat
  const worker = await h.as(`g-${grid}`)
  const onSpot = await worker.post('/api/v1/events', {
    channel: 'grid',
    category: 'sanitation.garbage',
    description: '路边散落垃圾，已现场清理',
    ...seat,
    resolvedOnSpot: { note: '现场清理完毕' },
  })
  assert.equal(onSpot.status, 201, JSON.stringify(onSpot.body))
  for (const u of await usersOf(grid)) assert.equal((await patchUser(u.id, { disabled: true })).status, 200)
  const held = await refused(
    () => orgState(h, grid),
    () => patchOrg(grid, { active: false, ...REASON }),
    409,
    'unit_in_use',
  )
  assert.deepEqual(held.details, { field: 'active', children: 0, openEvents: 1, users: 0, categories: 0 })

  // the only department that owns 政策咨询 keeps it
  const kb = orgs()
    .all()
    .find((u) => u.function === 'hotline_kb')!
  for (const u of await usersOf(kb.code)) assert.equal((await patchUser(u.id, { disabled: true })).status, 200)
  const owner = await refused(
    () => orgState(h, kb.code),
    () => patchOrg(kb.code, { active: false, ...REASON }),
    409,
    'unit_in_use',
  )
  assert.ok(owner.details.categories >= 1, JSON.stringify(owner.details))

  // names: trimmed, 2–60 characters, not a sibling's
  const sibling = orgs().byCode('620105007011')!.name
  const taken = await refused(
    () => orgState(h, XINGFULI),
    () => patchOrg(XINGFULI, { name: ` ${sibling} `, ...REASON }),
    409,
    'name_taken',
  )
  assert.deepEqual([taken.details.field, taken.details.code], ['name', '620105007011'])
  // nor a name of a unit above it: a community called after its street, a district after the city
  for (const [code, name, holder] of [
    [XINGFULI, orgs().byCode(LIUJIAPU)!.name, LIUJIAPU],
    ['620105', orgs().root().name, orgs().root().code],
  ] as const) {
    const above = await refused(
      () => orgState(h, code),
      () => patchOrg(code, { name, ...REASON }),
      409,
      'name_taken',
    )
    assert.equal(above.details.code, holder)
  }
  const blank = await refused(
    () => orgState(h, XINGFULI),
    () => patchOrg(XINGFULI, { name: '    ', ...REASON }),
    400,
    'invalid_input',
  )
  assert.equal(blank.details.field, 'name')
  const noReason = await refused(
    () => orgState(h, XINGFULI),
    () => patchOrg(XINGFULI, { name: '幸福里', reason: '   ' }),
    400,
    'invalid_input',
  )
  assert.equal(noReason.details.field, 'reason')

  // ── org units: allowed edits ─────────────────────────────────────────────────────────────
  // the grid, once its matter is evaluated (a 12345 operator records the caller's rating)
  const operator = await h.as('operator1')
  const evaluated = await operator.post(`/api/v1/events/${onSpot.body.id}/actions`, {
    version: onSpot.body.version,
    type: 'evaluate',
    rating: 'satisfied',
  })
  assert.equal(evaluated.status, 200, JSON.stringify(evaluated.body))
  await retire(grid)
  // a unit comes back only under an active parent: retire a whole village, then try one grid
  const villageUnit = orgs().byCode(LIYUAN_GARDEN)!
  const villageSeat = villageUnit.seat!
  for (const child of orgs().children(villageUnit.id)) await retire(child.code)
  await retire(LIYUAN_GARDEN)
  const firstGrid = orgs().children(villageUnit.id)[0].code
  const orphan = await refused(
    () => orgState(h, firstGrid),
    () => patchOrg(firstGrid, { active: true, ...REASON }),
    409,
    'parent_inactive',
  )
  assert.deepEqual([orphan.details.field, orphan.details.parentCode], ['active', LIYUAN_GARDEN])
  // reactivate: the grid under its active community
  const back = await patchOrg(grid, { active: true, reason: '恢复网格' })
  assert.equal(back.status, 200, JSON.stringify(back.body))
  assert.equal(orgs().byCode(grid)?.active, true)
  // a department with nothing open
  await retire(`${ANNING}D21`)
  // rename a street and a community
  const renamed = await patchOrg(LIUJIAPU, { name: '  刘家堡街道（新区）  ', reason: '街道更名' })
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body))
  assert.equal(renamed.body.name, '刘家堡街道（新区）')
  assert.equal(orgs().byCode(LIUJIAPU)?.name, '刘家堡街道（新区）')

  // ── accounts ─────────────────────────────────────────────────────────────────────────────
  const staffOfXingfuli = (await usersOf(XINGFULI))[0]
  const userNow = () => userState(staffOfXingfuli.id)
  const mismatch = await refused(userNow, () => patchUser(staffOfXingfuli.id, { unitCode: grid }), 409, 'role_unit_mismatch')
  assert.deepEqual([mismatch.details.field, mismatch.details.unitKind], ['unitCode', 'grid'])
  await refused(userNow, () => patchUser(staffOfXingfuli.id, { role: 'grid_worker' }), 409, 'role_unit_mismatch')
  await refused(userNow, () => patchUser(staffOfXingfuli.id, { role: 'dept_staff', unitCode: LIYUAN_GARDEN }), 409, 'unit_inactive')
  await refused(userNow, () => patchUser(staffOfXingfuli.id, { unitCode: 'nowhere' }), 400, 'invalid_input')
  await refused(userNow, () => patchUser(staffOfXingfuli.id, { displayName: '   ' }), 400, 'invalid_input')
  const createInRetired = await admin.post('/api/v1/admin/users', {
    username: 'li.si',
    displayName: '李四',
    role: 'center_staff',
    unitCode: LIYUAN_GARDEN,
    password: 'first-password',
  })
  assert.equal(createInRetired.status, 409)
  assert.equal(createInRetired.body.error.code, 'unit_inactive')
  const villageStaff = (await usersOf(LIYUAN_GARDEN))[0]
  await refused(
    () => userState(villageStaff.id),
    () => patchUser(villageStaff.id, { disabled: false }),
    409,
    'unit_inactive',
  )
  // allowed: move the retired village's account to a living unit and enable it; new role and unit
  const moved = await patchUser(villageStaff.id, { unitCode: XINGFULI, disabled: false })
  assert.equal(moved.status, 200, JSON.stringify(moved.body))
  const created = await admin.post('/api/v1/admin/users', {
    username: 'wang.wu',
    displayName: '王五',
    role: 'grid_worker',
    unitCode: grid,
    password: 'first-password',
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const toDepartment = await patchUser(created.body.id, { role: 'dept_staff', unitCode: `${ANNING}D01` })
  assert.equal(toDepartment.status, 200, JSON.stringify(toDepartment.body))
  assert.equal((await admin.post(`/api/v1/admin/users/${created.body.id}/password`, { password: 'second-password' })).status, 200)
  assert.equal((await patchUser(created.body.id, { disabled: true })).status, 200)

  // ── categories ───────────────────────────────────────────────────────────────────────────
  const categoryState = async () => ({
    row: await h.database.db.selectFrom('categories').select(['owner', 'priority']).where('code', '=', 'consult').executeTakeFirstOrThrow(),
    memory: h.app.ctx.categories.get('consult')?.owner,
    logs: await counts(h),
  })
  const unserved = await refused(
    categoryState,
    () => admin.request('PATCH', '/api/v1/admin/categories/consult', { owner: 'astrology', reason: '改由别处' }),
    400,
    'invalid_input',
  )
  assert.equal(unserved.details.field, 'owner', 'no active department does this work')
  const edited = await admin.request('PATCH', '/api/v1/admin/categories/sanitation.garbage', {
    communityResolvable: false,
    priority: 'high',
    owner: 'urban_management',
    reason: '垃圾清运统一由区城管负责',
  })
  assert.equal(edited.status, 200, JSON.stringify(edited.body))
  assert.equal(h.app.ctx.categories.get('sanitation.garbage')?.communityResolvable, false)
  const back2 = await admin.request('PATCH', '/api/v1/admin/categories/sanitation.garbage', {
    communityResolvable: true,
    priority: 'normal',
    reason: '恢复社区先办',
  })
  assert.equal(back2.status, 200, JSON.stringify(back2.body))

  // ── SLA rules and the calendar ───────────────────────────────────────────────────────────
  const rule = {
    category: 'sanitation',
    priority: 'normal',
    signHours: 2,
    resolveDays: 2.5,
    natural: false,
    checkInHours: 1,
    evaluationDays: 5,
    reason: '环卫事项加快',
  }
  assert.equal((await admin.post('/api/v1/admin/sla/rules', rule)).status, 200)
  const slaState = async () => ({
    rules: await h.database.db.selectFrom('sla_rules').select(['category_code', 'priority']).execute(),
    days: await h.database.db.selectFrom('calendar_overrides').select('kind').execute(),
    logs: await counts(h),
  })
  assert.equal(
    (await refused(slaState, () => admin.post('/api/v1/admin/sla/rules', { ...rule, category: 'nope' }), 400, 'invalid_input')).details
      .field,
    'category',
  )
  await refused(slaState, () => admin.post('/api/v1/admin/sla/rules', { ...rule, signHours: 0, signDays: null }), 400, 'invalid_input')
  await refused(
    slaState,
    () => admin.post('/api/v1/admin/sla/calendar', { date: '2026-02-30', kind: 'holiday', reason: '试试' }),
    400,
    'invalid_input',
  )
  await refused(
    slaState,
    () => admin.post('/api/v1/admin/sla/calendar', { date: '2201-01-01', kind: 'holiday', reason: '试试' }),
    400,
    'invalid_input',
  )
  const holiday = { date: '2026-12-02', kind: 'holiday', name: '防疫停工', reason: '临时停工' }
  assert.equal((await admin.post('/api/v1/admin/sla/calendar', holiday)).status, 200)
  assert.equal((await admin.post('/api/v1/admin/sla/calendar', { ...holiday, date: '2026-12-03' })).status, 200)
  assert.equal((await admin.post('/api/v1/admin/sla/calendar/delete', { date: '2026-12-03', reason: '恢复上班' })).status, 200)
  assert.equal(h.app.ctx.calendar.isWorkingDay(new Date('2026-12-02T04:00:00Z')), false)

  // ── restart on the same database ─────────────────────────────────────────────────────────
  const expected = {
    units: (await h.database.db.selectFrom('org_units').select(['code', 'name', 'active']).orderBy('id').execute()).map(
      (u) => `${u.code} ${u.name} ${u.active}`,
    ),
    categories: h.app.ctx.categories.all().map((c) => `${c.code} ${c.owner} ${c.communityResolvable} ${c.priority}`),
  }
  assert.deepEqual(
    orgs()
      .all()
      .map((u) => `${u.code} ${u.name} ${u.active}`),
    expected.units,
    'the first instance’s tree is the database’s',
  )
  await h.app.close()
  // the restarted app closes before the first one's teardown drops the database
  const closers: Array<() => Promise<void>> = []
  const r = await build({ after: (fn: () => Promise<void>) => closers.push(fn) }, { database: h.database })
  try {
    await closedLoopAfterRestart(r, expected, villageSeat)
  } finally {
    for (const close of closers) await close()
  }
})

async function closedLoopAfterRestart(
  r: TestApp,
  expected: { units: string[]; categories: string[] },
  villageSeat: { lat: number; lng: number },
) {
  assert.deepEqual(
    r.app.ctx.orgs.all().map((u) => `${u.code} ${u.name} ${u.active}`),
    expected.units,
  )
  assert.deepEqual(
    r.app.ctx.categories.all().map((c) => `${c.code} ${c.owner} ${c.communityResolvable} ${c.priority}`),
    expected.categories,
  )
  assert.equal(r.app.ctx.sla.ruleFor('sanitation.garbage', 'normal').signHours, 2)
  assert.equal(r.app.ctx.calendar.isWorkingDay(new Date('2026-12-02T04:00:00Z')), false)

  // a point in the retired village belongs to its street and district now: a report there goes
  // to the district center (no community to resolve it), and one in a retired grid to its community
  const resident = await r.resident('13900000001', { name: '王小兰', idNumber: '11010519491231002X' })
  const inVillage = await resident.post('/api/v1/resident/events', {
    category: 'sanitation.garbage',
    description: '村口垃圾堆积',
    ...villageSeat,
  })
  assert.equal(inVillage.status, 201, JSON.stringify(inVillage.body))
  assert.equal(inVillage.body.currentUnit.code, ANNING)

  // the closed loop on the restarted app, through the renamed street
  let event = await reportAtSeat(r, resident, XINGFULI, '小区门口垃圾三天没人清运，气味很大')
  assert.equal(event.currentUnit.code, XINGFULI)
  const act = async (client: Client, body: Record<string, unknown>) => {
    event = await applyAction(client, event, body)
  }
  const communityStaff = await r.as(`c-${XINGFULI}`)
  await act(communityStaff, { type: 'sign' })
  await act(communityStaff, { type: 'escalate', note: '需要街道协调环卫车辆' })
  assert.deepEqual([event.currentUnit.code, event.currentUnit.name], [LIUJIAPU, '刘家堡街道（新区）'])
  const streetStaff = await r.as(`c-${LIUJIAPU}`)
  const department = r.app.ctx.orgs.byCode(`${ANNING}D01`)!
  await act(streetStaff, { type: 'dispatch', unitId: department.id, note: '请区城管局安排清运' })
  const departmentStaff = await r.as(`d-${department.code}`)
  await act(departmentStaff, { type: 'sign' })
  await act(departmentStaff, { type: 'resolve', note: '已安排环卫车清运完毕' })
  await act(streetStaff, { type: 'approve_resolution' })
  await act(resident, { type: 'evaluate', rating: 'satisfied' })
  assert.equal(event.state, 'closed')
  // the retired department is no dispatch target
  const retiredTarget = await r.as(`c-${LIUJIAPU}`)
  event = await reportAtSeat(r, resident, XINGFULI, '垃圾桶破损')
  await act(await r.as(`c-${XINGFULI}`), { type: 'sign' })
  await act(await r.as(`c-${XINGFULI}`), { type: 'escalate', note: '请街道处理' })
  const toRetired = await retiredTarget.post(`/api/v1/events/${event.id}/actions`, {
    version: event.version,
    type: 'dispatch',
    unitId: r.app.ctx.orgs.byCode(`${ANNING}D21`)!.id,
  })
  assert.equal(toRetired.status, 400, JSON.stringify(toRetired.body))
}
