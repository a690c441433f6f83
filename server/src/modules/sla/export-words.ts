/**
 * The words of the xlsx exports, in the language of the request: the column headers, the sheet and
 * file names, and the users' words for the codes a cell would otherwise show (待签收 for `assigned`).
 * The domain words are the web's own (web/src/i18n/common.ts); export-words.test.ts keeps them equal.
 */
import type { Channel, EventStateName, ExportLang, KpiRow, Priority, Rating, SlaStatus } from '@xiaolan/contracts'

export interface ExportWords {
  state: Record<EventStateName, string>
  priority: Record<Priority, string>
  channel: Record<Channel, string>
  sla: Record<SlaStatus, string>
  rating: Record<Rating | 'default_satisfied' | 'not_reached', string>
  yes: string
  eventsSheet: string
  eventColumns: Record<(typeof EVENT_KEYS)[number], string>
  kpiSheet: string
  kpiColumns: Record<(typeof KPI_KEYS)[number], string>
  total: (scope: string) => string
  red: string
  black: string
  summarySheet: string
  summary: Record<'label' | 'value' | 'report' | 'period' | 'created' | 'overdueNow' | 'warningNow', string>
  /** 日报 / 周报 */
  daily: string
  weekly: string
  events: string
  kpis: string
  /** a file name's period: one day, or the first and last day */
  period: (first: string, last: string) => string
}

export const EVENT_KEYS = [
  'number',
  'title',
  'category',
  'priority',
  'channel',
  'state',
  'sla',
  'district',
  'community',
  'unit',
  'signDeadline',
  'resolveDeadline',
  'reopens',
  'presses',
  'supervised',
  'evaluation',
  'createdAt',
] as const

export const KPI_KEYS = [
  'code',
  'name',
  'assigned',
  'signDue',
  'signedOnTime',
  'signRate',
  'resolved',
  'resolvedOnTime',
  'onTimeRate',
  'evaluated',
  'satisfied',
  'satisfactionRate',
  'defaultClosed',
  'notReached',
  'callbackRated',
  'callbackCoverage',
  'returned',
  'returnRate',
  'reopened',
  'reopenRate',
  'reviewed',
  'sentBack',
  'sendBackRate',
  'avgHandlingHours',
  'supervised',
  'pressed',
  'overdue',
  'missedCheckIns',
] as const satisfies ReadonlyArray<keyof KpiRow | 'code' | 'name'>

const zh: ExportWords = {
  state: {
    submitted: '已提交',
    assigned: '待签收',
    in_progress: '处置中',
    reviewing: '办结审核中',
    resolved: '已办结',
    closed: '已关闭',
    rejected: '不予受理',
    merged: '已合并',
  },
  priority: { urgent: '特急', high: '紧急', normal: '一般' },
  channel: {
    app: '小兰帮办',
    hotline: '12345热线',
    netizen: '网民留言',
    grid: '网格员采集',
    platform_3d: '三维数字社会服务管理平台',
    platform_safety: '平安甘肃平台',
    linkage: '联动平台',
    alert: '预警吹哨',
  },
  sla: { normal: '正常', warning: '预警', overdue: '超时' },
  rating: {
    satisfied: '满意',
    basically_satisfied: '基本满意',
    unsatisfied: '不满意',
    default_satisfied: '默认满意',
    not_reached: '未回访',
  },
  yes: '是',
  eventsSheet: '事件',
  eventColumns: {
    number: '编号',
    title: '标题',
    category: '类别',
    priority: '紧急程度',
    channel: '渠道',
    state: '状态',
    sla: '时限状态',
    district: '区县',
    community: '社区',
    unit: '当前单位',
    signDeadline: '签收时限',
    resolveDeadline: '办结时限',
    reopens: '重办次数',
    presses: '催办次数',
    supervised: '督办',
    evaluation: '评价',
    createdAt: '创建时间',
  },
  kpiSheet: '单位指标',
  kpiColumns: {
    code: '单位编码',
    name: '单位',
    assigned: '受理派单',
    signDue: '应签收',
    signedOnTime: '及时签收',
    signRate: '签收及时率',
    resolved: '办结',
    resolvedOnTime: '按时办结',
    onTimeRate: '按时办结率',
    evaluated: '评价',
    satisfied: '满意',
    satisfactionRate: '满意率',
    defaultClosed: '默认满意',
    notReached: '未回访',
    callbackRated: '回访评价',
    callbackCoverage: '回访覆盖率',
    returned: '退单',
    returnRate: '退单率',
    reopened: '重办',
    reopenRate: '重办率',
    reviewed: '办结审核',
    sentBack: '审核退回',
    sendBackRate: '审核退回率',
    avgHandlingHours: '平均办理时长(小时)',
    supervised: '督办数',
    pressed: '催办数',
    overdue: '超时',
    missedCheckIns: '未按时报到',
  },
  total: (scope) => `合计 ${scope}`,
  red: '红榜',
  black: '黑榜',
  summarySheet: '概况',
  summary: {
    label: '项目',
    value: '数值',
    report: '报表',
    period: '时段',
    created: '新增事件',
    overdueNow: '当前超时',
    warningNow: '当前预警',
  },
  daily: '日报',
  weekly: '周报',
  events: '事件清单',
  kpis: '考核',
  period: (first, last) => (first === last ? first : `${first}至${last}`),
}

const en: ExportWords = {
  state: {
    submitted: 'Submitted',
    assigned: 'Awaiting sign-off',
    in_progress: 'In progress',
    reviewing: 'Result under review',
    resolved: 'Resolved',
    closed: 'Closed',
    rejected: 'Rejected',
    merged: 'Merged',
  },
  priority: { urgent: 'Critical', high: 'Urgent', normal: 'Normal' },
  channel: {
    app: 'Xiaolan app',
    hotline: '12345 hotline',
    netizen: 'Message boards',
    grid: 'Grid worker',
    platform_3d: '3D social-services platform',
    platform_safety: 'Safe Gansu platform',
    linkage: 'Linkage platforms',
    alert: 'Early-warning whistle',
  },
  sla: { normal: 'On time', warning: 'Due soon', overdue: 'Overdue' },
  rating: {
    satisfied: 'Satisfied',
    basically_satisfied: 'Mostly satisfied',
    unsatisfied: 'Dissatisfied',
    default_satisfied: 'Satisfied by default',
    not_reached: 'Not reached on callback',
  },
  yes: 'Yes',
  eventsSheet: 'Events',
  eventColumns: {
    number: 'Number',
    title: 'Title',
    category: 'Category',
    priority: 'Priority',
    channel: 'Channel',
    state: 'State',
    sla: 'Deadline status',
    district: 'District',
    community: 'Community',
    unit: 'Current unit',
    signDeadline: 'Sign by',
    resolveDeadline: 'Resolve by',
    reopens: 'Reopened',
    presses: 'Pressed',
    supervised: 'Supervised',
    evaluation: 'Evaluation',
    createdAt: 'Created',
  },
  kpiSheet: 'Figures',
  kpiColumns: {
    code: 'Unit code',
    name: 'Unit',
    assigned: 'Assigned',
    signDue: 'Sign due',
    signedOnTime: 'Signed on time',
    signRate: 'Signed on time (rate)',
    resolved: 'Resolved',
    resolvedOnTime: 'Resolved on time',
    onTimeRate: 'Resolved on time (rate)',
    evaluated: 'Evaluated',
    satisfied: 'Satisfied',
    satisfactionRate: 'Satisfaction',
    defaultClosed: 'Satisfied by default',
    notReached: 'Not reached on callback',
    callbackRated: 'Rated on callback',
    callbackCoverage: 'Callback coverage',
    returned: 'Returned',
    returnRate: 'Return rate',
    reopened: 'Reopened',
    reopenRate: 'Reopen rate',
    reviewed: 'Resolutions reviewed',
    sentBack: 'Sent back in review',
    sendBackRate: 'Send-back rate',
    avgHandlingHours: 'Avg. handling (hours)',
    supervised: 'Supervisions',
    pressed: 'Presses',
    overdue: 'Overdue',
    missedCheckIns: 'Missed check-ins',
  },
  total: (scope) => `Total ${scope}`,
  red: 'Red list (best)',
  black: 'Black list (worst)',
  summarySheet: 'Summary',
  summary: {
    label: 'Item',
    value: 'Value',
    report: 'Report',
    period: 'Period',
    created: 'New events',
    overdueNow: 'Overdue now',
    warningNow: 'Due soon now',
  },
  daily: 'daily',
  weekly: 'weekly',
  events: 'events',
  kpis: 'KPIs',
  period: (first, last) => (first === last ? first : `${first}-to-${last}`),
}

export const EXPORT_WORDS: Record<ExportLang, ExportWords> = { 'zh-CN': zh, en }

export const exportWords = (lang: ExportLang | undefined): ExportWords => EXPORT_WORDS[lang ?? 'zh-CN']
