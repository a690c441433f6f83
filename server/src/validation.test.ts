import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Type as T } from '@sinclair/typebox'
import { BigintIdParams } from '@xiaolan/contracts'
import { compileValidator, hostileValue, isRealDate, isRealInstant } from './validation.ts'

test('a date is a day of the calendar within 2000–2100', () => {
  for (const ok of ['2024-02-29', '2000-01-01', '2100-12-31', '2026-11-30']) assert.ok(isRealDate(ok), ok)
  for (const bad of ['2024-13-45', '2023-02-29', '2024-04-31', '0000-01-01', '1999-12-31', '2101-01-01', '2024-1-1', '2024-01-01x'])
    assert.ok(!isRealDate(bad), bad)
})

test('an instant has a real date, a real time and a zone', () => {
  for (const ok of ['2026-11-30T02:00:00Z', '2026-11-30T10:00:00.123+08:00', '2024-02-29T23:59:59-05:30']) assert.ok(isRealInstant(ok), ok)
  for (const bad of [
    '0000-01-01T00:00:00Z',
    '2024-13-45T00:00:00Z',
    '2026-11-30T24:00:00Z',
    '2026-11-30T10:60:00Z',
    '2026-11-30T10:00:00',
    '2026-11-30T10:00:00+25:00',
    '9999-12-31T23:59:59Z',
  ])
    assert.ok(!isRealInstant(bad), bad)
})

test('NUL, unpaired surrogates and deep nesting are found wherever they are', () => {
  assert.equal(hostileValue({ a: ['ok', { b: '好的 🙂' }] }), null)
  assert.deepEqual(hostileValue({ a: ['ok', { b: 'x\u0000' }] })?.path, '/a/1/b')
  assert.deepEqual(hostileValue({ note: 'a\uD800b' })?.path, '/note')
  assert.deepEqual(hostileValue({ note: '\uDC00' })?.path, '/note')
  assert.ok(hostileValue({ 'k\u0000': 1 }))
  let deep: unknown = 'x'
  for (let i = 0; i < 10_000; i++) deep = [deep]
  assert.match(hostileValue(deep)?.message ?? '', /nested too deeply/)
})

test('path and query numbers are taken only as canonical decimals', () => {
  const validate = compileValidator({ schema: BigintIdParams, method: 'GET', url: '/x/:id', httpPart: 'params' })
  assert.deepEqual(validate({ id: '42' }), { value: { id: 42 } })
  for (const bad of [' 1', '1 ', '1e3', '0x10', '01', '+1', '1.0', 'Infinity', 'NaN', '-0', '9007199254740992', '99999999999999999999']) {
    const result = validate({ id: bad }) as { error?: Error }
    assert.ok(result.error, `${JSON.stringify(bad)} is refused`)
  }
  const query = compileValidator({
    schema: T.Object({ limit: T.Optional(T.Integer({ minimum: 1, maximum: 100 })), geometry: T.Optional(T.Boolean()) }),
    method: 'GET',
    url: '/x',
    httpPart: 'querystring',
  })
  assert.deepEqual(query({ limit: '10', geometry: 'true' }), { value: { limit: 10, geometry: true } })
  assert.ok((query({ geometry: '1' }) as { error?: Error }).error)
  assert.ok((query({ limit: ['1', '2'] }) as { error?: Error }).error)
})

test('bodies are not coerced and numbers are finite', () => {
  const validate = compileValidator({
    schema: T.Object({ version: T.Integer({ minimum: 1, maximum: 100 }), x: T.Optional(T.Number({ maximum: 1e9 })) }),
    method: 'POST',
    url: '/x',
    httpPart: 'body',
  })
  assert.ok((validate({ version: '1' }) as { error?: Error }).error)
  assert.ok((validate({ version: 1, x: Number.POSITIVE_INFINITY }) as { error?: Error }).error)
  assert.ok((validate({ version: 1, x: Number.NaN }) as { error?: Error }).error)
  assert.deepEqual(validate({ version: 1 }), { value: { version: 1 } })
})

test('an integer without a maximum does not compile', () => {
  assert.throws(
    () => compileValidator({ schema: T.Object({ n: T.Integer({ minimum: 1 }) }), method: 'POST', url: '/x', httpPart: 'body' }),
    /has no maximum/,
  )
  assert.throws(
    () => compileValidator({ schema: T.Object({ ids: T.Array(T.Integer()) }), method: 'POST', url: '/x', httpPart: 'body' }),
    /"\/ids\/\*" has no maximum/,
  )
})
