/** A staff session over fetch for the demo scripts: the session cookie and CSRF token, as the browser sends them. */
export async function apiSession(base: string, username: string, password: string) {
  let cookie = ''
  let csrf = ''
  const request = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (cookie) headers.cookie = cookie
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const session = res.headers.getSetCookie().find((c) => c.startsWith('xiaolan_session='))
    if (session) cookie = session.split(';')[0]
    const json = await res.json().catch(() => null)
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`)
    return json
  }
  csrf = (await request('POST', '/api/v1/auth/login', { username, password })).csrfToken
  return request
}
