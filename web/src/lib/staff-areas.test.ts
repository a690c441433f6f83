import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ROLES } from '@xiaolan/contracts'
import { areaOfPath, areasOf, homeOf, landingOf } from './staff-areas.ts'

test('every role starts in one of its own areas', () => {
  for (const role of ROLES) {
    const home = areaOfPath(homeOf(role))
    assert.ok(home && areasOf(role).includes(home), role)
  }
  assert.equal(homeOf('leader'), '/screen')
  assert.equal(homeOf('operator'), '/hotline')
})

test('each role is offered exactly its areas', () => {
  assert.deepEqual(areasOf('operator'), ['hotline'])
  assert.deepEqual(areasOf('center_staff'), ['workbench', 'hotline', 'screen', 'kpi'])
  assert.deepEqual(areasOf('leader'), ['screen', 'kpi'])
  assert.deepEqual(areasOf('admin'), ['screen', 'kpi', 'admin'])
  assert.deepEqual(areasOf('grid_worker'), ['grid'])
  assert.deepEqual(areasOf('dept_staff'), ['workbench', 'kpi'])
})

test('after sign-in a page of the user’s own areas is kept, anything else leads home', () => {
  assert.equal(landingOf('center_staff', '/workbench?box=all&event=7'), '/workbench?box=all&event=7')
  assert.equal(landingOf('admin', '/kpi/settings'), '/kpi/settings')
  // the previous user's page, not one of this role's areas
  assert.equal(landingOf('operator', '/admin?tab=users'), '/hotline')
  assert.equal(landingOf('leader', '/workbench'), '/screen')
  // not a staff page, or not a page of this site
  assert.equal(landingOf('leader', '/mine'), '/screen')
  assert.equal(landingOf('leader', '//evil.example/screen'), '/screen')
  assert.equal(landingOf('leader', 'https://evil.example/screen'), '/screen')
  assert.equal(landingOf('leader', null), '/screen')
  assert.equal(areaOfPath('/kpi/settings'), 'kpi')
  assert.equal(areaOfPath('/public/kpi'), null)
})
