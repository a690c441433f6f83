/** The org tree: browse level by level, search by name or code, rename or (de)activate a unit with a reason. */

import { useQueryClient } from '@tanstack/react-query'
import type { AdminOrg } from '@xiaolan/contracts'
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Form, Input, List, Row, Switch, Tag, Tree } from 'antd'
import type { DataNode, EventDataNode } from 'antd/es/tree'
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { EmptyState, ErrorState, Loading } from '../components/States.tsx'
import { ApiError, call } from '../lib/api.ts'
import { errorText } from '../lib/errors.ts'
import { invalidate } from '../lib/queries.ts'

type Node = DataNode & { org: AdminOrg; children?: Node[] }

const toNode = (o: AdminOrg, t: (k: string) => string): Node => ({
  key: o.code,
  title: (
    <span>
      {o.name} <span style={{ color: '#4a5563' }}>{o.code}</span> {o.active ? null : <Tag>{t('inactive')}</Tag>}
    </span>
  ),
  isLeaf: o.childCount === 0,
  org: o,
})

function replaceChildren(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((n) =>
    n.key === key ? { ...n, children } : n.children ? { ...n, children: replaceChildren(n.children, key, children) } : n,
  )
}

export function OrgsPanel() {
  const { t } = useTranslation('admin')
  const { message } = AntApp.useApp()
  const [tree, setTree] = useState<Node[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [found, setFound] = useState<AdminOrg[] | null>(null)
  const [selected, setSelected] = useState<AdminOrg | null>(null)
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<unknown>(null)
  const [form] = Form.useForm<{ name: string; active: boolean; reason: string }>()
  const queryClient = useQueryClient()

  const loadRoot = useCallback(async () => {
    setError(null)
    try {
      setTree((await call('GET /admin/orgs')).items.map((o) => toNode(o, t)))
    } catch (e) {
      setError(e)
    }
  }, [t])
  useEffect(() => {
    void loadRoot()
  }, [loadRoot])

  const loadChildren = async (node: EventDataNode<Node>) => {
    const items = (await call('GET /admin/orgs', { query: { parent: String(node.key) } })).items
    setTree((old) =>
      replaceChildren(
        old ?? [],
        String(node.key),
        items.map((o) => toNode(o, t)),
      ),
    )
  }

  const search = async (q: string) => {
    if (!q.trim()) return setFound(null)
    try {
      setFound((await call('GET /admin/orgs', { query: { q: q.trim() } })).items)
    } catch (e) {
      message.error(errorText(t, e))
    }
  }

  const select = (o: AdminOrg) => {
    setSelected(o)
    setSaveError(null)
    form.setFieldsValue({ name: o.name, active: o.active, reason: '' })
  }

  const save = async () => {
    if (!selected) return
    // invalid fields show their own messages
    const v = await form.validateFields().catch(() => null)
    if (!v) return
    setSaving(true)
    setSaveError(null)
    try {
      const updated = await call('PATCH /admin/orgs/:code', {
        params: { code: selected.code },
        body: {
          ...(v.name.trim() !== selected.name ? { name: v.name.trim() } : {}),
          ...(v.active !== selected.active ? { active: v.active } : {}),
          reason: v.reason.trim(),
        },
      })
      // names and areas every page shows come from the org reads
      invalidate(queryClient, ['GET /orgs', 'GET /orgs/:code'])
      message.success(t('saved'))
      select(updated)
      setTree((old) => (old ? updateNode(old, updated, t) : old))
      setFound((old) => old?.map((o) => (o.code === updated.code ? updated : o)) ?? null)
    } catch (e) {
      setSaveError(e)
    } finally {
      setSaving(false)
    }
  }

  if (error) return <ErrorState error={error} onRetry={() => void loadRoot()} />
  if (!tree) return <Loading />
  return (
    <Row gutter={24}>
      <Col xs={24} lg={12}>
        <Card size="small">
          <Input.Search
            allowClear
            placeholder={t('orgSearch')}
            aria-label={t('orgSearch')}
            onSearch={(q) => void search(q)}
            style={{ marginBottom: 12 }}
            data-testid="org-search"
          />
          {found ? (
            found.length ? (
              <List
                size="small"
                dataSource={found}
                renderItem={(o) => (
                  <List.Item>
                    <Button type="link" onClick={() => select(o)} data-testid="org-result">
                      {o.name} · {o.code}
                    </Button>
                    {o.active ? null : <Tag>{t('inactive')}</Tag>}
                  </List.Item>
                )}
              />
            ) : (
              <EmptyState />
            )
          ) : (
            <Tree<Node> treeData={tree} loadData={loadChildren} onSelect={(_k, info) => select(info.node.org)} height={560} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        {selected ? (
          <Card size="small" title={selected.name} data-testid="org-editor">
            <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('code')}>{selected.code}</Descriptions.Item>
              <Descriptions.Item label={t('kindLabel')}>{t(`kind.${selected.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('level')}>{t(`levelName.${selected.level}`)}</Descriptions.Item>
              <Descriptions.Item label={t('parent')}>{selected.parentCode ?? '—'}</Descriptions.Item>
            </Descriptions>
            <Form form={form} layout="vertical">
              <Form.Item name="name" label={t('name')} rules={[{ required: true, min: 2, message: t('nameRequired') }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="active" label={t('active')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item
                name="reason"
                label={t('reason')}
                rules={[{ required: true, min: 2, whitespace: true, message: t('reasonRequired') }]}
              >
                <Input.TextArea rows={2} maxLength={500} data-testid="org-reason" />
              </Form.Item>
              {saveError ? <SaveError error={saveError} /> : null}
              <Button type="primary" onClick={() => void save()} loading={saving} data-testid="org-save">
                {t('save')}
              </Button>
            </Form>
          </Card>
        ) : (
          <EmptyState text={t('orgPick')} />
        )}
      </Col>
    </Row>
  )
}

function updateNode(nodes: Node[], o: AdminOrg, t: (k: string) => string): Node[] {
  return nodes.map((n) =>
    n.key === o.code ? { ...toNode(o, t), children: n.children } : n.children ? { ...n, children: updateNode(n.children, o, t) } : n,
  )
}

const IN_USE = ['children', 'openEvents', 'users', 'categories'] as const

/** A refused edit in plain words: what still keeps the unit in use and how much of it, or why else. */
function SaveError({ error }: { error: unknown }) {
  const { t } = useTranslation('admin')
  const style = { marginBottom: 12 }
  if (error instanceof ApiError && error.code === 'unit_in_use') {
    const left = IN_USE.filter((k) => Number(error.details[k]) > 0)
    return (
      <Alert
        type="error"
        showIcon
        style={style}
        title={t('inUse.title')}
        description={
          <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="org-in-use">
            {left.map((k) => (
              <li key={k}>{t(`inUse.${k}`, { count: Number(error.details[k]) })}</li>
            ))}
          </ul>
        }
      />
    )
  }
  if (error instanceof ApiError && error.code === 'parent_inactive') {
    return <Alert type="error" showIcon style={style} title={t('parentInactive', { code: String(error.details.parentCode ?? '') })} />
  }
  if (error instanceof ApiError && error.code === 'name_taken') {
    return <Alert type="error" showIcon style={style} title={t('common:error.name_taken')} />
  }
  return <Alert type="error" showIcon style={style} title={errorText(t, error)} />
}
