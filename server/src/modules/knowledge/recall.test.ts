/**
 * The search finds the right article from a caller's own words: 50 colloquial questions, as callers
 * put them to 12345, each with the demo article that answers it. Top-3 recall is asserted (and
 * printed); "孩子上学要啥材料" must find the enrolment article first (issue 18's test).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { demoArticles } from './demo-articles.ts'
import { buildIndex, GOOD_ANSWER, rank } from './search-index.ts'

/** [what the caller says, the title of the article that answers it] */
export const QUESTIONS: Array<[string, string]> = [
  ['孩子上学要啥材料', '义务教育阶段新生入学登记需要准备哪些材料'],
  ['娃明年上一年级咋报名', '义务教育阶段新生入学登记需要准备哪些材料'],
  ['我们是外地的，孩子在兰州上学怎么办', '进城务工人员随迁子女在兰州上学怎么办理'],
  ['小孩想转到别的学校读书', '孩子转学需要什么手续'],
  ['孩子三岁了上幼儿园怎么报名', '幼儿园怎么报名，公办幼儿园入园条件是什么'],
  ['培训班老板跑了钱退不回来', '校外培训机构违规收费或跑路怎么办'],
  ['暂住证怎么办', '兰州市居住证怎么办理，需要什么材料'],
  ['居住证过期了咋办', '居住证到期了怎么签注续期'],
  ['暂住证丢了', '居住证丢了怎么补领'],
  ['外地户口想迁到兰州', '外地户口迁入兰州落户需要什么条件'],
  ['刚生了宝宝怎么上户口', '新生儿怎么上户口'],
  ['户口本找不到了', '户口簿丢失了怎么补办'],
  ['身份证丢了在兰州能补吗', '身份证丢了怎么补办，可以异地办理吗'],
  ['自己交社保怎么交', '灵活就业人员怎么参加职工养老保险'],
  ['社会保险从外省转到兰州', '养老保险关系跨省转移接续怎么办理'],
  ['到年龄了退休金怎么领', '退休后养老金怎么申领，需要什么材料'],
  ['被裁员了失业金怎么领', '失业保险金怎么申领'],
  ['上班摔伤了算不算工伤', '工伤认定怎么申请'],
  ['社保卡丢了咋补', '社保卡怎么办理，丢了怎么补办'],
  ['公司不给我交五险', '单位不给交社保怎么办'],
  ['医保今年在哪交', '城乡居民医疗保险怎么缴费'],
  ['去外地看病医保能用吗', '异地就医备案怎么办理'],
  ['糖尿病门诊能报销吗', '医保门诊慢特病怎么申请认定'],
  ['在北京看病的票回来怎么报', '在外地看病没有直接结算，回来怎么报销'],
  ['医保卡里的钱能给我妈用吗', '医保个人账户可以给家人用吗'],
  ['公积金怎么取出来', '住房公积金怎么提取'],
  ['租房能取公积金吗', '租房提取住房公积金需要什么材料'],
  ['用公积金买房能贷多少', '住房公积金贷款怎么申请，能贷多少'],
  ['啥时候来暖气', '兰州市供暖期是什么时间'],
  ['暖气费在哪交', '暖气费怎么交，收费标准是多少'],
  ['家里暖气片冰凉的', '家里暖气不热怎么办'],
  ['房子空着不想交采暖费', '不住的房子可以申请停暖吗'],
  ['厨房有一股煤气味', '闻到燃气味或燃气泄漏怎么办'],
  ['天然气怎么开通', '天然气怎么开户，燃气费怎么交'],
  ['楼里没水了找谁', '家里停水了怎么查询原因'],
  ['物业啥都不管', '物业服务不到位怎么投诉'],
  ['物业费突然涨价了', '物业费收费标准和涨价有什么规定'],
  ['楼上漏水把我家天花板泡了', '楼上漏水到我家怎么处理'],
  ['老楼想装电梯', '既有住宅加装电梯怎么办理'],
  ['想开个小店办执照', '个体工商户营业执照怎么办理'],
  ['开公司要准备啥', '注册公司需要什么材料和流程'],
  ['老板拖着工资不发', '单位拖欠工资怎么办'],
  ['我爸八十多了有补贴吗', '高龄老人津贴怎么申请'],
  ['老人证在哪办', '老年人优待证（老年证）怎么办理'],
  ['残疾证怎么弄', '残疾证怎么办理'],
  ['退伍军人优待证怎么领', '退役军人如何申领优待证'],
  ['家里困难想吃低保', '最低生活保障（低保）怎么申请'],
  ['领结婚证要带啥', '结婚登记需要带什么材料'],
  ['驾照快到期了', '驾驶证到期换证怎么办理'],
  ['电动车上牌在哪', '非机动车（电动自行车）登记上牌怎么办理'],
]

test('colloquial questions find their article in the top 3 (recall asserted ≥ 90 %)', () => {
  const articles = demoArticles().map((a, i) => ({ ...a, id: i + 1 }))
  const idOf = new Map(articles.map((a) => [a.title, a.id]))
  const started = performance.now()
  const index = buildIndex(articles)
  const buildMs = performance.now() - started
  const misses: string[] = []
  let top1 = 0
  const asked = performance.now()
  for (const [question, title] of QUESTIONS) {
    const want = idOf.get(title)
    assert.ok(want, `no demo article "${title}"`)
    const found = rank(index, question, { limit: 3 }).map((r) => r.id)
    if (found[0] === want) top1++
    if (!found.includes(want)) misses.push(`${question} → ${found.map((id) => articles[id - 1].title).join(' | ')}`)
  }
  const perQuestion = (performance.now() - asked) / QUESTIONS.length
  const recall = (QUESTIONS.length - misses.length) / QUESTIONS.length
  console.log(
    `knowledge recall: top-3 ${(recall * 100).toFixed(1)} %, top-1 ${((top1 / QUESTIONS.length) * 100).toFixed(1)} % of ${QUESTIONS.length} questions; ` +
      `index of ${articles.length} articles, ${index.termCount} terms, built in ${buildMs.toFixed(0)} ms (jieba's first load included), ${perQuestion.toFixed(2)} ms a question`,
  )
  if (misses.length) console.log(misses.join('\n'))
  assert.ok(recall >= 0.9, `top-3 recall ${recall}`)
})

test('孩子上学要啥材料 finds the enrolment article first, with a good confidence', () => {
  const articles = demoArticles().map((a, i) => ({ ...a, id: i + 1 }))
  const [best] = rank(buildIndex(articles), '孩子上学要啥材料', { limit: 3 })
  assert.equal(articles[best.id - 1].title, '义务教育阶段新生入学登记需要准备哪些材料')
  assert.ok(best.confidence >= GOOD_ANSWER, `confidence ${best.confidence}`)
})

test('a question no article covers has no good answer', () => {
  const index = buildIndex(demoArticles().map((a, i) => ({ ...a, id: i + 1 })))
  for (const q of ['羊驼怎么养殖繁育', '火星移民签证']) {
    const [best] = rank(index, q, { limit: 1 })
    assert.ok(!best || best.confidence < GOOD_ANSWER, `${q}: ${JSON.stringify(best)}`)
  }
})
