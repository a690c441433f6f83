/**
 * The alerts module's role rules: staff see the alerts of their unit's subtree; acting on one
 * (assign, acknowledge, close, note) is for the roles that run a center's work.
 */
import type { Role } from '@xiaolan/contracts'
import { forbidden, notFound } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import type { OrgDirectory } from '../orgs/directory.ts'

type Staff = Extract<Principal, { kind: 'staff' }>

export const ALERT_ACTION_ROLES: readonly Role[] = ['center_staff', 'supervisor', 'leader', 'admin']

/** The path whose subtree a staff member's alerts come from. */
export function alertScope(staff: Staff, orgs: OrgDirectory): string {
  return (orgs.unit(staff.user.unitId) ?? orgs.root()).path
}

/** An alert outside the staff member's subtree is not there for them (404). */
export function requireInScope(staff: Staff, orgs: OrgDirectory, unitPath: string) {
  if (!unitPath.startsWith(alertScope(staff, orgs))) throw notFound('Alert')
}

export function requireAlertActor(staff: Staff): Staff {
  if (!ALERT_ACTION_ROLES.includes(staff.user.role)) throw forbidden('Your role does not act on alerts')
  return staff
}

/**
 * 吹哨 from an alert is a center's: its staff, at street level or above (the lifecycle's whistle
 * rule), acting for a center whose subtree holds the alert (requireInScope, checked first).
 */
export function requireWhistler(staff: Staff, orgs: OrgDirectory): Staff {
  const unit = orgs.unit(staff.user.unitId)
  if (staff.user.role !== 'center_staff' || unit?.kind !== 'center' || unit.level > 3) {
    throw forbidden('Only the staff of a street, district or city center whistle the departments')
  }
  return staff
}
