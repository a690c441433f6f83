import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { sensitiveWords } from './sensitive.ts'

const SENSITIVE = [
  '小区门口有上百人聚集，村民拉横幅要求解决拆迁问题',
  '明天工人们准备去区政府集体上访',
  '一群人在路口堵路，车辆无法通行',
  '工地农民工讨薪，有人爬上塔吊说要跳楼讨薪',
  '包工头拖欠工资半年了，几十个工人没钱回家',
  '老板欠薪跑路了，我们要讨薪',
  '我不想活了，家里的事没人管',
  '邻居老人说活不下去了，想轻生，请社区去看看',
  '楼上有人站在天台说要自杀',
  '我儿子说要割腕，我很害怕',
  '单元楼道里闻到煤气味，很浓',
  '厨房燃气泄漏，已经关了阀门但味道很大',
  '隔壁饭店后厨着火了',
  '垃圾站冒烟，好像有东西在烧',
  '三楼起火，有人被困',
  '地下室有很浓的燃气味，担心爆炸',
  '他说要把街道办的人砍死',
  '拆迁办的人再来我就和他们同归于尽',
  '有人扬言要报复社会',
  '有人拿着汽油瓶在社区办公室门口',
  '一男子持刀在菜市场闹事',
  '业主在售楼部静坐维权，已经三天了',
  '商户围堵市场管理处大门',
  '有人说要自焚抗议',
  '楼下有人喝农药了，快来人',
  '工人在项目部门口聚集讨要工资',
  '天然气味很重，整栋楼都能闻到',
  '配电箱冒烟，还有火花',
  '村民准备去市里上访反映征地补偿',
  '他说要把那个网格员弄死',
  '仓库失火，火势很大',
  '居民在小区门口堵门不让施工车进',
]

const ORDINARY = [
  // a wage complaint is labor.wage_arrears, handled as usual: a protest needs more than the words 拖欠工资
  '公司拖欠工资两个月了，希望劳动监察帮忙',
  '装修公司欠薪三个月，老板一直说下个月发',
  '咨询农民工工资保证金的政策',
  '工厂烟囱冒烟，气味刺鼻',
  '暖气片漏气，屋里全是水汽',
  '楼道堆满杂物，存在火灾隐患，一旦发生火灾人跑不出去',
  '燃气费太贵了，比去年涨了很多',
  '楼下火锅店油烟太大，熏得没法开窗',
  '煤气灶维修咨询，灶头打不着火',
  '燃气灶点不着火，想找人上门维修',
  '商场搞跳楼价甩卖，广播声音太吵',
  '小区附近商业聚集区停车太难',
  '路边积水聚集，下雨就过不去',
  '垃圾桶周围苍蝇聚集，气味难闻',
  '想咨询信访的办理流程',
  '自行车轮胎漏气了，附近有没有修车的',
  '烧烤摊油烟扰民，晚上十二点还在营业',
  '暖气不热，室温只有十五度',
  '小区路灯坏了好几盏，晚上很黑',
  '楼道里堆满了杂物，存在安全隐患',
  '希望增加公交班次，早上太挤',
  '噪音扰民，隔壁装修从早到晚',
  '想咨询工资标准咨询渠道和社保缴纳',
  '小区电梯经常坏，物业不修',
  '公园鸽子聚集，地上很多粪便',
  '马路上井盖松动，车过去响声很大',
  '菜市场门口占道经营，车辆难行',
  '天然气开户怎么办理，需要什么材料',
  '燃气表读数不准，想申请校验',
  '冬天供暖费什么时候交',
  '这个笑话让人笑死了，建议社区多办文艺活动',
  '小区绿化带里蚊虫聚集，希望打药',
  '烟囱排放黑烟，附近工厂污染严重',
  '学校门口交通拥堵，希望安排交警',
  '下水道堵了，污水冒出来',
  '楼上漏水，天花板发霉',
  '产业聚集园区的企业想咨询扶持政策',
  '邻居家狗晚上一直叫',
]

describe('sensitive content at intake', () => {
  test(`all ${SENSITIVE.length} sensitive texts are flagged, with their words`, () => {
    assert.ok(SENSITIVE.length >= 30)
    const missed = SENSITIVE.filter((t) => sensitiveWords(t).length === 0)
    assert.deepEqual(missed, [])
  })

  test(`none of ${ORDINARY.length} ordinary complaints with alarming-looking words is flagged`, () => {
    assert.ok(ORDINARY.length >= 30)
    const flagged = ORDINARY.map((t) => [t, sensitiveWords(t).map((h) => h.word)]).filter(([, w]) => w.length > 0)
    assert.deepEqual(flagged, [])
  })

  test('the words that triggered it are given once each, with the group', () => {
    assert.deepEqual(sensitiveWords('工地农民工讨薪，有人要跳楼讨薪'), [
      { group: 'wage_protest', word: '跳楼讨薪' },
      { group: 'wage_protest', word: '讨薪' },
    ])
    assert.deepEqual(sensitiveWords('聚集'), [])
  })
})
