/** A keyset-paged list as a table with "load more" (the admin's users and audit log). */
import { Button, Table, type TableProps } from 'antd'
import { useTranslation } from 'react-i18next'
import { ErrorState, tableStates } from './States.tsx'

/** What `usePages` gives: the rows so far, and the calls that load more or again. */
interface Pages<T> {
  data?: { items: T[] }
  error: unknown
  isFetching: boolean
  isFetchingNextPage: boolean
  hasNextPage: boolean
  fetchNextPage(): unknown
  refetch(): unknown
}

export function PagedTable<T extends { id: number }>({ pages, ...table }: { pages: Pages<T> } & Omit<TableProps<T>, 'dataSource'>) {
  const { t } = useTranslation()
  const items = pages.data?.items ?? []
  if (pages.error && !items.length) return <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />
  return (
    <>
      <Table<T>
        rowKey="id"
        size="small"
        {...tableStates({ answered: pages.data !== undefined, fetching: pages.isFetching && !pages.isFetchingNextPage })}
        dataSource={items}
        pagination={false}
        {...table}
      />
      {pages.hasNextPage ? (
        <div style={{ textAlign: 'center', margin: 16 }}>
          <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
            {t('admin:loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  )
}
