/** Who is logged in: `GET /session`, asked once and shared by every area (a visitor gets `{me: null}`). */

import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Me } from '@xiaolan/contracts'
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react'
import { ApiError, call, setCsrfToken } from './api.ts'
import { referenceQuery } from './queries.ts'

interface Session {
  me: Me | null
  loading: boolean
  /** after a login call returned the new Me */
  setMe(me: Me | null): void
  logout(): Promise<void>
  /** the session was ended here by 退出 (not expired or ended elsewhere): no page to come back to */
  signedOut: boolean
  /** not known because there is no network (or no server): the grid app then shows its offline shell */
  offline: boolean
}

const SessionContext = createContext<Session | null>(null)
const sessionQuery = referenceQuery('GET /session')

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient()
  const { data, isPending, error, fetchStatus } = useQuery(sessionQuery)
  const me = data?.me ?? null
  const offline = !data && (fetchStatus === 'paused' || (error instanceof ApiError && error.status === 0))
  // the token goes with every write from now on, before any component can send one
  setCsrfToken(me?.csrfToken ?? null)
  const [signedOut, setSignedOut] = useState(false)
  const setMe = useCallback(
    (m: Me | null) => {
      if (m) setSignedOut(false)
      setCsrfToken(m?.csrfToken ?? null)
      // another person's cached reads must not show: start over with only the session
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'GET /session' })
      client.setQueryData(sessionQuery.queryKey, { me: m })
    },
    [client],
  )
  const logout = useCallback(async () => {
    setSignedOut(true)
    await call('POST /auth/logout').catch(() => {})
    setMe(null)
  }, [setMe])
  const value = useMemo(
    () => ({ me, loading: isPending && !offline, setMe, logout, signedOut, offline }),
    [me, isPending, offline, setMe, logout, signedOut],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside SessionProvider')
  return s
}
