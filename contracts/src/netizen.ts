/**
 * Netizen messages (网民留言, issue 17 item 6): message boards whose messages become events of the
 * netizen channel, from an uploaded feed file (JSON or CSV, docs/channels.md) or pulled from a URL
 * on a schedule, deduplicated by the board's id of each message; the board's reply is posted back
 * when the event closes. Admin only: `/api/v1/admin/netizen/*`.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { literals } from './domain.ts'
import { Instant, Nullable, Shape } from './schema.ts'

const Url = T.String({ minLength: 8, maxLength: 2000 })

export const NetizenBoardBody = T.Object(
  {
    name: T.String({ minLength: 2, maxLength: 60 }),
    /** a JSON or CSV feed pulled on the schedule; absent: only uploaded files */
    pullUrl: T.Optional(Nullable(Url)),
    /** where replies are POSTed; absent: the demo adapter writes them to a file */
    replyUrl: T.Optional(Nullable(Url)),
  },
  { additionalProperties: false },
)
export type NetizenBoardBody = Static<typeof NetizenBoardBody>

export const NetizenBoardView = Shape({
  id: T.Integer(),
  name: T.String(),
  /** the API client its messages are filed under (its events' source) */
  clientId: T.Integer(),
  pullUrl: Nullable(T.String()),
  replyUrl: Nullable(T.String()),
  lastPulledAt: Nullable(Instant()),
  createdAt: Instant(),
})
export type NetizenBoardView = Static<typeof NetizenBoardView>

export const NETIZEN_IMPORT_ORIGINS = ['file', 'pull'] as const

/** One bad message of a feed: its line (CSV: the file's line, the header is 1; JSON: its place in the list, from 1). */
export const NetizenProblem = Shape({
  line: T.Integer({ minimum: 0 }),
  externalId: Nullable(T.String()),
  field: T.String(),
  message: T.String(),
})
export type NetizenProblem = Static<typeof NetizenProblem>

export const NetizenImportView = Shape({
  id: T.Integer(),
  boardId: T.Integer(),
  board: T.String(),
  origin: literals(NETIZEN_IMPORT_ORIGINS),
  /** the file's name or the URL pulled */
  source: T.String(),
  startedAt: Instant(),
  durationMs: T.Integer({ minimum: 0 }),
  messages: T.Integer({ minimum: 0 }),
  created: T.Integer({ minimum: 0 }),
  duplicates: T.Integer({ minimum: 0 }),
  errors: T.Integer({ minimum: 0 }),
  /** the first bad messages (at most 100) */
  problems: T.Array(NetizenProblem),
  /** the feed could not be read at all (unreachable, not JSON or CSV) */
  failure: Nullable(T.String()),
  importedBy: Nullable(T.String()),
})
export type NetizenImportView = Static<typeof NetizenImportView>

export const NetizenOverview = Shape({
  boards: T.Array(NetizenBoardView),
  /** the newest imports first, at most 50 */
  imports: T.Array(NetizenImportView),
  replies: Shape({ pending: T.Integer(), sent: T.Integer(), dead: T.Integer() }),
})
export type NetizenOverview = Static<typeof NetizenOverview>

/** An uploaded feed: the file's name (its extension says JSON or CSV) and its text. */
export const NetizenFeedBody = T.Object(
  {
    fileName: T.String({ minLength: 1, maxLength: 200 }),
    content: T.String({ minLength: 1, maxLength: 8 * 1024 * 1024 }),
  },
  { additionalProperties: false },
)
export type NetizenFeedBody = Static<typeof NetizenFeedBody>
