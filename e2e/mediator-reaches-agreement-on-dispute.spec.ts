/**
 * Issue 19's path in the browser: a neighbours' dispute comes in on 12345; the community center sends
 * it to mediation from the drawer (转调解, the suggested room preselected) with the parties; the
 * room's mediator accepts it, records two sessions, writes the agreement, prints the 人民调解协议书 and
 * records the follow-up visit. The public track of the event shows none of the parties or terms.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const XINGFULI = '620105007010' // 安宁区 刘家堡街道 幸福里社区

test('a mediator takes a dispute from intake through two sessions to a printed agreement and its follow-up', async (t) => {
  const server = await startServer(t)
  const operator = await server.as('operator1')
  const event = (
    await operator.post('/api/v1/events', {
      channel: 'hotline',
      category: 'dispute.neighbour',
      description: '楼上卫生间漏水到楼下，两家多次争吵，希望社区调解',
      communityCode: XINGFULI,
    })
  ).body
  assert.equal(event.state, 'assigned')
  const room = (await (await server.as(`c-${XINGFULI}`)).get(`/api/v1/mediation/organisations?eventId=${event.id}`)).body.suggested
  const browser = await launchBrowser(t)

  // the community center: 转调解 from the drawer
  const center = await openPage(browser, server.baseURL)
  await loginStaff(center, `c-${XINGFULI}`)
  await center.goto('/workbench')
  await center.getByTestId('event-row').filter({ hasText: event.number }).click()
  await center.getByTestId('action-mediate').click()
  await center.getByTestId('open-case-suggested').filter({ hasText: room.unit.name }).waitFor()
  await center.getByTestId('party-name-0').fill('王建华')
  await center.getByTestId('party-phone-0').fill('13912345678')
  await center.getByTestId('party-name-1').fill('李秀英')
  await center.getByTestId('party-phone-1').fill('13887654321')
  await screenshot(center, 'mediation-open-case-zh-CN')
  await center.getByTestId('open-case-submit').click()
  await center.getByTestId('event-current-unit').filter({ hasText: room.unit.name }).waitFor()

  // the room's mediator: the case in 我的调解案件
  const mediator = await openPage(browser, server.baseURL)
  await loginStaff(mediator, `m-${room.unit.code}`)
  await mediator.goto('/workbench')
  await mediator.getByTestId('workbench-mediation').click()
  await mediator.getByTestId('mediation-case-link').filter({ hasText: event.number }).click()
  await mediator.getByTestId('case-parties').filter({ hasText: '王建华' }).waitFor()
  const step = async (action: string, fields: Record<string, string> = {}) => {
    await mediator.getByTestId(`case-action-${action}`).click()
    for (const [name, value] of Object.entries(fields)) await mediator.getByTestId(`case-field-${name}`).fill(value)
    await mediator.getByTestId('case-action-submit').click()
    await mediator.getByTestId('case-action-form').waitFor({ state: 'detached' })
  }
  await step('accept')
  await mediator.getByTestId('case-state').filter({ hasText: '已受理' }).waitFor()
  // the server's clock is 2026-11-30 10:00 in Lanzhou: the sessions were held that morning
  await step('session', {
    at: '2026-11-30T08:30',
    attendees: '王建华，李秀英',
    record: '第一次调解：王建华承认漏水，双方就赔偿金额未达成一致',
  })
  await mediator.getByTestId('case-state').filter({ hasText: '调解中' }).waitFor()
  await step('session', {
    at: '2026-11-30T09:30',
    attendees: '王建华，李秀英，物业代表',
    record: '第二次调解：现场查看后双方同意维修并赔偿两千元',
  })
  assert.equal(await mediator.getByTestId('case-session').count(), 2)
  await step('agree', {
    facts: '王建华家卫生间防水失效，漏水致李秀英家天花板受损',
    responsibilities: '王建华负主要责任',
    terms: '王建华于十日内修复防水并赔偿李秀英两千元',
    how: '现金支付，物业见证修复',
    where: '幸福里社区人民调解室',
    by: '2026-12-10',
  })
  await mediator.getByTestId('case-state').filter({ hasText: '达成协议' }).waitFor()
  await screenshot(mediator, 'mediation-case-agreed-zh-CN')

  // the printable agreement
  const href = await mediator.getByTestId('agreement-print').getAttribute('href')
  const document = await openPage(browser, server.baseURL)
  await loginStaff(document, `m-${room.unit.code}`)
  await document.goto(href as string)
  await document.getByTestId('agreement-terms').filter({ hasText: '赔偿李秀英两千元' }).waitFor()
  assert.equal(await document.getByTestId('agreement-party').count(), 2)
  await screenshot(document, 'mediation-agreement-document-zh-CN')

  await step('follow_up', { note: '回访：已修复并赔偿，双方满意' })
  await mediator.getByTestId('case-state').filter({ hasText: '已履行' }).waitFor()
  await mediator.getByTestId('case-follow-ups').filter({ hasText: '回访：已修复' }).waitFor()

  // the public sees stages, never the parties or the terms
  const track = JSON.stringify((await server.anonymous.get(`/api/v1/track/${event.number}`)).body)
  for (const secret of ['王建华', '李秀英', '两千元']) assert.ok(!track.includes(secret), secret)
  const stages = (await server.anonymous.get(`/api/v1/public/mediation/${event.number}`)).body.stages
  assert.deepEqual(
    stages.map((s: { stage: string }) => s.stage),
    ['accepted', 'in_mediation', 'agreed', 'follow_up'],
  )
  // the public track page shows the stages among the steps, and no party or term
  const visitor = await openPage(browser, server.baseURL, { mobile: true })
  await visitor.goto(`/track/${event.number}`)
  await visitor.getByTestId('mediation-stages').filter({ hasText: '回访' }).filter({ hasText: '达成协议' }).waitFor()
  const shown = (await visitor.getByTestId('track-view').textContent()) ?? ''
  for (const secret of ['王建华', '李秀英', '两千元']) assert.ok(!shown.includes(secret), secret)

  // the KPI page's mediation figures: one case, agreed and performed
  await center.goto('/kpi')
  await center.getByRole('tab', { name: '矛盾纠纷调解' }).click()
  await center.getByTestId('mediation-stats').filter({ hasText: '100%' }).waitFor()
  await center.getByTestId('mediation-stats').getByRole('cell', { name: room.unit.name }).waitFor()

  for (const page of [center, mediator, document, visitor]) assert.deepEqual(page.errors, [])
})
