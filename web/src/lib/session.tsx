/** Who is logged in, loaded once from GET /me and shared by every area. */
import type { Me } from '@xiaolan/contracts'
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react'
import { api, setCsrfToken } from './api.ts'

interface Session {
  me: Me | null
  loading: boolean
  /** after a login call returned the new Me */
  setMe(me: Me | null): void
  refresh(): Promise<void>
  logout(): Promise<void>
}

const SessionContext = createContext<Session | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMeState] = useState<Me | null>(null)
  const [loading, setLoading] = useState(true)
  const setMe = useCallback((m: Me | null) => {
    setCsrfToken(m?.csrfToken ?? null)
    setMeState(m)
  }, [])
  const refresh = useCallback(async () => {
    try {
      setMe((await api.get<{ me: Me | null }>('/session')).me)
    } catch {
      setMe(null)
    } finally {
      setLoading(false)
    }
  }, [setMe])
  const logout = useCallback(async () => {
    await api.post('/auth/logout').catch(() => {})
    setMe(null)
  }, [setMe])
  useEffect(() => {
    void refresh()
  }, [refresh])
  return <SessionContext.Provider value={{ me, loading, setMe, refresh, logout }}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside SessionProvider')
  return s
}
