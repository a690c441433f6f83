/**
 * Every environment variable, in one schema, checked at start: a wrong value stops the
 * process with a message naming the variable instead of surfacing later as a strange error.
 */
import { isIP } from 'node:net'
import { type Static, Type as T } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

const ConfigSchema = T.Object({
  PORT: T.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: T.String({ default: '0.0.0.0' }),
  /** PostgreSQL URL; when absent the embedded PGlite database in DATA_DIR is used. */
  DATABASE_URL: T.Optional(T.String({ pattern: '^postgres(ql)?://' })),
  /**
   * A streaming replica of DATABASE_URL for the dashboard, KPIs, reports and exports (read-routing.ts):
   * a session's reads stay on the primary until the replica has replayed its own last write.
   */
  READ_DATABASE_URL: T.Optional(T.String({ pattern: '^postgres(ql)?://' })),
  /** A replica further behind than this (seconds) is passed over for the primary until it catches up. */
  READ_REPLICA_MAX_LAG_SECONDS: T.Number({ minimum: 0.1, maximum: 86_400, default: 30 }),
  DATA_DIR: T.String({ default: './data' }),
  /** Demo mode seeds the demo city with its accounts; the embedded default is demo. */
  DEMO: T.Optional(T.Boolean()),
  LOG_LEVEL: T.Union(
    [T.Literal('fatal'), T.Literal('error'), T.Literal('warn'), T.Literal('info'), T.Literal('debug'), T.Literal('silent')],
    {
      default: 'info',
    },
  ),
  SESSION_DAYS: T.Integer({ minimum: 1, maximum: 90, default: 7 }),
  /** Set behind TLS so that the session cookie is marked Secure. */
  COOKIE_SECURE: T.Boolean({ default: false }),
  NODE_ENV: T.String({ default: 'development' }),
  /**
   * A map tile server for deployments that have one, e.g. `https://tiles.example.cn/{z}/{x}/{y}.png`
   * (Web Mercator, 256 px); the maps draw it under the org areas. Without it they draw the areas alone.
   */
  MAP_TILE_URL: T.Optional(T.String({ pattern: '^https?://(?=.*\\{z\\})(?=.*\\{x\\})(?=.*\\{y\\})', maxLength: 300 })),
  /** The tile provider's required credit, shown in the corner of the map. */
  MAP_TILE_ATTRIBUTION: T.Optional(T.String({ maxLength: 200 })),
  /**
   * Which proxies' `X-Forwarded-For` to believe for the client address (rate limits, lockouts,
   * audit): off by default (the socket's address), a hop count (`1` behind one load balancer), or
   * a comma-separated list of the proxies' addresses / CIDRs (`10.0.0.0/8,127.0.0.1`, `loopback`).
   */
  TRUST_PROXY: T.Optional(T.String({ maxLength: 2000 })),
  // Abuse limits (issue 12), per client address per minute unless said otherwise. Each instance
  // counts the per-minute ones in memory; the login lockout and the OTP caps are in the database.
  /** Staff login, OTP request, resident login and real-name check. */
  RATE_LIMIT_AUTH_PER_MINUTE: T.Integer({ minimum: 1, maximum: 1_000_000, default: 10 }),
  /** Public tracking `GET /track/:number` (numbers are sequential, so kept low). */
  RATE_LIMIT_TRACK_PER_MINUTE: T.Integer({ minimum: 1, maximum: 1_000_000, default: 30 }),
  /** Public lists `GET /public/events` and `GET /public/kpis`. */
  RATE_LIMIT_PUBLIC_PER_MINUTE: T.Integer({ minimum: 1, maximum: 1_000_000, default: 60 }),
  /** Photo uploads. */
  RATE_LIMIT_UPLOAD_PER_MINUTE: T.Integer({ minimum: 1, maximum: 1_000_000, default: 60 }),
  /** Category suggestions `POST /intelligence/classify` (the forms ask as the user types, debounced). */
  RATE_LIMIT_CLASSIFY_PER_MINUTE: T.Integer({ minimum: 1, maximum: 1_000_000, default: 120 }),
  /** downloads of the open dataset per client and minute (each one streams up to a year of events) */
  RATE_LIMIT_OPEN_DATA_PER_MINUTE: T.Integer({ minimum: 1, maximum: 1_000_000, default: 10 }),
  /** Requests of one API client (a partner platform's key: ingestion, Open311), whatever its address. */
  RATE_LIMIT_CLIENT_PER_MINUTE: T.Integer({ minimum: 1, maximum: 1_000_000, default: 120 }),
  /** Consecutive failed logins of one username (from any address) that lock it. */
  LOGIN_LOCK_AFTER: T.Integer({ minimum: 1, maximum: 1000, default: 5 }),
  /** The first lock; each further failure doubles it, up to LOGIN_LOCK_MAX_SECONDS. */
  LOGIN_LOCK_SECONDS: T.Integer({ minimum: 1, maximum: 86_400, default: 60 }),
  LOGIN_LOCK_MAX_SECONDS: T.Integer({ minimum: 1, maximum: 7 * 86_400, default: 3600 }),
  /** Failures older than this are forgotten. */
  LOGIN_FAILURE_RESET_HOURS: T.Integer({ minimum: 1, maximum: 720, default: 24 }),
  /** One-time codes: the least interval between two to one phone. */
  OTP_RESEND_SECONDS: T.Integer({ minimum: 1, maximum: 3600, default: 60 }),
  OTP_PHONE_PER_HOUR: T.Integer({ minimum: 1, maximum: 1_000_000, default: 5 }),
  OTP_PHONE_PER_DAY: T.Integer({ minimum: 1, maximum: 1_000_000, default: 10 }),
  OTP_CLIENT_PER_HOUR: T.Integer({ minimum: 1, maximum: 1_000_000, default: 20 }),
  OTP_CLIENT_PER_DAY: T.Integer({ minimum: 1, maximum: 1_000_000, default: 50 }),
  /** Wrong guesses of one code before a new one must be asked for. */
  OTP_ATTEMPTS_PER_CODE: T.Integer({ minimum: 1, maximum: 100, default: 5 }),
  /** Wrong codes for one phone within a day, counted across resends; then the phone waits. */
  OTP_WRONG_PER_DAY: T.Integer({ minimum: 1, maximum: 10_000, default: 10 }),
  // The outbox's webhook deliveries (notifications/delivery.ts, docs/webhooks.md)
  /** How often each instance looks for due messages. */
  OUTBOX_INTERVAL_MS: T.Integer({ minimum: 10, maximum: 600_000, default: 1000 }),
  /** How long one POST may take before it counts as failed. */
  WEBHOOK_TIMEOUT_MS: T.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  /** Retries wait up to base · 2^(failures−1), at most the cap, uniformly random below it (full jitter). */
  WEBHOOK_BACKOFF_BASE_MS: T.Integer({ minimum: 1, maximum: 86_400_000, default: 10_000 }),
  WEBHOOK_BACKOFF_CAP_MS: T.Integer({ minimum: 1, maximum: 7 * 86_400_000, default: 3_600_000 }),
  /** Attempts before a message is dead (an admin can replay it). */
  WEBHOOK_MAX_ATTEMPTS: T.Integer({ minimum: 1, maximum: 100, default: 8 }),
  /**
   * Accept http:// subscription URLs to a loopback host (localhost, 127.0.0.0/8, ::1): for tests and
   * development on one machine. Off, every URL must be https://.
   */
  WEBHOOK_ALLOW_LOOPBACK_HTTP: T.Boolean({ default: false }),
  // The reporter's loop without an account (issue 18 items 3–5)
  /**
   * Where residents reach this deployment, e.g. `https://12345.lanzhou.gov.cn`: the links an SMS carries
   * are absolute (an SMS has no page to be relative to). Without it, `http://localhost:<PORT>`.
   */
  PUBLIC_BASE_URL: T.Optional(T.String({ pattern: '^https?://[^/?#\\s]+$', maxLength: 200 })),
  /** Callback calls that may fail to reach a caller before the event leaves the desk's queue (to close as 未回访). */
  CALLBACK_ATTEMPTS: T.Integer({ minimum: 1, maximum: 20, default: 3 }),
  /**
   * SMS quiet hours, China time, `HH:MM-HH:MM` (may run over midnight); an SMS written inside them is
   * held until they end. Empty or absent: `21:00-08:00`; `00:00-00:00` sends at any hour.
   */
  SMS_QUIET_HOURS: T.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$', default: '21:00-08:00' }),
  /** The language of the SMS templates to callers (they have no account to choose one with). */
  SMS_LANGUAGE: T.Union([T.Literal('zh-CN'), T.Literal('en')], { default: 'zh-CN' }),
  // Netizen message boards (channels/netizen-import.ts, docs/channels.md)
  /** How often a board with a pull URL is pulled (each board by one instance at a time). */
  NETIZEN_PULL_INTERVAL_MS: T.Integer({ minimum: 1000, maximum: 86_400_000, default: 300_000 }),
  /** Where the demo reply adapter appends the replies of boards without a reply URL (JSON lines); relative to DATA_DIR. */
  NETIZEN_REPLY_FILE: T.String({ minLength: 1, maxLength: 500, default: 'netizen-replies.jsonl' }),
  // Metrics (GET /metrics, metrics-routes.ts): with neither of these, they are not served at all.
  /** The Bearer token a scraper must send for /metrics. */
  METRICS_TOKEN: T.Optional(T.String({ minLength: 16, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' })),
  /** Serve /metrics on this port only (a second listener on METRICS_HOST), not on PORT. */
  METRICS_PORT: T.Optional(T.Integer({ minimum: 0, maximum: 65535 })),
  METRICS_HOST: T.String({ default: '127.0.0.1' }),
})

export type Config = Static<typeof ConfigSchema> & { demo: boolean }

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = {}
  for (const key of Object.keys(ConfigSchema.properties)) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key]
  }
  const converted = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw))
  const errors = [...Value.Errors(ConfigSchema, converted)]
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.path.slice(1) || '(root)'}: ${e.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const config = { ...(converted as Static<typeof ConfigSchema>), ...overrides }
  if (config.READ_DATABASE_URL && !config.DATABASE_URL) {
    throw new Error('Invalid configuration:\n  READ_DATABASE_URL: a read replica needs DATABASE_URL (the embedded database has none)')
  }
  try {
    trustProxyOf(config.TRUST_PROXY)
  } catch (e) {
    throw new Error(`Invalid configuration:\n  TRUST_PROXY: ${(e as Error).message}`)
  }
  return { ...config, demo: overrides.demo ?? config.DEMO ?? !config.DATABASE_URL }
}

const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal'])

/**
 * TRUST_PROXY as Fastify's `trustProxy`: false (believe no forwarded header), the trusted proxies'
 * addresses, or a hop count — the last n addresses (the socket's first) are proxies, the one before
 * them is the client; Fastify's own number form trusts nothing, hence the function. A hop count
 * believes whoever reaches the port directly, so it fits only where nothing but the proxy can.
 * `true` (believe anyone) is refused: any client could name its own address.
 */
export function trustProxyOf(value: string | undefined): false | string[] | ((address: string, hop: number) => boolean) {
  const v = value?.trim().toLowerCase()
  if (!v || v === 'false' || v === 'off' || v === '0') return false
  if (/^[0-9]+$/.test(v)) {
    const hops = Number(v)
    if (hops > 20) throw new Error('a hop count is at most 20')
    return (_address, hop) => hop < hops
  }
  if (v === 'true') throw new Error('"true" would believe any X-Forwarded-For; give a hop count or the proxies\' addresses')
  const entries = v
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
  for (const entry of entries) {
    if (PROXY_RANGES.has(entry)) continue
    const [address, prefix, ...rest] = entry.split('/')
    const family = isIP(address)
    const bits = family === 4 ? 32 : 128
    const prefixOk = prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= bits)
    if (!family || !prefixOk || rest.length) throw new Error(`"${entry}" is not an IP address, a CIDR or loopback/linklocal/uniquelocal`)
  }
  return entries
}
