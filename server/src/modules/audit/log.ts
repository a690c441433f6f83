/**
 * The two trails, owned here and written by every module inside its own transaction: the audit log
 * (who looked at or did what: a login locked, a contact revealed, a caller looked up, an admin
 * edit) and the change log (a configuration change with its reason: org units, categories, SLA
 * rules, the calendar). Readers get actor user ids; the accounts module names them.
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'

export interface AuditRecord {
  /** null for the system (a lock after failed logins) */
  actorUserId: number | null
  action: string
  targetKind: string
  targetId: string
  detail: Record<string, unknown>
}

export async function recordAudit(db: Kysely<DB>, r: AuditRecord) {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: r.actorUserId,
      action: r.action,
      target_kind: r.targetKind,
      target_id: r.targetId,
      detail: JSON.stringify(r.detail),
    })
    .execute()
}

export interface ChangeRecord {
  subject: string
  key: string
  actorUserId: number
  reason: string
  before: unknown
  after: unknown
}

export async function recordChange(db: Kysely<DB>, c: ChangeRecord) {
  await db
    .insertInto('change_log')
    .values({
      subject: c.subject,
      subject_key: c.key,
      actor_user_id: c.actorUserId,
      reason: c.reason,
      before: c.before === undefined ? null : JSON.stringify(c.before),
      after: c.after === undefined ? null : JSON.stringify(c.after),
    })
    .execute()
}

/** Audit entries newest first, filtered; keyset paging by id (`before`). */
export function auditEntries(
  db: Kysely<DB>,
  q: { actorUserId?: number; action?: string; from?: Date; to?: Date; before?: number; limit: number },
) {
  let query = db.selectFrom('audit_log').select(['id', 'actor_user_id', 'action', 'target_kind', 'target_id', 'detail', 'at'])
  if (q.actorUserId !== undefined) query = query.where('actor_user_id', '=', q.actorUserId)
  if (q.action) query = query.where('action', '=', q.action)
  if (q.from) query = query.where('at', '>=', q.from)
  if (q.to) query = query.where('at', '<', q.to)
  if (q.before !== undefined) query = query.where('id', '<', q.before)
  return query.orderBy('id', 'desc').limit(q.limit).execute()
}

/** The newest `limit` changes of these subjects, newest first. */
export function changes(db: Kysely<DB>, subjects: string[], limit: number) {
  return db
    .selectFrom('change_log')
    .select(['subject', 'subject_key', 'actor_user_id', 'reason', 'before', 'after', 'at'])
    .where('subject', 'in', subjects)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}
