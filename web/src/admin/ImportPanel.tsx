/**
 * 历史导入 (issue 17, item 7): an administrator picks a CSV or xlsx file of historical events
 * (docs/import.md); it is uploaded for a dry run with the upload's progress shown, the report lists
 * every bad row (line, field, message); with none, 导入 sends the same file for the real import.
 * The import answers when its one transaction has committed, so after the upload the page shows it
 * working until then: a job to poll would only add state for a write that is all or nothing.
 * The upload is an XMLHttpRequest, as fetch reports no upload progress.
 */
import type { ImportProblem, ImportReport } from '@xiaolan/contracts'
import { Alert, Button, Progress, Space, Table, Typography, Upload } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, csrfTokenForUpload, refusal } from '../lib/api.ts'
import { errorText } from '../lib/errors.ts'

type Phase = { kind: 'idle' } | { kind: 'uploading'; percent: number; dryRun: boolean } | { kind: 'working'; dryRun: boolean }

/** POST /admin/imports with the file, reporting the upload's progress. */
function uploadImport(file: File, dryRun: boolean, onProgress: (percent: number) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/v1/admin/imports?dryRun=${dryRun}`)
    const token = csrfTokenForUpload()
    if (token) xhr.setRequestHeader('x-csrf-token', token)
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100))
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {}
      if (xhr.status === 200) resolve(body as ImportReport)
      else reject(refusal(xhr.status, body as Parameters<typeof refusal>[1], xhr.statusText))
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'))
    const form = new FormData()
    form.append('file', file)
    xhr.send(form)
  })
}

export function ImportPanel() {
  const { t } = useTranslation('admin')
  const [file, setFile] = useState<File | null>(null)
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' })
  const [report, setReport] = useState<ImportReport | null>(null)
  const [error, setError] = useState<string | null>(null)

  const run = async (chosen: File, dryRun: boolean) => {
    setError(null)
    setReport(null)
    setPhase({ kind: 'uploading', percent: 0, dryRun })
    try {
      const result = await uploadImport(chosen, dryRun, (percent) =>
        setPhase(percent < 100 ? { kind: 'uploading', percent, dryRun } : { kind: 'working', dryRun }),
      )
      setReport(result)
    } catch (e) {
      setError(errorText(t, e))
    } finally {
      setPhase({ kind: 'idle' })
    }
  }
  const busy = phase.kind !== 'idle'
  return (
    <div style={{ maxWidth: 960 }}>
      <Typography.Paragraph>{t('imports.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Upload
          accept=".csv,.xlsx"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(chosen) => {
            setFile(chosen)
            void run(chosen, true)
            return false
          }}
          disabled={busy}
        >
          <Button data-testid="import-choose" disabled={busy}>
            {t('imports.choose')}
          </Button>
        </Upload>
        {file && <Typography.Text>{file.name}</Typography.Text>}
      </Space>
      {phase.kind === 'uploading' && (
        <div data-testid="import-progress">
          <Typography.Text>{t(phase.dryRun ? 'imports.uploadingCheck' : 'imports.uploadingImport')}</Typography.Text>
          <Progress percent={phase.percent} />
        </div>
      )}
      {phase.kind === 'working' && (
        <div data-testid="import-progress">
          <Typography.Text>{t(phase.dryRun ? 'imports.checking' : 'imports.importing')}</Typography.Text>
          <Progress percent={100} status="active" showInfo={false} />
        </div>
      )}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {report && <ReportView report={report} />}
      {report?.dryRun && report.problems.length === 0 && file && (
        <Button type="primary" data-testid="import-confirm" disabled={busy} onClick={() => void run(file, false)}>
          {t('imports.confirm', { count: report.rows })}
        </Button>
      )}
    </div>
  )
}

function ReportView({ report }: { report: ImportReport }) {
  const { t } = useTranslation('admin')
  if (report.problems.length === 0) {
    return (
      <Alert
        data-testid="import-report"
        type="success"
        showIcon
        style={{ marginBottom: 12 }}
        message={report.dryRun ? t('imports.allGood', { count: report.rows }) : t('imports.done', { count: report.imported })}
      />
    )
  }
  return (
    <div data-testid="import-report">
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 12 }}
        message={t('imports.badRows', { bad: report.badRows, count: report.rows })}
      />
      <Table<ImportProblem>
        size="small"
        rowKey={(p) => `${p.line}|${p.field}|${p.message}`}
        dataSource={report.problems}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t('imports.line'), dataIndex: 'line', width: 80 },
          { title: t('imports.field'), dataIndex: 'field', width: 180 },
          { title: t('imports.message'), dataIndex: 'message' },
        ]}
      />
    </div>
  )
}
