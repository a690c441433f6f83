/**
 * The admin console's use cases: the org tree, staff accounts, categories and the audit log. Every
 * change is one transaction that writes the row, the audit log and — for org units and categories —
 * the change log with its reason (who, when, why; FixMyStreet keeps the same trail). An edit is
 * checked first (guards.ts: nothing may leave a state that start-up, routing or the lifecycle
 * cannot handle), then the row, the logs, the NOTIFY and the rebuilt in-memory catalogue (org
 * directory, categories) are made in one transaction: if any of it fails nothing is written, and
 * this instance serves the new catalogue from the moment the edit commits.
 */

import { randomUUID } from 'node:crypto'
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
  Page,
  Role,
} from '@xiaolan/contracts'
import { DESK_ROLES } from '@xiaolan/contracts'
import { sql, type Transaction } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { conflict, forbidden, invalid, notFound } from '../../errors.ts'
import { pageOf, readCursor } from '../../keyset.ts'
import { clearLoginThrottle, lockedUntil } from '../accounts/login-throttle.ts'
import { hashPassword } from '../accounts/passwords.ts'
import { type Admin, requireAdmin } from '../accounts/policy.ts'
import type { Principal } from '../accounts/sessions.ts'
import {
  insertUser,
  revokeSessions,
  setPassword,
  updateUserRow,
  userByAgentNumber,
  userIdOf,
  usernames,
  userRow,
  userRows,
} from '../accounts/users.ts'
import { auditEntries, recordAudit, recordChange } from '../audit/log.ts'
import {
  allCategories,
  type CategoryCatalog,
  loadCategories as loadCategoryCatalog,
  lockCategory,
  updateCategoryRow,
} from '../events/categories.ts'
import { loadOrgDirectory, type OrgDirectory, type OrgUnit } from '../orgs/directory.ts'
import { lockUnit, updateUnit } from '../orgs/units.ts'
import { checkCanDeactivate, checkCanReactivate, checkName, checkOwner, checkRoleFits, checkUnitActive } from './guards.ts'

const audit = (tx: Transaction<DB>, admin: Admin, action: string, targetKind: string, targetId: string, detail: Record<string, unknown>) =>
  recordAudit(tx, { actorUserId: admin.user.id, action, targetKind, targetId, detail })

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

type Catalogue = 'orgs' | 'categories'

/**
 * Installs a freshly loaded catalogue unless a load started later was installed already: loads
 * triggered by notices can finish out of order, and an older one must not undo a newer edit.
 */
const installed = new WeakMap<AppContext, Record<Catalogue, number>>()
let loadTicket = 0
function install(app: AppContext, what: 'orgs', ticket: number, value: OrgDirectory): void
function install(app: AppContext, what: 'categories', ticket: number, value: CategoryCatalog): void
function install(app: AppContext, what: Catalogue, ticket: number, value: OrgDirectory | CategoryCatalog) {
  const seen = installed.get(app) ?? { orgs: 0, categories: 0 }
  installed.set(app, seen)
  if (ticket < seen[what]) return
  seen[what] = ticket
  if (what === 'orgs') app.orgs = value as OrgDirectory
  else app.categories = value as CategoryCatalog
}

export async function reloadDirectory(app: AppContext, what: Catalogue) {
  const ticket = ++loadTicket
  if (what === 'orgs') install(app, what, ticket, await loadOrgDirectory(app.database.db))
  else install(app, what, ticket, await loadCategoryCatalog(app.database.db))
}

/** Names this app in its notices (`orgs <instance>`), so it does not reload what it installed itself. */
const instances = new WeakMap<AppContext, string>()
export function instanceOf(app: AppContext): string {
  const known = instances.get(app)
  if (known) return known
  const id = randomUUID()
  instances.set(app, id)
  return id
}

const announce = (tx: Transaction<DB>, app: AppContext, what: Catalogue) =>
  sql`select pg_notify(${DIRECTORY_CHANNEL}, ${`${what} ${instanceOf(app)}`})`.execute(tx)

/** Admin edits of the org tree and the categories run one at a time, so their checks see each other. */
const lockDirectory = (tx: Transaction<DB>) => sql`select pg_advisory_xact_lock(hashtext(${DIRECTORY_CHANNEL}))`.execute(tx)

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

/**
 * Renames or (de)activates a unit. Deactivation is refused (409 `unit_in_use`, with what is left)
 * while the unit has active children, unfinished events, enabled accounts or is the last active
 * department owning categories; reactivation under an inactive parent is refused (409
 * `parent_inactive`); a name is 2–60 characters and unique among its siblings (409 `name_taken`).
 */
export async function updateOrg(app: AppContext, principal: Principal, code: string, patch: AdminOrgPatch): Promise<AdminOrg> {
  const admin = requireAdmin(principal)
  const unit = app.orgs.byCode(code)
  if (!unit) throw notFound('Unit')
  if (patch.name === undefined && patch.active === undefined) throw invalid('name', 'Change the name or the active flag')
  if (patch.active === false && unit.parentId === null) throw invalid('active', 'The city center cannot be deactivated')
  const reason = patch.reason.trim()
  if ([...reason].length < 2) throw invalid('reason', 'Say why, in at least two characters')
  const name = patch.name === undefined ? unit.name : checkName(patch.name, unit, app.orgs)
  const directory = await app.database.db.transaction().execute(async (tx) => {
    await lockDirectory(tx)
    const active = await lockUnit(tx, unit.id, 'update')
    const before = { name: unit.name, active }
    const after = { name, active: patch.active ?? active }
    if (active && !after.active) await checkCanDeactivate(tx, unit, app.orgs)
    if (!active && after.active) await checkCanReactivate(tx, unit, app.orgs)
    await updateUnit(tx, unit.id, after)
    await recordChange(tx, { subject: 'org_unit', key: code, actorUserId: admin.user.id, reason, before, after })
    await audit(tx, admin, 'org_update', 'org_unit', code, { before, after, reason })
    await announce(tx, app, 'orgs')
    // the tree every instance will load, built before commit: if it cannot be built, nothing is written
    return loadOrgDirectory(tx)
  })
  install(app, 'orgs', ++loadTicket, directory)
  return orgView(app, directory.byCode(code) as OrgUnit)
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
  agent_number: string | null
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
  agentNumber: r.agent_number,
})

/** Staff accounts, newest id first, filtered by name/username, role and unit; keyset paging by id. */
export async function listUsers(app: AppContext, q: AdminUsersQuery): Promise<Page<AdminUser>> {
  const limit = q.limit ?? 50
  const { page, next } = pageOf(
    await userRows(app.database.db, {
      like: q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined,
      role: q.role,
      unitId: q.unit ? unitOf(app, q.unit, 'unit').id : undefined,
      before: readCursor(q.next, ['int4'])?.[0],
      limit: limit + 1,
    }),
    limit,
    (r) => [r.id],
  )
  const locks = await lockedUntil(
    app.database.db,
    page.map((r) => r.username),
    app.now(),
  )
  return {
    items: page.map((r) => userView(app, r, locks.get(r.username))),
    next,
  }
}

function unitOf(app: AppContext, code: string, field: string) {
  const unit = app.orgs.byCode(code)
  if (!unit) throw invalid(field, `No unit ${code}`)
  return unit
}

/** A filter on an existing unit; an account is placed only in an active one (409 `unit_inactive`). */
function activeUnitOf(app: AppContext, code: string, field: string) {
  const unit = unitOf(app, code, field)
  if (!unit.active) throw conflict('unit_inactive', `${code} is inactive`, { field, unitCode: code })
  return unit
}

export async function createUser(app: AppContext, principal: Principal, body: AdminUserBody): Promise<AdminUser> {
  const admin = requireAdmin(principal)
  const displayName = body.displayName.trim()
  if (!displayName) throw invalid('displayName', 'Give the name shown to colleagues')
  const unit = activeUnitOf(app, body.unitCode, 'unitCode')
  checkRoleFits(body.role, unit, 'role')
  const hash = await hashPassword(body.password)
  return app.database.db.transaction().execute(async (tx) => {
    await checkUnitActive(tx, unit, 'unitCode')
    if (await userIdOf(tx, body.username)) throw conflict('username_taken', 'This username is already taken', { field: 'username' })
    const row = await insertUser(tx, {
      username: body.username,
      display_name: displayName,
      role: body.role,
      unit_id: unit.id,
      password_hash: hash,
    })
    await audit(tx, admin, 'user_create', 'user', body.username, { role: body.role, unit: unit.code })
    return userView(app, row)
  })
}

export async function updateUser(app: AppContext, principal: Principal, id: number, patch: AdminUserPatch): Promise<AdminUser> {
  const admin = requireAdmin(principal)
  if (id === admin.user.id && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin'))) {
    throw forbidden('You cannot disable your own account or take away your own admin role')
  }
  if (patch.displayName !== undefined && !patch.displayName.trim()) throw invalid('displayName', 'Give the name shown to colleagues')
  const unit = patch.unitCode === undefined ? undefined : activeUnitOf(app, patch.unitCode, 'unitCode')
  return app.database.db.transaction().execute(async (tx) => {
    const before = await userRow(tx, id, true)
    if (!before) throw notFound('User')
    // the account as it will be: an enabled one works in an active unit of a kind that fits its role
    const target = unit ?? (app.orgs.unit(before.unit_id) as OrgUnit)
    const role = patch.role ?? (before.role as Role)
    const enabled = !(patch.disabled ?? before.disabled)
    if (patch.role !== undefined || unit || (enabled && before.disabled)) {
      checkRoleFits(role, target, patch.role !== undefined ? 'role' : 'unitCode')
    }
    if (unit || (enabled && before.disabled)) await checkUnitActive(tx, target, 'unitCode')
    // 来电弹屏: the CTI names the desk's operators by their agent number, one account each
    const agent = patch.agentNumber === undefined ? before.agent_number : patch.agentNumber
    if (agent !== null && !DESK_ROLES.includes(role)) throw invalid('agentNumber', 'Only the desk’s roles have an agent number')
    if (patch.agentNumber && patch.agentNumber !== before.agent_number && (await userByAgentNumber(tx, patch.agentNumber)) !== undefined) {
      throw conflict('agent_number_taken', 'Another account has this agent number', { field: 'agentNumber' })
    }
    const row = await updateUserRow(tx, id, {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName.trim() } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(unit ? { unit_id: unit.id } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(patch.agentNumber !== undefined ? { agent_number: patch.agentNumber } : {}),
    })
    // a new role, unit or a disabled account takes effect now, not when the session expires
    if (patch.disabled || patch.role !== undefined || unit) await revokeSessions(tx, id)
    const changed = (r: UserRow) => ({
      role: r.role,
      unit: app.orgs.ref(r.unit_id)?.code,
      disabled: r.disabled,
      displayName: r.display_name,
      agentNumber: r.agent_number,
    })
    await audit(tx, admin, 'user_update', 'user', before.username, { before: changed(before), after: changed(row) })
    return userView(app, row, (await lockedUntil(tx, [row.username], app.now())).get(row.username))
  })
}

/** Ends a login lock (and the count of failures) before it runs out, audited with what was cleared. */
export async function unlockUser(app: AppContext, principal: Principal, id: number): Promise<AdminUser> {
  const admin = requireAdmin(principal)
  return app.database.db.transaction().execute(async (tx) => {
    const row = await userRow(tx, id)
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
    const username = await setPassword(tx, id, hash)
    if (!username) throw notFound('User')
    await revokeSessions(tx, id)
    await audit(tx, admin, 'password_reset', 'user', username, {})
  })
  return { ok: true }
}

// ── categories ──────────────────────────────────────────────────────────────────────────────

export async function listCategories(app: AppContext): Promise<{ items: AdminCategory[] }> {
  return { items: await allCategories(app.database.db) }
}

/** The owner department (a department `function`), community_resolvable and default priority, with a reason. */
export async function updateCategory(
  app: AppContext,
  principal: Principal,
  code: string,
  patch: AdminCategoryPatch,
): Promise<AdminCategory> {
  const admin = requireAdmin(principal)
  const { reason: given, ...change } = patch
  if (!Object.keys(change).length) throw invalid('owner', 'Change the owner, community_resolvable or the priority')
  const reason = given.trim()
  if ([...reason].length < 2) throw invalid('reason', 'Say why, in at least two characters')
  const catalog = await app.database.db.transaction().execute(async (tx) => {
    await lockDirectory(tx)
    // an owner no active department serves would leave the category with nobody to dispatch to
    if (change.owner !== undefined) checkOwner(change.owner, app.orgs)
    const row = await lockCategory(tx, code)
    if (!row) throw notFound('Category')
    const before = { owner: row.owner, communityResolvable: row.community_resolvable, priority: row.priority }
    const after = { ...before, ...change }
    await updateCategoryRow(tx, code, { owner: after.owner, community_resolvable: after.communityResolvable, priority: after.priority })
    await recordChange(tx, { subject: 'category', key: code, actorUserId: admin.user.id, reason, before, after })
    await audit(tx, admin, 'category_update', 'category', code, { before, after, reason })
    await announce(tx, app, 'categories')
    return loadCategoryCatalog(tx)
  })
  install(app, 'categories', ++loadTicket, catalog)
  const items = (await listCategories(app)).items
  return items.find((c) => c.code === code) as AdminCategory
}

// ── audit log ───────────────────────────────────────────────────────────────────────────────

export async function listAudit(app: AppContext, q: AuditQuery): Promise<Page<AuditEntry>> {
  const limit = q.limit ?? 50
  const db = app.database.db
  const actorUserId = q.actor ? await userIdOf(db, q.actor) : undefined
  if (q.actor && actorUserId === undefined) return { items: [], next: null }
  const { page, next } = pageOf(
    await auditEntries(db, {
      actorUserId,
      action: q.action,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      before: readCursor(q.next, ['bigint'])?.[0],
      limit: limit + 1,
    }),
    limit,
    (r) => [Number(r.id)],
  )
  const names = await usernames(
    db,
    page.map((r) => r.actor_user_id),
  )
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      actor: r.actor_user_id === null ? null : (names.get(r.actor_user_id) ?? null),
      action: r.action,
      targetKind: r.target_kind,
      targetId: r.target_id,
      detail: r.detail as Record<string, unknown>,
      at: r.at.toISOString(),
    })),
    next,
  }
}
