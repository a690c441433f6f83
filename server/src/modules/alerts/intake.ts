/**
 * Sensitive content at intake, as the admin set it (研判设置): the words that flag a report, or none
 * while the `sensitive` rule is off. Intake is the hottest write path, so the rule's switch is not
 * read per report: each instance keeps it for a minute (and forgets it at once when an admin changes a
 * rule through this instance); another instance follows within that minute.
 */
import type { AppContext } from '../../context.ts'
import { type SensitiveHit, sensitiveWords } from './sensitive.ts'

const KEEP_MS = 60_000
const known = new WeakMap<AppContext, { enabled: boolean; at: number }>()

async function sensitiveRuleOn(app: AppContext): Promise<boolean> {
  const now = Date.now()
  const kept = known.get(app)
  if (kept && now - kept.at < KEEP_MS) return kept.enabled
  const row = await app.database.db.selectFrom('alert_rules').select('enabled').where('kind', '=', 'sensitive').executeTakeFirst()
  // no row (a database seeded before 0023's defaults) keeps the default: on
  const enabled = row?.enabled ?? true
  known.set(app, { enabled, at: now })
  return enabled
}

/** The sensitive words of a report's text, or none while the rule is off. */
export async function sensitiveAtIntake(app: AppContext, text: string): Promise<SensitiveHit[]> {
  const hits = sensitiveWords(text)
  return hits.length && (await sensitiveRuleOn(app)) ? hits : []
}

/** An admin changed a rule here: the next intake reads the switch again. */
export function forgetRuleSwitch(app: AppContext) {
  known.delete(app)
}
