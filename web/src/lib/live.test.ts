import assert from 'node:assert/strict'
import { test } from 'node:test'

/** The browser's EventSource as far as the stream uses it, driven by the test. */
class FakeEventSource {
  static CLOSED = 2
  static opened: FakeEventSource[] = []
  readyState = 0
  closed = false
  onopen: (() => void) | null = null
  onerror: (() => void) | null = null
  private handlers = new Map<string, (m: { data: string; lastEventId?: string }) => void>()
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this)
  }
  addEventListener(kind: string, handler: (m: { data: string; lastEventId?: string }) => void) {
    this.handlers.set(kind, handler)
  }
  close() {
    this.closed = true
  }
  send(kind: string, data: string, lastEventId?: string) {
    this.handlers.get(kind)?.({ data, lastEventId })
  }
}
;(globalThis as { EventSource?: unknown }).EventSource = FakeEventSource
const { isLive, listen, streamUrl, watchLive } = await import('./live.ts')

const change = { eventId: 1, number: 'LZ20261201-000001', action: 'route', currentUnitId: 5 }

test('components listening to one URL share one EventSource, closed after the last leaves', () => {
  FakeEventSource.opened = []
  const heard: string[][] = [[], []]
  const stopA = listen('/api/v1/stream', (kind, data) => heard[0].push(`${kind}:${JSON.stringify(data)}`))
  const stopB = listen('/api/v1/stream', (kind) => heard[1].push(kind))
  const other = listen('/api/v1/stream?scope=620105', () => {})
  assert.deepEqual(
    FakeEventSource.opened.map((s) => s.url),
    ['/api/v1/stream', '/api/v1/stream?scope=620105'],
  )
  const [source] = FakeEventSource.opened
  source.send('change', JSON.stringify(change))
  source.send('resync', '{}')
  assert.deepEqual(heard, [
    [`change:${JSON.stringify(change)}`, 'resync:{}'],
    ['change', 'resync'],
  ])
  stopA()
  assert.equal(source.closed, false, 'one listener is left')
  stopB()
  assert.equal(source.closed, true)
  other()
})

test('a change a reconnected stream sends again is heard once; one never heard is heard, whatever its id', () => {
  FakeEventSource.opened = []
  const heard: number[] = []
  const stop = listen('/api/v1/stream', (kind, data) => {
    if (kind === 'change') heard.push((data as typeof change).eventId)
  })
  const [source] = FakeEventSource.opened
  for (const id of [5, 6, 7]) source.send('change', JSON.stringify({ ...change, eventId: id }), String(id))
  // the browser reconnected with Last-Event-ID 7; the server replays from before it, with 4 that
  // committed late among the ones this page has heard
  for (const id of [4, 5, 6, 7, 8]) source.send('change', JSON.stringify({ ...change, eventId: id }), String(id))
  assert.deepEqual(heard, [5, 6, 7, 4, 8])
  stop()
})

test('a message that cannot be read is a resync', () => {
  FakeEventSource.opened = []
  const heard: string[] = []
  const stop = listen('/api/v1/stream', (kind) => heard.push(kind))
  FakeEventSource.opened[0].send('change', '{not json')
  assert.deepEqual(heard, ['resync'])
  stop()
})

test("a listener names the staff stream unless it says another path (a resident's own)", () => {
  assert.equal(streamUrl({}), '/api/v1/stream')
  assert.equal(streamUrl({ scope: '620105' }), '/api/v1/stream?scope=620105')
  assert.equal(streamUrl({ path: '/api/v1/me/stream' }), '/api/v1/me/stream')
  assert.equal(streamUrl({ view: 'workbench' }), '/api/v1/stream?view=workbench')
  assert.equal(streamUrl({ view: 'workbench', tab: 'all' }), '/api/v1/stream?view=workbench&tab=all')
  FakeEventSource.opened = []
  const stops = [streamUrl({}), streamUrl({ path: '/api/v1/me/stream' }), streamUrl({})].map((url) => listen(url, () => {}))
  assert.deepEqual(
    FakeEventSource.opened.map((s) => s.url),
    ['/api/v1/stream', '/api/v1/me/stream'],
  )
  for (const stop of stops) stop()
})

test('connected while open; when the browser gives up, it opens again after a pause and says resync once connected', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] })
  FakeEventSource.opened = []
  const heard: string[] = []
  let notified = 0
  const stop = listen('/api/v1/stream', (kind) => heard.push(kind))
  const unwatch = watchLive('/api/v1/stream', () => notified++)
  const [first] = FakeEventSource.opened
  first.onopen?.()
  assert.equal(isLive('/api/v1/stream'), true)
  // a dropped connection the browser retries by itself (with Last-Event-ID): nothing to do here
  first.onerror?.()
  assert.equal(isLive('/api/v1/stream'), false)
  assert.equal(FakeEventSource.opened.length, 1)
  first.onopen?.()
  // refused for good (readyState CLOSED): reopened after a second, and everything is stale
  first.readyState = FakeEventSource.CLOSED
  first.onerror?.()
  t.mock.timers.tick(999)
  assert.equal(FakeEventSource.opened.length, 1)
  t.mock.timers.tick(1)
  assert.equal(FakeEventSource.opened.length, 2)
  // not yet: a refetch now could miss a change made before the new connection (no Last-Event-ID)
  assert.deepEqual(heard, [])
  const second = FakeEventSource.opened[1]
  second.onopen?.()
  assert.deepEqual(heard, ['resync'])
  assert.equal(isLive('/api/v1/stream'), true)
  // the browser's own reconnect of the new source replays from Last-Event-ID: no second resync
  second.onerror?.()
  second.onopen?.()
  assert.deepEqual(heard, ['resync'])
  assert.equal(notified, 7, 'live, not, live, not, live, not, live')
  unwatch()
  stop()
  assert.equal(FakeEventSource.opened[1].closed, true)
})
