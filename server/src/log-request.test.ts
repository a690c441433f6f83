import assert from 'node:assert/strict'
import { test } from 'node:test'
import { logRequest, redactQuery } from './log-request.ts'

test('a logged URL keeps its path and parameter names but none of their values', () => {
  assert.equal(redactQuery('/api/v1/events?box=todo&text=%E5%B7%B2%E8%81%94%E7%B3%BB13800000001'), '/api/v1/events?box=…&text=…')
  assert.equal(redactQuery('/api/v1/events'), '/api/v1/events')
  assert.equal(redactQuery('/api/v1/admin/users?q=张三&&flag'), '/api/v1/admin/users?q=…&flag=…')
  assert.equal(redactQuery('/x?%E0%A4%A=1'), '/x??=…')
})

test('the request serializer logs no query value, whatever the parameter is called', () => {
  const logged = logRequest({
    method: 'GET',
    url: '/api/v1/events?text=13800000001&phone=13900000002',
    host: 'xiaolan.test',
    ip: '10.0.0.9',
    headers: {},
    socket: { remotePort: 5555 },
  })
  assert.doesNotMatch(JSON.stringify(logged), /1380000|1390000/)
  assert.deepEqual(logged, {
    method: 'GET',
    url: '/api/v1/events?text=…&phone=…',
    version: undefined,
    host: 'xiaolan.test',
    remoteAddress: '10.0.0.9',
    remotePort: 5555,
  })
})
