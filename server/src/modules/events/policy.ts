/**
 * The events module's role rules outside the lifecycle (lifecycle.ts decides each action by the
 * actor's role and unit): who registers events, who closes one on the spot, who sees a reporter's
 * contact. The role sets are the shared ones of the contracts (the web offers by the same sets).
 */
import { CONTACT_ROLES, INTAKE_ROLES } from '@xiaolan/contracts'
import { forbidden } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import type { Actor } from './lifecycle.ts'

type Staff = Extract<Principal, { kind: 'staff' }>

export function requireIntake(staff: Staff): Staff {
  if (!INTAKE_ROLES.includes(staff.user.role)) throw forbidden('Your role does not register events')
  return staff
}

/** 即办即结 is a grid worker's. */
export function requireOnTheSpot(actor: Actor): Extract<Actor, { kind: 'staff' }> {
  if (actor.kind !== 'staff' || actor.role !== 'grid_worker') throw forbidden('Only grid workers close events on the spot')
  return actor
}

export function requireContactReader(principal: Principal): Staff {
  if (principal.kind !== 'staff' || !CONTACT_ROLES.includes(principal.user.role))
    throw forbidden('Your role may not see reporters’ contacts')
  return principal
}
