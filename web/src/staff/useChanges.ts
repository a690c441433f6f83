/**
 * Live changes for staff pages: the server-sent event stream `GET /api/v1/stream` (see contracts:
 * ChangeMessage), plus a refresh whenever the window regains focus, so a page is current even when
 * the stream is interrupted. `onChange` is called at most every 400 ms, with every change since the
 * last call (none after a focus or a resync: refresh everything).
 */
import type { ChangeMessage } from '@xiaolan/contracts'
import { useEffect, useRef } from 'react'

export function useChanges(onChange: (changes: ChangeMessage[]) => void) {
  const latest = useRef(onChange)
  latest.current = onChange
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let pending: ChangeMessage[] = []
    const fire = (change: ChangeMessage | null) => {
      if (change) pending.push(change)
      if (timer) return
      timer = setTimeout(() => {
        timer = undefined
        const changes = pending
        pending = []
        latest.current(changes)
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
