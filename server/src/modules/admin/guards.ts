/**
 * What an admin edit must not break. Every check here runs inside the edit's transaction, before
 * anything is written, so an edit that would leave a state the next start-up, routing or the
 * lifecycle cannot handle is refused (409 with a code the admin console puts in plain words) and
 * nothing changes. The invariants they keep:
 *   - an active unit's parent is active (so the locator and escalation always find a center);
 *   - an inactive unit holds no unfinished event, is no dispatcher, last handler or summoned unit
 *     of one, and has no enabled account (nobody works for a unit that does not exist);
 *   - every category's owner is the `function` of some active department;
 *   - every enabled account's role fits the kind of its (active) unit.
 */
import type { OrgKind, Role } from '@xiaolan/contracts'
import type { Transaction } from 'kysely'
import type { DB } from '../../db/types.ts'
import { conflict, invalid } from '../../errors.ts'
import { enabledUsersIn } from '../accounts/users.ts'
import { categoriesOwnedBy } from '../events/categories.ts'
import { unfinishedEventsOf } from '../events/queries.ts'
import type { OrgDirectory, OrgUnit } from '../orgs/directory.ts'
import { activeChildrenOf, lockUnit } from '../orgs/units.ts'

/**
 * The roles an account of each kind of unit may hold — the same pairing the seed gives every unit
 * (`c-` center_staff, `d-`/`f-` dept_staff, `m-` mediator, `g-` grid_worker); the city-wide roles
 * (12345 operators, supervisors, leaders, administrators) sit at a center.
 */
export const ROLES_BY_KIND: Record<OrgKind, readonly Role[]> = {
  center: ['center_staff', 'operator', 'supervisor', 'leader', 'admin'],
  department: ['dept_staff'],
  force: ['dept_staff'],
  mediation: ['mediator'],
  grid: ['grid_worker'],
}

/** 409 `role_unit_mismatch`: the role cannot work in a unit of this kind. */
export function checkRoleFits(role: Role, unit: OrgUnit, field: 'role' | 'unitCode') {
  if (!ROLES_BY_KIND[unit.kind].includes(role)) {
    throw conflict('role_unit_mismatch', `A ${role} cannot work in a ${unit.kind}`, {
      field,
      role,
      unitKind: unit.kind,
      allowed: ROLES_BY_KIND[unit.kind],
    })
  }
}

/** 409 `unit_inactive`: accounts work only in active units. */
export async function checkUnitActive(tx: Transaction<DB>, unit: OrgUnit, field: string) {
  if (!(await lockUnit(tx, unit.id, 'share'))) {
    throw conflict('unit_inactive', `${unit.code} is inactive`, { field, unitCode: unit.code })
  }
}

/** Everything that still depends on a unit, counted; all zero when it may be deactivated. */
export interface UnitUse {
  children: number
  openEvents: number
  users: number
  categories: number
}

export async function unitUse(tx: Transaction<DB>, unit: OrgUnit, orgs: OrgDirectory): Promise<UnitUse> {
  const [children, openEvents, users] = await Promise.all([
    activeChildrenOf(tx, unit.id),
    unfinishedEventsOf(tx, unit.id),
    enabledUsersIn(tx, unit.id),
  ])
  // a department is a category's owner only while no other active one does the same work
  const otherDoesIt =
    unit.kind !== 'department' ||
    !unit.function ||
    orgs.all().some((u) => u.id !== unit.id && u.active && u.kind === 'department' && u.function === unit.function)
  const categories = otherDoesIt ? 0 : await categoriesOwnedBy(tx, unit.function as string)
  return { children, openEvents, users, categories }
}

/** 409 `unit_in_use`, saying what is left and how much of it, or nothing when the unit is free. */
export async function checkCanDeactivate(tx: Transaction<DB>, unit: OrgUnit, orgs: OrgDirectory) {
  const use = await unitUse(tx, unit, orgs)
  if (use.children + use.openEvents + use.users + use.categories > 0) {
    throw conflict('unit_in_use', `${unit.code} still has work or people: move or finish them first`, { field: 'active', ...use })
  }
}

/** 409 `parent_inactive`: a unit comes back only under an active parent. */
export async function checkCanReactivate(tx: Transaction<DB>, unit: OrgUnit, orgs: OrgDirectory) {
  if (unit.parentId === null) return
  if (!(await lockUnit(tx, unit.parentId, 'share'))) {
    throw conflict('parent_inactive', 'Reactivate the parent unit first', {
      field: 'active',
      parentCode: orgs.unit(unit.parentId)?.code ?? null,
    })
  }
}

/**
 * A unit's name: 2–60 characters after trimming, and no sibling (active or not, so reactivating
 * one cannot make two) nor unit above it already has it — two 幸福里社区 under one street cannot be told apart in a
 * cascader, a dispatch list or a KPI table. 409 `name_taken` for the duplicate.
 */
export function checkName(name: string, unit: OrgUnit, orgs: OrgDirectory): string {
  const trimmed = name.trim()
  const length = [...trimmed].length
  if (length < 2 || length > 60) throw invalid('name', 'A name has 2 to 60 characters')
  const siblings = unit.parentId === null ? [] : orgs.children(unit.parentId)
  // nor any unit above it: a community called 刘家堡街道, or a district called 兰州市, reads as its parent
  const above: OrgUnit[] = []
  for (let id = unit.parentId; id !== null; id = orgs.unit(id)?.parentId ?? null) {
    const parent = orgs.unit(id)
    if (!parent) break
    above.push(parent)
  }
  const twin = [...siblings, ...above].find((u) => u.id !== unit.id && u.name === trimmed)
  if (twin) throw conflict('name_taken', `${twin.code} already has this name`, { field: 'name', code: twin.code })
  return trimmed
}

/** 400 on `owner` unless some active department does this work. */
export function checkOwner(owner: string, orgs: OrgDirectory) {
  if (!orgs.all().some((u) => u.kind === 'department' && u.active && u.function === owner)) {
    throw invalid('owner', `No active department does ${owner}`)
  }
}
