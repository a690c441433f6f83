/**
 * In-app notices (issue 18 item 4): a resident hears that their matter moved, a unit's staff of a new
 * assignment, a warning, a supervision (督办), a callback due. A notice keeps its template's key and
 * parameters; the page words it in the reader's language (web/src/i18n `notices`).
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { literals } from './domain.ts'
import { At, BigintId, Cursor, Nullable, Shape } from './schema.ts'

/** The steps of their matter a resident may be told of; each is also a template. */
export const RESIDENT_NOTICE_STEPS = ['accepted', 'dispatched', 'resolved', 'reopened', 'closed', 'rejected', 'reply', 'merged'] as const
export type ResidentNoticeStep = (typeof RESIDENT_NOTICE_STEPS)[number]
export const ResidentNoticeStepSchema = literals(RESIDENT_NOTICE_STEPS)

/** What a unit's staff are told of. */
export const STAFF_NOTICES = ['assigned', 'supervised', 'warning', 'overdue', 'callback_due'] as const
export type StaffNotice = (typeof STAFF_NOTICES)[number]

export const NOTICE_TEMPLATES = [...RESIDENT_NOTICE_STEPS, ...STAFF_NOTICES] as const
export type NoticeTemplate = (typeof NOTICE_TEMPLATES)[number]

/** The ways a notice reaches a resident: in the app (this module), by SMS (the outbox's `sms` rows). */
export const NOTICE_CHANNELS = ['inapp', 'sms'] as const
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number]
export const NoticeChannelSchema = literals(NOTICE_CHANNELS)

/** A template's parameters: the event's number and title, the unit it went to (names, never a person). */
export const NoticeParams = Shape({
  number: T.Optional(T.String()),
  title: T.Optional(T.String()),
  unit: T.Optional(T.String()),
})
export type NoticeParams = Static<typeof NoticeParams>

export const NoticeView = Shape({
  id: T.Integer(),
  template: literals(NOTICE_TEMPLATES),
  params: NoticeParams,
  eventId: Nullable(T.Integer()),
  createdAt: At(),
  read: T.Boolean(),
})
export type NoticeView = Static<typeof NoticeView>

/** `GET /api/v1/notices`: the caller's notices newest first, and how many are unread (at most 100 counted). */
export const NoticePage = Shape({ items: T.Array(NoticeView), next: Nullable(T.String()), unread: T.Integer() })
export type NoticePage = Static<typeof NoticePage>

export const NoticesQuery = T.Object(
  { next: T.Optional(Cursor()), limit: T.Optional(T.Integer({ minimum: 1, maximum: 50 })) },
  { additionalProperties: false },
)
export type NoticesQuery = Static<typeof NoticesQuery>

export const NoticeParamsId = T.Object({ id: BigintId() }, { additionalProperties: false })

/** The answer to marking read: the caller's unread count after it. */
export const UnreadCount = Shape({ unread: T.Integer() })
export type UnreadCount = Static<typeof UnreadCount>

/** A resident's choice for one step: told in the app, by SMS. */
export const NoticePreference = Shape({ step: ResidentNoticeStepSchema, inapp: T.Boolean(), sms: T.Boolean() })
export type NoticePreference = Static<typeof NoticePreference>

export const NoticePreferences = Shape({ items: T.Array(NoticePreference) })
export type NoticePreferences = Static<typeof NoticePreferences>

/** `PUT /api/v1/resident/notice-preferences`: the steps changed (others keep theirs). */
export const NoticePreferencesBody = T.Object(
  {
    items: T.Array(
      T.Object({ step: ResidentNoticeStepSchema, channel: NoticeChannelSchema, enabled: T.Boolean() }, { additionalProperties: false }),
      { minItems: 1, maxItems: RESIDENT_NOTICE_STEPS.length * NOTICE_CHANNELS.length },
    ),
  },
  { additionalProperties: false },
)
export type NoticePreferencesBody = Static<typeof NoticePreferencesBody>

/** What a stream says when the listener has a new notice (it then reads `GET /notices`). */
export type NoticeMessage = Record<string, never>
