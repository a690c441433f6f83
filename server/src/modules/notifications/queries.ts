/** The notifications module's SQL: the only place that names `webhook_subscriptions`, `outbox` and `outbox_attempts`. */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'

// ---- subscriptions ----------------------------------------------------------------------------

const SUBSCRIPTION = ['id', 'client_id', 'url', 'enabled', 'created_at'] as const

export type SubscriptionRow = Awaited<ReturnType<typeof subscriptionsOf>>[number]

/** A client's subscriptions, newest first (a partner has a few; no paging). */
export function subscriptionsOf(db: Kysely<DB>, clientId: number) {
  return db.selectFrom('webhook_subscriptions').select(SUBSCRIPTION).where('client_id', '=', clientId).orderBy('id', 'desc').execute()
}

export function subscriptionRow(db: Kysely<DB>, id: number) {
  return db.selectFrom('webhook_subscriptions').select(SUBSCRIPTION).where('id', '=', id).executeTakeFirst()
}

export function insertSubscription(db: Kysely<DB>, values: { client_id: number; url: string; secret: string; created_by: number }) {
  return db.insertInto('webhook_subscriptions').values(values).returning(SUBSCRIPTION).executeTakeFirstOrThrow()
}

export function setSubscriptionEnabled(db: Kysely<DB>, id: number, enabled: boolean) {
  return db.updateTable('webhook_subscriptions').set({ enabled }).where('id', '=', id).returning(SUBSCRIPTION).executeTakeFirst()
}

// ---- writing the outbox -----------------------------------------------------------------------

/** One change a partner hears of: its client, event and message (without the id, which is the row's). */
export interface WebhookMessage {
  clientId: number
  eventId: number
  payload: Record<string, unknown>
}

/**
 * One outbox row per message × enabled subscription of its client, in one statement, in the
 * messages' order (the ids follow it, and the worker delivers a subscription's rows in id order).
 */
export async function enqueueWebhooks(tx: Transaction<DB>, messages: readonly WebhookMessage[], at: Date) {
  const rows = messages.map((m, ord) => ({ ord, client_id: m.clientId, event_id: m.eventId, payload: m.payload }))
  await sql`
    insert into outbox (kind, subscription_id, event_id, payload, next_attempt_at, created_at)
    select 'webhook', s.id, m.event_id, m.payload, ${at}, ${at}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as m(ord int, client_id int, event_id int, payload jsonb)
    join webhook_subscriptions s on s.client_id = m.client_id and s.enabled
    order by m.ord, s.id
  `.execute(tx)
}

/** One text message to a phone (a mediation party's summons or agreement), about an event. */
export interface SmsMessage {
  to: string
  text: string
  eventId: number
}

/**
 * SMS rows of the outbox, written in the caller's transaction at `at`, to go at `sendAt` (after the
 * quiet hours: sms.ts `smsSendAt`); the worker's `sendSms` sends them.
 */
export async function enqueueSms(tx: Transaction<DB>, messages: readonly SmsMessage[], at: Date, sendAt: Date) {
  if (!messages.length) return
  await tx
    .insertInto('outbox')
    .values(
      messages.map((m) => ({
        kind: 'sms',
        event_id: m.eventId,
        payload: JSON.stringify({ to: m.to, text: m.text }),
        next_attempt_at: sendAt,
        created_at: at,
      })),
    )
    .execute()
}

/** A caller's new link and the intake SMS that carries it. */
export interface CallerLinkSms {
  eventId: number
  phone: string
  hash: string
  link: string
  text: string
}

/**
 * The links of a transaction's intakes and their SMS, in one statement (a group commit's intakes
 * together): the SMS payload keeps the link, which a resolution's SMS repeats.
 */
export async function enqueueCallerLinks(tx: Transaction<DB>, links: readonly CallerLinkSms[], at: Date, sendAt: Date) {
  const rows = links.map((l) => ({ event_id: l.eventId, phone: l.phone, hash: l.hash, link: l.link, text: l.text }))
  await sql`
    with l as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as l(event_id int, phone text, hash text, link text, text text)
    ), linked as (
      insert into evaluation_links (event_id, token_hash, phone, created_at)
      select event_id, hash, phone, ${at} from l
    )
    insert into outbox (kind, event_id, payload, next_attempt_at, created_at)
    select 'sms', event_id, jsonb_build_object('to', phone, 'text', text, 'template', 'intake', 'link', link), ${sendAt}, ${at}
    from l order by event_id
  `.execute(tx)
}

/** The resolution SMS: each event's intake link again, `{link}` of its template filled in from the intake SMS. */
export async function repeatCallerLinks(
  tx: Transaction<DB>,
  events: ReadonlyArray<{ eventId: number; template: string }>,
  at: Date,
  sendAt: Date,
) {
  const rows = events.map((e) => ({ event_id: e.eventId, template: e.template }))
  await sql`
    insert into outbox (kind, event_id, payload, next_attempt_at, created_at)
    select 'sms', o.event_id,
      jsonb_build_object('to', o.payload->'to', 'text', replace(r.template, '{link}', o.payload->>'link'),
        'template', 'resolved', 'link', o.payload->'link'),
      ${sendAt}, ${at}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(event_id int, template text)
    join outbox o on o.event_id = r.event_id and o.kind = 'sms' and o.payload->>'template' = 'intake'
    order by o.event_id
  `.execute(tx)
}

/** The link a token's hash names: its event and the phone it was sent to. */
export function linkByHash(db: Kysely<DB>, hash: string) {
  return db.selectFrom('evaluation_links').select(['id', 'event_id', 'phone']).where('token_hash', '=', hash).executeTakeFirst()
}

/**
 * The demo SMS gateway: takes the due SMS rows (skipping those another instance takes) and records
 * each as delivered with one attempt; the text is logged by the caller. A real gateway would go here.
 */
export async function takeDueSms(
  db: Kysely<DB>,
  now: Date,
  limit: number,
): Promise<Array<{ id: number; payload: Record<string, unknown> }>> {
  const { rows } = await sql<{ id: number; payload: Record<string, unknown> | string }>`
    with due as (
      select id from outbox where kind = 'sms' and state = 'pending' and next_attempt_at <= ${now}
      order by id limit ${limit} for update skip locked
    ), sent as (
      update outbox o set state = 'delivered', attempts = o.attempts + 1, delivered_at = ${now}
      from due where o.id = due.id returning o.id, o.payload
    ), logged as (
      insert into outbox_attempts (outbox_id, at, status, error, duration_ms) select id, ${now}, null, null, 0 from sent
    )
    select id, payload from sent order by id
  `.execute(db)
  return rows.map((r) => ({ id: r.id, payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload }))
}

/** The SMS of the outbox about an event, oldest first (the admin's outbox, the tests and the case page's 短信记录). */
export function smsAbout(db: Kysely<DB>, eventId: number) {
  return (
    db
      .selectFrom('outbox')
      .select(['id', 'payload', 'state', 'created_at', 'next_attempt_at', 'delivered_at'])
      .where('kind', '=', 'sms')
      // the column is an integer, events.id a bigint: compared as bigint, an id past int4 finds nothing instead of failing
      .where('event_id', '=', sql<number>`${eventId}::bigint`)
      .orderBy('id')
      .execute()
  )
}

// ---- the worker -------------------------------------------------------------------------------

export interface ClaimedRow {
  id: number
  subscription_id: number
  payload: Record<string, unknown>
  attempts: number
  url: string
  secret: string
}

/**
 * Claims up to `limit` due messages: pending ones whose time has come and sending ones whose lease
 * lapsed (their instance died), skipping rows another instance is claiming. They become `sending`
 * under `token` until `leaseUntil`, which is also when they are due again should this claim lapse.
 */
export async function claimDue(db: Kysely<DB>, o: { now: Date; leaseUntil: Date; token: string; limit: number }): Promise<ClaimedRow[]> {
  const { rows } = await sql<ClaimedRow>`
    with due as (
      select id from outbox
      where kind = 'webhook' and state in ('pending', 'sending') and next_attempt_at <= ${o.now}
      order by next_attempt_at, id
      limit ${o.limit}
      for update skip locked
    ), claimed as (
      update outbox o set state = 'sending', lease_until = ${o.leaseUntil}, next_attempt_at = ${o.leaseUntil}, lease_token = ${o.token}
      from due where o.id = due.id
      returning o.id, o.subscription_id, o.payload, o.attempts
    )
    select c.id, c.subscription_id, c.payload, c.attempts, s.url, s.secret
    from claimed c join webhook_subscriptions s on s.id = c.subscription_id
    order by c.id
  `.execute(db)
  return rows.map((r) => ({ ...r, payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload }))
}

/** Moves a claimed row's lease on before its POST; false when the claim is no longer this one's. */
export async function renewLease(db: Kysely<DB>, id: number, token: string, leaseUntil: Date): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ lease_until: leaseUntil, next_attempt_at: leaseUntil })
    .where('id', '=', id)
    .where('state', '=', 'sending')
    .where('lease_token', '=', token)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export interface AttemptRecord {
  at: Date
  status: number | null
  error: string | null
  durationMs: number
}

/**
 * Records one POST and what it leaves the row as, in one transaction: the attempt in the log, and
 * the row delivered, pending again at `next`, dead, or — `released`, its instance stopping — pending
 * again now with the attempt not counted; only while the claim is still `token`'s.
 */
export async function recordAttempt(
  db: Kysely<DB>,
  o: { id: number; token: string; attempt: AttemptRecord; outcome: 'delivered' | 'retry' | 'dead' | 'released'; next?: Date },
) {
  const { attempt, outcome } = o
  const state = outcome === 'delivered' ? 'delivered' : outcome === 'dead' ? 'dead' : 'pending'
  await db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('outbox')
      .set({
        state,
        lease_until: null,
        lease_token: null,
        last_error: outcome === 'delivered' ? null : (attempt.error ?? `HTTP ${attempt.status}`),
        ...(outcome === 'delivered' ? { delivered_at: attempt.at } : {}),
        ...(state === 'pending' ? { next_attempt_at: o.next ?? attempt.at } : {}),
        ...(outcome === 'released' ? {} : { attempts: sql<number>`attempts + 1` }),
      })
      .where('id', '=', o.id)
      .where('lease_token', '=', o.token)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0) return
    await tx
      .insertInto('outbox_attempts')
      .values({ outbox_id: o.id, at: attempt.at, status: attempt.status, error: attempt.error, duration_ms: attempt.durationMs })
      .execute()
  })
}

/** Gives a claimed row back, pending now, when its instance stops before posting it (no attempt made). */
export async function releaseClaim(db: Kysely<DB>, id: number, token: string, now: Date) {
  await db
    .updateTable('outbox')
    .set({ state: 'pending', next_attempt_at: now, lease_until: null, lease_token: null })
    .where('id', '=', id)
    .where('lease_token', '=', token)
    .execute()
}

/** Messages waiting or in flight: the outbox depth gauge. */
export async function outboxDepth(db: Kysely<DB>): Promise<Array<{ state: string; n: number }>> {
  const { rows } = await sql<{ state: string; n: number }>`
    select state, count(*)::int as n from outbox where state in ('pending', 'sending') group by state
  `.execute(db)
  return rows
}

// ---- the admin's log and replay ---------------------------------------------------------------

/** A subscription's newest messages with their attempts. */
export async function deliveriesOf(db: Kysely<DB>, subscriptionId: number, limit: number) {
  const messages = await db
    .selectFrom('outbox')
    .select(['id', 'event_id', 'payload', 'state', 'attempts', 'next_attempt_at', 'last_error', 'created_at', 'delivered_at'])
    .where('subscription_id', '=', subscriptionId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  const attempts = messages.length
    ? await db
        .selectFrom('outbox_attempts')
        .select(['outbox_id', 'at', 'status', 'error', 'duration_ms'])
        .where(
          'outbox_id',
          'in',
          messages.map((m) => m.id),
        )
        .orderBy('id')
        .execute()
    : []
  return { messages, attempts }
}

export function outboxRow(db: Kysely<DB>, id: number, forUpdate = false) {
  const query = db.selectFrom('outbox').select(['id', 'subscription_id', 'state', 'attempts']).where('id', '=', id)
  return (forUpdate ? query.forUpdate() : query).executeTakeFirst()
}

/** A delivered or dead message pending again now, with a fresh count of attempts (its log stays). */
export async function requeue(db: Kysely<DB>, id: number, now: Date) {
  await db
    .updateTable('outbox')
    .set({ state: 'pending', attempts: 0, next_attempt_at: now, lease_until: null, lease_token: null, delivered_at: null })
    .where('id', '=', id)
    .execute()
}
