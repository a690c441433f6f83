/** The part of autocannon's API that bench/write.ts uses (the package ships no types). */
declare module 'autocannon' {
  export interface Request {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request
  }
  export interface Options {
    url: string
    connections?: number
    duration?: number
    /** requests in all; when set, duration is ignored */
    amount?: number
    /** seconds */
    timeout?: number
    requests?: Request[]
  }
  export interface Histogram {
    average: number
    p50: number
    p99: number
    max: number
    total: number
  }
  export interface Result {
    /** seconds */
    duration: number
    '2xx': number
    non2xx: number
    /** socket errors and timeouts */
    errors: number
    timeouts: number
    latency: Histogram
    requests: Histogram
    statusCodeStats: Record<string, { count: number }>
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
