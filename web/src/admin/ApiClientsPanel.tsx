/**
 * API clients of the partner platforms (issue 17): list, create (the key shown once, to copy), disable
 * or enable, and rotate the key (after a confirm: the old key stops at once); each row opens to the
 * client's webhooks (WebhooksSection.tsx).
 */

import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiClientBody, ApiClientView, ApiClientWithKey } from '@xiaolan/contracts'
import { PARTNER_CHANNELS } from '@xiaolan/contracts'
import { Alert, App as AntApp, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormDialog } from '../components/FormDialog.tsx'
import { ErrorState, tableStates } from '../components/States.tsx'
import { call } from '../lib/api.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery, invalidate } from '../lib/queries.ts'
import { WebhooksSection } from './WebhooksSection.tsx'

export function ApiClientsPanel() {
  const { t } = useTranslation('admin')
  const { message, modal } = AntApp.useApp()
  const queryClient = useQueryClient()
  const { data, error, refetch } = useQuery(apiQuery('GET /admin/api-clients'))
  const [creating, setCreating] = useState(false)
  const [shown, setShown] = useState<ApiClientWithKey | null>(null)
  const changed = () => invalidate(queryClient, ['GET /admin/api-clients'])

  const confirmed = (title: string, content: string | undefined, change: () => Promise<unknown>) =>
    modal.confirm({
      title,
      content,
      okText: t('common:confirm'),
      cancelText: t('common:cancel'),
      onOk: async () => {
        try {
          await change()
          changed()
        } catch (e) {
          message.error(errorText(t, e))
        }
      },
    })
  const toggle = (c: ApiClientView) =>
    confirmed(t(c.enabled ? 'apiClients.disableConfirm' : 'apiClients.enableConfirm', { name: c.name }), undefined, async () => {
      await call('PATCH /admin/api-clients/:id', { params: { id: c.id }, body: { enabled: !c.enabled } })
      message.success(t('saved'))
    })
  const rotate = (c: ApiClientView) =>
    confirmed(t('apiClients.rotateConfirm', { name: c.name }), t('apiClients.rotateWarning'), async () =>
      setShown(await call('POST /admin/api-clients/:id/rotate', { params: { id: c.id } })),
    )

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />
  const items = data?.items
  const when = (at: string | null) => (at ? formatChinaTime(at) : '—')
  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="api-client-create">
          {t('apiClients.create')}
        </Button>
      </Space>
      <Table<ApiClientView>
        rowKey="id"
        size="small"
        {...tableStates({ answered: items !== undefined })}
        dataSource={items ?? []}
        pagination={false}
        expandable={{ expandedRowRender: (c) => <WebhooksSection clientId={c.id} clientName={c.name} /> }}
        columns={[
          { title: t('apiClients.name'), dataIndex: 'name' },
          {
            title: t('apiClients.channels'),
            dataIndex: 'channels',
            render: (channels: ApiClientView['channels']) => channels.map((c) => <Tag key={c}>{t(`common:channel.${c}`)}</Tag>),
          },
          { title: t('apiClients.scope'), key: 'scope', render: (_: unknown, c) => c.scope?.name ?? t('apiClients.wholeCity') },
          { title: t('apiClients.keyPrefix'), dataIndex: 'keyPrefix', render: (p: string) => <code>{p}…</code> },
          {
            title: t('status'),
            dataIndex: 'enabled',
            render: (on: boolean) => (on ? <Tag color="#166534">{t('enabled')}</Tag> : <Tag color="#b91c1c">{t('disabled')}</Tag>),
          },
          { title: t('apiClients.lastUsed'), dataIndex: 'lastUsedAt', render: when },
          { title: t('apiClients.rotated'), dataIndex: 'rotatedAt', render: when },
          {
            title: t('actions'),
            key: 'actions',
            render: (_: unknown, c) => (
              <Space size={0} wrap>
                <Button type="link" onClick={() => rotate(c)} data-testid={`api-client-rotate-${c.id}`}>
                  {t('apiClients.rotate')}
                </Button>
                <Button type="link" danger={c.enabled} onClick={() => toggle(c)} data-testid={`api-client-toggle-${c.id}`}>
                  {t(c.enabled ? 'disable' : 'enable')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {creating ? (
        <CreateDialog
          onClose={() => setCreating(false)}
          onSaved={(c) => {
            setCreating(false)
            changed()
            setShown(c)
          }}
        />
      ) : null}
      {shown ? <KeyDialog client={shown} onClose={() => setShown(null)} /> : null}
    </div>
  )
}

function CreateDialog({ onClose, onSaved }: { onClose(): void; onSaved(c: ApiClientWithKey): void }) {
  const { t } = useTranslation('admin')
  const [form] = Form.useForm<ApiClientBody>()
  const submit = async (v: ApiClientBody) => {
    const scopeUnitCode = v.scopeUnitCode?.trim() || undefined
    onSaved(await call('POST /admin/api-clients', { body: { name: v.name.trim(), channels: v.channels, scopeUnitCode } }))
  }
  return (
    <FormDialog form={form} title={t('apiClients.create')} onSubmit={submit} onCancel={onClose}>
      <Form.Item
        name="name"
        label={t('apiClients.name')}
        rules={[{ required: true, min: 2, whitespace: true, message: t('apiClients.nameRule') }]}
      >
        <Input maxLength={60} data-testid="api-client-name" />
      </Form.Item>
      <Form.Item name="channels" label={t('apiClients.channels')} rules={[{ required: true, message: t('apiClients.channelsRule') }]}>
        <Select
          mode="multiple"
          options={PARTNER_CHANNELS.map((c) => ({ value: c, label: t(`common:channel.${c}`) }))}
          data-testid="api-client-channels"
        />
      </Form.Item>
      <Form.Item name="scopeUnitCode" label={t('apiClients.scopeUnitCode')} extra={t('apiClients.scopeHint')}>
        <Input maxLength={20} data-testid="api-client-scope" />
      </Form.Item>
    </FormDialog>
  )
}

/** The key, this once: the partner must store it now, for it is never shown again. */
function KeyDialog({ client, onClose }: { client: ApiClientWithKey; onClose(): void }) {
  const { t } = useTranslation('admin')
  return (
    <Modal
      open
      title={t('apiClients.keyTitle', { name: client.name })}
      onCancel={onClose}
      // the key is shown once: a stray click outside or Esc must not throw it away
      maskClosable={false}
      keyboard={false}
      closable={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="api-client-key-done">
          {t('apiClients.keySaved')}
        </Button>
      }
    >
      <Alert type="warning" showIcon message={t('apiClients.keyWarning')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph copyable={{ text: client.key, tooltips: [t('apiClients.copy'), t('apiClients.copied')] }}>
        <code data-testid="api-client-key">{client.key}</code>
      </Typography.Paragraph>
      <Typography.Text type="secondary">{t('apiClients.keyHeader')}</Typography.Text>
    </Modal>
  )
}
