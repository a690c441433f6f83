/**
 * The demo week at work (the closed loop, not a pile of unsigned reports): the reports channels.ts
 * seeds are handled as a city's units would handle them. Each holder signs within hours; most are
 * resolved a day or two later, a few after the community escalated them to its street; the 12345
 * desk calls hotline callers back and records their ratings, one of them 不满意 (the matter goes back
 * to its handler); the newest and a few others still wait, some of them past their deadlines. So the
 * screen, the KPIs and the 红黑榜 show a week of real work from the first start. Every step goes
 * through the lifecycle's own command with the clock set to its hour: the log, the deadlines and the
 * rollups are what real traffic leaves.
 */
import type { ActionBody, Rating } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import type { Principal } from '../../modules/accounts/sessions.ts'
import { eventsInWindow } from '../../modules/events/alert-reads.ts'
import { actOnEvent } from '../../modules/events/commands/act.ts'
import { reloadRow } from '../../modules/events/deadlines.ts'
import type { EventRow } from '../../modules/events/queries.ts'
import { demoStaff, demoUsername } from './accounts.ts'
import { DEMO_DAYS } from './channels.ts'

const HOUR = 3_600_000

/** What the handler writes when it is done, by the category's group (log data, in the handlers' language). */
const RESULTS: Record<string, string> = {
  municipal: '已安排维修人员到场修复，现已恢复正常使用',
  sanitation: '已协调环卫作业人员清理完毕，并加强该处日常巡查',
  safety: '已会同物业和消防人员现场排查，隐患已整改消除',
  security: '已会同辖区派出所现场劝导处置，并纳入夜间巡逻',
  dispute: '已组织双方当面调解，达成一致意见',
  utilities: '已联系供水供暖单位抢修，现已恢复',
  property: '已约谈物业公司，限期整改完毕，居民反映已解决',
  environment: '已联系城管执法人员现场查处，责令整改',
}
const resultOf = (category: string) => RESULTS[category.split('.')[0]] ?? '已现场核实并处置完毕'

/** The callers' ratings on the return call, in turn: mostly satisfied, now and then less so. */
const RATINGS: Rating[] = ['satisfied', 'basically_satisfied', 'satisfied', 'unsatisfied', 'satisfied', 'satisfied']

/** Handles the demo week's reports; how many were signed, escalated, resolved and rated. */
export async function seedDemoHandling(ctx: AppContext): Promise<Record<string, number>> {
  const now = ctx.now().getTime()
  const operator = await demoStaff(ctx, 'operator1')
  const done = { signed: 0, escalated: 0, resolved: 0, rated: 0 }
  const events = await eventsInWindow(ctx.database.db, new Date(now - (DEMO_DAYS + 1) * 24 * HOUR), new Date(now))
  let rated = 0
  for (const [i, event] of events.entries()) {
    const age = (now - event.createdAt.getTime()) / HOUR
    // the last hours' reports and one in nine wait to be signed
    if (age < 4 || i % 9 === 4) continue
    let clock = event.createdAt.getTime() + (1 + (i % 3)) * HOUR
    let row = await reloadRow(ctx.database.db, event.id)
    const act = async (principal: Principal | undefined, body: Omit<ActionBody, 'version'>, after: number) => {
      clock = Math.min(clock + after * HOUR, now)
      if (!principal) return undefined
      row = await actOnEvent({ ...ctx, now: () => new Date(clock) }, principal, row.id, { ...body, version: row.version })
      return row
    }
    if (row.state !== 'assigned' || !(await act(await holder(ctx, row), { type: 'sign' }, 0))) continue
    done.signed++
    // one in seven is more than the community can do: its street takes it over
    const holderUnit = ctx.orgs.unit(row.current_unit_id as number)
    if (i % 7 === 2 && holderUnit?.level === 4) {
      await act(await holder(ctx, row), { type: 'escalate', note: '涉及多个小区，需街道协调相关单位处理' }, 2)
      if (!(await act(await holder(ctx, row), { type: 'sign' }, 1))) continue
      done.escalated++
    }
    // resolved after a working day or two; one in six, and what came in yesterday, is still in hand
    if (age < 30 || i % 6 === 5) continue
    const resolved = await act(await holder(ctx, row), { type: 'resolve', note: resultOf(event.categoryCode) }, 5 + ((i * 7) % 36))
    // a department's result waits at 办结审核: its center approves it in its own time
    if (resolved?.state !== 'resolved') continue
    done.resolved++
    // the 12345 desk calls hotline callers back the next day
    if (resolved.channel !== 'hotline' || now - clock < 24 * HOUR) continue
    if (await act(operator, { type: 'evaluate', rating: RATINGS[rated++ % RATINGS.length] }, 20)) done.rated++
  }
  return done
}

/** The demo account of the unit holding the event. */
function holder(ctx: AppContext, row: EventRow) {
  const unit = row.current_unit_id === null ? undefined : ctx.orgs.unit(row.current_unit_id)
  return unit ? demoStaff(ctx, demoUsername(unit)) : Promise.resolve(undefined)
}
