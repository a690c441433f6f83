/** The KPI page's 隐患联排 tab: a sweep of the reader's area (the newest by default) with its progress per street, community and grid. */
import { useQuery } from '@tanstack/react-query'
import { Select, Space } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { EmptyState, Loaded } from '../components/States.tsx'
import { apiQuery } from '../lib/queries.ts'
import { SweepProgress } from './SweepProgress.tsx'
import { ProgressCell } from './SweepsApp.tsx'

export function SweepsKpi() {
  const { t } = useTranslation('sweeps')
  const list = useQuery(apiQuery('GET /sweeps'))
  const [chosen, setChosen] = useState<number | null>(null)
  const id = chosen ?? list.data?.items[0]?.id
  const sweep = useQuery({ ...apiQuery('GET /sweeps/:id', { params: { id: id ?? 0 } }), enabled: id !== undefined })
  return (
    <Loaded query={list}>
      {({ items }) =>
        !items.length ? (
          <EmptyState text={t('list.empty')} />
        ) : (
          <section data-testid="kpi-sweeps">
            <Space wrap style={{ marginBottom: 12 }}>
              <Select
                aria-label={t('kpi.choose')}
                value={id}
                onChange={setChosen}
                style={{ minWidth: 280 }}
                options={items.map((s) => ({ value: s.id, label: `${s.title}（${s.scope.name}，${t(`state.${s.state}`)}）` }))}
              />
              {sweep.data ? <ProgressCell sweep={sweep.data} /> : null}
            </Space>
            <Loaded query={sweep}>{(view) => <SweepProgress sweep={view} />}</Loaded>
          </section>
        )
      }
    </Loaded>
  )
}
