/**
 * The 12345 knowledge base (issue 18 item 1): articles that answer policy and procedure questions,
 * written by administrators and departments, reviewed before they are published, searched by the
 * hotline desk and the resident app, and linked to the consult calls they answered.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { literals } from './domain.ts'
import { At, Day, Int4Id, Nullable, Shape, Version } from './schema.ts'
import { AnsweredCallBody } from './staff.ts'
import { EventView, UnitRef } from './views.ts'

/** What an article is about: the 12345 knowledge base's own shelves (dictionary `knowledge:category.*`). */
export const KNOWLEDGE_CATEGORIES = [
  'residence', // 居住证
  'household', // 户籍
  'social_insurance', // 社会保险
  'medical_insurance', // 医疗保险
  'provident_fund', // 住房公积金
  'education', // 入学教育
  'heating', // 供暖
  'utilities', // 水电气
  'property', // 物业管理
  'housing', // 住房保障与不动产
  'business', // 营业执照与企业
  'employment', // 就业与劳动
  'elderly', // 养老服务
  'disability', // 残疾人服务
  'veterans', // 退役军人
  'civil', // 民政救助与婚姻
  'transport', // 交通出行
  'health', // 医疗卫生
  'tax', // 税务
  'other', // 其他
] as const
export type KnowledgeCategory = (typeof KNOWLEDGE_CATEGORIES)[number]
export const KnowledgeCategorySchema = literals(KNOWLEDGE_CATEGORIES)

/** An article's review state: draft → in_review → published; retired takes it off the shelf. */
export const KNOWLEDGE_STATES = ['draft', 'in_review', 'published', 'retired'] as const
export type KnowledgeState = (typeof KNOWLEDGE_STATES)[number]
export const KnowledgeStateSchema = literals(KNOWLEDGE_STATES)

/** Review steps: the author submits, a reviewer publishes or returns to draft, a published one is retired. */
export const KNOWLEDGE_REVIEW_ACTIONS = ['submit', 'publish', 'return', 'retire'] as const
export type KnowledgeReviewAction = (typeof KNOWLEDGE_REVIEW_ACTIONS)[number]

const Title = T.String({ minLength: 4, maxLength: 100 })
const Body = T.String({ minLength: 10, maxLength: 8000 })
const Keywords = T.Array(T.String({ minLength: 1, maxLength: 20 }), { maxItems: 20, uniqueItems: true })
const UnitCode = T.String({ pattern: '^[0-9A-Za-z]{1,20}$', description: 'org code of the owning department' })

/** `POST /api/v1/knowledge/articles`: a new article, a draft until it is reviewed. */
export const ArticleBody = T.Object(
  {
    title: Title,
    body: Body,
    category: KnowledgeCategorySchema,
    keywords: T.Optional(Keywords),
    /** the owning department; a department's staff may only name their own (the default) */
    unitCode: T.Optional(UnitCode),
    validFrom: Day('first day the article holds'),
    validTo: T.Optional(T.Union([Day('last day the article holds; null: until changed'), T.Null()])),
  },
  { additionalProperties: false },
)
export type ArticleBody = Static<typeof ArticleBody>

/** `PATCH /api/v1/knowledge/articles/:id`: an edit of the version the editor saw (409 when stale). */
export const ArticlePatch = T.Object(
  {
    version: Version(),
    title: T.Optional(Title),
    body: T.Optional(Body),
    category: T.Optional(KnowledgeCategorySchema),
    keywords: T.Optional(Keywords),
    unitCode: T.Optional(UnitCode),
    validFrom: T.Optional(Day()),
    validTo: T.Optional(T.Union([Day(), T.Null()])),
    note: T.Optional(T.String({ minLength: 1, maxLength: 500, description: 'why: kept in the revision' })),
  },
  { additionalProperties: false, minProperties: 2 },
)
export type ArticlePatch = Static<typeof ArticlePatch>

/** `POST /api/v1/knowledge/articles/:id/review`: one review step. */
export const ArticleReviewBody = T.Object(
  {
    action: literals(KNOWLEDGE_REVIEW_ACTIONS),
    version: Version(),
    note: T.Optional(T.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
)
export type ArticleReviewBody = Static<typeof ArticleReviewBody>

/** An article as the desk, the resident app and the knowledge page show it. */
export const ArticleView = Shape({
  id: T.Integer(),
  title: T.String(),
  body: T.String(),
  category: KnowledgeCategorySchema,
  keywords: T.Array(T.String()),
  unit: Nullable(UnitRef),
  validFrom: T.String({ format: 'date' }),
  validTo: Nullable(T.String({ format: 'date' })),
  state: KnowledgeStateSchema,
  version: T.Integer(),
  /** past its valid-to date (or not yet valid): never offered to the public */
  expired: T.Boolean(),
  updatedAt: At(),
  publishedAt: Nullable(At()),
})
export type ArticleView = Static<typeof ArticleView>

/** One version of an article: the audit trail of who changed what and why. */
export const ArticleRevision = Shape({
  version: T.Integer(),
  action: literals(['create', 'edit', 'submit', 'publish', 'return', 'retire'] as const),
  state: KnowledgeStateSchema,
  title: T.String(),
  note: Nullable(T.String()),
  actor: Nullable(T.String({ description: 'username' })),
  at: At(),
})
export type ArticleRevision = Static<typeof ArticleRevision>

export const ArticleDetail = Shape({ ...ArticleView.properties, revisions: T.Array(ArticleRevision) })
export type ArticleDetail = Static<typeof ArticleDetail>

/** `GET /api/v1/knowledge/articles`: the knowledge page's list (a department sees its own). */
export const ArticlesQuery = T.Object(
  {
    state: T.Optional(KnowledgeStateSchema),
    category: T.Optional(KnowledgeCategorySchema),
    q: T.Optional(T.String({ minLength: 1, maxLength: 50, description: 'title contains' })),
  },
  { additionalProperties: false },
)
export type ArticlesQuery = Static<typeof ArticlesQuery>

/** `GET /api/v1/knowledge/search?q=`: a question in the caller's own words. */
export const KnowledgeSearchQuery = T.Object(
  {
    q: T.String({ minLength: 1, maxLength: 200 }),
    category: T.Optional(KnowledgeCategorySchema),
    limit: T.Optional(T.Integer({ minimum: 1, maximum: 20 })),
  },
  { additionalProperties: false },
)
export type KnowledgeSearchQuery = Static<typeof KnowledgeSearchQuery>

export const KnowledgeHit = Shape({
  id: T.Integer(),
  title: T.String(),
  category: KnowledgeCategorySchema,
  unit: T.String({ description: 'the owning department' }),
  /** the body's opening, for the desk to read out */
  snippet: T.String(),
  /** BM25 over words and character bigrams, with synonyms */
  score: T.Number(),
  /** the share of the question's weight the article matched, 0–1: below 0.35 is no good answer */
  confidence: T.Number(),
  /** the question's words the article matched (for the highlight) */
  matched: T.Array(T.String()),
})
export type KnowledgeHit = Static<typeof KnowledgeHit>

export const KnowledgeSearchResult = Shape({
  items: T.Array(KnowledgeHit),
  /** the best hit's confidence was low: logged as a search with no good answer */
  noGoodAnswer: T.Boolean(),
})
export type KnowledgeSearchResult = Static<typeof KnowledgeSearchResult>

/** `POST /api/v1/knowledge/answered`: a consult call answered from an article, the event closed with it linked. */
export const AnsweredFromArticleBody = T.Object({ ...AnsweredCallBody.properties, articleId: Int4Id() }, { additionalProperties: false })
export type AnsweredFromArticleBody = Static<typeof AnsweredFromArticleBody>

export const ArticleRef = Shape({ id: T.Integer(), title: T.String(), version: T.Integer() })
export type ArticleRef = Static<typeof ArticleRef>

export const AnsweredFromArticle = Shape({ event: EventView, article: ArticleRef })
export type AnsweredFromArticle = Static<typeof AnsweredFromArticle>

/** `GET /api/v1/knowledge/events/:id`: the article a consult event was answered from, if any. */
export const EventArticle = Shape({
  article: Nullable(ArticleRef),
  operator: Nullable(T.String({ description: 'username' })),
  at: Nullable(At()),
})
export type EventArticle = Static<typeof EventArticle>

export const KnowledgeReportsQuery = T.Object(
  { days: T.Optional(T.Integer({ minimum: 1, maximum: 366, description: 'look back this many days; default 30' })) },
  { additionalProperties: false },
)
export type KnowledgeReportsQuery = Static<typeof KnowledgeReportsQuery>

/** `GET /api/v1/knowledge/reports`: what the knowledge page's editors act on. */
export const KnowledgeReports = Shape({
  /** articles that answered the most consult calls in the window */
  mostUsed: T.Array(Shape({ article: ArticleRef, answers: T.Integer(), lastAt: At() })),
  /** questions whose best article matched poorly, most asked first */
  unanswered: T.Array(
    Shape({ query: T.String(), times: T.Integer(), lastAt: At(), confidence: T.Number(), topTitle: Nullable(T.String()) }),
  ),
  /** published articles past their valid-to date: to renew or retire */
  expired: T.Array(ArticleView),
})
export type KnowledgeReports = Static<typeof KnowledgeReports>
