/**
 * The netizen channel's status back: when an event of a message board closes (or is turned down),
 * the board's reply (回复) waits in `netizen_replies`, written by a listener in the closing
 * transaction — so a reply exists exactly when the close committed — and a worker on the ticker posts
 * it afterwards, outside any transaction, so a slow or dead board never holds a work order. A failed
 * post is retried with the outbox's backoff (full jitter) and is dead after WEBHOOK_MAX_ATTEMPTS.
 *
 * How a reply travels is a ReplySender: a board with a reply URL gets a JSON POST; one without has
 * the demo sender, which appends a JSON line to NETIZEN_REPLY_FILE.
 */
import { appendFile, mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { Transaction } from 'kysely'
import type { AppContext, EventChange } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { startTicker } from '../../ticker.ts'
import { eventNumbers } from '../events/lookups.ts'
import { trackEvent } from '../events/public.ts'
import { backoffMs } from '../notifications/delivery.ts'
import { type BoardRow, boardRow, claimDueReplies, enqueueReplies, replyFailed, replySent } from './netizen-queries.ts'

/** What a board hears when its message's event closes: public words only (the timeline's masked notes). */
export interface NetizenReply {
  board: string
  /** the board's id of the message */
  externalId: string
  number: string
  state: 'closed' | 'rejected'
  /** the handling unit's answer: the result it handed in, or why the message was turned down */
  reply: string | null
  unit: string | null
  repliedAt: string
}

/** How a reply reaches its board; throws when it did not arrive. */
export interface ReplySender {
  post(reply: NetizenReply): Promise<void>
}

/** The demo's sender: one JSON line per reply in a file (a real board's reply API would take the POST). */
export function fileReplySender(path: string): ReplySender {
  return {
    async post(reply) {
      await mkdir(dirname(path), { recursive: true })
      await appendFile(path, `${JSON.stringify(reply)}\n`)
    },
  }
}

export function httpReplySender(url: string, timeoutMs: number): ReplySender {
  return {
    async post(reply) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(reply),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      const text = await res.text().catch(() => '')
      if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`.trim())
    },
  }
}

export function senderOf(app: AppContext, board: Pick<BoardRow, 'reply_url'>): ReplySender {
  return board.reply_url
    ? httpReplySender(board.reply_url, app.config.WEBHOOK_TIMEOUT_MS)
    : fileReplySender(resolve(app.config.DATA_DIR, app.config.NETIZEN_REPLY_FILE))
}

const ENDS = new Set(['closed', 'rejected'])

/** The listener app.ts registers: no query unless a netizen event of a board closed in this transaction. */
export function netizenReplyListener(app: Pick<AppContext, 'now'>) {
  return async function enqueueClosedMessages(tx: Transaction<DB>, changes: readonly EventChange[]) {
    const closed = changes.flatMap((c) =>
      c.event.channel === 'netizen' &&
      c.event.sourceClientId !== null &&
      c.event.externalId !== null &&
      ENDS.has(c.after.state) &&
      c.before?.state !== c.after.state
        ? [{ clientId: c.event.sourceClientId, eventId: c.event.id, externalId: c.event.externalId }]
        : [],
    )
    if (closed.length > 0) await enqueueReplies(tx, closed, app.now())
  }
}

/** The steps whose note answers the message: the handler's result, the approval of it, a turn-down. */
const ANSWERING = new Set(['resolve', 'approve_resolution', 'reject', 'answer', 'resolve_on_spot'])

async function replyOf(app: AppContext, board: BoardRow, eventId: number, externalId: string): Promise<NetizenReply> {
  const number = (await eventNumbers(app.database.db, [eventId])).get(eventId) as string
  const view = await trackEvent(app, number)
  const answer = [...view.timeline].reverse().find((e) => ANSWERING.has(e.action) && e.note)
  const last = view.timeline[view.timeline.length - 1]
  return {
    board: board.name,
    externalId,
    number,
    state: view.state === 'rejected' ? 'rejected' : 'closed',
    reply: answer?.note ?? null,
    unit: answer?.unit ?? null,
    repliedAt: last?.at ?? app.now().toISOString(),
  }
}

const BATCH = 50

/** One pass: claims the due replies and posts each; how many were sent, retried and dead. */
export async function deliverReplies(app: AppContext): Promise<{ sent: number; retried: number; dead: number }> {
  const db = app.database.db
  const outcome = { sent: 0, retried: 0, dead: 0 }
  const boards = new Map<number, BoardRow | undefined>()
  for (;;) {
    const now = app.now()
    const lease = new Date(now.getTime() + app.config.WEBHOOK_TIMEOUT_MS * 2 + 5_000)
    const claimed = await claimDueReplies(db, now, lease, BATCH)
    for (const r of claimed) {
      if (!boards.has(r.board_id)) boards.set(r.board_id, await boardRow(db, r.board_id))
      const board = boards.get(r.board_id) as BoardRow
      try {
        await senderOf(app, board).post(await replyOf(app, board, r.event_id, r.external_id))
        await replySent(db, r.id, lease, app.now())
        outcome.sent++
      } catch (e) {
        const error = ((e as Error).message ?? String(e)).slice(0, 200)
        const failed = r.attempts + 1
        const next =
          failed >= app.config.WEBHOOK_MAX_ATTEMPTS
            ? null
            : new Date(app.now().getTime() + backoffMs(failed, app.config.WEBHOOK_BACKOFF_BASE_MS, app.config.WEBHOOK_BACKOFF_CAP_MS))
        await replyFailed(db, r.id, lease, error, next)
        if (next) outcome.retried++
        else outcome.dead++
        app.log.warn(
          { board: board.name, externalId: r.external_id, attempts: failed, error, dead: next === null },
          'netizen reply not delivered',
        )
      }
    }
    if (claimed.length < BATCH) break
  }
  if (outcome.sent + outcome.retried + outcome.dead > 0) app.log.info(outcome, 'netizen replies posted')
  return outcome
}

/** Posts on the ticker (from `xiaolan start`, never implicitly in tests), as often as the outbox. */
export function startNetizenReplies(app: AppContext): () => Promise<void> {
  return startTicker(async () => {
    try {
      await deliverReplies(app)
    } catch (error) {
      app.log.error({ err: error }, 'netizen replies failed')
    }
  }, app.config.OUTBOX_INTERVAL_MS)
}
