/**
 * Duplicates at intake for residents (issue 16, item 4): before a resident sends a report, the open
 * events near the same place with similar words, so they can follow one instead of filing it again.
 * Only public facts: the id (to follow it), the number (for /track), the masked title, category, state and distance.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { EventStateSchema } from './domain.ts'
import { At, Nullable, Shape } from './schema.ts'

/** `POST /api/v1/resident/duplicates`: what the resident wrote and where (a point, or a community). */
export const ResidentDuplicatesBody = T.Object(
  {
    text: T.String({ minLength: 2, maxLength: 4000 }),
    category: T.Optional(T.String({ maxLength: 64 })),
    lat: T.Optional(T.Number({ minimum: -90, maximum: 90 })),
    lng: T.Optional(T.Number({ minimum: -180, maximum: 180 })),
    communityCode: T.Optional(T.String({ pattern: '^[0-9]{12}$' })),
  },
  { additionalProperties: false },
)
export type ResidentDuplicatesBody = Static<typeof ResidentDuplicatesBody>

export const PublicDuplicate = Shape({
  /** what the resident follows it by (POST /resident/events/:id/follow) */
  id: T.Integer(),
  number: T.String(),
  /** masked; null for a hide-my-name report (then only its category is shown) */
  title: Nullable(T.String()),
  category: T.String(),
  state: EventStateSchema,
  distanceM: T.Integer({ minimum: 0 }),
})
export type PublicDuplicate = Static<typeof PublicDuplicate>

/** The duplicate finder's settings (intelligence_settings): radius for staff, days back, the lowest score shown. */
export const DuplicateSettingsFields = {
  radiusM: T.Integer({ minimum: 50, maximum: 5000 }),
  days: T.Integer({ minimum: 1, maximum: 90 }),
  minScore: T.Number({ minimum: 0, maximum: 1 }),
}

export const DuplicateSettingsView = Shape({
  ...DuplicateSettingsFields,
  /** null while the defaults apply (nothing saved yet) */
  updatedAt: Nullable(At()),
})
export type DuplicateSettingsView = Static<typeof DuplicateSettingsView>

/** `PUT /admin/duplicate-settings`: all three, with a reason (change_log). */
export const DuplicateSettingsBody = T.Object(
  { ...DuplicateSettingsFields, reason: T.String({ minLength: 1, maxLength: 200, pattern: '\\S' }) },
  { additionalProperties: false },
)
export type DuplicateSettingsBody = Static<typeof DuplicateSettingsBody>
