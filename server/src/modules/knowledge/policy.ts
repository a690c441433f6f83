/**
 * Who may do what with the knowledge base. Administrators and the 12345 knowledge desk (the city's
 * `hotline_kb` department) edit and review every article; a department's staff write their own
 * department's articles and submit them for review, but do not publish them. Anyone may search
 * what is published and valid.
 */
import type { AppContext } from '../../context.ts'
import { forbidden } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'

export type Staff = Extract<Principal, { kind: 'staff' }>

/** An administrator or a member of the 12345 knowledge desk: may review and publish any article. */
export function isReviewer(app: AppContext, staff: Staff): boolean {
  return staff.user.role === 'admin' || (staff.user.role === 'dept_staff' && app.orgs.unit(staff.user.unitId)?.function === 'hotline_kb')
}

/** The knowledge page: reviewers see every article, a department's staff their department's (`unitId`). */
export function requireEditor(app: AppContext, principal: Principal): { staff: Staff; unitId?: number } {
  if (principal.kind !== 'staff') throw forbidden('Staff only')
  if (isReviewer(app, principal)) return { staff: principal }
  if (principal.user.role !== 'dept_staff') throw forbidden('Only administrators and departments edit the knowledge base')
  return { staff: principal, unitId: principal.user.unitId }
}

/** 403 unless the editor may change an article owned by `unitId`. */
export function requireOwnArticle(editor: { unitId?: number }, unitId: number) {
  if (editor.unitId !== undefined && editor.unitId !== unitId) throw forbidden("Another department's article")
}

export function requireReviewer(app: AppContext, staff: Staff) {
  if (!isReviewer(app, staff)) throw forbidden('Only administrators and the 12345 knowledge desk review articles')
}
