/** The loading, empty and error states every page uses. */
import { Button, Empty, Result, Spin } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../lib/errors.ts'

export function Loading() {
  const { t } = useTranslation()
  return (
    <div role="status" style={{ padding: 48, textAlign: 'center' }}>
      <Spin />
      <div style={{ marginTop: 8 }}>{t('loading')}</div>
    </div>
  )
}

export function EmptyState({ text }: { text?: string }) {
  const { t } = useTranslation()
  return <Empty description={text ?? t('empty')} />
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation()
  return <Result status="warning" title={errorText(t, error)} extra={onRetry ? <Button onClick={onRetry}>{t('retry')}</Button> : null} />
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
