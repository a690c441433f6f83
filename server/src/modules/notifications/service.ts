/**
 * The admin's use cases for webhooks: subscribe a client (the secret shown once), list its
 * subscriptions, enable or disable one, read its delivery log and replay a message. Each change is
 * one transaction with its audit entry; a secret is never listed or logged.
 */
import type { DeliveryList, OutboxSms, WebhookView, WebhookWithSecret } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import { conflict, notFound } from '../../errors.ts'
import type { Admin } from '../accounts/policy.ts'
import { recordAudit } from '../audit/log.ts'
import { clientRow } from '../clients/queries.ts'
import { maskNumbers, maskPhone } from '../privacy/masker.ts'
import { webhookUrl } from './policy.ts'
import {
  deliveriesOf,
  insertSubscription,
  outboxRow,
  requeue,
  type SubscriptionRow,
  setSubscriptionEnabled,
  smsAbout,
  subscriptionRow,
  subscriptionsOf,
} from './queries.ts'
import { newSecret } from './signature.ts'

/** The delivery log shows a subscription's newest messages, this many. */
const LOG_LIMIT = 100

const iso = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string).toISOString())

const viewOf = (r: SubscriptionRow): WebhookView => ({
  id: r.id,
  clientId: r.client_id,
  url: r.url,
  enabled: r.enabled,
  createdAt: iso(r.created_at) as string,
})

async function mustHaveClient(app: AppContext, clientId: number) {
  if (!(await clientRow(app.database.db, clientId))) throw notFound('API client')
}

export async function subscribe(app: AppContext, admin: Admin, clientId: number, body: { url: string }): Promise<WebhookWithSecret> {
  const url = webhookUrl(app, body.url)
  await mustHaveClient(app, clientId)
  const secret = newSecret()
  return app.database.db.transaction().execute(async (tx) => {
    const row = await insertSubscription(tx, { client_id: clientId, url, secret, created_by: admin.user.id })
    await recordAudit(tx, {
      actorUserId: admin.user.id,
      action: 'webhook_create',
      targetKind: 'webhook',
      targetId: String(row.id),
      detail: { clientId, url },
    })
    return { ...viewOf(row), secret }
  })
}

export async function listSubscriptions(app: AppContext, clientId: number): Promise<{ items: WebhookView[] }> {
  await mustHaveClient(app, clientId)
  return { items: (await subscriptionsOf(app.database.db, clientId)).map(viewOf) }
}

/** Turns a subscription on or off; off, its client's next changes write no message for it (queued ones still go). */
export async function setEnabled(app: AppContext, admin: Admin, id: number, enabled: boolean): Promise<WebhookView> {
  return app.database.db.transaction().execute(async (tx) => {
    const before = await subscriptionRow(tx, id)
    if (!before) throw notFound('Webhook')
    const row = await setSubscriptionEnabled(tx, id, enabled)
    if (!row) throw notFound('Webhook')
    await recordAudit(tx, {
      actorUserId: admin.user.id,
      action: 'webhook_update',
      targetKind: 'webhook',
      targetId: String(id),
      detail: { before: { enabled: before.enabled }, after: { enabled } },
    })
    return viewOf(row)
  })
}

export async function deliveries(app: AppContext, id: number): Promise<DeliveryList> {
  const db = app.database.db
  if (!(await subscriptionRow(db, id))) throw notFound('Webhook')
  const { messages, attempts } = await deliveriesOf(db, id, LOG_LIMIT)
  return {
    items: messages.map((m) => {
      const payload = (typeof m.payload === 'string' ? JSON.parse(m.payload) : m.payload) as {
        event?: { number?: string; action?: string }
      }
      const waiting = m.state === 'pending' || m.state === 'sending'
      return {
        id: m.id,
        eventId: m.event_id,
        eventNumber: payload.event?.number ?? null,
        action: payload.event?.action ?? null,
        state: m.state as DeliveryList['items'][number]['state'],
        attempts: m.attempts,
        nextAttemptAt: waiting ? iso(m.next_attempt_at) : null,
        lastError: m.last_error,
        createdAt: iso(m.created_at) as string,
        deliveredAt: iso(m.delivered_at),
        log: attempts
          .filter((a) => a.outbox_id === m.id)
          .map((a) => ({ at: iso(a.at) as string, status: a.status, error: a.error, durationMs: a.duration_ms })),
      }
    }),
  }
}

/**
 * 重新投递: a dead or delivered message pending again now, with a fresh count of attempts; one that
 * is still waiting or being sent is a 409 (it goes anyway). Audited.
 */
export async function replay(app: AppContext, admin: Admin, id: number): Promise<{ id: number; state: 'pending' }> {
  return app.database.db.transaction().execute(async (tx) => {
    const row = await outboxRow(tx, id, true)
    if (!row) throw notFound('Message')
    if (row.state !== 'dead' && row.state !== 'delivered') {
      throw conflict('not_replayable', 'This message is still waiting to be delivered', { state: row.state })
    }
    await requeue(tx, id, app.now())
    await recordAudit(tx, {
      actorUserId: admin.user.id,
      action: 'outbox_replay',
      targetKind: 'outbox',
      targetId: String(id),
      detail: { subscriptionId: row.subscription_id, before: { state: row.state, attempts: row.attempts } },
    })
    return { id, state: 'pending' as const }
  })
}

/**
 * The SMS of the outbox about an event, oldest first: the phone masked, and the text with every phone
 * or ID number in it masked (its link stays: the admin may follow it, as the caller would).
 */
export async function smsOfEvent(app: AppContext, eventId: number): Promise<{ items: OutboxSms[] }> {
  const rows = await smsAbout(app.database.db, eventId)
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())
  return {
    items: rows.map((r) => {
      const to = String(r.payload.to ?? '')
      return {
        id: r.id,
        to: maskPhone(to) ?? '',
        text: maskedText(String(r.payload.text ?? ''), to, typeof r.payload.link === 'string' ? r.payload.link : null),
        state: r.state,
        createdAt: new Date(r.created_at).toISOString(),
        sendAt: new Date(r.next_attempt_at).toISOString(),
        deliveredAt: iso(r.delivered_at),
      }
    }),
  }
}

/** An SMS's text with its phones and ID numbers masked, all but its link (whose random characters are no person's). */
function maskedText(text: string, to: string, link: string | null) {
  const mask = (part: string) => maskNumbers(part, { numbers: [to] })
  return link ? text.split(link).map(mask).join(link) : mask(text)
}
