/**
 * The category tree (DESIGN §6): 18 top-level categories and their subcategories, seeded
 * into `categories` and edited by administrators afterwards.
 *
 * `owner` is a department function key (the org generator creates one department per
 * function at each level); routing sends a category's events to the department with that
 * function. A subcategory inherits its parent's owner, community-resolvability and priority
 * unless it says otherwise: urgent are the matters that endanger life (gas leaks, fires,
 * dangerous buildings, burst mains), and a subcategory is not community-resolvable when it
 * needs a utility company, an enforcement power or a professional body.
 */
import type { Category, DepartmentFunction, Priority } from '@xiaolan/contracts'

/** A category as seeded: the contracts' shape, with an owner that is a known department function. */
export type CategorySeed = Category & { owner: DepartmentFunction }

type Top = Omit<CategorySeed, 'parentCode'>
type Sub = [
  code: string,
  nameZh: string,
  nameEn: string,
  keywords: string[],
  differs?: Partial<Pick<CategorySeed, 'owner' | 'communityResolvable' | 'priority'>>,
]

const top = (
  code: string,
  nameZh: string,
  nameEn: string,
  owner: DepartmentFunction,
  communityResolvable: boolean,
  keywords: string[],
  priority: Priority = 'normal',
): Top => ({ code, nameZh, nameEn, owner, communityResolvable, priority, keywords })

/** Urgent and not for the community: life-threatening matters needing professionals. */
const danger = { priority: 'urgent', communityResolvable: false } as const

const tree: Array<[Top, Sub[]]> = [
  [
    top('municipal', '市政设施', 'Municipal facilities', 'urban_management', false, ['市政', '设施', '道路', '路灯', '井盖']),
    [
      ['road', '道路破损', 'Damaged roads', ['路面', '坑洼', '破损', '坑槽', '裂缝', '道路不平']],
      ['road_collapse', '路面塌陷', 'Road subsidence', ['塌陷', '地陷', '路面下沉', '天坑'], { priority: 'urgent' }],
      ['sidewalk', '人行道', 'Pavements', ['人行道', '地砖', '盲道', '道牙', '步道']],
      ['streetlight', '路灯', 'Street lights', ['路灯', '不亮', '灯杆', '照明', '景观灯']],
      ['manhole', '井盖', 'Manhole covers', ['井盖', '缺失', '井盖松动', '窨井'], { priority: 'high' }],
      ['drainage', '排水管网', 'Drains and sewers', ['下水道', '排水', '堵塞', '污水外溢', '雨水口'], { owner: 'water' }],
      ['waterlogging', '道路积水', 'Flooded roads', ['积水', '内涝', '淹水', '排不出去'], { owner: 'water', priority: 'high' }],
      ['bridge', '桥梁隧道', 'Bridges, tunnels and underpasses', ['桥梁', '天桥', '地下通道', '隧道', '护栏']],
      ['greenery', '园林绿化', 'Parks, greenery and trees', ['绿化', '树木', '修剪', '草坪', '绿地', '公园']],
      ['fallen_tree', '树木倒伏', 'Fallen or dangerous trees', ['倒伏', '树倒', '断枝', '枯树'], { priority: 'high' }],
      ['public_facility', '公共设施', 'Street furniture and signs', ['座椅', '指示牌', '路名牌', '隔离栏', '健身器材']],
    ],
  ],
  [
    top('sanitation', '市容环卫', 'City appearance and sanitation', 'urban_management', true, ['环卫', '卫生', '垃圾', '市容']),
    [
      ['garbage', '垃圾清运', 'Garbage collection', ['垃圾', '清运', '没人收', '堆积', '垃圾站']],
      ['bins', '垃圾桶与分类', 'Bins and waste sorting', ['垃圾桶', '垃圾箱', '垃圾分类', '满溢']],
      ['street_cleaning', '道路保洁', 'Street cleaning', ['保洁', '清扫', '脏乱', '洒水', '落叶']],
      ['public_toilet', '公共厕所', 'Public toilets', ['公厕', '厕所', '卫生间', '异味'], { communityResolvable: false }],
      ['flyposting', '小广告', 'Flyposting and graffiti', ['小广告', '乱贴', '乱涂乱画', '牛皮癣', '喷涂']],
      ['street_stall', '占道经营', 'Street stalls and encroachment', ['占道', '摆摊', '流动摊贩', '出店经营', '夜市']],
      ['clutter', '乱堆乱放', 'Clutter in public space', ['乱堆', '乱放', '杂物', '堆放', '占用楼道']],
      [
        'construction_waste',
        '建筑垃圾',
        'Construction waste dumping',
        ['建筑垃圾', '渣土', '偷倒', '装修垃圾', '撒漏'],
        { communityResolvable: false },
      ],
      ['outdoor_ads', '户外广告招牌', 'Billboards and shop signs', ['广告牌', '招牌', '横幅', '灯箱'], { communityResolvable: false }],
      ['dead_animal', '动物尸体', 'Dead animals', ['死猫', '死狗', '动物尸体', '死老鼠']],
    ],
  ],
  [
    top('environment', '生态环境', 'Ecology and environment', 'ecology', false, ['污染', '环保', '排放', '噪音']),
    [
      ['air', '大气污染', 'Air pollution', ['烟尘', '扬尘', '黑烟', '焚烧', '空气污染', '粉尘']],
      ['industrial_noise', '工业噪声', 'Industrial noise', ['工厂', '机器', '噪声', '轰鸣']],
      ['construction_noise', '施工噪声', 'Construction noise', ['施工', '夜间施工', '噪音', '打桩', '工地']],
      [
        'social_noise',
        '社会生活噪声',
        'Neighbourhood noise',
        ['广场舞', '高音喇叭', '音响', '扰民', 'KTV'],
        { owner: 'public_security', communityResolvable: true },
      ],
      ['catering_fumes', '餐饮油烟', 'Restaurant fumes', ['油烟', '烧烤', '排烟', '饭店'], { owner: 'urban_management' }],
      ['water_pollution', '水污染', 'Water pollution', ['排污', '污水', '河道', '黄河', '水体发黑']],
      ['odour', '异味', 'Odours', ['异味', '臭味', '刺鼻', '恶臭']],
      ['hazardous_waste', '危险废物', 'Hazardous waste dumping', ['危废', '化学废料', '废油', '医疗废物'], { priority: 'high' }],
      ['radiation', '辐射', 'Radiation and base stations', ['辐射', '基站', '电磁']],
    ],
  ],
  [
    top('property', '物业管理', 'Property management', 'property', true, ['物业', '小区', '业主']),
    [
      ['service', '物业服务', 'Property service quality', ['物业', '服务差', '不作为', '保安', '门禁']],
      ['fees', '物业收费', 'Property fees', ['物业费', '乱收费', '停车费', '公摊']],
      ['lift', '电梯故障', 'Lift breakdowns', ['电梯', '停运', '故障', '维保']],
      ['common_repair', '公共部位维修', 'Common-area repairs', ['楼道灯', '漏水', '屋顶', '单元门', '外墙']],
      ['parking', '小区停车', 'Parking in compounds', ['小区停车', '车位', '占用车位', '地库']],
      ['repair_fund', '维修资金', 'Maintenance fund', ['维修基金', '维修资金', '专项维修'], { communityResolvable: false }],
      ['owners_committee', '业主委员会', "Owners' committees", ['业委会', '业主大会', '选举']],
      ['unmanaged', '弃管小区', 'Compounds without management', ['弃管', '无物业', '老旧小区', '没人管']],
      ['secondary_water', '二次供水', 'Secondary water supply', ['二次供水', '水箱', '加压泵']],
    ],
  ],
  [
    top('utilities', '水电气暖', 'Water, power, gas and heating', 'general', false, ['停水', '停电', '燃气', '暖气']),
    [
      ['water_outage', '停水', 'Water outages', ['停水', '没水', '断水', '水压低'], { owner: 'water', priority: 'high' }],
      ['water_quality', '水质', 'Tap water quality', ['水质', '黄水', '浑浊', '有异味'], { owner: 'water', priority: 'high' }],
      [
        'water_main_burst',
        '供水管道爆裂',
        'Burst water mains',
        ['爆管', '水管爆裂', '跑水', '冒水'],
        { owner: 'water', priority: 'urgent' },
      ],
      ['water_billing', '水费', 'Water bills and meters', ['水费', '水表', '缴费'], { owner: 'water' }],
      ['power_outage', '停电', 'Power outages', ['停电', '断电', '没电', '跳闸', '电压不稳'], { owner: 'power', priority: 'high' }],
      [
        'power_line',
        '电力线路',
        'Power lines and transformers',
        ['电线', '电缆', '变压器', '线路老化', '电线杆'],
        { owner: 'power', priority: 'high' },
      ],
      ['gas_supply', '燃气供应', 'Gas supply', ['燃气', '天然气', '没气', '气压', '燃气表'], { owner: 'gas' }],
      ['heating', '供暖不热', 'Heating not warm enough', ['暖气不热', '供暖', '室温', '不达标'], { owner: 'heating' }],
      [
        'heating_leak',
        '暖气漏水',
        'Heating pipe leaks',
        ['暖气漏水', '暖气片', '供暖管道', '爆裂'],
        { owner: 'heating', priority: 'high' },
      ],
      ['heating_fee', '供暖费', 'Heating fees', ['取暖费', '供暖费', '报停'], { owner: 'heating' }],
    ],
  ],
  [
    top('transport', '交通出行', 'Transport', 'transport', false, ['交通', '出行', '公交', '停车']),
    [
      ['bus', '公交', 'Buses', ['公交', '公交车', '线路', '站台', '司机', '班次']],
      ['rail', '轨道交通', 'Metro', ['地铁', '轨道交通', '站点']],
      ['taxi', '出租车网约车', 'Taxis and ride-hailing', ['出租车', '网约车', '拒载', '绕路', '宰客']],
      ['illegal_operation', '非法营运', 'Unlicensed transport', ['黑车', '非法营运', '黑出租']],
      ['signal', '交通信号灯', 'Traffic signals', ['红绿灯', '信号灯', '配时', '倒计时'], { owner: 'public_security' }],
      [
        'congestion',
        '交通拥堵',
        'Congestion and traffic order',
        ['拥堵', '堵车', '乱停', '违停', '交通秩序'],
        { owner: 'public_security' },
      ],
      ['parking', '停车管理', 'Public parking', ['停车场', '停车位', '停车收费', '路边停车']],
      ['road_markings', '交通标志标线', 'Road signs and markings', ['标线', '标志', '斑马线', '减速带']],
      ['shared_bikes', '共享单车', 'Shared bikes', ['共享单车', '共享电单车', '乱停放']],
    ],
  ],
  [
    top('labor', '劳动保障', 'Labour and social security', 'human_resources', false, ['工资', '社保', '劳动']),
    [
      ['wage_arrears', '拖欠工资', 'Unpaid wages', ['拖欠工资', '欠薪', '农民工', '讨薪', '不发工资'], { priority: 'high' }],
      ['social_insurance', '社会保险', 'Social insurance', ['社保', '五险', '参保', '断缴', '补缴']],
      ['contract', '劳动合同', 'Employment contracts', ['劳动合同', '辞退', '解除合同', '加班', '试用期']],
      ['unemployment', '失业保险', 'Unemployment benefit', ['失业金', '失业保险', '失业登记']],
      ['pension', '养老金', 'Pensions', ['养老金', '退休', '养老保险', '退休金']],
      ['employment', '就业服务', 'Employment services', ['就业', '招聘', '培训补贴', '创业']],
    ],
  ],
  [
    top('market', '市场监管', 'Market regulation', 'market', false, ['商家', '消费', '价格', '假货']),
    [
      ['food_safety', '食品安全', 'Food safety', ['食品', '过期', '变质', '食物中毒', '无证经营', '卫生'], { priority: 'high' }],
      ['price', '价格', 'Prices', ['价格', '乱涨价', '明码标价', '价格欺诈']],
      ['consumer', '消费维权', 'Consumer rights', ['退货', '退款', '消费纠纷', '售后', '维权']],
      ['counterfeit', '假冒伪劣', 'Counterfeit goods', ['假货', '假冒', '伪劣', '以次充好']],
      ['prepaid_card', '预付卡', 'Prepaid cards', ['预付卡', '会员卡', '充值', '跑路', '办卡']],
      ['drugs', '药品医疗器械', 'Medicines and medical devices', ['药品', '药店', '医疗器械', '保健品']],
      [
        'special_equipment',
        '特种设备',
        'Special equipment (boilers, cranes, lifts)',
        ['特种设备', '锅炉', '起重机', '游乐设施'],
        { priority: 'high' },
      ],
      ['tourism', '旅游投诉', 'Tourism complaints', ['旅游', '导游', '景区', '旅行社', '强制购物'], { owner: 'culture_tourism' }],
    ],
  ],
  [
    top('housing', '住房建设', 'Housing and construction', 'housing', false, ['房屋', '开发商', '建设']),
    [
      [
        'illegal_construction',
        '违法建设',
        'Illegal construction',
        ['违建', '私搭乱建', '加盖', '违章建筑'],
        { owner: 'natural_resources' },
      ],
      ['build_quality', '房屋质量', 'Building quality', ['房屋质量', '墙体开裂', '渗水', '空鼓']],
      ['delivery', '逾期交房', 'Late delivery', ['交房', '延期交房', '烂尾', '开发商']],
      ['title_certificate', '不动产登记', 'Property titles', ['房产证', '不动产证', '办证难', '过户'], { owner: 'natural_resources' }],
      ['relocation', '征收拆迁', 'Expropriation and relocation', ['拆迁', '征收', '安置', '补偿']],
      ['rental', '房屋租赁', 'Rental market', ['租房', '中介', '押金', '群租']],
      ['affordable', '保障性住房', 'Affordable housing', ['公租房', '廉租房', '保障房', '住房补贴']],
      ['renovation', '老旧小区改造', 'Old compound renovation', ['老旧小区改造', '加装电梯', '外墙保温', '改造']],
      ['construction_site', '建筑工地', 'Construction sites', ['工地', '施工安全', '围挡', '夜间施工'], { priority: 'high' }],
    ],
  ],
  [
    top('safety', '安全隐患', 'Safety hazards', 'emergency', true, ['隐患', '危险', '安全'], 'high'),
    [
      ['gas_leak', '燃气泄漏', 'Gas leaks', ['燃气泄漏', '煤气味', '漏气', '天然气泄漏'], { owner: 'gas', ...danger }],
      ['fire_hazard', '火灾隐患', 'Fire hazards', ['火灾', '冒烟', '起火', '电线着火', '消防'], { ...danger }],
      ['fire_access', '消防通道堵塞', 'Blocked fire escapes', ['消防通道', '堵塞', '安全出口', '消防栓', '灭火器']],
      ['ebike_charging', '电动车违规充电', 'E-bike charging indoors', ['电动车', '飞线充电', '楼道充电', '电瓶车', '入户充电']],
      ['dangerous_building', '危房', 'Dangerous buildings', ['危房', '房屋倾斜', '墙体倒塌', '裂缝'], { owner: 'housing', ...danger }],
      ['lift_entrapment', '电梯困人', 'People trapped in lifts', ['电梯困人', '被困', '电梯坠落'], { owner: 'market', ...danger }],
      ['hazardous_chemicals', '危险化学品', 'Hazardous chemicals', ['危化品', '化学品', '易燃易爆', '储存'], { ...danger }],
      [
        'geological',
        '地质灾害',
        'Landslides and geological hazards',
        ['滑坡', '泥石流', '山体', '崩塌', '地裂缝'],
        { owner: 'natural_resources', ...danger },
      ],
      ['falling_objects', '高空坠物', 'Falling objects', ['高空抛物', '坠物', '外墙脱落', '空调外机', '广告牌松动']],
      ['workplace', '安全生产', 'Workplace safety', ['安全生产', '违规作业', '矿山', '有限空间'], { communityResolvable: false }],
    ],
  ],
  [
    top('security', '社会治安', 'Public order', 'public_security', false, ['治安', '报警', '派出所']),
    [
      ['theft', '盗窃', 'Theft', ['被偷', '盗窃', '丢失', '撬锁', '偷车']],
      ['fraud', '诈骗', 'Fraud', ['诈骗', '骗子', '电信诈骗', '传销', '非法集资'], { priority: 'high' }],
      ['gambling', '赌博', 'Gambling', ['赌博', '赌场', '麻将馆', '老虎机']],
      ['drugs', '涉毒', 'Illegal drugs', ['吸毒', '贩毒', '毒品'], { priority: 'high' }],
      ['nuisance', '滋扰', 'Nuisance and harassment', ['骚扰', '醉酒闹事', '打架', '寻衅滋事']],
      ['dogs', '犬只管理', 'Dogs', ['遛狗', '狗咬人', '不拴绳', '流浪狗', '烈性犬'], { communityResolvable: true }],
      ['household_registration', '户籍', 'Household registration', ['户口', '落户', '迁户', '身份证']],
    ],
  ],
  [
    top('dispute', '矛盾纠纷', 'Disputes', 'justice', true, ['纠纷', '调解', '矛盾']),
    [
      ['neighbour', '邻里纠纷', 'Neighbour disputes', ['邻居', '邻里', '楼上漏水', '噪音', '占地']],
      ['family', '婚姻家庭纠纷', 'Family disputes', ['家庭', '离婚', '赡养', '抚养', '家暴']],
      ['landlord_tenant', '租赁纠纷', 'Landlord–tenant disputes', ['房东', '租客', '押金', '退租']],
      ['debt', '债务纠纷', 'Debt disputes', ['欠钱', '借款', '债务', '欠款不还']],
      ['property_owner', '物业纠纷', 'Owner–property company disputes', ['业主', '物业纠纷', '物业公司']],
      ['land', '土地纠纷', 'Land and boundary disputes', ['宅基地纠纷', '地界', '土地承包', '林权']],
      ['labour', '劳动争议', 'Labour disputes', ['劳动争议', '工伤', '赔偿']],
      ['medical', '医疗纠纷', 'Medical disputes', ['医疗纠纷', '医疗事故', '医闹'], { communityResolvable: false }],
      ['traffic_accident', '交通事故纠纷', 'Traffic accident disputes', ['交通事故', '赔偿', '理赔'], { communityResolvable: false }],
    ],
  ],
  [
    top('education', '教育', 'Education', 'education', false, ['学校', '教育', '学生']),
    [
      ['enrolment', '招生入学', 'Enrolment', ['入学', '招生', '划片', '学位', '转学']],
      ['school_management', '学校管理', 'School management', ['老师', '体罚', '作业', '补课', '校服']],
      ['tutoring', '校外培训', 'Private tutoring', ['培训机构', '校外培训', '退费', '补习班']],
      ['fees', '教育收费', 'School fees', ['学费', '乱收费', '资料费']],
      ['kindergarten', '幼儿园', 'Kindergartens', ['幼儿园', '托育', '入园']],
      ['school_safety', '校园安全', 'School safety', ['校园安全', '校园欺凌', '校车', '食堂'], { priority: 'high' }],
    ],
  ],
  [
    top('health', '医疗卫生', 'Health care', 'health', false, ['医院', '医疗', '看病']),
    [
      ['hospital', '医疗服务', 'Hospital services', ['医院', '医生', '服务态度', '挂号', '看病难']],
      ['medical_insurance', '医疗保险', 'Medical insurance', ['医保', '报销', '医保卡', '异地就医'], { owner: 'medical_insurance' }],
      ['epidemic', '传染病防控', 'Epidemic prevention', ['传染病', '疫情', '疫苗', '接种'], { priority: 'high' }],
      ['illegal_practice', '非法行医', 'Unlicensed practice', ['非法行医', '黑诊所', '无证行医']],
      ['public_hygiene', '公共卫生', 'Public hygiene', ['公共场所卫生', '理发店', '浴室', '消毒']],
    ],
  ],
  [
    top('civil', '民政服务', 'Civil affairs services', 'civil_affairs', true, ['民政', '救助', '补贴']),
    [
      ['subsistence', '低保', 'Subsistence allowance', ['低保', '最低生活保障', '特困']],
      ['elderly_care', '养老服务', 'Elderly care', ['养老院', '高龄补贴', '独居老人', '助餐']],
      ['disability', '残疾人服务', 'Disability services', ['残疾', '残疾证', '无障碍', '两项补贴']],
      ['assistance', '临时救助', 'Emergency assistance', ['困难', '临时救助', '生活困难', '流浪乞讨']],
      ['children', '困境儿童', 'Children in difficulty', ['留守儿童', '孤儿', '困境儿童']],
      ['marriage_registration', '婚姻登记', 'Marriage registration', ['结婚登记', '离婚登记', '婚姻登记'], { communityResolvable: false }],
      ['funeral', '殡葬服务', 'Funeral services', ['殡葬', '墓地', '火化', '丧事扰民'], { communityResolvable: false }],
    ],
  ],
  [
    top('rural', '农业农村', 'Agriculture and rural affairs', 'agriculture', true, ['农村', '村', '农民', '种植']),
    [
      [
        'farmland',
        '耕地保护',
        'Farmland protection',
        ['耕地', '占用耕地', '基本农田', '撂荒'],
        { owner: 'natural_resources', communityResolvable: false },
      ],
      ['rural_road', '农村道路', 'Rural roads', ['村道', '农村公路', '通村路'], { owner: 'transport' }],
      ['livestock', '畜牧养殖', 'Livestock and animal health', ['养殖', '牛羊', '动物防疫', '养殖场异味']],
      ['village_water', '农村饮水', 'Village drinking water', ['人饮', '自来水', '村里没水', '饮水'], { owner: 'water' }],
      ['farm_inputs', '农资', 'Seeds, fertiliser and pesticides', ['种子', '化肥', '农药', '假农资'], { communityResolvable: false }],
      ['subsidies', '惠农补贴', 'Farm subsidies', ['补贴', '惠农', '粮食补贴', '农机补贴']],
      ['homestead', '宅基地', 'Homesteads', ['宅基地', '盖房', '农村建房'], { owner: 'natural_resources' }],
    ],
  ],
  [
    top('consult', '政策咨询', 'Policy enquiries', 'hotline_kb', false, ['咨询', '怎么办理', '如何', '需要什么材料', '政策']),
    [
      ['social_security', '社保政策咨询', 'Social security enquiries', ['怎么领取', '如何办理社保', '社保政策', '缴费基数']],
      ['household', '户籍证件咨询', 'Registration and ID enquiries', ['怎么落户', '办身份证', '居住证', '需要什么材料']],
      ['housing', '住房政策咨询', 'Housing policy enquiries', ['公积金', '购房政策', '住房补贴怎么申请']],
      ['business', '企业办事咨询', 'Business procedures', ['营业执照', '注册公司', '税务', '办事流程']],
      ['other', '其他咨询', 'Other enquiries', ['咨询', '请问', '电话多少', '在哪里办']],
    ],
  ],
  [
    top('suggestion', '意见建议', 'Suggestions and praise', 'general', false, ['建议', '意见', '表扬', '感谢']),
    [
      ['proposal', '建议', 'Proposals', ['建议', '希望', '能否', '增设']],
      ['praise', '表扬', 'Praise', ['表扬', '感谢', '锦旗', '点赞']],
      ['criticism', '批评', 'Criticism of services', ['批评', '态度差', '不满意', '作风']],
    ],
  ],
]

export const categorySeeds: CategorySeed[] = tree.flatMap(([parent, subs]) => [
  { ...parent, parentCode: null },
  ...subs.map(
    ([key, nameZh, nameEn, keywords, differs]): CategorySeed => ({
      code: `${parent.code}.${key}`,
      parentCode: parent.code,
      nameZh,
      nameEn,
      owner: differs?.owner ?? parent.owner,
      communityResolvable: differs?.communityResolvable ?? parent.communityResolvable,
      priority: differs?.priority ?? parent.priority,
      keywords,
    }),
  ),
])
