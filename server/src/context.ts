/** What every module's service functions receive: the database and the in-memory catalogues. */
import type { Logger } from 'pino'
import type { Config } from './config.ts'
import type { Database } from './db/index.ts'
import type { SmsSender } from './modules/accounts/service.ts'
import type { CategoryCatalog } from './modules/events/categories.ts'
import type { OrgDirectory } from './modules/orgs/directory.ts'
import type { WorkingCalendar } from './modules/sla/calendar.ts'

export interface AppContext {
  config: Config
  database: Database
  orgs: OrgDirectory
  categories: CategoryCatalog
  calendar: WorkingCalendar
  sms: SmsSender
  log: Logger
  /** The clock; tests move it. */
  now(): Date
}
