/**
 * One mediation case: its facts and term, the parties (in full for the case's mediators; masked for
 * the centers over it, who may reveal them — the server audits each look), sessions with their 笔录,
 * the agreement and follow-ups, and exactly the steps the server allows this user now.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { CaseView, MediationCaseAction, PartyView } from '@xiaolan/contracts'
import { Alert, App as AntApp, Button, Descriptions, Space, Table, Tag, Timeline, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ErrorState, Loading } from '../components/States.tsx'
import { call } from '../lib/api.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery, invalidate } from '../lib/queries.ts'
import { formatTime } from '../workbench/look.ts'
import { CaseActionDialog } from './CaseActionDialog.tsx'
import { TERM_COLOR } from './look.ts'

export function CasePage() {
  const { t } = useTranslation('mediation')
  const { message } = AntApp.useApp()
  const id = Number(useParams().id)
  const client = useQueryClient()
  const query = useQuery(apiQuery('GET /mediation/cases/:id', { params: { id } }))
  const [action, setAction] = useState<MediationCaseAction | null>(null)
  const [revealed, setRevealed] = useState<PartyView[] | null>(null)
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />
  const c = query.data
  if (!c) return <Loading />

  const done = (updated: CaseView) => {
    client.setQueryData(apiQuery('GET /mediation/cases/:id', { params: { id } }).queryKey, updated)
    invalidate(client, ['GET /mediation/cases', 'GET /events/:id'])
    setAction(null)
    message.success(t('done'))
  }
  const reveal = async () => {
    try {
      setRevealed((await call('POST /mediation/cases/:id/parties/reveal', { params: { id } })).items)
    } catch (e) {
      message.error(errorText(t, e))
    }
  }
  const parties = revealed ?? c.parties

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="mediation-case">
      <Link to="/workbench/mediation">{t('case.back')}</Link>
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {t('case.title', { number: c.eventNumber })}
      </Typography.Title>
      <Space wrap>
        <Tag data-testid="case-state">{t(`state.${c.state}`)}</Tag>
        <Tag color={TERM_COLOR[c.termStatus]} data-testid="case-term">
          {t(`term.${c.termStatus}`)}
        </Tag>
      </Space>
      {c.reopenCount ? <Alert type="warning" showIcon title={t('case.reopened', { n: c.reopenCount })} /> : null}
      <Space wrap data-testid="case-actions">
        {c.allowedActions.map((a, i) => (
          <Button key={a} type={i === 0 ? 'primary' : 'default'} data-testid={`case-action-${a}`} onClick={() => setAction(a)}>
            {t(`action.${a}`)}
          </Button>
        ))}
        {c.agreement?.kind === 'written' ? (
          <Link to={`/workbench/mediation/${c.id}/agreement`} target="_blank" data-testid="agreement-print">
            {t('case.print')}
          </Link>
        ) : null}
      </Space>
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label={t('col.type')}>{t(`type.${c.disputeType}`)}</Descriptions.Item>
        <Descriptions.Item label={t('case.amount')}>{c.amount ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('col.unit')}>{c.unit.name}</Descriptions.Item>
        <Descriptions.Item label={t('case.center')}>{c.center.name}</Descriptions.Item>
        <Descriptions.Item label={t('col.termDue')}>{formatTime(c.termDue)}</Descriptions.Item>
        <Descriptions.Item label={t('case.followUpDue')}>{c.followUpDue ? formatTime(c.followUpDue) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('case.summary')} span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{c.summary}</span>
        </Descriptions.Item>
        {c.refusalReason ? (
          <Descriptions.Item label={t('case.refusalReason')} span={2}>
            {c.refusalReason}
          </Descriptions.Item>
        ) : null}
        {c.referral ? (
          <Descriptions.Item label={t('case.referral')} span={2}>
            {t(`referral.${c.referral.kind}`)} {c.referral.unit?.name ?? ''} · {c.referral.note}
          </Descriptions.Item>
        ) : null}
      </Descriptions>

      <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
        {t('case.parties')}
      </Typography.Title>
      {c.partiesMasked && !revealed ? (
        <Space>
          <span>{t('case.masked')}</span>
          {c.canReveal ? (
            <Button size="small" onClick={reveal} data-testid="parties-reveal">
              {t('case.reveal')}
            </Button>
          ) : null}
        </Space>
      ) : null}
      <Table<PartyView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={parties}
        data-testid="case-parties"
        columns={[
          { title: '', dataIndex: 'role', render: (r: string) => t(`role.${r}`) },
          { title: t('field.name'), dataIndex: 'name' },
          { title: t('field.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          { title: t('field.idNumber'), dataIndex: 'idNumber', render: (v: string | null) => v ?? '—' },
          { title: t('field.address'), dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          {
            title: t('case.agreement'),
            dataIndex: 'confirmedAt',
            render: (v: string | null) => (c.agreement ? (v ? t('case.confirmed', { at: formatTime(v) }) : t('case.unconfirmed')) : '—'),
          },
        ]}
      />

      <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
        {t('case.sessions')}
      </Typography.Title>
      {c.sessions.length ? (
        <Timeline
          data-testid="case-sessions"
          items={c.sessions.map((s) => ({
            key: s.id,
            content: (
              <div data-testid="case-session">
                <strong>{formatTime(s.heldAt)}</strong> · {s.place} · {s.mediator.name}
                <div style={{ color: '#4a5563' }}>{s.attendees.join('、')}</div>
                <div style={{ whiteSpace: 'pre-wrap' }}>{s.record}</div>
              </div>
            ),
          }))}
        />
      ) : (
        <span>{t('case.noSessions')}</span>
      )}

      {c.agreement ? (
        <>
          <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
            {t('case.agreement')} · {t(`field.${c.agreement.kind}`)}
          </Typography.Title>
          <Descriptions column={1} size="small" bordered data-testid="case-agreement">
            {c.agreement.kind === 'written' ? (
              <>
                <Descriptions.Item label={t('field.facts')}>{c.agreement.facts}</Descriptions.Item>
                <Descriptions.Item label={t('field.responsibilities')}>{c.agreement.responsibilities}</Descriptions.Item>
                <Descriptions.Item label={t('field.terms')}>{c.agreement.terms}</Descriptions.Item>
                <Descriptions.Item label={t('doc.performance')}>
                  {t('doc.performanceText', { ...c.agreement.performance })}
                </Descriptions.Item>
              </>
            ) : (
              <Descriptions.Item label={t('doc.oral')}>{c.agreement.record}</Descriptions.Item>
            )}
          </Descriptions>
        </>
      ) : null}

      {c.followUps.length ? (
        <>
          <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
            {t('case.followUps')}
          </Typography.Title>
          <ul data-testid="case-follow-ups">
            {c.followUps.map((f) => (
              <li key={f.id}>
                {formatTime(f.visitedAt)} · {f.performed ? t('case.performed') : t('case.unperformed')} · {f.note}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {action ? <CaseActionDialog view={c} action={action} onDone={done} onCancel={() => setAction(null)} /> : null}
    </Space>
  )
}
