/**
 * The outbox's writer (DESIGN §7): inside the transaction of every event write, the changes of the
 * events a partner platform submitted become one message per enabled subscription of that partner
 * (one INSERT … SELECT for the whole transaction), so a message exists exactly when its change
 * committed. The worker (delivery.ts) sends them later, outside any transaction: a slow or dead
 * subscriber never holds a work order.
 */
import { UNIT_ONLY_NOTES } from '@xiaolan/contracts'
import type { Transaction } from 'kysely'
import type { AppContext, EventChange } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { type KeepWords, keepWords, maskForPublic } from '../privacy/masker.ts'
import { enqueueWebhooks, type WebhookMessage } from './queries.ts'

/** What a partner hears of: a new state, the evaluation, or a unit's message to the reporter. */
export function tellsPartner(change: Pick<EventChange, 'before' | 'after' | 'entry'>): boolean {
  const { before, after, entry } = change
  if (before === null || before.state !== after.state || before.evaluation !== after.evaluation) return true
  return entry.action === 'comment' && entry.toReporter === true && entry.actorKind === 'staff'
}

/** The message of one change, as a partner reads it (docs/webhooks.md): public words only. */
export function webhookPayload(app: Pick<AppContext, 'orgs'>, change: EventChange, keep: KeepWords) {
  const { event, after, entry } = change
  const note = entry.note === null || UNIT_ONLY_NOTES.includes(entry.action) ? null : maskForPublic(entry.note, {}, keep)
  return {
    type: 'event.changed',
    event: {
      externalId: event.externalId,
      id: event.id,
      number: event.number,
      state: after.state,
      action: entry.action,
      at: entry.at,
      unit: app.orgs.ref(after.currentUnitId)?.name ?? null,
      note,
      evaluation: after.evaluation,
    },
    sequence: after.version,
  }
}

/**
 * The listener `app.ts` registers: no query at all unless some change of the transaction is of a
 * partner's event (the changes carry everything the message says).
 */
export function outboxListener(app: Pick<AppContext, 'orgs' | 'categories' | 'now'>) {
  let kept: { orgs: unknown; categories: unknown; words: KeepWords } | undefined
  const keep = () => {
    if (kept?.orgs !== app.orgs || kept.categories !== app.categories) {
      const words = [...app.orgs.all().map((u) => u.name), ...app.categories.all().flatMap((c) => [c.nameZh, ...c.keywords])]
      kept = { orgs: app.orgs, categories: app.categories, words: keepWords(words) }
    }
    return kept.words
  }
  return async function enqueueChanges(tx: Transaction<DB>, changes: readonly EventChange[]) {
    const told = changes.filter((c) => c.event.sourceClientId !== null && tellsPartner(c))
    if (told.length === 0) return
    const messages: WebhookMessage[] = told.map((c) => ({
      clientId: c.event.sourceClientId as number,
      eventId: c.event.id,
      payload: webhookPayload(app, c, keep()),
    }))
    await enqueueWebhooks(tx, messages, app.now())
  }
}
