/**
 * 研判设置: the early-warning rules (on or off, and each rule's thresholds) and the duplicate
 * finder's settings (radius, days back, lowest score). Every change asks for a reason, kept in the
 * change log with who and when; the bounds are the contracts' (the server refuses outside them).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  type AlertRuleParams,
  AlertRuleParams as AlertRuleParamsSchema,
  type AlertRuleView,
  type DuplicateSettingsBody,
  DuplicateSettingsFields,
} from '@xiaolan/contracts'
import { App as AntApp, Button, Card, Descriptions, Form, Input, InputNumber, Switch, Table, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormDialog } from '../components/FormDialog.tsx'
import { ErrorState, tableStates } from '../components/States.tsx'
import { call } from '../lib/api.ts'
import { apiQuery, invalidate } from '../lib/queries.ts'

type ParamKey = keyof AlertRuleParams
const bounds = (key: ParamKey) => AlertRuleParamsSchema.properties[key] as { minimum: number; maximum: number; type: string }

export function IntelligencePanel() {
  return (
    <>
      <AlertRulesCard />
      <DuplicateSettingsCard />
    </>
  )
}

function AlertRulesCard() {
  const { t } = useTranslation('admin')
  const { message } = AntApp.useApp()
  const queryClient = useQueryClient()
  const { data, error, refetch } = useQuery(apiQuery('GET /admin/alert-rules'))
  const [editing, setEditing] = useState<AlertRuleView | null>(null)
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />
  return (
    <Card title={t('alertRules.title')} size="small" style={{ marginBottom: 16 }} data-testid="admin-alert-rules">
      <Table<AlertRuleView>
        rowKey="kind"
        size="small"
        pagination={false}
        {...tableStates({ answered: data !== undefined })}
        dataSource={data?.items ?? []}
        columns={[
          { title: t('alertRules.kind'), dataIndex: 'kind', render: (k: string) => t(`alertRules.kindName.${k}`) },
          {
            title: t('alertRules.enabled'),
            dataIndex: 'enabled',
            render: (on: boolean) => (on ? <Tag color="#166534">{t('alertRules.on')}</Tag> : <Tag>{t('alertRules.off')}</Tag>),
          },
          {
            title: t('alertRules.params'),
            key: 'params',
            render: (_: unknown, r) =>
              Object.entries(r.params)
                .map(([k, v]) => `${t(`alertRules.param.${k}`)} ${v}`)
                .join('，') || '—',
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_: unknown, r) => (
              <Button type="link" onClick={() => setEditing(r)} data-testid={`alert-rule-edit-${r.kind}`}>
                {t('edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing ? (
        <AlertRuleDialog
          rule={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            invalidate(queryClient, ['GET /admin/alert-rules'])
            setEditing(null)
            message.success(t('saved'))
          }}
        />
      ) : null}
    </Card>
  )
}

interface RuleValues {
  enabled: boolean
  params: AlertRuleParams
  reason: string
}

function AlertRuleDialog({ rule, onClose, onSaved }: { rule: AlertRuleView; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation('admin')
  const [form] = Form.useForm<RuleValues>()
  const keys = Object.keys(rule.params) as ParamKey[]
  return (
    <FormDialog
      form={form}
      title={t('alertRules.edit', { kind: t(`alertRules.kindName.${rule.kind}`) })}
      onSubmit={async (v) => {
        await call('POST /admin/alert-rules/:kind', {
          params: { kind: rule.kind },
          body: { version: rule.version, enabled: v.enabled, params: keys.length ? v.params : undefined, reason: v.reason.trim() },
        })
        onSaved()
      }}
      onCancel={onClose}
      initialValues={{ enabled: rule.enabled, params: rule.params }}
      modal={{ okButtonProps: { 'data-testid': 'alert-rule-confirm' } }}
    >
      <Form.Item name="enabled" label={t('alertRules.enabled')} valuePropName="checked">
        <Switch data-testid="alert-rule-enabled" />
      </Form.Item>
      {keys.map((k) => {
        const b = bounds(k)
        return (
          <Form.Item
            key={k}
            name={['params', k]}
            label={`${t(`alertRules.param.${k}`)}（${b.minimum}–${b.maximum}）`}
            rules={[{ required: true, message: t('alertRules.paramRequired') }]}
          >
            <InputNumber min={b.minimum} max={b.maximum} precision={b.type === 'integer' ? 0 : undefined} style={{ width: 200 }} />
          </Form.Item>
        )
      })}
      <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}>
        <Input.TextArea rows={2} maxLength={200} data-testid="alert-rule-reason" />
      </Form.Item>
    </FormDialog>
  )
}

function DuplicateSettingsCard() {
  const { t } = useTranslation('admin')
  const { message } = AntApp.useApp()
  const queryClient = useQueryClient()
  const { data, error, refetch } = useQuery(apiQuery('GET /admin/duplicate-settings'))
  const [editing, setEditing] = useState(false)
  const [form] = Form.useForm<DuplicateSettingsBody>()
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />
  const field = (k: keyof typeof DuplicateSettingsFields) => DuplicateSettingsFields[k] as unknown as { minimum: number; maximum: number }
  return (
    <Card
      title={t('duplicates.title')}
      size="small"
      data-testid="admin-duplicate-settings"
      extra={
        <Button type="link" disabled={!data} onClick={() => setEditing(true)} data-testid="duplicate-settings-edit">
          {t('edit')}
        </Button>
      }
    >
      {data ? (
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'radius', label: t('duplicates.radiusM'), children: t('duplicates.metres', { n: data.radiusM }) },
            { key: 'days', label: t('duplicates.days'), children: t('duplicates.dayCount', { n: data.days }) },
            { key: 'score', label: t('duplicates.minScore'), children: data.minScore },
            { key: 'note', label: t('duplicates.residents'), children: t('duplicates.residentsNote') },
          ]}
        />
      ) : null}
      {editing && data ? (
        <FormDialog
          form={form}
          title={t('duplicates.edit')}
          onSubmit={async (body) => {
            await call('PUT /admin/duplicate-settings', { body: { ...body, reason: body.reason.trim() } })
            invalidate(queryClient, ['GET /admin/duplicate-settings'])
            setEditing(false)
            message.success(t('saved'))
          }}
          onCancel={() => setEditing(false)}
          initialValues={{ radiusM: data.radiusM, days: data.days, minScore: data.minScore }}
          modal={{ okButtonProps: { 'data-testid': 'duplicate-settings-confirm' } }}
        >
          {(['radiusM', 'days', 'minScore'] as const).map((k) => (
            <Form.Item
              key={k}
              name={k}
              label={`${t(`duplicates.${k}`)}（${field(k).minimum}–${field(k).maximum}）`}
              rules={[{ required: true, message: t('alertRules.paramRequired') }]}
            >
              <InputNumber
                min={field(k).minimum}
                max={field(k).maximum}
                step={k === 'minScore' ? 0.05 : 1}
                precision={k === 'minScore' ? 2 : 0}
                style={{ width: 200 }}
                data-testid={`duplicate-settings-${k}`}
              />
            </Form.Item>
          ))}
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={200} data-testid="duplicate-settings-reason" />
          </Form.Item>
        </FormDialog>
      ) : null}
    </Card>
  )
}
