/** A titled card holding a list (the resident's and the grid worker's lists of events): its rows, or the empty state. */
import { Card, List } from 'antd'
import type { ReactNode } from 'react'
import { EmptyState } from './States.tsx'

export function ListCard<T>({
  title,
  items,
  empty,
  renderItem,
  hint,
  footer,
}: {
  title: string
  items: T[]
  /** what the empty state says (the generic words when absent) */
  empty?: string
  renderItem(item: T): ReactNode
  hint?: ReactNode
  footer?: ReactNode
}) {
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 17 }}>{title}</h2>} styles={{ body: { padding: 0 } }}>
      {hint}
      {items.length === 0 ? <EmptyState text={empty} /> : <List dataSource={items} renderItem={renderItem} />}
      {footer}
    </Card>
  )
}
