/**
 * One step of a mediation case in a dialog: the fields that step needs (a reason, a session's time,
 * place, mediator, attendees and 笔录, the agreement's facts, responsibilities, terms and performance,
 * a referral, the follow-up's finding), sent with the case's version; a refusal names its field.
 */
import { useQuery } from '@tanstack/react-query'
import type { CaseActionBody, CaseView, MediationCaseAction } from '@xiaolan/contracts'
import { App as AntApp, Form, Input, Modal, Radio, Select } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../lib/api.ts'
import { chinaDateOf, formatChinaClock } from '../lib/china-time.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery } from '../lib/queries.ts'

type Values = Record<string, string | undefined>

/** `YYYY-MM-DDTHH:mm` of a datetime-local input, read as China time, as an instant. */
const chinaInstant = (local: string) => new Date(`${local}:00+08:00`).toISOString()
/** Now as a datetime-local value in China time. */
const chinaNow = () => `${chinaDateOf(Date.now())}T${formatChinaClock(Date.now())}`

export function CaseActionDialog({
  view,
  action,
  onDone,
  onCancel,
}: {
  view: CaseView
  action: MediationCaseAction
  onDone(updated: CaseView): void
  onCancel(): void
}) {
  const { t } = useTranslation('mediation')
  const { message } = AntApp.useApp()
  const [form] = Form.useForm<Values>()
  const [sending, setSending] = useState(false)
  const referral = Form.useWatch('referral', form)
  const kind = Form.useWatch('kind', form) ?? 'written'
  const district = view.unit.code.slice(0, 6)
  const needsDepartments = action === 'forward' || (action === 'fail' && referral === 'department')
  const needsMediation = action === 'transfer' || (action === 'fail' && referral === 'mediation')
  const departments = useQuery({ ...apiQuery('GET /orgs', { query: { parent: district, kind: 'department' } }), enabled: needsDepartments })
  const organisations = useQuery({
    ...apiQuery('GET /orgs', { query: { parent: district, kind: 'mediation' } }),
    enabled: needsMediation || action === 'forward',
  })
  const units = [
    ...(needsDepartments ? (departments.data?.items ?? []) : []),
    ...(needsMediation || action === 'forward' ? (organisations.data?.items ?? []).filter((o) => o.id !== view.unit.id) : []),
  ]

  const bodyOf = (v: Values): CaseActionBody => {
    const version = view.version
    const text = (k: string) => (v[k] ?? '').trim()
    switch (action) {
      case 'accept':
        return { type: 'accept', version }
      case 'refuse':
        return { type: 'refuse', version, reason: text('reason') }
      case 'summon':
        return { type: 'summon', version, at: chinaInstant(text('at')), place: text('place') }
      case 'session':
        return {
          type: 'session',
          version,
          heldAt: chinaInstant(text('at')),
          place: text('place'),
          mediatorId: Number(v.mediatorId),
          attendees: text('attendees')
            .split(/[,，、]/)
            .map((a) => a.trim())
            .filter(Boolean),
          record: text('record'),
        }
      case 'agree':
        return kind === 'oral'
          ? { type: 'agree', version, kind: 'oral', record: text('record'), performBy: text('by') }
          : {
              type: 'agree',
              version,
              kind: 'written',
              agreement: {
                facts: text('facts'),
                responsibilities: text('responsibilities'),
                terms: text('terms'),
                performance: { how: text('how'), where: text('where'), by: text('by') },
              },
            }
      case 'fail': {
        const r = (v.referral ?? 'litigation') as 'litigation' | 'arbitration' | 'department' | 'mediation'
        return { type: 'fail', version, referral: r, note: text('note'), ...(v.unitId ? { unitId: Number(v.unitId) } : {}) }
      }
      case 'transfer':
        return { type: 'transfer', version, unitId: Number(v.unitId), note: text('note') }
      case 'follow_up':
        return { type: 'follow_up', version, performed: v.performed !== 'no', note: text('note') }
      case 'forward':
        return { type: 'forward', version, unitId: Number(v.unitId) }
    }
  }

  const submit = async () => {
    const values = await form.validateFields()
    setSending(true)
    try {
      onDone(await call('POST /mediation/cases/:id/actions', { params: { id: view.id }, body: bodyOf(values) }))
    } catch (e) {
      message.error(errorText(t, e))
    } finally {
      setSending(false)
    }
  }

  const required = [{ required: true, whitespace: true, message: t('required') }]
  const text = (name: string, label: string, rows = 0) => (
    <Form.Item name={name} label={t(label)} rules={required}>
      {rows ? <Input.TextArea rows={rows} data-testid={`case-field-${name}`} /> : <Input data-testid={`case-field-${name}`} />}
    </Form.Item>
  )
  const when = (name: string) => (
    <Form.Item name={name} label={t('field.at')} rules={required}>
      <Input type="datetime-local" data-testid={`case-field-${name}`} />
    </Form.Item>
  )
  const unitSelect = (
    <Form.Item name="unitId" label={t('field.unit')} rules={[{ required: true, message: t('required') }]}>
      <Select
        data-testid="case-field-unit"
        showSearch={{ optionFilterProp: 'label' }}
        options={units.map((u) => ({ value: String(u.id), label: u.name }))}
      />
    </Form.Item>
  )

  const initial: Values = {
    at: chinaNow(),
    kind: 'written',
    referral: 'litigation',
    performed: 'yes',
    by: chinaDateOf(new Date(Date.now() + 10 * 86_400_000)),
    mediatorId: view.mediators[0] ? String(view.mediators[0].id) : undefined,
    unitId: action === 'forward' && view.referral?.unit ? String(view.referral.unit.id) : undefined,
    place: action === 'session' || action === 'summon' ? view.unit.name : undefined,
  }

  return (
    <Modal
      open
      title={t(`action.${action}`)}
      onOk={submit}
      onCancel={onCancel}
      confirmLoading={sending}
      okButtonProps={{ 'data-testid': 'case-action-submit' }}
      okText={t('submit')}
      cancelText={t('cancel')}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" initialValues={initial} data-testid="case-action-form">
        {action === 'refuse' ? text('reason', 'field.reason', 3) : null}
        {action === 'summon' ? (
          <>
            {when('at')}
            {text('place', 'field.place')}
          </>
        ) : null}
        {action === 'session' ? (
          <>
            {when('at')}
            {text('place', 'field.place')}
            <Form.Item name="mediatorId" label={t('field.mediator')} rules={[{ required: true, message: t('required') }]}>
              <Select
                data-testid="case-field-mediator"
                options={view.mediators.map((m) => ({ value: String(m.id), label: m.title ? `${m.name}（${m.title}）` : m.name }))}
              />
            </Form.Item>
            {text('attendees', 'field.attendees')}
            {text('record', 'field.record', 4)}
          </>
        ) : null}
        {action === 'agree' ? (
          <>
            <Form.Item name="kind" label={t('field.kind')}>
              <Radio.Group data-testid="case-field-kind">
                <Radio value="written">{t('field.written')}</Radio>
                <Radio value="oral">{t('field.oral')}</Radio>
              </Radio.Group>
            </Form.Item>
            {kind === 'written' ? (
              <>
                {text('facts', 'field.facts', 3)}
                {text('responsibilities', 'field.responsibilities', 2)}
                {text('terms', 'field.terms', 3)}
                {text('how', 'field.how')}
                {text('where', 'field.where')}
              </>
            ) : (
              text('record', 'field.record', 3)
            )}
            <Form.Item name="by" label={t('field.by')} rules={required}>
              <Input type="date" data-testid="case-field-by" />
            </Form.Item>
          </>
        ) : null}
        {action === 'fail' ? (
          <>
            <Form.Item name="referral" label={t('field.referral')}>
              <Select
                data-testid="case-field-referral"
                options={(['litigation', 'arbitration', 'department', 'mediation'] as const).map((r) => ({
                  value: r,
                  label: t(`referral.${r}`),
                }))}
              />
            </Form.Item>
            {referral === 'department' || referral === 'mediation' ? unitSelect : null}
            {text('note', 'field.note', 2)}
          </>
        ) : null}
        {action === 'transfer' ? (
          <>
            {unitSelect}
            {text('note', 'field.note', 2)}
          </>
        ) : null}
        {action === 'forward' ? unitSelect : null}
        {action === 'follow_up' ? (
          <>
            <Form.Item name="performed" label={t('field.performed')}>
              <Radio.Group data-testid="case-field-performed">
                <Radio value="yes">{t('case.performed')}</Radio>
                <Radio value="no">{t('case.unperformed')}</Radio>
              </Radio.Group>
            </Form.Item>
            {text('note', 'field.note', 2)}
          </>
        ) : null}
      </Form>
    </Modal>
  )
}
