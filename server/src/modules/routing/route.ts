/**
 * Where an event goes first (DESIGN §5, routing): bottom-up. A located event whose category the
 * community can resolve goes to its community center; otherwise to its district center, which
 * dispatches to a department. Without a location it waits at the city center to be screened.
 */
import type { OrgDirectory, OrgUnit } from '../orgs/directory.ts'

export interface RoutingInput {
  communityResolvable: boolean
  communityId: number | null
  districtId: number | null
}

export function firstUnit(input: RoutingInput, orgs: OrgDirectory): OrgUnit | null {
  if (input.communityResolvable && input.communityId !== null) return orgs.unit(input.communityId) ?? null
  if (input.districtId !== null) return orgs.unit(input.districtId) ?? null
  return null
}

/** The department that owns a category in an event's district (or the city's), for dispatch hints. */
export function ownerDepartment(owner: string, districtId: number | null, orgs: OrgDirectory): OrgUnit | undefined {
  return orgs.departmentFor(owner, districtId ?? orgs.root().id)
}
