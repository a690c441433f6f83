/**
 * One API client's webhooks (issue 17 item 4), shown under its row in 接口客户端: add one (the
 * signing secret shown once), enable or disable it, and its delivery log — each message's state,
 * attempts and last error, every attempt's status — with 重新投递 (replay, after a confirm) for a
 * dead or delivered message.
 */

import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { DeliveryView, WebhookBody, WebhookView, WebhookWithSecret } from '@xiaolan/contracts'
import { Alert, App as AntApp, Button, Drawer, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormDialog } from '../components/FormDialog.tsx'
import { ErrorState, tableStates } from '../components/States.tsx'
import { call } from '../lib/api.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery, invalidate } from '../lib/queries.ts'

const STATE_COLORS: Record<DeliveryView['state'], string> = {
  pending: '#1d4ed8',
  sending: '#1d4ed8',
  delivered: '#166534',
  dead: '#b91c1c',
}

export function WebhooksSection({ clientId, clientName }: { clientId: number; clientName: string }) {
  const { t } = useTranslation('admin')
  const { message, modal } = AntApp.useApp()
  const queryClient = useQueryClient()
  const { data, error, refetch } = useQuery(apiQuery('GET /admin/api-clients/:id/webhooks', { params: { id: clientId } }))
  const [adding, setAdding] = useState(false)
  const [shown, setShown] = useState<WebhookWithSecret | null>(null)
  const [log, setLog] = useState<WebhookView | null>(null)
  const changed = () => invalidate(queryClient, ['GET /admin/api-clients/:id/webhooks'])

  const toggle = (w: WebhookView) =>
    modal.confirm({
      title: t(w.enabled ? 'webhooks.disableConfirm' : 'webhooks.enableConfirm', { url: w.url }),
      okText: t('common:confirm'),
      cancelText: t('common:cancel'),
      onOk: async () => {
        try {
          await call('PATCH /admin/webhooks/:id', { params: { id: w.id }, body: { enabled: !w.enabled } })
          message.success(t('saved'))
          changed()
        } catch (e) {
          message.error(errorText(t, e))
        }
      },
    })

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />
  const items = data?.items
  return (
    <div data-testid={`webhooks-${clientId}`}>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('webhooks.title')}</Typography.Text>
        <Button size="small" onClick={() => setAdding(true)} data-testid={`webhook-add-${clientId}`}>
          {t('webhooks.add')}
        </Button>
      </Space>
      <Table<WebhookView>
        rowKey="id"
        size="small"
        {...tableStates({ answered: items !== undefined, empty: t('webhooks.none') })}
        dataSource={items ?? []}
        pagination={false}
        columns={[
          { title: t('webhooks.url'), dataIndex: 'url', render: (url: string) => <code>{url}</code> },
          {
            title: t('status'),
            dataIndex: 'enabled',
            render: (on: boolean) => (on ? <Tag color="#166534">{t('enabled')}</Tag> : <Tag color="#b91c1c">{t('disabled')}</Tag>),
          },
          { title: t('webhooks.created'), dataIndex: 'createdAt', render: (at: string) => formatChinaTime(at) },
          {
            title: t('actions'),
            key: 'actions',
            render: (_: unknown, w) => (
              <Space size={0} wrap>
                <Button type="link" onClick={() => setLog(w)} data-testid={`webhook-log-${w.id}`}>
                  {t('webhooks.deliveries')}
                </Button>
                <Button type="link" danger={w.enabled} onClick={() => toggle(w)} data-testid={`webhook-toggle-${w.id}`}>
                  {t(w.enabled ? 'disable' : 'enable')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {adding ? (
        <AddDialog
          clientId={clientId}
          clientName={clientName}
          onClose={() => setAdding(false)}
          onSaved={(w) => {
            setAdding(false)
            changed()
            setShown(w)
          }}
        />
      ) : null}
      {shown ? <SecretDialog webhook={shown} onClose={() => setShown(null)} /> : null}
      {log ? <DeliveriesDrawer webhook={log} onClose={() => setLog(null)} /> : null}
    </div>
  )
}

function AddDialog(props: { clientId: number; clientName: string; onClose(): void; onSaved(w: WebhookWithSecret): void }) {
  const { t } = useTranslation('admin')
  const [form] = Form.useForm<WebhookBody>()
  const submit = async (v: WebhookBody) =>
    props.onSaved(await call('POST /admin/api-clients/:id/webhooks', { params: { id: props.clientId }, body: { url: v.url.trim() } }))
  return (
    <FormDialog form={form} title={t('webhooks.addTitle', { name: props.clientName })} onSubmit={submit} onCancel={props.onClose}>
      <Form.Item
        name="url"
        label={t('webhooks.url')}
        extra={t('webhooks.urlHint')}
        rules={[{ required: true, whitespace: true, message: t('webhooks.urlRule') }]}
      >
        <Input maxLength={2000} placeholder="https://" data-testid="webhook-url" />
      </Form.Item>
    </FormDialog>
  )
}

/** The signing secret, this once: the partner verifies every delivery with it. */
function SecretDialog({ webhook, onClose }: { webhook: WebhookWithSecret; onClose(): void }) {
  const { t } = useTranslation('admin')
  return (
    <Modal
      open
      title={t('webhooks.secretTitle')}
      onCancel={onClose}
      // the secret is shown once: a stray click outside or Esc must not throw it away
      maskClosable={false}
      keyboard={false}
      closable={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="webhook-secret-done">
          {t('apiClients.keySaved')}
        </Button>
      }
    >
      <Alert type="warning" showIcon message={t('webhooks.secretWarning')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph copyable={{ text: webhook.secret, tooltips: [t('apiClients.copy'), t('apiClients.copied')] }}>
        <code data-testid="webhook-secret">{webhook.secret}</code>
      </Typography.Paragraph>
      <Typography.Text type="secondary">{t('webhooks.secretHint')}</Typography.Text>
    </Modal>
  )
}

function DeliveriesDrawer({ webhook, onClose }: { webhook: WebhookView; onClose(): void }) {
  const { t } = useTranslation('admin')
  const { message, modal } = AntApp.useApp()
  const queryClient = useQueryClient()
  const { data, error, refetch } = useQuery(apiQuery('GET /admin/webhooks/:id/deliveries', { params: { id: webhook.id } }))
  const replay = (d: DeliveryView) =>
    modal.confirm({
      title: t('webhooks.replayConfirm', { id: d.id }),
      content: t('webhooks.replayHint'),
      okText: t('webhooks.replay'),
      cancelText: t('common:cancel'),
      onOk: async () => {
        try {
          await call('POST /admin/outbox/:id/replay', { params: { id: d.id } })
          message.success(t('webhooks.replayed'))
          invalidate(queryClient, ['GET /admin/webhooks/:id/deliveries'])
        } catch (e) {
          message.error(errorText(t, e))
        }
      },
    })
  const items = data?.items
  return (
    <Drawer open width={880} title={t('webhooks.deliveriesOf', { url: webhook.url })} onClose={onClose}>
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <Table<DeliveryView>
          rowKey="id"
          size="small"
          {...tableStates({ answered: items !== undefined, empty: t('webhooks.noDeliveries') })}
          dataSource={items ?? []}
          pagination={false}
          expandable={{
            rowExpandable: (d) => d.log.length > 0,
            expandedRowRender: (d) => (
              <Table
                rowKey="at"
                size="small"
                pagination={false}
                dataSource={d.log}
                columns={[
                  { title: t('webhooks.attemptAt'), dataIndex: 'at', render: (at: string) => formatChinaTime(at) },
                  { title: t('webhooks.httpStatus'), dataIndex: 'status', render: (s: number | null) => s ?? '—' },
                  { title: t('webhooks.error'), dataIndex: 'error', render: (e: string | null) => e ?? '—' },
                  { title: t('webhooks.duration'), dataIndex: 'durationMs', render: (ms: number) => t('webhooks.ms', { ms }) },
                ]}
              />
            ),
          }}
          columns={[
            { title: t('webhooks.message'), dataIndex: 'id' },
            { title: t('webhooks.event'), key: 'event', render: (_: unknown, d) => d.eventNumber ?? '—' },
            { title: t('webhooks.action'), dataIndex: 'action', render: (a: string | null) => (a ? t(`common:step.${a}`) : '—') },
            {
              title: t('status'),
              dataIndex: 'state',
              render: (s: DeliveryView['state']) => (
                <Tag color={STATE_COLORS[s]} data-testid="delivery-state">
                  {t(`webhooks.state.${s}`)}
                </Tag>
              ),
            },
            { title: t('webhooks.attempts'), dataIndex: 'attempts' },
            { title: t('webhooks.lastError'), dataIndex: 'lastError', render: (e: string | null) => e ?? '—' },
            { title: t('webhooks.created'), dataIndex: 'createdAt', render: (at: string) => formatChinaTime(at) },
            {
              title: t('actions'),
              key: 'actions',
              render: (_: unknown, d) =>
                d.state === 'dead' || d.state === 'delivered' ? (
                  <Button type="link" onClick={() => replay(d)} data-testid={`delivery-replay-${d.id}`}>
                    {t('webhooks.replay')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
    </Drawer>
  )
}
