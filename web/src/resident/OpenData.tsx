/**
 * 开放数据: anyone downloads the anonymised dataset of the events that reached their end — a period
 * and, if wanted, a district — as CSV or GeoJSON, with the download's progress, and reads what each
 * column means (the server's documented schema, GET /open-data/schema).
 */
import { useQuery } from '@tanstack/react-query'
import type { OpenDataField } from '@xiaolan/contracts'
import { App, Button, Card, List, Progress, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorState, Loading } from '../components/States.tsx'
import { qs } from '../lib/api.ts'
import { chinaDateOf } from '../lib/china-time.ts'
import { type DownloadProgress, downloadFile, formatSize } from '../lib/download.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery } from '../lib/queries.ts'
import { useCenters } from '../lib/reference.ts'

const PERIODS = [30, 90, 365] as const

/** The China day `days` before `day` (YYYY-MM-DD). */
const daysBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10)

export function OpenData() {
  const { t, i18n } = useTranslation('resident')
  const tc = useTranslation().t
  const { message } = App.useApp()
  const schema = useQuery(apiQuery('GET /open-data/schema'))
  const districts = (useCenters() ?? []).filter((c) => c.level === 2)
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30)
  const [district, setDistrict] = useState('')
  const [progress, setProgress] = useState<DownloadProgress | null>(null)
  const [busy, setBusy] = useState(false)
  const en = i18n.language === 'en'

  const download = async (format: 'csv' | 'geojson') => {
    const to = chinaDateOf(Date.now())
    const query = qs({ from: daysBefore(to, days - 1), to, district: district || undefined })
    setBusy(true)
    try {
      await downloadFile(`/open-data/events.${format}${query}`, `events.${format}`, setProgress, { lang: false })
      message.success(t('openData.done'))
    } catch (e) {
      message.error(`${t('openData.failed')}：${errorText(tc, e)}`)
    } finally {
      setBusy(false)
    }
  }

  if (schema.error) return <ErrorState error={schema.error} onRetry={() => void schema.refetch()} />
  if (!schema.data) return <Loading />
  const { fields, coverage, licence } = schema.data
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', padding: 12 }}>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('openData.title')}</h2>} size="small">
        <Typography.Paragraph>{en ? coverage.en : coverage.zh}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('openData.licence', { licence })}</Typography.Paragraph>
        <Space wrap>
          <Select
            aria-label={t('openData.period')}
            value={days}
            onChange={setDays}
            style={{ width: 140 }}
            options={PERIODS.map((d) => ({ value: d, label: t('openData.days', { n: d }) }))}
            data-testid="open-data-period"
          />
          <Select
            aria-label={t('openData.district')}
            value={district}
            onChange={setDistrict}
            style={{ width: 160 }}
            options={[{ value: '', label: t('openData.allDistricts') }, ...districts.map((d) => ({ value: d.code, label: d.name }))]}
            data-testid="open-data-district"
          />
        </Space>
        <Space wrap style={{ marginTop: 12 }}>
          <Button type="primary" loading={busy} onClick={() => void download('csv')} data-testid="open-data-csv">
            {t('openData.csv')}
          </Button>
          <Button disabled={busy} onClick={() => void download('geojson')} data-testid="open-data-geojson">
            {t('openData.geojson')}
          </Button>
        </Space>
        {progress ? (
          <div data-testid="open-data-progress" style={{ marginTop: 12 }}>
            <Progress
              percent={progress.fraction === null ? 100 : Math.round(progress.fraction * 100)}
              status={busy ? 'active' : 'success'}
            />
            <Space wrap>
              {progress.rows !== null ? <span>{t('openData.rows', { rows: progress.rows.toLocaleString() })}</span> : null}
              <span>{t('openData.received', { size: formatSize(progress.received) })}</span>
            </Space>
          </div>
        ) : null}
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('openData.fields')}</h2>} size="small">
        <List
          dataSource={fields}
          renderItem={(f: OpenDataField) => (
            <List.Item style={{ display: 'block' }} data-testid="open-data-field">
              <Typography.Text code data-data>
                {f.name}
              </Typography.Text>{' '}
              <Typography.Text type="secondary">
                {t(`openData.type.${f.type}`)}
                {f.nullable ? ` · ${t('openData.nullable')}` : ''}
              </Typography.Text>
              <div data-data>{en ? f.en : f.zh}</div>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  )
}
