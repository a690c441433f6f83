/**
 * The workbench's less common dialogs: a community center merges a duplicate into the event it
 * repeats (found by typing its number), and a street center approves an extension its community
 * asked for, from the 待审批延期 tab.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const XINGFULI = '620105007010' // 安宁区 刘家堡街道 幸福里社区
const LIUJIAPU = '620105007'

test('a center merges a duplicate and its street approves an extension through the workbench dialogs', async (t) => {
  const server = await startServer(t)
  const operator = await server.as('operator1')
  const call = (description: string) =>
    operator.post('/api/v1/events', { channel: 'hotline', category: 'sanitation.garbage', description, communityCode: XINGFULI })
  const first = (await call('幸福里小区北门垃圾三天没人清运')).body
  const duplicate = (await call('北门垃圾没人清运，又来反映')).body
  const browser = await launchBrowser(t)

  const community = await openPage(browser, server.baseURL)
  await loginStaff(community, `c-${XINGFULI}`)
  await community.goto('/workbench')
  await community.getByTestId('event-row').filter({ hasText: duplicate.number }).click()
  await community.getByTestId('action-merge').click()
  await community.getByTestId('action-merge-target').click()
  await community.keyboard.type(first.number)
  await community.locator('.ant-select-item-option').filter({ hasText: first.number }).click()
  await community.getByTestId('action-confirm').click()
  await community.getByTestId('event-state').filter({ hasText: '已合并' }).waitFor()
  assert.equal((await operator.get(`/api/v1/events/${duplicate.id}`)).body.mergedInto, first.id)

  // the community signs the survivor and asks for three more working days
  await community.goto('/workbench')
  await community.getByTestId('event-row').filter({ hasText: first.number }).click()
  await community.getByTestId('action-sign').click()
  await community.getByTestId('action-confirm').click()
  await community.getByTestId('action-extend').click()
  await community.getByTestId('action-days').fill('3')
  await community.getByTestId('action-note').fill('需要采购新垃圾桶')
  await community.getByTestId('action-confirm').click()
  await community.getByText('已申请延期 3 个工作日').waitFor()
  const before = (await operator.get(`/api/v1/events/${first.id}`)).body.resolveDeadline

  const street = await openPage(browser, server.baseURL)
  await loginStaff(street, `c-${LIUJIAPU}`)
  await street.goto('/workbench?box=extensions')
  await street.getByTestId('inbox-tab-extensions').filter({ hasText: '1' }).waitFor()
  await street.getByTestId('event-row').filter({ hasText: first.number }).click()
  await screenshot(street, 'workbench-extension-zh-CN')
  await street.getByTestId('action-approve_extension').click()
  await street.getByTestId('action-confirm').click()
  await street.getByTestId('action-approve_extension').waitFor({ state: 'detached' })
  const after = (await operator.get(`/api/v1/events/${first.id}`)).body
  assert.equal(after.extensionPending, null)
  assert.ok(Date.parse(after.resolveDeadline) > Date.parse(before), 'the deadline moved')
  for (const page of [community, street]) assert.deepEqual(page.errors, [])
})
