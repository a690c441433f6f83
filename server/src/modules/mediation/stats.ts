/** Item 4: cases by organisation, type and outcome; agreement rate, performance rate at follow-up, average duration. */
import type { MediationStatsView } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import { caseStats, screenFigures } from './queries.ts'

const AGREED = ['agreed', 'performed']

export async function mediationStats(app: AppContext, centerIds: number[] | null): Promise<MediationStatsView> {
  const { rows, followUps } = await caseStats(app.database.db, centerIds)
  const sum = (pick: (r: (typeof rows)[number]) => boolean) => rows.filter(pick).reduce((a, r) => a + r.n, 0)
  const total = sum(() => true)
  // an agreement stays one when its follow-up reopened it only if it has an outcome again; count by outcome
  const agreed = sum((r) => r.outcome === 'written' || r.outcome === 'oral' || AGREED.includes(r.state))
  const failed = sum((r) => r.outcome === 'failed')
  const refused = sum((r) => r.state === 'refused')
  const decided = agreed + failed
  const performed = followUps.find((f) => f.performed)?.n ?? 0
  const visited = followUps.reduce((a, f) => a + f.n, 0)
  const withDays = rows.filter((r) => r.days !== null)
  const dayCount = sum((r) => r.days !== null && (r.outcome !== null || r.state === 'refused'))
  const daySum = withDays.reduce((a, r) => a + (r.days ?? 0), 0)
  const group = <K extends string>(key: (r: (typeof rows)[number]) => K) => {
    const m = new Map<K, number>()
    for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + r.n)
    return [...m]
  }
  const units = new Map<number, { n: number; agreed: number }>()
  for (const r of rows) {
    const u = units.get(r.unit_id) ?? { n: 0, agreed: 0 }
    u.n += r.n
    if (r.outcome === 'written' || r.outcome === 'oral' || AGREED.includes(r.state)) u.agreed += r.n
    units.set(r.unit_id, u)
  }
  const round = (x: number) => Math.round(x * 1000) / 1000
  return {
    total,
    agreed,
    failed,
    refused,
    agreementRate: decided ? round(agreed / decided) : null,
    performanceRate: visited ? round(performed / visited) : null,
    averageDays: dayCount ? Math.round((daySum / dayCount) * 10) / 10 : null,
    byType: group((r) => r.dispute_type as MediationStatsView['byType'][number]['type']).map(([type, n]) => ({ type, n })),
    byOutcome: group((r) => r.outcome ?? r.state).map(([outcome, n]) => ({ outcome, n })),
    byUnit: [...units]
      .map(([id, u]) => ({ unit: app.orgs.ref(id) as MediationStatsView['byUnit'][number]['unit'], ...u }))
      .sort((a, b) => b.n - a.n),
  }
}

/** The big screen's 矛盾纠纷 panel: cases opened since `since`, in mediation now, and resolved (agreed or failed) since. */
export async function mediationScreen(app: AppContext, centerIds: number[] | null, since: Date) {
  const f = await screenFigures(app.database.db, centerIds, since)
  return { opened: f.opened, inMediation: f.open, resolved: f.resolved }
}
