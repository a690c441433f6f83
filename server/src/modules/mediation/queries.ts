/** The mediation module's SQL: the only file that names its tables (0036). */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely'
import type { DB } from '../../db/types.ts'

type Db = Kysely<DB> | Transaction<DB>
export type CaseRow = Selectable<DB['mediation_cases']>
export type PartyRow = Selectable<DB['mediation_parties']>
export type SessionRow = Selectable<DB['mediation_sessions']>
export type MediatorRow = Selectable<DB['mediators']>

// ---- the network --------------------------------------------------------------------------------

export async function insertNetwork(
  tx: Transaction<DB>,
  orgs: Insertable<DB['mediation_orgs']>[],
  mediators: Insertable<DB['mediators']>[],
) {
  for (let i = 0; i < orgs.length; i += 1000)
    await tx
      .insertInto('mediation_orgs')
      .values(orgs.slice(i, i + 1000))
      .execute()
  for (let i = 0; i < mediators.length; i += 1000)
    await tx
      .insertInto('mediators')
      .values(mediators.slice(i, i + 1000))
      .execute()
}

export const networkRows = (db: Db) => db.selectFrom('mediation_orgs').select(['unit_id', 'specialty', 'brand']).execute()

export const mediatorsOf = (db: Db, unitIds: number[]) =>
  unitIds.length
    ? db.selectFrom('mediators').selectAll().where('unit_id', 'in', unitIds).where('active', '=', true).orderBy('id').execute()
    : Promise.resolve([] as MediatorRow[])

export const mediatorRows = (db: Db, ids: number[]) =>
  ids.length ? db.selectFrom('mediators').selectAll().where('id', 'in', ids).execute() : Promise.resolve([] as MediatorRow[])

// ---- settings -----------------------------------------------------------------------------------

export const settingsRow = (db: Db) => db.selectFrom('mediation_settings').select(['term_days', 'follow_up_days']).executeTakeFirstOrThrow()

export const updateSettings = (tx: Transaction<DB>, s: { term_days: number; follow_up_days: number }) =>
  tx.updateTable('mediation_settings').set(s).execute()

// ---- cases --------------------------------------------------------------------------------------

export async function insertCase(
  tx: Transaction<DB>,
  row: Insertable<DB['mediation_cases']>,
  parties: Omit<Insertable<DB['mediation_parties']>, 'case_id'>[],
): Promise<CaseRow> {
  const written = await tx.insertInto('mediation_cases').values(row).returningAll().executeTakeFirstOrThrow()
  await tx
    .insertInto('mediation_parties')
    .values(parties.map((p) => ({ ...p, case_id: written.id })))
    .execute()
  return written
}

export const caseRow = (db: Db, id: number) => db.selectFrom('mediation_cases').selectAll().where('id', '=', id).executeTakeFirst()

/** The live case of an event, if any (the unique index allows one). */
export const liveCaseOf = (db: Db, eventId: number) =>
  db
    .selectFrom('mediation_cases')
    .select('id')
    .where('event_id', '=', eventId)
    .where('state', 'not in', ['refused', 'referred', 'performed', 'failed'])
    .executeTakeFirst()

/** Updates a case at the version the caller saw; undefined when another write came first. */
export const updateCase = (tx: Transaction<DB>, id: number, version: number, set: Updateable<DB['mediation_cases']>) =>
  tx
    .updateTable('mediation_cases')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst()

export interface CaseFilter {
  /** the cases of this organisation */
  unitId?: number
  /** the cases opened by these centers (undefined: anywhere) */
  centerIds?: number[]
  state?: string
  eventId?: number
  /** cases with no outcome yet that have used at least this share of their term by then (warning, overdue) */
  termUsed?: { now: Date; share: number }
  limit: number
}

export function listCases(db: Db, f: CaseFilter) {
  let q = db.selectFrom('mediation_cases').selectAll()
  if (f.unitId !== undefined) q = q.where('unit_id', '=', f.unitId)
  if (f.centerIds) q = q.where('center_id', 'in', f.centerIds.length ? f.centerIds : [0])
  if (f.state) q = q.where('state', '=', f.state)
  if (f.eventId !== undefined) q = q.where('event_id', '=', f.eventId)
  if (f.termUsed) {
    const { now, share } = f.termUsed
    q = q
      .where('state', 'in', ['pending', 'accepted', 'in_mediation'])
      .where(sql<boolean>`opened_at + (term_due - opened_at) * ${share}::float8 <= ${now}::timestamptz`)
  }
  return q.orderBy('id', 'desc').limit(f.limit).execute()
}

export const partiesOf = (db: Db, caseId: number) =>
  db.selectFrom('mediation_parties').selectAll().where('case_id', '=', caseId).orderBy('id').execute()

export const setConfirmTokens = async (tx: Transaction<DB>, tokens: Array<{ id: number; hash: string }>) => {
  for (const t of tokens)
    await tx.updateTable('mediation_parties').set({ confirm_token_hash: t.hash, confirmed_at: null }).where('id', '=', t.id).execute()
}

export const partyByToken = (db: Db, hash: string) =>
  db.selectFrom('mediation_parties').selectAll().where('confirm_token_hash', '=', hash).executeTakeFirst()

export const confirmParty = (db: Db, id: number, at: Date) =>
  db.updateTable('mediation_parties').set({ confirmed_at: at }).where('id', '=', id).where('confirmed_at', 'is', null).execute()

export const sessionsOf = (db: Db, caseId: number) =>
  db.selectFrom('mediation_sessions').selectAll().where('case_id', '=', caseId).orderBy('held_at').orderBy('id').execute()

export const insertSession = (tx: Transaction<DB>, row: Insertable<DB['mediation_sessions']>) =>
  tx.insertInto('mediation_sessions').values(row).execute()

export const followUpsOf = (db: Db, caseId: number) =>
  db.selectFrom('mediation_follow_ups').selectAll().where('case_id', '=', caseId).orderBy('id').execute()

export const insertFollowUp = (tx: Transaction<DB>, row: Insertable<DB['mediation_follow_ups']>) =>
  tx.insertInto('mediation_follow_ups').values(row).execute()

export const insertStage = (tx: Transaction<DB>, row: Insertable<DB['mediation_stages']>) =>
  tx.insertInto('mediation_stages').values(row).execute()

export const stagesOf = (db: Db, eventId: number) =>
  db.selectFrom('mediation_stages').select(['stage', 'at']).where('event_id', '=', eventId).orderBy('id').execute()

// ---- stats (item 4) -----------------------------------------------------------------------------

export async function caseStats(db: Db, centerIds: number[] | null) {
  const scope = centerIds ? sql`where center_id = any(${centerIds}::int[])` : sql``
  const { rows } = await sql<{
    unit_id: number
    dispute_type: string
    state: string
    outcome: string | null
    referral_kind: string | null
    n: number
    days: number | null
  }>`
    select unit_id, dispute_type, state, outcome, referral_kind, count(*)::int as n,
      (sum(extract(epoch from (coalesce(agreed_at, closed_at) - opened_at)) / 86400)
        filter (where coalesce(agreed_at, closed_at) is not null))::float8 as days
    from mediation_cases ${scope}
    group by unit_id, dispute_type, state, outcome, referral_kind
  `.execute(db)
  const followUps = await sql<{ performed: boolean; n: number }>`
    select f.performed, count(distinct f.case_id)::int as n
    from mediation_follow_ups f join mediation_cases c on c.id = f.case_id ${centerIds ? sql`where c.center_id = any(${centerIds}::int[])` : sql``}
    group by f.performed
  `.execute(db)
  return { rows, followUps: followUps.rows }
}

/** The screen's 矛盾纠纷 figures: cases opened since an instant, those in mediation now, those ended since (an agreement or a failure). */
export async function screenFigures(db: Db, centerIds: number[] | null, since: Date) {
  const scope = centerIds ? sql`where center_id = any(${centerIds}::int[])` : sql``
  const { rows } = await sql<{ opened: number; open: number; resolved: number }>`
    select
      (count(*) filter (where opened_at >= ${since}))::int as opened,
      (count(*) filter (where state in ('pending', 'accepted', 'in_mediation', 'transferring')))::int as open,
      (count(*) filter (where outcome is not null and coalesce(agreed_at, closed_at) >= ${since}))::int as resolved
    from mediation_cases ${scope}
  `.execute(db)
  return rows[0] ?? { opened: 0, open: 0, resolved: 0 }
}

/**
 * Open cases whose term has reached a mark not yet recorded — 75 % used (`warned`) or past (`overdue`)
 * — locked for update (another pass's rows skipped), at most `limit`.
 */
export function casesDueForTermMark(tx: Transaction<DB>, now: Date, share: number, limit: number) {
  return tx
    .selectFrom('mediation_cases')
    .select(['id', 'event_id', 'term_due', 'opened_at', 'term_warned_at', 'term_overdue_at'])
    .where('state', 'in', ['pending', 'accepted', 'in_mediation'])
    .where('term_overdue_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('term_due', '<=', now),
        eb.and([eb('term_warned_at', 'is', null), eb(sql`opened_at + (term_due - opened_at) * ${share}::float8`, '<=', now)]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

export async function markTerm(tx: Transaction<DB>, id: number, mark: 'warned' | 'overdue', at: Date) {
  await tx
    .updateTable('mediation_cases')
    .set(mark === 'warned' ? { term_warned_at: at } : { term_warned_at: sql`coalesce(term_warned_at, ${at})`, term_overdue_at: at })
    .where('id', '=', id)
    .execute()
}
