/**
 * An article's way onto the shelf through the pages: the education bureau writes it on its
 * knowledge page and submits it, an administrator publishes it under 管理 → 知识库 (and sees the
 * reports), and a resident without an account finds it in 办事指南 on a 360 px phone.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const TITLE = '寒假托管班报名须知'

test('a department writes and submits an article, an admin publishes it, a resident finds it in 办事指南', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)

  const bureau = await openPage(browser, server.baseURL)
  await loginStaff(bureau, 'd-620100D15')
  await bureau.waitForURL(/\/workbench/)
  await bureau.getByTestId('workbench-knowledge').click()
  await bureau.waitForURL(/\/workbench\/knowledge/)
  await bureau.getByTestId('knowledge-new').click()
  await bureau.getByTestId('knowledge-form-title').fill(TITLE)
  await bureau
    .getByTestId('knowledge-form-body')
    .fill('兰州市部分公办小学在寒假期间开设托管班，家长自愿报名，每日8:30至17:30，收费按核定标准执行，困难家庭学生免费。')
  await bureau.getByTestId('knowledge-form-category').click()
  await bureau.locator('.ant-select-item-option').filter({ hasText: '入学教育' }).click()
  // the server's clock is the demo's day (2026-11-30), the browser's is today: valid from the year's start
  await bureau.getByTestId('knowledge-form-valid-from').fill('2026-01-01')
  await bureau.getByTestId('knowledge-form-keywords').locator('input').fill('寒假托管')
  await bureau.keyboard.press('Enter')
  await bureau.getByTestId('knowledge-form-save').click()
  const row = bureau.locator('tr').filter({ hasText: TITLE })
  await row.getByText('草稿').waitFor()
  await row.getByRole('button', { name: '提交审核' }).click()
  await bureau.getByRole('button', { name: /确\s*定/ }).click()
  await row.getByText('待审核').waitFor()
  assert.equal(await row.getByRole('button', { name: '审核发布' }).count(), 0, 'a department does not publish')
  await screenshot(bureau, 'knowledge-department-zh-CN')

  const admin = await openPage(browser, server.baseURL)
  await loginStaff(admin, 'admin')
  await admin.goto('/admin?tab=knowledge')
  await admin.getByTestId('knowledge-filter-title').locator('input').fill(TITLE)
  await admin.keyboard.press('Enter')
  const pending = admin.locator('tr').filter({ hasText: TITLE })
  await pending.getByText('待审核').waitFor()
  await pending.getByRole('button', { name: '审核发布' }).click()
  await admin.getByTestId('knowledge-review-note').fill('内容准确')
  await admin.getByRole('button', { name: /确\s*定/ }).click()
  await pending.getByText('已发布').waitFor()
  await admin.getByTestId('knowledge-tab-reports').click()
  await admin.getByTestId('knowledge-expired').getByText('2025—2026年度城乡居民医保集中缴费期安排').waitFor()
  await screenshot(admin, 'knowledge-reports-zh-CN')

  const phone = await openPage(browser, server.baseURL, { mobile: true })
  await phone.goto('/guide')
  await phone.getByTestId('guide-search').locator('input').fill('寒假孩子托管怎么报名')
  await phone.getByTestId('guide-hit-1').getByText(TITLE).waitFor()
  await phone.getByTestId('guide-hit-1').click()
  await phone.getByTestId('guide-article').getByText('困难家庭学生免费').waitFor()
  await phone.getByTestId('guide-article').getByText('主管单位：兰州市教育局').waitFor()
  const width = await phone.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 360, `the page fits the phone: ${width}px`)
  await screenshot(phone, 'knowledge-guide-360-zh-CN')
  for (const page of [bureau, admin, phone]) assert.deepEqual(page.errors, [])
})
