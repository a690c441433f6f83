/**
 * Which module owns each table (and view) of server/migrations. Only the owner's files (server/src/modules/<owner>/)
 * name a table in SQL; every other module calls the owner's exported functions, passing its
 * transaction where the write must be atomic with its own. `owners.test.ts` enforces it: every
 * migrated table is listed here, no module's SQL names a table another module owns, and outside
 * src/modules only the files of its commented exemption list (seed.ts's bulk inserts) name any.
 */
export const TABLE_OWNERS = {
  // the work order: its projection row, the action log it is the fold of, and what hangs off it
  events: 'events',
  event_actions: 'events',
  event_numbers: 'events',
  event_scopes: 'events',
  event_units: 'events',
  attachments: 'events',
  // residents following events they did not report: an offered duplicate, or a merge's survivor (0024)
  event_followers: 'events',
  categories: 'events',
  // people: staff accounts, residents, their sessions and the abuse controls of signing in
  users: 'accounts',
  sessions: 'accounts',
  residents: 'accounts',
  otp_codes: 'accounts',
  otp_sends: 'accounts',
  login_throttle: 'accounts',
  org_units: 'orgs',
  // the gazetteer: named places (compounds, villages, roads, landmarks) inside each community
  places: 'orgs',
  sla_rules: 'sla',
  calendar_overrides: 'sla',
  sla_breaches: 'sla',
  sla_job_runs: 'sla',
  review_settings: 'sla',
  // the rollups: folded tables, the deltas appended per transaction (0020), and the views that read both
  rollup_created: 'analytics',
  rollup_daily: 'analytics',
  rollup_unit_day: 'analytics',
  rollup_unit_due: 'analytics',
  rollup_unit_state: 'analytics',
  rollup_pending: 'analytics',
  rollup_created_exact: 'analytics',
  rollup_daily_exact: 'analytics',
  rollup_unit_day_exact: 'analytics',
  rollup_unit_due_exact: 'analytics',
  rollup_unit_state_exact: 'analytics',
  patrols: 'patrols',
  // what staff changed the classifier's category to, with the text (issue 16): the next training's data
  classifier_corrections: 'intelligence',
  // the duplicate finder's radius, window and minimum score (issue 16 item 4)
  intelligence_settings: 'intelligence',
  // early warning (issue 16 item 5): rules as settings, alerts with their evidence events and their life
  alert_rules: 'alerts',
  alerts: 'alerts',
  alert_evidence: 'alerts',
  alert_transitions: 'alerts',
  // partner platforms' keys (issue 17 item 2)
  api_clients: 'clients',
  // 来电弹屏 (0039): the calls the hall's CTI posts, each with the event made during it
  hotline_calls: 'channels',
  // netizen messages (issue 17 item 6): the message boards, their imports, the replies waiting to go back
  netizen_boards: 'channels',
  netizen_imports: 'channels',
  netizen_replies: 'channels',
  // the 12345 desk's callback calls that did not reach the caller (回访, issue 18 item 3, 0037)
  callback_attempts: 'channels',
  // the one outbox (DESIGN §7: webhooks now, SMS and in-app later), partners' subscriptions, the delivery log
  webhook_subscriptions: 'notifications',
  outbox: 'notifications',
  outbox_attempts: 'notifications',
  // a caller's evaluation link, sent by SMS at intake (issue 18 item 5, 0038)
  evaluation_links: 'notifications',
  // in-app notices (0040): residents' and units' notices, staff users' read marks, residents' choices
  notices: 'notifications',
  notice_reads: 'notifications',
  notice_preferences: 'notifications',
  // the 12345 knowledge base (issue 18 item 1): articles, their revisions, answered-from links, searches
  knowledge_articles: 'knowledge',
  knowledge_revisions: 'knowledge',
  knowledge_answers: 'knowledge',
  knowledge_searches: 'knowledge',
  // who looked at or changed what: written by every module through audit/log.ts
  audit_log: 'audit',
  change_log: 'audit',
  // people's mediation (0036): the network's specialties and mediators, cases and what they hold
  mediation_orgs: 'mediation',
  mediators: 'mediation',
  mediation_settings: 'mediation',
  mediation_cases: 'mediation',
  mediation_parties: 'mediation',
  mediation_sessions: 'mediation',
  mediation_follow_ups: 'mediation',
  mediation_stages: 'mediation',
  // departments stationed at the city center in rotation (0041): the rota, its history, the hall's dispatches
  rota_slots: 'rota',
  rota_weeks: 'rota',
  rota_changes: 'rota',
  rota_dispatches: 'rota',
  // joint hazard sweeps (0043): the grids' buildings and shops, the sweeps, each site's check
  sweep_sites: 'sweeps',
  sweeps: 'sweeps',
  sweep_targets: 'sweeps',
} as const satisfies Record<string, string>

export type Table = keyof typeof TABLE_OWNERS
