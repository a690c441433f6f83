/**
 * Server state for every page, kept by TanStack Query: one client for the app, and every query
 * keyed the same way — `[operation, input]`, e.g. `['GET /events/:id', { params: { id: 7 } }]` — so a
 * change invalidates by operation (`invalidate(client, ['GET /events'])`) and two components
 * asking for the same thing share one request and one cached answer. Refetching when the window
 * regains focus, deduplication and dropping answers that arrive out of order are the library's.
 */
import { MutationCache, QueryCache, QueryClient, queryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { ApiError, type Args, call, type Input, type Output } from './api.ts'
import type { Operation, Routes } from './routes.ts'

/**
 * A 401 means the session ended elsewhere (signed out in another tab, expired): the session is asked
 * again, and when it is gone the pages' guards send the reader to sign in instead of a retry that
 * cannot succeed.
 */
const onError = (error: unknown) => {
  if (error instanceof ApiError && error.status === 401) void queryClient.invalidateQueries({ queryKey: ['GET /session'] })
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    // an area opened again asks again (what others did meanwhile shows); reference data is kept
    // one retry for what may pass (a network blip, a 5xx); a refusal (4xx) answers the same again,
    // and a retried /track 404 would count twice against its rate limit
    queries: {
      staleTime: 0,
      retry: (count, error) => count < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: true,
    },
    mutations: { retry: false },
  },
})

/** The query of one API read: its key and its fetch, typed from the route table. */
export function apiQuery<K extends Operation>(operation: K, ...args: Args<K>) {
  return queryOptions<Output<K>>({
    queryKey: [operation, args[0] ?? {}],
    queryFn: () => call(operation, ...args),
  })
}

/** The keyset-paged reads: a query with a `next` cursor, answered by a page that names the next one. */
type Paged = {
  [K in Operation]: Routes[K] extends { query: { next?: unknown } }
    ? Output<K> extends { items: unknown[]; next: unknown }
      ? K
      : never
    : never
}[Operation]
type QueryOf<K extends Paged> = Routes[K] extends { query: infer Q } ? Q : never
type Cursor<K extends Paged> = NonNullable<Output<K>['next']>
type ItemOf<K extends Paged> = Output<K> extends { items: Array<infer I> } ? I : never

/** A keyset-paged list, page by page ("load more" fetches the next); its key is the operation's with 'pages'. */
export function usePages<K extends Paged>(operation: K, query: Omit<QueryOf<K>, 'next'>) {
  return useInfiniteQuery({
    queryKey: [operation, { query }, 'pages'],
    queryFn: ({ pageParam }) => call(operation, ...([{ query: { ...query, next: pageParam } }] as Args<K>)) as Promise<Output<K>>,
    initialPageParam: undefined as Cursor<K> | undefined,
    getNextPageParam: (page: Output<K>) => (page.next ?? undefined) as Cursor<K> | undefined,
    select: (data) => ({ ...data, items: data.pages.flatMap((p) => p.items as ItemOf<K>[]) }),
  })
}

/** Reference data that changes only through an admin's edit: read once per page load. */
export function referenceQuery<K extends Operation>(operation: K, ...args: Args<K>) {
  return { ...apiQuery(operation, ...args), staleTime: Number.POSITIVE_INFINITY }
}

/** Marks every cached read of these operations stale, refetching the ones on screen. */
export function invalidate(client: QueryClient, operations: readonly Operation[]) {
  void client.invalidateQueries(
    { predicate: (q) => operations.includes(q.queryKey[0] as Operation) },
    // a refetch already under way answers for this change too
    { cancelRefetch: false },
  )
}

/** A write through the API that, once it succeeded, invalidates the reads it changes. */
export function useApiMutation<K extends Operation>(operation: K, invalidates: readonly Operation[] = []) {
  const client = useQueryClient()
  return useMutation<Output<K>, unknown, Input<K>>({
    mutationFn: (input) => call(operation, ...([input] as Args<K>)),
    onSuccess: () => invalidate(client, invalidates),
  })
}
