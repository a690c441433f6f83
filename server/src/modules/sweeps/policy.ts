/**
 * Who may do what with a sweep (隐患联排). A district or street center's staff launch one over their
 * subtree (or a center below them); the staff of any center whose area overlaps the sweep's read it
 * and its progress; supervisors and leaders read every sweep; the launching center and those above
 * close it; a grid worker reads the sweeps that hold targets in their grid and checks those targets
 * only. Everyone else: forbidden for the role, not found outside the area.
 */
import { forbidden } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import { isWithin } from '../events/lifecycle.ts'
import type { OrgDirectory, OrgUnit } from '../orgs/directory.ts'

export type Staff = Extract<Principal, { kind: 'staff' }>

/** How the caller reads sweeps: as a center (its unit), as oversight (all), or as a grid's worker. */
export type SweepReader = { as: 'center'; unit: OrgUnit } | { as: 'oversight' } | { as: 'grid'; gridId: number }

export function sweepReader(staff: Staff, orgs: OrgDirectory): SweepReader {
  const { role, unitId } = staff.user
  if (role === 'supervisor' || role === 'leader') return { as: 'oversight' }
  const unit = orgs.unit(unitId)
  if (role === 'center_staff' && unit?.kind === 'center') return { as: 'center', unit }
  if (role === 'grid_worker' && unit?.kind === 'grid') return { as: 'grid', gridId: unit.id }
  throw forbidden('Your role does not take part in hazard sweeps')
}

/** The launching center: a district's or a street's, sweeping itself or a center of its subtree. */
export function requireLauncher(staff: Staff, orgs: OrgDirectory, scopeId: number | undefined): { center: OrgUnit; scope: OrgUnit } {
  const center = orgs.unit(staff.user.unitId)
  if (staff.user.role !== 'center_staff' || center?.kind !== 'center' || (center.level !== 2 && center.level !== 3))
    throw forbidden('A district or street center launches a sweep')
  const scope = scopeId === undefined ? center : orgs.unit(scopeId)
  if (scope?.kind !== 'center' || !scope.active || !isWithin(scope, center))
    throw forbidden('The sweep’s scope is a center in your own subtree')
  return { center, scope }
}

/** Whether a center reads a sweep: its area and the sweep's overlap (one holds the other). */
export function centerReads(unit: OrgUnit, sweep: { scope_path: string }): boolean {
  return sweep.scope_path.startsWith(unit.path) || unit.path.startsWith(sweep.scope_path)
}

/** Whether the caller may close the sweep: staff of the launching center or of a center above it. */
export function mayClose(reader: SweepReader, center: OrgUnit | undefined): boolean {
  return reader.as === 'center' && center !== undefined && isWithin(center, reader.unit)
}

/** Only a grid's own worker checks its targets. */
export function requireChecker(reader: SweepReader, target: { grid_id: number }): void {
  if (reader.as !== 'grid') throw forbidden('Grid workers check sweep targets')
  if (reader.gridId !== target.grid_id) throw forbidden('This target belongs to another grid')
}
