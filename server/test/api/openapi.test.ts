/**
 * The OpenAPI document (`/api/docs/json`) describes every answer: each JSON operation declares the
 * schema of its success, each file or stream its media type, and every operation the error
 * shape. A route added without one fails here.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Type as T } from '@sinclair/typebox'
import { replies, Shape } from '@xiaolan/contracts'
import { build } from '../helper.ts'

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: { type?: string; properties?: object; anyOf?: unknown[] } }> }>
}
type Document = { paths: Record<string, Record<string, Operation>> }

const JSON_TYPE = 'application/json'

test('every API operation declares its success answer and the error shape', async (t) => {
  const h = await build(t)
  const res = await h.anonymous.get('/api/docs/json')
  assert.equal(res.status, 200)
  const doc = res.body as Document
  const missing: string[] = []
  let json = 0
  let streams = 0
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue
    for (const [method, op] of Object.entries(methods)) {
      const name = `${method.toUpperCase()} ${path}`
      const responses = op.responses ?? {}
      const success = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status))
      if (success.length === 0) missing.push(`${name}: no 2xx answer`)
      for (const [status, answer] of success) {
        const media = Object.entries(answer.content ?? {})
        if (media.length === 0) missing.push(`${name}: ${status} without a content type`)
        for (const [type, { schema }] of media) {
          if (type === JSON_TYPE) {
            json++
            // an object, an array or a union of shapes: not the "anything" of a route without a schema
            if (!schema?.type && !schema?.anyOf) missing.push(`${name}: ${status} JSON without a schema`)
          } else streams++
        }
      }
      const error = responses['4XX']?.content?.[JSON_TYPE]?.schema
      if (!error?.properties || !('error' in error.properties)) missing.push(`${name}: no 4xx error shape`)
    }
  }
  assert.deepEqual(missing, [])
  t.diagnostic(`${json} JSON answers and ${streams} streamed media types declared`)
  assert.ok(json > 40, `only ${json} JSON answers found`)
})

/** Every property name a schema (and the schemas inside it) may describe. */
function propertyNames(schema: unknown, names = new Set<string>()): Set<string> {
  if (schema && typeof schema === 'object') {
    const properties = (schema as { properties?: Record<string, unknown> }).properties
    for (const name of Object.keys(properties ?? {})) names.add(name)
    for (const inner of Object.values(schema)) propertyNames(inner, names)
  }
  return names
}

test('no public answer can carry a person: the schemas of /public, /track and Open311 name no reporter, phone or ID number', async (t) => {
  const h = await build(t)
  const doc = (await h.anonymous.get('/api/docs/json')).body as Document
  // Open311's discovery names the city's `contact` (the 12345 line), which is no person
  const publicPaths = Object.keys(doc.paths).filter(
    (p) => p.startsWith('/api/v1/public/') || p.startsWith('/api/v1/track/') || (p.startsWith('/open311/v2/') && !p.includes('/discovery')),
  )
  assert.ok(publicPaths.length >= 3, publicPaths.join(', '))
  for (const path of publicPaths) {
    const names = [...propertyNames(Object.values(doc.paths[path] ?? {}).map((op) => op.responses))]
    assert.deepEqual(
      names.filter((n) => /reporter|phone|idNumber|contact|resident|email|first_name|last_name/i.test(n)),
      [],
      path,
    )
  }
})

test('a field the schema does not list is never sent: a staff member’s own unit id stays on the server', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator1')
  assert.equal(operator.me.kind, 'staff')
  assert.ok(operator.me.unit.id > 0)
  assert.deepEqual(Object.keys(operator.me).sort(), ['csrfToken', 'displayName', 'id', 'kind', 'role', 'unit', 'username'])
})

test('in the tests an answer that drifts from its schema fails the request instead of going out coerced', async (t) => {
  const h = await build(t)
  const Answer = Shape({ title: T.String(), count: T.Integer() })
  h.app.get('/api/v1/drift-canary/:kind', { schema: { response: replies({ 200: Answer }) } }, async (request) => {
    const kind = (request.params as { kind: string }).kind
    // null where the schema says string would go out as "", digits where it says integer as a number
    if (kind === 'null') return { title: null, count: 1 }
    if (kind === 'digits') return { title: 'a', count: '1' }
    return { title: 'a', count: 1, internal: 'dropped' }
  })
  assert.equal((await h.anonymous.get('/api/v1/drift-canary/null')).status, 500)
  assert.equal((await h.anonymous.get('/api/v1/drift-canary/digits')).status, 500)
  const fine = await h.anonymous.get('/api/v1/drift-canary/extra')
  assert.equal(fine.status, 200)
  assert.deepEqual(fine.body, { title: 'a', count: 1 })
})
