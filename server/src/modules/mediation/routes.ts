/** People's mediation (issue 19): the organisations to choose from, cases and their steps, a party's confirmation link, the public stages. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CaseActionBody,
  CaseSummaryView,
  CasesQuery,
  CaseView,
  ConfirmationView,
  ConfirmTokenParams,
  EventNumberParams,
  Int4IdParams,
  Items,
  MediationOrgChoice,
  MediationOrgsQuery,
  MediationScreenQuery,
  MediationScreenView,
  MediationSettingsBody,
  MediationSettingsView,
  MediationStatsView,
  OpenCaseBody,
  PartyView,
  PublicStagesView,
  replies,
  SCREEN_ROLES,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { addDays, chinaDateOf, chinaTime, weekdayOf } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import { forbidden, invalid, notFound } from '../../errors.ts'
import { requireStaff } from '../accounts/auth.ts'
import { requireAdmin } from '../accounts/policy.ts'
import { scopeFor } from '../analytics/dashboard.ts'
import { recordChange } from '../audit/log.ts'
import { eventForMediation, eventIdByNumber, eventNumbers } from '../events/lookups.ts'
import { actOnCase, caseFor, confirmAgreement, openCase, partyOfToken, revealParties } from './cases.ts'
import { chooseOrganisation } from './network.ts'
import type { Staff } from './policy.ts'
import { type CaseRow, listCases, settingsRow, stagesOf, updateSettings } from './queries.ts'
import { mediationScreen, mediationStats } from './stats.ts'
import { agreementView, caseView, partyView, summaryView, TERM_WARNING_SHARE } from './views.ts'

/** The centers whose cases a staff member reads: their own center's subtree (undefined: all, for oversight). */
function centersOf(ctx: AppContext, staff: Staff): number[] | undefined {
  const { role, unitId } = staff.user
  if (role === 'supervisor' || role === 'leader') return undefined
  const mine = ctx.orgs.unit(unitId)
  if (role !== 'center_staff' || mine?.kind !== 'center') throw forbidden('Your role does not read mediation cases')
  return ctx.orgs
    .all()
    .filter((u) => u.kind === 'center' && u.path.startsWith(mine.path))
    .map((u) => u.id)
}

export const mediationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const db = ctx.database.db

  const withNumber = async (rows: CaseRow[]) => {
    const numbers = await eventNumbers(
      db,
      rows.map((r) => r.event_id),
    )
    return (r: CaseRow) => numbers.get(r.event_id) ?? ''
  }
  const viewOf = async (staff: Staff, id: number, revealed = false) => {
    const { row, access } = await caseFor(ctx, staff, id)
    return caseView(ctx, row, access, (await withNumber([row]))(row), revealed)
  }

  fastify.get(
    '/mediation/organisations',
    { schema: { tags: ['mediation'], querystring: MediationOrgsQuery, response: replies({ 200: MediationOrgChoice }) } },
    async (request) => {
      const staff = requireStaff(request)
      const center = ctx.orgs.unit(staff.user.unitId)
      if (staff.user.role !== 'center_staff' || center?.kind !== 'center') throw forbidden('Centers choose the mediation organisation')
      const { eventId, specialty } = request.query
      const event =
        eventId === undefined
          ? { category_code: 'dispute', title: '', description: '', community_id: null, lat: null, lng: null }
          : await eventForMediation(db, staff, ctx.orgs, eventId)
      if (!event) throw notFound('Event')
      const choice = await chooseOrganisation(db, ctx.orgs, center, event)
      if (!specialty) return choice
      const items = choice.items.filter((o) => o.specialty === specialty)
      return { ...choice, items, suggested: items[0] ?? null }
    },
  )

  fastify.get(
    '/mediation/cases',
    { schema: { tags: ['mediation'], querystring: CasesQuery, response: replies({ 200: Items(CaseSummaryView) }) } },
    async (request) => {
      const staff = requireStaff(request)
      const q = request.query
      const now = ctx.now()
      const filter = {
        state: q.state,
        eventId: q.eventId,
        limit: q.limit ?? 50,
        // warning: at least 75 % of the term used (overdue ones too, told apart below); overdue: all of it
        termUsed: q.term ? { now, share: q.term === 'overdue' ? 1 : TERM_WARNING_SHARE } : undefined,
      }
      const rows =
        staff.user.role === 'mediator'
          ? await listCases(db, { ...filter, unitId: staff.user.unitId })
          : await listCases(db, { ...filter, centerIds: centersOf(ctx, staff) })
      const number = await withNumber(rows)
      const views = rows.map((r) => summaryView(ctx, r, number(r)))
      return { items: q.term ? views.filter((v) => v.termStatus === q.term) : views }
    },
  )

  fastify.post(
    '/mediation/cases',
    { schema: { tags: ['mediation'], body: OpenCaseBody, response: replies({ 201: CaseView }) } },
    async (request, reply) => {
      const staff = requireStaff(request)
      const row = await openCase(ctx, staff, request.body)
      reply.code(201)
      return viewOf(staff, row.id)
    },
  )

  fastify.get(
    '/mediation/cases/:id',
    { schema: { tags: ['mediation'], params: Int4IdParams, response: replies({ 200: CaseView }) } },
    async (request) => viewOf(requireStaff(request), request.params.id),
  )

  fastify.post(
    '/mediation/cases/:id/actions',
    { schema: { tags: ['mediation'], params: Int4IdParams, body: CaseActionBody, response: replies({ 200: CaseView }) } },
    async (request) => {
      const staff = requireStaff(request)
      const row = await actOnCase(ctx, staff, request.params.id, request.body)
      // a forward to another organisation leaves the case with it: the center still reads it
      return viewOf(staff, row.id)
    },
  )

  fastify.post(
    '/mediation/cases/:id/parties/reveal',
    { schema: { tags: ['mediation'], params: Int4IdParams, response: replies({ 200: Items(PartyView) }) } },
    async (request) => {
      const parties = await revealParties(ctx, requireStaff(request), request.params.id, request.ip)
      return { items: parties.map((p) => partyView(p, true)) }
    },
  )

  // a party's link from the SMS: no account, the random token is the key
  fastify.get(
    '/mediation/confirmations/:token',
    { schema: { tags: ['mediation'], params: ConfirmTokenParams, response: replies({ 200: ConfirmationView }) } },
    async (request) => confirmationView(ctx, await partyOfToken(ctx, request.params.token)),
  )
  fastify.post(
    '/mediation/confirmations/:token',
    { schema: { tags: ['mediation'], params: ConfirmTokenParams, response: replies({ 200: ConfirmationView }) } },
    async (request) => confirmationView(ctx, await confirmAgreement(ctx, request.params.token)),
  )

  fastify.get(
    '/public/mediation/:number',
    { schema: { tags: ['mediation'], params: EventNumberParams, response: replies({ 200: PublicStagesView }) } },
    async (request) => {
      const id = await eventIdByNumber(db, request.params.number)
      if (id === undefined) throw notFound('Event')
      const stages = await stagesOf(db, id)
      return {
        stages: stages.map((s) => ({ stage: s.stage as PublicStagesView['stages'][number]['stage'], at: new Date(s.at).toISOString() })),
      }
    },
  )

  fastify.get(
    '/mediation/settings',
    { schema: { tags: ['mediation'], response: replies({ 200: MediationSettingsView }) } },
    async (request) => {
      requireStaff(request)
      const s = await settingsRow(db)
      return { termDays: s.term_days, followUpDays: s.follow_up_days }
    },
  )
  fastify.put(
    '/mediation/settings',
    { schema: { tags: ['mediation'], body: MediationSettingsBody, response: replies({ 200: MediationSettingsView }) } },
    async (request) => {
      const admin = requireAdmin(requireStaff(request))
      const { termDays, followUpDays, reason } = request.body
      if (!reason.trim()) throw invalid('reason', 'A reason is required')
      await db.transaction().execute(async (tx) => {
        const before = await settingsRow(tx)
        await updateSettings(tx, { term_days: termDays, follow_up_days: followUpDays })
        await recordChange(tx, {
          subject: 'mediation_settings',
          key: 'term',
          actorUserId: admin.user.id,
          reason: reason.trim(),
          before: { termDays: before.term_days, followUpDays: before.follow_up_days },
          after: { termDays, followUpDays },
        })
      })
      return { termDays, followUpDays }
    },
  )

  fastify.get('/mediation/stats', { schema: { tags: ['mediation'], response: replies({ 200: MediationStatsView }) } }, async (request) => {
    const staff = requireStaff(request)
    return mediationStats(ctx, centersOf(ctx, staff) ?? null)
  })

  // the big screen's 矛盾纠纷 panel: the screen's viewers, for the area they look at
  fastify.get(
    '/mediation/screen',
    { schema: { tags: ['mediation'], querystring: MediationScreenQuery, response: replies({ 200: MediationScreenView }) } },
    async (request) => {
      const staff = requireStaff(request)
      if (!SCREEN_ROLES.includes(staff.user.role)) throw forbidden('The big screen is for centers, supervisors and leaders')
      const scope = scopeFor(ctx, staff, request.query.scope)
      if (scope.kind !== 'center') throw invalid('scope', 'The screen shows the area of a center')
      const centers =
        scope.level === 1
          ? null
          : ctx.orgs
              .all()
              .filter((u) => u.kind === 'center' && u.path.startsWith(scope.path))
              .map((u) => u.id)
      const today = chinaDateOf(ctx.now())
      const since = addDays(today, -weekdayOf(today))
      return { since, ...(await mediationScreen(ctx, centers, chinaTime(since))) }
    },
  )
}

function confirmationView(ctx: AppContext, { party, row }: Awaited<ReturnType<typeof partyOfToken>>): Promise<ConfirmationView> {
  return eventNumbers(ctx.database.db, [row.event_id]).then((numbers) => ({
    eventNumber: numbers.get(row.event_id) ?? '',
    unitName: ctx.orgs.unit(row.unit_id)?.name ?? '',
    role: party.role as ConfirmationView['role'],
    agreement: agreementView(row.agreement) as ConfirmationView['agreement'],
    confirmedAt: party.confirmed_at === null ? null : new Date(party.confirmed_at).toISOString(),
  }))
}
