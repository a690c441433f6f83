/** The patrols module's role rule: a patrol check-in is a grid worker's. */
import { forbidden } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'

type Staff = Extract<Principal, { kind: 'staff' }>

export function requirePatrol(staff: Staff): Staff {
  if (staff.user.role !== 'grid_worker') throw forbidden('Only grid workers check in on patrol')
  return staff
}
