/**
 * The admin's switch for sensitive content (研判设置): while the `sensitive` rule is off, an alarming
 * report is registered as its category says — not urgent, no alert — and once it is on again the same
 * words flag the next report. The switch is read again at once on the instance that changed it.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { build, registerCall } from '../helper.ts'

const ALARMING = '工地几十个农民工讨薪，有人说要跳楼讨薪'

test('a report is flagged sensitive only while the sensitive rule is on', async (t) => {
  const h = await build(t)
  const admin = await h.as('admin')
  const operator = await h.as('operator1')
  const center = await h.as('c-620105')
  const sensitiveAlerts = async () =>
    (await center.get('/api/v1/alerts')).body.items.filter((a: { kind: string }) => a.kind === 'sensitive').length
  const rule = async () => (await admin.get('/api/v1/admin/alert-rules')).body.items.find((r: { kind: string }) => r.kind === 'sensitive')
  const turn = async (enabled: boolean) => {
    const res = await admin.post('/api/v1/admin/alert-rules/sensitive', { version: (await rule()).version, enabled, reason: '试点调整' })
    assert.equal(res.status, 200, JSON.stringify(res.body))
  }

  // read once while on (the instance keeps the switch), then turned off through this instance
  assert.equal((await registerCall(operator, ALARMING)).priority, 'urgent')
  assert.equal(await sensitiveAlerts(), 1)
  await turn(false)
  const quiet = await registerCall(operator, ALARMING)
  assert.equal(quiet.priority, 'normal')
  assert.equal(await sensitiveAlerts(), 1, 'no alert while the rule is off')

  await turn(true)
  assert.equal((await registerCall(operator, ALARMING)).priority, 'urgent')
  assert.equal(await sensitiveAlerts(), 2)
})
