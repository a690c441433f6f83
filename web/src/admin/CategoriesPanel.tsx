/** Categories and who owns them: owner department, community_resolvable and default priority, edited with a reason. */

import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { AdminCategory, AdminCategoryPatch, Priority } from '@xiaolan/contracts'
import { DEPARTMENT_FUNCTIONS, PRIORITIES } from '@xiaolan/contracts'
import { App as AntApp, Button, Form, Input, Radio, Select, Switch, Table, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormDialog } from '../components/FormDialog.tsx'
import { ErrorState, tableStates } from '../components/States.tsx'
import { call } from '../lib/api.ts'
import { apiQuery, invalidate } from '../lib/queries.ts'

export function CategoriesPanel() {
  const { t, i18n } = useTranslation('admin')
  const { message } = AntApp.useApp()
  const queryClient = useQueryClient()
  const { data, error, refetch } = useQuery(apiQuery('GET /admin/categories'))
  const items = data?.items
  const [editing, setEditing] = useState<AdminCategory | null>(null)
  const en = i18n.language === 'en'

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />
  const owners = [...new Set([...DEPARTMENT_FUNCTIONS, ...(items ?? []).map((c) => c.owner)])].sort()
  return (
    <>
      <Table<AdminCategory>
        rowKey="code"
        size="small"
        {...tableStates({ answered: items !== undefined })}
        dataSource={items ?? []}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { title: t('categoryCode'), dataIndex: 'code' },
          { title: t('name'), key: 'name', render: (_: unknown, c) => (en ? c.nameEn : c.nameZh) },
          { title: t('owner'), dataIndex: 'owner', render: (o: string) => t(`owner.${o}`, { defaultValue: o }) },
          {
            title: t('communityResolvable'),
            dataIndex: 'communityResolvable',
            render: (b: boolean) => (b ? <Tag color="#166534">{t('yes')}</Tag> : <Tag>{t('no')}</Tag>),
          },
          { title: t('priority'), dataIndex: 'priority', render: (p: Priority) => t(`common:priority.${p}`) },
          {
            title: t('actions'),
            key: 'actions',
            render: (_: unknown, c) => (
              <Button type="link" onClick={() => setEditing(c)} data-testid={`category-edit-${c.code}`}>
                {t('edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing ? (
        <CategoryDialog
          category={editing}
          owners={owners}
          onClose={() => setEditing(null)}
          onSaved={() => {
            // the console's list and every picker's catalogue
            invalidate(queryClient, ['GET /admin/categories', 'GET /categories'])
            setEditing(null)
            message.success(t('saved'))
          }}
        />
      ) : null}
    </>
  )
}

function CategoryDialog({
  category,
  owners,
  onClose,
  onSaved,
}: {
  category: AdminCategory
  owners: string[]
  onClose(): void
  onSaved(c: AdminCategory): void
}) {
  const { t } = useTranslation('admin')
  const [form] = Form.useForm<AdminCategoryPatch>()
  return (
    <FormDialog
      form={form}
      title={t('editCategory', { code: category.code })}
      onSubmit={async (body) => onSaved(await call('PATCH /admin/categories/:code', { params: { code: category.code }, body }))}
      onCancel={onClose}
      initialValues={{ owner: category.owner, communityResolvable: category.communityResolvable, priority: category.priority }}
    >
      <Form.Item name="owner" label={t('owner')}>
        <Select showSearch options={owners.map((o) => ({ value: o, label: t(`owner.${o}`, { defaultValue: o }) }))} />
      </Form.Item>
      <Form.Item name="communityResolvable" label={t('communityResolvable')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="priority" label={t('priority')}>
        <Radio.Group optionType="button" options={PRIORITIES.map((p) => ({ value: p, label: t(`common:priority.${p}`) }))} />
      </Form.Item>
      <Form.Item name="reason" label={t('reason')} rules={[{ required: true, min: 2, whitespace: true, message: t('reasonRequired') }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormDialog>
  )
}
