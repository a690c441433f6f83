/**
 * A caller's evaluation link (issue 18 item 5): `/e/<token>` from the SMS of their intake. The token is
 * the key (no account): it names one event, whose public progress it shows; the caller may press it
 * (催办, the residents' once-a-day rule) while it is handled and rate it once it is resolved — once:
 * a second rating is 409 and changes nothing. The link lapses 30 days after the matter closes.
 * The system acts for the caller (`CallerLink`); the lifecycle allows that only for an event whose
 * reporter has no app account.
 */
import type { EvaluationLinkView, EvaluationPressBody, EvaluationRatingBody, Rating } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import { AppError, notFound } from '../../errors.ts'
import { actOnEvent } from '../events/commands/act.ts'
import { nextPressAt } from '../events/lifecycle.ts'
import { eventForCaller, linkRatingOf } from '../events/lookups.ts'
import { trackEvent } from '../events/public.ts'
import { linkByHash } from './queries.ts'
import { tokenHash } from './sms.ts'

/** How long a link outlives the matter's close. */
export const LINK_DAYS_AFTER_CLOSE = 30
const DAY_MS = 24 * 3600_000
const PRESSABLE = ['submitted', 'assigned', 'in_progress']

/** The event a token names, if the link is still good: 404 for no such link, 410 once it lapsed. */
async function linkedEvent(app: AppContext, token: string) {
  const link = await linkByHash(app.database.db, tokenHash(token))
  const event = link && (await eventForCaller(app.database.db, link.event_id))
  if (!event) throw notFound('Link')
  if (event.state === 'closed' && event.closed_at !== null) {
    const lapses = new Date(event.closed_at).getTime() + LINK_DAYS_AFTER_CLOSE * DAY_MS
    if (app.now().getTime() >= lapses) throw new AppError('link_expired', 410, 'This link has expired')
  }
  return event
}

export async function evaluationView(app: AppContext, token: string): Promise<EvaluationLinkView> {
  const event = await linkedEvent(app, token)
  const rating = (await linkRatingOf(app.database.db, event.id)) as Rating | null
  const lastPressedAt = event.last_pressed_at === null ? null : new Date(event.last_pressed_at).toISOString()
  const next = nextPressAt({ lastPressedAt })
  return {
    event: await trackEvent(app, event.number),
    version: event.version,
    canPress: PRESSABLE.includes(event.state) && (next === null || app.now().getTime() >= Date.parse(next)),
    nextPressAt: next,
    canRate: event.state === 'resolved' && rating === null,
    rating,
  }
}

/** The caller's one rating of the resolved matter; 不满意 reopens it as a resident's would. */
export async function rateByLink(app: AppContext, token: string, body: EvaluationRatingBody): Promise<EvaluationLinkView> {
  const event = await linkedEvent(app, token)
  if ((await linkRatingOf(app.database.db, event.id)) !== null) {
    throw new AppError('already_rated', 409, 'This link has rated the matter already')
  }
  const words = body.note?.trim()
  const note = words ? `短信链接评价：${words}` : '短信链接评价'
  await actOnEvent(app, { kind: 'caller_link', eventId: event.id }, event.id, {
    type: 'evaluate',
    rating: body.rating,
    version: body.version,
    note,
  })
  return evaluationView(app, token)
}

/** The caller's 催办, at most once a day (the lifecycle's rule, 429 `press_too_soon`). */
export async function pressByLink(app: AppContext, token: string, body: EvaluationPressBody): Promise<EvaluationLinkView> {
  const event = await linkedEvent(app, token)
  await actOnEvent(app, { kind: 'caller_link', eventId: event.id }, event.id, {
    type: 'press',
    version: body.version,
    note: '来电人通过短信链接催办',
  })
  return evaluationView(app, token)
}
