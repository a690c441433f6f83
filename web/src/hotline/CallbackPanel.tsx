/**
 * 回访 at the desk: the resolved events of callers without an app account, soonest deadline first.
 * The operator reveals the number (audited), calls, and records what happened: reached → the caller's
 * rating (the event's `evaluate`, as the operator's callback; 不满意 reopens it), not reached → an
 * attempt; after the last attempt it leaves the queue and closes as 未回访 when its window lapses.
 */
import { useQuery } from '@tanstack/react-query'
import { type CallbackItem, RATINGS, type Rating } from '@xiaolan/contracts'
import { App, Button, Card, List, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '../components/States.tsx'
import { call } from '../lib/api.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery, invalidate, queryClient } from '../lib/queries.ts'

export function CallbackPanel() {
  const { t } = useTranslation('hotline')
  const { message } = App.useApp()
  const queue = useQuery(apiQuery('GET /hotline/callbacks'))
  const [phones, setPhones] = useState<Record<number, string>>({})
  const [busy, setBusy] = useState<number | null>(null)
  const done = () => invalidate(queryClient, ['GET /hotline/callbacks'])
  const run = async (item: CallbackItem, step: () => Promise<unknown>, said: string) => {
    setBusy(item.id)
    try {
      await step()
      message.success(said)
      done()
    } catch (e) {
      message.error(errorText(t, e))
    } finally {
      setBusy(null)
    }
  }
  const reveal = (item: CallbackItem) =>
    void run(
      item,
      async () => {
        const contact = await call('POST /events/:id/contact', { params: { id: item.id } })
        setPhones((p) => ({ ...p, [item.id]: contact.phone ?? '' }))
      },
      t('callback.revealed'),
    )
  const rate = (item: CallbackItem, rating: Rating) =>
    void run(
      item,
      () =>
        call('POST /events/:id/actions', {
          params: { id: item.id },
          body: { type: 'evaluate', rating, version: item.version },
        }),
      t('callback.rated', { rating: t(`common:rating.${rating}`) }),
    )
  const missed = (item: CallbackItem) =>
    void run(item, () => call('POST /hotline/callbacks/:id/attempts', { params: { id: item.id }, body: {} }), t('callback.missedDone'))
  const data = queue.data
  return (
    <Card size="small" title={t('callback.title')} data-testid="hotline-callbacks">
      {!data ? null : data.items.length === 0 ? (
        <EmptyState text={t('callback.empty')} />
      ) : (
        <List
          size="small"
          dataSource={data.items}
          renderItem={(item) => (
            <List.Item data-testid="callback-item" data-number={item.number}>
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Typography.Text strong>{`${item.number} · ${item.title}`}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[
                    item.deadline ? t('callback.deadline', { at: formatChinaTime(item.deadline) }) : null,
                    t('callback.attempts', { n: item.attempts, max: data.maxAttempts }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
                <Space wrap>
                  <span data-testid="callback-phone">{phones[item.id] ?? item.callerPhone}</span>
                  {phones[item.id] ? null : (
                    <Button size="small" onClick={() => reveal(item)} disabled={busy === item.id} data-testid="callback-reveal">
                      {t('callback.reveal')}
                    </Button>
                  )}
                </Space>
                <Space wrap>
                  {RATINGS.map((r) => (
                    <Button
                      key={r}
                      size="small"
                      onClick={() => rate(item, r)}
                      disabled={busy === item.id}
                      data-testid={`callback-rate-${r}`}
                    >
                      {t(`common:rating.${r}`)}
                    </Button>
                  ))}
                  <Button size="small" danger onClick={() => missed(item)} disabled={busy === item.id} data-testid="callback-missed">
                    {t('callback.missed')}
                  </Button>
                  {item.attempts > 0 ? <Tag>{t('callback.tried', { n: item.attempts })}</Tag> : null}
                </Space>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  )
}
