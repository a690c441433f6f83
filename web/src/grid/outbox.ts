/**
 * The grid app's outbox: what a worker submitted while the network was gone, kept in the page's
 * IndexedDB and sent when it returns (the `online` event, and a retry every few seconds while
 * something waits). Each entry carries the client-made idempotency key its request already holds,
 * so a resend after a lost answer never makes a second record on the server. One flush runs at a
 * time; an entry leaves the outbox when the server answered it (done, or refused for good).
 */
import { useEffect, useSyncExternalStore } from 'react'
import { ApiError, type Args, call } from '../lib/api.ts'
import { invalidate, queryClient } from '../lib/queries.ts'
import type { Operation } from '../lib/routes.ts'

/** Operations the outbox may hold: each one's body carries `idempotencyKey`. */
type Queued = 'POST /sweeps/:id/targets/:targetId/check' | 'POST /patrols'

type EntryOf<K extends Queued> = {
  /** The request's idempotency key, also the entry's key. */
  key: string
  operation: K
  input: Args<K>[0]
  /** What the list shows: the target, the check-in. */
  label: string
  queuedAt: number
  /** Refused by the server for good (the reason), kept until the worker dismisses it. */
  refused?: string
}
export type OutboxEntry = { [K in Queued]: EntryOf<K> }[Queued]
type NewEntry = { [K in Queued]: Omit<EntryOf<K>, 'queuedAt'> }[Queued]
const send = call as (operation: Queued, input: unknown) => Promise<unknown>

const DB = 'xiaolan-grid'
const STORE = 'outbox'
const RETRY_MS = 5000
/** Queries the outbox's operations change. */
const INVALIDATES: Record<Queued, readonly Operation[]> = {
  'POST /sweeps/:id/targets/:targetId/check': ['GET /sweeps'],
  'POST /patrols': ['GET /patrols'],
}

let entries: OutboxEntry[] = []
const listeners = new Set<() => void>()
let loaded: Promise<void> | null = null
let flushing: Promise<void> | null = null

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' })
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

async function store<T>(mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open()
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode)
      const req = act(tx.objectStore(STORE))
      tx.oncomplete = () => resolve(req.result)
      tx.onerror = () => reject(tx.error)
    })
  } finally {
    db.close()
  }
}

function publish(next: OutboxEntry[]) {
  entries = next.sort((a, b) => a.queuedAt - b.queuedAt)
  for (const l of listeners) l()
}

function load(): Promise<void> {
  loaded ??= store<OutboxEntry[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxEntry[]>).then(publish, () => publish([]))
  return loaded
}

/** Keeps a request to send later. */
export async function enqueue(entry: NewEntry): Promise<void> {
  await load()
  const full = { ...entry, queuedAt: Date.now() } as OutboxEntry
  await store('readwrite', (s) => s.put(full))
  publish([...entries.filter((e) => e.key !== entry.key), full])
}

export async function dismiss(key: string): Promise<void> {
  await store('readwrite', (s) => s.delete(key))
  publish(entries.filter((e) => e.key !== key))
}

/** A network failure or a server that could not answer: worth another try. */
export const isTransient = (e: unknown) =>
  !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 408 || e.status === 429

/** Sends what waits, oldest first; a second call while one runs waits for it. */
export function flush(): Promise<void> {
  flushing ??= (async () => {
    await load()
    for (const entry of entries.filter((e) => !e.refused)) {
      try {
        await send(entry.operation, entry.input)
        await dismiss(entry.key)
        invalidate(queryClient, INVALIDATES[entry.operation])
      } catch (e) {
        if (isTransient(e)) return // still offline: the rest waits too
        const refused = { ...entry, refused: e instanceof Error ? e.message : String(e) } as OutboxEntry
        await store('readwrite', (s) => s.put(refused))
        publish(entries.map((x) => (x.key === entry.key ? refused : x)))
      }
    }
  })().finally(() => {
    flushing = null
  })
  return flushing
}

const subscribe = (l: () => void) => {
  listeners.add(l)
  return () => listeners.delete(l)
}

/** The outbox's entries, as they change. */
export function useOutboxEntries(): OutboxEntry[] {
  useEffect(() => void load(), [])
  return useSyncExternalStore(subscribe, () => entries)
}

/** The entries; while mounted (once, in the grid app), sends them when the network returns and retries while any wait. */
export function useOutbox(): OutboxEntry[] {
  const list = useOutboxEntries()
  const waiting = list.some((e) => !e.refused)
  useEffect(() => {
    void load().then(flush)
    const online = () => void flush()
    window.addEventListener('online', online)
    return () => window.removeEventListener('online', online)
  }, [])
  useEffect(() => {
    if (!waiting) return
    const timer = window.setInterval(() => void flush(), RETRY_MS)
    return () => window.clearInterval(timer)
  }, [waiting])
  return list
}
