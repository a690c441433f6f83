/** The 12345 desk's role rules: who works it, and who records a call answered on the spot. */
import { DESK_ROLES } from '@xiaolan/contracts'
import { forbidden } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'

type Staff = Extract<Principal, { kind: 'staff' }>

export function requireDesk(principal: Principal): Staff {
  if (principal.kind !== 'staff' || !DESK_ROLES.includes(principal.user.role)) throw forbidden('The hotline desk is for operators')
  return principal
}

/** An answered call closes an event at once: only a 12345 operator records one. */
export function requireOperator(principal: Principal): Staff {
  const staff = requireDesk(principal)
  if (staff.user.role !== 'operator') throw forbidden('Only 12345 operators record answered calls')
  return staff
}
