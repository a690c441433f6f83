/**
 * Every environment variable, in one schema, checked at start: a wrong value stops the
 * process with a message naming the variable instead of surfacing later as a strange error.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

const ConfigSchema = T.Object({
  PORT: T.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: T.String({ default: '0.0.0.0' }),
  /** PostgreSQL URL; when absent the embedded PGlite database in DATA_DIR is used. */
  DATABASE_URL: T.Optional(T.String({ pattern: '^postgres(ql)?://' })),
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
  return { ...config, demo: overrides.demo ?? config.DEMO ?? !config.DATABASE_URL }
}
