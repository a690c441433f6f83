/** 督办 history of an event, read from its log: each supervision with the holder's reply, if any. */
import type { SupervisionView } from '@xiaolan/contracts'
import type { LogEntry } from '../events/lifecycle.ts'
import type { OrgDirectory } from '../orgs/directory.ts'

export function supervisionHistory(orgs: OrgDirectory, log: Array<LogEntry & { seq: number }>): SupervisionView[] {
  const history: SupervisionView[] = []
  for (const e of log) {
    if (e.action === 'supervise') {
      history.push({
        seq: e.seq,
        at: e.at,
        by: orgs.ref(e.actorUnitId),
        to: orgs.ref(e.toUnitId),
        note: e.note,
        reply: null,
      })
    } else if (e.action === 'reply') {
      // a reply answers every supervision still waiting for one
      for (const s of history) if (!s.reply) s.reply = { at: e.at, by: orgs.ref(e.actorUnitId), note: e.note }
    }
  }
  return history
}
