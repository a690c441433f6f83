/**
 * The outbox's worker, on every instance (`xiaolan start`, src/ticker.ts): each pass claims the due
 * messages in one short statement (`for update skip locked`: several instances never claim one row),
 * then POSTs each outside any transaction, signed, with a timeout; a subscription's messages go one
 * after another in id order, different subscriptions side by side. A 2xx delivers; anything else is
 * retried after an exponential backoff with full jitter, and the message is dead after
 * WEBHOOK_MAX_ATTEMPTS. A claim is a lease: a row whose instance died mid-POST is claimed again
 * once its lease lapses (a receiver may so see a message twice: the payload's id is the key).
 */
import { randomUUID } from 'node:crypto'
import { Counter } from 'prom-client'
import type { AppContext } from '../../context.ts'
import { startTicker } from '../../ticker.ts'
import { type ClaimedRow, claimDue, outboxDepth, recordAttempt, releaseClaim, renewLease, takeDueSms } from './queries.ts'
import { signatureOf } from './signature.ts'
import { demoSmsSender, type SmsSender } from './sms.ts'

const BATCH = 100
/** what a receiver's error body is cut to in the log */
const ERROR_CHARS = 200

export type DeliveryOutcome = 'delivered' | 'retry' | 'dead' | 'released'

/** The lease of a claim: the POST's timeout with room to record it. */
const leaseMs = (app: AppContext) => app.config.WEBHOOK_TIMEOUT_MS * 2 + 5_000

/**
 * The wait before attempt `n + 1` after `n` failed ones: full jitter, uniformly random up to the
 * exponential ceiling base · 2^(n−1), which the cap bounds (so instances retrying a dead receiver
 * spread out instead of arriving together).
 */
export function backoffMs(failed: number, base: number, cap: number, random = Math.random): number {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, failed - 1))
  return Math.floor(random() * ceiling)
}

/**
 * One pass: sends the due SMS through `sms` (the demo sender unless a deployment gives its gateway),
 * claims the due webhooks and delivers them; the webhooks' outcomes, for the tests and the counter.
 */
export async function deliverDue(
  app: AppContext,
  signal?: AbortSignal,
  sms: SmsSender = demoSmsSender(app.log),
): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = []
  await sendSms(app, sms)
  for (;;) {
    const now = app.now()
    const token = randomUUID()
    const claimed = await claimDue(app.database.db, { now, leaseUntil: new Date(now.getTime() + leaseMs(app)), token, limit: BATCH })
    const bySubscription = new Map<number, ClaimedRow[]>()
    for (const row of claimed) bySubscription.set(row.subscription_id, [...(bySubscription.get(row.subscription_id) ?? []), row])
    await Promise.all(
      [...bySubscription.values()].map(async (rows) => {
        for (const row of rows) outcomes.push(await deliverOne(app, row, token, signal))
      }),
    )
    // a full batch means more may be due; a stopping instance leaves them to the next
    if (claimed.length < BATCH || signal?.aborted) return outcomes
  }
}

/**
 * The due SMS (held ones once their quiet hours end), each recorded as sent with one attempt as it is
 * taken, then handed to the sender. (A gateway that can fail would want the webhooks' lease and
 * backoff; the demo sender cannot.)
 */
async function sendSms(app: AppContext, sender: SmsSender) {
  for (;;) {
    const taken = await takeDueSms(app.database.db, app.now(), BATCH)
    for (const m of taken) await sender.send({ outboxId: m.id, to: String(m.payload.to), text: String(m.payload.text) })
    if (taken.length < BATCH) return
  }
}

async function deliverOne(app: AppContext, row: ClaimedRow, token: string, signal?: AbortSignal): Promise<DeliveryOutcome> {
  const db = app.database.db
  if (signal?.aborted) {
    await releaseClaim(db, row.id, token, app.now())
    return 'released'
  }
  // the rows before it took their time: the lease runs from now
  if (!(await renewLease(db, row.id, token, new Date(app.now().getTime() + leaseMs(app))))) return 'released'
  const body = JSON.stringify({ id: row.id, ...row.payload })
  // the receiver compares it with its own clock: wall-clock time, not the app's
  const timestamp = Math.floor(Date.now() / 1000)
  const started = performance.now()
  let status: number | null = null
  let error: string | null = null
  const timeout = AbortSignal.timeout(app.config.WEBHOOK_TIMEOUT_MS)
  try {
    const res = await fetch(row.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-xiaolan-timestamp': String(timestamp),
        'x-xiaolan-signature': signatureOf(row.secret, timestamp, body),
        'x-xiaolan-delivery': String(row.id),
      },
      body,
      redirect: 'manual',
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    })
    status = res.status
    if (status < 200 || status > 299) error = `HTTP ${status}: ${(await res.text().catch(() => '')).slice(0, ERROR_CHARS)}`.trim()
    else await res.body?.cancel()
  } catch (e) {
    error = timeout.aborted ? `timed out after ${app.config.WEBHOOK_TIMEOUT_MS} ms` : signal?.aborted ? 'aborted: stopping' : describe(e)
  }
  const attempt = { at: app.now(), status, error, durationMs: Math.round(performance.now() - started) }
  if (error === null) {
    await recordAttempt(db, { id: row.id, token, attempt, outcome: 'delivered' })
    return 'delivered'
  }
  if (signal?.aborted && !timeout.aborted && status === null) {
    await recordAttempt(db, { id: row.id, token, attempt, outcome: 'released' })
    return 'released'
  }
  const failed = row.attempts + 1
  if (failed >= app.config.WEBHOOK_MAX_ATTEMPTS) {
    await recordAttempt(db, { id: row.id, token, attempt, outcome: 'dead' })
    return 'dead'
  }
  const wait = backoffMs(failed, app.config.WEBHOOK_BACKOFF_BASE_MS, app.config.WEBHOOK_BACKOFF_CAP_MS)
  await recordAttempt(db, { id: row.id, token, attempt, outcome: 'retry', next: new Date(attempt.at.getTime() + wait) })
  return 'retry'
}

/** A fetch failure in words: undici hides the reason (ECONNREFUSED, a bad certificate) in `cause`. */
function describe(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } }
  const cause = err.cause?.code ?? err.cause?.message
  return (cause ? `${err.message ?? 'fetch failed'}: ${cause}` : (err.message ?? String(e))).slice(0, ERROR_CHARS)
}

const DEPTH_GAUGE = 'xiaolan_outbox_depth'
const DELIVERIES = 'xiaolan_outbox_deliveries_total'

/**
 * Delivers on a timer (from `main start`, never implicitly in tests): every OUTBOX_INTERVAL_MS,
 * never two passes at once within an instance. Each pass counts as job `outbox` and its outcomes in
 * `xiaolan_outbox_deliveries_total{outcome}`; the pending and sending depth is a gauge. The stop
 * aborts the POSTs in flight (their messages go back pending, uncounted) and waits for the pass.
 */
export function startOutboxDelivery(app: AppContext): () => Promise<void> {
  const registry = app.metrics.registry
  if (!registry.getSingleMetric(DEPTH_GAUGE)) {
    app.metrics.gauge({
      name: DEPTH_GAUGE,
      help: 'Outbox messages waiting (pending) or being delivered (sending)',
      labelNames: ['state'] as const,
      collect: async () => {
        const rows = await outboxDepth(app.database.db)
        return ['pending', 'sending'].map((state) => ({ labels: { state }, value: rows.find((r) => r.state === state)?.n ?? 0 }))
      },
    })
  }
  const deliveries =
    (registry.getSingleMetric(DELIVERIES) as Counter<'outcome'> | undefined) ??
    new Counter({ name: DELIVERIES, help: 'Webhook POSTs by outcome', labelNames: ['outcome'] as const, registers: [registry] })
  const stopping = new AbortController()
  const stop = startTicker(
    async () => {
      try {
        const outcomes = await app.metrics.timeJob('outbox', async () => {
          const done = await deliverDue(app, stopping.signal)
          return { ran: true, changed: done.length, done }
        })
        for (const outcome of outcomes.done) deliveries.inc({ outcome })
      } catch (error) {
        if (!stopping.signal.aborted) app.log.error({ err: error }, 'outbox delivery failed')
      }
    },
    app.config.OUTBOX_INTERVAL_MS,
    app.config.OUTBOX_INTERVAL_MS,
  )
  return async () => {
    stopping.abort()
    await stop()
  }
}
