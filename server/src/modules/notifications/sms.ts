/**
 * SMS through the one outbox (issue 18 item 4; DESIGN §7): the templates in zh-CN and en, the quiet
 * hours, the absolute links, the sender interface with its demo sender, and the listener that texts a
 * caller without an app account — at intake, with their evaluation link (`/e/<token>`), and again
 * with the same link when the matter is resolved. Mediation's summons and agreements go the same way
 * (`enqueueSms`). The residents with an app account are told in the app, not here.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Transaction } from 'kysely'
import { CHINA_OFFSET_MS, clockMs, DAY_MS } from '../../china-time.ts'
import type { Config } from '../../config.ts'
import type { AppContext, EventChange } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { maskPhone } from '../privacy/masker.ts'
import { enqueueCallerLinks, repeatCallerLinks } from './queries.ts'

/** What an SMS gateway is given: one text to one phone. A deployment's gateway implements it. */
export interface SmsSender {
  send(message: { outboxId: number; to: string; text: string }): Promise<void>
}

/** The demo gateway: sends nothing, logs that it would have, the phone masked. */
export function demoSmsSender(log: Pick<AppContext['log'], 'info'>): SmsSender {
  return {
    async send(m) {
      log.info({ outboxId: m.outboxId, to: maskPhone(m.to), chars: m.text.length }, 'sms sent (demo sender)')
    },
  }
}

type Lang = Config['SMS_LANGUAGE']

/** The callers' texts; `{link}` is filled in where the link is known (in SQL, for a repeated one). */
export const SMS_TEMPLATES: Record<Lang, { intake(number: string): string; resolved(number: string): string }> = {
  'zh-CN': {
    intake: (number) => `【小兰帮办】您反映的事项已受理，编号${number}。查看进度、催办，办结后评价：{link}`,
    resolved: (number) => `【小兰帮办】您反映的事项（编号${number}）已办结，请对办理结果评价：{link}`,
  },
  en: {
    intake: (number) => `[Xiaolan] Your report ${number} has been registered. Follow it, press it, and rate it once resolved: {link}`,
    resolved: (number) => `[Xiaolan] Your report ${number} has been resolved. Please rate how it was handled: {link}`,
  },
}

/** The deployment's address for links sent outside the app (an SMS has no page to be relative to). */
export const publicBaseUrl = (config: Pick<Config, 'PUBLIC_BASE_URL' | 'PORT'>) =>
  config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`

/**
 * When an SMS written at `at` may go: at once, or at the end of the quiet hours (China time) it falls
 * in. The window may run over midnight (21:00-08:00); equal ends mean no quiet hours.
 */
export function smsSendAt(at: Date, quietHours: string): Date {
  const [from, to] = quietHours.split('-').map(clockMs)
  if (from === to) return at
  const local = at.getTime() + CHINA_OFFSET_MS
  const sinceMidnight = ((local % DAY_MS) + DAY_MS) % DAY_MS
  const quiet = from < to ? sinceMidnight >= from && sinceMidnight < to : sinceMidnight >= from || sinceMidnight < to
  if (!quiet) return at
  const wait = (to - sinceMidnight + DAY_MS) % DAY_MS
  return new Date(at.getTime() + wait)
}

/** The token of a caller's link: 24 random bytes (32 characters of base64url); only its SHA-256 is kept. */
export const newLinkToken = () => randomBytes(24).toString('base64url')
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * The listener `app.ts` registers: no query unless a change of the transaction is of a caller with a
 * phone (the changes carry it). An intake still open at the end of its transaction (not answered on
 * the call) gets a link and its SMS — every intake of a group commit in one statement; a resolution
 * repeats the intake's link.
 */
export function smsListener(app: Pick<AppContext, 'config' | 'now'>) {
  return async function textCallers(tx: Transaction<DB>, changes: readonly EventChange[]) {
    const callers = changes.filter((c) => c.event.callerPhone !== null)
    if (callers.length === 0) return
    const lang = app.config.SMS_LANGUAGE
    const now = app.now()
    const sendAt = smsSendAt(now, app.config.SMS_QUIET_HOURS)
    const base = `${publicBaseUrl(app.config)}/e/`
    const lastOf = new Map(callers.map((c) => [c.event.id, c.after.state]))
    const intakes = callers
      .filter((c) => c.before === null && !['closed', 'rejected', 'merged'].includes(lastOf.get(c.event.id) ?? ''))
      .map((c) => {
        const token = newLinkToken()
        const link = base + token
        return {
          eventId: c.event.id,
          phone: c.event.callerPhone as string,
          hash: tokenHash(token),
          link,
          text: SMS_TEMPLATES[lang].intake(c.event.number).replace('{link}', link),
        }
      })
    if (intakes.length) await enqueueCallerLinks(tx, intakes, now, sendAt)
    const resolved = callers
      .filter((c) => c.after.state === 'resolved' && c.before !== null && c.before.state !== 'resolved')
      .map((c) => ({ eventId: c.event.id, template: SMS_TEMPLATES[lang].resolved(c.event.number) }))
    if (resolved.length) await repeatCallerLinks(tx, resolved, now, sendAt)
  }
}
