/** The list of events within the caller's scope (and the filter the xlsx export shares). */
import type { EventView, ListEventsQuery, Page } from '@xiaolan/contracts'
import { sql } from 'kysely'
import type { AppContext } from '../../../context.ts'
import { invalid } from '../../../errors.ts'
import { pageOf, readCursor } from '../../../keyset.ts'
import type { Principal } from '../../accounts/sessions.ts'
import type { OrgUnit } from '../../orgs/directory.ts'
import { photosOf } from '../attachments.ts'
import { inScope, scopeUnitOf } from '../queries.ts'
import { inBox, type TabPart, tabParts } from '../workbench.ts'
import { toView } from './view.ts'

export async function listEvents(app: AppContext, principal: Principal, q: ListEventsQuery): Promise<Page<EventView>> {
  const limit = q.limit ?? 20
  const before = readCursor(q.next, ['bigint'])?.[0]
  // a tab of disjoint parts (待签收: held unsigned, summoned) reads each part newest first by its own
  // index and merges them: their OR would fetch and sort every row of both before the first page
  const parts = q.box ? tabParts(app, principal, q.box) : [undefined]
  const pages = await Promise.all(
    parts.map((part) =>
      filteredEvents(app, principal, q, before, part)
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute(),
    ),
  )
  const { page, next } = pageOf(
    pages.flat().sort((a, b) => b.id - a.id),
    limit,
    (r) => [r.id],
  )
  const photos = await photosOf(
    app.database.db,
    page.map((r) => r.id),
    principal,
  )
  return { items: page.map((r) => toView(app, r, principal, photos.get(r.id))), next }
}

/**
 * The events a list query selects within the caller's scope, ids below `before` (the list and its
 * xlsx export share it; both read newest first). A center's or department's staff read their unit's
 * `event_scopes` rows backwards and join each event, so a page costs the same at any table size.
 * An inbox tab names the caller's unit itself (holder, summoned, dispatcher), so its own index
 * drives and the scope is checked per row: walking the scope rows would pass every other event of
 * a district to reach an old one still waiting in its tab. A part of what the unit holds is in its
 * scope by construction (`TabPart.held`) and is not checked.
 */
export function filteredEvents(
  app: AppContext,
  principal: Principal,
  q: Omit<ListEventsQuery, 'limit' | 'next'> & { within?: OrgUnit },
  before?: number,
  tabPart?: TabPart,
) {
  // `within`: a unit of the caller's subtree (checked by the caller) whose events alone are wanted;
  // the city center's scope has no event_scopes rows (it sees everything)
  const within = q.within && q.within.parentId !== null ? q.within.id : undefined
  const unitId = principal.kind === 'staff' && !q.box ? (within ?? scopeUnitOf(principal, app.orgs)) : null
  let query = app.database.db
    .selectFrom('events')
    .selectAll('events')
    .$if(unitId === null && !tabPart?.held, (qb) => qb.where(inScope(principal, app.orgs)))
    .$if(unitId !== null, (qb) =>
      qb
        .innerJoin('event_scopes as s', 's.event_id', 'events.id')
        .where('s.unit_id', '=', unitId as number)
        .$if(before !== undefined, (b) => b.where('s.event_id', '<', before as number)),
    )
  if (before !== undefined) query = query.where('events.id', '<', before)
  if (q.state) query = query.where('state', '=', q.state)
  if (q.sla) query = query.where('sla_status', '=', q.sla)
  if (q.unit) query = query.where('current_unit_id', '=', unitIdOf(app, q.unit, 'unit'))
  if (q.district) query = query.where('district_id', '=', unitIdOf(app, q.district, 'district'))
  if (q.category)
    query = query.where((eb) => eb.or([eb('category_code', '=', q.category as string), eb('category_code', 'like', `${q.category}.%`)]))
  if (q.channel) query = query.where('channel', '=', q.channel)
  if (q.box) query = query.where(tabPart?.where ?? inBox(app, principal, q.box))
  if (q.box && within !== undefined)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('event_scopes as w')
          .select(sql`1`.as('one'))
          .whereRef('w.event_id', '=', 'events.id')
          .where('w.unit_id', '=', within),
      ),
    )
  if (q.from) query = query.where('created_at', '>=', new Date(q.from))
  if (q.to) query = query.where('created_at', '<', new Date(q.to))
  if (q.text) {
    const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) => eb.or([eb('title', 'ilike', like), eb('description', 'ilike', like), eb('number', '=', q.text as string)]))
  }
  return query
}

function unitIdOf(app: AppContext, code: string, field: string) {
  const unit = app.orgs.byCode(code)
  if (!unit) throw invalid(field, `No unit ${code}`)
  return unit.id
}
