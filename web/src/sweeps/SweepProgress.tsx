/** A sweep's progress per street, community and grid: targets, checked, the share done, failed targets and items. */
import type { SweepProgressRow, SweepView } from '@xiaolan/contracts'
import { Progress, Table } from 'antd'
import { useTranslation } from 'react-i18next'

const rate = (r: { checked: number; targets: number }) => (r.targets ? Math.round((r.checked / r.targets) * 100) : 0)

function Level({ rows, title, testId }: { rows: SweepProgressRow[]; title: string; testId: string }) {
  const { t } = useTranslation('sweeps')
  if (!rows.length) return null
  return (
    <section data-testid={testId} style={{ marginBottom: 16 }}>
      <h3 style={{ fontSize: 15 }}>{title}</h3>
      <Table
        size="small"
        rowKey={(r) => r.unit.id}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        columns={[
          { title: t('progress.unit'), key: 'unit', render: (_, r) => r.unit.name },
          { title: t('progress.targets'), dataIndex: 'targets', align: 'right' },
          { title: t('progress.checked'), dataIndex: 'checked', align: 'right' },
          {
            title: t('progress.rate'),
            key: 'rate',
            width: 160,
            render: (_, r) => <Progress percent={rate(r)} size="small" aria-label={`${r.unit.name} ${rate(r)}%`} />,
          },
          { title: t('progress.failed'), dataIndex: 'failed', align: 'right' },
          { title: t('progress.failedItems'), dataIndex: 'failedItems', align: 'right' },
        ]}
      />
    </section>
  )
}

export function SweepProgress({ sweep }: { sweep: SweepView }) {
  const { t } = useTranslation('sweeps')
  return (
    <>
      <Level rows={sweep.progress.streets} title={t('progress.streets')} testId="sweep-progress-streets" />
      <Level rows={sweep.progress.communities} title={t('progress.communities')} testId="sweep-progress-communities" />
      <Level rows={sweep.progress.grids} title={t('progress.grids')} testId="sweep-progress-grids" />
    </>
  )
}

export { rate as doneShare }
