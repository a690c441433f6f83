/** Taking an action on an event (DESIGN §5) from any area, and what the app does with the answer. */

import { useQueryClient } from '@tanstack/react-query'
import type { ActionBody, EventView } from '@xiaolan/contracts'
import { call } from './api.ts'
import { EVENT_READS } from './live.ts'
import { apiQuery, invalidate } from './queries.ts'

/** One action on the event as the caller last saw it (its version guards against a concurrent change). */
export const act = (event: EventView, body: Omit<ActionBody, 'version'>) =>
  call('POST /events/:id/actions', { params: { id: event.id }, body: { ...body, version: event.version } })

/**
 * After an action: the answer is the event as it is now, so it replaces the cached one at once,
 * and every list, count and figure built from events is refetched.
 */
export function useActed() {
  const client = useQueryClient()
  return (updated: EventView) => {
    client.setQueryData(apiQuery('GET /events/:id', { params: { id: updated.id } }).queryKey, updated)
    invalidate(client, EVENT_READS)
  }
}
