/** Table types for Kysely; they mirror migrations/*.sql. */
import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type Json<T> = ColumnType<T, string | undefined, string>

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
  updated_at: Generated<Timestamp>
}

export interface ChangeLogTable {
  id: Generated<number>
  subject: string
  subject_key: string
  actor_user_id: number | null
  reason: string
  before: Json<unknown> | null
  after: Json<unknown> | null
  at: Generated<Timestamp>
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
  sort: number
  active: Generated<boolean>
  updated_at: Generated<Timestamp>
}

export interface UsersTable {
  id: Generated<number>
  username: string
  password_hash: string
  display_name: string
  role: string
  unit_id: number
  disabled: Generated<boolean>
  created_at: Generated<Timestamp>
}

export interface ResidentsTable {
  id: Generated<number>
  phone: string
  name: string | null
  id_number: string | null
  verified_at: Timestamp | null
  created_at: Generated<Timestamp>
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

export interface LoginThrottleTable {
  username: string
  failures: number
  last_failure_at: Timestamp
  locked_until: Timestamp | null
}

export interface OtpSendsTable {
  id: Generated<number>
  phone: string
  client: string
  sent_at: Timestamp
}

export interface SessionsTable {
  id: string
  user_id: number | null
  resident_id: number | null
  csrf_token: string
  created_at: Generated<Timestamp>
  expires_at: Timestamp
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
  reporter_anonymous: boolean
  external_id: string | null
  state: string
  current_unit_id: number | null
  dispatcher_unit_id: number | null
  last_handler_unit_id: number | null
  merged_into: number | null
  reopen_count: number
  press_count: number
  last_pressed_at: Timestamp | null
  supervised: boolean
  supervision_pending: boolean
  extension_pending: Json<{ days: number; reason: string } | null> | null
  summoned: Json<Array<{ unitId: number; lead: boolean; checkedInAt: string | null }>>
  escalated_by: ColumnType<number[], number[] | undefined, number[]>
  evaluation: string | null
  sign_deadline: Timestamp | null
  resolve_deadline: Timestamp | null
  sla_status: Generated<string>
  sla_check_at: Timestamp | null
  sla_sign_from: Timestamp | null
  sla_resolve_from: Timestamp | null
  resolved_at: Timestamp | null
  supervision_count: Generated<number>
  version: number
  created_at: Timestamp
  updated_at: Timestamp
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
  created_at: Timestamp
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
}

export interface EventUnitsTable {
  event_id: number
  unit_id: number
}

/** Who may see an event beyond the city center (migration 0012). */
export interface EventScopesTable {
  unit_id: number
  event_id: number
}

export interface EventNumbersTable {
  day: string
  last: number
}

export interface AuditLogTable {
  id: Generated<number>
  actor_user_id: number | null
  action: string
  target_kind: string
  target_id: string
  detail: Json<Record<string, unknown>>
  at: Generated<Timestamp>
}

export interface CalendarOverridesTable {
  date: ColumnType<string, string, string>
  kind: string
  name: string | null
  year: number
  updated_by: number | null
  updated_at: Timestamp
  reason: string
}

export interface SlaRulesTable {
  category_code: string
  priority: string
  sign_hours: number | null
  sign_days: number | null
  resolve_hours: number | null
  resolve_days: number | null
  natural_time: boolean
  check_in_hours: Generated<number>
  evaluation_days: Generated<number>
  updated_by: number | null
  updated_at: Timestamp
  reason: string
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

export interface DB {
  org_units: OrgUnitsTable
  change_log: ChangeLogTable
  categories: CategoriesTable
  users: UsersTable
  residents: ResidentsTable
  otp_codes: OtpCodesTable
  login_throttle: LoginThrottleTable
  otp_sends: OtpSendsTable
  sessions: SessionsTable
  events: EventsTable
  event_actions: EventActionsTable
  event_units: EventUnitsTable
  event_scopes: EventScopesTable
  event_numbers: EventNumbersTable
  audit_log: AuditLogTable
  attachments: AttachmentsTable
  patrols: PatrolsTable
  calendar_overrides: CalendarOverridesTable
  sla_rules: SlaRulesTable
  sla_breaches: SlaBreachesTable
  sla_job_runs: SlaJobRunsTable
}
