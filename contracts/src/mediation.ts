/**
 * People's mediation (issue 19): the network of mediation organisations and the mediation case
 * (调解案件) — parties, acceptance or refusal, sessions, the outcome (a written agreement 调解协议书,
 * an oral agreement, or failure with a referral), the follow-up visit (回访) and its term.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { literals } from './domain.ts'
import { At, Day, Instant, Int4Id, Nullable, Shape, Version } from './schema.ts'
import { UnitRef } from './views.ts'

/** What an organisation does: a district's professional organisation's field, or a room's kind. */
export const MEDIATION_SPECIALTIES = [
  'labor',
  'property',
  'medical',
  'traffic',
  'family',
  'consumer',
  'construction',
  'evaluation',
  'general',
  'counselling',
] as const
export type MediationSpecialty = (typeof MEDIATION_SPECIALTIES)[number]

/** The dispute's type (案件类型), as the case records it. */
export const DISPUTE_TYPES = [
  'neighbour',
  'family',
  'labor',
  'property',
  'medical',
  'traffic',
  'consumer',
  'construction',
  'debt',
  'tenancy',
  'other',
] as const
export type DisputeType = (typeof DISPUTE_TYPES)[number]

/**
 * pending (waiting for the organisation to accept) → accepted (受理) → in_mediation (a session held)
 * → agreed (达成协议, follow-up due) → performed (回访: performed); a follow-up that finds it unperformed
 * reopens it (in_mediation). Side ends: refused (不予受理, reason), failed (调解不成, referred outside or
 * waiting for the center to dispatch), transferring (a room passes it to a professional organisation;
 * the center dispatches), referred (the center sent it on: history).
 */
export const MEDIATION_CASE_STATES = [
  'pending',
  'accepted',
  'in_mediation',
  'agreed',
  'performed',
  'failed',
  'referred',
  'refused',
  'transferring',
] as const
export type MediationCaseState = (typeof MEDIATION_CASE_STATES)[number]

export const REFERRAL_KINDS = ['litigation', 'arbitration', 'department', 'mediation'] as const
export type ReferralKind = (typeof REFERRAL_KINDS)[number]

/** What the public sees of a case on the event's track: the stage and its time, never words. */
export const MEDIATION_STAGES = ['accepted', 'in_mediation', 'agreed', 'failed', 'follow_up', 'reopened'] as const
export type MediationStage = (typeof MEDIATION_STAGES)[number]

export const MEDIATION_CASE_ACTIONS = [
  'accept',
  'refuse',
  'summon',
  'session',
  'agree',
  'fail',
  'transfer',
  'follow_up',
  'forward',
] as const
export type MediationCaseAction = (typeof MEDIATION_CASE_ACTIONS)[number]

export const MediatorView = Shape({ id: T.Integer(), name: T.String(), title: Nullable(T.String()) })
export type MediatorView = Static<typeof MediatorView>

export const MediationOrgView = Shape({
  unit: UnitRef,
  specialty: literals(MEDIATION_SPECIALTIES),
  brand: Nullable(T.String()),
  mediators: T.Array(MediatorView),
  /** from the event's point to the unit's district/street/community seat, when both are known */
  distanceKm: Nullable(T.Number()),
})
export type MediationOrgView = Static<typeof MediationOrgView>

export const MediationOrgsQuery = T.Object(
  {
    /** suggest for this event: its dispute type (classifier's category, else keywords) and place */
    eventId: T.Optional(Int4Id()),
    specialty: T.Optional(literals(MEDIATION_SPECIALTIES)),
  },
  { additionalProperties: false },
)
export type MediationOrgsQuery = Static<typeof MediationOrgsQuery>

/** Where a center may send an event to mediate, best first, with the suggestion. */
export const MediationOrgChoice = Shape({
  disputeType: Nullable(literals(DISPUTE_TYPES)),
  /** how the type was found: the event's category, keywords of its text, or nothing */
  basis: literals(['category', 'keywords', 'none'] as const),
  suggested: Nullable(MediationOrgView),
  items: T.Array(MediationOrgView),
})
export type MediationOrgChoice = Static<typeof MediationOrgChoice>

const Text = (maxLength: number) => T.String({ minLength: 1, maxLength })

export const PartyInput = T.Object(
  {
    role: literals(['applicant', 'respondent'] as const),
    name: Text(40),
    phone: T.Optional(T.String({ pattern: '^1[3-9][0-9]{9}$' })),
    idNumber: T.Optional(T.String({ pattern: '^[0-9]{17}[0-9Xx]$' })),
    address: T.Optional(Text(200)),
  },
  { additionalProperties: false },
)
export type PartyInput = Static<typeof PartyInput>

export const OpenCaseBody = T.Object(
  {
    eventId: Int4Id(),
    /** the event's version the caller saw */
    version: Version(),
    /** the mediation organisation; a mediator opening a case for an event their unit holds names their own */
    unitId: Int4Id(),
    disputeType: literals(DISPUTE_TYPES),
    amount: T.Optional(T.Number({ minimum: 0, maximum: 999_999_999_999 })),
    summary: Text(2000),
    parties: T.Array(PartyInput, { minItems: 2, maxItems: 10 }),
  },
  { additionalProperties: false },
)
export type OpenCaseBody = Static<typeof OpenCaseBody>

export const AgreementTerms = T.Object(
  {
    facts: Text(4000),
    responsibilities: Text(4000),
    terms: Text(4000),
    performance: T.Object({ how: Text(500), where: Text(200), by: Day('performed by, China date') }, { additionalProperties: false }),
  },
  { additionalProperties: false },
)
export type AgreementTerms = Static<typeof AgreementTerms>

const V = { version: Version() }
export const CaseActionBody = T.Union([
  T.Object({ type: T.Literal('accept'), ...V }, { additionalProperties: false }),
  T.Object({ type: T.Literal('refuse'), ...V, reason: Text(500) }, { additionalProperties: false }),
  /** summons the parties to a session by SMS */
  T.Object({ type: T.Literal('summon'), ...V, at: Instant(), place: Text(200) }, { additionalProperties: false }),
  T.Object(
    {
      type: T.Literal('session'),
      ...V,
      heldAt: Instant(),
      place: Text(200),
      mediatorId: Int4Id(),
      attendees: T.Array(Text(40), { minItems: 1, maxItems: 30 }),
      record: Text(8000),
    },
    { additionalProperties: false },
  ),
  T.Object({ type: T.Literal('agree'), ...V, kind: T.Literal('written'), agreement: AgreementTerms }, { additionalProperties: false }),
  T.Object(
    { type: T.Literal('agree'), ...V, kind: T.Literal('oral'), record: Text(4000), performBy: Day() },
    { additionalProperties: false },
  ),
  T.Object(
    {
      type: T.Literal('fail'),
      ...V,
      referral: literals(REFERRAL_KINDS),
      /** department or mediation: the unit suggested to the center */
      unitId: T.Optional(Int4Id()),
      note: Text(500),
    },
    { additionalProperties: false },
  ),
  /** a room passes the case to a district professional organisation (the center dispatches it) */
  T.Object({ type: T.Literal('transfer'), ...V, unitId: Int4Id(), note: Text(500) }, { additionalProperties: false }),
  T.Object({ type: T.Literal('follow_up'), ...V, performed: T.Boolean(), note: Text(1000) }, { additionalProperties: false }),
  /** the center sends a failed or passed case on: to the unit the mediator named, or another */
  T.Object({ type: T.Literal('forward'), ...V, unitId: Int4Id() }, { additionalProperties: false }),
])
export type CaseActionBody = Static<typeof CaseActionBody>

export const PartyView = Shape({
  id: T.Integer(),
  role: literals(['applicant', 'respondent'] as const),
  /** masked (张*) unless the caller is one of the case's mediators or revealed it */
  name: T.String(),
  phone: Nullable(T.String()),
  idNumber: Nullable(T.String()),
  address: Nullable(T.String()),
  confirmedAt: Nullable(At()),
})
export type PartyView = Static<typeof PartyView>

export const MediationSessionView = Shape({
  id: T.Integer(),
  heldAt: At(),
  place: T.String(),
  mediator: MediatorView,
  attendees: T.Array(T.String()),
  record: T.String(),
})
export type MediationSessionView = Static<typeof MediationSessionView>

export const MediationFollowUpView = Shape({ id: T.Integer(), performed: T.Boolean(), note: T.String(), visitedAt: At() })

export const AgreementView = Shape({
  kind: literals(['written', 'oral'] as const),
  facts: Nullable(T.String()),
  responsibilities: Nullable(T.String()),
  terms: Nullable(T.String()),
  performance: Nullable(Shape({ how: T.String(), where: T.String(), by: T.String() })),
  record: Nullable(T.String()),
  performBy: T.String(),
})
export type AgreementView = Static<typeof AgreementView>

export const CaseSummaryView = Shape({
  id: T.Integer(),
  eventId: T.Integer(),
  eventNumber: T.String(),
  unit: UnitRef,
  center: UnitRef,
  disputeType: literals(DISPUTE_TYPES),
  amount: Nullable(T.Number()),
  state: literals(MEDIATION_CASE_STATES),
  termDue: At(),
  /** normal, warning at 75 % of the term used, overdue past it; normal once the case has an outcome */
  termStatus: literals(['normal', 'warning', 'overdue'] as const),
  followUpDue: Nullable(At()),
  openedAt: At(),
  version: T.Integer(),
})
export type CaseSummaryView = Static<typeof CaseSummaryView>

export const CaseView = Shape({
  ...CaseSummaryView.properties,
  summary: T.String(),
  refusalReason: Nullable(T.String()),
  outcome: Nullable(literals(['written', 'oral', 'failed'] as const)),
  referral: Nullable(Shape({ kind: literals(REFERRAL_KINDS), unit: Nullable(UnitRef), note: T.String() })),
  agreement: Nullable(AgreementView),
  agreedAt: Nullable(At()),
  reopenCount: T.Integer(),
  closedAt: Nullable(At()),
  /** false: the parties are shown in full (the case's mediators, or after an audited reveal) */
  partiesMasked: T.Boolean(),
  parties: T.Array(PartyView),
  sessions: T.Array(MediationSessionView),
  followUps: T.Array(MediationFollowUpView),
  mediators: T.Array(MediatorView),
  allowedActions: T.Array(literals(MEDIATION_CASE_ACTIONS)),
  /** the caller may reveal the parties (center staff over the case), each look audited */
  canReveal: T.Boolean(),
})
export type CaseView = Static<typeof CaseView>

export const CasesQuery = T.Object(
  {
    state: T.Optional(literals(MEDIATION_CASE_STATES)),
    term: T.Optional(literals(['warning', 'overdue'] as const)),
    eventId: T.Optional(Int4Id()),
    limit: T.Optional(T.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
)
export type CasesQuery = Static<typeof CasesQuery>

export const ConfirmTokenParams = T.Object({ token: T.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) }, { additionalProperties: false })

/** What a party sees through their link: the agreement they are asked to confirm. */
export const ConfirmationView = Shape({
  eventNumber: T.String(),
  unitName: T.String(),
  role: literals(['applicant', 'respondent'] as const),
  agreement: AgreementView,
  confirmedAt: Nullable(At()),
})
export type ConfirmationView = Static<typeof ConfirmationView>

export const EventNumberParams = T.Object({ number: T.String({ pattern: '^[A-Z]{2}[0-9]{8}-[0-9]{6}$' }) }, { additionalProperties: false })

export const PublicStagesView = Shape({
  stages: T.Array(Shape({ stage: literals(MEDIATION_STAGES), at: At() })),
})
export type PublicStagesView = Static<typeof PublicStagesView>

export const MediationSettingsView = Shape({ termDays: T.Integer(), followUpDays: T.Integer() })
export type MediationSettingsView = Static<typeof MediationSettingsView>
export const MediationSettingsBody = T.Object(
  {
    termDays: T.Integer({ minimum: 1, maximum: 365 }),
    followUpDays: T.Integer({ minimum: 1, maximum: 365 }),
    reason: Text(500),
  },
  { additionalProperties: false },
)

/** Item 4: cases by organisation, type and outcome, and the rates. */
export const MediationStatsView = Shape({
  total: T.Integer(),
  agreed: T.Integer(),
  failed: T.Integer(),
  refused: T.Integer(),
  /** agreements / cases with an outcome */
  agreementRate: Nullable(T.Number()),
  /** performed at the follow-up / followed up */
  performanceRate: Nullable(T.Number()),
  /** opening to agreement or failure, in days */
  averageDays: Nullable(T.Number()),
  byType: T.Array(Shape({ type: literals(DISPUTE_TYPES), n: T.Integer() })),
  byOutcome: T.Array(Shape({ outcome: T.String(), n: T.Integer() })),
  byUnit: T.Array(Shape({ unit: UnitRef, n: T.Integer(), agreed: T.Integer() })),
})
export type MediationStatsView = Static<typeof MediationStatsView>

export const MediationScreenQuery = T.Object({ scope: T.Optional(T.String({ pattern: '^[0-9]{6,12}$' })) }, { additionalProperties: false })
export type MediationScreenQuery = Static<typeof MediationScreenQuery>

/** The big screen's 矛盾纠纷 panel (item 4): this week's new cases, those in mediation now, this week's resolved. */
export const MediationScreenView = Shape({
  /** the week's Monday (China date) */
  since: T.String(),
  opened: T.Integer(),
  inMediation: T.Integer(),
  resolved: T.Integer(),
})
export type MediationScreenView = Static<typeof MediationScreenView>
