/**
 * The rota as the open matters would have it (issue 19 item 5): the city departments owning the
 * top-level categories with the most open matters among those created in the last weeks, most first,
 * spread over the week's working days in turn. A suggestion only: the editor accepts or changes it.
 */
import type { RotaSuggestionView } from '@xiaolan/contracts'
import { addDays, chinaDateOf } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import { openByCategory } from '../analytics/open-counts.ts'
import { rotaCandidates } from './stations.ts'

/** The weeks of open matters counted. */
export const SUGGESTION_WEEKS = 4
/** Departments per working day. */
const PER_DAY = 2

export async function suggestRota(app: AppContext, monday: string): Promise<RotaSuggestionView> {
  const since = addDays(chinaDateOf(app.now()), -7 * SUGGESTION_WEEKS)
  const open = await openByCategory(app.database.db, app.orgs.root().id, since)
  const byFunction = new Map(rotaCandidates(app.orgs).map((u) => [u.function ?? '', u]))
  const ranked = new Map<number, { open: number; categories: string[] }>()
  for (const { category, open: n } of open) {
    const owner = app.categories.get(category)?.owner
    const unit = owner === undefined ? undefined : byFunction.get(owner)
    if (!unit) continue
    const r = ranked.get(unit.id) ?? { open: 0, categories: [] }
    r.open += n
    r.categories.push(category)
    ranked.set(unit.id, r)
  }
  const working = Array.from({ length: 7 }, (_, i) => addDays(monday, i)).filter((d) => app.calendar.isWorkingDay(d))
  const chosen = [...ranked].sort((a, b) => b[1].open - a[1].open || a[0] - b[0]).slice(0, working.length * PER_DAY)
  const ref = (id: number) => app.orgs.ref(id) as NonNullable<ReturnType<AppContext['orgs']['ref']>>
  return {
    week: monday,
    weeks: SUGGESTION_WEEKS,
    days: working.map((date, d) => ({ date, units: chosen.filter((_, i) => i % working.length === d).map(([id]) => ref(id)) })),
    reasons: chosen.map(([id, r]) => ({ unit: ref(id), open: r.open, categories: r.categories })),
  }
}
