/**
 * The knowledge page of administrators and departments: the articles (a department sees its own)
 * with their state and validity, new and edit dialogs, the review steps (submit, publish, return
 * with a reason, retire), each article's revisions, and the reports — articles used most, questions
 * with no good answer, articles past their validity.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  type ArticleView,
  KNOWLEDGE_CATEGORIES,
  KNOWLEDGE_STATES,
  type KnowledgeCategory,
  type KnowledgeReviewAction,
  type KnowledgeState,
} from '@xiaolan/contracts'
import { App as AntApp, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FormDialog } from '../components/FormDialog.tsx'
import { ErrorState, tableStates } from '../components/States.tsx'
import { call } from '../lib/api.ts'
import { chinaDateOf, formatChinaTime } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery, invalidate } from '../lib/queries.ts'
import { useSession } from '../lib/session.tsx'

const READS = ['GET /knowledge/articles', 'GET /knowledge/articles/:id', 'GET /knowledge/reports', 'GET /knowledge/search'] as const

const STATE_COLOR: Record<KnowledgeState, string> = { draft: 'default', in_review: 'orange', published: 'green', retired: 'red' }

export function KnowledgeEditor() {
  const { t } = useTranslation('knowledge')
  return (
    <Tabs
      destroyOnHidden
      items={[
        { key: 'articles', label: <span data-testid="knowledge-tab-articles">{t('page.tab.articles')}</span>, children: <Articles /> },
        { key: 'reports', label: <span data-testid="knowledge-tab-reports">{t('page.tab.reports')}</span>, children: <Reports /> },
      ]}
    />
  )
}

function Articles() {
  const { t } = useTranslation('knowledge')
  const { message, modal } = AntApp.useApp()
  const queryClient = useQueryClient()
  const { me } = useSession()
  const reviewer = me?.kind === 'staff' && me.role === 'admin'
  const [state, setState] = useState<KnowledgeState | undefined>()
  const [category, setCategory] = useState<KnowledgeCategory | undefined>()
  const [q, setQ] = useState('')
  const { data, error, refetch } = useQuery(apiQuery('GET /knowledge/articles', { query: { state, category, q: q.trim() || undefined } }))
  const [editing, setEditing] = useState<ArticleView | 'new' | null>(null)
  const [history, setHistory] = useState<number | null>(null)
  const changed = () => invalidate(queryClient, READS)

  const review = (a: ArticleView, action: KnowledgeReviewAction) => {
    let note = ''
    modal.confirm({
      title: `${t(`review.${action}`)}：${a.title}`,
      content: (
        <Input.TextArea
          rows={2}
          maxLength={500}
          placeholder={action === 'return' ? t('review.returnNote') : t('review.note')}
          onChange={(e) => {
            note = e.target.value
          }}
          data-testid="knowledge-review-note"
        />
      ),
      okText: t('review.confirm'),
      cancelText: t('form.cancel'),
      onOk: async () => {
        try {
          await call('POST /knowledge/articles/:id/review', {
            params: { id: a.id },
            body: { action, version: a.version, note: note.trim() || undefined },
          })
          message.success(t('page.reviewed'))
        } catch (e) {
          message.error(errorText(t, e))
        } finally {
          changed()
        }
      },
    })
  }

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />
  const items = data?.items
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="knowledge-new">
          {t('page.new')}
        </Button>
        <Select
          allowClear
          placeholder={t('page.filterState')}
          style={{ width: 120 }}
          value={state}
          onChange={setState}
          options={KNOWLEDGE_STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))}
          data-testid="knowledge-filter-state"
        />
        <Select
          allowClear
          placeholder={t('page.filterCategory')}
          style={{ width: 160 }}
          value={category}
          onChange={setCategory}
          options={KNOWLEDGE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('page.searchTitle')}
          onSearch={setQ}
          style={{ width: 220 }}
          data-testid="knowledge-filter-title"
        />
      </Space>
      <Table<ArticleView>
        rowKey="id"
        size="small"
        {...tableStates({ answered: items !== undefined })}
        dataSource={items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('page.col.title'), dataIndex: 'title' },
          { title: t('page.col.category'), dataIndex: 'category', render: (c: KnowledgeCategory) => t(`category.${c}`) },
          { title: t('page.col.unit'), key: 'unit', render: (_: unknown, a) => a.unit?.name ?? '' },
          {
            title: t('page.col.state'),
            key: 'state',
            render: (_: unknown, a) => (
              <Space size={2}>
                <Tag color={STATE_COLOR[a.state]}>{t(`state.${a.state}`)}</Tag>
                {a.expired ? <Tag color="red">{t('page.expired')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('page.col.validity'), key: 'validity', render: (_: unknown, a) => `${a.validFrom} ~ ${a.validTo ?? t('page.until')}` },
          { title: t('page.col.updated'), dataIndex: 'updatedAt', render: (at: string) => formatChinaTime(at) },
          {
            title: t('page.col.actions'),
            key: 'actions',
            render: (_: unknown, a) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setEditing(a)} data-testid={`knowledge-edit-${a.id}`}>
                  {t('page.edit')}
                </Button>
                {a.state === 'draft' ? (
                  <Button size="small" onClick={() => review(a, 'submit')} data-testid={`knowledge-submit-${a.id}`}>
                    {t('review.submit')}
                  </Button>
                ) : null}
                {reviewer && a.state !== 'published' ? (
                  <Button size="small" type="primary" onClick={() => review(a, 'publish')} data-testid={`knowledge-publish-${a.id}`}>
                    {t('review.publish')}
                  </Button>
                ) : null}
                {reviewer && (a.state === 'in_review' || a.state === 'published') ? (
                  <Button size="small" onClick={() => review(a, 'return')}>
                    {t('review.return')}
                  </Button>
                ) : null}
                {a.state !== 'retired' ? (
                  <Button size="small" danger onClick={() => review(a, 'retire')}>
                    {t('review.retire')}
                  </Button>
                ) : null}
                <Button size="small" type="link" onClick={() => setHistory(a.id)}>
                  {t('page.history')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing ? (
        <ArticleDialog
          article={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            message.success(t('page.saved'))
            changed()
          }}
        />
      ) : null}
      {history !== null ? <Revisions id={history} onClose={() => setHistory(null)} /> : null}
    </div>
  )
}

interface ArticleForm {
  title: string
  body: string
  category: KnowledgeCategory
  keywords: string[]
  unitCode?: string
  validFrom: string
  validTo?: string
  note?: string
}

function ArticleDialog({ article, onClose, onSaved }: { article: ArticleView | null; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation('knowledge')
  const [form] = Form.useForm<ArticleForm>()
  const save = async (v: ArticleForm) => {
    const fields = {
      title: v.title.trim(),
      body: v.body.trim(),
      category: v.category,
      keywords: v.keywords ?? [],
      validFrom: v.validFrom,
      validTo: v.validTo || null,
      ...(v.unitCode?.trim() ? { unitCode: v.unitCode.trim() } : {}),
    }
    if (article) {
      await call('PATCH /knowledge/articles/:id', {
        params: { id: article.id },
        body: { ...fields, version: article.version, note: v.note?.trim() || undefined },
      })
    } else {
      await call('POST /knowledge/articles', { body: fields })
    }
    onSaved()
  }
  const required = [{ required: true, whitespace: true, message: t('form.required') }]
  return (
    <FormDialog<ArticleForm>
      form={form}
      title={article ? t('form.editTitle') : t('form.createTitle')}
      onSubmit={save}
      onCancel={onClose}
      modal={{
        width: 720,
        okText: t('form.save'),
        cancelText: t('form.cancel'),
        okButtonProps: { 'data-testid': 'knowledge-form-save' },
      }}
      initialValues={
        article
          ? {
              title: article.title,
              body: article.body,
              category: article.category,
              keywords: article.keywords,
              unitCode: article.unit?.code,
              validFrom: article.validFrom,
              validTo: article.validTo ?? undefined,
            }
          : { validFrom: chinaDateOf(Date.now()), keywords: [] }
      }
    >
      <Form.Item name="title" label={t('form.title')} rules={[...required, { min: 4, max: 100, message: t('form.required') }]}>
        <Input maxLength={100} data-testid="knowledge-form-title" />
      </Form.Item>
      <Form.Item name="body" label={t('form.body')} rules={[...required, { min: 10, message: t('form.required') }]}>
        <Input.TextArea rows={8} maxLength={8000} data-testid="knowledge-form-body" />
      </Form.Item>
      <Space wrap>
        <Form.Item name="category" label={t('form.category')} rules={[{ required: true, message: t('form.required') }]}>
          <Select
            style={{ width: 180 }}
            options={KNOWLEDGE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
            data-testid="knowledge-form-category"
          />
        </Form.Item>
        <Form.Item name="validFrom" label={t('form.validFrom')} rules={[{ required: true, message: t('form.required') }]}>
          <Input type="date" data-testid="knowledge-form-valid-from" />
        </Form.Item>
        <Form.Item name="validTo" label={t('form.validTo')}>
          <Input type="date" data-testid="knowledge-form-valid-to" />
        </Form.Item>
      </Space>
      <Form.Item name="keywords" label={t('form.keywords')} extra={t('form.keywordsHint')}>
        <Select mode="tags" tokenSeparators={[',', '，']} maxCount={20} open={false} data-testid="knowledge-form-keywords" />
      </Form.Item>
      <Form.Item name="unitCode" label={t('form.unit')} extra={t('form.unitHint')}>
        <Input maxLength={20} />
      </Form.Item>
      {article ? (
        <Form.Item name="note" label={t('form.note')}>
          <Input maxLength={500} />
        </Form.Item>
      ) : null}
    </FormDialog>
  )
}

function Revisions({ id, onClose }: { id: number; onClose(): void }) {
  const { t } = useTranslation('knowledge')
  const { data } = useQuery(apiQuery('GET /knowledge/articles/:id', { params: { id } }))
  return (
    <Modal open title={data?.title ?? t('page.history')} onCancel={onClose} footer={null} width={640}>
      <Timeline
        items={(data?.revisions ?? []).map((r) => ({
          children: (
            <span>
              v{r.version} · {t(`revision.${r.action}`)} · {t(`state.${r.state}`)} · {r.actor ?? '—'} · {formatChinaTime(r.at)}
              {r.note ? <Typography.Text type="secondary"> · {r.note}</Typography.Text> : null}
            </span>
          ),
        }))}
      />
    </Modal>
  )
}

function Reports() {
  const { t } = useTranslation('knowledge')
  const [days, setDays] = useState(30)
  const { data, error, refetch } = useQuery(apiQuery('GET /knowledge/reports', { query: { days } }))
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        {t('reports.days')}
        <InputNumber min={1} max={366} value={days} onChange={(v) => setDays(v ?? 30)} />
      </Space>
      <Card size="small" title={t('reports.mostUsed')} data-testid="knowledge-most-used">
        <Table
          rowKey={(r) => r.article.id}
          size="small"
          pagination={false}
          {...tableStates({ answered: data !== undefined, empty: t('reports.none') })}
          dataSource={data?.mostUsed ?? []}
          columns={[
            { title: t('page.col.title'), key: 'title', render: (_: unknown, r) => r.article.title },
            { title: t('reports.answers'), dataIndex: 'answers' },
            { title: t('reports.lastAt'), dataIndex: 'lastAt', render: (at: string) => formatChinaTime(at) },
          ]}
        />
      </Card>
      <Card size="small" title={t('reports.unanswered')} data-testid="knowledge-unanswered">
        <Table
          rowKey="query"
          size="small"
          pagination={false}
          {...tableStates({ answered: data !== undefined, empty: t('reports.none') })}
          dataSource={data?.unanswered ?? []}
          columns={[
            { title: t('reports.query'), dataIndex: 'query' },
            { title: t('reports.times'), dataIndex: 'times' },
            { title: t('reports.confidence'), dataIndex: 'confidence', render: (c: number) => `${Math.round(c * 100)}%` },
            { title: t('reports.topTitle'), dataIndex: 'topTitle', render: (title: string | null) => title ?? '—' },
            { title: t('reports.lastAt'), dataIndex: 'lastAt', render: (at: string) => formatChinaTime(at) },
          ]}
        />
      </Card>
      <Card size="small" title={t('reports.expired')} data-testid="knowledge-expired">
        <Table<ArticleView>
          rowKey="id"
          size="small"
          pagination={false}
          {...tableStates({ answered: data !== undefined, empty: t('reports.none') })}
          dataSource={data?.expired ?? []}
          columns={[
            { title: t('page.col.title'), dataIndex: 'title' },
            { title: t('page.col.unit'), key: 'unit', render: (_: unknown, a) => a.unit?.name ?? '' },
            { title: t('page.col.validity'), key: 'validity', render: (_: unknown, a) => `${a.validFrom} ~ ${a.validTo ?? ''}` },
          ]}
        />
      </Card>
    </Space>
  )
}
