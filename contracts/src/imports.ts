/**
 * Bulk import of historical events (issue 17, item 7): `POST /api/v1/admin/imports?dryRun=true|false`
 * with the file (CSV or xlsx, docs/import.md) as multipart field `file`. The answer is the check's
 * report: every bad row by line and field; nothing is written in a dry run or when a row is bad.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { Shape } from './schema.ts'

export const ImportQuery = T.Object(
  { dryRun: T.Boolean({ default: true, description: 'check only, write nothing' }) },
  { additionalProperties: false },
)
export type ImportQuery = Static<typeof ImportQuery>

/** One problem of a row: its line in the file (the header is line 1), the column, what is wrong. */
export const ImportProblem = Shape({
  line: T.Integer({ minimum: 0 }),
  field: T.String(),
  message: T.String(),
})
export type ImportProblem = Static<typeof ImportProblem>

export const ImportReport = Shape({
  dryRun: T.Boolean(),
  /** the data rows read (the header not counted) */
  rows: T.Integer({ minimum: 0 }),
  /** how many rows have a problem */
  badRows: T.Integer({ minimum: 0 }),
  /** the events written: 0 in a dry run or when a row is bad */
  imported: T.Integer({ minimum: 0 }),
  problems: T.Array(ImportProblem),
})
export type ImportReport = Static<typeof ImportReport>
