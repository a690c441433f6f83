/**
 * The admin console's use cases: the org tree, staff accounts, categories and the audit log. Every
 * change is one transaction that writes the row, the audit log and — for org units and categories —
 * the change log with its reason (who, when, why; FixMyStreet keeps the same trail). The in-memory
 * catalogues (org directory, categories) are reloaded after a change so routing sees it at once.
 */
import type {
  AdminCategory,
  AdminCategoryPatch,
  AdminOrg,
  AdminOrgPatch,
  AdminOrgsQuery,
  AdminUser,
  AdminUserBody,
  AdminUserPatch,
  AdminUsersQuery,
  AuditEntry,
  AuditQuery,
  Priority,
  Role,
} from '@xiaolan/contracts'
import { sql, type Transaction } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { conflict, forbidden, invalid, notFound } from '../../errors.ts'
import { clearLoginThrottle, lockedUntil } from '../accounts/login-throttle.ts'
import { hashPassword } from '../accounts/passwords.ts'
import type { Principal } from '../accounts/sessions.ts'
import { loadCategories } from '../events/categories.ts'
import { loadOrgDirectory, type OrgUnit } from '../orgs/directory.ts'

type Admin = Extract<Principal, { kind: 'staff' }>

export function requireAdmin(principal: Principal): Admin {
  if (principal.kind !== 'staff' || principal.user.role !== 'admin') throw forbidden('Administrators only')
  return principal
}

async function audit(tx: Transaction<DB>, admin: Admin, action: string, kind: string, id: string, detail: Record<string, unknown>) {
  await tx
    .insertInto('audit_log')
    .values({ actor_user_id: admin.user.id, action, target_kind: kind, target_id: id, detail: JSON.stringify(detail) })
    .execute()
}

// ── org tree ────────────────────────────────────────────────────────────────────────────────

function orgView(app: AppContext, u: OrgUnit): AdminOrg {
  const parent = u.parentId === null ? undefined : app.orgs.unit(u.parentId)
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    kind: u.kind,
    level: u.level,
    parentCode: parent?.code ?? null,
    active: u.active,
    childCount: app.orgs.children(u.id).length,
    function: u.function,
  }
}

/** Every instance keeps the org tree and the categories in memory; a change is announced here. */
export const DIRECTORY_CHANNEL = 'xiaolan_directory'

export async function reloadDirectory(app: AppContext, what: 'orgs' | 'categories') {
  if (what === 'orgs') app.orgs = await loadOrgDirectory(app.database.db)
  else app.categories = await loadCategories(app.database.db)
}

/** One level of the tree (the root without `parent`), or up to 50 units whose name or code contains `q`. */
export function listOrgs(app: AppContext, q: AdminOrgsQuery): { items: AdminOrg[] } {
  if (q.q) {
    const needle = q.q.trim().toLowerCase()
    const found = app.orgs
      .all()
      .filter((u) => u.name.toLowerCase().includes(needle) || u.code.toLowerCase().includes(needle))
      .slice(0, 50)
    return { items: found.map((u) => orgView(app, u)) }
  }
  if (q.parent === undefined) return { items: [orgView(app, app.orgs.root())] }
  const parent = app.orgs.byCode(q.parent)
  if (!parent) throw invalid('parent', `No unit ${q.parent}`)
  return { items: app.orgs.children(parent.id).map((u) => orgView(app, u)) }
}

export async function updateOrg(app: AppContext, principal: Principal, code: string, patch: AdminOrgPatch): Promise<AdminOrg> {
  const admin = requireAdmin(principal)
  const unit = app.orgs.byCode(code)
  if (!unit) throw notFound('Unit')
  if (patch.name === undefined && patch.active === undefined) throw invalid('name', 'Change the name or the active flag')
  if (patch.active === false && unit.parentId === null) throw invalid('active', 'The city center cannot be deactivated')
  const before = { name: unit.name, active: unit.active }
  const after = { name: patch.name?.trim() ?? unit.name, active: patch.active ?? unit.active }
  await app.database.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('org_units')
      .set({ ...after, updated_at: sql`now()` })
      .where('id', '=', unit.id)
      .execute()
    await tx
      .insertInto('change_log')
      .values({
        subject: 'org_unit',
        subject_key: code,
        actor_user_id: admin.user.id,
        reason: patch.reason.trim(),
        before: JSON.stringify(before),
        after: JSON.stringify(after),
      })
      .execute()
    await audit(tx, admin, 'org_update', 'org_unit', code, { before, after, reason: patch.reason.trim() })
    await sql`select pg_notify(${DIRECTORY_CHANNEL}, 'orgs')`.execute(tx)
  })
  await reloadDirectory(app, 'orgs')
  return orgView(app, app.orgs.byCode(code) as OrgUnit)
}

// ── staff accounts ──────────────────────────────────────────────────────────────────────────

type UserRow = {
  id: number
  username: string
  display_name: string
  role: string
  unit_id: number
  disabled: boolean
  created_at: unknown
}

const userView = (app: AppContext, r: UserRow, lockedUntil?: Date): AdminUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
  unit: app.orgs.ref(r.unit_id),
  disabled: r.disabled,
  createdAt: new Date(r.created_at as string).toISOString(),
  lockedUntil: lockedUntil?.toISOString() ?? null,
})

const USER_COLUMNS = ['id', 'username', 'display_name', 'role', 'unit_id', 'disabled', 'created_at'] as const

/** Staff accounts, newest id first, filtered by name/username, role and unit; keyset paging by id. */
export async function listUsers(app: AppContext, q: AdminUsersQuery): Promise<{ items: AdminUser[]; next: number | null }> {
  const limit = q.limit ?? 50
  let query = app.database.db.selectFrom('users').select(USER_COLUMNS)
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) => eb.or([eb('username', 'ilike', like), eb('display_name', 'ilike', like)]))
  }
  if (q.role) query = query.where('role', '=', q.role)
  if (q.unit) query = query.where('unit_id', '=', unitOf(app, q.unit, 'unit').id)
  if (q.next) query = query.where('id', '<', q.next)
  const rows = await query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  const locks = await lockedUntil(
    app.database.db,
    page.map((r) => r.username),
    app.now(),
  )
  return {
    items: page.map((r) => userView(app, r, locks.get(r.username))),
    next: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  }
}

function unitOf(app: AppContext, code: string, field: string) {
  const unit = app.orgs.byCode(code)
  if (!unit?.active) throw invalid(field, `No active unit ${code}`)
  return unit
}

export async function createUser(app: AppContext, principal: Principal, body: AdminUserBody): Promise<AdminUser> {
  const admin = requireAdmin(principal)
  const unit = unitOf(app, body.unitCode, 'unitCode')
  const hash = await hashPassword(body.password)
  return app.database.db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('users').select('id').where('username', '=', body.username).executeTakeFirst()
    if (taken) throw conflict('username_taken', 'This username is already taken', { field: 'username' })
    const row = await tx
      .insertInto('users')
      .values({ username: body.username, display_name: body.displayName.trim(), role: body.role, unit_id: unit.id, password_hash: hash })
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow()
    await audit(tx, admin, 'user_create', 'user', body.username, { role: body.role, unit: unit.code })
    return userView(app, row)
  })
}

export async function updateUser(app: AppContext, principal: Principal, id: number, patch: AdminUserPatch): Promise<AdminUser> {
  const admin = requireAdmin(principal)
  if (id === admin.user.id && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin'))) {
    throw forbidden('You cannot disable your own account or take away your own admin role')
  }
  const unit = patch.unitCode === undefined ? undefined : unitOf(app, patch.unitCode, 'unitCode')
  return app.database.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst()
    if (!before) throw notFound('User')
    const row = await tx
      .updateTable('users')
      .set({
        ...(patch.displayName !== undefined ? { display_name: patch.displayName.trim() } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(unit ? { unit_id: unit.id } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      })
      .where('id', '=', id)
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow()
    // a new role, unit or a disabled account takes effect now, not when the session expires
    if (patch.disabled || patch.role !== undefined || unit) await tx.deleteFrom('sessions').where('user_id', '=', id).execute()
    const changed = (r: UserRow) => ({
      role: r.role,
      unit: app.orgs.ref(r.unit_id)?.code,
      disabled: r.disabled,
      displayName: r.display_name,
    })
    await audit(tx, admin, 'user_update', 'user', before.username, { before: changed(before), after: changed(row) })
    return userView(app, row, (await lockedUntil(tx, [row.username], app.now())).get(row.username))
  })
}

/** Ends a login lock (and the count of failures) before it runs out, audited with what was cleared. */
export async function unlockUser(app: AppContext, principal: Principal, id: number): Promise<AdminUser> {
  const admin = requireAdmin(principal)
  return app.database.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst()
    if (!row) throw notFound('User')
    const cleared = await clearLoginThrottle(tx, row.username)
    await audit(tx, admin, 'user_unlock', 'user', row.username, {
      failures: cleared?.failures ?? 0,
      lockedUntil: cleared?.lockedUntil && cleared.lockedUntil > app.now() ? cleared.lockedUntil.toISOString() : null,
    })
    return userView(app, row)
  })
}

export async function resetPassword(app: AppContext, principal: Principal, id: number, password: string) {
  const admin = requireAdmin(principal)
  const hash = await hashPassword(password)
  await app.database.db.transaction().execute(async (tx) => {
    const user = await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', id).returning('username').executeTakeFirst()
    if (!user) throw notFound('User')
    await tx.deleteFrom('sessions').where('user_id', '=', id).execute()
    await audit(tx, admin, 'password_reset', 'user', user.username, {})
  })
  return { ok: true }
}

// ── categories ──────────────────────────────────────────────────────────────────────────────

export async function listCategories(app: AppContext): Promise<{ items: AdminCategory[] }> {
  const rows = await app.database.db.selectFrom('categories').selectAll().orderBy('sort').execute()
  return {
    items: rows.map((r) => ({
      code: r.code,
      parentCode: r.parent_code,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      owner: r.owner,
      communityResolvable: r.community_resolvable,
      priority: r.priority as Priority,
      active: r.active,
    })),
  }
}

/** The owner department (a department `function`), community_resolvable and default priority, with a reason. */
export async function updateCategory(
  app: AppContext,
  principal: Principal,
  code: string,
  patch: AdminCategoryPatch,
): Promise<AdminCategory> {
  const admin = requireAdmin(principal)
  const { reason, ...change } = patch
  if (!Object.keys(change).length) throw invalid('owner', 'Change the owner, community_resolvable or the priority')
  if (change.owner !== undefined && !app.orgs.all().some((u) => u.kind === 'department' && u.function === change.owner)) {
    throw invalid('owner', `No department does ${change.owner}`)
  }
  await app.database.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('categories').selectAll().where('code', '=', code).forUpdate().executeTakeFirst()
    if (!row) throw notFound('Category')
    const before = { owner: row.owner, communityResolvable: row.community_resolvable, priority: row.priority }
    const after = { ...before, ...change }
    await tx
      .updateTable('categories')
      .set({ owner: after.owner, community_resolvable: after.communityResolvable, priority: after.priority, updated_at: sql`now()` })
      .where('code', '=', code)
      .execute()
    await tx
      .insertInto('change_log')
      .values({
        subject: 'category',
        subject_key: code,
        actor_user_id: admin.user.id,
        reason: reason.trim(),
        before: JSON.stringify(before),
        after: JSON.stringify(after),
      })
      .execute()
    await audit(tx, admin, 'category_update', 'category', code, { before, after, reason: reason.trim() })
    await sql`select pg_notify(${DIRECTORY_CHANNEL}, 'categories')`.execute(tx)
  })
  await reloadDirectory(app, 'categories')
  const items = (await listCategories(app)).items
  return items.find((c) => c.code === code) as AdminCategory
}

// ── audit log ───────────────────────────────────────────────────────────────────────────────

export async function listAudit(app: AppContext, q: AuditQuery): Promise<{ items: AuditEntry[]; next: number | null }> {
  const limit = q.limit ?? 50
  let query = app.database.db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select(['a.id', 'u.username', 'a.action', 'a.target_kind', 'a.target_id', 'a.detail', 'a.at'])
  if (q.actor) {
    const user = await app.database.db.selectFrom('users').select('id').where('username', '=', q.actor).executeTakeFirst()
    if (!user) return { items: [], next: null }
    query = query.where('a.actor_user_id', '=', user.id)
  }
  if (q.action) query = query.where('a.action', '=', q.action)
  // audit_log.at is a generated timestamp column: compared in SQL
  if (q.from) query = query.where(sql<boolean>`a.at >= ${new Date(q.from)}`)
  if (q.to) query = query.where(sql<boolean>`a.at < ${new Date(q.to)}`)
  if (q.next) query = query.where('a.id', '<', q.next)
  const rows = await query
    .orderBy('a.id', 'desc')
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      actor: r.username,
      action: r.action,
      targetKind: r.target_kind,
      targetId: r.target_id,
      detail: r.detail as Record<string, unknown>,
      at: new Date(r.at as unknown as string).toISOString(),
    })),
    next: rows.length > limit ? Number(page.at(-1)?.id) : null,
  }
}
