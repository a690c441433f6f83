/**
 * The live stream of the server's server-sent events, shared: one EventSource per URL however many
 * components listen, closed when the last one leaves. The browser reconnects by itself and sends
 * the last `id:` it saw as Last-Event-ID, so the server replays what was missed (or says `resync`);
 * when the browser gives up (the stream answered an error), it is opened again with a backoff and,
 * once the new connection is open, every listener is told to resync: the new EventSource carries no
 * Last-Event-ID, so what happened meanwhile is unknown, and a refetch before the connection could
 * miss a change made between the refetch and the connect.
 *
 * Messages are typed by their SSE event name (`LiveMessages`); a listener hears each kind and keeps
 * what it wants (`useLiveChanges`' filter: a workbench tab, a resident's own events); a later kind
 * (notices) is one more entry there, a later stream one more row of `Streams` (routes.ts).
 */
import { useQueryClient } from '@tanstack/react-query'
import type { CallMessage, ChangeMessage, NoticeMessage } from '@xiaolan/contracts'
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react'
import { qs } from './api.ts'
import { invalidate } from './queries.ts'
import type { Operation, Streams } from './routes.ts'

type StreamPath = keyof Streams extends `GET ${infer P}` ? P : never

/** The data of each kind of message, by its SSE event name. */
export interface LiveMessages {
  change: ChangeMessage
  /** the server cannot replay what was missed: reload everything */
  resync: Record<string, never>
  /** a fresh stream is open (it carries what changes from now on) */
  ready: Record<string, never>
  /** 研判预警: an alert of the stream's area or unit was raised or changed */
  alert: { id: number; kind: string; state: string }
  /** the listener has new notices (a resident's own stream, a staff user's personal one) */
  notice: NoticeMessage
  /** a call rang at or was answered by this operator's desk (the personal stream) */
  call: CallMessage
}
type Kind = keyof LiveMessages
export type Listener = <K extends Kind>(kind: K, data: LiveMessages[K]) => void

const KINDS: Kind[] = ['change', 'resync', 'ready', 'alert', 'notice', 'call']
const RETRY_MS = [1000, 3000, 10_000, 30_000]
/** How many change ids a stream remembers: well beyond what a replay sends again (REPLAY_OVERLAP). */
const HEARD_KEPT = 2000

class Stream {
  private source: EventSource | null = null
  private retries = 0
  /** opened again after the browser gave up: the next open starts from nothing known */
  private reopened = false
  private timer: ReturnType<typeof setTimeout> | undefined
  readonly listeners = new Set<Listener>()
  readonly statusListeners = new Set<() => void>()
  /** the ids of the changes heard, oldest first (`firstHearing`) */
  private readonly heard = new Set<string>()
  live = false

  constructor(private readonly url: string) {}

  open() {
    if (typeof EventSource === 'undefined') return
    const source = new EventSource(this.url)
    this.source = source
    for (const kind of KINDS) {
      source.addEventListener(kind, (m) => {
        if (kind === 'change' && !this.firstHearing((m as MessageEvent<string>).lastEventId)) return
        let data: LiveMessages[typeof kind]
        try {
          data = JSON.parse((m as MessageEvent<string>).data)
        } catch {
          return this.emit('resync', {})
        }
        this.emit(kind, data)
      })
    }
    source.onopen = () => {
      this.retries = 0
      this.setLive(true)
      if (!this.reopened) return
      this.reopened = false
      this.emit('resync', {})
    }
    source.onerror = () => {
      this.setLive(false)
      if (source.readyState !== EventSource.CLOSED) return // the browser retries with Last-Event-ID
      this.source = null
      this.timer = setTimeout(
        () => {
          this.timer = undefined
          this.reopened = true
          this.open()
        },
        RETRY_MS[Math.min(this.retries++, RETRY_MS.length - 1)],
      )
    }
  }

  close() {
    if (this.timer) clearTimeout(this.timer)
    this.source?.close()
    this.source = null
    this.setLive(false)
  }

  /**
   * Whether a change with this id is new to this page. A reconnecting stream replays from a little
   * before the last id it had (changes whose id was taken earlier but committed later), so it sends
   * again some the page has heard — and a listener would announce them again (the workbench's 新事件).
   * Ids are remembered, not only the highest: a replayed lower id may be one never heard.
   */
  private firstHearing(id: string | undefined): boolean {
    if (!id) return true
    if (this.heard.has(id)) return false
    this.heard.add(id)
    if (this.heard.size > HEARD_KEPT) this.heard.delete(this.heard.values().next().value as string)
    return true
  }

  private emit<K extends Kind>(kind: K, data: LiveMessages[K]) {
    for (const listener of this.listeners) listener(kind, data)
  }

  private setLive(live: boolean) {
    if (this.live === live) return
    this.live = live
    for (const l of this.statusListeners) l()
  }
}

const streams = new Map<string, Stream>()

function join(url: string): Stream {
  let stream = streams.get(url)
  if (!stream) {
    stream = new Stream(url)
    streams.set(url, stream)
    stream.open()
  }
  return stream
}

function leave(url: string, stream: Stream) {
  if (stream.listeners.size || stream.statusListeners.size) return
  stream.close()
  streams.delete(url)
}

/** Listens to the stream at `url`: opened by its first listener, closed after its last. */
export function listen(url: string, listener: Listener): () => void {
  const stream = join(url)
  stream.listeners.add(listener)
  return () => {
    stream.listeners.delete(listener)
    leave(url, stream)
  }
}

/** Whether the stream at `url` is connected, and how to hear when that changes (keeps it open too). */
export const isLive = (url: string) => streams.get(url)?.live ?? false
export function watchLive(url: string, notify: () => void): () => void {
  const stream = join(url)
  stream.statusListeners.add(notify)
  return () => {
    stream.statusListeners.delete(notify)
    leave(url, stream)
  }
}

/** What an event's change can alter: every read of events and the figures built from them. */
export const EVENT_READS: Operation[] = ['GET /events', 'GET /events/:id', 'GET /events/inbox', 'GET /dashboard', 'GET /patrols']

/** What a change of a resident's own event can alter: their list (我的) and the event's page. */
export const OWN_EVENT_READS: Operation[] = ['GET /events', 'GET /events/:id']

/** The staff change stream, the one `useLiveChanges` listens to unless told another. */
export const STAFF_STREAM = `/api/v1${'/stream' satisfies StreamPath}`
/** A resident's stream: the changes of their own events only (我的, their event page), and their notices. */
export const RESIDENT_STREAM = `/api/v1${'/resident/stream' satisfies StreamPath}`
/** A staff user's personal stream: their unit's notices and the calls at their desk, no changes. */
export const PERSONAL_STREAM = `${STAFF_STREAM}?view=me`

export interface LiveOptions {
  /** the stream's path (STAFF_STREAM unless said otherwise: a resident's own stream is another) */
  path?: string
  /** a unit of the caller's subtree (the screen's scope); the caller's own area when absent */
  scope?: string
  /**
   * `workbench`: only the changes that touch the caller's unit's workbench tabs, each naming which
   * (`tabs`, `counts`), so the listener refetches just those (pass `invalidates: []`)
   */
  view?: 'workbench' | 'me'
  /** with `view`: `all` while 全部 is shown, so the changes in the unit's data scope come too */
  tab?: 'all'
  /** which changes this listener cares about; all of them when absent */
  filter?: (change: ChangeMessage) => boolean
  /** called at most once per `coalesceMs` with the changes since the last call; `resync`: refresh everything */
  onChanges?: (changes: ChangeMessage[], resync: boolean) => void
  /** the reads to refetch after changes (EVENT_READS unless said otherwise) */
  invalidates?: Operation[]
  coalesceMs?: number
}

/** The URL a listener's options name: one EventSource each, shared by every listener naming it. */
export const streamUrl = ({ path = STAFF_STREAM, scope, view, tab }: Pick<LiveOptions, 'path' | 'scope' | 'view' | 'tab'>) =>
  `${path}${qs({ scope, view, tab })}`

/** Listens to a change stream (the staff's unless `path` says another); returns whether it is connected. */
export function useLiveChanges(options: LiveOptions = {}): boolean {
  const { coalesceMs = 400 } = options
  const url = streamUrl(options)
  const queryClient = useQueryClient()
  const latest = useRef(options)
  latest.current = options
  const listened = useRef(false)

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let pending: ChangeMessage[] = []
    let resync = false
    // a listener that moves to another stream (the workbench into or out of 全部) heard nothing
    // between the old stream's close and the new one's start: it refreshes everything once then
    let moved = listened.current
    listened.current = true
    const flush = () => {
      timer = undefined
      const { onChanges, invalidates = EVENT_READS } = latest.current
      const changes = pending
      const all = resync
      pending = []
      resync = false
      invalidate(queryClient, invalidates)
      onChanges?.(changes, all)
    }
    const listener: Listener = (kind, data) => {
      if (kind === 'change') {
        const change = data as ChangeMessage
        if (latest.current.filter && !latest.current.filter(change)) return
        pending.push(change)
      } else if (kind === 'resync' || (kind === 'ready' && moved)) {
        moved = false
        resync = true
      } else return
      timer ??= setTimeout(flush, coalesceMs)
    }
    const stop = listen(url, listener)
    return () => {
      if (timer) clearTimeout(timer)
      stop()
    }
  }, [url, coalesceMs, queryClient])

  const subscribe = useCallback((notify: () => void) => watchLive(url, notify), [url])
  return useSyncExternalStore(subscribe, () => isLive(url))
}

/** What an alert's raise or change can alter: the alert lists and the one open. */
export const ALERT_READS: Operation[] = ['GET /alerts', 'GET /alerts/:id']

/**
 * 研判预警: refetches the alert reads when the stream at these options says an alert was raised or
 * changed (or must resync); the stream is the one the page already holds for its changes.
 */
export function useLiveAlerts(options: Pick<LiveOptions, 'path' | 'scope' | 'view' | 'tab'> = {}) {
  const url = streamUrl(options)
  const queryClient = useQueryClient()
  useEffect(() => {
    const listener: Listener = (kind) => {
      if (kind === 'alert' || kind === 'resync') invalidate(queryClient, ALERT_READS)
    }
    return listen(url, listener)
  }, [url, queryClient])
}

/** What a new notice can alter: the bell's list and count. */
export const NOTICE_READS: Operation[] = ['GET /notices']

/** Refetches the notices when the stream at `url` says there are new ones (or must resync). */
export function useLiveNotices(url: string) {
  const queryClient = useQueryClient()
  useEffect(() => {
    const listener: Listener = (kind) => {
      if (kind === 'notice' || kind === 'resync' || kind === 'ready') invalidate(queryClient, NOTICE_READS)
    }
    return listen(url, listener)
  }, [url, queryClient])
}

/** 来电弹屏: calls `onCall` when a call rings at or is answered by this desk, and on a (re)connect, when one may have been missed. */
export function useLiveCalls(onCall: (call: CallMessage | null) => void) {
  const latest = useRef(onCall)
  latest.current = onCall
  useEffect(() => {
    const listener: Listener = (kind, data) => {
      if (kind === 'call') latest.current(data as CallMessage)
      else if (kind === 'resync' || kind === 'ready') latest.current(null)
    }
    return listen(PERSONAL_STREAM, listener)
  }, [])
}
