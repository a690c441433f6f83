/**
 * The knowledge base's use cases: write an article (a draft), edit it (the version the editor saw,
 * or 409), take it through review (submit → publish, or back to draft; retire), read it, list the
 * knowledge page, answer a consult call from it, and the editors' reports. Every change writes the
 * row and its revision (who, what, why) in one transaction.
 */
import {
  type AnsweredFromArticle,
  type AnsweredFromArticleBody,
  type ArticleBody,
  type ArticleDetail,
  type ArticlePatch,
  type ArticleReviewBody,
  type ArticlesQuery,
  type ArticleView,
  chinaDateOf,
  type EventArticle,
  type KnowledgeCategory,
  type KnowledgeReports,
  type KnowledgeReportsQuery,
  type KnowledgeState,
} from '@xiaolan/contracts'
import type { Kysely } from 'kysely'
import type { AppContext } from '../../context.ts'
import type { DB } from '../../db/types.ts'
import { conflict, invalid, notFound, staleVersion } from '../../errors.ts'
import type { Principal } from '../accounts/sessions.ts'
import { usernames } from '../accounts/users.ts'
import { answerCall } from '../channels/hotline.ts'
import { requireOperator } from '../channels/policy.ts'
import { getEvent, viewCreated } from '../events/reads/detail.ts'
import type { OrgUnit } from '../orgs/directory.ts'
import { isReviewer, requireEditor, requireOwnArticle, requireReviewer, type Staff } from './policy.ts'
import {
  type ArticleContent,
  type ArticleRow,
  answerOf,
  articleRow,
  articleRows,
  insertAnswer,
  insertArticle,
  insertRevision,
  mostUsedRows,
  revisionRows,
  unansweredRows,
  updateArticle,
} from './queries.ts'
import { validOn } from './search.ts'
import { GOOD_ANSWER } from './search-index.ts'

const iso = (value: Date | string) => new Date(value).toISOString()

export function articleView(app: AppContext, row: ArticleRow): ArticleView {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    category: row.category as KnowledgeCategory,
    keywords: row.keywords,
    unit: app.orgs.ref(row.unit_id),
    validFrom: row.valid_from,
    validTo: row.valid_to,
    state: row.state as KnowledgeState,
    version: row.version,
    expired: !validOn(row, chinaDateOf(app.now())),
    updatedAt: iso(row.updated_at),
    publishedAt: row.published_at ? iso(row.published_at) : null,
  }
}

/** The owning unit an editor names: a department (or the knowledge desk); a department's staff only their own. */
function owningUnit(app: AppContext, editor: { staff: Staff; unitId?: number }, code: string | undefined): OrgUnit {
  if (code === undefined) {
    const own = app.orgs.unit(editor.staff.user.unitId)
    if (own?.kind === 'department') return own
    const desk = app.orgs.children(app.orgs.root().id).find((u) => u.kind === 'department' && u.function === 'hotline_kb' && u.active)
    if (desk) return desk
    throw invalid('unitCode', 'Name the owning department')
  }
  const unit = app.orgs.byCode(code)
  if (!unit?.active || unit.kind !== 'department') throw invalid('unitCode', `No active department ${code}`)
  requireOwnArticle(editor, unit.id)
  return unit
}

function validity(from: string, to: string | null) {
  if (to !== null && to < from) throw invalid('validTo', 'The last valid day is on or after the first')
  return { valid_from: from, valid_to: to }
}

const keywordsOf = (keywords: string[] | undefined) => [...new Set((keywords ?? []).map((k) => k.trim()).filter(Boolean))]

function textOf(field: string, value: string, min: number) {
  const trimmed = value.trim()
  if ([...trimmed].length < min) throw invalid(field, `At least ${min} characters`)
  return trimmed
}

export async function createArticle(app: AppContext, principal: Principal, body: ArticleBody): Promise<ArticleDetail> {
  const editor = requireEditor(app, principal)
  const unit = owningUnit(app, editor, body.unitCode)
  const content: ArticleContent = {
    title: textOf('title', body.title, 4),
    body: textOf('body', body.body, 10),
    category: body.category,
    keywords: keywordsOf(body.keywords),
    unit_id: unit.id,
    ...validity(body.validFrom, body.validTo ?? null),
    state: 'draft',
  }
  const now = app.now()
  const id = await app.database.db.transaction().execute(async (tx) => {
    const row = await insertArticle(tx, { ...content, created_by: editor.staff.user.id, created_at: now, published_at: null })
    await insertRevision(tx, row, { action: 'create', note: null, actorUserId: editor.staff.user.id, at: now })
    return row.id
  })
  app.log.info({ article: id, unit: unit.code }, 'knowledge article created')
  return getArticle(app, principal, id)
}

export async function editArticle(app: AppContext, principal: Principal, id: number, patch: ArticlePatch): Promise<ArticleDetail> {
  const editor = requireEditor(app, principal)
  const now = app.now()
  await app.database.db.transaction().execute(async (tx) => {
    const before = await articleRow(tx, id, true)
    if (!before) throw notFound('Article')
    requireOwnArticle(editor, before.unit_id)
    if (before.version !== patch.version) throw staleVersion(before.version)
    const unit = patch.unitCode === undefined ? undefined : owningUnit(app, editor, patch.unitCode)
    const changed: Partial<ArticleContent> = {
      ...(patch.title === undefined ? {} : { title: textOf('title', patch.title, 4) }),
      ...(patch.body === undefined ? {} : { body: textOf('body', patch.body, 10) }),
      ...(patch.category === undefined ? {} : { category: patch.category }),
      ...(patch.keywords === undefined ? {} : { keywords: keywordsOf(patch.keywords) }),
      ...(unit ? { unit_id: unit.id } : {}),
      ...(patch.validFrom === undefined && patch.validTo === undefined
        ? {}
        : validity(patch.validFrom ?? before.valid_from, patch.validTo === undefined ? before.valid_to : patch.validTo)),
    }
    // a reviewer's edit stays on the shelf; anyone else's goes back through review before the public sees it
    const state = isReviewer(app, editor.staff) || before.state === 'draft' ? before.state : 'draft'
    const row = await updateArticle(tx, id, {
      ...changed,
      state,
      version: before.version + 1,
      updated_by: editor.staff.user.id,
      updated_at: now,
    })
    await insertRevision(tx, row, { action: 'edit', note: patch.note?.trim() ?? null, actorUserId: editor.staff.user.id, at: now })
  })
  return getArticle(app, principal, id)
}

/** The review steps: from which states each goes, to which, and whether only a reviewer may take it. */
const STEPS: Record<ArticleReviewBody['action'], { from: readonly string[]; to: KnowledgeState; reviewer: boolean }> = {
  submit: { from: ['draft'], to: 'in_review', reviewer: false },
  publish: { from: ['draft', 'in_review', 'retired'], to: 'published', reviewer: true },
  return: { from: ['in_review', 'published'], to: 'draft', reviewer: true },
  retire: { from: ['published', 'draft', 'in_review'], to: 'retired', reviewer: false },
}

export async function reviewArticle(app: AppContext, principal: Principal, id: number, body: ArticleReviewBody): Promise<ArticleDetail> {
  const editor = requireEditor(app, principal)
  const step = STEPS[body.action]
  if (step.reviewer) requireReviewer(app, editor.staff)
  if (body.action === 'return' && !body.note?.trim()) throw invalid('note', 'Say why it goes back to its author')
  const now = app.now()
  await app.database.db.transaction().execute(async (tx) => {
    const before = await articleRow(tx, id, true)
    if (!before) throw notFound('Article')
    requireOwnArticle(editor, before.unit_id)
    if (before.version !== body.version) throw staleVersion(before.version)
    if (!step.from.includes(before.state)) {
      throw conflict('invalid_transition', `A ${before.state} article cannot be ${body.action}ed`, { state: before.state })
    }
    const row = await updateArticle(tx, id, {
      state: step.to,
      version: before.version + 1,
      updated_by: editor.staff.user.id,
      updated_at: now,
      ...(step.to === 'published' ? { published_at: now } : {}),
    })
    await insertRevision(tx, row, { action: body.action, note: body.note?.trim() ?? null, actorUserId: editor.staff.user.id, at: now })
  })
  app.log.info({ article: id, action: body.action }, 'knowledge article reviewed')
  return getArticle(app, principal, id)
}

/**
 * One article: the public (and any staff) read what is published and valid today; its editors read
 * it in any state, with its revisions.
 */
export async function getArticle(app: AppContext, principal: Principal | null, id: number): Promise<ArticleDetail> {
  const db = app.database.db
  const row = await articleRow(db, id)
  if (!row) throw notFound('Article')
  const editor = principal?.kind === 'staff' && (isReviewer(app, principal) || principal.user.role === 'dept_staff') ? principal : null
  const mayEdit = editor && (isReviewer(app, editor) || editor.user.unitId === row.unit_id)
  if (!mayEdit) {
    if (row.state !== 'published' || !validOn(row, chinaDateOf(app.now()))) throw notFound('Article')
    return { ...articleView(app, row), revisions: [] }
  }
  return { ...articleView(app, row), revisions: await revisions(db, id) }
}

async function revisions(db: Kysely<DB>, id: number): Promise<ArticleDetail['revisions']> {
  const rows = await revisionRows(db, id)
  const names = await usernames(
    db,
    rows.map((r) => r.actor_user_id),
  )
  return rows.map((r) => ({
    version: r.version,
    action: r.action as ArticleDetail['revisions'][number]['action'],
    state: r.state as KnowledgeState,
    title: r.title,
    note: r.note,
    actor: r.actor_user_id === null ? null : (names.get(r.actor_user_id) ?? null),
    at: iso(r.at),
  }))
}

export async function listArticles(app: AppContext, principal: Principal, q: ArticlesQuery): Promise<{ items: ArticleView[] }> {
  const editor = requireEditor(app, principal)
  const rows = await articleRows(app.database.db, {
    unitId: editor.unitId,
    state: q.state,
    category: q.category,
    titleContains: q.q?.trim(),
  })
  return { items: rows.map((r) => articleView(app, r)) }
}

/**
 * A consult call answered from an article: the event is created and closed as an answered call, the
 * answer names the article, and the link is written in the event's own transaction.
 */
export async function answerFromArticle(
  app: AppContext,
  principal: Principal,
  body: AnsweredFromArticleBody,
): Promise<AnsweredFromArticle> {
  const operator = requireOperator(principal)
  const { articleId, ...call } = body
  const article = await articleRow(app.database.db, articleId)
  if (article?.state !== 'published' || !validOn(article, chinaDateOf(app.now()))) {
    throw invalid('articleId', 'No published article in its validity with this id')
  }
  const answer = `【知识库】《${article.title}》${call.answer.trim()}`
  const created = await answerCall(app, operator, { ...call, answer: [...answer].slice(0, 4000).join('') }, async (tx, row) => {
    await insertAnswer(tx, {
      event_id: row.id,
      article_id: article.id,
      article_version: article.version,
      operator_user_id: operator.user.id,
      at: app.now(),
    })
  })
  return {
    event: await viewCreated(app, operator, created),
    article: { id: article.id, title: article.title, version: article.version },
  }
}

/** The article an event was answered from; the event's own read decides whether the caller may see it. */
export async function eventArticle(app: AppContext, principal: Principal, eventId: number): Promise<EventArticle> {
  await getEvent(app, principal, eventId)
  const db = app.database.db
  const link = await answerOf(db, eventId)
  if (!link) return { article: null, operator: null, at: null }
  const names = await usernames(db, [link.operator_user_id])
  return {
    article: { id: link.article_id, title: link.title, version: link.article_version },
    operator: names.get(link.operator_user_id) ?? null,
    at: iso(link.at),
  }
}

export async function knowledgeReports(app: AppContext, principal: Principal, q: KnowledgeReportsQuery): Promise<KnowledgeReports> {
  const editor = requireEditor(app, principal)
  const db = app.database.db
  const since = new Date(app.now().getTime() - (q.days ?? 30) * 86_400_000)
  const today = chinaDateOf(app.now())
  const [used, unanswered, expired] = await Promise.all([
    mostUsedRows(db, since, editor.unitId),
    // what nobody could answer is the knowledge desk's to write, whoever owns the nearest article
    editor.unitId === undefined ? unansweredRows(db, since, GOOD_ANSWER) : Promise.resolve([]),
    articleRows(db, { unitId: editor.unitId, state: 'published', expiredBefore: today }),
  ])
  return {
    mostUsed: used.map((r) => ({ article: { id: r.id, title: r.title, version: r.version }, answers: r.answers, lastAt: iso(r.last_at) })),
    unanswered: unanswered.map((r) => ({
      query: r.query,
      times: r.times,
      lastAt: iso(r.last_at),
      confidence: r.confidence,
      topTitle: r.top_title,
    })),
    expired: expired.map((r) => articleView(app, r)),
  }
}
