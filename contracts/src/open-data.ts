/**
 * Open data (开放数据, issue 17 item 8): an anonymised dataset of the events that reached their end,
 * as CSV and GeoJSON, the way NYC 311 publishes its service requests. No text, no person; the place
 * only down to the community (its seat's coordinates).
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { Day } from './schema.ts'

/** The events created on these China days (inclusive) that are now closed or rejected; at most 366 days. */
export const OpenDataQuery = T.Object(
  {
    from: T.Optional(Day('the first China day of creation (default: 30 days before `to`)')),
    to: T.Optional(Day('the last China day of creation (default: today)')),
    district: T.Optional(T.String({ pattern: '^[0-9]{6}$', description: 'a district code: only its events' })),
  },
  { additionalProperties: false },
)
export type OpenDataQuery = Static<typeof OpenDataQuery>

export const OpenDataField = T.Object({
  name: T.String(),
  type: T.Union([T.Literal('string'), T.Literal('number'), T.Literal('date-time')]),
  nullable: T.Boolean(),
  zh: T.String(),
  en: T.String(),
})
export type OpenDataField = Static<typeof OpenDataField>

/** The dataset's documented schema: its columns (the CSV's header, the GeoJSON features' properties). */
export const OpenDataSchemaView = T.Object({
  fields: T.Array(OpenDataField),
  /** which events are in it, in words */
  coverage: T.Object({ zh: T.String(), en: T.String() }),
  licence: T.String(),
})
export type OpenDataSchemaView = Static<typeof OpenDataSchemaView>
