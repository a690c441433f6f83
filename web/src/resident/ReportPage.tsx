/** 我要报事: type, description, photos, place (map or cascader), hide-my-name; then to the new report. */
import { App, Card, Form, Input } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { draftBody, draftProblems, ReportFields, SubmitRow, SwitchRow, useReportDraft } from '../components/ReportFields.tsx'
import { call } from '../lib/api.ts'
import { errorText } from '../lib/errors.ts'

export function ReportPage() {
  const { t } = useTranslation('resident')
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [draft, update] = useReportDraft()
  const [extra, setExtra] = useState({ address: '', anonymous: false })
  const [problems, setProblems] = useState<ReturnType<typeof draftProblems>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    const missing = draftProblems(draft, t)
    setProblems(missing)
    if (Object.keys(missing).length) return
    setBusy(true)
    setError(null)
    try {
      const created = await call('POST /resident/events', {
        body: { ...draftBody(draft), ...(extra.address.trim() ? { address: extra.address.trim() } : {}), anonymous: extra.anonymous },
      })
      message.success(t('report.submitted', { number: created.number }))
      navigate(`/events/${created.id}`)
    } catch (e) {
      setError(errorText(t, e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 17 }}>{t('report.title')}</h2>} styles={{ body: { padding: 12 } }}>
      <Form layout="vertical" onFinish={() => void submit()} requiredMark={false}>
        <ReportFields draft={draft} update={update} problems={problems} testIds={{ description: 'report-description' }} />
        <Form.Item label={t('report.address')}>
          <Input
            value={extra.address}
            onChange={(e) => setExtra({ ...extra, address: e.target.value })}
            maxLength={200}
            aria-label={t('report.address')}
          />
        </Form.Item>
        <SwitchRow
          checked={extra.anonymous}
          onChange={(anonymous) => setExtra({ ...extra, anonymous })}
          label={t('report.anonymous')}
          testId="report-anonymous"
        />
        <SubmitRow error={error} busy={busy} label={t('report.submit')} testId="report-submit" />
      </Form>
    </Card>
  )
}
