/**
 * 网民留言 (issue 17 item 6): the message boards whose messages become netizen events, a board
 * added with its optional pull URL (pulled on the server's schedule) and reply URL (else the demo
 * writes replies to a file), a feed file uploaded for a board, and the imports — uploaded or pulled —
 * newest first with what became of their messages and the first bad ones by line and field.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { NetizenImportView } from '@xiaolan/contracts'
import { Alert, Button, Form, Input, Modal, Space, Table, Tag, Typography, Upload } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorState, Loading } from '../components/States.tsx'
import { call } from '../lib/api.ts'
import { formatChinaTime } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery } from '../lib/queries.ts'

export function NetizenPanel() {
  const { t } = useTranslation('admin')
  const queryClient = useQueryClient()
  const { data, error, refetch } = useQuery(apiQuery('GET /admin/netizen'))
  const [adding, setAdding] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['GET /admin/netizen'] })
  const upload = useMutation({
    mutationFn: async ({ id, file }: { id: number; file: File }) =>
      call('POST /admin/netizen/boards/:id/imports', { params: { id }, body: { fileName: file.name, content: await file.text() } }),
    onSuccess: () => refresh(),
    onError: (e) => setFailure(errorText(t, e)),
  })
  if (error) return <ErrorState error={error} onRetry={refetch} />
  if (!data) return <Loading />
  return (
    <div style={{ maxWidth: 1100 }}>
      <Typography.Paragraph>{t('netizen.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={() => setAdding(true)} data-testid="netizen-add">
          {t('netizen.add')}
        </Button>
        <Typography.Text data-testid="netizen-replies">
          {t('netizen.replies', { pending: data.replies.pending, sent: data.replies.sent, dead: data.replies.dead })}
        </Typography.Text>
      </Space>
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} closable onClose={() => setFailure(null)} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={data.boards}
        data-testid="netizen-boards"
        style={{ marginBottom: 24 }}
        columns={[
          { title: t('netizen.name'), dataIndex: 'name' },
          { title: t('netizen.pullUrl'), dataIndex: 'pullUrl', render: (v: string | null) => v ?? t('netizen.uploadOnly') },
          { title: t('netizen.replyUrl'), dataIndex: 'replyUrl', render: (v: string | null) => v ?? t('netizen.replyFile') },
          { title: t('netizen.lastPulledAt'), dataIndex: 'lastPulledAt', render: (v: string | null) => (v ? formatChinaTime(v) : '—') },
          {
            title: t('netizen.upload'),
            key: 'upload',
            render: (_: unknown, board: { id: number }) => (
              <Upload
                accept=".json,.csv"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(file) => {
                  setFailure(null)
                  upload.mutate({ id: board.id, file })
                  return false
                }}
              >
                <Button size="small" loading={upload.isPending && upload.variables?.id === board.id}>
                  {t('netizen.choose')}
                </Button>
              </Upload>
            ),
          },
        ]}
      />
      <Typography.Title level={5}>{t('netizen.imports')}</Typography.Title>
      <Table<NetizenImportView>
        rowKey="id"
        size="small"
        data-testid="netizen-imports"
        dataSource={data.imports}
        pagination={false}
        expandable={{
          rowExpandable: (r) => r.problems.length > 0,
          expandedRowRender: (r) => (
            <Table
              rowKey={(p) => `${p.line}-${p.field}`}
              size="small"
              pagination={false}
              dataSource={r.problems}
              columns={[
                { title: t('netizen.line'), dataIndex: 'line' },
                { title: t('netizen.externalId'), dataIndex: 'externalId', render: (v: string | null) => v ?? '—' },
                { title: t('netizen.field'), dataIndex: 'field' },
                { title: t('netizen.problem'), dataIndex: 'message' },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('netizen.at'), dataIndex: 'startedAt', render: (v: string) => formatChinaTime(v) },
          { title: t('netizen.board'), dataIndex: 'board' },
          { title: t('netizen.origin'), dataIndex: 'origin', render: (v: 'file' | 'pull') => <Tag>{t(`netizen.origin.${v}`)}</Tag> },
          { title: t('netizen.source'), dataIndex: 'source', ellipsis: true },
          { title: t('netizen.messages'), dataIndex: 'messages' },
          { title: t('netizen.created'), dataIndex: 'created' },
          { title: t('netizen.duplicates'), dataIndex: 'duplicates' },
          {
            title: t('netizen.errors'),
            dataIndex: 'errors',
            render: (n: number, r) => (r.failure ? <Typography.Text type="danger">{r.failure}</Typography.Text> : n),
          },
          { title: t('netizen.by'), dataIndex: 'importedBy', render: (v: string | null) => v ?? t('netizen.bySystem') },
        ]}
      />
      <AddBoard open={adding} onClose={() => setAdding(false)} onAdded={refresh} />
    </div>
  )
}

function AddBoard({ open, onClose, onAdded }: { open: boolean; onClose: () => void; onAdded: () => void }) {
  const { t } = useTranslation('admin')
  const [form] = Form.useForm<{ name: string; pullUrl?: string; replyUrl?: string }>()
  const [error, setError] = useState<string | null>(null)
  const add = useMutation({
    mutationFn: (v: { name: string; pullUrl?: string; replyUrl?: string }) =>
      call('POST /admin/netizen/boards', { body: { name: v.name, pullUrl: v.pullUrl || null, replyUrl: v.replyUrl || null } }),
    onSuccess: () => {
      onAdded()
      form.resetFields()
      onClose()
    },
    onError: (e) => setError(errorText(t, e)),
  })
  return (
    <Modal
      open={open}
      title={t('netizen.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={add.isPending}
      okText={t('netizen.save')}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)}>
        <Form.Item name="name" label={t('netizen.name')} rules={[{ required: true, min: 2, max: 60, message: t('netizen.nameRule') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="pullUrl" label={t('netizen.pullUrl')} extra={t('netizen.pullUrlHint')}>
          <Input placeholder="https://" />
        </Form.Item>
        <Form.Item name="replyUrl" label={t('netizen.replyUrl')} extra={t('netizen.replyUrlHint')}>
          <Input placeholder="https://" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
