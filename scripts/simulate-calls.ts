/**
 * 来电弹屏's simulator: plays a day of 12345 calls against a running server as the hall's call-center
 * system (CTI) would post them, printing each step:
 *   npm run simulate:calls -- --url http://localhost:8080 [--calls 24] [--every 4000] [--talk 3000] [--key xlk_…]
 * Without `--key` it signs in as the admin (demo password unless `--password`), gives operator1…5 the
 * agent numbers 8001…8005 where they have none and makes a CTI API client for itself. Each call rings
 * at an agent's desk, is answered `--talk` ms later with the caller's number (half of them callers who
 * have called before: the desk shows their history), and ends with its duration and a recording
 * reference. `--caller` and `--agent` pin one call's number and desk (the browser spec's), `--hold`
 * leaves the last call answered, not ended. `playCalls` is the same for a test.
 */
import { randomInt } from 'node:crypto'
import { parseArgs } from 'node:util'
import { DEMO_PASSWORD } from '../server/src/seed/demo/accounts.ts'
import { apiSession } from './api-session.ts'

export interface CallPlan {
  url: string
  /** a CTI client's key; made through the admin when absent */
  key?: string
  adminPassword?: string
  calls: number
  everyMs: number
  talkMs: number
  caller?: string
  agent?: string
  hold?: boolean
  log?: (line: string) => void
}

/** Callers who call again and again (a resident with a leaking roof, a shop owner, …): their history grows through the day. */
const REPEAT_CALLERS = ['13919310001', '13919310002', '13919310003', '13919310004']
const AGENTS = ['8001', '8002', '8003', '8004', '8005']

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Gives operator1…5 their agent numbers where they have none and makes a CTI client; its key. */
export async function prepareHall(base: string, password = DEMO_PASSWORD, log: (line: string) => void = console.log): Promise<string> {
  const request = await apiSession(base, 'admin', password)
  for (const [i, agent] of AGENTS.entries()) {
    const username = `operator${i + 1}`
    const { items } = await request('GET', `/api/v1/admin/users?q=${username}`)
    const user = items.find((u: { username: string }) => u.username === username)
    if (!user || user.agentNumber) continue
    await request('PATCH', `/api/v1/admin/users/${user.id}`, { agentNumber: agent })
    log(`${username} is agent ${agent}`)
  }
  const client = await request('POST', '/api/v1/admin/api-clients', { name: `呼叫中心模拟 ${Date.now() % 100000}`, channels: ['cti'] })
  log(`CTI client ${client.name} (${client.keyPrefix}…)`)
  return client.key
}

/** Plays the calls; resolves when the last one has ended (or is answered, with `hold`). Returns the call ids. */
export async function playCalls(plan: CallPlan): Promise<string[]> {
  const log = plan.log ?? console.log
  const base = plan.url.replace(/\/$/, '')
  const key = plan.key ?? (await prepareHall(base, plan.adminPassword, log))
  const post = async (body: Record<string, unknown>) => {
    const res = await fetch(`${base}/api/v1/hotline/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    })
    const json = await res.json()
    if (!res.ok) throw new Error(`POST /hotline/calls ${body.state}: ${res.status} ${JSON.stringify(json)}`)
    return json
  }
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '')
  const ids: string[] = []
  for (let i = 0; i < plan.calls; i++) {
    const callId = `SIM-${day}-${String(Date.now() % 1_000_000).padStart(6, '0')}-${String(i + 1).padStart(3, '0')}`
    const caller =
      plan.caller ?? (i % 2 === 0 ? REPEAT_CALLERS[(i / 2) % REPEAT_CALLERS.length] : `139${String(randomInt(10_000_000, 99_999_999))}`)
    const agent = plan.agent ?? AGENTS[i % AGENTS.length]
    const tag = `[${i + 1}/${plan.calls}] ${callId}`
    await post({ callId, state: 'ringing', callerNumber: caller, agent })
    log(`${tag} ringing at agent ${agent}, caller ${caller.slice(0, 3)}****${caller.slice(-4)}`)
    await wait(Math.min(1500, plan.talkMs))
    await post({ callId, state: 'answered', callerNumber: caller, agent })
    log(`${tag} answered by agent ${agent}`)
    ids.push(callId)
    if (plan.hold && i === plan.calls - 1) {
      log(`${tag} held open (--hold)`)
      break
    }
    await wait(plan.talkMs)
    const duration = 45 + randomInt(0, 400)
    await post({ callId, state: 'ended', durationSeconds: duration, recordingRef: `rec/${day}/${callId}.wav` })
    log(`${tag} ended after ${duration} s`)
    if (i < plan.calls - 1) await wait(plan.everyMs)
  }
  log(`played ${ids.length} call(s)`)
  return ids
}

if (process.argv[1]?.endsWith('simulate-calls.ts')) {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://localhost:8080' },
      key: { type: 'string' },
      password: { type: 'string', default: DEMO_PASSWORD },
      calls: { type: 'string', default: '24' },
      every: { type: 'string', default: '4000' },
      talk: { type: 'string', default: '3000' },
      caller: { type: 'string' },
      agent: { type: 'string' },
      hold: { type: 'boolean', default: false },
    },
  })
  await playCalls({
    url: values.url,
    key: values.key,
    adminPassword: values.password,
    calls: Number(values.calls),
    everyMs: Number(values.every),
    talkMs: Number(values.talk),
    caller: values.caller,
    agent: values.agent,
    hold: values.hold,
  })
}
