/**
 * The app's Prometheus metrics (`GET /metrics`, served by metrics-routes.ts): one prom-client
 * `Registry` per app instance, on `ctx.metrics`, so that the many apps a test process builds never
 * share (or collide in) prom-client's global default registry.
 *
 * Modules record through the typed fields below, and register their own gauges with `gauge(...)`,
 * read on each scrape (a queue's depth, a pool's use):
 *
 *   ctx.metrics.gauge({ name: 'xiaolan_rollup_pending', help: 'Rollup deltas not yet folded', collect: () => pendingCount() })
 *   await ctx.metrics.timeJob('fold_rollups', () => foldRollups(ctx))
 *
 * Every name starts with `xiaolan_`; labels take values from small fixed sets (a route pattern, never
 * a raw URL; an error code; a job name), so the number of series stays bounded whatever the traffic.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/** Seconds; fine below 50 ms, where the intake and handling targets lie (issue 15). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
/** Seconds; jobs run from milliseconds (nothing due) to minutes (a backlog). */
const JOB_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300]

/** How a job run ended: did its work, found another instance holding its lock, or threw. */
export type JobOutcome = 'ran' | 'skipped' | 'failed'

/** A connection pool's use at one instant (pg.Pool's totalCount / idleCount / waitingCount). */
export interface PoolUse {
  total: number
  idle: number
  waiting: number
}

/** A scraped gauge's reading: one value, or one per label set. */
export type GaugeValue<L extends string> = number | Array<{ labels: Record<L, string>; value: number }>

export interface Metrics {
  registry: Registry
  /** by route pattern (`/api/v1/events/:id`, `unmatched` for a 404 without a route), method, status class (`2xx`) */
  httpRequests: Counter<'route' | 'method' | 'status'>
  httpDuration: Histogram<'route' | 'method' | 'status'>
  /** every 4xx/5xx answer by its status and the app's error code (`not_found`, `invalid_input`, `internal`…) */
  httpErrors: Counter<'status' | 'code'>
  jobRuns: Counter<'job' | 'outcome'>
  jobDuration: Histogram<'job' | 'outcome'>
  /** what the runs changed (events marked, closed, reminded…) */
  jobChanged: Counter<'job'>
  /** open SSE streams by audience kind (`area`: a screen's, `unit`: a workbench's, `resident`) */
  streamClients: Gauge<'audience'>
  /** change notices heard from LISTEN */
  changesReceived: Counter
  /** change messages written to streams, by audience kind */
  changeMessages: Counter<'audience'>
  /** Counts a 4xx/5xx answer under its error code. */
  countError(status: number, code: string): void
  /**
   * Runs one job and records it: outcome `failed` when it throws (rethrown), `skipped` when it says
   * it did not run (`{ ran: false }`, another instance held its lock), else `ran`; `changed` adds to
   * `xiaolan_job_changed_total`.
   */
  timeJob<T>(job: string, run: () => Promise<T>): Promise<T>
  /** A gauge read on each scrape: one value, or one per label set. */
  gauge<L extends string = never>(spec: {
    name: string
    help: string
    labelNames?: readonly L[]
    collect: () => GaugeValue<L> | Promise<GaugeValue<L>>
  }): Gauge<L>
  /** Reports a connection pool's use on each scrape as `xiaolan_db_pool_{total,idle,waiting}{pool}`. */
  pool(name: string, use: () => PoolUse): void
}

export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const registers = [registry]

  const httpRequests = new Counter({
    name: 'xiaolan_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status class',
    labelNames: ['route', 'method', 'status'] as const,
    registers,
  })
  const httpDuration = new Histogram({
    name: 'xiaolan_http_request_duration_seconds',
    help: 'Time from receiving a request to the end of its answer, by route pattern, method and status class',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  })
  const httpErrors = new Counter({
    name: 'xiaolan_http_errors_total',
    help: 'Error answers (4xx and 5xx) by status and the error code in their body',
    labelNames: ['status', 'code'] as const,
    registers,
  })
  const jobRuns = new Counter({
    name: 'xiaolan_job_runs_total',
    help: 'Background job runs by job and outcome (ran, skipped: another instance held the lock, failed)',
    labelNames: ['job', 'outcome'] as const,
    registers,
  })
  const jobDuration = new Histogram({
    name: 'xiaolan_job_duration_seconds',
    help: 'Duration of background job runs by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers,
  })
  const jobChanged = new Counter({
    name: 'xiaolan_job_changed_total',
    help: 'Items background jobs changed (events marked overdue, closed, reminded…), by job',
    labelNames: ['job'] as const,
    registers,
  })
  const streamClients = new Gauge({
    name: 'xiaolan_stream_clients',
    help: 'Open server-sent event streams by audience kind',
    labelNames: ['audience'] as const,
    registers,
  })
  const changesReceived = new Counter({
    name: 'xiaolan_changes_received_total',
    help: 'Change notices heard from the database (LISTEN)',
    registers,
  })
  const changeMessages = new Counter({
    name: 'xiaolan_change_messages_total',
    help: 'Change messages written to open streams, by audience kind',
    labelNames: ['audience'] as const,
    registers,
  })

  // the known label values from the start, so a series reads 0 instead of being absent until first used
  for (const audience of ['area', 'unit', 'resident']) {
    streamClients.set({ audience }, 0)
    changeMessages.inc({ audience }, 0)
  }

  const gauge: Metrics['gauge'] = ({ name, help, labelNames, collect }) =>
    new Gauge({
      name,
      help,
      labelNames: labelNames ?? [],
      registers,
      async collect() {
        const value = await collect()
        if (typeof value === 'number') this.set(value)
        else {
          this.reset()
          for (const v of value) this.set(v.labels, v.value)
        }
      },
    })

  const pools = new Map<string, () => PoolUse>()
  const poolGauge = (field: keyof PoolUse, help: string) =>
    gauge({
      name: `xiaolan_db_pool_${field}`,
      help,
      labelNames: ['pool'] as const,
      collect: () => [...pools].map(([pool, use]) => ({ labels: { pool }, value: use()[field] })),
    })
  poolGauge('total', 'Database connections open, by pool')
  poolGauge('idle', 'Database connections open and idle, by pool')
  poolGauge('waiting', 'Queries waiting for a database connection, by pool')

  return {
    registry,
    httpRequests,
    httpDuration,
    httpErrors,
    jobRuns,
    jobDuration,
    jobChanged,
    streamClients,
    changesReceived,
    changeMessages,
    countError: (status, code) => httpErrors.inc({ status: String(status), code }),
    async timeJob(job, run) {
      const end = jobDuration.startTimer({ job })
      let outcome: JobOutcome = 'failed'
      try {
        const result = await run()
        const said = result as { ran?: unknown; changed?: unknown } | null | undefined
        outcome = said?.ran === false ? 'skipped' : 'ran'
        if (typeof said?.changed === 'number' && said.changed > 0) jobChanged.inc({ job }, said.changed)
        return result
      } finally {
        end({ outcome })
        jobRuns.inc({ job, outcome })
      }
    },
    gauge,
    pool(name, use) {
      pools.set(name, use)
    },
  }
}
