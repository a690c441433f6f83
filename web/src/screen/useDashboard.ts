/**
 * The screen's data: one dashboard call, fetched again shortly after each live change (at most one
 * fetch per half second, however many changes arrive) and every minute for the clock-driven
 * figures (overdue, day rollover).
 */
import type { DashboardView } from '@xiaolan/contracts'
import { useCallback, useEffect, useRef, useState } from 'react'
import { api, qs } from '../lib/api.ts'

const COALESCE_MS = 500
const REFRESH_MS = 60_000

export function useDashboard(scope: string | undefined) {
  const [data, setData] = useState<DashboardView | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [live, setLive] = useState(false)
  const [loadedAt, setLoadedAt] = useState<Date | null>(null)
  const seq = useRef(0)

  const load = useCallback(async () => {
    const mine = ++seq.current
    try {
      const next = await api.get<DashboardView>(`/dashboard${qs({ scope, days: 7 })}`)
      if (mine !== seq.current) return // a newer fetch (or another scope) answers instead
      setData(next)
      setError(null)
      setLoadedAt(new Date())
    } catch (e) {
      if (mine === seq.current) setError(e)
    }
  }, [scope])

  useEffect(() => {
    setData(null)
    void load()
    let timer: ReturnType<typeof setTimeout> | undefined
    const soon = () => {
      timer ??= setTimeout(() => {
        timer = undefined
        void load()
      }, COALESCE_MS)
    }
    const stream = new EventSource(`/api/v1/stream${qs({ scope })}`)
    stream.addEventListener('change', soon)
    stream.addEventListener('resync', soon)
    stream.onopen = () => setLive(true)
    stream.onerror = () => setLive(false)
    const every = setInterval(() => void load(), REFRESH_MS)
    return () => {
      stream.close()
      clearInterval(every)
      if (timer) clearTimeout(timer)
    }
  }, [scope, load])

  return { data, error, live, loadedAt }
}
