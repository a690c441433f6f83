/**
 * Live changes for staff pages: the server-sent event stream `GET /api/v1/stream` (see contracts:
 * ChangeMessage), plus a refresh whenever the window regains focus, so a page is current even when
 * the stream is interrupted. `onChange` is called at most every 400 ms.
 */
import type { ChangeMessage } from '@xiaolan/contracts'
import { useEffect, useRef } from 'react'

export function useChanges(onChange: (change: ChangeMessage | null) => void) {
  const latest = useRef(onChange)
  latest.current = onChange
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let pending: ChangeMessage | null = null
    const fire = (change: ChangeMessage | null) => {
      pending = change ?? pending
      if (timer) return
      timer = setTimeout(() => {
        timer = undefined
        const c = pending
        pending = null
        latest.current(c)
      }, 400)
    }
    const onFocus = () => fire(null)
    window.addEventListener('focus', onFocus)
    const stream = typeof EventSource === 'undefined' ? null : new EventSource('/api/v1/stream')
    stream?.addEventListener('change', (m) => {
      try {
        fire(JSON.parse((m as MessageEvent<string>).data) as ChangeMessage)
      } catch {
        fire(null)
      }
    })
    stream?.addEventListener('resync', () => fire(null))
    return () => {
      if (timer) clearTimeout(timer)
      stream?.close()
      window.removeEventListener('focus', onFocus)
    }
  }, [])
}
