/**
 * Errors that reach the caller. Each factory has a stable `code` the web app and partners can
 * rely on; the one error handler turns them into `{error:{code,message,details}}`.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    // a refusal (4xx) is an answer, not a crash: no stack trace, which costs more than the
    // lifecycle's whole transition (every event view probes each action type, most of them refused)
    const limit = Error.stackTraceLimit
    if (status < 500) Error.stackTraceLimit = 0
    super(message)
    Error.stackTraceLimit = limit
  }
}

/** 400: the input is malformed; `field` names what to fix. */
export const invalid = (field: string, message: string) => new AppError('invalid_input', 400, message, { field })
/** 401: no session, or it expired. */
export const unauthenticated = () => new AppError('unauthenticated', 401, 'Please sign in')
/** 403: the caller may not do this; nothing was changed. */
export const forbidden = (message = 'Not allowed') => new AppError('forbidden', 403, message)
/** 404: nothing with this id in the caller's scope. */
export const notFound = (what: string) => new AppError('not_found', 404, `${what} not found`)
/** 409: the caller's copy is stale; reload and retry. */
export const staleVersion = (current: number) =>
  new AppError('stale_version', 409, 'The event was changed by someone else; reload it', { version: current })
/** 409: the action does not apply in the current state. */
export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new AppError(code, 409, message, details)
/** 429: too many attempts. */
export const tooMany = (message: string) => new AppError('rate_limited', 429, message)
