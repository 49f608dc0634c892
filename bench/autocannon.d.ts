// Minimal types for the parts of autocannon that bench/load.ts uses (the package ships none).
declare module 'autocannon' {
  export interface Request {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string | Buffer
    setupRequest?: (req: Request, context: Record<string, unknown>) => Request
  }
  export interface Options {
    url: string
    connections?: number
    /** Requests per second per connection (autocannon caps each connection at this rate). */
    connectionRate?: number
    duration?: number
    requests?: Request[]
    timeout?: number
  }
  export interface Histogram { average: number, mean: number, p50: number, p90: number, p99: number, max: number, total: number }
  export interface Result {
    requests: Histogram & { sent: number }
    latency: Histogram
    throughput: Histogram
    errors: number
    timeouts: number
    non2xx: number
    statusCodeStats: Record<string, { count: number }>
    duration: number
  }
  function autocannon (options: autocannon.Options): Promise<autocannon.Result>
  namespace autocannon {
    export type { Options, Result, Request, Histogram }
  }
  export default autocannon
}
