/**
 * Netizen messages (网民留言, issue 17 item 6): a board's feed, pulled from a URL on its schedule (a
 * real HTTP server started here) or uploaded as JSON or CSV, becomes events of the netizen channel,
 * each message once however often it comes; bad messages are named by line and field; when an
 * event of the board closes, its reply is posted back — to the demo's file, or to the board's reply
 * URL with retries until it is dead — and never inside the closing request.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import { pullDueBoards, readFeed } from '../../src/modules/channels/netizen-import.ts'
import { deliverReplies } from '../../src/modules/channels/netizen-replies.ts'
import { applyAction, build, type TestApp, XINGFULI } from '../helper.ts'

/** A board's server of its own: serves `feed` at /feed (counting the pulls) and takes replies at /replies with `status`. */
async function boardServer(t: TestContext) {
  const state = { feed: '[]', pulls: 0, replies: [] as unknown[], status: 200 }
  const server = createServer((req, res) => {
    if (req.url === '/feed') {
      state.pulls++
      res.writeHead(200, { 'content-type': 'application/json' }).end(state.feed)
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      state.replies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      res.writeHead(state.status).end(state.status === 200 ? 'ok' : 'board down')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { state, feedUrl: `${base}/feed`, replyUrl: `${base}/replies` }
}

async function setUp(t: TestContext) {
  const dir = mkdtempSync(join(tmpdir(), 'xiaolan-netizen-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const replyFile = join(dir, 'replies.jsonl')
  const h = await build(t, {
    env: {
      WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
      NETIZEN_PULL_INTERVAL_MS: '60000',
      NETIZEN_REPLY_FILE: replyFile,
      WEBHOOK_MAX_ATTEMPTS: '2',
    },
  })
  return { h, replyFile, admin: await h.as('admin') }
}

const sourceEvents = (h: TestApp, clientId: number) =>
  h.database.db
    .selectFrom('events')
    .select(['id', 'version', 'external_id', 'channel', 'number'])
    .where('source_client_id', '=', clientId)
    .orderBy('id')
    .execute()

const message = (id: string, content: string, more: Record<string, unknown> = {}) => ({ id, content, ...more })

test('a board pulled on its schedule makes each message one event, names the bad ones, and one instance pulls at a time', async (t) => {
  const { h, admin } = await setUp(t)
  const server = await boardServer(t)
  const created = await admin.post('/api/v1/admin/netizen/boards', { name: '测试留言板', pullUrl: server.feedUrl })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const board = created.body
  server.state.feed = JSON.stringify({
    messages: [
      message('M-1', '幸福里小区北门垃圾好几天没人清运了', {
        communityCode: XINGFULI,
        category: 'sanitation.garbage',
        postedAt: '2026-11-30 08:15',
      }),
      message('M-2', '幸福里小区楼道灯坏了一个月', { address: '幸福里小区' }),
      message('M-3', '没有内容的编号也该报错', { postedAt: 'yesterday' }),
      { content: '没有编号的留言' },
      message('M-1', '同一条留言在同一个源里出现两次', { communityCode: XINGFULI }),
    ],
  })

  // two instances' passes at once: the lease lets one pull
  const [a, b] = await Promise.all([pullDueBoards(h.app.ctx), pullDueBoards(h.app.ctx)])
  assert.equal(a.length + b.length, 1, 'one pull')
  assert.equal(server.state.pulls, 1)
  let events = await sourceEvents(h, board.clientId)
  assert.deepEqual(
    events.map((e) => [e.external_id, e.channel]),
    [
      ['M-1', 'netizen'],
      ['M-2', 'netizen'],
    ],
  )
  const overview = (await admin.get('/api/v1/admin/netizen')).body
  const [first] = overview.imports
  assert.deepEqual(
    [first.origin, first.source, first.messages, first.created, first.duplicates, first.errors],
    ['pull', server.feedUrl, 5, 2, 1, 2],
  )
  assert.deepEqual(
    first.problems.map((p: { line: number; field: string }) => [p.line, p.field]),
    [
      [3, 'occurredAt'],
      [4, 'externalId'],
    ],
  )

  // not due again before the interval; then the same feed plus one new message
  assert.deepEqual(await pullDueBoards(h.app.ctx), [])
  h.clock.now = new Date(h.clock.now.getTime() + 61_000)
  server.state.feed = JSON.stringify([
    message('M-1', '幸福里小区北门垃圾好几天没人清运了', { communityCode: XINGFULI }),
    message('M-4', '幸福里小区门口路灯不亮', { communityCode: XINGFULI }),
  ])
  assert.equal((await pullDueBoards(h.app.ctx)).length, 1)
  events = await sourceEvents(h, board.clientId)
  assert.deepEqual(
    events.map((e) => e.external_id),
    ['M-1', 'M-2', 'M-4'],
  )
  const second = (await admin.get('/api/v1/admin/netizen')).body.imports[0]
  assert.deepEqual([second.created, second.duplicates, second.errors], [1, 1, 0])
})

test('an uploaded CSV with Chinese headers imports once; a file that is no feed is recorded as a failure; only admins', async (t) => {
  const { h, admin } = await setUp(t)
  const board = (await admin.post('/api/v1/admin/netizen/boards', { name: '上传留言板' })).body
  const csv = `编号,标题,内容,社区代码,留言时间\nC-1,垃圾,幸福里小区北门垃圾没人清运,${XINGFULI},2026-11-29 18:00\nC-2,路灯,"幸福里小区路灯不亮，晚上很黑",${XINGFULI},2026-11-29T19:00:00+08:00\nC-3,,,${XINGFULI},\n`
  const url = `/api/v1/admin/netizen/boards/${board.id}/imports`
  const once = await admin.post(url, { fileName: 'messages.csv', content: csv })
  assert.equal(once.status, 201, JSON.stringify(once.body))
  assert.deepEqual([once.body.messages, once.body.created, once.body.errors, once.body.importedBy], [3, 2, 1, 'admin'])
  assert.deepEqual(once.body.problems[0], { line: 4, externalId: 'C-3', field: 'description', message: 'The message has no content' })
  const again = await admin.post(url, { fileName: 'messages.csv', content: csv })
  assert.deepEqual([again.body.created, again.body.duplicates], [0, 2])
  assert.equal((await sourceEvents(h, board.clientId)).length, 2)

  const broken = await admin.post(url, { fileName: 'messages.json', content: '{"messages": [' })
  assert.equal(broken.status, 201)
  assert.equal(broken.body.failure, 'The feed is not valid JSON')

  const audit = await h.database.db.selectFrom('audit_log').select('action').where('action', '=', 'netizen_import').execute()
  assert.equal(audit.length, 3, 'every upload is audited')

  const operator = await h.as('operator1')
  assert.equal((await operator.get('/api/v1/admin/netizen')).status, 403)
  assert.equal((await operator.post(url, { fileName: 'x.csv', content: csv })).status, 403)
  const badUrl = await admin.post('/api/v1/admin/netizen/boards', { name: '坏地址', pullUrl: 'http://example.com/feed' })
  assert.equal(badUrl.status, 400)
  assert.equal(badUrl.body.error.details.field, 'pullUrl')
  assert.equal((await admin.post('/api/v1/admin/netizen/boards', { name: '上传留言板' })).status, 409)
  // two admins adding one name at once: one board, one client, nothing half-written
  const clientsBefore = (await admin.get('/api/v1/admin/api-clients')).body.items.length
  const racing = await Promise.all([1, 2].map(() => admin.post('/api/v1/admin/netizen/boards', { name: '同名留言板' })))
  assert.deepEqual(racing.map((r) => r.status).sort(), [201, 409])
  assert.equal((await admin.get('/api/v1/admin/api-clients')).body.items.length, clientsBefore + 1)
  assert.equal((await admin.post('/api/v1/admin/netizen/boards/99999/imports', { fileName: 'x.csv', content: csv })).status, 404)
})

async function closeOne(h: TestApp, event: { id: number; version: number }) {
  const community = await h.as(`c-${XINGFULI}`)
  const operator = await h.as('operator1')
  let e = await applyAction(community, event, { type: 'sign' })
  e = await applyAction(community, e, { type: 'resolve', note: '已联系环卫当天清运，联系人13912345678' })
  return applyAction(operator, e, { type: 'evaluate', rating: 'satisfied' })
}

test('when a board’s event closes its reply is posted back after the close: to the demo file, or to the reply URL until dead', async (t) => {
  const { h, admin, replyFile } = await setUp(t)
  const server = await boardServer(t)
  const demo = (await admin.post('/api/v1/admin/netizen/boards', { name: '演示留言板' })).body
  const live = (await admin.post('/api/v1/admin/netizen/boards', { name: '外部留言板', replyUrl: server.replyUrl })).body
  const feed = (id: string) =>
    JSON.stringify([message(id, '幸福里小区北门垃圾好几天没人清运了', { communityCode: XINGFULI, category: 'sanitation.garbage' })])
  await admin.post(`/api/v1/admin/netizen/boards/${demo.id}/imports`, { fileName: 'a.json', content: feed('D-1') })
  await admin.post(`/api/v1/admin/netizen/boards/${live.id}/imports`, { fileName: 'b.json', content: feed('L-1') })
  const [d] = await sourceEvents(h, demo.clientId)
  const [l] = await sourceEvents(h, live.clientId)

  const closed = await closeOne(h, d)
  assert.equal(closed.state, 'closed')
  await closeOne(h, l)
  // nothing is posted inside the closing requests
  assert.equal(server.state.replies.length, 0)
  assert.deepEqual((await admin.get('/api/v1/admin/netizen')).body.replies, { pending: 2, sent: 0, dead: 0 })

  server.state.status = 503
  assert.deepEqual(await deliverReplies(h.app.ctx), { sent: 1, retried: 1, dead: 0 })
  const lines = readFileSync(replyFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
  assert.equal(lines.length, 1)
  assert.equal(lines[0].externalId, 'D-1')
  assert.equal(lines[0].number, d.number)
  assert.equal(lines[0].state, 'closed')
  assert.match(lines[0].reply, /已联系环卫当天清运/)
  assert.ok(!lines[0].reply.includes('13912345678'), 'public words only')
  assert.equal(server.state.replies.length, 1)

  // the retry waits for its backoff; at the last attempt the reply is dead
  h.clock.now = new Date(h.clock.now.getTime() + 2 * 3_600_000)
  assert.deepEqual(await deliverReplies(h.app.ctx), { sent: 0, retried: 0, dead: 1 })
  assert.equal(server.state.replies.length, 2)
  assert.deepEqual((await admin.get('/api/v1/admin/netizen')).body.replies, { pending: 0, sent: 1, dead: 1 })
  assert.deepEqual(await deliverReplies(h.app.ctx), { sent: 0, retried: 0, dead: 0 }, 'nothing twice')
})

test('the netizen adapter reads JSON lists and CSV lines with their line numbers', () => {
  assert.deepEqual(
    readFeed('[{"id":"a","content":"x"}]').map((r) => r.line),
    [1],
  )
  assert.deepEqual(
    readFeed('\uFEFFid,content\na,"多行\n内容"\nb,y\n').map((r) => [r.line, r.record.id]),
    [
      [3, 'a'],
      [4, 'b'],
    ],
  )
})
