/**
 * The dialog of one action: a reason or note where the rule asks for one, the unit picker for
 * accept/dispatch (the units this center may dispatch to), days for an extension, the summoned
 * units and their lead for a whistle, the target event for a merge, the rating for a recorded
 * evaluation, the result photos (处理结果照片) for a resolve — uploaded as they are picked, sent
 * only once every one is stored; the new category for 改分类 (the classifier's suggestions for the
 * event's text beside it), and for an accept the category to confirm or correct on the way. The
 * server decides; a 409 reloads the event.
 */
import type { ActionType, EventView, Rating } from '@xiaolan/contracts'
import { RATINGS } from '@xiaolan/contracts'
import { Form, Input, InputNumber, Radio, Select, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CategorySuggestions, useCategorySuggestions } from '../components/CategorySuggestions.tsx'
import { FormDialog } from '../components/FormDialog.tsx'
import { PhotoPicker } from '../components/PhotoPicker.tsx'
import { act } from '../lib/acted.ts'
import { ApiError, call } from '../lib/api.ts'
import { subcategoryOptions, useCategories, useCategoryName, useDispatchTargets } from '../lib/reference.ts'

/** Actions whose rule asks for a note (the lifecycle's needNote). */
const NOTE_REQUIRED = new Set<ActionType>([
  'reject',
  'escalate',
  'return',
  'resolve',
  'supervise',
  'reply',
  'extend',
  'refuse_extension',
  'send_back',
  'check_in',
  'comment',
  'recategorize',
])
const UNIT_ACTIONS = new Set<ActionType>(['accept', 'dispatch'])

interface Values {
  note?: string
  unitId?: number
  days?: number
  units?: number[]
  leadUnitId?: number
  intoEventId?: number
  rating?: Rating
  category?: string
}

export function ActionDialog({
  event,
  action,
  onDone,
  onCancel,
  onStale,
}: {
  event: EventView
  action: ActionType
  onDone(updated: EventView): void
  onCancel(): void
  onStale(): void
}) {
  const { t, i18n } = useTranslation('workbench')
  const [form] = Form.useForm<Values>()
  const picksCategory = action === 'recategorize' || action === 'accept'
  const categories = useCategories()
  const categoryLabel = useCategoryName()
  const category = Form.useWatch('category', form)
  const suggestions = useCategorySuggestions(action === 'recategorize' ? `${event.title} ${event.description}` : '')
  const needsUnits = UNIT_ACTIONS.has(action) || action === 'whistle'
  const targets = useDispatchTargets(needsUnits)
  const [candidates, setCandidates] = useState<EventView[]>([])
  const summoned = Form.useWatch('units', form) ?? []
  const [photoIds, setPhotoIds] = useState<number[]>([])
  const [uploading, setUploading] = useState(false)

  const searchEvents = async (text: string) => {
    if (text.trim().length < 2) return
    try {
      const page = await call('GET /events', { query: { text: text.trim(), limit: 10 } })
      setCandidates(page.items.filter((e) => e.id !== event.id && !['closed', 'rejected', 'merged'].includes(e.state)))
    } catch {
      setCandidates([])
    }
  }

  useEffect(() => {
    form.resetFields()
  }, [form])

  const submit = async (values: Values) =>
    onDone(
      await act(event, {
        type: action,
        ...values,
        // an accept sends a category only to correct it
        category: action === 'accept' && values.category === event.category ? undefined : values.category,
        note: values.note?.trim() || undefined,
        ...(action === 'resolve' && photoIds.length ? { attachmentIds: photoIds } : {}),
      }),
    )
  const stale = (e: unknown) => {
    if (e instanceof ApiError && (e.status === 409 || e.code === 'stale_version')) onStale()
  }

  const unitOptions = (targets?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}（${t(`kind.${u.kind}`)}）` }))

  return (
    <FormDialog
      form={form}
      title={t(`common:action.${action}`)}
      onSubmit={submit}
      onCancel={onCancel}
      onError={stale}
      modal={{ okButtonProps: { 'data-testid': 'action-confirm', disabled: uploading }, destroyOnHidden: true }}
    >
      {UNIT_ACTIONS.has(action) ? (
        <Form.Item name="unitId" label={t('dialog.unit')} rules={[{ required: true, message: t('dialog.unitRequired') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={unitOptions}
            loading={!targets}
            placeholder={t('dialog.unitPlaceholder')}
            data-testid="action-unit"
            autoFocus
          />
        </Form.Item>
      ) : null}
      {action === 'recategorize' ? (
        <Typography.Paragraph data-testid="action-category-current">
          {t('dialog.categoryNow', { category: categoryLabel(event.category) })}
        </Typography.Paragraph>
      ) : null}
      {picksCategory ? (
        <Form.Item
          name="category"
          label={t(action === 'accept' ? 'dialog.categoryConfirm' : 'dialog.category')}
          initialValue={action === 'accept' ? event.category : undefined}
          rules={[{ required: true, message: t('dialog.categoryRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'search' }}
            options={subcategoryOptions(categories, i18n.language === 'en', category)}
            placeholder={t('dialog.categoryPlaceholder')}
            data-testid="action-category"
            autoFocus={action === 'recategorize'}
          />
        </Form.Item>
      ) : null}
      {action === 'recategorize' ? (
        <CategorySuggestions
          suggestions={suggestions}
          value={category}
          onPick={(code) => form.setFieldValue('category', code)}
          testId="action-category-suggestions"
        />
      ) : null}
      {action === 'whistle' ? (
        <>
          <Form.Item
            name="units"
            label={t('dialog.summon')}
            rules={[{ required: true, type: 'array', min: 2, message: t('dialog.summonRequired') }]}
          >
            <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={unitOptions} data-testid="action-units" />
          </Form.Item>
          <Form.Item name="leadUnitId" label={t('dialog.lead')} rules={[{ required: true, message: t('dialog.leadRequired') }]}>
            <Select options={unitOptions.filter((o) => summoned.includes(o.value))} data-testid="action-lead" />
          </Form.Item>
        </>
      ) : null}
      {action === 'extend' ? (
        <Form.Item name="days" label={t('dialog.days')} rules={[{ required: true, message: t('dialog.daysRequired') }]}>
          <InputNumber min={1} max={60} precision={0} data-testid="action-days" style={{ width: 160 }} />
        </Form.Item>
      ) : null}
      {action === 'merge' ? (
        <Form.Item name="intoEventId" label={t('dialog.mergeInto')} rules={[{ required: true, message: t('dialog.mergeRequired') }]}>
          <Select
            showSearch={{ filterOption: false, onSearch: (v) => void searchEvents(v) }}
            placeholder={t('dialog.mergePlaceholder')}
            options={candidates.map((e) => ({ value: e.id, label: `${e.number} · ${e.title}` }))}
            data-testid="action-merge-target"
          />
        </Form.Item>
      ) : null}
      {action === 'evaluate' ? (
        <Form.Item name="rating" label={t('dialog.rating')} rules={[{ required: true, message: t('dialog.ratingRequired') }]}>
          <Radio.Group options={RATINGS.map((r) => ({ value: r, label: t(`common:rating.${r}`) }))} />
        </Form.Item>
      ) : null}
      <Form.Item
        name="note"
        label={t(NOTE_REQUIRED.has(action) ? `dialog.note.${action}` : 'dialog.noteOptional')}
        rules={NOTE_REQUIRED.has(action) ? [{ required: true, whitespace: true, message: t('dialog.noteRequired') }] : []}
      >
        <Input.TextArea
          rows={3}
          maxLength={2000}
          showCount
          data-testid="action-note"
          autoFocus={!UNIT_ACTIONS.has(action) && !picksCategory}
        />
      </Form.Item>
      {action === 'resolve' ? (
        <Form.Item label={t('dialog.resultPhotos')} extra={uploading ? t('dialog.photosUploading') : undefined}>
          <PhotoPicker onChange={setPhotoIds} onBusy={setUploading} testId="action-photos" />
        </Form.Item>
      ) : null}
    </FormDialog>
  )
}
