/**
 * A mediation case's term warns like other deadlines (issue 19, DESIGN §8): once 75 % of it is used
 * and once it is past, the case is marked and its event gets a system reminder (`remind`, as the SLA
 * jobs' 催办) for the organisation holding it — each mark once. Runs every minute from `xiaolan start`,
 * one instance at a time (an advisory lock), timed as job `mediation_terms`.
 */
import { sql } from 'kysely'
import type { AppContext } from '../../context.ts'
import { startTicker } from '../../ticker.ts'
import { remindEvents } from '../events/deadlines.ts'
import { casesDueForTermMark, markTerm } from './queries.ts'
import { TERM_WARNING_SHARE } from './views.ts'

/** The advisory-lock key of the scan (the SLA jobs use 741206, the alert scan 741207). */
const LOCK = [741_208, 1] as const
const BATCH = 200

export const TERM_NOTES = {
  warned: '调解期限已用去四分之三，请抓紧调解',
  overdue: '已超过调解期限，请尽快结案或移送',
} as const

/** One pass: the cases that reached a mark, marked and reminded. How many marks were made. */
export async function scanMediationTerms(app: AppContext): Promise<{ ran: boolean; marked: number; changed: number }> {
  return app.database.db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(${LOCK[0]}, ${LOCK[1]}) as got`.execute(tx)
    if (!rows[0]?.got) return { ran: false, marked: 0, changed: 0 }
    const now = app.now()
    const due = await casesDueForTermMark(tx, now, TERM_WARNING_SHARE, BATCH)
    const marks = due.map((c) => ({ c, mark: new Date(c.term_due) <= now ? ('overdue' as const) : ('warned' as const) }))
    const reminded = new Set(
      await remindEvents(
        app,
        tx,
        marks.map(({ c, mark }) => ({ eventId: Number(c.event_id), note: TERM_NOTES[mark] })),
      ),
    )
    let marked = 0
    for (const { c, mark } of marks) {
      // an event another transaction holds is left, with its case, to the next pass
      if (!reminded.has(Number(c.event_id))) continue
      await markTerm(tx, c.id, mark, now)
      marked += 1
    }
    return { ran: true, marked, changed: marked }
  })
}

/** Starts the scan on the ticker; the returned stop waits for the pass in hand. */
export function startMediationTermScan(app: AppContext, intervalMs = 60_000): () => Promise<void> {
  return startTicker(async () => {
    try {
      const { marked } = await app.metrics.timeJob('mediation_terms', () => scanMediationTerms(app))
      if (marked > 0) app.log.info({ marked }, 'mediation terms')
    } catch (error) {
      app.log.error({ err: error }, 'mediation term scan failed')
    }
  }, intervalMs)
}
