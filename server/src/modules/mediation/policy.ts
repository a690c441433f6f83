/**
 * Who may do what with a mediation case. The case's mediators (the `mediator` accounts of the
 * organisation handling it) work it and see its parties in full; the staff of the center that opened
 * it and of the centers above read it with the parties masked, may reveal them (audited) and forward a
 * failed or passed case; supervisors and leaders read it masked. Everyone else: not found.
 */
import type { CaseActionBody, MediationCaseAction } from '@xiaolan/contracts'
import { conflict, forbidden } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import { isWithin } from '../events/lifecycle.ts'
import type { OrgDirectory } from '../orgs/directory.ts'
import type { CaseRow } from './queries.ts'

export type Staff = Extract<Principal, { kind: 'staff' }>
export type CaseAccess = 'mediator' | 'center' | 'oversight'

/** The caller's access to a case, or null (the case is then not found for them). */
export function caseAccess(staff: Staff, row: Pick<CaseRow, 'unit_id' | 'center_id'>, orgs: OrgDirectory): CaseAccess | null {
  const { role, unitId } = staff.user
  if (role === 'mediator') return unitId === row.unit_id ? 'mediator' : null
  if (role === 'supervisor' || role === 'leader') return 'oversight'
  if (role !== 'center_staff') return null
  const mine = orgs.unit(unitId)
  const center = orgs.unit(row.center_id)
  return mine?.kind === 'center' && center && isWithin(center, mine) ? 'center' : null
}

/** Only center staff decide to mediate an event (a mediator may open a case for an event their unit holds). */
export function requireCaseOpener(staff: Staff): Staff {
  if (staff.user.role !== 'center_staff' && staff.user.role !== 'mediator') throw forbidden('Your role does not open mediation cases')
  return staff
}

/** What each action needs: the access and the case states it starts from. */
const RULES: Record<MediationCaseAction, { who: CaseAccess; from: CaseRow['state'][] }> = {
  accept: { who: 'mediator', from: ['pending'] },
  refuse: { who: 'mediator', from: ['pending'] },
  summon: { who: 'mediator', from: ['accepted', 'in_mediation'] },
  session: { who: 'mediator', from: ['accepted', 'in_mediation'] },
  agree: { who: 'mediator', from: ['in_mediation'] },
  fail: { who: 'mediator', from: ['accepted', 'in_mediation'] },
  transfer: { who: 'mediator', from: ['pending', 'accepted', 'in_mediation'] },
  follow_up: { who: 'mediator', from: ['agreed'] },
  forward: { who: 'center', from: ['failed', 'transferring'] },
}

/** The actions the caller may take on the case now (the page offers these). */
export function allowedActions(access: CaseAccess | null, row: Pick<CaseRow, 'state' | 'referral_kind'>): MediationCaseAction[] {
  return (Object.keys(RULES) as MediationCaseAction[]).filter((a) => {
    const rule = RULES[a]
    if (rule.who !== access || !rule.from.includes(row.state)) return false
    // a failure referred outside (litigation, arbitration) is over: nothing to forward
    return a !== 'forward' || row.state === 'transferring' || row.referral_kind === 'department' || row.referral_kind === 'mediation'
  })
}

export function requireAction(access: CaseAccess | null, row: Pick<CaseRow, 'state' | 'referral_kind'>, body: CaseActionBody) {
  if (allowedActions(access, row).includes(body.type)) return
  const rule = RULES[body.type]
  if (rule.who !== access)
    throw forbidden(`Only the ${rule.who === 'mediator' ? "case's mediators" : 'center staff over the case'} may ${body.type}`)
  throw conflict('invalid_transition', `Cannot ${body.type} a case that is ${row.state}`, { state: row.state, action: body.type })
}
