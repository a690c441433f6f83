/** Generated from the migrated schema by `npx tsx server/src/db/generate-types.ts`: do not edit. */
import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>
type Json<T> = ColumnType<T, string | undefined, string>

export interface AlertEvidenceTable {
  alert_id: number
  event_id: number
  added_at: DefaultTimestamp
}

export interface AlertRulesTable {
  kind: string
  enabled: Generated<boolean>
  params: Json<unknown>
  version: Generated<number>
  updated_at: DefaultTimestamp
}

export interface AlertTransitionsTable {
  id: Generated<number>
  alert_id: number
  action: string
  from_state: string | null
  to_state: string
  user_id: number | null
  note: string | null
  at: DefaultTimestamp
  order_id: number | null
  order_number: string | null
}

export interface AlertsTable {
  id: Generated<number>
  kind: string
  key: string
  state: Generated<string>
  unit_id: number
  unit_path: string
  category_code: string | null
  lat: number | null
  lng: number | null
  window_start: Timestamp
  window_end: Timestamp
  score: number
  words: Json<unknown>
  assignee_user_id: number | null
  assignee_unit_id: number | null
  disposition: string | null
  version: Generated<number>
  first_seen: Timestamp
  last_seen: Timestamp
  closed_at: Timestamp | null
}

export interface ApiClientsTable {
  id: Generated<number>
  name: string
  channels: string[]
  scope_unit_id: number | null
  key_prefix: string
  key_hash: string
  enabled: Generated<boolean>
  created_by: number
  created_at: DefaultTimestamp
  rotated_at: Timestamp | null
  last_used_at: Timestamp | null
}

export interface AttachmentsTable {
  id: Generated<number>
  uploader_user_id: number | null
  uploader_resident_id: number | null
  event_id: number | null
  seq: number | null
  kind: string | null
  mime: string
  size: number
  data: Uint8Array
  created_at: DefaultTimestamp
}

export interface AuditLogTable {
  id: Generated<number>
  actor_user_id: number | null
  action: string
  target_kind: string
  target_id: string
  detail: Json<Record<string, unknown>>
  at: DefaultTimestamp
}

export interface CalendarOverridesTable {
  date: string
  kind: string
  name: string | null
  year: number
  updated_by: number | null
  updated_at: DefaultTimestamp
  reason: string
}

export interface CallbackAttemptsTable {
  id: Generated<number>
  event_id: number
  operator_id: number
  at: Timestamp
  note: string | null
}

export interface CategoriesTable {
  code: string
  parent_code: string | null
  name_zh: string
  name_en: string
  owner: string
  community_resolvable: boolean
  priority: string
  keywords: Json<string[]>
  sort: Generated<number>
  active: Generated<boolean>
  updated_at: DefaultTimestamp
}

export interface ChangeLogTable {
  id: Generated<number>
  subject: string
  subject_key: string
  actor_user_id: number | null
  reason: string
  before: Json<unknown> | null
  after: Json<unknown> | null
  at: DefaultTimestamp
}

export interface ClassifierCorrectionsTable {
  id: Generated<number>
  event_id: number
  text: string
  from_category: string | null
  to_category: string
  user_id: number | null
  reason: string | null
  at: DefaultTimestamp
}

export interface EvaluationLinksTable {
  id: Generated<number>
  event_id: number
  token_hash: string
  phone: string
  created_at: Timestamp
}

export interface EventActionsTable {
  id: Generated<number>
  event_id: number
  seq: number
  action: string
  actor_kind: string
  actor_user_id: number | null
  actor_resident_id: number | null
  actor_unit_id: number | null
  from_state: string | null
  to_state: string
  from_unit_id: number | null
  to_unit_id: number | null
  note: string | null
  data: Json<Record<string, unknown>>
  at: Timestamp
  to_reporter: Generated<boolean>
}

export interface EventFollowersTable {
  event_id: number
  resident_id: number
  since: Timestamp
  via: string
}

export interface EventNumbersTable {
  day: string
  last: number
}

export interface EventScopesTable {
  unit_id: number
  event_id: number
}

export interface EventUnitsTable {
  event_id: number
  unit_id: number
}

export interface EventsTable {
  id: Generated<number>
  number: string
  title: string
  description: string
  category_code: string
  priority: string
  channel: string
  lat: number | null
  lng: number | null
  address: string | null
  community_id: number | null
  district_id: number | null
  area_path: string
  reporter_resident_id: number | null
  reporter_name: string | null
  reporter_phone: string | null
  reporter_anonymous: Generated<boolean>
  external_id: string | null
  state: string
  current_unit_id: number | null
  dispatcher_unit_id: number | null
  last_handler_unit_id: number | null
  merged_into: number | null
  reopen_count: Generated<number>
  press_count: Generated<number>
  last_pressed_at: Timestamp | null
  supervised: Generated<boolean>
  supervision_pending: Generated<boolean>
  extension_pending: Json<{ days: number; reason: string } | null> | null
  summoned: Json<Array<{ unitId: number; lead: boolean; checkedInAt: string | null }>>
  evaluation: string | null
  sign_deadline: Timestamp | null
  resolve_deadline: Timestamp | null
  version: Generated<number>
  created_at: Timestamp
  updated_at: Timestamp
  sla_status: Generated<string>
  sla_check_at: Timestamp | null
  sla_sign_from: Timestamp | null
  sla_resolve_from: Timestamp | null
  resolved_at: Timestamp | null
  supervision_count: Generated<number>
  escalated_by: Generated<number[]>
  source_client_id: number | null
  occurred_at: Timestamp | null
  imported_at: Timestamp | null
}

export interface HotlineCallsTable {
  id: Generated<number>
  client_id: number
  call_id: string
  caller_phone: string | null
  agent_user_id: number | null
  rang_at: Timestamp | null
  answered_at: Timestamp | null
  ended_at: Timestamp | null
  duration_seconds: number | null
  recording_ref: string | null
  event_id: number | null
  created_at: Timestamp
}

export interface IntelligenceSettingsTable {
  id: number
  duplicate_radius_m: number
  duplicate_days: number
  duplicate_min_score: number
  updated_at: DefaultTimestamp
  updated_by: number | null
}

export interface KnowledgeAnswersTable {
  event_id: number
  article_id: number
  article_version: number
  operator_user_id: number
  at: DefaultTimestamp
}

export interface KnowledgeArticlesTable {
  id: Generated<number>
  title: string
  body: string
  category: string
  keywords: Generated<string[]>
  unit_id: number
  valid_from: string
  valid_to: string | null
  state: Generated<string>
  version: Generated<number>
  created_by: number | null
  created_at: DefaultTimestamp
  updated_by: number | null
  updated_at: DefaultTimestamp
  published_at: Timestamp | null
}

export interface KnowledgeRevisionsTable {
  article_id: number
  version: number
  action: string
  title: string
  body: string
  category: string
  keywords: string[]
  unit_id: number
  valid_from: string
  valid_to: string | null
  state: string
  note: string | null
  actor_user_id: number | null
  at: DefaultTimestamp
}

export interface KnowledgeSearchesTable {
  id: Generated<number>
  query: string
  audience: string
  hits: number
  top_article_id: number | null
  top_confidence: number
  at: DefaultTimestamp
}

export interface LoginThrottleTable {
  username: string
  failures: number
  last_failure_at: Timestamp
  locked_until: Timestamp | null
}

export interface MediationCasesTable {
  id: Generated<number>
  event_id: number
  unit_id: number
  center_id: number
  opened_by: number
  dispute_type: string
  amount: number | null
  summary: string
  state: string
  refusal_reason: string | null
  outcome: string | null
  referral_kind: string | null
  referral_unit_id: number | null
  referral_note: string | null
  agreement: Json<Record<string, unknown> | null> | null
  agreed_at: Timestamp | null
  follow_up_due: Timestamp | null
  reopen_count: Generated<number>
  term_due: Timestamp
  opened_at: Timestamp
  closed_at: Timestamp | null
  version: Generated<number>
  updated_at: Timestamp
  term_warned_at: Timestamp | null
  term_overdue_at: Timestamp | null
}

export interface MediationFollowUpsTable {
  id: Generated<number>
  case_id: number
  performed: boolean
  note: string
  visited_by: number
  visited_at: Timestamp
}

export interface MediationOrgsTable {
  unit_id: number
  specialty: string
  brand: string | null
}

export interface MediationPartiesTable {
  id: Generated<number>
  case_id: number
  role: string
  name: string
  phone: string | null
  id_number: string | null
  address: string | null
  confirm_token_hash: string | null
  confirmed_at: Timestamp | null
}

export interface MediationSessionsTable {
  id: Generated<number>
  case_id: number
  held_at: Timestamp
  place: string
  mediator_id: number
  attendees: Json<string[]>
  record: string
  recorded_by: number
  created_at: Timestamp
}

export interface MediationSettingsTable {
  id: Generated<boolean>
  term_days: Generated<number>
  follow_up_days: Generated<number>
}

export interface MediationStagesTable {
  id: Generated<number>
  case_id: number
  event_id: number
  stage: string
  at: Timestamp
}

export interface MediatorsTable {
  id: Generated<number>
  unit_id: number
  name: string
  title: string | null
  active: Generated<boolean>
}

export interface NetizenBoardsTable {
  id: Generated<number>
  name: string
  client_id: number
  pull_url: string | null
  reply_url: string | null
  last_pulled_at: Timestamp | null
  pulling_until: Timestamp | null
  created_at: Timestamp
}

export interface NetizenImportsTable {
  id: Generated<number>
  board_id: number
  origin: string
  source: string
  started_at: Timestamp
  duration_ms: number
  messages: number
  created: number
  duplicates: number
  errors: number
  problems: Json<unknown>
  failure: string | null
  imported_by: number | null
}

export interface NetizenRepliesTable {
  id: Generated<number>
  board_id: number
  event_id: number
  external_id: string
  state: Generated<string>
  attempts: Generated<number>
  next_attempt_at: Timestamp
  last_error: string | null
  created_at: Timestamp
  sent_at: Timestamp | null
}

export interface NoticePreferencesTable {
  resident_id: number
  step: string
  channel: string
  enabled: boolean
  updated_at: Timestamp
}

export interface NoticeReadsTable {
  user_id: number
  notice_id: number
  at: Timestamp
}

export interface NoticesTable {
  id: Generated<number>
  resident_id: number | null
  unit_id: number | null
  role: string | null
  event_id: number | null
  template: string
  params: Json<unknown>
  key: string
  created_at: Timestamp
  read_at: Timestamp | null
}

export interface OrgUnitsTable {
  id: number
  code: string
  name: string
  kind: string
  level: number
  parent_id: number | null
  path: string
  function: string | null
  geometry: Json<unknown> | null
  seat_lat: number | null
  seat_lng: number | null
  active: Generated<boolean>
  updated_at: DefaultTimestamp
}

export interface OtpCodesTable {
  phone: string
  code_hash: string
  expires_at: Timestamp
  attempts: Generated<number>
  sent_at: Timestamp
  wrong_codes: Generated<number>
  wrong_since: Timestamp | null
}

export interface OtpSendsTable {
  id: Generated<number>
  phone: string
  client: string
  sent_at: Timestamp
}

export interface OutboxTable {
  id: Generated<number>
  kind: string
  subscription_id: number | null
  event_id: number | null
  payload: Json<Record<string, unknown>>
  state: Generated<string>
  attempts: Generated<number>
  next_attempt_at: Timestamp
  lease_until: Timestamp | null
  lease_token: string | null
  last_error: string | null
  created_at: Timestamp
  delivered_at: Timestamp | null
}

export interface OutboxAttemptsTable {
  id: Generated<number>
  outbox_id: number
  at: Timestamp
  status: number | null
  error: string | null
  duration_ms: number
}

export interface PatrolsTable {
  id: Generated<number>
  user_id: number
  unit_id: number
  lat: number
  lng: number
  grid_id: number | null
  community_id: number | null
  note: string | null
  at: Timestamp
  idempotency_key: string | null
}

export interface PlacesTable {
  id: Generated<number>
  community_id: number
  name: string
  kind: string
  aliases: Json<string[]>
  lat: number
  lng: number
  generated: boolean
}

export interface ResidentsTable {
  id: Generated<number>
  phone: string
  name: string | null
  id_number: string | null
  verified_at: Timestamp | null
  created_at: DefaultTimestamp
}

export interface ReviewSettingsTable {
  kind: string
  review: boolean
  reason: string
  updated_by: number | null
  updated_at: DefaultTimestamp
}

export interface RollupCreatedTable {
  unit_id: number
  day: string
  category: string
  channel: string
  n: Generated<number>
}

export interface RollupCreatedExactTable {
  unit_id: number | null
  day: string | null
  category: string | null
  channel: string | null
  n: number | null
}

export interface RollupDailyTable {
  unit_id: number
  day: string
  category: string
  channel: string
  state: string
  n: Generated<number>
}

export interface RollupDailyExactTable {
  unit_id: number | null
  day: string | null
  category: string | null
  channel: string | null
  state: string | null
  n: number | null
}

export interface RollupPendingTable {
  id: Generated<number>
  kind: string
  unit_id: number
  day: string | null
  category: string | null
  channel: string | null
  state: string | null
  due_hour: Timestamp | null
  n: Generated<number>
  created: Generated<number>
  resolved: Generated<number>
  resolved_on_time: Generated<number>
  evaluated: Generated<number>
  satisfied: Generated<number>
  default_closed: Generated<number>
  not_reached: Generated<number>
  callback_rated: Generated<number>
}

export interface RollupUnitDayTable {
  unit_id: number
  day: string
  created: Generated<number>
  resolved: Generated<number>
  resolved_on_time: Generated<number>
  evaluated: Generated<number>
  satisfied: Generated<number>
  default_closed: Generated<number>
  not_reached: Generated<number>
  callback_rated: Generated<number>
}

export interface RollupUnitDayExactTable {
  unit_id: number | null
  day: string | null
  created: number | null
  resolved: number | null
  resolved_on_time: number | null
  evaluated: number | null
  satisfied: number | null
  default_closed: number | null
  not_reached: number | null
  callback_rated: number | null
}

export interface RollupUnitDueTable {
  unit_id: number
  due_hour: Timestamp
  n: Generated<number>
}

export interface RollupUnitDueExactTable {
  unit_id: number | null
  due_hour: Timestamp | null
  n: number | null
}

export interface RollupUnitStateTable {
  unit_id: number
  state: string
  n: Generated<number>
}

export interface RollupUnitStateExactTable {
  unit_id: number | null
  state: string | null
  n: number | null
}

export interface RotaChangesTable {
  id: Generated<number>
  week: string
  user_id: number
  at: Timestamp
  reason: string | null
  before: Json<Record<string, number[]>>
  after: Json<Record<string, number[]>>
}

export interface RotaDispatchesTable {
  id: Generated<number>
  event_id: number
  unit_id: number
  center_id: number
  day: string
  dispatched_at: Timestamp
  sign_by: Timestamp
  signed_at: Timestamp | null
}

export interface RotaSlotsTable {
  day: string
  unit_id: number
}

export interface RotaWeeksTable {
  week: string
  version: number
}

export interface SchemaMigrationsTable {
  name: string
  applied_at: DefaultTimestamp
}

export interface SessionsTable {
  id: string
  user_id: number | null
  resident_id: number | null
  csrf_token: string
  created_at: DefaultTimestamp
  expires_at: Timestamp
}

export interface SlaBreachesTable {
  event_id: number
  kind: string
  unit_id: number
  deadline: Timestamp
  seq: number
  at: Timestamp
}

export interface SlaJobRunsTable {
  id: Generated<number>
  job: string
  instance: string
  started_at: Timestamp
  finished_at: Timestamp | null
  changed: Generated<number>
}

export interface SlaRulesTable {
  category_code: string
  priority: string
  sign_hours: number | null
  sign_days: number | null
  resolve_hours: number | null
  resolve_days: number | null
  natural_time: Generated<boolean>
  check_in_hours: Generated<number>
  evaluation_days: Generated<number>
  updated_by: number | null
  updated_at: DefaultTimestamp
  reason: string
}

export interface SweepSitesTable {
  id: Generated<number>
  grid_id: number
  kind: string
  name: string
  address: string
  lat: number
  lng: number
}

export interface SweepTargetsTable {
  id: Generated<number>
  sweep_id: number
  site_id: number
  grid_id: number
  community_id: number
  street_id: number
  state: Generated<string>
  results: Json<Array<{ pass: boolean; note: string | null; attachmentIds: number[] }> | null> | null
  note: string | null
  check_key: string | null
  checked_by: number | null
  checked_at: Timestamp | null
  event_id: number | null
}

export interface SweepsTable {
  id: Generated<number>
  title: string
  theme: string
  center_id: number
  scope_id: number
  scope_path: string
  site_kind: string
  category_code: string
  items: Json<string[]>
  deadline: string
  state: string
  created_by: number
  created_at: Timestamp
  closed_by: number | null
  closed_at: Timestamp | null
  version: Generated<number>
}

export interface UsersTable {
  id: Generated<number>
  username: string
  password_hash: string
  display_name: string
  role: string
  unit_id: number
  disabled: Generated<boolean>
  created_at: DefaultTimestamp
  agent_number: string | null
}

export interface WebhookSubscriptionsTable {
  id: Generated<number>
  client_id: number
  url: string
  secret: string
  enabled: Generated<boolean>
  created_by: number
  created_at: DefaultTimestamp
}

export interface DB {
  alert_evidence: AlertEvidenceTable
  alert_rules: AlertRulesTable
  alert_transitions: AlertTransitionsTable
  alerts: AlertsTable
  api_clients: ApiClientsTable
  attachments: AttachmentsTable
  audit_log: AuditLogTable
  calendar_overrides: CalendarOverridesTable
  callback_attempts: CallbackAttemptsTable
  categories: CategoriesTable
  change_log: ChangeLogTable
  classifier_corrections: ClassifierCorrectionsTable
  evaluation_links: EvaluationLinksTable
  event_actions: EventActionsTable
  event_followers: EventFollowersTable
  event_numbers: EventNumbersTable
  event_scopes: EventScopesTable
  event_units: EventUnitsTable
  events: EventsTable
  hotline_calls: HotlineCallsTable
  intelligence_settings: IntelligenceSettingsTable
  knowledge_answers: KnowledgeAnswersTable
  knowledge_articles: KnowledgeArticlesTable
  knowledge_revisions: KnowledgeRevisionsTable
  knowledge_searches: KnowledgeSearchesTable
  login_throttle: LoginThrottleTable
  mediation_cases: MediationCasesTable
  mediation_follow_ups: MediationFollowUpsTable
  mediation_orgs: MediationOrgsTable
  mediation_parties: MediationPartiesTable
  mediation_sessions: MediationSessionsTable
  mediation_settings: MediationSettingsTable
  mediation_stages: MediationStagesTable
  mediators: MediatorsTable
  netizen_boards: NetizenBoardsTable
  netizen_imports: NetizenImportsTable
  netizen_replies: NetizenRepliesTable
  notice_preferences: NoticePreferencesTable
  notice_reads: NoticeReadsTable
  notices: NoticesTable
  org_units: OrgUnitsTable
  otp_codes: OtpCodesTable
  otp_sends: OtpSendsTable
  outbox: OutboxTable
  outbox_attempts: OutboxAttemptsTable
  patrols: PatrolsTable
  places: PlacesTable
  residents: ResidentsTable
  review_settings: ReviewSettingsTable
  rollup_created: RollupCreatedTable
  rollup_created_exact: RollupCreatedExactTable
  rollup_daily: RollupDailyTable
  rollup_daily_exact: RollupDailyExactTable
  rollup_pending: RollupPendingTable
  rollup_unit_day: RollupUnitDayTable
  rollup_unit_day_exact: RollupUnitDayExactTable
  rollup_unit_due: RollupUnitDueTable
  rollup_unit_due_exact: RollupUnitDueExactTable
  rollup_unit_state: RollupUnitStateTable
  rollup_unit_state_exact: RollupUnitStateExactTable
  rota_changes: RotaChangesTable
  rota_dispatches: RotaDispatchesTable
  rota_slots: RotaSlotsTable
  rota_weeks: RotaWeeksTable
  schema_migrations: SchemaMigrationsTable
  sessions: SessionsTable
  sla_breaches: SlaBreachesTable
  sla_job_runs: SlaJobRunsTable
  sla_rules: SlaRulesTable
  sweep_sites: SweepSitesTable
  sweep_targets: SweepTargetsTable
  sweeps: SweepsTable
  users: UsersTable
  webhook_subscriptions: WebhookSubscriptionsTable
}
