/**
 * `GET /knowledge/search`: the published articles' index, kept per app and rebuilt when any article
 * changed (a cheap stamp of the table is compared on each search, so a change made through another
 * instance is seen too); only the articles valid today are offered. Each search is logged with its
 * best hit's confidence (the query masked as a public text is), which the report of questions with
 * no good answer reads.
 */
import {
  chinaDateOf,
  type KnowledgeCategory,
  type KnowledgeHit,
  type KnowledgeSearchQuery,
  type KnowledgeSearchResult,
} from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import type { Principal } from '../accounts/sessions.ts'
import { maskForPublic } from '../privacy/masker.ts'
import { type ArticleRow, articlesStamp, insertSearch, publishedRows } from './queries.ts'
import { buildIndex, GOOD_ANSWER, type KnowledgeIndex, rank } from './search-index.ts'

interface Live {
  stamp: string
  index: KnowledgeIndex
  articles: Map<number, ArticleRow>
  builtMs: number
}

const live = new WeakMap<AppContext, Live>()
const building = new WeakMap<AppContext, Promise<Live>>()

/** The current index, rebuilt first when an article changed since it was built. */
export async function currentIndex(app: AppContext): Promise<Live> {
  const stamp = await articlesStamp(app.database.db)
  const have = live.get(app)
  if (have?.stamp === stamp) return have
  // concurrent searches after a change share one rebuild
  let pending = building.get(app)
  if (!pending) {
    pending = (async () => {
      const started = performance.now()
      const rows = await publishedRows(app.database.db)
      const index = buildIndex(rows)
      const next = { stamp, index, articles: new Map(rows.map((r) => [r.id, r])), builtMs: Math.round(performance.now() - started) }
      app.log.info({ articles: rows.length, terms: index.termCount, ms: next.builtMs }, 'knowledge index built')
      live.set(app, next)
      return next
    })().finally(() => building.delete(app))
    building.set(app, pending)
  }
  return pending
}

/** Whether an article is on the shelf today: published and within its validity. */
export const validOn = (row: Pick<ArticleRow, 'valid_from' | 'valid_to'>, today: string) =>
  row.valid_from <= today && (row.valid_to === null || row.valid_to >= today)

const SNIPPET = 120

export async function searchArticles(
  app: AppContext,
  principal: Principal | null,
  q: KnowledgeSearchQuery,
): Promise<KnowledgeSearchResult> {
  const { index, articles } = await currentIndex(app)
  const today = chinaDateOf(app.now())
  const allowed = (id: number) => {
    const a = articles.get(id)
    return !!a && validOn(a, today) && (!q.category || a.category === q.category)
  }
  const ranked = rank(index, q.q, { allowed, limit: q.limit ?? 5 })
  const items: KnowledgeHit[] = ranked.map((r) => {
    const a = articles.get(r.id) as ArticleRow
    return {
      id: a.id,
      title: a.title,
      category: a.category as KnowledgeCategory,
      unit: app.orgs.unit(a.unit_id)?.name ?? '',
      snippet: [...a.body].slice(0, SNIPPET).join(''),
      score: r.score,
      confidence: r.confidence,
      matched: r.matched,
    }
  })
  const top = ranked[0]
  const noGoodAnswer = !top || top.confidence < GOOD_ANSWER
  // the desk searches as the operator types: a fragment of a word says nothing of what is missing
  if ([...q.q.trim()].length >= 4)
    await insertSearch(app.database.db, {
      query: [...maskForPublic(q.q.trim())].slice(0, 200).join(''),
      audience: principal?.kind === 'staff' ? 'staff' : 'public',
      hits: items.length,
      top_article_id: top?.id ?? null,
      top_confidence: top?.confidence ?? 0,
      at: app.now(),
    })
  return { items, noGoodAnswer }
}
