/**
 * What every new report asks, for the resident's 我要报事 and the grid worker's collection alike:
 * the category, the description, photos and the place — one draft, and the body fields it makes.
 */
import { Alert, Button, Form, Input, Switch } from 'antd'
import { useCallback, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AreaPicker, type Place } from './AreaPicker.tsx'
import { CategoryPicker } from './CategoryPicker.tsx'
import { CategorySuggestions, useCategorySuggestions } from './CategorySuggestions.tsx'
import { PhotoPicker } from './PhotoPicker.tsx'

export interface ReportDraft {
  category: string | null
  description: string
  place: Place | null
  photoIds: number[]
}

const EMPTY: ReportDraft = { category: null, description: '', place: null, photoIds: [] }

export function useReportDraft() {
  const [draft, setDraft] = useState(EMPTY)
  const update = useCallback((change: Partial<ReportDraft>) => setDraft((d) => ({ ...d, ...change })), [])
  return [draft, update] as const
}

/** The first problem of a draft in the user's words (by field), none when it can be sent. */
export function draftProblems(
  draft: ReportDraft,
  t: (key: string) => string,
): Partial<Record<'category' | 'description' | 'place', string>> {
  return {
    ...(draft.category ? {} : { category: t('resident:report.categoryRequired') }),
    ...(draft.description.trim().length < 2 ? { description: t('resident:report.descriptionRequired') } : {}),
    ...(draft.place ? {} : { place: t('resident:report.placeRequired') }),
  }
}

/** Where it happened as the API takes it: the point when there is one, else the community picked. */
export const placeBody = (place: Place) =>
  place.lat !== undefined && place.lng !== undefined ? { lat: place.lat, lng: place.lng } : { communityCode: place.communityCode }

/** The draft's body fields (call only once `draftProblems` found none). */
export const draftBody = (draft: ReportDraft) => ({
  category: draft.category ?? '',
  description: draft.description.trim(),
  ...(draft.place ? placeBody(draft.place) : {}),
  ...(draft.photoIds.length ? { attachmentIds: draft.photoIds } : {}),
})

export function ReportFields({
  draft,
  update,
  problems = {},
  testIds,
  labels,
  extraPlace,
  within,
}: {
  draft: ReportDraft
  update: (change: Partial<ReportDraft>) => void
  problems?: Partial<Record<'category' | 'description' | 'place', string>>
  testIds: { description: string; photos?: string; map?: string }
  /** the grid's own words for the photos and the place */
  labels?: { photos: string; place: string }
  /** shown above the map (the grid worker's "use my position") */
  extraPlace?: React.ReactNode
  /** the place search offers only places inside this unit (the grid worker's own) */
  within?: string
}) {
  const { t } = useTranslation('resident')
  const onPhotos = useCallback((photoIds: number[]) => update({ photoIds }), [update])
  const status = (key: keyof typeof problems) => (problems[key] ? ('error' as const) : undefined)
  const suggestions = useCategorySuggestions(draft.description)
  return (
    <>
      <Form.Item label={t('report.category')} validateStatus={status('category')} help={problems.category}>
        <CategoryPicker value={draft.category} onChange={(category) => update({ category })} />
      </Form.Item>
      <Form.Item label={t('report.description')} validateStatus={status('description')} help={problems.description}>
        <Input.TextArea
          value={draft.description}
          onChange={(e) => update({ description: e.target.value })}
          rows={4}
          maxLength={4000}
          placeholder={t('report.descriptionPlaceholder')}
          aria-label={t('report.description')}
          data-testid={testIds.description}
        />
      </Form.Item>
      <CategorySuggestions
        suggestions={suggestions}
        value={draft.category}
        onPick={(category) => update({ category })}
        testId={`${testIds.description}-suggestions`}
      />
      <Form.Item label={labels?.photos ?? t('report.photos')}>
        <PhotoPicker onChange={onPhotos} testId={testIds.photos} />
      </Form.Item>
      <Form.Item label={labels?.place ?? t('report.place')} validateStatus={status('place')} help={problems.place}>
        {extraPlace}
        <AreaPicker value={draft.place} onChange={(place) => update({ place })} testId={testIds.map} within={within} />
      </Form.Item>
    </>
  )
}

/** A yes/no of the report (hide my name, handled on the spot), labelled beside the switch. */
export function SwitchRow({
  checked,
  onChange,
  label,
  testId,
}: {
  checked: boolean
  onChange(v: boolean): void
  label: string
  testId: string
}) {
  const id = useId()
  return (
    <Form.Item>
      {/* the whole row is the target: a tap on the words toggles the switch */}
      <label htmlFor={id} style={{ display: 'flex', alignItems: 'center', gap: 8, minHeight: 44, cursor: 'pointer' }}>
        <Switch id={id} checked={checked} onChange={onChange} aria-label={label} data-testid={testId} />
        <span>{label}</span>
      </label>
    </Form.Item>
  )
}

/** The report's send button, with what went wrong above it. */
export function SubmitRow({ error, busy, label, testId }: { error: string | null; busy: boolean; label: string; testId: string }) {
  return (
    <>
      {error ? <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid={testId}>
        {label}
      </Button>
    </>
  )
}
