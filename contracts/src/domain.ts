/**
 * The domain vocabulary of DESIGN.md, shared by server and web: one definition per name.
 */

/** Lifecycle states of a work order (DESIGN §5). */
export const EVENT_STATES = ['submitted', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected', 'merged'] as const
export type EventStateName = (typeof EVENT_STATES)[number]

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
  'merge',
  'whistle',
  'check_in',
  'press',
  'comment',
] as const
export type ActionType = (typeof ACTION_TYPES)[number]

/**
 * Entries of the action log also include what the system itself records: `overdue` (a deadline
 * was missed, once per deadline) and `remind` (the system's 催办 to a unit past its deadline).
 */
export type LogAction = ActionType | 'submit' | 'route' | 'answer' | 'overdue' | 'remind'

/** An event's deadline status (DESIGN §8): warning at 75 % of the allowed time used. */
export const SLA_STATUSES = ['normal', 'warning', 'overdue'] as const
export type SlaStatus = (typeof SLA_STATUSES)[number]

export const PRIORITIES = ['urgent', 'high', 'normal'] as const
export type Priority = (typeof PRIORITIES)[number]

/** The seven data streams of the data pool (DESIGN §7). */
export const CHANNELS = ['app', 'hotline', 'netizen', 'grid', 'platform_3d', 'platform_safety', 'linkage'] as const
export type Channel = (typeof CHANNELS)[number]

export const ROLES = ['operator', 'grid_worker', 'center_staff', 'dept_staff', 'mediator', 'supervisor', 'leader', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ORG_KINDS = ['center', 'department', 'mediation', 'force', 'grid'] as const
export type OrgKind = (typeof ORG_KINDS)[number]

export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const
export type Rating = (typeof RATINGS)[number]

/** How many times an unsatisfied evaluation may reopen an event before it goes to supervisor review. */
export const MAX_REOPENS = 2
