/**
 * The one way the web app talks to the server: JSON over fetch with the session cookie, the
 * CSRF token on writes, and errors turned into ApiError with the server's code and field.
 * Every operation is named by its method and path as the server declares it (`GET /events/:id`);
 * its path parameters, query, body and response are typed from the contracts (`routes.ts`), so no
 * caller casts what it gets.
 */
import type { ApiError as ApiErrorBody } from '@xiaolan/contracts'
import { noticeBuild } from './build.ts'
import type { Operation, Routes } from './routes.ts'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** What the server said besides the field, e.g. how many units and events keep a unit in use. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

/** The ApiError of a refused request, from the server's `{error: {code, message, details}}` (whatever of it came). */
export function refusal(status: number, body: Partial<ApiErrorBody> | null, fallback = ''): ApiError {
  const e = body?.error
  const details = e?.details ?? {}
  const field = typeof details.field === 'string' ? details.field : undefined
  return new ApiError(status, e?.code ?? 'internal', e?.message ?? fallback, field, details)
}

let csrfToken: string | null = null
export function setCsrfToken(token: string | null) {
  csrfToken = token
}
/** The session's CSRF token, for an upload sent with XMLHttpRequest (its progress is the reason: admin/ImportPanel.tsx). */
export const csrfTokenForUpload = () => csrfToken

type QueryValue = string | number | boolean | null | undefined

/** Query string from an object, skipping empty values. */
export function qs(params: { [key: string]: QueryValue }): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : ''
}

/** `{ id: number }` for `/events/:id`: every `:name` of a path. */
type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string | number } & PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string | number }
    : unknown
type PathOf<K extends Operation> = K extends `${string} ${infer P}` ? P : never

/** What a call of an operation takes: its path parameters, query and body, as it declares them. */
export type Input<K extends Operation> = (PathOf<K> extends `${string}:${string}` ? { params: PathParams<PathOf<K>> } : unknown) &
  (Routes[K] extends { query: infer Q } ? { query?: Q } : unknown) &
  (Routes[K] extends { body: infer B } ? { body: B } : unknown)
export type Output<K extends Operation> = Routes[K]['response']
export type Args<K extends Operation> = object extends Input<K> ? [input?: Input<K>] : [input: Input<K>]

/** Calls one operation of the API, e.g. `call('POST /events/:id/actions', { params: { id }, body })`. */
export async function call<K extends Operation>(operation: K, ...[input]: Args<K>): Promise<Output<K>> {
  const [method, pattern] = operation.split(' ') as [string, string]
  const { params, query, body } = (input ?? {}) as { params?: Record<string, string | number>; query?: object; body?: unknown }
  const path = pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params?.[name])))
  return request(method, path + qs((query ?? {}) as { [key: string]: QueryValue }), body)
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  let res: Response
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'network', 'network error')
  }
  noticeBuild(res.headers.get('x-xiaolan-build'))
  const text = await res.text()
  // a proxy's own error page (502, 504) is HTML: the refusal is then the status alone
  const data = text ? parseJson(text) : null
  if (!res.ok) throw refusal(res.status, (data ?? null) as Partial<ApiErrorBody> | null, res.statusText)
  if (data === undefined) throw new ApiError(res.status, 'invalid_response', 'the server answered something other than JSON')
  return data as T
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
