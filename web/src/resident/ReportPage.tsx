/**
 * 我要报事: type, description, photos, place (map or cascader), hide-my-name; then to the new report.
 * Before it is sent, open events nearby with similar words are offered (这是不是您要反映的问题？): the
 * resident follows one instead (关注这件事: it shows under 我关注的, and its progress opens), looks at
 * its progress, or sends theirs anyway.
 */
import type { PublicDuplicate } from '@xiaolan/contracts'
import { App, Button, Card, Form, Input, Typography } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { draftBody, draftProblems, placeBody, ReportFields, SubmitRow, SwitchRow, useReportDraft } from '../components/ReportFields.tsx'
import { StateTag } from '../components/StateTag.tsx'
import { call } from '../lib/api.ts'
import { errorText } from '../lib/errors.ts'
import { useApiMutation } from '../lib/queries.ts'
import { useCategoryName } from '../lib/reference.ts'
import { FOLLOW_READS } from './FollowButton.tsx'

export function ReportPage() {
  const { t } = useTranslation('resident')
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [draft, update] = useReportDraft()
  const [extra, setExtra] = useState({ address: '', anonymous: false })
  const [problems, setProblems] = useState<ReturnType<typeof draftProblems>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [offered, setOffered] = useState<PublicDuplicate[]>([])
  const offerRef = useRef<HTMLDivElement>(null)
  // the offer appears below the form, out of sight on a phone: bring it into view
  useEffect(() => {
    if (offered.length) offerRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' })
  }, [offered])
  const categoryName = useCategoryName()
  const follow = useApiMutation('POST /resident/events/:id/follow', FOLLOW_READS)

  /** 关注这件事: no second report; the resident follows the one offered and goes to its progress. */
  const followInstead = (d: PublicDuplicate) =>
    follow.mutate(
      { params: { id: d.id } },
      {
        onSuccess: () => {
          message.success(t('report.duplicates.followed', { number: d.number }))
          navigate(`/track/${d.number}`)
        },
        onError: (e) => setError(errorText(t, e)),
      },
    )

  /** `anyway`: the resident saw the look-alikes and sends theirs all the same. */
  const submit = async (anyway = false) => {
    const missing = draftProblems(draft, t)
    setProblems(missing)
    if (Object.keys(missing).length || !draft.place) return
    setBusy(true)
    setError(null)
    try {
      if (!anyway) {
        // a look-up that fails (offline, rate-limited) must not keep the report from being sent
        const items = await call('POST /resident/duplicates', {
          body: { text: draft.description.trim(), category: draft.category ?? undefined, ...placeBody(draft.place) },
        }).then(
          (r) => r.items,
          () => [],
        )
        setOffered(items)
        if (items.length) return
      }
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
        {offered.length ? (
          <Card
            ref={offerRef}
            size="small"
            title={t('report.duplicates.title')}
            data-testid="report-duplicates"
            style={{ marginBottom: 12 }}
          >
            <Typography.Paragraph type="secondary">{t('report.duplicates.hint')}</Typography.Paragraph>
            {offered.map((d) => (
              <div key={d.number} style={{ padding: '8px 0', borderTop: '1px solid #f0f0f0' }} data-testid="report-duplicate">
                <div style={{ fontWeight: 500, overflowWrap: 'anywhere' }}>{d.title ?? categoryName(d.category)}</div>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', margin: '4px 0' }}>
                  <StateTag state={d.state} />
                  <Typography.Text type="secondary">
                    {d.number} · {d.distanceM < 20 ? t('report.duplicates.here') : t('report.duplicates.distance', { m: d.distanceM })}
                  </Typography.Text>
                </div>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
                  <Button
                    type="primary"
                    loading={follow.isPending && follow.variables?.params.id === d.id}
                    onClick={() => followInstead(d)}
                    data-testid="report-duplicate-subscribe"
                  >
                    {t('report.duplicates.subscribe')}
                  </Button>
                  <Link
                    to={`/track/${d.number}`}
                    data-testid="report-duplicate-follow"
                    style={{ display: 'inline-block', minHeight: 44, lineHeight: '44px' }}
                  >
                    {t('report.duplicates.follow')}
                  </Link>
                </div>
              </div>
            ))}
            <Button block loading={busy} onClick={() => void submit(true)} data-testid="report-submit-anyway">
              {t('report.duplicates.anyway')}
            </Button>
          </Card>
        ) : null}
        <SubmitRow error={error} busy={busy} label={t('report.submit')} testId="report-submit" />
      </Form>
    </Card>
  )
}
