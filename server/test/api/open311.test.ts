/**
 * Open311 GeoReport v2 at /open311/v2 (issue 17 item 5): every JSON answer validates against the
 * official schemas (server/test/fixtures/open311, from open311/schema-validation) with ajv; every
 * XML answer parses with a real parser and carries the same fields; refusals are the spec's error
 * list with a 4xx status in the format asked; no answer carries a reporter's name, phone or e-mail.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { XMLParser } from 'fast-xml-parser'
import { applyAction, build, reportAtSeat, type TestApp, XINGFULI } from '../helper.ts'

const schemaFile = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/open311/${name}`, import.meta.url), 'utf8'))
const ajv = new Ajv({ allErrors: true, strict: false })
addFormats.default(ajv)
for (const name of ['request.json', 'service.json']) ajv.addSchema(schemaFile(name), name)
const OFFICIAL = {
  services: ajv.compile(schemaFile('services.json')),
  definition: ajv.compile(schemaFile('service-definition.json')),
  requests: ajv.compile(schemaFile('requests.json')),
}
/** The answers the official files have no schema for, as swagger.json's definitions (and the spec's error list) say them. */
const ids = { type: 'string' }
const SWAGGER = {
  token: ajv.compile({
    type: 'array',
    items: { type: 'object', required: ['service_request_id', 'token'], properties: { service_request_id: ids, token: ids } },
  }),
  created: ajv.compile({
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      required: ['service_request_id'],
      properties: { service_request_id: ids, token: ids, account_id: { type: ['string', 'null'] } },
    },
  }),
  errors: ajv.compile({
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      required: ['code', 'description'],
      properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } },
    },
  }),
}

function valid(validate: ValidateFunction, body: unknown, what: string) {
  assert.ok(validate(body), `${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 400)}`)
}

/** Lists by the spec's element names, so one item reads as a list too; every value as text. */
const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name, path) =>
    ['service', 'request', 'error', 'attribute', 'entry', 'endpoint', 'format'].includes(name) && String(path).split('.').length > 1,
})

/** The JSON as the XML carries it: every value as text, null as an empty element, lists under their item's name. */
function asXml(value: unknown, item?: string): unknown {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.length ? { [item as string]: value.map((v) => asXml(v)) } : ''
  if (typeof value === 'object') {
    const items: Record<string, string> = { attributes: 'attribute', timeline: 'entry', endpoints: 'endpoint', formats: 'format' }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asXml(v, items[k])]))
  }
  return String(value)
}

/** Every answer a test saw, for the privacy check at the end. */
type Seen = string[]

async function get(h: TestApp, seen: Seen, url: string) {
  const res = await h.anonymous.inject({ method: 'GET', url })
  seen.push(res.body)
  return res
}

/** A resource in both formats: the JSON validated by `validate`, the XML parsed and equal to it. */
async function both(h: TestApp, seen: Seen, path: string, root: string, item: string | null, validate: ValidateFunction, status = 200) {
  const [base, query] = path.split('?')
  const asked = (format: string) => `/open311/v2/${base}.${format}${query ? `?${query}` : ''}`
  const json = await get(h, seen, asked('json'))
  assert.equal(json.statusCode, status, json.body)
  assert.match(String(json.headers['content-type']), /^application\/json/)
  const body = JSON.parse(json.body)
  valid(validate, body, path)
  const x = await get(h, seen, asked('xml'))
  assert.equal(x.statusCode, status, x.body)
  assert.match(String(x.headers['content-type']), /^text\/xml/)
  const parsed = xml.parse(x.body)
  assert.deepEqual(parsed[root], item ? asXml(body, item) : asXml(body))
  return body
}

const PHONE = '13912345678'
const NAME = '王小明'
const EMAIL = 'wang.xiaoming@example.com'

test('services, requests and tokens answer in JSON that validates against the official schemas and in XML that matches it', async (t) => {
  const h = await build(t)
  const seen: Seen = []
  const resident = await h.resident(PHONE, { name: NAME, idNumber: '110101199003074477' })
  const reported = await reportAtSeat(h, resident, XINGFULI, `小区门口垃圾三天没人清运，我是${NAME}，电话${PHONE}，邮箱${EMAIL}`)

  const services = await both(h, seen, 'services', 'services', 'service', OFFICIAL.services)
  const garbage = services.find((s: { service_code: string }) => s.service_code === 'sanitation.garbage')
  assert.equal(garbage.group, '市容环卫')
  assert.equal(garbage.metadata, false)
  assert.ok(
    services.every((s: { service_code: string }) => s.service_code.includes('.')),
    'services are subcategories',
  )
  await both(h, seen, 'services/sanitation.garbage', 'service_definition', null, OFFICIAL.definition)

  const listed = await both(h, seen, 'requests', 'service_requests', 'request', OFFICIAL.requests)
  const mine = listed.find((r: { service_request_id: string }) => r.service_request_id === reported.number)
  assert.ok(mine, 'the new report is in the last 90 days')
  assert.equal(mine.status, 'open')
  assert.equal(mine.service_code, 'sanitation.garbage')
  assert.equal(mine.service_name, '垃圾清运')
  assert.match(mine.requested_datetime, /^2026-11-30T10:00:00\+08:00$/)
  assert.match(mine.agency_responsible, /幸福里社区/)
  assert.match(mine.address, /^幸福里社区，刘家堡街道，安宁区$/)
  assert.ok(!mine.description.includes(PHONE) && !mine.description.includes(NAME), mine.description)

  const one = await both(
    h,
    seen,
    `requests/${reported.number}?extensions=true&jurisdiction_id=`,
    'service_requests',
    'request',
    OFFICIAL.requests,
  )
  assert.equal(one.length, 1)
  assert.equal(one[0].extended_attributes.state, 'assigned')
  assert.deepEqual(
    one[0].extended_attributes.timeline.map((e: { action: string }) => e.action),
    ['submit', 'route'],
  )
  const byIds = await both(
    h,
    seen,
    `requests?service_request_id=${reported.number},LZ20000101-000001`,
    'service_requests',
    'request',
    OFFICIAL.requests,
  )
  assert.deepEqual(
    byIds.map((r: { service_request_id: string }) => r.service_request_id),
    [reported.number],
  )
  const tokens = await both(h, seen, `tokens/${reported.number}`, 'service_requests', 'request', SWAGGER.token)
  assert.deepEqual(tokens, [{ service_request_id: reported.number, token: reported.number }])

  // filters: the service, the status, the dates with and without fractions and with any offset
  const filtered = async (query: string) =>
    (await both(h, seen, `requests?${query}`, 'service_requests', 'request', OFFICIAL.requests)).map(
      (r: { service_request_id: string }) => r.service_request_id,
    )
  assert.ok((await filtered('service_code=sanitation.garbage')).includes(reported.number))
  assert.ok(!(await filtered('service_code=municipal.streetlight')).includes(reported.number))
  assert.ok((await filtered('status=open')).includes(reported.number))
  assert.ok(!(await filtered('status=closed')).includes(reported.number))
  const around = 'start_date=2026-11-30T09:59:00%2B08:00&end_date=2026-11-30T02:01:00.000Z'
  assert.ok((await filtered(around)).includes(reported.number))
  assert.ok(!(await filtered('start_date=2026-11-30T02:00:01Z')).includes(reported.number))
  assert.ok((await filtered('updated_after=2026-11-30T01:59:59.5-00:00')).includes(reported.number))
  assert.ok(!(await filtered('updated_after=2026-11-30T10:00:00%2B08:00')).includes(reported.number))

  // a call held unscreened (no place, no category): by its number, its progress only — none of its
  // words or place, which the public list would not show either
  const operator = await h.as('operator1')
  const held = await operator.post('/api/v1/events', { channel: 'hotline', description: '你好，我想反映个情况，我家就在幸福里三号楼' })
  assert.equal(held.body.state, 'submitted')
  const [asked] = await both(h, seen, `requests/${held.body.number}`, 'service_requests', 'request', OFFICIAL.requests)
  assert.equal(asked.status, 'open')
  assert.equal(asked.description, null)
  assert.deepEqual([asked.lat, asked.long], [null, null])
  assert.ok(!(await filtered('status=open')).includes(held.body.number), 'not listed')

  // never a person: the reporter's name, phone and e-mail appear in no answer, JSON or XML
  for (const body of seen) {
    for (const secret of [PHONE, NAME, EMAIL, '110101199003074477']) assert.ok(!body.includes(secret), `${secret} in ${body.slice(0, 300)}`)
  }
})

test('refusals are the spec’s error list in the format asked, with a 4xx status, never HTML', async (t) => {
  const h = await build(t)
  const seen: Seen = []
  const refused = async (path: string, status: number, says: RegExp) => {
    const body = await both(h, seen, path, 'errors', 'error', SWAGGER.errors, status)
    assert.equal(body[0].code, status)
    assert.match(body[0].description, says)
  }
  await refused('requests?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z', 400, /end_date.*90 days/)
  await refused('requests?start_date=2026-06-01T00:00:00Z&end_date=2026-01-01T00:00:00Z', 400, /end_date/)
  await refused('requests?start_date=2026-02-30T00:00:00Z', 400, /start_date/)
  await refused('requests?start_date=yesterday', 400, /start_date/)
  await refused('requests?service_code=no.such', 400, /service_code/)
  await refused('requests?status=pending', 400, /status/)
  await refused('services/no.such', 404, /no\.such/)
  await refused('requests/LZ20000101-000001', 404, /LZ20000101-000001/)
  await refused('tokens/LZ20000101-000001', 404, /LZ20000101-000001/)
  await refused('nothing/here', 404, /nothing/)
  await refused('requests?service_request_id=LZ%00', 400, /service_request_id/)
  await refused(`requests?service_code=${'x'.repeat(1001)}`, 400, /service_code/)
  await refused('requests?nonsense=1', 400, /nonsense/)
  await refused(
    `requests?service_request_id=${Array.from({ length: 101 }, (_, i) => `LZ20261130-${String(i).padStart(6, '0')}`).join(',')}`,
    400,
    /at most 100/i,
  )
  // a body in a type no GeoReport client sends, and a broken JSON one: refused as a list, never HTML
  for (const [type, payload, status] of [
    ['application/xml', '<service_code>x</service_code>', 415],
    ['text/plain', 'service_code=x', 400],
    ['application/json', '{"service_code":', 400],
  ] as const) {
    const res = await h.anonymous.inject({ method: 'POST', url: '/open311/v2/requests.xml', headers: { 'content-type': type }, payload })
    assert.equal(res.statusCode, status, res.body)
    assert.match(String(res.headers['content-type']), /^text\/xml/)
    assert.equal(Number(xml.parse(res.body).errors.error[0].code), status)
  }
  // an unknown format is answered in JSON
  const yaml = await get(h, seen, '/open311/v2/services.yaml')
  assert.equal(yaml.statusCode, 400)
  valid(SWAGGER.errors, JSON.parse(yaml.body), 'services.yaml')
})

/** A form as GeoReport v2 clients post it. */
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

async function post(h: TestApp, seen: Seen, format: 'json' | 'xml', fields: Record<string, string>) {
  const res = await h.anonymous.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form(fields),
  })
  seen.push(res.body)
  return res
}

test('a client posts a request with its api_key, reads it back open, and closed once the loop completes', async (t) => {
  const h = await build(t)
  const seen: Seen = []
  const admin = await h.as('admin')
  const created = await admin.post('/api/v1/admin/api-clients', { name: 'Open311 客户端', channels: ['netizen'] })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const key: string = created.body.key
  const { seat } = (await h.anonymous.get(`/api/v1/orgs?code=${XINGFULI}`)).body.items[0]
  const request = {
    api_key: key,
    jurisdiction_id: '',
    service_code: 'sanitation.garbage',
    lat: String(seat.lat),
    long: String(seat.lng),
    description: `垃圾桶旁边的垃圾堆了一周，联系人${NAME}，${PHONE}`,
    first_name: '小明',
    last_name: '王',
    email: EMAIL,
    phone: PHONE,
    'attribute[size]': 'large',
    media_url: 'https://example.com/photo.jpg',
  }

  const answer = await post(h, seen, 'json', request)
  assert.equal(answer.statusCode, 200, answer.body)
  const [posted] = JSON.parse(answer.body)
  valid(SWAGGER.created, [posted], 'POST requests.json')
  assert.match(posted.service_request_id, /^LZ20261130-\d{6}$/)
  assert.equal(posted.token, posted.service_request_id)
  assert.match(posted.service_notice, /幸福里社区/)

  // the same in XML, and by address: 幸福里小区 of the gazetteer, building number and all
  const inXml = await post(h, seen, 'xml', { api_key: key, service_code: 'sanitation.garbage', address_string: '幸福里小区3号楼门口' })
  assert.equal(inXml.statusCode, 200, inXml.body)
  const byAddress = xml.parse(inXml.body).service_requests.request[0]
  assert.match(byAddress.service_request_id, /^LZ20261130-\d{6}$/)
  const [located] = await both(h, seen, `requests/${byAddress.service_request_id}`, 'service_requests', 'request', OFFICIAL.requests)
  assert.equal(located.agency_responsible, '幸福里社区')
  assert.equal(located.description, '垃圾清运（Open311 报告）')

  const readBack = async () =>
    (await both(h, seen, `requests/${posted.service_request_id}`, 'service_requests', 'request', OFFICIAL.requests))[0]
  const open = await readBack()
  assert.equal(open.status, 'open')
  assert.equal(open.service_code, 'sanitation.garbage')
  assert.equal(open.agency_responsible, '幸福里社区')
  assert.match(open.description, /垃圾桶旁边的垃圾堆了一周/)
  // the staff see who reported it, the public views never do
  const { id } = (await h.anonymous.get(`/api/v1/track/${posted.service_request_id}`)).body
  const community = await h.as(`c-${XINGFULI}`)
  const staffView = (await community.get(`/api/v1/events/${id}`)).body
  assert.equal(staffView.channel, 'netizen')
  const source = await h.database.db
    .selectFrom('events')
    .select(['source_client_id', 'external_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  assert.deepEqual(source, { source_client_id: created.body.id, external_id: null }, 'the client is the event’s source')

  // the loop: the community signs and resolves, the 12345 desk records the caller's rating
  let version: number = staffView.version
  const act = async (client: Awaited<ReturnType<TestApp['as']>>, body: Record<string, unknown>) => {
    version = (await applyAction(client, { id, version }, body)).version
  }
  await act(community, { type: 'sign' })
  assert.equal((await readBack()).status, 'open')
  await act(community, { type: 'resolve', note: '已清运完毕，垃圾桶已消毒' })
  const resolved = await readBack()
  assert.equal(resolved.status, 'closed', 'resolved (已办结) counts as closed')
  assert.equal(resolved.status_notes, '已清运完毕，垃圾桶已消毒')
  await act(await h.as('operator1'), { type: 'evaluate', rating: 'satisfied' })
  const closed = await readBack()
  assert.equal(closed.status, 'closed')
  assert.equal(closed.extended_attributes, undefined)
  const closedList = await both(h, seen, 'requests?status=closed&extensions=true', 'service_requests', 'request', OFFICIAL.requests)
  const listed = closedList.find((r: { service_request_id: string }) => r.service_request_id === posted.service_request_id)
  assert.equal(listed.extended_attributes.state, 'closed')

  for (const body of seen) {
    for (const secret of [PHONE, NAME, EMAIL, key]) assert.ok(!body.includes(secret), `${secret} in ${body.slice(0, 300)}`)
  }
})

test('a post without a key, with a bad key, an unknown service or no place is refused with the error list, and writes nothing', async (t) => {
  const h = await build(t)
  const seen: Seen = []
  const admin = await h.as('admin')
  const key: string = (await admin.post('/api/v1/admin/api-clients', { name: 'Open311 客户端', channels: ['netizen'] })).body.key
  const count = async () =>
    Number(
      (
        await h.database.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const before = await count()
  const place = { lat: '36.117308', long: '103.729711' }
  const refused = async (format: 'json' | 'xml', fields: Record<string, string>, status: number, says: RegExp) => {
    const res = await post(h, seen, format, fields)
    assert.equal(res.statusCode, status, res.body)
    const body = format === 'json' ? JSON.parse(res.body) : [xml.parse(res.body).errors.error].flat()
    if (format === 'json') valid(SWAGGER.errors, body, 'POST error')
    assert.equal(Number(body[0].code), status)
    assert.match(body[0].description, says)
  }
  await refused('json', { service_code: 'sanitation.garbage', ...place }, 401, /^api_key/)
  await refused('xml', { api_key: `xlk_${'A'.repeat(43)}`, service_code: 'sanitation.garbage', ...place }, 401, /^api_key/)
  await refused('json', { api_key: key, service_code: 'no.such', ...place }, 400, /service_code/)
  await refused('xml', { api_key: key, service_code: 'sanitation', ...place }, 400, /service_code/)
  await refused('json', { api_key: key, service_code: 'sanitation.garbage' }, 400, /^lat:/)
  await refused('json', { api_key: key, service_code: 'sanitation.garbage', lat: place.lat }, 400, /^long:/)
  await refused('xml', { api_key: key, service_code: 'sanitation.garbage', address_string: '火星基地' }, 400, /address_string/)
  await refused('json', { api_key: key, service_code: 'sanitation.garbage', lat: '1e3', long: '103.7' }, 400, /^lat/)
  await refused('json', { api_key: key, service_code: 'sanitation.garbage', ...place, phone: 'call me' }, 400, /^phone/)
  await refused('json', { api_key: key, service_code: 'sanitation.garbage', ...place, nickname: 'x' }, 400, /nickname/)
  const polluted = await h.anonymous.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `api_key=${key}&service_code=sanitation.garbage&lat=36.117308&long=103.729711&__proto__=a&__proto__=b`,
  })
  assert.equal(polluted.statusCode, 400, polluted.body)
  assert.match(JSON.parse(polluted.body)[0].description, /__proto__/)
  assert.equal(await count(), before)
})
