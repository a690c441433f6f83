/**
 * The data pool by channel (issue 17 item 1): an area's events created in a period, per intake
 * channel and by where they stand now, from the rollups the listener keeps exact (rollup_daily:
 * created day × area × category × channel × state) — a few dozen rows whatever the period, so it
 * costs what the screen does. A center's own consolidated orders (channel `alert`) are not an intake
 * stream and are left out, as on the public lists.
 */
import { type ChannelSplitView, INTAKE_CHANNELS, type IntakeChannel } from '@xiaolan/contracts'
import { chinaDateOf } from '../../china-time.ts'
import type { AppContext } from '../../context.ts'
import { invalid } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import { periodOf, scopeOf } from '../sla/service.ts'

const OPEN = new Set(['submitted', 'assigned', 'in_progress', 'reviewing'])
const DONE = new Set(['resolved', 'closed'])

export async function channelSplit(
  app: AppContext,
  principal: Principal,
  q: { scope?: string; from?: string; to?: string },
): Promise<ChannelSplitView> {
  const scope = scopeOf(app, principal, q.scope)
  // the rollups are kept per area, the centers of the chain
  if (scope.kind !== 'center') throw invalid('scope', 'The channels are counted for an area: a city, district, street or community center')
  const { from, to } = periodOf(app, q)
  const rows = await app.database.db
    .selectFrom('rollup_daily_exact')
    .select(['channel', 'state', (eb) => eb.fn.sum<number>('n').as('n')])
    .where('unit_id', '=', scope.id)
    .where('day', '>=', chinaDateOf(from))
    .where('day', '<=', chinaDateOf(to.getTime() - 1))
    .groupBy(['channel', 'state'])
    .execute()
  const byChannel = new Map(INTAKE_CHANNELS.map((c) => [c, { channel: c, received: 0, open: 0, done: 0, rejected: 0, merged: 0 }]))
  for (const r of rows) {
    const row = byChannel.get(r.channel as IntakeChannel)
    const n = Number(r.n)
    if (!row || n === 0) continue
    row.received += n
    if (OPEN.has(r.state as string)) row.open += n
    else if (DONE.has(r.state as string)) row.done += n
    else if (r.state === 'rejected') row.rejected += n
    else if (r.state === 'merged') row.merged += n
  }
  return { scope: { code: scope.code, name: scope.name }, from: from.toISOString(), to: to.toISOString(), items: [...byChannel.values()] }
}
