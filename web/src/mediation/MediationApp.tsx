/**
 * `/workbench/mediation`: the mediation workbench (issue 19) — a mediator's cases (a center's: the
 * cases its subtree opened) with their term, a case page with the parties, sessions, the agreement
 * editor and the follow-up, and the printable 调解协议书.
 */
import { useQuery } from '@tanstack/react-query'
import type { CaseSummaryView, CasesQuery } from '@xiaolan/contracts'
import { Segmented, Table, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Route, Routes } from 'react-router'
import { StaffHeader } from '../components/StaffHeader.tsx'
import { ErrorState, tableStates } from '../components/States.tsx'
import { apiQuery } from '../lib/queries.ts'
import { formatTime } from '../workbench/look.ts'
import { AgreementDocument } from './AgreementDocument.tsx'
import { CasePage } from './CasePage.tsx'
import { TERM_COLOR } from './look.ts'

export default function MediationApp() {
  return (
    <Routes>
      <Route path=":id/agreement" element={<AgreementDocument />} />
      <Route
        path="*"
        element={
          <Shell>
            <Routes>
              <Route path=":id" element={<CasePage />} />
              <Route path="*" element={<CaseList />} />
            </Routes>
          </Shell>
        }
      />
    </Routes>
  )
}

function Shell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation('mediation')
  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <StaffHeader title={t('page.title')} />
      <main style={{ padding: '12px 24px' }}>{children}</main>
    </div>
  )
}

function CaseList() {
  const { t } = useTranslation('mediation')
  const [term, setTerm] = useState<CasesQuery['term'] | 'all'>('all')
  const query = useQuery(apiQuery('GET /mediation/cases', { query: term === 'all' ? {} : { term } }))
  return (
    <section>
      <h2 style={{ fontSize: 18 }}>{t('list.title')}</h2>
      <Segmented
        value={term}
        onChange={(v) => setTerm(v as typeof term)}
        options={[
          { value: 'all', label: t('filter.all') },
          { value: 'warning', label: t('filter.warning') },
          { value: 'overdue', label: t('filter.overdue') },
        ]}
        style={{ marginBottom: 12 }}
      />
      {query.error ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
      <Table<CaseSummaryView>
        rowKey="id"
        size="small"
        data-testid="mediation-cases"
        dataSource={query.data?.items ?? []}
        pagination={false}
        {...tableStates({ answered: query.isSuccess, fetching: query.isFetching, empty: t('list.empty') })}
        columns={[
          {
            title: t('col.event'),
            dataIndex: 'eventNumber',
            render: (n: string, c) => (
              <Link to={`/workbench/mediation/${c.id}`} data-testid="mediation-case-link">
                {n}
              </Link>
            ),
          },
          { title: t('col.type'), dataIndex: 'disputeType', render: (v: string) => t(`type.${v}`) },
          { title: t('col.unit'), render: (_: unknown, c) => c.unit.name },
          { title: t('col.state'), dataIndex: 'state', render: (v: string) => <Tag>{t(`state.${v}`)}</Tag> },
          {
            title: t('col.termDue'),
            render: (_: unknown, c) => (
              <span>
                {formatTime(c.termDue)} <Tag color={TERM_COLOR[c.termStatus]}>{t(`term.${c.termStatus}`)}</Tag>
              </span>
            ),
          },
          { title: t('col.opened'), dataIndex: 'openedAt', render: (v: string) => formatTime(v) },
        ]}
      />
    </section>
  )
}
