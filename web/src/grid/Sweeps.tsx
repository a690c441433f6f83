/**
 * 隐患排查: the open sweeps with targets in the worker's grid, and a target's check — pass or fail per
 * checklist item, a note and photos of a failed item. Each check carries its own idempotency key,
 * made once per target form and kept across retries, so a resend never makes a second event.
 */
import { useQuery } from '@tanstack/react-query'
import type { SweepSummaryView, SweepTargetView } from '@xiaolan/contracts'
import { Alert, App, Button, Card, Empty, Form, Input, List, Radio, Space, Tag } from 'antd'
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PhotoPicker } from '../components/PhotoPicker.tsx'
import { errorText } from '../lib/errors.ts'
import { apiQuery, useApiMutation } from '../lib/queries.ts'
import { enqueue, isTransient, useOutboxEntries } from './outbox.ts'

const STATE_COLOR = { pending: 'default', passed: 'green', failed: 'red' } as const

export function Sweeps() {
  const { t } = useTranslation('sweeps')
  const query = useQuery(apiQuery('GET /sweeps', { query: { state: 'open' } }))
  const [checking, setChecking] = useState<{ sweep: SweepSummaryView; target: SweepTargetView } | null>(null)
  const outbox = useOutboxEntries()
  if (checking) return <CheckForm {...checking} onDone={() => setChecking(null)} />
  const sweeps = query.data?.items ?? []
  if (query.isSuccess && !sweeps.length) return <Empty description={t('grid.empty')} />
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="grid-sweeps">
      {query.error ? <Alert type="error" message={errorText(t, query.error)} /> : null}
      {sweeps.map((sweep) => (
        <Card
          key={sweep.id}
          size="small"
          title={<h2 style={{ margin: 0, fontSize: 16, whiteSpace: 'normal' }}>{sweep.title}</h2>}
          extra={<span style={{ fontSize: 12 }}>{t('grid.deadline', { date: sweep.deadline })}</span>}
        >
          <p style={{ margin: '0 0 8px' }}>{t('grid.mine', sweep.totals)}</p>
          <List
            dataSource={sweep.targets ?? []}
            renderItem={(target) => (
              <List.Item
                data-testid={`sweep-target-${target.id}`}
                actions={
                  target.state === 'pending' &&
                  !outbox.some((e) => e.operation !== 'POST /patrols' && e.input.params.targetId === target.id)
                    ? [
                        <Button key="check" type="primary" onClick={() => setChecking({ sweep, target })} data-testid="sweep-target-check">
                          {t('grid.check')}
                        </Button>,
                      ]
                    : []
                }
              >
                <List.Item.Meta
                  title={
                    <span>
                      {target.site.name}{' '}
                      {outbox.some((e) => e.operation !== 'POST /patrols' && e.input.params.targetId === target.id) ? (
                        <Tag color="orange" data-testid="sweep-target-queued">
                          {t('grid.queued')}
                        </Tag>
                      ) : (
                        <Tag color={STATE_COLOR[target.state]}>{t(`grid.${target.state}`)}</Tag>
                      )}
                    </span>
                  }
                  description={
                    <>
                      <div>{target.site.address}</div>
                      {target.event ? <div data-testid="sweep-target-event">{t('grid.event', { number: target.event.number })}</div> : null}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      ))}
    </Space>
  )
}

interface ItemAnswer {
  pass?: boolean
  note: string
  photoIds: number[]
}

function CheckForm({ sweep, target, onDone }: { sweep: SweepSummaryView; target: SweepTargetView; onDone: () => void }) {
  const { t } = useTranslation('sweeps')
  const { t: tg } = useTranslation('grid')
  const { message } = App.useApp()
  // one key per check of this target: a retry after a lost answer sends the same one
  const [key] = useState(() => crypto.randomUUID())
  const [answers, setAnswers] = useState<ItemAnswer[]>(() => sweep.items.map(() => ({ note: '', photoIds: [] })))
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const check = useApiMutation('POST /sweeps/:id/targets/:targetId/check', ['GET /sweeps'])
  const set = useCallback(
    (i: number, change: Partial<ItemAnswer>) => setAnswers((a) => a.map((x, n) => (n === i ? { ...x, ...change } : x))),
    [],
  )
  const submit = async () => {
    if (answers.some((a) => a.pass === undefined)) return setError(t('grid.answerAll'))
    setError(null)
    const input = {
      params: { id: sweep.id, targetId: target.id },
      body: {
        idempotencyKey: key,
        results: answers.map((a) => ({
          pass: a.pass === true,
          ...(a.note.trim() ? { note: a.note.trim() } : {}),
          ...(!a.pass && a.photoIds.length ? { attachmentIds: a.photoIds } : {}),
        })),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
    }
    try {
      const done = await check.mutateAsync(input)
      message.success(done.event ? t('grid.doneFailed', { number: done.event.number }) : t('grid.done'))
      onDone()
    } catch (e) {
      if (!isTransient(e)) return setError(errorText(t, e))
      // no network (or no server): kept in the outbox and sent with the same key when it returns
      await enqueue({ key, operation: 'POST /sweeps/:id/targets/:targetId/check', input, label: `${sweep.title} · ${target.site.name}` })
      message.warning(tg('outbox.queued'))
      onDone()
    }
  }
  return (
    <Card
      size="small"
      title={<h2 style={{ margin: 0, fontSize: 16, whiteSpace: 'normal' }}>{target.site.name}</h2>}
      data-testid="sweep-check-form"
    >
      <p style={{ marginTop: 0 }}>{target.site.address}</p>
      <Form layout="vertical" onFinish={() => void submit()}>
        {sweep.items.map((item, i) => (
          <fieldset key={item} style={{ border: '1px solid #e5e7eb', borderRadius: 6, padding: 8, marginBottom: 8 }}>
            <legend style={{ fontSize: 14, padding: '0 4px' }}>
              {i + 1}. {item}
            </legend>
            <Radio.Group
              value={answers[i].pass}
              onChange={(e) => set(i, { pass: e.target.value })}
              optionType="button"
              buttonStyle="solid"
              aria-label={item}
              options={[
                { value: true, label: <span data-testid={`sweep-item-${i}-pass`}>{t('grid.pass')}</span> },
                { value: false, label: <span data-testid={`sweep-item-${i}-fail`}>{t('grid.fail')}</span> },
              ]}
            />
            {answers[i].pass === false ? (
              <div style={{ marginTop: 8 }}>
                <Input
                  value={answers[i].note}
                  onChange={(e) => set(i, { note: e.target.value })}
                  maxLength={200}
                  placeholder={t('grid.itemNote')}
                  aria-label={`${item} ${t('grid.itemNote')}`}
                  data-testid={`sweep-item-${i}-note`}
                  style={{ marginBottom: 8 }}
                />
                <ItemPhotos index={i} set={set} />
              </div>
            ) : null}
          </fieldset>
        ))}
        <Form.Item label={t('grid.note')}>
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            rows={2}
            aria-label={t('grid.note')}
            data-testid="sweep-note"
          />
        </Form.Item>
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} data-testid="sweep-check-error" /> : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={check.isPending} data-testid="sweep-check-submit">
            {t('grid.submit')}
          </Button>
          <Button onClick={onDone}>{t('grid.back')}</Button>
        </Space>
      </Form>
    </Card>
  )
}

/** A failed item's photos (PhotoPicker reports on every change of its callback: this one stays the same). */
function ItemPhotos({ index, set }: { index: number; set: (i: number, change: Partial<ItemAnswer>) => void }) {
  const { t } = useTranslation('sweeps')
  const onChange = useCallback((photoIds: number[]) => set(index, { photoIds }), [index, set])
  return <PhotoPicker onChange={onChange} testId={`sweep-item-${index}-photos`} label={t('grid.photos')} />
}
