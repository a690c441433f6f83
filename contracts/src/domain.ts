/**
 * The domain vocabulary of DESIGN.md, shared by server and web: one definition per name, each
 * list with the TypeBox schema requests and responses are built from.
 */
import type { TLiteral, TUnion } from '@sinclair/typebox'

type Literals<V extends readonly string[]> = { -readonly [K in keyof V]: TLiteral<V[K]> }

/**
 * A schema that accepts exactly the values of a vocabulary list, typed as their union: a string
 * enum, which OpenAPI shows as the list, the validator checks at once and the serialiser writes as
 * a plain string (a union of literals it would try branch by branch, on every value it sends).
 */
export const literals = <const V extends readonly string[]>(values: V) =>
  // typed as the union of literals it is equivalent to, a tuple (an array would decode to never)
  ({ type: 'string', enum: [...values] }) as unknown as TUnion<Literals<V>>

/**
 * Lifecycle states of a work order (DESIGN §5). `reviewing` (办结审核): a department's (or, when an
 * admin turns it on, a local force's or mediation organisation's) result waits for the center that
 * dispatched it to approve it (→ resolved) or send it back (→ in_progress at the same handler).
 */
export const EVENT_STATES = ['submitted', 'assigned', 'in_progress', 'reviewing', 'resolved', 'closed', 'rejected', 'merged'] as const
export type EventStateName = (typeof EVENT_STATES)[number]
/** The states of an event still being worked on (not yet resolved; a result under review is not yet). */
export const OPEN_STATES = ['submitted', 'assigned', 'in_progress', 'reviewing'] as const satisfies readonly EventStateName[]

/** Actions a caller may ask for through `POST /events/:id/actions` (DESIGN §5). */
export const ACTION_TYPES = [
  'accept',
  'reject',
  'sign',
  'escalate',
  'dispatch',
  'return',
  'resolve',
  'evaluate',
  'close',
  'supervise',
  'reply',
  'extend',
  'approve_extension',
  'refuse_extension',
  'approve_resolution',
  'send_back',
  'merge',
  'whistle',
  'check_in',
  'press',
  'comment',
  'recategorize',
] as const
export type ActionType = (typeof ACTION_TYPES)[number]

/**
 * Entries of the action log also include what the system itself records: `overdue` (a deadline
 * was missed, once per deadline) and `remind` (the system's 催办 to a unit past its deadline).
 */
export const LOG_ACTIONS = [...ACTION_TYPES, 'submit', 'route', 'answer', 'overdue', 'remind'] as const
export type LogAction = (typeof LOG_ACTIONS)[number]

/**
 * Steps whose note is for the units only: the reason a reviewing center sends a result back is
 * written to the handler (the dialog says 办理单位可见), and why a category was changed is the units'
 * reasoning. The step itself stays in the reporter's and the public timeline, without its words.
 */
export const UNIT_ONLY_NOTES: readonly LogAction[] = ['send_back', 'recategorize']

/** An event's deadline status (DESIGN §8): warning at 75 % of the allowed time used. */
export const SLA_STATUSES = ['normal', 'warning', 'overdue'] as const
export type SlaStatus = (typeof SLA_STATUSES)[number]

export const PRIORITIES = ['urgent', 'high', 'normal'] as const
export type Priority = (typeof PRIORITIES)[number]

/** The seven data streams of the data pool (DESIGN §7): what a report can arrive by. */
export const INTAKE_CHANNELS = ['app', 'hotline', 'netizen', 'grid', 'platform_3d', 'platform_safety', 'linkage'] as const
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number]
/**
 * Every event's channel: the intake streams, and `alert` — a consolidated work order (主单) a center
 * makes from an early-warning alert to whistle the departments (研判预警吹哨); no report arrives by it.
 */
export const CHANNELS = [...INTAKE_CHANNELS, 'alert'] as const
export type Channel = (typeof CHANNELS)[number]

export const ROLES = ['operator', 'grid_worker', 'center_staff', 'dept_staff', 'mediator', 'supervisor', 'leader', 'admin'] as const
export type Role = (typeof ROLES)[number]
/** Who registers events: the 12345 desk, grid workers in the field, and centers' staff. */
export const INTAKE_ROLES: readonly Role[] = ['operator', 'grid_worker', 'center_staff', 'supervisor']
/** Who works the 12345 desk (center staff and supervisors take calls too). */
export const DESK_ROLES: readonly Role[] = ['operator', 'center_staff', 'supervisor']
/** Who looks at the big screen (大屏) and its panels: center staff, supervisors, leaders, admins. */
export const SCREEN_ROLES: readonly Role[] = ['center_staff', 'supervisor', 'leader', 'admin']
/** Whose work needs a reporter's contact (every look is audited); never leaders or administrators. */
export const CONTACT_ROLES: readonly Role[] = ['operator', 'center_staff', 'dept_staff', 'mediator', 'grid_worker', 'supervisor']

export const ORG_KINDS = ['center', 'department', 'mediation', 'force', 'grid'] as const
export type OrgKind = (typeof ORG_KINDS)[number]
/**
 * The kinds of handler whose resolutions may go to 办结审核 at the dispatching center (a setting per
 * kind: on for departments by default, off for local forces and mediation). A center's or a grid's
 * own resolution is never reviewed.
 */
export const REVIEWED_KINDS = ['department', 'mediation', 'force'] as const satisfies readonly OrgKind[]
export type ReviewedKind = (typeof REVIEWED_KINDS)[number]

export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const
export type Rating = (typeof RATINGS)[number]

/** How many times an unsatisfied evaluation may reopen an event before it goes to supervisor review. */
export const MAX_REOPENS = 2

/**
 * Department functions (DESIGN §6): each department has one, and a category's `owner` names the
 * function whose department handles it. `hotline_kb` exists at city level only.
 */
export const DEPARTMENT_FUNCTIONS = [
  'urban_management', // 城市管理
  'ecology', // 生态环境
  'housing', // 住房和城乡建设
  'property', // 房产管理 (物业监管)
  'natural_resources', // 自然资源 (规划、不动产、地灾)
  'water', // 水务
  'power', // 供电
  'gas', // 燃气
  'heating', // 供热
  'transport', // 交通运输
  'human_resources', // 人力资源和社会保障
  'market', // 市场监督管理
  'public_security', // 公安 (含交警)
  'emergency', // 应急管理 (含消防)
  'education', // 教育
  'health', // 卫生健康
  'medical_insurance', // 医疗保障
  'civil_affairs', // 民政
  'agriculture', // 农业农村
  'justice', // 司法行政 (人民调解)
  'culture_tourism', // 文化和旅游
  'hotline_kb', // 12345 知识库
  'general', // 综合 (由中心分派)
  'court', // 人民法院 (政法, stationed at the district centers)
  'procuratorate', // 人民检察院 (政法, stationed at the district centers)
] as const
export type DepartmentFunction = (typeof DEPARTMENT_FUNCTIONS)[number]

export const EventStateSchema = literals(EVENT_STATES)
export const ActionTypeSchema = literals(ACTION_TYPES)
export const LogActionSchema = literals(LOG_ACTIONS)
export const SlaStatusSchema = literals(SLA_STATUSES)
export const PrioritySchema = literals(PRIORITIES)
export const ChannelSchema = literals(CHANNELS)
export const IntakeChannelSchema = literals(INTAKE_CHANNELS)
export const RoleSchema = literals(ROLES)
export const OrgKindSchema = literals(ORG_KINDS)
export const ReviewedKindSchema = literals(REVIEWED_KINDS)
export const RatingSchema = literals(RATINGS)

/**
 * The workbench inbox tabs of a staff member's unit: 待签收 (waiting at my unit to be signed or
 * screened), 处置中 (signed, being handled), 已上报 (my unit escalated it and it is still open),
 * 待审批延期 (an extension my unit decides), 待审核 (a handler's result my center reviews), 督办
 * (supervised while my unit holds it), 即将超期 (held by my unit, a deadline within a day or passed).
 */
export const INBOX_BOXES = ['pending_sign', 'in_progress', 'escalated', 'extensions', 'reviewing', 'supervision', 'due_soon'] as const
export type InboxBox = (typeof INBOX_BOXES)[number]
export const InboxBoxSchema = literals(INBOX_BOXES)

/** The workbench's tabs: the inbox tabs, then 全部 (everything in the unit's data scope, closed events too). */
export const WORKBENCH_TABS = [...INBOX_BOXES, 'all'] as const
export type WorkbenchTab = (typeof WORKBENCH_TABS)[number]
export const WorkbenchTabSchema = literals(WORKBENCH_TABS)
