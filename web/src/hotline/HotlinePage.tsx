/**
 * The 12345 operator's desk, keyboard-first: the caller's number (their past events appear as soon
 * as it is complete), category with search, district → street → community with search (or a point
 * on the map), what they said (the category the classifier suggests for it is Alt+S), then Ctrl+Enter. Similar open events nearby are offered as Alt+1…5
 * to link the call instead of creating; a policy question can be answered on the call (Alt+A), or from
 * the knowledge base: its panel searches as the operator types, and 按知识库答复 answers from an article.
 */

import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { DuplicateCandidate, KnowledgeHit, Priority } from '@xiaolan/contracts'
import { PRIORITIES } from '@xiaolan/contracts'
import { Alert, Button, Card, Checkbox, Col, Form, Input, type InputRef, List, Radio, Row, Select, Space, Tag, Typography } from 'antd'
import type { TextAreaRef } from 'antd/es/input/TextArea'
import type { RefSelectProps } from 'antd/es/select'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AreaPicker, type Place } from '../components/AreaPicker.tsx'
import { CategorySuggestions, useCategorySuggestions } from '../components/CategorySuggestions.tsx'
import { PlaceSearch, placePath } from '../components/PlaceSearch.tsx'
import { SearchCascader } from '../components/SearchCascader.tsx'
import { StaffHeader } from '../components/StaffHeader.tsx'
import { EmptyState } from '../components/States.tsx'
import { call } from '../lib/api.ts'
import { formatChinaDate } from '../lib/china-time.ts'
import { useDebounced } from '../lib/debounce.ts'
import { errorText } from '../lib/errors.ts'
import { EVENT_READS, useLiveCalls } from '../lib/live.ts'
import { apiQuery, invalidate } from '../lib/queries.ts'
import { centerTree, subcategoryOptions, useCategories, useCategoryName, useCenters } from '../lib/reference.ts'
import { CallbackPanel } from './CallbackPanel.tsx'
import { consultCategoryOf, KnowledgePanel } from './KnowledgePanel.tsx'

interface CallForm {
  phone?: string
  category?: string
  place?: string[]
  description?: string
  title?: string
  address?: string
  priority?: Priority
  name?: string
  answer?: string
}

type Outcome = { kind: 'created' | 'answered' | 'linked'; number: string; unit: string | null; article?: string }

const MOBILE = /^1[3-9]\d{9}$/

export default function HotlinePage() {
  const { t, i18n } = useTranslation('hotline')
  const [form] = Form.useForm<CallForm>()
  const categories = useCategories()
  const centers = useCenters()
  const queryClient = useQueryClient()
  const categoryName = useCategoryName()
  const [answering, setAnswering] = useState(false)
  // the knowledge base's article the call is answered from (its panel's 按知识库答复)
  const [article, setArticle] = useState<KnowledgeHit | null>(null)
  const [point, setPoint] = useState<{ lat: number; lng: number } | null>(null)
  const [mapPlace, setMapPlace] = useState<Place | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const phoneRef = useRef<InputRef>(null)
  const descriptionRef = useRef<TextAreaRef>(null)
  const placeSearchRef = useRef<RefSelectProps>(null)
  const phone = Form.useWatch('phone', form)
  const place = Form.useWatch('place', form)
  const description = Form.useWatch('description', form)
  const category = Form.useWatch('category', form)
  const en = i18n.language === 'en'
  const communityCode = place?.length === 3 ? place[2] : undefined

  // 来电弹屏: the call ringing at or answered by this desk (the hall's CTI) fills the caller's number, so
  // their history shows before the operator types; the event registered during it keeps the call
  const currentCall = useQuery({ ...apiQuery('GET /hotline/calls/current'), refetchOnWindowFocus: true }).data?.call ?? null
  useLiveCalls(() => invalidate(queryClient, ['GET /hotline/calls/current']))
  const filledFor = useRef<string | null>(null)
  useEffect(() => {
    if (!currentCall?.callerNumber || filledFor.current === currentCall.callId) return
    filledFor.current = currentCall.callId
    form.setFieldValue('phone', currentCall.callerNumber)
    setOutcome(null)
  }, [currentCall, form])
  const callId = currentCall && currentCall.state !== 'ringing' ? currentCall.callId : undefined

  // the caller's history as soon as the number is complete (asked again for each call: each look-up is audited)
  const caller = phone?.trim() ?? ''
  const history =
    useQuery({
      ...apiQuery('POST /hotline/callers/events', { body: { phone: caller } }),
      enabled: MOBILE.test(caller) || (caller.length >= 7 && /^[0-9-]+$/.test(caller) && !caller.startsWith('1')),
      refetchOnWindowFocus: false,
    }).data?.items ?? null

  // open events nearby with similar text, half a second after typing stops
  const similar = useDebounced({ text: description?.trim() ?? '', communityCode, lat: point?.lat, lng: point?.lng, category }, 500)
  const duplicates =
    useQuery({
      ...apiQuery('POST /hotline/duplicates', { body: similar }),
      enabled: similar.text.length >= 4 && !!(similar.communityCode || similar.lat !== undefined),
      refetchOnWindowFocus: false,
    }).data?.items ?? []

  const suggestions = useCategorySuggestions(description ?? '')

  const newCall = useCallback(() => {
    form.resetFields()
    setAnswering(false)
    setArticle(null)
    setPoint(null)
    setMapPlace(null)
    setError(null)
    phoneRef.current?.focus()
  }, [form])

  /** Sends the call one way (a new event, answered, linked), shows what came of it and starts the next call. */
  const record = useCallback(
    async (send: () => Promise<Outcome>) => {
      setBusy(true)
      setError(null)
      try {
        setOutcome(await send())
        invalidate(queryClient, [...EVENT_READS, 'GET /hotline/calls/current'])
        newCall()
      } catch (e) {
        setError(e)
      } finally {
        setBusy(false)
      }
    },
    [newCall, queryClient],
  )

  const submit = useCallback(async () => {
    if (busy) return
    const v = await form.validateFields().catch(() => null)
    if (!v) return
    // the form's rules require both before validateFields resolves
    const common = {
      category: v.category ?? '',
      description: v.description?.trim() ?? '',
      title: v.title?.trim() || undefined,
      reporterPhone: v.phone?.trim() || undefined,
      reporterName: v.name?.trim() || undefined,
      communityCode,
    }
    await record(async () => {
      if (answering && article) {
        const body = { ...common, answer: v.answer?.trim() ?? '', articleId: article.id }
        const answered = await call('POST /knowledge/answered', { body })
        return { kind: 'answered', number: answered.event.number, unit: null, article: answered.article.title }
      }
      if (answering) {
        const e = await call('POST /hotline/answered', { body: { ...common, answer: v.answer?.trim() ?? '' } })
        return { kind: 'answered', number: e.number, unit: null }
      }
      const e = await call('POST /events', {
        body: {
          ...common,
          channel: 'hotline',
          callId,
          priority: v.priority,
          address: v.address?.trim() || undefined,
          ...(point ? { lat: point.lat, lng: point.lng, communityCode: undefined } : {}),
        },
      })
      return { kind: 'created', number: e.number, unit: e.currentUnit?.name ?? null }
    })
  }, [busy, form, answering, article, communityCode, point, record, callId])

  const link = useCallback(
    async (candidate: DuplicateCandidate | undefined) => {
      if (!candidate || busy) return
      const v = form.getFieldsValue()
      const description = v.description?.trim() ?? ''
      if (description.length < 2) {
        form.validateFields(['description']).catch(() => {})
        return
      }
      await record(async () => {
        const e = await call('POST /hotline/link', {
          body: { eventId: candidate.id, version: candidate.version, description, reporterPhone: v.phone?.trim() || undefined },
        })
        return { kind: 'linked', number: e.number, unit: e.currentUnit?.name ?? null }
      })
    },
    [busy, form, record],
  )

  /** A category chosen: its priority, and a policy question is answered on the call. */
  const applyCategory = useCallback(
    (code: string) => {
      const c = categories?.find((x) => x.code === code)
      if (c) form.setFieldValue('priority', c.priority)
      if (code === 'consult' || code.startsWith('consult.')) setAnswering(true)
    },
    [categories, form],
  )

  const onCategory = (code: string) => {
    applyCategory(code)
    // the category is chosen: on to the next field the operator fills, the place search (the community below is its fallback)
    if (code && !code.startsWith('consult')) setTimeout(() => placeSearchRef.current?.focus())
  }

  /** A suggestion taken (a click or Alt+S): the focus stays where the operator is typing. */
  const pickCategory = useCallback(
    (code: string) => {
      form.setFieldValue('category', code)
      form.validateFields(['category']).catch(() => {})
      applyCategory(code)
    },
    [form, applyCategory],
  )

  /** An article picked in the knowledge panel: a consult call, answered from it (its opening as the answer, to edit). */
  const pickArticle = useCallback(
    (hit: KnowledgeHit | null) => {
      setArticle(hit)
      if (!hit) return
      const code = form.getFieldValue('category') as string | undefined
      if (!code?.startsWith('consult')) pickCategory(consultCategoryOf(hit.category))
      setAnswering(true)
      form.setFieldValue('answer', hit.snippet)
    },
    [form, pickCategory],
  )

  // the desk's shortcuts, wherever the focus is
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault()
        void submit()
      } else if (e.altKey && /^[1-5]$/.test(e.key)) {
        e.preventDefault()
        void link(duplicates[Number(e.key) - 1])
      } else if (e.altKey && e.code === 'KeyS' && suggestions?.candidates[0]) {
        e.preventDefault()
        pickCategory(suggestions.candidates[0].category)
      } else if (e.altKey && e.code === 'KeyA') {
        e.preventDefault()
        setAnswering((a) => !a)
      } else if (e.altKey && e.code === 'KeyN') {
        e.preventDefault()
        newCall()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [submit, link, duplicates, newCall, suggestions, pickCategory])

  // a point on the map (or a community chosen there) fills the cascader too
  const pickPlace = async (p: Place) => {
    setMapPlace(p)
    const at = p.lat !== undefined && p.lng !== undefined ? { lat: p.lat, lng: p.lng } : null
    setPoint(at)
    let code = p.communityCode
    if (!code && at) {
      try {
        code = (await call('GET /orgs/locate', { query: at })).community?.code
      } catch (e) {
        setError(e)
        return
      }
    }
    const byId = new Map((centers ?? []).map((c) => [c.id, c]))
    const path: string[] = []
    let c = (centers ?? []).find((x) => x.code === code)
    while (c && c.level >= 2) {
      path.unshift(c.code)
      c = c.parentId === null ? undefined : byId.get(c.parentId)
    }
    if (path.length === 3) form.setFieldValue('place', path)
  }

  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <StaffHeader title={t('title')} />
      <main style={{ padding: '16px 24px' }}>
        <Row gutter={24}>
          <Col xs={24} lg={14}>
            <Card title={t('newCall')}>
              {currentCall ? (
                <Alert
                  type={currentCall.state === 'ended' ? 'info' : 'success'}
                  showIcon
                  style={{ marginBottom: 12 }}
                  data-testid="hotline-call"
                  data-call-state={currentCall.state}
                  title={t(`call.${currentCall.state}`, { number: currentCall.callerNumber ?? '' })}
                  description={t('call.id', { id: currentCall.callId })}
                />
              ) : null}
              <Form
                form={form}
                layout="vertical"
                initialValues={{ priority: 'normal' }}
                requiredMark
                // the previous call's 已登记 banner is about that call: gone once the operator types the next one
                onValuesChange={() => setOutcome(null)}
              >
                <Form.Item name="phone" label={t('phone')} rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: t('phoneInvalid') }]}>
                  <Input ref={phoneRef} autoFocus inputMode="tel" autoComplete="off" data-testid="hotline-phone" />
                </Form.Item>
                <Form.Item name="category" label={t('category')} rules={[{ required: true, message: t('categoryRequired') }]}>
                  <Select
                    showSearch={{ optionFilterProp: 'search' }}
                    options={subcategoryOptions(categories, en, category)}
                    placeholder={t('categoryPlaceholder')}
                    onChange={onCategory}
                    data-testid="hotline-category"
                  />
                </Form.Item>
                <Form.Item label={t('placeSearch')}>
                  <PlaceSearch
                    ref={placeSearchRef}
                    testId="hotline-place-search"
                    onPick={(m, typed) => {
                      // the community (and the point) the place leads to; the caller's words, building and all, as the address
                      void pickPlace({ ...(m.point ?? {}), communityCode: m.community.code, label: `${m.name}（${placePath(m)}）` })
                      if (!form.getFieldValue('address')) form.setFieldValue('address', typed.trim())
                      setTimeout(() => descriptionRef.current?.focus())
                    }}
                  />
                </Form.Item>
                <Form.Item name="place" label={t('place')} rules={answering ? [] : [{ required: true, message: t('placeRequired') }]}>
                  <SearchCascader
                    options={centerTree(centers)}
                    showSearch
                    placeholder={t('placePlaceholder')}
                    onChange={() => {
                      setPoint(null)
                      setMapPlace(null)
                      // the place is chosen: on to what the caller says
                      setTimeout(() => descriptionRef.current?.focus())
                    }}
                    data-testid="hotline-community"
                  />
                </Form.Item>
                <Form.Item
                  name="description"
                  label={t('description')}
                  rules={[{ required: true, min: 2, whitespace: true, message: t('descriptionRequired') }]}
                >
                  <Input.TextArea ref={descriptionRef} rows={3} maxLength={4000} data-testid="hotline-description" />
                </Form.Item>
                <CategorySuggestions
                  suggestions={suggestions}
                  value={category}
                  onPick={pickCategory}
                  shortcut="Alt+S"
                  testId="hotline-suggestions"
                />
                {answering && article ? (
                  <Alert
                    style={{ marginBottom: 12 }}
                    type="info"
                    showIcon
                    data-testid="hotline-answering-article"
                    title={t('knowledge:panel.usingArticle', { title: article.title })}
                  />
                ) : null}
                {answering ? (
                  <Form.Item
                    name="answer"
                    label={t('answer')}
                    rules={[{ required: true, min: 2, whitespace: true, message: t('answerRequired') }]}
                  >
                    <Input.TextArea rows={3} maxLength={4000} data-testid="hotline-answer" autoFocus />
                  </Form.Item>
                ) : null}
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item name="title" label={t('titleField')}>
                      <Input maxLength={100} data-testid="hotline-title" />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="address" label={t('address')}>
                      <Input maxLength={200} data-testid="hotline-address" />
                    </Form.Item>
                  </Col>
                </Row>
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item name="priority" label={t('priority')}>
                      <Radio.Group
                        optionType="button"
                        options={PRIORITIES.map((p) => ({ value: p, label: t(`common:priority.${p}`) }))}
                        data-testid="hotline-priority"
                      />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="name" label={t('callerName')}>
                      <Input maxLength={30} data-testid="hotline-name" />
                    </Form.Item>
                  </Col>
                </Row>
                <Space wrap>
                  <Button type="primary" onClick={() => void submit()} loading={busy} data-testid="hotline-submit">
                    {answering ? t('submitAnswered') : t('submit')}
                  </Button>
                  <Checkbox checked={answering} onChange={(e) => setAnswering(e.target.checked)} data-testid="hotline-answering">
                    {t('answering')}
                  </Checkbox>
                  <Button onClick={newCall}>{t('newCallButton')}</Button>
                </Space>
                {error ? <Alert style={{ marginTop: 12 }} type="error" showIcon title={errorText(t, error)} /> : null}
              </Form>
            </Card>
            {outcome ? (
              <Alert
                style={{ marginTop: 16 }}
                type="success"
                showIcon
                data-testid="hotline-result"
                title={
                  <span>
                    {t(`outcome.${outcome.kind}`)} <strong data-testid="hotline-result-number">{outcome.number}</strong>
                    {outcome.article ? (
                      <>
                        {' · '}
                        <span data-testid="hotline-result-article">{t('knowledge:event.answeredFrom', { title: outcome.article })}</span>
                      </>
                    ) : null}
                    {outcome.unit ? (
                      <>
                        {' · '}
                        {t('routedTo')} <strong data-testid="hotline-routed-unit">{outcome.unit}</strong>
                      </>
                    ) : null}
                  </span>
                }
              />
            ) : null}
          </Col>
          <Col xs={24} lg={10}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <KnowledgePanel question={description ?? ''} picked={article} onPick={pickArticle} />
              <Card size="small" title={t('duplicates')} data-testid="hotline-duplicates">
                {duplicates.length ? (
                  <List
                    size="small"
                    dataSource={duplicates}
                    renderItem={(d, i) => (
                      <List.Item
                        actions={[
                          <Button key="link" size="small" onClick={() => void link(d)} data-testid={`hotline-link-${i + 1}`}>
                            {t('link')} (Alt+{i + 1})
                          </Button>,
                        ]}
                      >
                        <List.Item.Meta
                          title={`${d.number} · ${d.title}`}
                          description={`${categoryName(d.category)} · ${d.community?.name ?? ''} · ${t(`common:state.${d.state}`)} · ${t('similar', { percent: Math.round(d.score * 100) })}`}
                        />
                      </List.Item>
                    )}
                  />
                ) : (
                  <Typography.Text type="secondary">{t('noDuplicates')}</Typography.Text>
                )}
              </Card>
              <Card size="small" title={t('history')} data-testid="hotline-history">
                {history === null ? (
                  <Typography.Text type="secondary">{t('historyHint')}</Typography.Text>
                ) : history.length ? (
                  <List
                    size="small"
                    dataSource={history}
                    renderItem={(e) => (
                      <List.Item>
                        <List.Item.Meta
                          title={`${e.number} · ${e.title}`}
                          description={`${categoryName(e.category)} · ${e.currentUnit?.name ?? ''} · ${formatChinaDate(e.createdAt)}`}
                        />
                        <Tag>{t(`common:state.${e.state}`)}</Tag>
                      </List.Item>
                    )}
                  />
                ) : (
                  <EmptyState text={t('noHistory')} />
                )}
              </Card>
              <CallbackPanel />
              <Card size="small" title={t('map')}>
                <AreaPicker value={mapPlace} onChange={(p) => void pickPlace(p)} testId="hotline-map" search={false} />
              </Card>
              <Card size="small" title={t('shortcuts')}>
                <dl
                  style={{ margin: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '4px 12px' }}
                  data-testid="hotline-shortcuts"
                >
                  {(['submit', 'suggest', 'link', 'answer', 'new', 'tab'] as const).map((k) => (
                    <div key={k} style={{ display: 'contents' }}>
                      <dt>
                        <kbd>{t(`key.${k}`)}</kbd>
                      </dt>
                      <dd style={{ margin: 0 }}>{t(`keyHelp.${k}`)}</dd>
                    </div>
                  ))}
                </dl>
              </Card>
            </Space>
          </Col>
        </Row>
      </main>
    </div>
  )
}
