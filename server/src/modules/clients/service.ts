/**
 * The admin's use cases for API clients: create (the key shown once), list, change and rotate. Each
 * change is one transaction writing the row and its audit entry; a key is never logged or listed.
 */
import type { ApiClientBody, ApiClientPatch, ApiClientView, ApiClientWithKey, ClientChannel } from '@xiaolan/contracts'
import type { Kysely } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { invalid, notFound } from '../../errors.ts'
import type { Admin } from '../accounts/policy.ts'
import { usernames } from '../accounts/users.ts'
import { recordAudit } from '../audit/log.ts'
import { newKey } from './keys.ts'
import { type ClientRow, clientRow, clientRows, insertClient, updateClient } from './queries.ts'

const at = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string).toISOString())

async function views(app: AppContext, db: Kysely<DB>, rows: ClientRow[]): Promise<ApiClientView[]> {
  const names = await usernames(
    db,
    rows.map((r) => r.created_by),
  )
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    channels: r.channels as ClientChannel[],
    scope: app.orgs.ref(r.scope_unit_id),
    enabled: r.enabled,
    keyPrefix: r.key_prefix,
    createdAt: at(r.created_at) as string,
    createdBy: names.get(r.created_by) ?? '',
    rotatedAt: at(r.rotated_at),
    lastUsedAt: at(r.last_used_at),
  }))
}

const nameOf = (name: string) => {
  const trimmed = name.trim()
  if ([...trimmed].length < 2) throw invalid('name', 'A name has 2 to 60 characters')
  return trimmed
}

export async function listClients(app: AppContext): Promise<{ items: ApiClientView[] }> {
  const db = app.database.db
  return { items: await views(app, db, await clientRows(db)) }
}

export async function createClient(app: AppContext, admin: Admin, body: ApiClientBody): Promise<ApiClientWithKey> {
  const name = nameOf(body.name)
  let scopeUnitId: number | null = null
  if (body.scopeUnitCode !== undefined) {
    const unit = app.orgs.byCode(body.scopeUnitCode)
    // an area is a center's subtree: a department's or a grid's would refuse every item as outside it
    if (!unit?.active || unit.kind !== 'center') throw invalid('scopeUnitCode', `No active center ${body.scopeUnitCode}`)
    scopeUnitId = unit.id
  }
  return app.database.db.transaction().execute(async (tx) => {
    const { row, key } = await insertAuditedClient(tx, admin, {
      name,
      channels: body.channels,
      scopeUnitId,
      detail: { scope: body.scopeUnitCode ?? null },
    })
    const [view] = await views(app, tx, [row])
    return { ...view, key: key.key }
  })
}

/**
 * A new client's row with a fresh key and its audit entry, in the caller's transaction: the admin's
 * page, and a netizen message board (channels module), whose client is made with the board.
 */
export async function insertAuditedClient(
  tx: Kysely<DB>,
  admin: Admin,
  client: { name: string; channels: ClientChannel[]; scopeUnitId: number | null; detail: Record<string, unknown> },
) {
  const key = newKey()
  const row = await insertClient(tx, {
    name: client.name,
    channels: client.channels,
    scope_unit_id: client.scopeUnitId,
    key_prefix: key.prefix,
    key_hash: key.hash,
    created_by: admin.user.id,
  })
  await recordAudit(tx, {
    actorUserId: admin.user.id,
    action: 'api_client_create',
    targetKind: 'api_client',
    targetId: String(row.id),
    detail: { name: client.name, channels: client.channels, ...client.detail, keyPrefix: key.prefix },
  })
  return { row, key }
}

/** Renames, changes the channels of, or disables / enables a client; a disabled one's key stops at once. */
export async function changeClient(app: AppContext, admin: Admin, id: number, patch: ApiClientPatch): Promise<ApiClientView> {
  const name = patch.name === undefined ? undefined : nameOf(patch.name)
  return app.database.db.transaction().execute(async (tx) => {
    const before = await clientRow(tx, id, true)
    if (!before) throw notFound('API client')
    const row = await updateClient(tx, id, {
      ...(name === undefined ? {} : { name }),
      ...(patch.channels === undefined ? {} : { channels: patch.channels }),
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
    })
    await recordAudit(tx, {
      actorUserId: admin.user.id,
      action: 'api_client_update',
      targetKind: 'api_client',
      targetId: String(id),
      detail: {
        before: { name: before.name, channels: before.channels, enabled: before.enabled },
        after: { name: row.name, channels: row.channels, enabled: row.enabled },
      },
    })
    const [view] = await views(app, tx, [row])
    return view
  })
}

/** A new key for the client; the old one stops working when this commits. */
export async function rotateKey(app: AppContext, admin: Admin, id: number): Promise<ApiClientWithKey> {
  const key = newKey()
  return app.database.db.transaction().execute(async (tx) => {
    const before = await clientRow(tx, id, true)
    if (!before) throw notFound('API client')
    const row = await updateClient(tx, id, { key_prefix: key.prefix, key_hash: key.hash, rotated_at: app.now() })
    await recordAudit(tx, {
      actorUserId: admin.user.id,
      action: 'api_client_rotate',
      targetKind: 'api_client',
      targetId: String(id),
      detail: { before: before.key_prefix, after: key.prefix },
    })
    const [view] = await views(app, tx, [row])
    return { ...view, key: key.key }
  })
}
