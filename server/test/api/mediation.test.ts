/**
 * People's mediation (issue 19): a dispute runs from intake through a mediation case — 受理, two
 * sessions, a written agreement the parties confirm by their SMS links, the follow-up — while the
 * public timeline shows only stages; a case past its term warns; a failed mediation referred to a
 * department continues there; parties are masked for everyone but the case's mediators.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { scanMediationTerms, TERM_NOTES } from '../../src/modules/mediation/term-scan.ts'
import { applyAction, build, type Client, registerCall, type TestApp, XINGFULI } from '../helper.ts'

const LIUJIAPU = '620105007'
const ANNING = '620105'
const PARTIES = [
  { role: 'applicant', name: '王建华', phone: '13912345678', idNumber: '11010519491231002X', address: '幸福里小区3号楼2单元502室' },
  { role: 'respondent', name: '李秀英', phone: '13887654321' },
]

/** A neighbours' dispute the 12345 desk registers at 幸福里, signed by the community center. */
async function disputeAtCommunity(h: TestApp) {
  const operator = await h.as('operator1')
  let event = await registerCall(operator, '楼上王建华家卫生间漏水到楼下李秀英家，双方多次争吵，要求调解，电话13912345678', {
    category: 'dispute.neighbour',
  })
  const community = await h.as(`c-${XINGFULI}`)
  event = (await community.get(`/api/v1/events/${event.id}`)).body
  if (event.state === 'assigned') event = await applyAction(community, event, { type: 'sign' })
  return { event, community }
}

async function openAt(center: Client, event: { id: number; version: number }, unitId: number) {
  const res = await center.post('/api/v1/mediation/cases', {
    eventId: event.id,
    version: event.version,
    unitId,
    disputeType: 'neighbour',
    amount: 3000,
    summary: '楼上卫生间漏水致楼下天花板受损，双方就维修和赔偿争执不下',
    parties: PARTIES,
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return res.body
}

async function caseAction(client: Client, c: { id: number; version: number }, body: Record<string, unknown>) {
  const res = await client.post(`/api/v1/mediation/cases/${c.id}/actions`, { version: c.version, ...body })
  assert.equal(res.status, 200, `${body.type}: ${JSON.stringify(res.body)}`)
  return res.body
}

/** A dispute at 幸福里, opened as a case at the room the center is offered, accepted by its mediator. */
async function acceptedCase(h: TestApp) {
  const { event, community } = await disputeAtCommunity(h)
  const room = (await community.get(`/api/v1/mediation/organisations?eventId=${event.id}`)).body.suggested
  const opened = await openAt(community, event, room.unit.id)
  const mediator = await h.as(`m-${room.unit.code}`)
  return { event, community, room, mediator, c: await caseAction(mediator, opened, { type: 'accept' }) }
}

test('a dispute runs from intake to an agreement the parties confirm and its follow-up; the public sees only stages', async (t) => {
  const h = await build(t)
  const { event, community } = await disputeAtCommunity(h)

  // the center is offered its community's room first for a neighbours' dispute
  const choice = (await community.get(`/api/v1/mediation/organisations?eventId=${event.id}`)).body
  assert.equal(choice.disputeType, 'neighbour')
  assert.equal(choice.basis, 'category')
  assert.ok(choice.items.length >= 2)
  const room = choice.suggested
  assert.equal(room.unit.kind, 'mediation')
  assert.ok(room.mediators.length >= 2, 'named mediators')

  let c = await openAt(community, event, room.unit.id)
  assert.equal(c.state, 'pending')
  assert.equal(c.termStatus, 'normal')
  assert.equal(new Date(c.termDue).getTime() - new Date(c.openedAt).getTime(), 30 * 86_400_000, '30 calendar days')
  // a second case for the same event is refused
  const again = await community.post('/api/v1/mediation/cases', {
    eventId: event.id,
    version: c.version,
    unitId: room.unit.id,
    disputeType: 'neighbour',
    summary: '再次申请',
    parties: PARTIES,
  })
  assert.ok([404, 409].includes(again.status), `${again.status}`)

  const mediator = await h.as(`m-${room.unit.code}`)
  const mine = (await mediator.get('/api/v1/mediation/cases')).body.items
  assert.deepEqual(
    mine.map((x: { id: number }) => x.id),
    [c.id],
    'the mediator lists their case',
  )
  c = (await mediator.get(`/api/v1/mediation/cases/${c.id}`)).body
  assert.equal(c.partiesMasked, false)
  assert.equal(c.parties[0].name, '王建华')
  assert.deepEqual(c.allowedActions.sort(), ['accept', 'refuse', 'transfer'])

  // an agreement before any session is not a step the case can take
  const early = await mediator.post(`/api/v1/mediation/cases/${c.id}/actions`, {
    version: c.version,
    type: 'agree',
    kind: 'oral',
    record: '口头协议',
    performBy: '2026-12-10',
  })
  assert.equal(early.status, 409)

  c = await caseAction(mediator, c, { type: 'accept' })
  assert.equal(c.state, 'accepted')
  assert.equal((await mediator.get(`/api/v1/events/${event.id}`)).body.state, 'in_progress', '受理 signs the event')
  c = await caseAction(mediator, c, { type: 'summon', at: '2026-12-01T02:00:00Z', place: '幸福里社区人民调解室' })
  const mediatorId = c.mediators[0].id
  c = await caseAction(mediator, c, {
    type: 'session',
    heldAt: '2026-11-30T01:30:00Z',
    place: '幸福里社区人民调解室',
    mediatorId,
    attendees: ['王建华', '李秀英'],
    record: '第一次调解：王建华承认漏水，李秀英要求赔偿3000元，未达成一致。',
  })
  assert.equal(c.state, 'in_mediation')
  const wrongMediator = await mediator.post(`/api/v1/mediation/cases/${c.id}/actions`, {
    version: c.version,
    type: 'session',
    heldAt: '2026-11-30T01:45:00Z',
    place: '现场',
    mediatorId: 1,
    attendees: ['王建华'],
    record: '……',
  })
  assert.equal(wrongMediator.status, 400)
  assert.equal(wrongMediator.body.error.details.field, 'mediatorId')
  c = await caseAction(mediator, c, {
    type: 'session',
    heldAt: '2026-11-30T01:50:00Z',
    place: '李秀英家',
    mediatorId,
    attendees: ['王建华', '李秀英', '物业公司代表'],
    record: '第二次调解：现场查看后双方同意由王建华维修并赔偿2000元。',
  })
  assert.equal(c.sessions.length, 2)
  c = await caseAction(mediator, c, {
    type: 'agree',
    kind: 'written',
    agreement: {
      facts: '王建华家卫生间防水失效，漏水致李秀英家天花板受损。',
      responsibilities: '王建华负主要责任。',
      terms: '王建华于十日内修复防水并赔偿李秀英2000元。',
      performance: { how: '现金支付并由物业见证修复', where: '幸福里社区人民调解室', by: '2026-12-10' },
    },
  })
  assert.equal(c.state, 'agreed')
  assert.ok(c.followUpDue)
  assert.equal((await mediator.get(`/api/v1/events/${event.id}`)).body.state, 'resolved', 'the event resolves at the agreement')

  // summons and the agreement went to both parties by SMS through the outbox, the links confirm
  const sms = await h.database.db.selectFrom('outbox').select(['payload']).where('kind', '=', 'sms').orderBy('id').execute()
  assert.equal(sms.length, 4)
  const links = sms.flatMap((s) => /\/mediation\/confirm\/([A-Za-z0-9_-]{43})/.exec(String(s.payload.text))?.[1] ?? [])
  assert.equal(links.length, 2)
  const seen = await h.anonymous.get(`/api/v1/mediation/confirmations/${links[0]}`)
  assert.equal(seen.status, 200)
  assert.match(seen.body.agreement.terms, /2000元/)
  assert.equal(seen.body.confirmedAt, null)
  const confirmed = await h.anonymous.post(`/api/v1/mediation/confirmations/${links[0]}`)
  assert.ok(confirmed.body.confirmedAt)
  assert.equal((await h.anonymous.get(`/api/v1/mediation/confirmations/${'A'.repeat(43)}`)).status, 404)
  c = (await mediator.get(`/api/v1/mediation/cases/${c.id}`)).body
  assert.equal(c.parties.filter((p: { confirmedAt: string | null }) => p.confirmedAt).length, 1)

  c = await caseAction(mediator, c, { type: 'follow_up', performed: true, note: '回访：已修复并赔偿，双方满意' })
  assert.equal(c.state, 'performed')

  // the public track: the stages only — no note of the case, no party, no term
  const track = (await h.anonymous.get(`/api/v1/track/${event.number}`)).body
  const publicText = JSON.stringify(track)
  for (const secret of ['王建华', '李秀英', '2000元', '防水', '13912345678', '第二次调解']) assert.ok(!publicText.includes(secret), secret)
  const stages = (await h.anonymous.get(`/api/v1/public/mediation/${event.number}`)).body.stages
  assert.deepEqual(
    stages.map((s: { stage: string }) => s.stage),
    ['accepted', 'in_mediation', 'agreed', 'follow_up'],
  )
  assert.ok(!JSON.stringify(stages).includes('王'))

  const stats = (await h.as('leader')).get('/api/v1/mediation/stats')
  const s = (await stats).body
  assert.equal(s.total, 1)
  assert.equal(s.agreementRate, 1)
  assert.equal(s.performanceRate, 1)
})

test('an unperformed agreement reopens the case; a case past its term warns, then is overdue', async (t) => {
  const h = await build(t)
  const accepted = await acceptedCase(h)
  const { community, mediator } = accepted
  let c = accepted.c

  assert.deepEqual((await community.get('/api/v1/mediation/cases?term=warning')).body.items, [], 'a fresh case does not warn')
  h.clock.now = new Date(h.clock.now.getTime() + 23 * 86_400_000)
  c = (await mediator.get(`/api/v1/mediation/cases/${c.id}`)).body
  assert.equal(c.termStatus, 'warning', '23 of 30 days used')
  assert.deepEqual(
    (await community.get('/api/v1/mediation/cases?term=warning')).body.items.map((x: { id: number }) => x.id),
    [c.id],
  )
  h.clock.now = new Date(h.clock.now.getTime() + 8 * 86_400_000)
  c = (await mediator.get(`/api/v1/mediation/cases/${c.id}`)).body
  assert.equal(c.termStatus, 'overdue')
  assert.equal((await community.get('/api/v1/mediation/cases?term=overdue')).body.items.length, 1)
  assert.deepEqual((await community.get('/api/v1/mediation/cases?term=warning')).body.items, [], 'overdue is not a warning any more')

  c = await caseAction(mediator, c, {
    type: 'session',
    heldAt: h.clock.now.toISOString(),
    place: '调解室',
    mediatorId: c.mediators[0].id,
    attendees: ['王建华', '李秀英'],
    record: '调解',
  })
  c = await caseAction(mediator, c, { type: 'agree', kind: 'oral', record: '口头约定王建华一周内修复', performBy: '2027-01-10' })
  assert.equal(c.termStatus, 'normal', 'an agreed case has no running term')
  c = await caseAction(mediator, c, { type: 'follow_up', performed: false, note: '回访：未修复' })
  assert.equal(c.state, 'in_mediation')
  assert.equal(c.reopenCount, 1)
  assert.equal(c.termStatus, 'normal', 'a new term')
})

test('a failed mediation referred to a department continues there; a room passes a case to a district organisation', async (t) => {
  const h = await build(t)
  const accepted = await acceptedCase(h)
  const { event, community, mediator } = accepted
  let c = accepted.c
  const departments = (await h.anonymous.get(`/api/v1/orgs?parent=${ANNING}&kind=department`)).body.items
  const housing = departments[0]
  const noUnit = await mediator.post(`/api/v1/mediation/cases/${c.id}/actions`, {
    version: c.version,
    type: 'fail',
    referral: 'department',
    note: '涉及房屋质量',
  })
  assert.equal(noUnit.status, 400)
  c = await caseAction(mediator, c, { type: 'fail', referral: 'department', unitId: housing.id, note: '涉及房屋质量问题，需职能部门认定' })
  assert.equal(c.state, 'failed')
  assert.deepEqual(c.allowedActions, [], 'the mediator is done')
  let ev = (await community.get(`/api/v1/events/${event.id}`)).body
  assert.equal(ev.currentUnit.code, XINGFULI, 'back at the center')

  // only the center forwards it; the mediator may not
  const byMediator = await mediator.post(`/api/v1/mediation/cases/${c.id}/actions`, {
    version: c.version,
    type: 'forward',
    unitId: housing.id,
  })
  assert.equal(byMediator.status, 403)
  c = (await community.get(`/api/v1/mediation/cases/${c.id}`)).body
  assert.deepEqual(c.allowedActions, ['forward'])
  c = await caseAction(community, c, { type: 'forward', unitId: housing.id })
  assert.equal(c.state, 'referred')
  ev = (await community.get(`/api/v1/events/${event.id}`)).body
  assert.equal(ev.currentUnit.id, housing.id, 'the event continues at the department')
  assert.equal(ev.state, 'assigned')

  // a second dispute: the street's room passes it to the district's professional organisation
  const street = await h.as(`c-${LIUJIAPU}`)
  const operator = await h.as('operator1')
  let e2 = await registerCall(operator, '小区业主与物业公司就物业费发生纠纷', { category: 'dispute.property_owner' })
  e2 = (await community.get(`/api/v1/events/${e2.id}`)).body
  if (e2.state === 'assigned') e2 = await applyAction(community, e2, { type: 'sign' })
  e2 = await applyAction(community, e2, { type: 'escalate', note: '需街道调解' })
  e2 = await applyAction(street, e2, { type: 'sign' })
  const choice = (await street.get(`/api/v1/mediation/organisations?eventId=${e2.id}`)).body
  assert.equal(choice.disputeType, 'property')
  assert.equal(choice.suggested.specialty, 'property', 'the district property organisation first')
  const streetRoom = choice.items.find((o: { unit: { code: string } }) => o.unit.code === `${LIUJIAPU}M01`)
  let c2 = await openAt(street, e2, streetRoom.unit.id)
  const roomStaff = await h.as(`m-${streetRoom.unit.code}`)
  c2 = await caseAction(roomStaff, c2, { type: 'transfer', unitId: choice.suggested.unit.id, note: '专业性强，转物业纠纷调委会' })
  assert.equal(c2.state, 'transferring')
  c2 = await caseAction(street, (await street.get(`/api/v1/mediation/cases/${c2.id}`)).body, {
    type: 'forward',
    unitId: choice.suggested.unit.id,
  })
  assert.equal(c2.state, 'pending')
  assert.equal(c2.unit.id, choice.suggested.unit.id)
  const pro = await h.as(`m-${choice.suggested.unit.code}`)
  assert.equal((await pro.get('/api/v1/mediation/cases')).body.items[0].id, c2.id)
  assert.equal((await roomStaff.get(`/api/v1/mediation/cases/${c2.id}`)).status, 404, 'the room no longer reads it')
})

test('parties are masked for everyone but the case’s mediators; center staff reveal them, audited', async (t) => {
  // one login per role checked: more than the default ten a minute
  const h = await build(t, { env: { RATE_LIMIT_AUTH_PER_MINUTE: '100' } })
  const { event, community } = await disputeAtCommunity(h)
  const room = (await community.get(`/api/v1/mediation/organisations?eventId=${event.id}`)).body.suggested
  const c = await openAt(community, event, room.unit.id)
  const masked = (view: { partiesMasked: boolean; parties: Array<{ name: string; phone: string; idNumber: string | null }> }) => {
    assert.equal(view.partiesMasked, true)
    assert.equal(view.parties[0].name, '王**')
    assert.equal(view.parties[0].phone, '139****5678')
    assert.equal(view.parties[0].idNumber, '110***********002X')
    assert.ok(!JSON.stringify(view).includes('王建华'), 'nor in the summary')
  }
  // the center that opened it and the centers above: masked, may reveal
  for (const username of [`c-${XINGFULI}`, `c-${LIUJIAPU}`, `c-${ANNING}`]) {
    const view = (await (await h.as(username)).get(`/api/v1/mediation/cases/${c.id}`)).body
    masked(view)
    assert.equal(view.canReveal, true, username)
  }
  for (const username of ['supervisor', 'leader']) {
    const view = (await (await h.as(username)).get(`/api/v1/mediation/cases/${c.id}`)).body
    masked(view)
    assert.equal(view.canReveal, false)
    assert.equal((await (await h.as(username)).post(`/api/v1/mediation/cases/${c.id}/parties/reveal`)).status, 409)
  }
  // another district's center, another room's mediator, an operator, a department: not found or forbidden
  const departments = (await h.anonymous.get(`/api/v1/orgs?parent=${ANNING}&kind=department`)).body.items
  for (const username of ['c-620102', `m-${ANNING}M01`, 'operator1', `d-${departments[0].code}`]) {
    const res = await (await h.as(username)).get(`/api/v1/mediation/cases/${c.id}`)
    assert.ok([403, 404].includes(res.status), `${username}: ${res.status}`)
  }
  const mediator = await h.as(`m-${room.unit.code}`)
  const full = (await mediator.get(`/api/v1/mediation/cases/${c.id}`)).body
  assert.equal(full.partiesMasked, false)
  assert.equal(full.parties[0].idNumber, '11010519491231002X')

  const revealed = await community.post(`/api/v1/mediation/cases/${c.id}/parties/reveal`)
  assert.equal(revealed.status, 200)
  assert.equal(revealed.body.items[0].name, '王建华')
  const audit = await h.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'unmask_parties').execute()
  assert.equal(audit.length, 1)
  assert.equal(audit[0].target_id, String(c.id))
})

test('GET /orgs?kind=mediation lists 32 district organisations and 363 street/community rooms', async (t) => {
  const h = await build(t)
  const items = (await h.anonymous.get('/api/v1/orgs?kind=mediation')).body.items
  assert.equal(items.filter((o: { level: number }) => o.level === 2).length, 32)
  assert.equal(items.filter((o: { level: number }) => o.level >= 3).length, 363)
})

test('the term scan warns once at 75 % of the term and once past it, on the event, like other deadlines', async (t) => {
  const h = await build(t)
  const { event, community } = await acceptedCase(h)
  const reminders = async () =>
    (await community.get(`/api/v1/events/${event.id}`)).body.timeline
      .filter((e: { action: string }) => e.action === 'remind')
      .map((e: { note: string }) => e.note)

  assert.equal((await scanMediationTerms(h.app.ctx)).marked, 0, 'a fresh case has nothing to warn of')
  h.clock.now = new Date(h.clock.now.getTime() + 23 * 86_400_000)
  assert.equal((await scanMediationTerms(h.app.ctx)).marked, 1)
  assert.equal((await scanMediationTerms(h.app.ctx)).marked, 0, 'each mark once')
  assert.deepEqual(await reminders(), [TERM_NOTES.warned])
  h.clock.now = new Date(h.clock.now.getTime() + 8 * 86_400_000)
  assert.equal((await scanMediationTerms(h.app.ctx)).marked, 1)
  assert.deepEqual(await reminders(), [TERM_NOTES.warned, TERM_NOTES.overdue])
  // the reminder is the event's own step: the mediator sees it on the case's event, the public only its words
  const track = (await h.anonymous.get(`/api/v1/track/${event.number}`)).body
  assert.ok(!JSON.stringify(track).includes('王建华'))
  assert.equal((await scanMediationTerms(h.app.ctx)).marked, 0)
})
