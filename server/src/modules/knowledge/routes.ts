/** `/api/v1/knowledge`: the 12345 knowledge base — search (anyone), articles (editors), answered calls (operators), reports. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AnsweredFromArticle,
  AnsweredFromArticleBody,
  ArticleBody,
  ArticleDetail,
  ArticlePatch,
  ArticleReviewBody,
  ArticlesQuery,
  ArticleView,
  BigintIdParams,
  EventArticle,
  Int4IdParams,
  Items,
  KnowledgeReports,
  KnowledgeReportsQuery,
  KnowledgeSearchQuery,
  KnowledgeSearchResult,
  replies,
} from '@xiaolan/contracts'
import type { App } from '../../app.ts'
import { requirePrincipal } from '../accounts/auth.ts'
import { searchArticles } from './search.ts'
import {
  answerFromArticle,
  createArticle,
  editArticle,
  eventArticle,
  getArticle,
  knowledgeReports,
  listArticles,
  reviewArticle,
} from './service.ts'

export const knowledgeRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { ctx } = fastify as unknown as App
  const tags = ['knowledge']

  fastify.get(
    '/knowledge/search',
    { schema: { tags, querystring: KnowledgeSearchQuery, response: replies({ 200: KnowledgeSearchResult }) } },
    async (request) => searchArticles(ctx, request.principal, request.query),
  )
  fastify.get(
    '/knowledge/articles',
    { schema: { tags, querystring: ArticlesQuery, response: replies({ 200: Items(ArticleView) }) } },
    async (request) => listArticles(ctx, requirePrincipal(request), request.query),
  )
  fastify.post(
    '/knowledge/articles',
    { schema: { tags, body: ArticleBody, response: replies({ 201: ArticleDetail }) } },
    async (request, reply) => reply.status(201).send(await createArticle(ctx, requirePrincipal(request), request.body)),
  )
  fastify.get(
    '/knowledge/articles/:id',
    { schema: { tags, params: Int4IdParams, response: replies({ 200: ArticleDetail }) } },
    async (request) => getArticle(ctx, request.principal, request.params.id),
  )
  fastify.patch(
    '/knowledge/articles/:id',
    { schema: { tags, params: Int4IdParams, body: ArticlePatch, response: replies({ 200: ArticleDetail }) } },
    async (request) => editArticle(ctx, requirePrincipal(request), request.params.id, request.body),
  )
  fastify.post(
    '/knowledge/articles/:id/review',
    { schema: { tags, params: Int4IdParams, body: ArticleReviewBody, response: replies({ 200: ArticleDetail }) } },
    async (request) => reviewArticle(ctx, requirePrincipal(request), request.params.id, request.body),
  )
  fastify.post(
    '/knowledge/answered',
    { schema: { tags, body: AnsweredFromArticleBody, response: replies({ 201: AnsweredFromArticle }) } },
    async (request, reply) => reply.status(201).send(await answerFromArticle(ctx, requirePrincipal(request), request.body)),
  )
  fastify.get(
    '/knowledge/events/:id',
    { schema: { tags, params: BigintIdParams, response: replies({ 200: EventArticle }) } },
    async (request) => eventArticle(ctx, requirePrincipal(request), request.params.id),
  )
  fastify.get(
    '/knowledge/reports',
    { schema: { tags, querystring: KnowledgeReportsQuery, response: replies({ 200: KnowledgeReports }) } },
    async (request) => knowledgeReports(ctx, requirePrincipal(request), request.query),
  )
}
