/** Staff accounts: find, create with role and unit, change role/unit, reset the password, disable or enable. */

import { useQueryClient } from '@tanstack/react-query'
import type { AdminUser, AdminUserBody, AdminUserPatch, Role } from '@xiaolan/contracts'
import { ROLES } from '@xiaolan/contracts'
import { App as AntApp, Button, Form, Input, Select, Space, Tag } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormDialog } from '../components/FormDialog.tsx'
import { PagedTable } from '../components/PagedTable.tsx'
import { call } from '../lib/api.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { invalidate, usePages } from '../lib/queries.ts'

// the server sends lockedUntil only while the lock holds by its clock; the browser's may be off
const isLocked = (u: AdminUser) => u.lockedUntil !== null

type Editing = { mode: 'create' } | { mode: 'edit'; user: AdminUser } | { mode: 'password'; user: AdminUser }

export function UsersPanel() {
  const { t } = useTranslation('admin')
  const { message, modal } = AntApp.useApp()
  const [filters, setFilters] = useState<{ q?: string; role?: Role; unit?: string }>({})
  const pages = usePages('GET /admin/users', { ...filters, limit: 50 })
  const [editing, setEditing] = useState<Editing | null>(null)

  const queryClient = useQueryClient()
  /** After a change to a user: the list as the server now has it. */
  const changed = () => invalidate(queryClient, ['GET /admin/users'])

  /** Asks first, then changes the user and says so (or why not). */
  const confirmed = (title: string, change: () => Promise<unknown>) =>
    modal.confirm({
      title,
      okText: t('common:confirm'),
      cancelText: t('common:cancel'),
      onOk: async () => {
        try {
          await change()
          changed()
          message.success(t('saved'))
        } catch (e) {
          message.error(errorText(t, e))
        }
      },
    })
  const unlock = (u: AdminUser) =>
    confirmed(t('unlockConfirm', { name: u.displayName }), () => call('POST /admin/users/:id/unlock', { params: { id: u.id } }))
  const toggle = (u: AdminUser) =>
    confirmed(t(u.disabled ? 'enableConfirm' : 'disableConfirm', { name: u.displayName }), () =>
      call('PATCH /admin/users/:id', { params: { id: u.id }, body: { disabled: !u.disabled } }),
    )

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('userSearch')}
          aria-label={t('userSearch')}
          onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined }))}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          placeholder={t('role')}
          aria-label={t('role')}
          style={{ width: 160 }}
          options={ROLES.map((r) => ({ value: r, label: t(`roleName.${r}`) }))}
          onChange={(role) => setFilters((f) => ({ ...f, role }))}
        />
        <Input.Search
          allowClear
          placeholder={t('unitCode')}
          aria-label={t('unitCode')}
          onSearch={(unit) => setFilters((f) => ({ ...f, unit: unit.trim() || undefined }))}
          style={{ width: 200 }}
        />
        <Button type="primary" onClick={() => setEditing({ mode: 'create' })} data-testid="user-create">
          {t('createUser')}
        </Button>
      </Space>
      <PagedTable<AdminUser>
        pages={pages}
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: t('displayName'), dataIndex: 'displayName' },
          { title: t('role'), dataIndex: 'role', render: (r: Role) => t(`roleName.${r}`) },
          { title: t('unit'), dataIndex: ['unit', 'name'] },
          { title: t('agentNumber'), dataIndex: 'agentNumber', render: (a: string | null) => a ?? '' },
          {
            title: t('status'),
            key: 'status',
            render: (_: unknown, u) => (
              <Space size={4} wrap>
                {u.disabled ? (
                  <Tag color="#b91c1c">{t('disabled')}</Tag>
                ) : isLocked(u) ? (
                  // a locked account is not 正常 until the lock ends; its end in China time
                  <Tag color="#b45309" data-testid="user-locked">
                    {t('lockedUntil', { time: formatChinaTime(u.lockedUntil as string) })}
                  </Tag>
                ) : (
                  <Tag color="#166534">{t('enabled')}</Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_: unknown, u) => (
              <Space size={0} wrap>
                <Button type="link" onClick={() => setEditing({ mode: 'edit', user: u })}>
                  {t('edit')}
                </Button>
                <Button type="link" onClick={() => setEditing({ mode: 'password', user: u })}>
                  {t('resetPassword')}
                </Button>
                {isLocked(u) ? (
                  <Button type="link" onClick={() => unlock(u)} data-testid="user-unlock">
                    {t('unlock')}
                  </Button>
                ) : null}
                <Button type="link" danger={!u.disabled} onClick={() => toggle(u)}>
                  {t(u.disabled ? 'enable' : 'disable')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing ? (
        <UserDialog
          editing={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            changed()
            setEditing(null)
            message.success(t('saved'))
          }}
        />
      ) : null}
    </div>
  )
}

function UserDialog({ editing, onClose, onSaved }: { editing: Editing; onClose(): void; onSaved(u: AdminUser): void }) {
  const { t } = useTranslation('admin')
  // 坐席号 (来电弹屏) is edited on an account, not set at its creation
  const [form] = Form.useForm<AdminUserBody & { agentNumber?: string }>()
  const user = editing.mode === 'create' ? null : editing.user

  const submit = async ({ agentNumber, ...v }: AdminUserBody & { agentNumber?: string }) => {
    if (editing.mode === 'create') return onSaved(await call('POST /admin/users', { body: v }))
    const u = editing.user
    if (editing.mode === 'password') {
      await call('POST /admin/users/:id/password', { params: { id: u.id }, body: { password: v.password } })
      return onSaved(u)
    }
    // only what changed: a new role or unit ends the user's sessions
    const changed: AdminUserPatch = {
      ...(v.displayName !== u.displayName ? { displayName: v.displayName } : {}),
      ...(v.role !== u.role ? { role: v.role } : {}),
      ...(v.unitCode !== u.unit?.code ? { unitCode: v.unitCode } : {}),
      ...((agentNumber?.trim() || null) !== u.agentNumber ? { agentNumber: agentNumber?.trim() || null } : {}),
    }
    onSaved(Object.keys(changed).length ? await call('PATCH /admin/users/:id', { params: { id: u.id }, body: changed }) : u)
  }

  const title =
    editing.mode === 'create'
      ? t('createUser')
      : editing.mode === 'edit'
        ? t('editUser', { name: user?.displayName })
        : t('resetPasswordOf', { name: user?.displayName })
  return (
    <FormDialog
      form={form}
      title={title}
      onSubmit={submit}
      onCancel={onClose}
      initialValues={
        user
          ? { displayName: user.displayName, role: user.role, unitCode: user.unit?.code, agentNumber: user.agentNumber ?? '' }
          : { role: 'center_staff' }
      }
    >
      {editing.mode === 'create' ? (
        <Form.Item
          name="username"
          label={t('username')}
          rules={[{ required: true, pattern: /^[a-zA-Z0-9._-]{3,40}$/, message: t('usernameRule') }]}
        >
          <Input autoComplete="off" data-testid="user-username" />
        </Form.Item>
      ) : null}
      {editing.mode !== 'password' ? (
        <>
          <Form.Item name="displayName" label={t('displayName')} rules={[{ required: true, message: t('displayNameRequired') }]}>
            <Input maxLength={40} data-testid="user-display-name" />
          </Form.Item>
          <Form.Item name="role" label={t('role')} rules={[{ required: true }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: t(`roleName.${r}`) }))} data-testid="user-role" />
          </Form.Item>
          <Form.Item name="unitCode" label={t('unitCode')} rules={[{ required: true, message: t('unitRequired') }]}>
            <Input maxLength={20} data-testid="user-unit" />
          </Form.Item>
          {editing.mode === 'edit' ? (
            <Form.Item
              name="agentNumber"
              label={t('agentNumber')}
              extra={t('agentNumberHint')}
              rules={[{ pattern: /^[0-9]{3,8}$/, message: t('agentNumberRule') }]}
            >
              <Input maxLength={8} inputMode="numeric" autoComplete="off" data-testid="user-agent-number" />
            </Form.Item>
          ) : null}
        </>
      ) : null}
      {editing.mode !== 'edit' ? (
        <Form.Item name="password" label={t('newPassword')} rules={[{ required: true, min: 8, message: t('passwordRule') }]}>
          <Input.Password autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
      ) : null}
    </FormDialog>
  )
}
