/**
 * 隐患联排 where the network fails (issue 20 item 3): a street launches a sweep; a grid worker on a
 * phone checks a target with the network cut (every /api request aborted) — the failed check waits
 * in the page's outbox, shown as 待发送; when the network returns the first resend reaches the server
 * but its answer is lost, so the page sends it again with the same key — and one event is made,
 * routed to the community. A patrol check-in made offline waits beside it and is sent once.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { launchBrowser, loginStaff, openPage, screenshot, startServer } from './support.ts'

const STREET = '620105007' // 刘家堡街道
const COMMUNITY = '620105007010' // 幸福里社区
const GRID = `${COMMUNITY}002`
const NOTE = '楼道堆放液化气罐'

test('a grid worker checks a sweep target offline; it is sent once when the network returns and routed', async (t) => {
  const server = await startServer(t)
  const browser = await launchBrowser(t)
  const street = await server.as(`c-${STREET}`)
  const launched = await street.post('/api/v1/sweeps', {
    title: '冬季燃气安全联排',
    theme: 'gas',
    siteKind: 'all',
    items: ['燃气管道无私接改装', '燃气报警器正常'],
    deadline: '2026-12-20',
  })
  assert.equal(launched.status, 201, JSON.stringify(launched.body))

  const seat = (await server.anonymous.get(`/api/v1/orgs?code=${GRID}`)).body.items[0].seat as { lat: number; lng: number }
  const phone = await openPage(browser, server.baseURL, {
    mobile: true,
    geolocation: { latitude: seat.lat, longitude: seat.lng },
    permissions: ['geolocation'],
  })
  await loginStaff(phone, `g-${GRID}`)
  await phone.goto('/grid')
  await phone.getByTestId('grid-tab-sweeps').click()
  await phone.getByTestId('grid-sweeps').getByText('冬季燃气安全联排').waitFor()
  const target = phone.getByTestId(/^sweep-target-\d+$/).first()
  const targetId = Number((await target.getAttribute('data-testid'))?.replace('sweep-target-', ''))

  // the network is cut: every request of the page to the API fails
  await phone.route('**/api/**', (route) => route.abort('internetdisconnected'))
  await target.getByTestId('sweep-target-check').click()
  await phone.getByTestId('sweep-item-0-fail').click()
  await phone.getByTestId('sweep-item-0-note').fill(NOTE)
  await phone.getByTestId('sweep-item-1-pass').click()
  await phone.getByTestId('sweep-check-submit').click()
  // kept in the outbox and shown as waiting
  await phone.getByTestId('grid-outbox-count').filter({ hasText: '1 条待发送' }).waitFor()
  await phone.getByTestId('grid-outbox-item').filter({ hasText: '冬季燃气安全联排' }).waitFor()
  await phone.getByTestId(`sweep-target-${targetId}`).getByTestId('sweep-target-queued').waitFor()
  // a patrol check-in made offline waits beside it
  await phone.getByTestId('grid-tab-patrol').click()
  await phone.getByTestId('patrol-check-in').click()
  await phone.getByTestId('grid-outbox-count').filter({ hasText: '2 条待发送' }).waitFor()
  await phone.getByTestId('grid-outbox-item').filter({ hasText: '巡查打卡' }).waitFor()
  await screenshot(phone, 'grid-outbox-waiting')
  await phone.getByTestId('grid-tab-sweeps').click()
  const events = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from events where description like ${`%${NOTE}%`}`.execute(server.database.db))
      .rows[0].n
  assert.equal(await events(), 0)

  // the network returns; the first resend reaches the server, but its answer is lost on the way back
  let checks = 0
  await phone.unroute('**/api/**')
  await phone.route('**/api/v1/sweeps/*/targets/*/check', async (route) => {
    checks++
    if (checks > 1) return route.continue()
    await route.fetch()
    return route.abort('connectionreset')
  })
  await phone.evaluate(() => {
    window.dispatchEvent(new Event('online'))
    window.dispatchEvent(new Event('online'))
  })
  await phone.getByTestId('grid-outbox').waitFor({ state: 'detached' })
  const worker = await server.as(`g-${GRID}`)
  assert.equal((await worker.get('/api/v1/patrols')).body.items.length, 1, 'the check-in, once')
  assert.ok(checks >= 2, `resent after the lost answer (${checks})`)
  const row = phone.getByTestId(`sweep-target-${targetId}`)
  await row.getByText('不合格').waitFor()
  await row.getByTestId('sweep-target-event').waitFor()

  // one event, from the grid channel, routed to the community
  assert.equal(await events(), 1)
  const detail = (await street.get(`/api/v1/sweeps/${launched.body.id}`)).body
  const checked = JSON.stringify(detail)
  assert.match(checked, /"failed":1\b/, checked.slice(0, 400))
  const community = await server.as(`c-${COMMUNITY}`)
  const { rows } = await sql<{ id: number }>`select id from events where description like ${`%${NOTE}%`}`.execute(server.database.db)
  const event = (await community.get(`/api/v1/events/${rows[0].id}`)).body
  assert.equal(event.channel, 'grid')
  assert.equal(event.state, 'assigned')
  assert.equal(event.currentUnit.code, COMMUNITY)
  // the aborted requests are the spec's; nothing else went wrong in the page
  assert.deepEqual(
    phone.errors.filter((e) => !/net::ERR_(INTERNET_DISCONNECTED|CONNECTION_RESET|FAILED)/.test(e)),
    [],
  )
})
