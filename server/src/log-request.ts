/**
 * How a request appears in the log: Fastify's own fields, but the query string's values left
 * out. A staff search (`GET /events?text=…`) or any filter may carry a resident's words, name or
 * phone; the log keeps which parameters were given, never what they said.
 */

interface LoggedRequest {
  method: string
  url: string
  host?: string
  ip?: string
  headers?: Record<string, string | string[] | undefined>
  socket?: { remotePort?: number }
}

/** `/api/v1/events?box=todo&text=垃圾` → `/api/v1/events?box=…&text=…` */
export function redactQuery(url: string): string {
  const at = url.indexOf('?')
  if (at < 0) return url
  const names = url
    .slice(at + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const name = pair.split('=', 1)[0]
      try {
        return `${decodeURIComponent(name.replaceAll('+', ' ')).slice(0, 40)}=…`
      } catch {
        return '?=…'
      }
    })
  return `${url.slice(0, at)}?${names.join('&')}`
}

/** The `req` serializer of the app's logger (Fastify's default fields). */
export function logRequest(req: LoggedRequest) {
  return {
    method: req.method,
    url: redactQuery(req.url),
    version: req.headers?.['accept-version'] as string | undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }
}
