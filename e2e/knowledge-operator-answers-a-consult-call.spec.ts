/**
 * An operator answers a consult call from the knowledge base (issue 18's "done when"): as they type
 * the caller's question the desk's knowledge panel lists the articles, they read the best one in
 * full, press 按知识库答复, and the call is recorded and closed with the article linked — shown on
 * the desk, in the caller's history as 已关闭, and on the event.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const ENROLMENT = '义务教育阶段新生入学登记需要准备哪些材料'
const CALLER = '13800002222'

test('an operator types a question, picks the article the desk offers, answers from it, and the event is closed with the article', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const page = await openPage(browser, server.baseURL)
  await loginStaff(page, 'operator3')
  await page.waitForURL(/\/hotline/)
  await page.getByTestId('hotline-knowledge').getByText('输入来电人的问题').waitFor()

  await page.getByTestId('hotline-phone').fill(CALLER)
  await page.getByTestId('hotline-description').click()
  await page.keyboard.type('孩子上学要啥材料')
  const first = page.getByTestId('knowledge-hit-1')
  await first.getByText(ENROLMENT).waitFor()
  await screenshot(page, 'hotline-knowledge-zh-CN')

  // the full text, to read out
  await page.getByTestId('knowledge-title-1').click()
  await page.getByTestId('knowledge-article').getByText('划片招生').waitFor()
  await page.keyboard.press('Escape')
  await page.getByTestId('knowledge-article').waitFor({ state: 'detached' })

  await page.getByTestId('knowledge-pick-1').click()
  await page.getByTestId('hotline-answering-article').getByText(ENROLMENT).waitFor()
  // a consult call: filed under the consult category, the answer prefilled from the article
  await page.getByTestId('hotline-category').filter({ hasText: '政策咨询' }).waitFor()
  const answer = await page.getByTestId('hotline-answer').inputValue()
  assert.match(answer, /划片招生/)
  await page.getByTestId('hotline-submit').click()

  await page.getByTestId('hotline-result-article').getByText(ENROLMENT).waitFor()
  const number = (await page.getByTestId('hotline-result-number').textContent()) ?? ''
  assert.match(number, /^LZ\d{8}-\d{6}$/)
  await screenshot(page, 'hotline-knowledge-answered-zh-CN')

  // the caller rings again: their history shows the matter closed (已关闭)
  await page.getByTestId('hotline-phone').fill(CALLER)
  const history = page.getByTestId('hotline-history').locator('.ant-list-item').filter({ hasText: number })
  await history.getByText('已关闭').waitFor()

  // and the event carries the article it was answered from
  const operator = await server.as('operator4')
  const event = (await operator.get(`/api/v1/events?text=${number}`)).body.items[0]
  assert.equal(event.state, 'closed')
  assert.equal(event.category.startsWith('consult'), true)
  const link = await operator.get(`/api/v1/knowledge/events/${event.id}`)
  assert.equal(link.body.article.title, ENROLMENT)
  assert.equal(link.body.operator, 'operator3')
  const detail = (await operator.get(`/api/v1/events/${event.id}`)).body
  assert.match(detail.timeline.at(-1).note, new RegExp(`《${ENROLMENT}》`))
  assert.deepEqual(page.errors, [])
})
