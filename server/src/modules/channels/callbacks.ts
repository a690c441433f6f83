/**
 * 回访 (issue 18 item 3): the 12345 desk calls back the callers without an app account whose matter
 * is resolved. The queue is the events module's resolved events of such callers, oldest deadline
 * first, less those tried CALLBACK_ATTEMPTS times; a call that reaches the caller records their
 * rating as the event's `evaluate` (an operator's, so the log says it was a callback), one that does
 * not is an attempt here. When the window lapses without a rating the SLA job closes it as 未回访.
 */
import type { CallbackAttemptBody, CallbackAttemptResult, CallbackQueue, EventStateName } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import { AppError } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import { callersToCallBack } from '../events/lookups.ts'
import { maskPhone } from '../privacy/masker.ts'
import { attemptsOf, exhaustedCallbacks, recordAttempt } from './callback-queries.ts'
import { requireDesk, requireOperator } from './policy.ts'

const QUEUE_LIMIT = 100
/** Attempts older than the longest evaluation window (30 days) cannot matter to an open callback. */
const ATTEMPTS_LOOKBACK_MS = 31 * 24 * 3600_000

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

async function queueRows(app: AppContext, principal: Principal, id?: number) {
  const db = app.database.db
  const max = app.config.CALLBACK_ATTEMPTS
  const except = await exhaustedCallbacks(db, max, new Date(app.now().getTime() - ATTEMPTS_LOOKBACK_MS))
  return callersToCallBack(db, principal, app.orgs, { except, limit: QUEUE_LIMIT, id })
}

/** `GET /hotline/callbacks`: the queue, the caller's number masked (revealing it is audited, as anywhere). */
export async function callbackQueue(app: AppContext, principal: Principal): Promise<CallbackQueue> {
  requireDesk(principal)
  const rows = await queueRows(app, principal)
  const attempts = await attemptsOf(
    app.database.db,
    rows.map((r) => r.id),
  )
  return {
    maxAttempts: app.config.CALLBACK_ATTEMPTS,
    items: rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      category: r.category_code,
      state: r.state as EventStateName,
      createdAt: new Date(r.created_at).toISOString(),
      version: r.version,
      callerPhone: maskPhone(r.reporter_phone),
      resolvedAt: iso(r.resolved_at),
      deadline: iso(r.sla_check_at),
      attempts: attempts.get(r.id)?.n ?? 0,
      lastAttemptAt: iso(attempts.get(r.id)?.last ?? null),
    })),
  }
}

/** `POST /hotline/callbacks/:id/attempts`: an operator's call did not reach the caller of a queued event. */
export async function recordCallbackAttempt(
  app: AppContext,
  principal: Principal,
  eventId: number,
  body: CallbackAttemptBody,
): Promise<CallbackAttemptResult> {
  const staff = requireOperator(principal)
  const [queued] = await queueRows(app, staff, eventId)
  if (!queued) {
    // not a caller's resolved event in this desk's scope, or tried often enough already
    throw new AppError('not_in_callback_queue', 409, 'This event is not waiting for a callback')
  }
  const attempts = await recordAttempt(app.database.db, {
    eventId,
    operatorId: staff.user.id,
    at: app.now(),
    note: body.note?.trim() || null,
  })
  return { attempts, maxAttempts: app.config.CALLBACK_ATTEMPTS }
}
