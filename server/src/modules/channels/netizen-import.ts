/**
 * Netizen messages (网民留言, issue 17 item 6): a message board's feed becomes events of the netizen
 * channel. Each board is an API client of that channel, so its messages go through partner
 * ingestion (ingest.ts's `ingestEvents`: classified, located, written in batches) and a message seen
 * before — in the same feed, an earlier upload or an earlier pull — answers `duplicate` on events'
 * unique (client, external id). The feed's records are mapped by the netizen adapter; every import,
 * uploaded or pulled, is one `netizen_imports` row with its counts and first problems.
 *
 * Pulls run under the ticker on every instance (`startNetizenPulls`), each board due every
 * NETIZEN_PULL_INTERVAL_MS and held by one instance at a time (a lease on its row).
 */
import { INGEST_BATCH_MAX, type IngestItem, type NetizenBoardBody, type NetizenImportView, type NetizenOverview } from '@xiaolan/contracts'
import { parse } from 'csv-parse/sync'
import type { AppContext } from '../../context.ts'
import { AppError, conflict, invalid, notFound } from '../../errors.ts'
import { startTicker } from '../../ticker.ts'
import type { Admin } from '../accounts/policy.ts'
import { usernames } from '../accounts/users.ts'
import { recordAudit } from '../audit/log.ts'
import type { ApiClient } from '../clients/auth.ts'
import { clientRow } from '../clients/queries.ts'
import { insertAuditedClient } from '../clients/service.ts'
import { webhookUrl } from '../notifications/policy.ts'
import { placeSearch } from '../orgs/place-search.ts'
import { MappingError } from './adapters/adapter.ts'
import { adapterOf } from './adapters/index.ts'
import type { NetizenRecord } from './adapters/netizen.ts'
import { ingestEvents, type PlaceFinder } from './ingest.ts'
import {
  type BoardRow,
  boardNameTaken,
  boardRow,
  boardRows,
  claimDuePulls,
  endPull,
  importRows,
  insertBoard,
  insertImport,
  replyCounts,
} from './netizen-queries.ts'

/** A feed holds at most this many messages (a board's day is a few hundred). */
export const NETIZEN_FEED_MAX = 20_000
/** A pulled feed is read up to this size. */
const PULL_MAX_BYTES = 8 * 1024 * 1024
/** Problems kept per import. */
const PROBLEMS_KEPT = 100

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

/** One message of a feed with its line: CSV's line in the file (header 1), JSON's place in the list (from 1). */
interface FeedRecord {
  line: number
  record: NetizenRecord
}

class FeedError extends Error {}

/** The feed's messages: JSON (a list, or an object with `messages`) when it starts so, else CSV with a header. */
export function readFeed(text: string): FeedRecord[] {
  const body = text.replace(/^\uFEFF/, '')
  const first = body.trimStart()[0]
  let records: FeedRecord[]
  if (first === '[' || first === '{') {
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      throw new FeedError('The feed is not valid JSON')
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { messages?: unknown }).messages
    if (!Array.isArray(list)) throw new FeedError('A JSON feed is a list of messages, or an object with a messages list')
    records = list.map((record, i) => ({ line: i + 1, record: record as NetizenRecord }))
  } else {
    try {
      const rows = parse(body, {
        columns: (h: string[]) => h.map((c) => c.trim()),
        info: true,
        relax_column_count: true,
        skip_empty_lines: true,
      }) as Array<{
        record: NetizenRecord
        info: { lines: number }
      }>
      records = rows.map(({ record, info }) => ({ line: info.lines, record }))
    } catch (e) {
      throw new FeedError(`The feed is not readable CSV: ${(e as Error).message}`)
    }
  }
  if (records.length > NETIZEN_FEED_MAX) throw new FeedError(`A feed holds at most ${NETIZEN_FEED_MAX} messages`)
  return records
}

async function boardClient(app: AppContext, board: BoardRow): Promise<ApiClient> {
  const row = await clientRow(app.database.db, board.client_id)
  if (!row) throw notFound('API client')
  if (!row.enabled) throw new AppError('client_disabled', 409, 'The board’s API client is disabled')
  return { id: row.id, name: row.name, channels: row.channels as ApiClient['channels'], scopeUnitId: row.scope_unit_id }
}

export interface FeedTally {
  messages: number
  created: number
  duplicates: number
  errors: number
  problems: NetizenImportView['problems']
}

/** Maps and ingests a feed's messages in batches; the tally of what became of them. */
export async function ingestFeed(app: AppContext, client: ApiClient, records: FeedRecord[], places: PlaceFinder): Promise<FeedTally> {
  const adapter = adapterOf('netizen')
  const tally: FeedTally = { messages: records.length, created: 0, duplicates: 0, errors: 0, problems: [] }
  const problem = (line: number, externalId: string | null, field: string, message: string) => {
    tally.errors++
    if (tally.problems.length < PROBLEMS_KEPT) tally.problems.push({ line, externalId, field, message })
  }
  const mapped: Array<{ line: number; item: IngestItem }> = []
  for (const { line, record } of records) {
    try {
      mapped.push({ line, item: adapter.toEvent?.(record) as IngestItem })
    } catch (e) {
      if (!(e instanceof MappingError)) throw e
      const id = record && typeof record === 'object' ? (record.id ?? record.messageId ?? record.编号) : undefined
      problem(line, typeof id === 'string' || typeof id === 'number' ? String(id) : null, e.field, e.message)
    }
  }
  for (let start = 0; start < mapped.length; start += INGEST_BATCH_MAX) {
    const batch = mapped.slice(start, start + INGEST_BATCH_MAX)
    const results = await ingestEvents(
      app,
      client,
      batch.map((m) => m.item),
      places,
    )
    results.forEach((r, i) => {
      if (r.status === 'created') tally.created++
      else if (r.status === 'duplicate') tally.duplicates++
      else problem(batch[i].line, r.externalId, r.error?.field ?? 'item', r.error?.message ?? 'Not taken')
    })
  }
  return tally
}

/** Reads, ingests and records one feed; a feed that cannot be read is recorded as a failure. */
async function runImport(
  app: AppContext,
  board: BoardRow,
  origin: 'file' | 'pull',
  source: string,
  read: () => Promise<string>,
  by: number | null,
): Promise<number> {
  const started = app.now()
  const clock = performance.now()
  let tally: FeedTally = { messages: 0, created: 0, duplicates: 0, errors: 0, problems: [] }
  let failure: string | null = null
  try {
    tally = await ingestFeed(app, await boardClient(app, board), readFeed(await read()), placeSearch(app))
  } catch (e) {
    if (!(e instanceof FeedError || e instanceof AppError || e instanceof PullError)) throw e
    failure = e.message
  }
  const durationMs = Math.round(performance.now() - clock)
  const db = app.database.db
  const { id } = await db.transaction().execute(async (tx) => {
    const row = await insertImport(tx, {
      board_id: board.id,
      origin,
      source,
      started_at: started,
      duration_ms: durationMs,
      ...tally,
      failure,
      imported_by: by,
    })
    if (by !== null)
      await recordAudit(tx, {
        actorUserId: by,
        action: 'netizen_import',
        targetKind: 'netizen_board',
        targetId: String(board.id),
        detail: { file: source, messages: tally.messages, created: tally.created, duplicates: tally.duplicates, errors: tally.errors },
      })
    return row
  })
  const rate = durationMs > 0 ? Math.round((tally.messages * 1000) / durationMs) : tally.messages
  app.log.info(
    {
      board: board.name,
      origin,
      messages: tally.messages,
      created: tally.created,
      duplicates: tally.duplicates,
      errors: tally.errors,
      failure,
      durationMs,
      perSecond: rate,
    },
    'netizen feed imported',
  )
  return id
}

async function importView(app: AppContext, id: number): Promise<NetizenImportView> {
  const [view] = await importViews(app, await importRows(app.database.db, { id, limit: 1 }))
  return view
}

async function importViews(app: AppContext, rows: Awaited<ReturnType<typeof importRows>>): Promise<NetizenImportView[]> {
  const names = await usernames(
    app.database.db,
    rows.map((r) => r.imported_by),
  )
  return rows.map((r) => ({
    id: r.id,
    boardId: r.board_id,
    board: r.board,
    origin: r.origin as NetizenImportView['origin'],
    source: r.source,
    startedAt: iso(r.started_at) as string,
    durationMs: r.duration_ms,
    messages: r.messages,
    created: r.created,
    duplicates: r.duplicates,
    errors: r.errors,
    problems: r.problems as NetizenImportView['problems'],
    failure: r.failure,
    importedBy: r.imported_by === null ? null : (names.get(r.imported_by) ?? null),
  }))
}

const boardView = (b: BoardRow) => ({
  id: b.id,
  name: b.name,
  clientId: b.client_id,
  pullUrl: b.pull_url,
  replyUrl: b.reply_url,
  lastPulledAt: iso(b.last_pulled_at),
  createdAt: iso(b.created_at) as string,
})

/** The admin's page: the boards, the newest imports, the replies by state. */
export async function netizenOverview(app: AppContext): Promise<NetizenOverview> {
  const db = app.database.db
  const [boards, imports, replies] = await Promise.all([boardRows(db), importRows(db, { limit: 50 }), replyCounts(db)])
  return { boards: boards.map(boardView), imports: await importViews(app, imports), replies }
}

const urlOf = (app: AppContext, field: string, text: string | null | undefined) => {
  if (text === null || text === undefined) return null
  try {
    return webhookUrl(app, text)
  } catch (e) {
    throw invalid(field, (e as Error).message.replace('webhook', 'feed'))
  }
}

/**
 * A new board and its API client of the netizen channel, in one transaction with the client's audit
 * entry (as every client's creation is audited). The client's key is never used — the board is read,
 * it does not push — so it is made and thrown away, never shown.
 */
export async function createBoard(app: AppContext, admin: Admin, body: NetizenBoardBody) {
  const name = body.name.trim()
  if ([...name].length < 2) throw invalid('name', 'A name has 2 to 60 characters')
  const pullUrl = urlOf(app, 'pullUrl', body.pullUrl)
  const replyUrl = urlOf(app, 'replyUrl', body.replyUrl)
  const taken = () => conflict('board_name_taken', `A board named ${name} exists`)
  try {
    const row = await app.database.db.transaction().execute(async (tx) => {
      if (await boardNameTaken(tx, name)) throw taken()
      const { row: client } = await insertAuditedClient(tx, admin, {
        name,
        channels: ['netizen'],
        scopeUnitId: null,
        detail: { scope: null, board: true },
      })
      return insertBoard(tx, { name, client_id: client.id, pull_url: pullUrl, reply_url: replyUrl, created_at: app.now() })
    })
    return boardView(row)
  } catch (e) {
    // two admins adding one name at once: the unique name turns the second away, writing nothing
    if ((e as { code?: string }).code === '23505') throw taken()
    throw e
  }
}

/** An admin's upload of a feed file. */
export async function importUploadedFeed(app: AppContext, admin: Admin, boardId: number, file: { fileName: string; content: string }) {
  const board = await boardRow(app.database.db, boardId)
  if (!board) throw notFound('Board')
  const id = await runImport(app, board, 'file', file.fileName, async () => file.content, admin.user.id)
  return importView(app, id)
}

/** The demo seed's and the command line's import of a feed's text, by no user. */
export async function importFeedText(app: AppContext, boardId: number, source: string, content: string): Promise<NetizenImportView> {
  const board = await boardRow(app.database.db, boardId)
  if (!board) throw notFound('Board')
  return importView(app, await runImport(app, board, 'file', source, async () => content, null))
}

class PullError extends Error {}

async function fetchFeed(app: AppContext, url: string): Promise<string> {
  let res: Response
  try {
    res = await fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(app.config.WEBHOOK_TIMEOUT_MS),
      headers: { accept: 'application/json, text/csv' },
    })
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code
    throw new PullError(`The feed could not be fetched${cause ? `: ${cause}` : ''}`)
  }
  if (res.status !== 200) {
    await res.body?.cancel()
    throw new PullError(`The feed answered HTTP ${res.status}`)
  }
  const declared = Number(res.headers.get('content-length') ?? 0)
  if (declared > PULL_MAX_BYTES) {
    await res.body?.cancel()
    throw new PullError(`The feed is larger than ${PULL_MAX_BYTES} bytes`)
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length
    if (size > PULL_MAX_BYTES) throw new PullError(`The feed is larger than ${PULL_MAX_BYTES} bytes`)
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** One pass: pulls each due board this instance could claim; the import ids made. */
export async function pullDueBoards(app: AppContext): Promise<number[]> {
  const now = app.now()
  const lease = new Date(now.getTime() + app.config.WEBHOOK_TIMEOUT_MS * 2 + 60_000)
  const boards = await claimDuePulls(app.database.db, now, app.config.NETIZEN_PULL_INTERVAL_MS, lease)
  const made: number[] = []
  for (const board of boards) {
    try {
      made.push(await runImport(app, board, 'pull', board.pull_url as string, () => fetchFeed(app, board.pull_url as string), null))
    } finally {
      await endPull(app.database.db, board.id, app.now())
    }
  }
  return made
}

/** Pulls on the ticker, from `xiaolan start`; a failed pass is logged and the next one tries again. */
export function startNetizenPulls(app: AppContext): () => Promise<void> {
  return startTicker(
    async () => {
      try {
        await pullDueBoards(app)
      } catch (error) {
        app.log.error({ err: error }, 'netizen pull failed')
      }
    },
    Math.min(app.config.NETIZEN_PULL_INTERVAL_MS, 60_000),
  )
}
