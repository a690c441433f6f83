/** 研判预警: the alerts of the staff member's subtree, one with its evidence, and acting on it. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AlertActionBody,
  AlertDetail,
  AlertIdParams,
  AlertRuleBody,
  AlertRuleKindParams,
  AlertRuleView,
  type AlertState,
  AlertsQuery,
  AlertView,
  AlertWhistleBody,
  AlertWhistleResult,
  Items,
  replies,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import type { AppContext } from '../../context.ts'
import { forbidden, invalid, notFound, staleVersion } from '../../errors.ts'
import { requirePrincipal, requireStaff } from '../accounts/auth.ts'
import { requireAdmin } from '../accounts/policy.ts'
import { usernames, userRow } from '../accounts/users.ts'
import { recordChange } from '../audit/log.ts'
import { evidenceEvents } from '../events/alert-reads.ts'
import { maskedTitle, maskForPublic } from '../privacy/masker.ts'
import { forgetRuleSwitch } from './intake.ts'
import { alertScope, requireAlertActor, requireInScope, requireWhistler } from './policy.ts'
import { type AlertRow, applyTransition, evidenceIds, getAlert, listAlerts, listRules, transitionsOf, updateRule } from './store.ts'
import { areaNamesOf, whistleAlert } from './whistle.ts'

export function alertView(ctx: AppContext, a: AlertRow): AlertView {
  return {
    id: a.id,
    kind: a.kind,
    state: a.state,
    unit: ctx.orgs.ref(a.unitId),
    areaNames: areaNamesOf(ctx, a),
    category: a.categoryCode,
    lat: a.lat,
    lng: a.lng,
    windowStart: a.windowStart.toISOString(),
    windowEnd: a.windowEnd.toISOString(),
    score: a.score,
    words: a.words,
    evidenceCount: a.evidenceCount,
    assigneeUserId: a.assigneeUserId,
    assigneeUnit: ctx.orgs.ref(a.assigneeUnitId),
    disposition: a.disposition,
    version: a.version,
    firstSeen: a.firstSeen.toISOString(),
    lastSeen: a.lastSeen.toISOString(),
    orders: a.orders,
  }
}

export const alertRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const db = ctx.database.db

  fastify.get(
    '/alerts',
    { schema: { tags: ['alerts'], querystring: AlertsQuery, response: replies({ 200: Items(AlertView) }) } },
    async (request) => {
      const staff = requireStaff(request)
      const { scope, ...filters } = request.query
      let path = alertScope(staff, ctx.orgs)
      if (scope !== undefined) {
        const unit = ctx.orgs.byCode(scope)
        if (!unit) throw invalid('scope', 'Unknown unit')
        if (!unit.path.startsWith(path)) throw forbidden('This area is not yours')
        path = unit.path
      }
      const rows = await listAlerts(db, { path, ...filters })
      return { items: rows.map((a) => alertView(ctx, a)) }
    },
  )

  const detail = async (id: number): Promise<AlertDetail> => {
    const a = await getAlert(db, id)
    if (!a) throw notFound('Alert')
    const events = await evidenceEvents(db, await evidenceIds(db, id))
    const transitions = await transitionsOf(db, id)
    const names = await usernames(
      db,
      transitions.map((x) => x.userId),
    )
    return {
      alert: alertView(ctx, a),
      evidence: events.map((e) => ({
        id: e.id,
        number: e.number,
        title: maskedTitle(e, (t) => maskForPublic(t, e.known)),
        category: e.categoryCode,
        state: e.state,
        lat: e.lat,
        lng: e.lng,
        createdAt: e.createdAt.toISOString(),
      })),
      transitions: transitions.map((x) => ({ ...x, username: x.userId === null ? null : (names.get(x.userId) ?? null) })),
    }
  }

  fastify.get(
    '/alerts/:id',
    { schema: { tags: ['alerts'], params: AlertIdParams, response: replies({ 200: AlertDetail }) } },
    async (request) => {
      const staff = requireStaff(request)
      const a = await getAlert(db, request.params.id)
      if (!a) throw notFound('Alert')
      requireInScope(staff, ctx.orgs, a.unitPath)
      return detail(a.id)
    },
  )

  fastify.post(
    '/alerts/:id/actions',
    { schema: { tags: ['alerts'], params: AlertIdParams, body: AlertActionBody, response: replies({ 200: AlertDetail }) } },
    async (request) => {
      const staff = requireStaff(request)
      const a = await getAlert(db, request.params.id)
      if (!a) throw notFound('Alert')
      requireInScope(staff, ctx.orgs, a.unitPath)
      requireAlertActor(staff)
      const body = request.body
      if (body.version !== a.version) throw staleVersion(a.version)
      if (a.state === 'closed') throw invalid('type', 'This alert is closed')
      const note = 'note' in body ? body.note?.trim() || null : null
      let to: AlertState = a.state
      const set: Parameters<typeof applyTransition>[2] = {}
      if (body.type === 'assign') {
        if (body.userId === undefined && body.unitId === undefined) throw invalid('userId', 'Assign to a user or a unit')
        // only to a unit or a person of the assigner's own subtree
        const scope = alertScope(staff, ctx.orgs)
        if (body.unitId !== undefined) {
          const unit = ctx.orgs.unit(body.unitId)
          if (!unit?.active || !unit.path.startsWith(scope)) throw invalid('unitId', 'Assign to an active unit of your area')
          set.assignee_unit_id = unit.id
        }
        if (body.userId !== undefined) {
          const user = await userRow(db, body.userId)
          const at = user && ctx.orgs.unit(user.unit_id)
          if (!user || user.disabled || !at?.path.startsWith(scope)) throw invalid('userId', 'Assign to an enabled user of your area')
          set.assignee_user_id = user.id
        }
        to = 'assigned'
      } else if (body.type === 'acknowledge') {
        to = 'acknowledged'
      } else if (body.type === 'close') {
        to = 'closed'
        set.disposition = body.disposition
        set.closed_at = ctx.now()
      }
      const ok = await db
        .transaction()
        .execute((tx) =>
          applyTransition(
            tx,
            { id: a.id, version: a.version, from: a.state, to, action: body.type, userId: staff.user.id, note, at: ctx.now() },
            set,
          ),
        )
      if (!ok) {
        const current = await getAlert(db, a.id)
        throw staleVersion(current?.version ?? a.version)
      }
      request.log.info({ alert: a.id, action: body.type, from: a.state, to }, 'alert action')
      return detail(a.id)
    },
  )

  // 吹哨: one consolidated work order from the alert, whistled at once to the units picked
  fastify.post(
    '/alerts/:id/whistle',
    { schema: { tags: ['alerts'], params: AlertIdParams, body: AlertWhistleBody, response: replies({ 200: AlertWhistleResult }) } },
    async (request) => {
      const staff = requireStaff(request)
      const a = await getAlert(db, request.params.id)
      if (!a) throw notFound('Alert')
      requireInScope(staff, ctx.orgs, a.unitPath)
      requireWhistler(staff, ctx.orgs)
      const order = await whistleAlert(ctx, staff, a, request.body)
      request.log.info({ alert: a.id, order: order.id }, 'alert whistled')
      return { order, detail: await detail(a.id) }
    },
  )

  // the rules as settings: admins switch them and change thresholds, each change with a reason
  fastify.get('/admin/alert-rules', { schema: { tags: ['admin'], response: replies({ 200: Items(AlertRuleView) }) } }, async (request) => {
    requireAdmin(requirePrincipal(request))
    return { items: await listRules(db) }
  })

  fastify.post(
    '/admin/alert-rules/:kind',
    { schema: { tags: ['admin'], params: AlertRuleKindParams, body: AlertRuleBody, response: replies({ 200: AlertRuleView }) } },
    async (request) => {
      const admin = requireAdmin(requirePrincipal(request))
      const { kind } = request.params
      const body = request.body
      const result = await db.transaction().execute(async (tx) => {
        const before = (await listRules(tx)).find((r) => r.kind === kind)
        if (!before) throw notFound('Rule')
        if (before.version !== body.version) throw staleVersion(before.version)
        const after = await updateRule(tx, kind, before.version, {
          enabled: body.enabled ?? before.enabled,
          params: { ...before.params, ...(body.params ?? {}) },
        })
        if (!after) throw staleVersion(before.version)
        await recordChange(tx, {
          subject: 'alert_rule',
          key: kind,
          actorUserId: admin.user.id,
          reason: body.reason.trim(),
          before: { enabled: before.enabled, params: before.params },
          after: { enabled: after.enabled, params: after.params },
        })
        return after
      })
      forgetRuleSwitch(ctx)
      request.log.info({ rule: kind }, 'alert rule changed')
      return result
    },
  )
}
