/** The loading, empty and error states every page uses. */
import { Button, Empty, Result, Spin, type TableProps } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText, retryable } from '../lib/errors.ts'

export function Loading() {
  const { t } = useTranslation()
  return (
    <div role="status" style={{ padding: 48, textAlign: 'center' }}>
      <Spin />
      <div style={{ marginTop: 8 }}>{t('loading')}</div>
    </div>
  )
}

/**
 * A table's loading and empty states by whether its query has answered: until it has, the loading
 * state fills the table (a table that says 暂无数据 or 这里暂时没有事件 before its rows arrive tells
 * the reader something false); after, the empty state when there are no rows, and the table's own
 * spinner over the rows while they are asked for again.
 */
export function tableStates({ answered, fetching = false, empty }: { answered: boolean; fetching?: boolean; empty?: string }) {
  return {
    loading: answered && fetching,
    locale: { emptyText: answered ? <EmptyState text={empty} /> : <Loading /> },
  } satisfies Pick<TableProps, 'loading' | 'locale'>
}

/** A count (a tab's badge, a KPI figure) once its query has answered; a small spinner until then, never a 0 not yet known. */
export function Counted({ count, children }: { count: number | undefined; children: (count: number) => ReactNode }) {
  const { t } = useTranslation()
  if (count === undefined)
    return (
      <span role="status" aria-label={t('loading')} data-testid="count-loading">
        <Spin size="small" />
      </span>
    )
  return children(count)
}

export function EmptyState({ text }: { text?: string }) {
  const { t } = useTranslation()
  return <Empty description={text ?? t('empty')} />
}

/** What went wrong, in words; 重试 only where asking again can help (the network, the server), not after a refusal. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation()
  const retry = onRetry && retryable(error) ? <Button onClick={onRetry}>{t('retry')}</Button> : null
  return <Result status="warning" title={errorText(t, error)} extra={retry} />
}

/** A query's data once it is there; the loading and error states until then (retry refetches). */
export function Loaded<T>({
  query,
  children,
}: {
  query: { data: T | undefined; error: unknown; refetch(): unknown }
  children: (data: T) => ReactNode
}) {
  if (query.data !== undefined) return children(query.data)
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />
  return <Loading />
}
