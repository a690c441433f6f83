/**
 * The public list of events (公开): what the city is handling, for anyone. No names, phones or
 * ID numbers ever; free text is masked; an anonymous report (hide my name) shows only its category.
 */
import type { Page, PublicEventsQuery, PublicEventView } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import { invalid } from '../../errors.ts'
import { maskPublicText } from '../accounts/masking.ts'

export async function listPublicEvents(app: AppContext, q: PublicEventsQuery): Promise<Page<PublicEventView>> {
  const limit = q.limit ?? 20
  let query = app.database.db
    .selectFrom('events')
    .select([
      'id',
      'number',
      'title',
      'category_code',
      'state',
      'district_id',
      'community_id',
      'current_unit_id',
      'reporter_anonymous',
      'reporter_name',
      'created_at',
      'updated_at',
    ])
    // not yet screened, turned down or folded into another: nothing to show the public
    .where('state', 'not in', ['submitted', 'rejected', 'merged'])
  if (q.district) {
    const district = app.orgs.byCode(q.district)
    if (district?.kind !== 'center' || district.level !== 2) throw invalid('district', `No district ${q.district}`)
    query = query.where('district_id', '=', district.id)
  }
  if (q.next) {
    const after = Number(Buffer.from(q.next, 'base64url').toString())
    if (!Number.isSafeInteger(after) || after < 1) throw invalid('next', 'Malformed cursor')
    query = query.where('id', '<', after)
  }
  const rows = await query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    items: page.map((r) => ({
      number: r.number,
      title: r.reporter_anonymous ? null : maskPublicText(r.title, r.reporter_name),
      category: r.category_code,
      state: r.state as PublicEventView['state'],
      district: app.orgs.ref(r.district_id)?.name ?? null,
      community: app.orgs.ref(r.community_id)?.name ?? null,
      unit: app.orgs.ref(r.current_unit_id)?.name ?? null,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
    next: rows.length > limit && last ? Buffer.from(String(last.id)).toString('base64url') : null,
  }
}
