/** The accounts module's role rule for every module: what only an administrator may do. */
import { forbidden } from '../../errors.ts'
import type { Principal } from './sessions.ts'

export type Admin = Extract<Principal, { kind: 'staff' }>

/** 403 unless the principal is an administrator (the admin console, the SLA settings). */
export function requireAdmin(principal: Principal): Admin {
  if (principal.kind !== 'staff' || principal.user.role !== 'admin') throw forbidden('Administrators only')
  return principal
}
