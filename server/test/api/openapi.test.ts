/**
 * The OpenAPI document (`/api/docs/json`) describes every answer: each JSON operation declares the
 * schema of its success, each file or stream its media type, and every operation the error
 * shape. A route added without one fails here.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
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
