/** Which inbox tabs a change touches, from the state before and after (the workbench streams' filter). */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildOrgDirectory, type OrgUnit } from '../orgs/directory.ts'
import { type TabState, tabsOf, touchedTabs } from './workbench.ts'

const unit = (id: number, kind: OrgUnit['kind'], level: number, parentId: number | null, path: string): OrgUnit & { geometry: null } => ({
  id,
  code: String(id),
  name: `u${id}`,
  kind,
  level,
  parentId,
  path,
  function: null,
  active: true,
  seat: null,
  geometry: null,
})
// city 1 › district 2 › street 3 › community 4 › its property company 5; district 2's department 6
const orgs = buildOrgDirectory([
  unit(1, 'center', 1, null, '1.'),
  unit(2, 'center', 2, 1, '1.2.'),
  unit(3, 'center', 3, 2, '1.2.3.'),
  unit(4, 'center', 4, 3, '1.2.3.4.'),
  unit(5, 'force', 4, 4, '1.2.3.4.5.'),
  unit(6, 'department', 2, 2, '1.2.6.'),
])
const at = (fields: Partial<TabState>): TabState => ({
  state: 'assigned',
  currentUnitId: null,
  dispatcherUnitId: null,
  summoned: [],
  escalatedBy: [],
  extensionPending: null,
  supervised: false,
  ...fields,
})

test('an event routed to a community arrives in its 待签收 (and 即将超期); the street above, deciding nothing yet, is not touched', () => {
  const submitted = at({ state: 'submitted' })
  assert.deepEqual(touchedTabs(orgs, submitted, at({ currentUnitId: 4 })), [
    [4, ['pending_sign', 'due_soon'], ['pending_sign', 'due_soon']],
  ])
})

test('a dispatch leaves the center’s tabs and enters the department’s; a comment moves no count', () => {
  const atDistrict = at({ currentUnitId: 2 })
  const atDepartment = at({ currentUnitId: 6, dispatcherUnitId: 2 })
  assert.deepEqual(touchedTabs(orgs, atDistrict, atDepartment), [
    [2, ['pending_sign', 'due_soon'], ['pending_sign', 'due_soon']],
    [6, ['pending_sign', 'due_soon'], ['pending_sign', 'due_soon']],
  ])
  const handled = at({ state: 'in_progress', currentUnitId: 6, dispatcherUnitId: 2 })
  assert.deepEqual(touchedTabs(orgs, handled, handled), [[6, ['in_progress', 'due_soon'], []]])
})

test('extensions and reviews go to the deciding center: the dispatcher, else the holder’s nearest center above', () => {
  const asked = at({ state: 'in_progress', currentUnitId: 6, dispatcherUnitId: 2, extensionPending: { days: 2, reason: '·' } })
  assert.deepEqual(tabsOf(orgs, asked, 2), ['extensions'])
  const force = at({ state: 'reviewing', currentUnitId: 5 })
  assert.deepEqual(tabsOf(orgs, force, 4), ['reviewing'], 'the property company’s community decides')
  assert.deepEqual(tabsOf(orgs, force, 3), [])
})

test('escalated, summoned and supervised events are in the tabs of those units', () => {
  const escalated = at({ currentUnitId: 3, escalatedBy: [4] })
  assert.deepEqual(tabsOf(orgs, escalated, 4), ['escalated'])
  const whistled = at({
    state: 'in_progress',
    currentUnitId: 4,
    summoned: [{ unitId: 6, checkedInAt: null } as TabState['summoned'][number]],
  })
  assert.deepEqual(tabsOf(orgs, whistled, 6), ['pending_sign'])
  const supervised = at({ state: 'in_progress', currentUnitId: 4, supervised: true })
  assert.deepEqual(tabsOf(orgs, supervised, 4), ['in_progress', 'supervision', 'due_soon'])
  // closing takes it out of every tab
  assert.deepEqual(touchedTabs(orgs, supervised, at({ state: 'resolved', currentUnitId: 4, supervised: true })), [
    [4, ['in_progress', 'supervision', 'due_soon'], ['in_progress', 'supervision', 'due_soon']],
  ])
})
