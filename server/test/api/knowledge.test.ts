/**
 * The 12345 knowledge base (issue 18 item 1) over HTTP, on PGlite and PostgreSQL: departments write
 * and submit, reviewers publish, the search offers only what is published and valid, an operator
 * answers a consult call from an article (the event closed with it linked), and the reports.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { build, type Client } from '../helper.ts'

const ENROLMENT = '义务教育阶段新生入学登记需要准备哪些材料'
/** 兰州市教育局 and 兰州市人力资源和社会保障局: the city's 15th and 11th departments of the demo. */
const EDUCATION = '620100D15'
const HUMAN_RESOURCES = '620100D11'

const search = async (c: Client, q: string) => {
  const res = await c.get(`/api/v1/knowledge/search?q=${encodeURIComponent(q)}`)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body as { items: Array<{ id: number; title: string; confidence: number; unit: string }>; noGoodAnswer: boolean }
}

const article = (over: Record<string, unknown> = {}) => ({
  title: '寒假托管班报名须知',
  body: '兰州市部分公办小学在寒假期间开设托管班，家长自愿报名，收费按核定标准执行，困难家庭学生免费。',
  category: 'education',
  keywords: ['寒假托管', '托管班'],
  validFrom: '2026-01-01',
  ...over,
})

test('anyone finds the enrolment article from a colloquial question; drafts and articles past validity are never offered', async (t) => {
  const h = await build(t)
  const found = await search(h.anonymous, '孩子上学要啥材料')
  assert.equal(found.items[0].title, ENROLMENT)
  assert.equal(found.items[0].unit, '兰州市教育局')
  assert.equal(found.noGoodAnswer, false)
  const resident = await h.resident('13900000031')
  assert.equal((await search(resident, '暂住证怎么办')).items[0].title, '兰州市居住证怎么办理，需要什么材料')

  // the 2024—2025 heating-season subsidy ended on 2025-03-31: not on the shelf on 2026-11-30
  const expired = await search(h.anonymous, '清洁取暖补贴煤改电')
  assert.ok(!expired.items.some((i) => i.title.startsWith('2024—2025年度')), JSON.stringify(expired.items))
  const detail = await h.anonymous.get(`/api/v1/knowledge/articles/${found.items[0].id}`)
  assert.equal(detail.status, 200)
  assert.equal(detail.body.body.includes('划片招生'), true)
  assert.deepEqual(detail.body.revisions, [], 'the public never reads the revisions')

  const nonsense = await search(h.anonymous, '羊驼怎么养殖繁育')
  assert.equal(nonsense.noGoodAnswer, true)
})

test('a department writes and submits, a reviewer publishes; every step is a revision; a stale version is 409', async (t) => {
  const h = await build(t)
  const department = await h.as(`d-${EDUCATION}`)
  const created = await department.post('/api/v1/knowledge/articles', article())
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const id = created.body.id
  assert.equal(created.body.state, 'draft')
  assert.equal(created.body.unit.code, EDUCATION, 'a department’s article is its own')
  assert.equal(
    (await search(h.anonymous, '寒假托管班怎么报名')).items.some((i) => i.id === id),
    false,
    'a draft is not searched',
  )
  assert.equal((await h.anonymous.get(`/api/v1/knowledge/articles/${id}`)).status, 404, 'nor read by the public')

  const submitted = await department.post(`/api/v1/knowledge/articles/${id}/review`, { action: 'submit', version: 1 })
  assert.equal(submitted.status, 200, JSON.stringify(submitted.body))
  assert.equal(submitted.body.state, 'in_review')
  assert.equal((await department.post(`/api/v1/knowledge/articles/${id}/review`, { action: 'publish', version: 2 })).status, 403)

  const admin = await h.as('admin')
  const stale = await admin.post(`/api/v1/knowledge/articles/${id}/review`, { action: 'publish', version: 1 })
  assert.equal(stale.status, 409)
  const published = await admin.post(`/api/v1/knowledge/articles/${id}/review`, { action: 'publish', version: 2, note: '内容准确' })
  assert.equal(published.status, 200, JSON.stringify(published.body))
  assert.equal(published.body.state, 'published')
  assert.equal((await search(h.anonymous, '寒假托管班怎么报名')).items[0].id, id, 'published: the search finds it at once')

  // a department's edit of a published article goes back through review
  const edited = await department.request('PATCH', `/api/v1/knowledge/articles/${id}`, {
    version: 3,
    body: '兰州市部分公办小学在寒假期间开设托管班，家长自愿报名，每日8:30至17:30，收费按核定标准执行。',
    note: '补充时间',
  })
  assert.equal(edited.status, 200, JSON.stringify(edited.body))
  assert.equal(edited.body.state, 'draft')
  assert.equal(
    (await search(h.anonymous, '寒假托管班怎么报名')).items.some((i) => i.id === id),
    false,
  )
  assert.deepEqual(
    edited.body.revisions.map((r: { version: number; action: string; actor: string }) => [r.version, r.action, r.actor]),
    [
      [4, 'edit', `d-${EDUCATION}`],
      [3, 'publish', 'admin'],
      [2, 'submit', `d-${EDUCATION}`],
      [1, 'create', `d-${EDUCATION}`],
    ],
  )
  assert.equal(edited.body.revisions[0].note, '补充时间')
  const returned = await admin.post(`/api/v1/knowledge/articles/${id}/review`, { action: 'return', version: 4 })
  assert.equal(returned.status, 400, 'a return says why')
  assert.equal(returned.body.error.details.field, 'note')
  const again = await admin.post(`/api/v1/knowledge/articles/${id}/review`, { action: 'submit', version: 4 })
  assert.equal(again.status, 200)
  assert.equal(
    (await admin.post(`/api/v1/knowledge/articles/${id}/review`, { action: 'submit', version: 5 })).status,
    409,
    'in review already',
  )

  const listed = await department.get('/api/v1/knowledge/articles?state=in_review')
  assert.equal(listed.status, 200)
  assert.deepEqual(
    listed.body.items.map((a: { id: number }) => a.id),
    [id],
  )
})

test('who may write: 403 for another department’s article, operators and residents; 400 names the field', async (t) => {
  const h = await build(t)
  const department = await h.as(`d-${EDUCATION}`)
  const other = await department.post('/api/v1/knowledge/articles', article({ unitCode: HUMAN_RESOURCES }))
  assert.equal(other.status, 403)
  const operator = await h.as('operator1')
  assert.equal((await operator.post('/api/v1/knowledge/articles', article())).status, 403)
  assert.equal((await operator.get('/api/v1/knowledge/articles')).status, 403)
  const resident = await h.resident('13900000032')
  assert.equal((await resident.post('/api/v1/knowledge/articles', article())).status, 403)
  assert.equal((await h.anonymous.get('/api/v1/knowledge/reports')).status, 401)

  const labour = await h.as(`d-${HUMAN_RESOURCES}`)
  const theirs = (await labour.get('/api/v1/knowledge/articles')).body.items
  assert.ok(
    theirs.length > 5 && theirs.every((a: { unit: { code: string } }) => a.unit.code === HUMAN_RESOURCES),
    'a department lists its own',
  )
  const patch = await department.request('PATCH', `/api/v1/knowledge/articles/${theirs[0].id}`, {
    version: theirs[0].version,
    title: '改别人的文章',
  })
  assert.equal(patch.status, 403)

  for (const [body, field] of [
    [article({ title: '短' }), 'title'],
    [article({ category: 'astrology' }), 'category'],
    [article({ validFrom: '2026-02-30' }), 'validFrom'],
    [article({ validTo: '2025-12-31' }), 'validTo'],
    [article({ unitCode: '620105007010' }), 'unitCode'],
    [article({ keywords: ['重复', '重复'] }), 'keywords'],
  ] as const) {
    const res = await (field === 'unitCode' ? await h.as('admin') : department).post('/api/v1/knowledge/articles', body)
    assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`)
    assert.equal(res.body.error.details.field, field)
  }
  const noQuery = await h.anonymous.get('/api/v1/knowledge/search?q=')
  assert.equal(noQuery.status, 400)
  assert.equal(noQuery.body.error.details.field, 'q')
})

test('an operator answers a consult call from an article: the event is closed with the article linked, and the reports count it', async (t) => {
  const h = await build(t)
  const operator = await h.as('operator2')
  const [best] = (await search(operator, '孩子上学要啥材料')).items
  const answered = await operator.post('/api/v1/knowledge/answered', {
    category: 'consult',
    description: '孩子明年上小学，问入学登记需要什么材料',
    answer: '户口簿、父母身份证、房产证明，非本市户籍另需居住证',
    reporterPhone: '13900000033',
    articleId: best.id,
  })
  assert.equal(answered.status, 201, JSON.stringify(answered.body))
  const event = answered.body.event
  assert.equal(event.state, 'closed')
  assert.deepEqual(
    event.timeline.map((e: { action: string }) => e.action),
    ['submit', 'answer'],
  )
  assert.match(event.timeline[1].note, new RegExp(`《${ENROLMENT}》`))
  assert.deepEqual(answered.body.article, { id: best.id, title: ENROLMENT, version: 1 })

  const link = await operator.get(`/api/v1/knowledge/events/${event.id}`)
  assert.equal(link.status, 200)
  assert.equal(link.body.article.title, ENROLMENT)
  assert.equal(link.body.operator, 'operator2')

  // a draft is no answer; a failed intake writes no link (the same transaction)
  const admin = await h.as('admin')
  const draft = await admin.post('/api/v1/knowledge/articles', article())
  const refused = await operator.post('/api/v1/knowledge/answered', {
    category: 'consult',
    description: '寒假托管班',
    answer: '见知识库',
    articleId: draft.body.id,
  })
  assert.equal(refused.status, 400)
  assert.equal(refused.body.error.details.field, 'articleId')
  const badCategory = await operator.post('/api/v1/knowledge/answered', {
    category: 'no-such-category',
    description: '孩子上学材料',
    answer: '见知识库',
    articleId: best.id,
  })
  assert.equal(badCategory.status, 400)
  const center = await h.as('c-620105007010')
  assert.equal(
    (
      await center.post('/api/v1/knowledge/answered', {
        category: 'consult',
        description: '孩子上学',
        answer: '见知识库',
        articleId: best.id,
      })
    ).status,
    403,
  )

  const reports = await admin.get('/api/v1/knowledge/reports')
  assert.equal(reports.status, 200, JSON.stringify(reports.body))
  assert.deepEqual(
    reports.body.mostUsed.map((u: { article: { id: number }; answers: number }) => [u.article.id, u.answers]),
    [[best.id, 1]],
    'one answer: the failed ones linked nothing',
  )
  assert.ok(
    reports.body.expired.some((a: { title: string }) => a.title.startsWith('2025—2026年度城乡居民医保')),
    'past its validity',
  )
  await search(operator, '羊驼怎么养殖繁育 13912345678')
  const again = await admin.get('/api/v1/knowledge/reports')
  const asked = again.body.unanswered.find((u: { query: string }) => u.query.startsWith('羊驼'))
  assert.ok(asked, JSON.stringify(again.body.unanswered))
  assert.ok(!asked.query.includes('13912345678'), 'the caller’s number is masked in the log')
})
