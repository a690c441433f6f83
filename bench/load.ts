/**
 * Load generator: N events with the demo city's realistic mix, written in bulk through the same
 * code as production — every step is the lifecycle's pure `transition` (routing, deadlines,
 * signing, escalation, resolution, evaluation, auto-close), the log entries are the ones it
 * returns, and the rollups are summed by the analytics listener's own `addDeltas` and written by
 * its `writeDeltas` — only batched: one transaction per batch of events, rows as JSON recordsets.
 *
 *   node --import tsx bench/load.ts --events 1000000 [--url postgres://…/xiaolan_bench] [--days 365] [--batch 5000]
 *
 * Distributions: district volume ∝ population; weekdays busier than weekends, office hours busier
 * than nights; category and channel mixes of a 12345 centre (mostly hotline and app); progress by
 * age — each step happens at a sampled delay after the previous one (a few drag on for weeks), and
 * only steps before now are applied, so old events are closed and today's still wait to be signed.
 * One connection, sequential batches: it leaves the other core to whoever else is working.
 */
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { loadConfig } from '../server/src/config.ts'
import type { AppContext } from '../server/src/context.ts'
import { openDatabase } from '../server/src/db/index.ts'
import { migrate } from '../server/src/db/migrate.ts'
import { addDeltas, areaResolver, emptyDeltas, type RollupDeltas, writeDeltas } from '../server/src/modules/analytics/rollups.ts'
import { loadCategories } from '../server/src/modules/events/categories.ts'
import { transitionContext } from '../server/src/modules/events/commands/write.ts'
import {
  type ActionRequest,
  type Actor,
  type EventState,
  initialState,
  type LogEntry,
  submitEntry,
  transition,
} from '../server/src/modules/events/lifecycle.ts'
import { stateColumns } from '../server/src/modules/events/queries.ts'
import { loadOrgDirectory, type OrgUnit } from '../server/src/modules/orgs/directory.ts'
import { firstUnit } from '../server/src/modules/routing/route.ts'
import { loadSlaSettings } from '../server/src/modules/sla/settings.ts'
import { seed } from '../server/src/seed.ts'
import { seededRandom } from './support.ts'

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    url: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xiaolan_bench' },
    days: { type: 'string', default: '365' },
    batch: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
  },
})
const TOTAL = Number(args.events)
const DAYS = Number(args.days)
const BATCH = Number(args.batch)

/** Resident population (10k) of the districts, 2020 census, rounded: volume follows it. */
const POPULATION: Record<string, number> = {
  城关区: 150,
  七里河区: 70,
  西固区: 38,
  安宁区: 39,
  红古区: 14,
  永登县: 35,
  皋兰县: 16,
  榆中县: 44,
}
const CATEGORY_MIX: Record<string, number> = {
  municipal: 12,
  sanitation: 14,
  environment: 6,
  property: 12,
  utilities: 9,
  transport: 7,
  labor: 5,
  market: 6,
  housing: 4,
  safety: 4,
  security: 3,
  dispute: 5,
  education: 3,
  health: 3,
  civil: 3,
  rural: 2,
  consult: 8,
  suggestion: 2,
}
const CHANNEL_MIX: Record<string, number> = { hotline: 52, app: 28, grid: 9, netizen: 5, platform_3d: 2, platform_safety: 2, linkage: 2 }
/** Calls per hour of day (Asia/Shanghai), relative. */
const HOURS = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.5, 4, 9, 12, 12, 10, 7, 7, 10, 11, 10, 9, 6, 5, 4, 3, 2, 1.5]
/** Monday … Sunday */
const WEEKDAYS = [1.15, 1.05, 1, 1, 0.95, 0.7, 0.6]

// a small seeded generator: the same --seed gives the same city of events
const random = seededRandom(Number(args.seed))
const weighted = <T>(entries: Array<[T, number]>) => {
  const total = entries.reduce((s, [, w]) => s + w, 0)
  return () => {
    let r = random() * total
    for (const [v, w] of entries) {
      r -= w
      if (r < 0) return v
    }
    return entries[entries.length - 1][0]
  }
}
const exponential = (meanMs: number) => -Math.log(1 - random()) * meanMs
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
const HOUR = 3600_000
const DAY = 24 * HOUR

async function main() {
  const database = await openDatabase({ url: args.url as string })
  await migrate(database)
  const db = database.db
  const { n: units } = await db
    .selectFrom('org_units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  if (Number(units) === 0) await seed(db, { demo: true, log: { info: (m: unknown) => console.log(String(m)) } })

  const orgs = await loadOrgDirectory(db)
  const categories = await loadCategories(db)
  const sla = await loadSlaSettings(db)
  const app = {
    orgs,
    categories,
    sla,
    calendar: sla.calendar,
    config: loadConfig({ LOG_LEVEL: 'silent' }, { demo: true }),
  } as unknown as AppContext
  const areasOf = areaResolver(orgs)

  const users = await db.selectFrom('users').select(['id', 'username', 'role', 'unit_id']).execute()
  const staffOf = new Map<number, Actor>()
  for (const u of users) {
    if (!/^[cdmg]-/.test(u.username) || staffOf.has(u.unit_id)) continue
    staffOf.set(u.unit_id, { kind: 'staff', userId: u.id, role: u.role as 'center_staff', unitId: u.unit_id })
  }
  const operatorUser = users.find((u) => u.username === 'operator1')
  if (!operatorUser) throw new Error('no operator1: is the demo city seeded?')
  const operator: Actor = { kind: 'staff', userId: operatorUser.id, role: 'operator', unitId: operatorUser.unit_id }

  const districts = orgs.children(orgs.root().id).filter((u) => u.kind === 'center')
  const communitiesOf = new Map<number, OrgUnit[]>()
  for (const u of orgs.all()) {
    if (u.kind !== 'center' || u.level !== 4) continue
    const district = orgs.byCode(u.path.split('.')[1])
    if (!district) continue
    communitiesOf.set(district.id, [...(communitiesOf.get(district.id) ?? []), u])
  }
  const pickDistrict = weighted(districts.map((d) => [d, POPULATION[d.name] ?? 20]))
  const leaves = new Map<string, string[]>()
  for (const c of categories.all()) {
    if (!c.parentCode) continue
    const top = c.code.split('.')[0]
    leaves.set(top, [...(leaves.get(top) ?? []), c.code])
  }
  const pickCategory = weighted(Object.entries(CATEGORY_MIX).filter(([top]) => leaves.has(top) || categories.get(top)))
  const pickChannel = weighted(Object.entries(CHANNEL_MIX))
  const pickHour = weighted(HOURS.map((w, h) => [h, w]))

  const counters = new Map<string, number>(
    (await db.selectFrom('event_numbers').select(['day', 'last']).execute()).map((r) => [r.day, r.last]),
  )

  // events per day, oldest first: weekday pattern × a slow growth of volume
  const now = Date.now()
  const todayStart = Math.floor((now + 8 * HOUR) / DAY) * DAY - 8 * HOUR
  const dayStarts = Array.from({ length: DAYS }, (_, i) => todayStart - (DAYS - 1 - i) * DAY)
  const dayWeights = dayStarts.map((start, i) => {
    const weekday = (new Date(start + 8 * HOUR).getUTCDay() + 6) % 7
    const partOfToday = start === todayStart ? (now - start) / DAY : 1
    return WEEKDAYS[weekday] * (0.85 + (0.3 * i) / DAYS) * partOfToday
  })
  const weightSum = dayWeights.reduce((s, w) => s + w, 0)

  let made = 0
  let planned = 0
  let carry = 0
  let pending: Planned[] = []
  // the next batch is planned while the previous one is written: still one connection
  let writing: Promise<void> = Promise.resolve()
  const started = performance.now()
  const flush = async () => {
    if (pending.length === 0) return
    const batch = pending
    pending = []
    await writing
    writing = writeBatch(database.db, batch, areasOf).then(() => {
      made += batch.length
      const seconds = (performance.now() - started) / 1000
      console.log(
        `${made.toLocaleString('en')} / ${TOTAL.toLocaleString('en')} events, ${seconds.toFixed(0)} s, ${Math.round(made / seconds)} events/s`,
      )
    })
  }

  for (const [i, start] of dayStarts.entries()) {
    const exact = (TOTAL * dayWeights[i]) / weightSum + carry
    const count = i === dayStarts.length - 1 ? TOTAL - planned : Math.floor(exact)
    planned += count
    carry = exact - count
    const times: number[] = []
    for (let k = 0; k < count; k++) {
      let t = start + pickHour() * HOUR + random() * HOUR
      if (t >= now) t = start + random() * (now - start)
      times.push(t)
    }
    times.sort((a, b) => a - b)
    for (const t of times) {
      pending.push(plan(new Date(t)))
      if (pending.length >= BATCH) await flush()
    }
  }
  await flush()
  await writing
  const seconds = (performance.now() - started) / 1000
  console.log(`done: ${made.toLocaleString('en')} events in ${seconds.toFixed(0)} s, ${Math.round(made / seconds)} events/s`)
  await database.close()

  /** One event's whole life up to now, decided step by step by the lifecycle itself. */
  function plan(createdAt: Date): Planned {
    const district = pickDistrict()
    const community = pick(communitiesOf.get(district.id) ?? [])
    const top = pickCategory()
    const code = pick(leaves.get(top) ?? [top])
    const category = categories.get(code) ?? categories.get(top)
    if (!category) throw new Error(`no category ${code}`)
    const channel = pickChannel()
    const priority = random() < 0.02 ? 'urgent' : random() < 0.08 ? 'high' : category.priority
    const day = new Date(createdAt.getTime() + 8 * HOUR).toISOString().slice(0, 10).replaceAll('-', '')
    const seq = (counters.get(day) ?? 0) + 1
    counters.set(day, seq)

    const steps: Array<{ entry: LogEntry; after: EventState }> = []
    const submit = submitEntry({ actor: operator, at: createdAt, unitId: orgs.root().id, reporterResidentId: null })
    steps.push({ entry: submit, after: initialState(submit) })
    let at = createdAt.getTime()
    const step = (request: ActionRequest, actor: Actor, delayMs: number) => {
      at += delayMs
      if (at >= now) return false
      const last = steps[steps.length - 1].after
      const result = transition(last, request, actor, transitionContext(app, priority, new Date(at), category.code))
      if (!result.ok) return false
      steps.push({ entry: result.entry, after: result.next })
      return true
    }
    const holder = () => staffOf.get(steps[steps.length - 1].after.currentUnitId ?? 0)
    const target = firstUnit(
      { communityResolvable: category.communityResolvable, communityId: community.id, districtId: district.id },
      orgs,
    )
    if (target && step({ type: 'route', unitId: target.id }, { kind: 'system' }, 1000)) {
      const life = random()
      const signer = holder()
      // a few drag on for weeks: the overdue ones of the screen
      if (signer && step({ type: 'sign' }, signer, exponential(life < 0.02 ? 8 * DAY : 2 * HOUR))) {
        // some communities pass the matter up to their street, which signs it in turn
        if (target.level === 4 && random() < 0.08) {
          if (step({ type: 'escalate', note: '需要街道协调' }, signer, exponential(6 * HOUR))) {
            const street = holder()
            if (street) step({ type: 'sign' }, street, exponential(2 * HOUR))
          }
        }
        const handler = holder()
        if (handler && step({ type: 'resolve', note: '已处理' }, handler, exponential(life < 0.06 ? 15 * DAY : 30 * HOUR))) {
          const rating = random()
          if (rating < 0.45) {
            step({ type: 'evaluate', rating: rating < 0.38 ? 'satisfied' : 'basically_satisfied' }, operator, exponential(20 * HOUR))
          } else {
            step({ type: 'close', note: '评价期满未评价，默认满意' }, { kind: 'system' }, 3 * DAY)
          }
        }
      }
    }
    return {
      number: `LZ${day}-${String(seq).padStart(6, '0')}`,
      day,
      seq,
      title: `${category.nameZh}问题`,
      category: category.code,
      priority,
      channel,
      community,
      district,
      createdAt,
      steps,
    }
  }

  async function writeBatch(db: typeof database.db, batch: Planned[], areas: typeof areasOf) {
    await db.transaction().execute(async (tx) => {
      // a batch's JSON is parsed in memory, and a lost bench batch on a crash is only rerun
      await sql`set local work_mem = '256MB'`.execute(tx)
      await sql`set local synchronous_commit = off`.execute(tx)
      // as pg_restore --disable-triggers: the rows come from the lifecycle itself, so their foreign
      // keys hold; skipping the per-row checks halves the cost of the log (needs a superuser)
      await sql`set local session_replication_role = replica`.execute(tx)
      const eventIds = await reserve(tx, 'events', batch.length)
      const actionCount = batch.reduce((s, e) => s + e.steps.length, 0)
      const actionIds = await reserve(tx, 'event_actions', actionCount)
      const events: Record<string, unknown>[] = []
      const actions: Record<string, unknown>[] = []
      const eventUnits: Record<string, unknown>[] = []
      const eventScopes: Record<string, unknown>[] = []
      const deltas: RollupDeltas = emptyDeltas()
      let a = 0
      for (const [i, e] of batch.entries()) {
        const id = eventIds[i]
        const final = e.steps[e.steps.length - 1].after
        const resolvedAt = e.steps.find((s) => s.entry.action === 'resolve')?.entry.at ?? null
        events.push({
          id,
          number: e.number,
          title: e.title,
          description: `${e.community.name}居民反映${e.title}，请尽快处理`,
          category_code: e.category,
          priority: e.priority,
          channel: e.channel,
          lat: e.community.seat?.lat ?? null,
          lng: e.community.seat?.lng ?? null,
          community_id: e.community.id,
          district_id: e.district.id,
          area_path: e.community.path,
          reporter_anonymous: false,
          created_at: e.createdAt.toISOString(),
          resolved_at: resolvedAt,
          ...stateColumns(final),
          summoned: [],
          extension_pending: null,
        })
        const facts = {
          id,
          number: e.number,
          category: e.category,
          priority: e.priority,
          channel: e.channel,
          districtId: e.district.id,
          communityId: e.community.id,
          createdAt: e.createdAt,
        }
        const units = new Set<number>()
        const scopes = new Set<number>()
        const widen = (unit: OrgUnit | undefined) => {
          for (let u = unit; u && u.parentId !== null; u = orgs.unit(u.parentId)) scopes.add(u.id)
        }
        widen(e.community)
        let before: EventState | null = null
        for (const [k, { entry, after }] of e.steps.entries()) {
          actions.push({
            id: actionIds[a++],
            event_id: id,
            seq: k + 1,
            action: entry.action,
            actor_kind: entry.actorKind,
            actor_user_id: entry.actorUserId,
            actor_resident_id: entry.actorResidentId,
            actor_unit_id: entry.actorUnitId,
            from_state: entry.fromState,
            to_state: entry.toState,
            from_unit_id: entry.fromUnitId,
            to_unit_id: entry.toUnitId,
            note: entry.note,
            data: entry.changes,
            at: entry.at,
          })
          if (entry.toUnitId !== null && entry.toUnitId !== entry.fromUnitId && !units.has(entry.toUnitId)) {
            units.add(entry.toUnitId)
            eventUnits.push({ event_id: id, unit_id: entry.toUnitId })
            widen(orgs.unit(entry.toUnitId))
          }
          addDeltas(deltas, { event: facts, before, after, entry }, areas(facts))
          before = after
        }
        for (const unitId of scopes) eventScopes.push({ unit_id: unitId, event_id: id })
      }
      await insertRecordset(tx, 'events', events)
      await insertRecordset(tx, 'event_actions', actions)
      await insertRecordset(tx, 'event_units', eventUnits)
      await insertRecordset(tx, 'event_scopes', eventScopes)
      for (const part of chunks(deltas, 4000)) await writeDeltas(tx, part)
      const days = new Map<string, number>()
      for (const e of batch) days.set(e.day, Math.max(days.get(e.day) ?? 0, e.seq))
      for (const [day, last] of days) {
        await sql`insert into event_numbers (day, last) values (${day}, ${last})
          on conflict (day) do update set last = greatest(event_numbers.last, excluded.last)`.execute(tx)
      }
    })
  }
}

interface Planned {
  number: string
  day: string
  seq: number
  title: string
  category: string
  priority: string
  channel: string
  community: OrgUnit
  district: OrgUnit
  createdAt: Date
  steps: Array<{ entry: LogEntry; after: EventState }>
}

type Tx = Parameters<Parameters<ReturnType<Awaited<ReturnType<typeof openDatabase>>['db']['transaction']>['execute']>[0]>[0]

async function reserve(tx: Tx, table: string, n: number): Promise<number[]> {
  const { rows } = await sql<{
    id: number
  }>`select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${n})`.execute(tx)
  return rows.map((r) => Number(r.id))
}

/** Many rows in one statement: a JSON array read as a recordset of the table's own row type. */
async function insertRecordset(tx: Tx, table: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0])
  const list = sql.join(columns.map((c) => sql.ref(c)))
  await sql`insert into ${sql.table(table)} (${list})
    select ${list} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json)`.execute(tx)
}

function* chunks(deltas: RollupDeltas, size: number): Generator<RollupDeltas> {
  const parts = (['daily', 'created', 'unitDay', 'state', 'due'] as const).map((k) => [k, [...deltas[k].entries()]] as const)
  const longest = Math.max(...parts.map(([, e]) => e.length))
  for (let i = 0; i < longest; i += size) {
    const part = emptyDeltas()
    for (const [k, entries] of parts) for (const [key, row] of entries.slice(i, i + size)) (part[k] as Map<string, unknown>).set(key, row)
    yield part
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
