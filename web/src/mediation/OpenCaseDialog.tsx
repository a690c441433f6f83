/**
 * 转调解 from the event drawer (a center holding the event): the organisation to send it to — the
 * server's suggestion by the dispute's type and nearness first, the others after — the dispute's type
 * and amount, what it is about, and the parties. Opening it dispatches the event to the organisation.
 */
import { useQuery } from '@tanstack/react-query'
import { type CaseView, DISPUTE_TYPES, type DisputeType, type EventView, type PartyInput } from '@xiaolan/contracts'
import { App as AntApp, Button, Form, Input, InputNumber, Modal, Select, Space } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../lib/api.ts'
import { errorText } from '../lib/errors.ts'
import { apiQuery } from '../lib/queries.ts'

interface Values {
  unitId: number
  disputeType: DisputeType
  amount?: number
  summary: string
  parties: Array<{ role: PartyInput['role']; name: string; phone?: string; idNumber?: string }>
}

export function OpenCaseDialog({ event, onDone, onCancel }: { event: EventView; onDone(view: CaseView): void; onCancel(): void }) {
  const { t } = useTranslation('mediation')
  const { message } = AntApp.useApp()
  const [form] = Form.useForm<Values>()
  const [sending, setSending] = useState(false)
  const choice = useQuery(apiQuery('GET /mediation/organisations', { query: { eventId: event.id } })).data
  const required = [{ required: true, whitespace: true, message: t('required') }]

  const submit = async () => {
    const v = await form.validateFields()
    setSending(true)
    try {
      const parties = v.parties.map((p) => ({
        role: p.role,
        name: p.name.trim(),
        ...(p.phone?.trim() ? { phone: p.phone.trim() } : {}),
        ...(p.idNumber?.trim() ? { idNumber: p.idNumber.trim() } : {}),
      }))
      const body = {
        eventId: event.id,
        version: event.version,
        unitId: v.unitId,
        disputeType: v.disputeType,
        summary: v.summary.trim(),
        parties,
        ...(v.amount !== undefined && v.amount !== null ? { amount: v.amount } : {}),
      }
      onDone(await call('POST /mediation/cases', { body }))
      message.success(t('open.opened'))
    } catch (e) {
      message.error(errorText(t, e))
    } finally {
      setSending(false)
    }
  }

  return (
    <Modal
      open
      title={t('open.title', { number: event.number })}
      onOk={submit}
      onCancel={onCancel}
      confirmLoading={sending}
      okText={t('submit')}
      cancelText={t('cancel')}
      okButtonProps={{ disabled: !choice, 'data-testid': 'open-case-submit' }}
      destroyOnHidden
      width={680}
    >
      {choice ? (
        <Form
          form={form}
          layout="vertical"
          data-testid="open-case-form"
          initialValues={{
            unitId: choice.suggested?.unit.id,
            disputeType: choice.disputeType ?? 'other',
            summary: event.description.slice(0, 2000),
            parties: [
              { role: 'applicant', name: '' },
              { role: 'respondent', name: '' },
            ],
          }}
        >
          {choice.suggested ? (
            <p data-testid="open-case-suggested">
              {t('open.suggested', { name: choice.suggested.unit.name, specialty: t(`specialty.${choice.suggested.specialty}`) })} ·{' '}
              {t(`open.basis.${choice.basis}`)}
            </p>
          ) : null}
          <Form.Item name="unitId" label={t('field.organisation')} rules={[{ required: true, message: t('required') }]}>
            <Select
              data-testid="open-case-unit"
              showSearch={{ optionFilterProp: 'label' }}
              options={choice.items.map((o) => ({
                value: o.unit.id,
                label: `${o.unit.name} · ${t(`specialty.${o.specialty}`)}${o.distanceKm !== null ? ` · ${t('open.distance', { km: o.distanceKm })}` : ''}`,
              }))}
            />
          </Form.Item>
          <Space>
            <Form.Item name="disputeType" label={t('field.disputeType')}>
              <Select style={{ width: 200 }} options={DISPUTE_TYPES.map((d) => ({ value: d, label: t(`type.${d}`) }))} />
            </Form.Item>
            <Form.Item name="amount" label={t('case.amount')}>
              <InputNumber min={0} max={999_999_999_999} style={{ width: 180 }} />
            </Form.Item>
          </Space>
          <Form.Item name="summary" label={t('case.summary')} rules={required}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.List name="parties">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap>
                    <Form.Item name={[f.name, 'role']}>
                      <Select
                        style={{ width: 110 }}
                        options={(['applicant', 'respondent'] as const).map((r) => ({ value: r, label: t(`role.${r}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'name']} rules={required}>
                      <Input placeholder={t('field.name')} aria-label={t('field.name')} data-testid={`party-name-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'phone']} rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('field.phone') }]}>
                      <Input placeholder={t('field.phone')} aria-label={t('field.phone')} data-testid={`party-phone-${i}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'idNumber']} rules={[{ pattern: /^\d{17}[\dXx]$/, message: t('field.idNumber') }]}>
                      <Input placeholder={t('field.idNumber')} aria-label={t('field.idNumber')} />
                    </Form.Item>
                    {fields.length > 2 ? <Button onClick={() => remove(f.name)}>{t('open.removeParty')}</Button> : null}
                  </Space>
                ))}
                {fields.length < 10 ? <Button onClick={() => add({ role: 'respondent', name: '' })}>{t('open.addParty')}</Button> : null}
              </>
            )}
          </Form.List>
        </Form>
      ) : null}
    </Modal>
  )
}
