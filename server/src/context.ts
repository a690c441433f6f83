/** What every module's service functions receive: the database and the in-memory catalogues. */
import type { Transaction } from 'kysely'
import type { Logger } from 'pino'
import type { Config } from './config.ts'
import type { Database } from './db/index.ts'
import type { DB } from './db/types.ts'
import type { Metrics } from './metrics.ts'
import type { SmsSender } from './modules/accounts/service.ts'
import type { CategoryCatalog } from './modules/events/categories.ts'
import type { EventState, LogEntry } from './modules/events/lifecycle.ts'
import type { OrgDirectory } from './modules/orgs/directory.ts'
import type { WorkingCalendar } from './modules/sla/calendar.ts'
import type { SlaSettings } from './modules/sla/settings.ts'

export interface AppContext {
  config: Config
  database: Database
  orgs: OrgDirectory
  categories: CategoryCatalog
  /** The working-day calendar with the admin's overrides; replaced when they are edited. */
  calendar: WorkingCalendar
  /** SLA rules per category × priority; replaced when an admin edits them. */
  sla: SlaSettings
  sms: SmsSender
  log: Logger
  /** This app's Prometheus registry and recorders (metrics.ts): modules count and register gauges here. */
  metrics: Metrics
  /** The clock; tests move it. */
  now(): Date
  /**
   * Called once inside the transaction of every event write, with all its changes in order (an
   * intake's submit and route, an SLA job's batch), after the rows and log entries are written:
   * rollups and counters that must stay exact register here (analytics, realtime). One call per
   * transaction, so each listener writes its rows in one statement.
   */
  onEventChange: Array<(tx: Transaction<DB>, changes: readonly EventChange[]) => Promise<void>>
}

/** One committed-together change of an event: its fixed facts, the state before and after, the entry. */
export interface EventChange {
  event: {
    id: number
    number: string
    category: string
    priority: string
    channel: string
    districtId: number | null
    communityId: number | null
    createdAt: Date
    /** the API client of a partner platform that submitted it (its webhooks follow it), else null */
    sourceClientId: number | null
    /** that partner's own id of it */
    externalId: string | null
    /** the phone of a reporter without an app account (a hotline caller), for the SMS that tell them; else null */
    callerPhone: string | null
    /** the resident who reported it in the app (their in-app notices), else null */
    reporterResidentId: number | null
  }
  /** null when the entry created the event */
  before: EventState | null
  after: EventState
  entry: LogEntry
  /** the entry's id in `event_actions`: the change id streams carry */
  entryId: number
}
