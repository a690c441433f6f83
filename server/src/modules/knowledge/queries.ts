/** The knowledge module's SQL: the only place that names knowledge_articles, _revisions, _answers and _searches. */
import { type Kysely, type Selectable, sql } from 'kysely'
import type { DB } from '../../db/types.ts'

const COLUMNS = [
  'id',
  'title',
  'body',
  'category',
  'keywords',
  'unit_id',
  'valid_from',
  'valid_to',
  'state',
  'version',
  'created_by',
  'created_at',
  'updated_by',
  'updated_at',
  'published_at',
] as const

export type ArticleRow = Awaited<ReturnType<typeof articleRow>> & {}

/** What an article says and where it stands: the columns a change writes (and its revision copies). */
export type ArticleContent = Pick<
  Selectable<DB['knowledge_revisions']>,
  'title' | 'body' | 'category' | 'keywords' | 'unit_id' | 'valid_from' | 'valid_to' | 'state'
>

export function articleRow(db: Kysely<DB>, id: number, forUpdate = false) {
  const query = db.selectFrom('knowledge_articles').select(COLUMNS).where('id', '=', id)
  return (forUpdate ? query.forUpdate() : query).executeTakeFirst()
}

/** The knowledge page's list: newest change first; a department's own when `unitId` is given. */
export function articleRows(
  db: Kysely<DB>,
  filter: { unitId?: number; state?: string; category?: string; titleContains?: string; expiredBefore?: string },
) {
  let q = db.selectFrom('knowledge_articles').select(COLUMNS)
  if (filter.unitId !== undefined) q = q.where('unit_id', '=', filter.unitId)
  if (filter.state) q = q.where('state', '=', filter.state)
  if (filter.category) q = q.where('category', '=', filter.category)
  if (filter.titleContains) q = q.where(sql<boolean>`strpos(title, ${filter.titleContains}) > 0`)
  if (filter.expiredBefore) q = q.where('valid_to', '<', filter.expiredBefore)
  return q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(1000).execute()
}

/** Every published article: what the search index is built from (validity is checked per search). */
export function publishedRows(db: Kysely<DB>) {
  return db.selectFrom('knowledge_articles').select(COLUMNS).where('state', '=', 'published').orderBy('id').execute()
}

/** Changes whenever any article does: the index is rebuilt when it differs from the one it was built at. */
export async function articlesStamp(db: Kysely<DB>): Promise<string> {
  const r = await db
    .selectFrom('knowledge_articles')
    .select([
      sql<number>`count(*)::int`.as('n'),
      sql<number>`coalesce(sum(version), 0)::bigint`.as('versions'),
      sql<string | null>`max(updated_at)::text`.as('latest'),
    ])
    .executeTakeFirstOrThrow()
  return `${r.n}:${r.versions}:${r.latest ?? ''}`
}

export function insertArticle(
  db: Kysely<DB>,
  values: ArticleContent & { created_by: number | null; created_at: Date; published_at: Date | null },
) {
  return db
    .insertInto('knowledge_articles')
    .values({ ...values, updated_by: values.created_by, updated_at: values.created_at })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()
}

export function updateArticle(
  db: Kysely<DB>,
  id: number,
  set: Partial<ArticleContent> & { version: number; updated_by: number; updated_at: Date; published_at?: Date | null },
) {
  return db.updateTable('knowledge_articles').set(set).where('id', '=', id).returning(COLUMNS).executeTakeFirstOrThrow()
}

export async function insertRevision(
  db: Kysely<DB>,
  row: ArticleContent & { id: number; version: number },
  change: { action: string; note: string | null; actorUserId: number | null; at: Date },
) {
  await db
    .insertInto('knowledge_revisions')
    .values({
      article_id: row.id,
      version: row.version,
      action: change.action,
      title: row.title,
      body: row.body,
      category: row.category,
      keywords: row.keywords,
      unit_id: row.unit_id,
      valid_from: row.valid_from,
      valid_to: row.valid_to,
      state: row.state,
      note: change.note,
      actor_user_id: change.actorUserId,
      at: change.at,
    })
    .execute()
}

export function revisionRows(db: Kysely<DB>, articleId: number) {
  return db
    .selectFrom('knowledge_revisions')
    .select(['version', 'action', 'state', 'title', 'note', 'actor_user_id', 'at'])
    .where('article_id', '=', articleId)
    .orderBy('version', 'desc')
    .execute()
}

/** The demo's articles in one statement per batch, each with its first revision. */
export async function insertSeedArticles(db: Kysely<DB>, rows: Array<ArticleContent & { published_at: Date | null; created_at: Date }>) {
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500)
    const inserted = await db
      .insertInto('knowledge_articles')
      .values(batch.map((r) => ({ ...r, updated_at: r.created_at })))
      .returning(COLUMNS)
      .execute()
    await db
      .insertInto('knowledge_revisions')
      .values(
        inserted.map((r) => ({
          article_id: r.id,
          version: r.version,
          action: 'create',
          title: r.title,
          body: r.body,
          category: r.category,
          keywords: r.keywords,
          unit_id: r.unit_id,
          valid_from: r.valid_from,
          valid_to: r.valid_to,
          state: r.state,
          note: '示例知识库',
          actor_user_id: null,
          at: r.created_at,
        })),
      )
      .execute()
  }
}

export async function hasArticles(db: Kysely<DB>): Promise<boolean> {
  return !!(await db.selectFrom('knowledge_articles').select('id').limit(1).executeTakeFirst())
}

export async function insertAnswer(
  db: Kysely<DB>,
  values: { event_id: number; article_id: number; article_version: number; operator_user_id: number; at: Date },
) {
  await db.insertInto('knowledge_answers').values(values).execute()
}

export function answerOf(db: Kysely<DB>, eventId: number) {
  return db
    .selectFrom('knowledge_answers as a')
    .innerJoin('knowledge_articles as k', 'k.id', 'a.article_id')
    .select(['a.article_id', 'a.article_version', 'a.operator_user_id', 'a.at', 'k.title'])
    .where('a.event_id', '=', eventId)
    .executeTakeFirst()
}

export async function insertSearch(
  db: Kysely<DB>,
  values: { query: string; audience: 'staff' | 'public'; hits: number; top_article_id: number | null; top_confidence: number; at: Date },
) {
  await db.insertInto('knowledge_searches').values(values).execute()
}

/** The articles that answered the most calls since `since` (a department's own when `unitId` is given). */
export function mostUsedRows(db: Kysely<DB>, since: Date, unitId?: number) {
  let q = db
    .selectFrom('knowledge_answers as a')
    .innerJoin('knowledge_articles as k', 'k.id', 'a.article_id')
    .select(['k.id', 'k.title', 'k.version', sql<number>`count(*)::int`.as('answers'), sql<Date>`max(a.at)`.as('last_at')])
    .where('a.at', '>=', since)
  if (unitId !== undefined) q = q.where('k.unit_id', '=', unitId)
  return q.groupBy(['k.id', 'k.title', 'k.version']).orderBy('answers', 'desc').orderBy('k.id').limit(20).execute()
}

/** Questions whose best article matched below `threshold` since `since`, the most asked first. */
export function unansweredRows(db: Kysely<DB>, since: Date, threshold: number) {
  return db
    .selectFrom('knowledge_searches as s')
    .leftJoin('knowledge_articles as k', 'k.id', 's.top_article_id')
    .select([
      's.query',
      sql<number>`count(*)::int`.as('times'),
      sql<Date>`max(s.at)`.as('last_at'),
      sql<number>`max(s.top_confidence)`.as('confidence'),
      sql<string | null>`max(k.title)`.as('top_title'),
    ])
    .where('s.at', '>=', since)
    .where('s.top_confidence', '<', threshold)
    .groupBy('s.query')
    .orderBy('times', 'desc')
    .orderBy('last_at', 'desc')
    .limit(50)
    .execute()
}
