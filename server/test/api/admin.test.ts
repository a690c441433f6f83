import assert from 'node:assert/strict'
import { test } from 'node:test'
import { build, registerCall, XINGFULI } from '../helper.ts'

test('admin endpoints are for administrators only: 401 without a session, 403 for other staff and residents', async (t) => {
  const h = await build(t)
  assert.equal((await h.anonymous.get('/api/v1/admin/users')).status, 401)
  const staff = await h.as(`c-${XINGFULI}`)
  for (const url of ['/api/v1/admin/orgs', '/api/v1/admin/users', '/api/v1/admin/categories', '/api/v1/admin/audit']) {
    assert.equal((await staff.get(url)).status, 403, url)
  }
  assert.equal((await staff.request('PATCH', `/api/v1/admin/orgs/${XINGFULI}`, { name: '改名', reason: '试试' })).status, 403)
  const resident = await h.resident('13900000009')
  assert.equal((await resident.post('/api/v1/admin/users', {})).status, 403)
})

test('an org unit is renamed with a reason: the change log keeps who, before, after and why', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  const root = (await admin.get('/api/v1/admin/orgs')).body.items
  assert.equal(root.length, 1)
  assert.equal(root[0].level, 1)
  const found = (await admin.get(`/api/v1/admin/orgs?q=${encodeURIComponent('幸福里')}`)).body.items
  assert.equal(found[0].code, XINGFULI)

  const noReason = await admin.request('PATCH', `/api/v1/admin/orgs/${XINGFULI}`, { name: '幸福里新社区' })
  assert.equal(noReason.status, 400)
  assert.equal(noReason.body.error.details.field, 'reason')
  const renamed = await admin.request('PATCH', `/api/v1/admin/orgs/${XINGFULI}`, { name: '幸福里新社区', reason: '区划调整更名' })
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body))
  assert.equal(renamed.body.name, '幸福里新社区')
  assert.equal((await h.anonymous.get(`/api/v1/orgs/${XINGFULI}`)).body.name, '幸福里新社区', 'the directory is reloaded')
  const log = await h.database.db.selectFrom('change_log').selectAll().where('subject_key', '=', XINGFULI).execute()
  assert.equal(log.length, 1)
  assert.equal(log[0].reason, '区划调整更名')
  assert.deepEqual(log[0].before, { name: '幸福里社区', active: true })
  assert.equal(log[0].actor_user_id, admin.me.id)

  const rootCode = root[0].code
  const deactivateRoot = await admin.request('PATCH', `/api/v1/admin/orgs/${rootCode}`, { active: false, reason: '测试停用' })
  assert.equal(deactivateRoot.status, 400)
})

test('users: create, change role and unit, reset password, disable — each takes effect and is audited', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  const created = await admin.post('/api/v1/admin/users', {
    username: 'zhang.san',
    displayName: '张三',
    role: 'center_staff',
    unitCode: XINGFULI,
    password: 'first-password',
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  assert.equal(created.body.unit.code, XINGFULI)
  const again = await admin.post('/api/v1/admin/users', {
    username: 'zhang.san',
    displayName: '张三',
    role: 'operator',
    unitCode: XINGFULI,
    password: 'first-password',
  })
  assert.equal(again.status, 409)
  const badUnit = await admin.post('/api/v1/admin/users', {
    username: 'li.si',
    displayName: '李四',
    role: 'operator',
    unitCode: '999',
    password: 'first-password',
  })
  assert.equal(badUnit.status, 400)
  assert.equal(badUnit.body.error.details.field, 'unitCode')
  const badRole = await admin.post('/api/v1/admin/users', {
    username: 'li.si',
    displayName: '李四',
    role: 'king',
    unitCode: XINGFULI,
    password: 'first-password',
  })
  assert.equal(badRole.status, 400)
  assert.equal(badRole.body.error.details.field, 'role')

  const login = (password: string) => h.anonymous.post('/api/v1/auth/login', { username: 'zhang.san', password })
  assert.equal((await login('first-password')).status, 200)
  const id = created.body.id
  const moved = await admin.request('PATCH', `/api/v1/admin/users/${id}`, { role: 'dept_staff', unitCode: '620105D01' })
  assert.equal(moved.status, 200, JSON.stringify(moved.body))
  assert.deepEqual([moved.body.role, moved.body.unit.code], ['dept_staff', '620105D01'])

  assert.equal((await admin.post(`/api/v1/admin/users/${id}/password`, { password: 'short' })).status, 400)
  assert.equal((await admin.post(`/api/v1/admin/users/${id}/password`, { password: 'second-password' })).status, 200)
  assert.equal((await login('first-password')).status, 401)
  assert.equal((await login('second-password')).status, 200)

  assert.equal((await admin.request('PATCH', `/api/v1/admin/users/${id}`, { disabled: true })).status, 200)
  assert.equal((await login('second-password')).status, 403)
  assert.equal((await admin.request('PATCH', `/api/v1/admin/users/${admin.me.id}`, { disabled: true })).status, 403)

  const users = (await admin.get('/api/v1/admin/users?q=zhang')).body.items
  assert.deepEqual(
    users.map((u: { username: string; disabled: boolean }) => [u.username, u.disabled]),
    [['zhang.san', true]],
  )
  const audit = (await admin.get('/api/v1/admin/audit?actor=admin')).body.items.map((e: { action: string }) => e.action)
  assert.deepEqual(audit, ['user_update', 'password_reset', 'user_update', 'user_create'])
  const resets = (await admin.get('/api/v1/admin/audit?action=password_reset')).body.items
  assert.equal(resets.length, 1)
  assert.equal(resets[0].targetId, 'zhang.san')
})

test('a category’s owner, community_resolvable and priority change with a reason and route new events differently', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  const list = (await admin.get('/api/v1/admin/categories')).body.items
  const garbage = list.find((c: { code: string }) => c.code === 'sanitation.garbage')
  assert.equal(garbage.communityResolvable, true)

  const noReason = await admin.request('PATCH', '/api/v1/admin/categories/sanitation.garbage', { communityResolvable: false })
  assert.equal(noReason.status, 400)
  const unknownOwner = await admin.request('PATCH', '/api/v1/admin/categories/sanitation.garbage', { owner: 'wizardry', reason: '调整' })
  assert.equal(unknownOwner.status, 400)
  assert.equal(unknownOwner.body.error.details.field, 'owner')
  const changed = await admin.request('PATCH', '/api/v1/admin/categories/sanitation.garbage', {
    communityResolvable: false,
    priority: 'high',
    reason: '垃圾清运统一由区城管负责',
  })
  assert.equal(changed.status, 200, JSON.stringify(changed.body))
  assert.deepEqual([changed.body.communityResolvable, changed.body.priority], [false, 'high'])

  const operator = await h.as('operator1')
  const event = await registerCall(operator, '垃圾没人清运')
  assert.equal(event.currentUnit.code, '620105', 'no longer community-resolvable: routed to the district')
  assert.equal(event.priority, 'high')
  const log = await h.database.db.selectFrom('change_log').selectAll().where('subject', '=', 'category').execute()
  assert.equal(log[0].reason, '垃圾清运统一由区城管负责')
})

test('the audit log filters by actor, action and time', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  await admin.post('/api/v1/admin/users', {
    username: 'wang.wu',
    displayName: '王五',
    role: 'operator',
    unitCode: XINGFULI,
    password: 'a-long-password',
  })
  const future = (await admin.get(`/api/v1/admin/audit?from=${encodeURIComponent('2099-01-01T00:00:00Z')}`)).body.items
  assert.equal(future.length, 0)
  const all = (await admin.get('/api/v1/admin/audit?action=user_create')).body.items
  assert.equal(all[0].actor, 'admin')
  assert.equal((await admin.get('/api/v1/admin/audit?from=yesterday')).status, 400)
  assert.equal((await admin.get('/api/v1/admin/audit?actor=nobody')).body.items.length, 0)
})
