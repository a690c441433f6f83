/**
 * Accessibility of the staff desks: axe-core finds no serious or critical WCAG 2 A/AA violation on
 * /workbench (with an event and its drawer open) and /hotline, in zh-CN and in English. Screenshots
 * of both languages go to e2e/artifacts/. On the way, a new event appears in the open workbench
 * without a reload.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { registerCall, XINGFULI } from '../server/test/helper.ts'
import { seriousViolations } from './a11y.ts'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

test('the workbench and the hotline desk have no serious or critical axe violations, in Chinese and English', async (t) => {
  const server = await startServer(t)
  const operator = await server.as('operator1')
  await registerCall(operator, '幸福里小区北门垃圾三天没人清运', { reporterPhone: '13800002222' })
  const browser = await launchBrowser(t)

  const workbench = await openPage(browser, server.baseURL)
  await loginStaff(workbench, `c-${XINGFULI}`)
  await workbench.goto('/workbench')
  await workbench.getByTestId('event-row').first().waitFor()
  assert.deepEqual(await seriousViolations(workbench), [], 'workbench')

  // a new call routed here appears without a reload (server-sent events)
  const second = await registerCall(operator, '幸福里小区南门垃圾桶满溢')
  await workbench.getByTestId('event-row').filter({ hasText: second.number }).waitFor()
  await workbench.getByTestId('inbox-tab-pending_sign').filter({ hasText: '2' }).waitFor()
  // the arrival's toast (新事件), once its entrance is over: mid-fade axe reads its colours half transparent
  await workbench.waitForFunction(() => {
    const notice = document.querySelector('.ant-notification-notice')
    return notice !== null && notice.getAnimations({ subtree: true }).length === 0 && getComputedStyle(notice).opacity === '1'
  })
  await workbench.getByTestId('event-row').first().click()
  await workbench.getByTestId('action-sign').waitFor()
  assert.deepEqual(await seriousViolations(workbench), [], 'workbench drawer')
  await workbench.keyboard.press('Escape')
  await workbench.getByTestId('language-switch').click()
  await workbench.getByText('To sign').first().waitFor()
  await screenshot(workbench, 'workbench-en')
  await workbench.getByTestId('event-row').first().click()
  await workbench.getByText('Timeline').waitFor()
  await screenshot(workbench, 'workbench-drawer-en')
  assert.deepEqual(await seriousViolations(workbench), [], 'workbench in English')

  const hotline = await openPage(browser, server.baseURL)
  await loginStaff(hotline, 'operator2')
  await hotline.goto('/hotline')
  await hotline.getByTestId('hotline-shortcuts').waitFor()
  assert.deepEqual(await seriousViolations(hotline), [], 'hotline')
  await hotline.getByTestId('language-switch').click()
  await hotline.getByText('Keyboard shortcuts').waitFor()
  await screenshot(hotline, 'hotline-en')
  assert.deepEqual(await seriousViolations(hotline), [], 'hotline in English')
  for (const page of [workbench, hotline]) assert.deepEqual(page.errors, [])
})
