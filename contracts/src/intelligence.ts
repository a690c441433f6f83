/**
 * The category classifier's API (issue 16): a complaint's text → the categories ranked with
 * scores (a subcategory code such as `sanitation.bins` where the model is confident of it, else the
 * top-level code), the words that weighed most, and whether the best is confident enough to route on.
 */
import { type Static, Type as T } from '@sinclair/typebox'

/** The longest text classified: a title and a long description fit. */
export const CLASSIFY_TEXT_MAX = 4000

/** `POST /api/v1/intelligence/classify`: what the caller typed (title and description together). */
export const ClassifyBody = T.Object({ text: T.String({ minLength: 1, maxLength: CLASSIFY_TEXT_MAX }) }, { additionalProperties: false })
export type ClassifyBody = Static<typeof ClassifyBody>

export const ClassifyCandidate = T.Object({
  /** an active category code: a subcategory (`sanitation.bins`) or a top-level code (`sanitation`) */
  category: T.String(),
  /** the top-level category's softmax score, 0–1; the candidates' scores sum to at most 1 */
  score: T.Number({ minimum: 0, maximum: 1 }),
})
export type ClassifyCandidate = Static<typeof ClassifyCandidate>

export const ClassifyResult = T.Object({
  /** best first, active categories only */
  candidates: T.Array(ClassifyCandidate),
  /** the words or character n-grams of the text that weighed most for the best candidate, best first (≤ 6) */
  explanation: T.Array(T.String()),
  /** the best candidate's score reaches the threshold an event may be routed on without a person */
  confident: T.Boolean(),
})
export type ClassifyResult = Static<typeof ClassifyResult>
