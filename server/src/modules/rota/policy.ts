/**
 * Who may do what with the rota: the city center's staff and administrators plan it; staff read it;
 * the screen's viewers see who is on duty; a city or district center's staff (and the city's
 * supervisors, leaders and administrators, for the city center) read their hall.
 */
import { forbidden } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import type { OrgDirectory, OrgUnit } from '../orgs/directory.ts'

export type Staff = Extract<Principal, { kind: 'staff' }>

const CITY_OVERSIGHT = new Set(['supervisor', 'leader', 'admin'])

export function isRotaEditor(staff: Staff, orgs: OrgDirectory): boolean {
  const { role, unitId } = staff.user
  return role === 'admin' || (role === 'center_staff' && unitId === orgs.root().id)
}

export function requireRotaEditor(staff: Staff, orgs: OrgDirectory): Staff {
  if (!isRotaEditor(staff, orgs)) throw forbidden("Only the city center's staff and administrators plan the rota")
  return staff
}

/** The center whose hall the caller reads: their own city or district center; the city's for its oversight roles. */
export function hallCenter(staff: Staff, orgs: OrgDirectory): OrgUnit {
  const { role, unitId } = staff.user
  if (CITY_OVERSIGHT.has(role)) return orgs.root()
  const mine = orgs.unit(unitId)
  if (role !== 'center_staff' || !mine || mine.kind !== 'center' || mine.level > 2)
    throw forbidden('Only the city and district centers have departments stationed in their hall')
  return mine
}
