/**
 * The API operations the web app calls, each by its method and path as the server declares it,
 * with the contracts' types of its query, body and response. `call()` in api.ts takes nothing
 * else, so a path, body or response that drifts from the contracts fails type-checking here.
 */
import type {
  ActionBody,
  AdminCategory,
  AdminCategoryPatch,
  AdminOrg,
  AdminOrgPatch,
  AdminOrgsQuery,
  AdminPasswordBody,
  AdminUser,
  AdminUserBody,
  AdminUserPatch,
  AdminUsersQuery,
  AnsweredCallBody,
  AuditEntry,
  AuditQuery,
  CalendarOverrideBody,
  CalendarQuery,
  CalendarView,
  CallerEvent,
  CallerEventsBody,
  Category,
  ChangeView,
  CreateEventBody,
  DashboardQuery,
  DashboardView,
  DeleteOverrideBody,
  DispatchTargets,
  DuplicateCandidate,
  DuplicatesBody,
  EventView,
  InboxBox,
  Items,
  KpiQuery,
  KpiReport,
  LinkCallBody,
  ListEventsQuery,
  LocateQuery,
  Location,
  LoginBody,
  MapSettings,
  Me,
  Ok,
  OrgDetail,
  OrgList,
  OrgsQuery,
  OtpBody,
  OtpSent,
  Page,
  PatrolBody,
  PatrolView,
  PublicEventsQuery,
  PublicEventView,
  PublicKpiQuery,
  PublicKpiView,
  PublicTrackView,
  RankingView,
  RealNameBody,
  ReporterContact,
  ReportQuery,
  ReportView,
  ResidentEventBody,
  ResidentLoginBody,
  SessionView,
  SlaRuleBody,
  SlaRuleView,
} from '@xiaolan/contracts'

/**
 * Contracts' `InboxCounts` is a TypeBox record over the tab names, whose Static<> is `{}` (the
 * tab union is typed as an array of literals); the same shape, keyed so the tabs can index it.
 */
type InboxCountsByTab = Record<InboxBox, number>

export interface Routes {
  'GET /session': { response: SessionView }
  'POST /auth/login': { body: LoginBody; response: Me }
  'POST /auth/logout': { response: Ok }
  'POST /resident/otp': { body: OtpBody; response: OtpSent }
  'POST /resident/login': { body: ResidentLoginBody; response: Me }
  'POST /resident/real-name': { body: RealNameBody; response: Me }

  'GET /categories': { response: Items<Category> }
  'GET /orgs': { query: OrgsQuery; response: OrgList }
  'GET /orgs/:code': { response: OrgDetail }
  'GET /orgs/locate': { query: LocateQuery; response: Location }
  'GET /map': { response: MapSettings }

  'GET /events': { query: ListEventsQuery; response: Page<EventView> }
  'GET /events/inbox': { response: InboxCountsByTab }
  'GET /events/:id': { response: EventView }
  'POST /events': { body: CreateEventBody; response: EventView }
  'POST /resident/events': { body: ResidentEventBody; response: EventView }
  'POST /events/:id/actions': { body: ActionBody; response: EventView }
  'POST /events/:id/contact': { response: ReporterContact }
  'GET /workbench/dispatch-targets': { response: DispatchTargets }
  'GET /patrols': { response: Items<PatrolView> }
  'POST /patrols': { body: PatrolBody; response: PatrolView }
  'GET /public/events': { query: PublicEventsQuery; response: Page<PublicEventView> }
  'GET /track/:number': { response: PublicTrackView }
  'GET /dashboard': { query: DashboardQuery; response: DashboardView }

  'POST /hotline/callers/events': { body: CallerEventsBody; response: Items<CallerEvent> }
  'POST /hotline/duplicates': { body: DuplicatesBody; response: Items<DuplicateCandidate> }
  'POST /hotline/answered': { body: AnsweredCallBody; response: EventView }
  'POST /hotline/link': { body: LinkCallBody; response: EventView }

  'GET /admin/orgs': { query: AdminOrgsQuery; response: Items<AdminOrg> }
  'PATCH /admin/orgs/:code': { body: AdminOrgPatch; response: AdminOrg }
  'GET /admin/users': { query: AdminUsersQuery; response: { items: AdminUser[]; next: number | null } }
  'POST /admin/users': { body: AdminUserBody; response: AdminUser }
  'PATCH /admin/users/:id': { body: AdminUserPatch; response: AdminUser }
  'POST /admin/users/:id/password': { body: AdminPasswordBody; response: Ok }
  'POST /admin/users/:id/unlock': { response: AdminUser }
  'GET /admin/categories': { response: Items<AdminCategory> }
  'PATCH /admin/categories/:code': { body: AdminCategoryPatch; response: AdminCategory }
  'GET /admin/audit': { query: AuditQuery; response: { items: AuditEntry[]; next: number | null } }

  'GET /admin/sla/calendar': { query: CalendarQuery; response: CalendarView }
  'POST /admin/sla/calendar': { body: CalendarOverrideBody; response: CalendarView }
  'POST /admin/sla/calendar/delete': { body: DeleteOverrideBody; response: CalendarView }
  'GET /admin/sla/rules': { response: Items<SlaRuleView> }
  'POST /admin/sla/rules': { body: SlaRuleBody; response: SlaRuleView }
  'GET /admin/sla/history': { response: Items<ChangeView> }
  'GET /kpis': { query: KpiQuery; response: KpiReport }
  'GET /kpis/ranking': { query: KpiQuery; response: RankingView }
  'GET /reports': { query: ReportQuery; response: ReportView }
  'GET /public/kpis': { query: PublicKpiQuery; response: PublicKpiView }
}

export type Operation = keyof Routes
