/**
 * The staff areas of the web app (DESIGN §2) and the roles that work in each. The staff shell offers
 * a user exactly their role's areas, each area's route turns the other roles away, and the login
 * page sends a user to their role's home. The server checks every call on its own; this table
 * follows what each role's work is there for:
 *   workbench  the units that handle events (centers, departments, mediation, forces) and the supervisors who urge them
 *   hotline    the 12345 desk (DESK_ROLES: operators, and center staff and supervisors who take calls too)
 *   grid       grid workers in the field
 *   screen     the big screen of an area: center staff, supervisors, leaders and the city's administrators
 *   kpi        performance of a unit's subtree: every role that heads or handles work, and the administrators (its settings)
 *   admin      administrators
 */
import { DESK_ROLES, type Role } from '@xiaolan/contracts'

/** In the order the shell lists them. */
export const STAFF_AREAS = ['workbench', 'hotline', 'grid', 'screen', 'kpi', 'admin'] as const
export type StaffArea = (typeof STAFF_AREAS)[number]

const AREA_ROLES: Record<StaffArea, readonly Role[]> = {
  workbench: ['center_staff', 'dept_staff', 'mediator', 'supervisor'],
  hotline: DESK_ROLES,
  grid: ['grid_worker'],
  screen: ['center_staff', 'supervisor', 'leader', 'admin'],
  kpi: ['center_staff', 'dept_staff', 'mediator', 'supervisor', 'leader', 'admin'],
  admin: ['admin'],
}

/** Where a role starts after signing in: the area its work is done in. */
const HOME: Record<Role, StaffArea> = {
  operator: 'hotline',
  grid_worker: 'grid',
  center_staff: 'workbench',
  dept_staff: 'workbench',
  mediator: 'workbench',
  supervisor: 'workbench',
  leader: 'screen',
  admin: 'admin',
}

export const mayUseArea = (role: Role, area: StaffArea) => AREA_ROLES[area].includes(role)

export const areasOf = (role: Role): StaffArea[] => STAFF_AREAS.filter((area) => mayUseArea(role, area))

export const areaPath = (area: StaffArea) => `/${area}`

export const homeOf = (role: Role) => areaPath(HOME[role])

/** The staff area a path is in (`/kpi/settings` → kpi), or null for the resident and public pages. */
export function areaOfPath(pathname: string): StaffArea | null {
  const first = pathname.split('/')[1] ?? ''
  return (STAFF_AREAS as readonly string[]).includes(first) ? (first as StaffArea) : null
}

/**
 * Where the login page sends a user: the page they were sent from (`next`, after a session ended
 * while they worked) when it is one of their role's areas, else their home. So a `next` left by
 * someone else, or a page that is not theirs, does not decide where the next user lands.
 */
export function landingOf(role: Role, next: string | null): string {
  if (next?.startsWith('/') && !next.startsWith('//')) {
    const area = areaOfPath(new URL(next, 'http://x').pathname)
    if (area && mayUseArea(role, area)) return next
  }
  return homeOf(role)
}
