/**
 * The API operations the web app calls, each by its method and path as the server declares it,
 * with the contracts' types of its query, body and response. `call()` in api.ts takes nothing
 * else, so a path, body or response that drifts from the contracts fails type-checking here.
 */
import type * as C from '@xiaolan/contracts'

export interface Routes {
  'GET /session': { response: C.SessionView }
  'POST /auth/login': { body: C.LoginBody; response: C.Me }
  'POST /auth/logout': { response: C.Ok }
  'POST /resident/otp': { body: C.OtpBody; response: C.OtpSent }
  'POST /resident/login': { body: C.ResidentLoginBody; response: C.Me }
  'POST /resident/real-name': { body: C.RealNameBody; response: C.Me }

  'GET /categories': { response: C.Items<C.Category> }
  'GET /orgs': { query: C.OrgsQuery; response: C.OrgList }
  'GET /orgs/:code': { response: C.OrgDetail }
  'GET /orgs/locate': { query: C.LocateQuery; response: C.Location }
  'GET /orgs/places': { query: C.PlacesQuery; response: C.PlaceMatches }
  'GET /map': { response: C.MapSettings }

  'GET /events': { query: C.ListEventsQuery; response: C.Page<C.EventView> }
  'GET /events/inbox': { response: C.InboxCounts }
  'GET /events/:id': { response: C.EventView }
  'POST /events': { body: C.CreateEventBody; response: C.EventView }
  'POST /resident/events': { body: C.ResidentEventBody; response: C.EventView }
  'POST /events/:id/actions': { body: C.ActionBody; response: C.EventView }
  'POST /events/:id/contact': { response: C.ReporterContact }
  'GET /workbench/dispatch-targets': { response: C.DispatchTargets }
  'GET /patrols': { response: C.Items<C.PatrolView> }
  'POST /patrols': { body: C.PatrolBody; response: C.PatrolView }
  'GET /alerts': { query: C.AlertsQuery; response: C.Items<C.AlertView> }
  'GET /alerts/:id': { response: C.AlertDetail }
  'POST /alerts/:id/actions': { body: C.AlertActionBody; response: C.AlertDetail }
  'POST /alerts/:id/whistle': { body: C.AlertWhistleBody; response: C.AlertWhistleResult }
  'GET /public/events': { query: C.PublicEventsQuery; response: C.Page<C.PublicEventView> }
  'GET /open-data/schema': { response: C.OpenDataSchemaView }
  'GET /track/:number': { response: C.PublicTrackView }
  'GET /dashboard': { query: C.DashboardQuery; response: C.DashboardView }

  'POST /hotline/callers/events': { body: C.CallerEventsBody; response: C.Items<C.CallerEvent> }
  'POST /hotline/duplicates': { body: C.DuplicatesBody; response: C.Items<C.DuplicateCandidate> }
  'POST /intelligence/classify': { body: C.ClassifyBody; response: C.ClassifyResult }
  'POST /resident/duplicates': { body: C.ResidentDuplicatesBody; response: C.Items<C.PublicDuplicate> }
  'GET /events/:id/duplicates': { response: C.Items<C.DuplicateCandidate> }
  'GET /resident/follows': { response: C.Items<C.FollowedEvent> }
  'GET /resident/events/:id/follow': { response: C.FollowState }
  'POST /resident/events/:id/follow': { response: C.FollowState }
  'DELETE /resident/events/:id/follow': { response: C.FollowState }
  'POST /hotline/answered': { body: C.AnsweredCallBody; response: C.EventView }
  'GET /knowledge/search': { query: C.KnowledgeSearchQuery; response: C.KnowledgeSearchResult }
  'GET /knowledge/articles': { query: C.ArticlesQuery; response: C.Items<C.ArticleView> }
  'POST /knowledge/articles': { body: C.ArticleBody; response: C.ArticleDetail }
  'GET /knowledge/articles/:id': { response: C.ArticleDetail }
  'PATCH /knowledge/articles/:id': { body: C.ArticlePatch; response: C.ArticleDetail }
  'POST /knowledge/articles/:id/review': { body: C.ArticleReviewBody; response: C.ArticleDetail }
  'POST /knowledge/answered': { body: C.AnsweredFromArticleBody; response: C.AnsweredFromArticle }
  'GET /knowledge/events/:id': { response: C.EventArticle }
  'GET /knowledge/reports': { query: C.KnowledgeReportsQuery; response: C.KnowledgeReports }
  'POST /hotline/link': { body: C.LinkCallBody; response: C.EventView }
  'GET /hotline/callbacks': { response: C.CallbackQueue }
  'POST /hotline/callbacks/:id/attempts': { body: C.CallbackAttemptBody; response: C.CallbackAttemptResult }
  'GET /evaluation/:token': { response: C.EvaluationLinkView }
  'POST /evaluation/:token': { body: C.EvaluationRatingBody; response: C.EvaluationLinkView }
  'POST /evaluation/:token/press': { body: C.EvaluationPressBody; response: C.EvaluationLinkView }
  'GET /hotline/calls/current': { response: C.CurrentCall }
  'GET /hotline/events/:id/call': { response: C.EventCall }
  'GET /notices': { query: C.NoticesQuery; response: C.NoticePage }
  'POST /notices/:id/read': { response: C.UnreadCount }
  'POST /notices/read-all': { response: C.UnreadCount }
  'GET /resident/notice-preferences': { response: C.NoticePreferences }
  'PUT /resident/notice-preferences': { body: C.NoticePreferencesBody; response: C.NoticePreferences }

  'GET /mediation/organisations': { query: C.MediationOrgsQuery; response: C.MediationOrgChoice }
  'GET /mediation/cases': { query: C.CasesQuery; response: C.Items<C.CaseSummaryView> }
  'POST /mediation/cases': { body: C.OpenCaseBody; response: C.CaseView }
  'GET /mediation/cases/:id': { response: C.CaseView }
  'POST /mediation/cases/:id/actions': { body: C.CaseActionBody; response: C.CaseView }
  'POST /mediation/cases/:id/parties/reveal': { response: C.Items<C.PartyView> }
  'GET /mediation/confirmations/:token': { response: C.ConfirmationView }
  'POST /mediation/confirmations/:token': { response: C.ConfirmationView }
  'GET /public/mediation/:number': { response: C.PublicStagesView }
  'GET /mediation/stats': { response: C.MediationStatsView }
  'GET /mediation/screen': { query: C.MediationScreenQuery; response: C.MediationScreenView }
  'GET /rota/week': { query: C.RotaWeekQuery; response: C.RotaWeekView }
  'PUT /rota/weeks/:week': { body: C.RotaWeekBody; response: C.RotaWeekView }
  'GET /rota/weeks/:week/history': { response: C.Items<C.RotaChangeView> }
  'GET /rota/suggestion': { query: C.RotaWeekQuery; response: C.RotaSuggestionView }
  'GET /rota/duty': { query: C.RotaDutyQuery; response: C.RotaDutyView }
  'GET /rota/hall': { query: C.RotaHallQuery; response: C.RotaHallView }
  'GET /sweeps': { query: C.SweepsQuery; response: C.Items<C.SweepSummaryView> }
  'POST /sweeps': { body: C.LaunchSweepBody; response: C.SweepView }
  'GET /sweeps/:id': { response: C.SweepView }
  'GET /sweeps/:id/targets': { query: C.SweepTargetsQuery; response: C.Items<C.SweepTargetView> }
  'POST /sweeps/:id/targets/:targetId/check': { body: C.CheckTargetBody; response: C.SweepTargetView }
  'POST /sweeps/:id/close': { body: C.CloseSweepBody; response: C.SweepView }

  'GET /admin/orgs': { query: C.AdminOrgsQuery; response: C.Items<C.AdminOrg> }
  'PATCH /admin/orgs/:code': { body: C.AdminOrgPatch; response: C.AdminOrg }
  'GET /admin/users': { query: C.AdminUsersQuery; response: C.Page<C.AdminUser> }
  'POST /admin/users': { body: C.AdminUserBody; response: C.AdminUser }
  'PATCH /admin/users/:id': { body: C.AdminUserPatch; response: C.AdminUser }
  'POST /admin/users/:id/password': { body: C.AdminPasswordBody; response: C.Ok }
  'POST /admin/users/:id/unlock': { response: C.AdminUser }
  'GET /admin/api-clients': { response: C.Items<C.ApiClientView> }
  'POST /admin/api-clients': { body: C.ApiClientBody; response: C.ApiClientWithKey }
  'PATCH /admin/api-clients/:id': { body: C.ApiClientPatch; response: C.ApiClientView }
  'POST /admin/api-clients/:id/rotate': { response: C.ApiClientWithKey }
  'GET /admin/netizen': { response: C.NetizenOverview }
  'POST /admin/netizen/boards': { body: C.NetizenBoardBody; response: C.NetizenBoardView }
  'POST /admin/netizen/boards/:id/imports': { body: C.NetizenFeedBody; response: C.NetizenImportView }
  'GET /admin/api-clients/:id/webhooks': { response: C.Items<C.WebhookView> }
  'POST /admin/api-clients/:id/webhooks': { body: C.WebhookBody; response: C.WebhookWithSecret }
  'PATCH /admin/webhooks/:id': { body: C.WebhookPatch; response: C.WebhookView }
  'GET /admin/webhooks/:id/deliveries': { response: C.DeliveryList }
  'POST /admin/outbox/:id/replay': { response: C.ReplayResult }
  'GET /admin/outbox': { query: C.AdminOutboxQuery; response: C.Items<C.OutboxSms> }
  'GET /admin/categories': { response: C.Items<C.AdminCategory> }
  'PATCH /admin/categories/:code': { body: C.AdminCategoryPatch; response: C.AdminCategory }
  'GET /admin/audit': { query: C.AuditQuery; response: C.Page<C.AuditEntry> }
  'GET /admin/alert-rules': { response: C.Items<C.AlertRuleView> }
  'POST /admin/alert-rules/:kind': { body: C.AlertRuleBody; response: C.AlertRuleView }
  'GET /admin/duplicate-settings': { response: C.DuplicateSettingsView }
  'PUT /admin/duplicate-settings': { body: C.DuplicateSettingsBody; response: C.DuplicateSettingsView }

  'GET /admin/sla/calendar': { query: C.CalendarQuery; response: C.CalendarView }
  'POST /admin/sla/calendar': { body: C.CalendarOverrideBody; response: C.CalendarView }
  'POST /admin/sla/calendar/delete': { body: C.DeleteOverrideBody; response: C.CalendarView }
  'GET /admin/sla/rules': { response: C.Items<C.SlaRuleView> }
  'POST /admin/sla/rules': { body: C.SlaRuleBody; response: C.SlaRuleView }
  'GET /admin/sla/review': { response: C.Items<C.ReviewSettingView> }
  'POST /admin/sla/review': { body: C.ReviewSettingBody; response: C.Items<C.ReviewSettingView> }
  'GET /admin/sla/history': { response: C.Items<C.ChangeView> }
  'GET /kpis': { query: C.KpiQuery; response: C.KpiReport }
  'GET /kpis/ranking': { query: C.KpiQuery; response: C.RankingView }
  'GET /kpis/channels': { query: C.ChannelSplitQuery; response: C.ChannelSplitView }
  'GET /kpis/series': { query: C.KpiSeriesQuery; response: C.KpiSeries }
  'GET /reports': { query: C.ReportQuery; response: C.ReportView }
  'GET /public/kpis': { query: C.PublicKpiQuery; response: C.PublicKpiView }
}

export type Operation = keyof Routes

/**
 * The server-sent event streams the web listens to (lib/live.ts, one EventSource per URL, not
 * `call()`), with their query and the data of their `change` messages.
 */
export interface Streams {
  'GET /stream': { query: C.StreamQuery; message: C.ChangeMessage }
  'GET /resident/stream': { message: C.ChangeMessage }
}
