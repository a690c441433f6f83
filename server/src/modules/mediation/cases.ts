/**
 * The mediation case's use cases (issue 19 item 2). A case is opened from an event a center decides
 * to mediate (the event is dispatched to the organisation) or by a mediator for an event their
 * organisation holds; its steps move the event through the events module's own commands
 * (`actOnEvent`): 受理 signs it, a refusal or a failure the center must forward returns it to the
 * center, an agreement or an outside referral (litigation, arbitration) resolves it, and the center's
 * forward dispatches it on. The event's log carries only stage words (its public timeline shows them);
 * what the parties said, who they are and what they agreed stay in the case.
 *
 * Each step checks the case's version and the caller's access first; the case is then written in
 * the event's own transaction (`actOnEvent`'s `alongside`), so the event's step and the case's commit
 * together or not at all — a stale case version fails both.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { ActionBody, AgreementTerms, CaseActionBody, OpenCaseBody } from '@xiaolan/contracts'
import type { Transaction } from 'kysely'
import { chinaDateOf, DAY_MS, formatChinaMinute } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { conflict, invalid, notFound, staleVersion } from '../../errors.ts'
import { recordAudit } from '../audit/log.ts'
import { actOnEvent } from '../events/commands/act.ts'
import { parentCenter } from '../events/lifecycle.ts'
import { eventForMediation } from '../events/lookups.ts'
import { enqueueSms } from '../notifications/queries.ts'
import { publicBaseUrl, smsSendAt } from '../notifications/sms.ts'
import { type CaseAccess, caseAccess, requireAction, requireCaseOpener, type Staff } from './policy.ts'
import {
  type CaseRow,
  caseRow,
  confirmParty,
  insertCase,
  insertFollowUp,
  insertSession,
  insertStage,
  liveCaseOf,
  mediatorRows,
  partiesOf,
  partyByToken,
  setConfirmTokens,
  settingsRow,
  updateCase,
} from './queries.ts'

/** The event log's words for each step (public: stage words only, never the case's content). */
export const EVENT_NOTES = {
  refused: '调解组织不予受理，退回指挥中心',
  agreed: '调解达成协议',
  litigation: '调解不成，已引导当事人通过诉讼解决',
  arbitration: '调解不成，已引导当事人申请仲裁',
  failed: '调解不成，退回指挥中心转办',
  transfer: '转专业调解组织调解',
} as const

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex')

/** Opens a case: a center dispatches its event to the organisation; a mediator opens one for an event their unit holds. */
export async function openCase(app: AppContext, principal: Staff, body: OpenCaseBody): Promise<CaseRow> {
  const staff = requireCaseOpener(principal)
  const db = app.database.db
  const event = await eventForMediation(db, staff, app.orgs, body.eventId)
  if (!event) throw notFound('Event')
  if (event.version !== body.version) throw staleVersion(event.version)
  const unit = app.orgs.unit(body.unitId)
  if (unit?.kind !== 'mediation' || !unit.active) throw invalid('unitId', 'Not an active mediation organisation')
  if (!body.parties.some((p) => p.role === 'applicant') || !body.parties.some((p) => p.role === 'respondent'))
    throw invalid('parties', 'A case needs an applicant and a respondent')
  if (await liveCaseOf(db, event.id)) throw conflict('case_exists', 'The event already has a mediation case')
  const ctx = { unit: (id: number) => app.orgs.unit(id) }
  const byMediator = staff.user.role === 'mediator'
  let centerId: number
  if (byMediator) {
    if (event.current_unit_id !== staff.user.unitId || body.unitId !== staff.user.unitId)
      throw invalid('unitId', 'A mediator opens a case only for an event their own organisation holds')
    centerId = event.dispatcher_unit_id ?? (parentCenter(unit, ctx)?.id as number)
  } else {
    centerId = staff.user.unitId
  }
  const now = app.now()
  const { term_days } = await settingsRow(db)
  const write = (tx: Transaction<DB>) =>
    insertCase(
      tx,
      {
        event_id: event.id,
        unit_id: unit.id,
        center_id: centerId,
        opened_by: staff.user.id,
        dispute_type: body.disputeType,
        amount: body.amount ?? null,
        summary: body.summary.trim(),
        state: 'pending',
        term_due: new Date(now.getTime() + term_days * DAY_MS),
        opened_at: now,
        updated_at: now,
      },
      body.parties.map((p) => ({
        role: p.role,
        name: p.name.trim(),
        phone: p.phone ?? null,
        id_number: p.idNumber?.toUpperCase() ?? null,
        address: p.address?.trim() ?? null,
      })),
    )
  if (byMediator) return db.transaction().execute(write)
  // the lifecycle decides whether this center may send it there (its subtree, its district's
  // organisations); the case is written in the dispatch's transaction
  let opened: CaseRow | undefined
  await actOnEvent(
    app,
    staff,
    event.id,
    { type: 'dispatch', version: body.version, unitId: unit.id },
    {
      alongside: async (tx) => {
        opened = await write(tx)
      },
    },
  )
  return opened as CaseRow
}

/** A case the caller may see, with their access; not found otherwise (no hint that it exists). */
export async function caseFor(app: AppContext, staff: Staff, id: number): Promise<{ row: CaseRow; access: CaseAccess }> {
  const row = await caseRow(app.database.db, id)
  const access = row && caseAccess(staff, row, app.orgs)
  if (!row || !access) throw notFound('Case')
  return { row, access }
}

/** One step of a case (see the file's comment); returns the case as written. */
export async function actOnCase(app: AppContext, staff: Staff, id: number, body: CaseActionBody): Promise<CaseRow> {
  const db = app.database.db
  const { row, access } = await caseFor(app, staff, id)
  if (row.version !== body.version) throw staleVersion(row.version)
  requireAction(access, row, body)
  const now = app.now()
  const settings = await settingsRow(db)
  const event = await eventForMediation(db, staff, app.orgs, row.event_id)
  // the event's step, taken with the case's write at the end, at the version read here: a write in
  // between is the caller's 409
  let eventAction: Omit<ActionBody, 'version'> | null = null
  const eventStep = async (action: Omit<ActionBody, 'version'>) => {
    if (!event) throw notFound('Event')
    eventAction = action
  }
  let set: Parameters<typeof updateCase>[3] = { updated_at: now }
  let stage: string | null = null
  let sms: Array<{ to: string; text: string }> = []
  let tokens: Array<{ id: number; hash: string }> = []
  let session: Parameters<typeof insertSession>[1] | null = null
  let followUp: Parameters<typeof insertFollowUp>[1] | null = null
  const number = event?.number ?? ''
  const unitName = app.orgs.unit(row.unit_id)?.name ?? ''

  switch (body.type) {
    case 'accept': {
      if (event?.state === 'assigned') await eventStep({ type: 'sign' })
      set = { ...set, state: 'accepted' }
      stage = 'accepted'
      break
    }
    case 'refuse':
      await eventStep({ type: 'return', note: EVENT_NOTES.refused })
      set = { ...set, state: 'refused', refusal_reason: body.reason.trim(), closed_at: now }
      break
    case 'summon': {
      const at = formatChinaMinute(new Date(body.at))
      const parties = await partiesOf(db, row.id)
      sms = parties.flatMap((p) =>
        p.phone
          ? [
              {
                to: p.phone,
                text: `【小兰帮办】${p.name}您好：您的纠纷（事件${number}）定于${at}在${body.place}调解，请准时参加。${unitName}`,
              },
            ]
          : [],
      )
      break
    }
    case 'session': {
      const [mediator] = await mediatorRows(db, [body.mediatorId])
      if (mediator?.unit_id !== row.unit_id) throw invalid('mediatorId', 'Not a mediator of this organisation')
      const heldAt = new Date(body.heldAt)
      if (heldAt.getTime() > now.getTime() + 3600_000) throw invalid('heldAt', 'A session is recorded once it has been held')
      session = {
        case_id: row.id,
        held_at: heldAt,
        place: body.place.trim(),
        mediator_id: mediator.id,
        attendees: JSON.stringify(body.attendees.map((a) => a.trim())),
        record: body.record,
        recorded_by: staff.user.id,
        created_at: now,
      }
      if (row.state === 'accepted') {
        set = { ...set, state: 'in_mediation' }
        stage = 'in_mediation'
      }
      break
    }
    case 'agree': {
      const performBy = body.kind === 'written' ? body.agreement.performance.by : body.performBy
      if (performBy < chinaDateOf(now))
        throw invalid(body.kind === 'written' ? 'agreement.performance.by' : 'performBy', 'The date has passed')
      await eventStep({ type: 'resolve', note: EVENT_NOTES.agreed })
      const agreement =
        body.kind === 'written' ? { kind: 'written', ...trimmed(body.agreement) } : { kind: 'oral', record: body.record, performBy }
      set = {
        ...set,
        state: 'agreed',
        outcome: body.kind,
        agreement: JSON.stringify(agreement),
        agreed_at: now,
        follow_up_due: new Date(now.getTime() + settings.follow_up_days * DAY_MS),
      }
      stage = 'agreed'
      const parties = await partiesOf(db, row.id)
      const links = parties.map((p) => ({ party: p, token: randomBytes(32).toString('base64url') }))
      tokens = links.map((l) => ({ id: l.party.id, hash: sha256(l.token) }))
      sms = links.flatMap(({ party, token }) =>
        party.phone
          ? [
              {
                to: party.phone,
                text: `【小兰帮办】${party.name}您好：您的纠纷（事件${number}）已达成调解协议，请查看并确认：${publicBaseUrl(app.config)}/mediation/confirm/${token}`,
              },
            ]
          : [],
      )
      break
    }
    case 'fail': {
      const outside = body.referral === 'litigation' || body.referral === 'arbitration'
      let unitId: number | null = null
      if (!outside) {
        const target = body.unitId === undefined ? undefined : app.orgs.unit(body.unitId)
        const kind = body.referral === 'department' ? 'department' : 'mediation'
        if (target?.kind !== kind || !target.active || target.id === row.unit_id) throw invalid('unitId', `Name the ${kind} to refer it to`)
        unitId = target.id
      }
      await eventStep(
        outside
          ? { type: 'resolve', note: EVENT_NOTES[body.referral as 'litigation' | 'arbitration'] }
          : { type: 'return', note: EVENT_NOTES.failed },
      )
      set = {
        ...set,
        state: 'failed',
        outcome: 'failed',
        referral_kind: body.referral,
        referral_unit_id: unitId,
        referral_note: body.note.trim(),
        closed_at: outside ? now : null,
      }
      stage = 'failed'
      break
    }
    case 'transfer': {
      const room = app.orgs.unit(row.unit_id)
      const target = app.orgs.unit(body.unitId)
      if (!room || room.level < 3) throw invalid('unitId', 'A district organisation refers a failed case instead of passing it')
      if (target?.kind !== 'mediation' || target.level !== 2 || !target.active)
        throw invalid('unitId', 'Pass a case to a district professional mediation organisation')
      await eventStep({ type: 'return', note: EVENT_NOTES.transfer })
      set = { ...set, state: 'transferring', referral_kind: 'mediation', referral_unit_id: target.id, referral_note: body.note.trim() }
      break
    }
    case 'follow_up': {
      followUp = { case_id: row.id, performed: body.performed, note: body.note.trim(), visited_by: staff.user.id, visited_at: now }
      stage = body.performed ? 'follow_up' : 'reopened'
      set = body.performed
        ? { ...set, state: 'performed', closed_at: now }
        : {
            ...set,
            // the agreement was not kept: mediation starts again, with a new term
            state: 'in_mediation',
            outcome: null,
            reopen_count: row.reopen_count + 1,
            follow_up_due: null,
            term_due: new Date(now.getTime() + settings.term_days * DAY_MS),
          }
      break
    }
    case 'forward': {
      const target = app.orgs.unit(body.unitId)
      if (!target || (target.kind !== 'department' && target.kind !== 'mediation'))
        throw invalid('unitId', 'Forward to a department or a mediation organisation')
      // a passed case is live itself; another live case of the event (opened since a failure) is not
      const live = target.kind === 'mediation' ? await liveCaseOf(db, row.event_id) : undefined
      if (live && live.id !== row.id) throw conflict('case_exists', 'The event already has a mediation case')
      await eventStep({ type: 'dispatch', unitId: target.id })
      set =
        target.kind === 'mediation'
          ? { ...set, state: 'pending', unit_id: target.id, outcome: null, referral_kind: null, referral_unit_id: null, closed_at: null }
          : { ...set, state: 'referred', referral_kind: 'department', referral_unit_id: target.id, closed_at: now }
      break
    }
  }

  const write = async (tx: Transaction<DB>) => {
    const written = await updateCase(tx, row.id, row.version, set)
    if (!written) throw staleVersion(row.version + 1)
    if (session) await insertSession(tx, session)
    if (followUp) await insertFollowUp(tx, followUp)
    if (tokens.length) await setConfirmTokens(tx, tokens)
    if (stage) await insertStage(tx, { case_id: row.id, event_id: row.event_id, stage, at: now })
    await enqueueSms(
      tx,
      sms.map((m) => ({ ...m, eventId: row.event_id })),
      now,
      smsSendAt(now, app.config.SMS_QUIET_HOURS),
    )
    return written
  }
  const action = eventAction as Omit<ActionBody, 'version'> | null
  if (!action || !event) return db.transaction().execute(write)
  let written: CaseRow | undefined
  await actOnEvent(app, staff, row.event_id, { ...action, version: event.version } as ActionBody, {
    alongside: async (tx) => {
      written = await write(tx)
    },
  })
  return written as CaseRow
}

function trimmed(a: AgreementTerms): AgreementTerms {
  return {
    facts: a.facts.trim(),
    responsibilities: a.responsibilities.trim(),
    terms: a.terms.trim(),
    performance: { how: a.performance.how.trim(), where: a.performance.where.trim(), by: a.performance.by },
  }
}

/** The parties in full for center staff over the case; every look is written to the audit log. */
export async function revealParties(app: AppContext, staff: Staff, id: number, ip: string) {
  const { row, access } = await caseFor(app, staff, id)
  if (access !== 'center') throw conflict('not_revealable', 'Only center staff over the case reveal its parties')
  await recordAudit(app.database.db, {
    actorUserId: staff.user.id,
    action: 'unmask_parties',
    targetKind: 'mediation_case',
    targetId: String(row.id),
    detail: { ip },
  })
  return partiesOf(app.database.db, row.id)
}

/** A party's confirmation link: the party and their case, or not found (a used link still shows the agreement). */
export async function partyOfToken(app: AppContext, token: string) {
  const party = await partyByToken(app.database.db, sha256(token))
  const row = party && (await caseRow(app.database.db, party.case_id))
  if (!party || !row?.agreement) throw notFound('Confirmation')
  return { party, row }
}

export async function confirmAgreement(app: AppContext, token: string) {
  const { party } = await partyOfToken(app, token)
  await confirmParty(app.database.db, party.id, app.now())
  return partyOfToken(app, token)
}
