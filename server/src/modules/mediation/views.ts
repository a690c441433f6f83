/** A mediation case as the API shows it: parties masked for everyone but the case's mediators (or after a reveal). */
import type { AgreementView, CaseSummaryView, CaseView, PartyView } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import { maskForPublic, maskName, maskPhone } from '../privacy/masker.ts'
import { allowedActions, type CaseAccess } from './policy.ts'
import { type CaseRow, followUpsOf, mediatorRows, mediatorsOf, type PartyRow, partiesOf, sessionsOf } from './queries.ts'

const OPEN = ['pending', 'accepted', 'in_mediation']
/** A term's warning comes at 75 % of it used, as other deadlines' do (DESIGN §8). */
export const TERM_WARNING_SHARE = 0.75

export function termStatus(row: Pick<CaseRow, 'state' | 'term_due' | 'opened_at'>, now: Date): CaseSummaryView['termStatus'] {
  if (!OPEN.includes(row.state)) return 'normal'
  const due = new Date(row.term_due).getTime()
  const opened = new Date(row.opened_at).getTime()
  if (now.getTime() >= due) return 'overdue'
  return now.getTime() >= opened + (due - opened) * TERM_WARNING_SHARE ? 'warning' : 'normal'
}

const maskId = (id: string | null) => (id ? `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}` : null)
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

export function partyView(p: PartyRow, full: boolean): PartyView {
  return {
    id: p.id,
    role: p.role as PartyView['role'],
    name: full ? p.name : (maskName(p.name) as string),
    phone: full ? p.phone : maskPhone(p.phone),
    idNumber: full ? p.id_number : maskId(p.id_number),
    address: full ? p.address : null,
    confirmedAt: iso(p.confirmed_at),
  }
}

/** The agreement; `mask` runs over its words (the parties' names and numbers) for those who see them masked. */
export function agreementView(a: CaseRow['agreement'], mask: (text: string) => string = (t) => t): AgreementView | null {
  if (!a) return null
  const s = a as {
    kind: 'written' | 'oral'
    facts: string
    responsibilities: string
    terms: string
    performance: { how: string; where: string; by: string }
    record: string
    performBy: string
  }
  if (s.kind === 'written')
    return {
      kind: 'written',
      facts: mask(s.facts),
      responsibilities: mask(s.responsibilities),
      terms: mask(s.terms),
      performance: { how: mask(s.performance.how), where: mask(s.performance.where), by: s.performance.by },
      record: null,
      performBy: s.performance.by,
    }
  return {
    kind: 'oral',
    facts: null,
    responsibilities: null,
    terms: null,
    performance: null,
    record: mask(s.record),
    performBy: s.performBy,
  }
}

export function summaryView(app: AppContext, row: CaseRow, eventNumber: string): CaseSummaryView {
  return {
    id: row.id,
    eventId: row.event_id,
    eventNumber,
    unit: app.orgs.ref(row.unit_id) as CaseSummaryView['unit'],
    center: app.orgs.ref(row.center_id) as CaseSummaryView['center'],
    disputeType: row.dispute_type as CaseSummaryView['disputeType'],
    amount: row.amount === null ? null : Number(row.amount),
    state: row.state as CaseSummaryView['state'],
    termDue: new Date(row.term_due).toISOString(),
    termStatus: termStatus(row, app.now()),
    followUpDue: iso(row.follow_up_due),
    openedAt: new Date(row.opened_at).toISOString(),
    version: row.version,
  }
}

export async function caseView(
  app: AppContext,
  row: CaseRow,
  access: CaseAccess,
  eventNumber: string,
  revealed = false,
): Promise<CaseView> {
  const db = app.database.db
  const [parties, sessions, followUps, mediators] = await Promise.all([
    partiesOf(db, row.id),
    sessionsOf(db, row.id),
    followUpsOf(db, row.id),
    mediatorsOf(db, [row.unit_id]),
  ])
  // a session's mediator may be of an organisation the case has since left
  const byId = new Map((await mediatorRows(db, [...new Set(sessions.map((s) => s.mediator_id))])).map((m) => [m.id, m]))
  const full = access === 'mediator' || revealed
  // the record, attendees and agreement name the parties: masked by their names and numbers, as public text is
  const known = { names: parties.map((p) => p.name), numbers: parties.flatMap((p) => [p.phone, p.id_number]) }
  const mask = full ? (t: string) => t : (t: string) => maskForPublic(t, known)
  return {
    ...summaryView(app, row, eventNumber),
    summary: mask(row.summary),
    refusalReason: row.refusal_reason,
    outcome: row.outcome as CaseView['outcome'],
    referral: row.referral_kind
      ? {
          kind: row.referral_kind as NonNullable<CaseView['referral']>['kind'],
          unit: app.orgs.ref(row.referral_unit_id),
          note: row.referral_note ?? '',
        }
      : null,
    agreement: agreementView(row.agreement, mask),
    agreedAt: iso(row.agreed_at),
    reopenCount: row.reopen_count,
    closedAt: iso(row.closed_at),
    partiesMasked: !full,
    parties: parties.map((p) => partyView(p, full)),
    sessions: sessions.map((s) => {
      const m = byId.get(s.mediator_id)
      return {
        id: s.id,
        heldAt: new Date(s.held_at).toISOString(),
        place: s.place,
        mediator: { id: s.mediator_id, name: m?.name ?? '', title: m?.title ?? null },
        attendees: s.attendees.map(mask),
        record: mask(s.record),
      }
    }),
    followUps: followUps.map((f) => ({ id: f.id, performed: f.performed, note: f.note, visitedAt: new Date(f.visited_at).toISOString() })),
    mediators: mediators.map((m) => ({ id: m.id, name: m.name, title: m.title })),
    allowedActions: allowedActions(access, row),
    canReveal: access === 'center',
  }
}
