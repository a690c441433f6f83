/**
 * The authorization matrix (issue 12, deliverable 9): for every route of the API, `METHOD /path`,
 * what each actor gets — one actor per role and relation to the fixtures below. It is read by
 * `server/test/api/authz.test.ts`, which lists the routes of the built app and fails on a route
 * without a row here (place it) or a row without a route (remove it), then sends every probe as
 * every actor. Print it as a table: `node --import tsx server/test/authz-matrix.ts`.
 *
 * The fixtures (made once per test file, through the API):
 *   event A — a resident's (`resident`) app report with a photo at 幸福里社区 (安宁区 刘家堡街道,
 *             point in its 第2网格), signed and escalated by the community, dispatched by the street
 *             to 安宁区城市管理局 (`dept:assignee`), where it waits to be signed;
 *   event B — a 12345 call taken by operator1 for 酒泉路街道's first community in 城关区, routed there;
 *   a draft photo — uploaded by `resident`, attached to nothing.
 *
 * Outcomes, and how a response is classed (the rule the test applies):
 *   allow           2xx; or a business refusal the probe names in `refusals` (e.g. the big screen's
 *                   400 for a unit that is not an area center): the caller passed every
 *                   authorization check and met the rules of the matter itself
 *   unauthenticated 401: no session
 *   forbidden       403: signed in, but the role (or the asked area) is not theirs
 *   hidden          404: the target is outside the caller's data scope; the answer must equal the
 *                   one for an id that does not exist (the probe's `missing`), so nothing is learnt
 * Every probe with a `missing` variant is also an IDOR check: each denied actor must get exactly the
 * same status and body for the real target as for a missing one, and an allowed actor a 404.
 * A denied request must change nothing: the test compares a digest of every domain table before and
 * after all denied probes. The lifecycle's who-may-do-which-action table is lifecycle.test.ts's;
 * here `POST /events/:id/actions` is probed with a comment, which every staff role but admin and the
 * reporter may write on an event they can see.
 */
import type { SlaRuleBody } from '@xiaolan/contracts'

/** Who calls. `relation` says how the actor stands to event A (and B) and to the community of A. */
interface ActorSpec {
  role: string
  relation: string
  username?: string
  resident?: { phone: string; verified: boolean }
}

export const ACTORS = {
  anonymous: { role: 'anonymous', relation: 'no session' },
  resident: { role: 'resident', relation: 'reporter of A (self)', resident: { phone: '13900000101', verified: true } },
  'resident:other': { role: 'resident', relation: 'another resident', resident: { phone: '13900000102', verified: true } },
  'resident:unverified': {
    role: 'resident',
    relation: 'another resident, without the real-name step',
    resident: { phone: '13900000103', verified: false },
  },
  operator: { role: 'operator', relation: 'city (12345 desk)', username: 'operator1' },
  supervisor: { role: 'supervisor', relation: 'city', username: 'supervisor' },
  leader: { role: 'leader', relation: 'city', username: 'leader' },
  admin: { role: 'admin', relation: 'city', username: 'admin' },
  'center:city': { role: 'center_staff', relation: 'city center (parent of every unit)', username: 'c-620100' },
  'center:district': { role: 'center_staff', relation: 'district of A (parent)', username: 'c-620105' },
  'center:street': { role: 'center_staff', relation: 'street of A (parent; dispatched A)', username: 'c-620105007' },
  'center:community': { role: 'center_staff', relation: 'community of A (own unit)', username: 'c-620105007010' },
  'center:sibling': { role: 'center_staff', relation: 'sibling community of A', username: 'c-620105007011' },
  'center:other-district': { role: 'center_staff', relation: 'other district (district of B)', username: 'c-620102' },
  grid: { role: 'grid_worker', relation: 'the grid A lies in (subtree of its community)', username: 'g-620105007010002' },
  'grid:sibling': { role: 'grid_worker', relation: 'another grid of A’s community', username: 'g-620105007010001' },
  'dept:assignee': { role: 'dept_staff', relation: 'department of A’s district holding A', username: 'd-620105D01' },
  'dept:same-district': { role: 'dept_staff', relation: 'department of A’s district, never held A', username: 'd-620105D02' },
  'dept:other-district': { role: 'dept_staff', relation: 'department of another district', username: 'd-620102D01' },
  'dept:city': { role: 'dept_staff', relation: 'department of the city', username: 'd-620100D01' },
  mediation: { role: 'mediator', relation: 'mediation room of A’s street', username: 'm-620105007M01' },
  force: { role: 'dept_staff', relation: 'force (property company) of A’s community', username: 'f-620105007010F1' },
} satisfies Record<string, ActorSpec>

export type ActorName = keyof typeof ACTORS
export const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[]

export type Outcome = 'allow' | 'unauthenticated' | 'forbidden' | 'hidden'

/** What the test made, handed to each probe's request builder. */
export interface Fixtures {
  eventA: { id: number; number: string }
  eventB: { id: number; number: string }
  photoA: number
  draftPhoto: number
  /** the phone event A's reporter signed in with */
  reporterPhone: string
  /** a user no actor signs in as (operator5), for the admin's user edits */
  spareUserId: number
  /** an API client the admin made, for the client edits */
  apiClientId: number
  /** a webhook of that client, and a dead message of it (for the replay) */
  webhookId: number
  outboxId: number
  /** a day whose calendar override the fixtures entered, for the delete probe */
  overrideDay: string
  /** the default SLA rule as it stands, saved again unchanged by the admin's probe */
  defaultRule: SlaRuleBody
  /** the current version of an event (writes need it) */
  version(eventId: number): Promise<number>
  /** a fresh one-time code for a phone (the resident login probe) */
  otp(phone: string): Promise<string>
  /** a small PNG, for the upload probe */
  png: Buffer
}

export interface ProbeRequest {
  url: string
  body?: unknown
  /** a raw payload with its own headers (multipart) instead of a JSON body */
  raw?: { payload: Buffer; headers: Record<string, string> }
}

export interface Probe {
  /** what is asked for, in terms of the fixtures: the relation the outcomes are about */
  target: string
  request(f: Fixtures, actor: ActorName): ProbeRequest | Promise<ProbeRequest>
  expect: Record<ActorName, Outcome>
  /** business refusals counted as `allow` (never 401, 403 or 404) */
  refusals?: number[]
  /** the same request for an id that does not exist: hidden and forbidden answers must equal it */
  missing?(f: Fixtures, actor: ActorName): ProbeRequest | Promise<ProbeRequest>
  /** who may read the target anyway, so a 403 tells them nothing (admin may read A, not comment on it) */
  readers?: ActorName[]
}

export interface RouteRow {
  /** the rule in words, from DESIGN §2 / §10 and the code */
  rule: string
  probes: Probe[]
  /** a server-sent event stream: probed over real HTTP, allowed means the stream opened */
  stream?: boolean
  /** ends the caller's session: probed after everything else */
  last?: boolean
  /** writes that need the version the write before left: the allowed probes go one at a time */
  serial?: boolean
}

// ---- groups of actors -------------------------------------------------------------------------

const RESIDENTS: ActorName[] = ['resident', 'resident:other', 'resident:unverified']
const SIGNED_IN = ACTOR_NAMES.filter((a) => a !== 'anonymous')
const STAFF = SIGNED_IN.filter((a) => !RESIDENTS.includes(a))
const CITY_ROLES: ActorName[] = ['operator', 'supervisor', 'leader', 'admin', 'center:city']
const CENTERS: ActorName[] = [
  'center:city',
  'center:district',
  'center:street',
  'center:community',
  'center:sibling',
  'center:other-district',
]
/** the 12345 desk: operators, and center staff and supervisors who take calls too */
const DESK: ActorName[] = ['operator', 'supervisor', ...CENTERS]
/** who edit the knowledge base: admins and department staff (forces are department staff too) */
const EDITORS: ActorName[] = ['admin', 'dept:assignee', 'dept:same-district', 'dept:other-district', 'dept:city', 'force']
/** who may register an event (POST /events) */
const INTAKE: ActorName[] = ['operator', 'supervisor', ...CENTERS, 'grid', 'grid:sibling']
/** the roles whose work needs a reporter's contact (operator, center, department, mediator, grid, supervisor) */
const CONTACT = STAFF.filter((a) => !['leader', 'admin'].includes(a))
/** the data scope of event A: its reporter, its location's chain (city … grid) and the units it reached */
const SEES_A: ActorName[] = ['resident', ...CITY_ROLES, 'center:district', 'center:street', 'center:community', 'grid', 'dept:assignee']
/** the data scope of event B: the city and B's district (its community and street have no actor here) */
const SEES_B: ActorName[] = [...CITY_ROLES, 'center:other-district']
/** whose unit's subtree holds A's community (KPIs, screen, stream with scope=620105007010) */
const OVER_A_COMMUNITY: ActorName[] = [...CITY_ROLES, 'center:district', 'center:street', 'center:community']
/** whose unit's subtree holds A's district (scope=620105) */
const OVER_A_DISTRICT: ActorName[] = [...CITY_ROLES, 'center:district']

const EVERYONE = ACTOR_NAMES
/** whom each caller signs in as in the login probe: a staff actor as itself, the others as spare accounts */
const SPARE_ACCOUNTS: Record<string, string> = {
  anonymous: 'operator2',
  resident: 'operator3',
  'resident:other': 'operator4',
  'resident:unverified': 'c-620105007012',
}
const SIGN_IN_AS = Object.fromEntries(
  ACTOR_NAMES.map((a) => [a, 'username' in ACTORS[a] ? ACTORS[a].username : SPARE_ACCOUNTS[a]]),
) as Record<ActorName, string>
const ADMIN: ActorName[] = ['admin']
const minus = (list: ActorName[], out: ActorName[]) => list.filter((a) => !out.includes(a))
const both = (list: ActorName[], other: ActorName[]) => list.filter((a) => other.includes(a))

/**
 * The outcome of every actor: `allow` for those named, 401 for anonymous (unless allowed),
 * `forbidden` / `hidden` for those named so, and `otherwise` for the rest.
 */
function outcomes(
  allow: ActorName[],
  otherwise: Exclude<Outcome, 'allow'>,
  named: { forbidden?: ActorName[]; hidden?: ActorName[] } = {},
): Record<ActorName, Outcome> {
  return Object.fromEntries(
    ACTOR_NAMES.map((a): [ActorName, Outcome] => {
      if (allow.includes(a)) return [a, 'allow']
      if (a === 'anonymous') return [a, 'unauthenticated']
      if (named.forbidden?.includes(a)) return [a, 'forbidden']
      if (named.hidden?.includes(a)) return [a, 'hidden']
      return [a, otherwise]
    }),
  ) as Record<ActorName, Outcome>
}

/** who take part in sweeps: every center's staff, grid workers, supervisors and leaders */
const SWEEP_READERS: ActorName[] = [...CENTERS, 'grid', 'grid:sibling', 'supervisor', 'leader']
/** a sweep route probed with a missing sweep: not found for those who take part, forbidden for the rest */
const sweepRow = (rule: string, request: (id: number) => ProbeRequest): RouteRow => ({
  rule,
  probes: [{ target: 'a missing sweep', request: () => request(MISSING_ID), expect: outcomes([], 'forbidden', { hidden: SWEEP_READERS }) }],
})

const publicRoute = (rule: string, url: string): RouteRow => ({
  rule,
  probes: [{ target: 'public', request: () => ({ url }), expect: outcomes(EVERYONE, 'forbidden') }],
})

// ---- samples ------------------------------------------------------------------------------------

const MISSING_ID = 2_147_483_647
const XINGFULI = '620105007010'
const XINGFULI_SEAT = { lat: 36.117308, lng: 103.729711 } // 幸福里社区's seat (server/data/lanzhou), in its 第2网格
/** the same point as a GeoReport v2 form writes it */
const OPEN311_PLACE = { lat: String(XINGFULI_SEAT.lat), long: String(XINGFULI_SEAT.lng) }
/** a distinct number per actor, so that per-phone limits and unique names do not interfere */
const nth = (actor: ActorName) => String(ACTOR_NAMES.indexOf(actor)).padStart(2, '0')
const comment = async (f: Fixtures, id: number) => ({
  url: `/api/v1/events/${id}/actions`,
  body: { type: 'comment', version: await f.version(id), note: '权限矩阵测试：内部备注' },
})
const multipart = (png: Buffer) => {
  const boundary = '----xiaolan-authz'
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="p.png"\r\ncontent-type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** The KPI-like routes: staff only; `scope` must be a unit of the caller's subtree (403 otherwise). */
/** one day of figures: the probes are about who may ask, not about a month's sums */
const ONE_DAY = 'from=2026-11-29T16:00:00Z&to=2026-11-30T16:00:00Z'

function scoped(rule: string, path: string, extra = '', own: { allow?: ActorName[]; refusals?: number[] } = {}): RouteRow {
  const q = (scope?: string) => `${path}?${[extra, scope ? `scope=${scope}` : ''].filter(Boolean).join('&')}`.replace(/\?$/, '')
  return {
    rule,
    probes: [
      {
        target: 'own unit (no scope)',
        request: () => ({ url: q() }),
        expect: outcomes(own.allow ?? STAFF, 'forbidden'),
        refusals: own.refusals,
      },
      { target: 'scope = A’s community', request: () => ({ url: q(XINGFULI) }), expect: outcomes(OVER_A_COMMUNITY, 'forbidden') },
      { target: 'scope = A’s district', request: () => ({ url: q('620105') }), expect: outcomes(OVER_A_DISTRICT, 'forbidden') },
    ],
  }
}

/**
 * 关注 (GET, POST, DELETE /resident/events/:id/follow): residents, on an event the public may see (A,
 * routed); anyone else's session is refused whatever the event, and an unknown one is not found.
 */
function followRows(): Record<string, RouteRow> {
  const row = (rule: string): RouteRow => ({
    rule,
    probes: [
      {
        target: 'event A (public)',
        request: (f) => ({ url: `/api/v1/resident/events/${f.eventA.id}/follow` }),
        expect: outcomes(RESIDENTS, 'forbidden'),
        missing: () => ({ url: `/api/v1/resident/events/${MISSING_ID}/follow` }),
      },
    ],
  })
  return {
    'GET /api/v1/resident/events/:id/follow': row('residents: whether they follow an event the public may see'),
    'POST /api/v1/resident/events/:id/follow': row('residents: follow an event the public may see (not one held unscreened: 404)'),
    'DELETE /api/v1/resident/events/:id/follow': row('residents: stop following an event the public may see'),
  }
}

// ---- the matrix -----------------------------------------------------------------------------------

export const MATRIX: Record<string, RouteRow> = {
  'GET /api/v1/health': publicRoute('anyone: liveness', '/api/v1/health'),
  'GET /metrics': {
    rule: 'a scraper with the Bearer METRICS_TOKEN, never a session; not served at all without METRICS_TOKEN or METRICS_PORT, as here (the token: metrics.test.ts)',
    probes: [
      {
        target: 'the instance',
        request: () => ({ url: '/metrics' }),
        expect: Object.fromEntries(ACTOR_NAMES.map((a) => [a, 'hidden'])) as Record<ActorName, Outcome>,
      },
    ],
  },
  'POST /api/v1/auth/login': {
    rule: 'anyone: staff sign in (a session of the account named, whoever asks)',
    probes: [
      {
        target: 'public',
        // a different account per caller: parallel attempts on one account count towards its lockout
        request: (_f, a) => ({ url: '/api/v1/auth/login', body: { username: SIGN_IN_AS[a], password: 'xiaolan-demo' } }),
        expect: outcomes(EVERYONE, 'forbidden'),
      },
    ],
  },
  'POST /api/v1/auth/logout': {
    rule: 'anyone: ends the caller’s own session, if any',
    last: true,
    probes: [{ target: 'own session', request: () => ({ url: '/api/v1/auth/logout', body: {} }), expect: outcomes(EVERYONE, 'forbidden') }],
  },
  'GET /api/v1/me': {
    rule: 'signed in: who am I',
    probes: [{ target: 'self', request: () => ({ url: '/api/v1/me' }), expect: outcomes(SIGNED_IN, 'forbidden') }],
  },
  'GET /api/v1/session': publicRoute('anyone: who is here, {me: null} for visitors', '/api/v1/session'),
  'POST /api/v1/resident/otp': {
    rule: 'anyone: a one-time code to a phone',
    probes: [
      {
        target: 'public',
        request: (_f, a) => ({ url: '/api/v1/resident/otp', body: { phone: `1390010${nth(a)}00` } }),
        expect: outcomes(EVERYONE, 'forbidden'),
      },
    ],
  },
  'POST /api/v1/resident/login': {
    rule: 'anyone with the code: a resident session',
    probes: [
      {
        target: 'public',
        request: async (f, a) => {
          const phone = `1390020${nth(a)}00`
          return { url: '/api/v1/resident/login', body: { phone, code: await f.otp(phone) } }
        },
        expect: outcomes(EVERYONE, 'forbidden'),
      },
    ],
  },
  'POST /api/v1/resident/real-name': {
    rule: 'residents: their own name and ID number',
    probes: [
      {
        target: 'self',
        request: () => ({ url: '/api/v1/resident/real-name', body: { name: '王小兰', idNumber: '11010519491231002X' } }),
        expect: outcomes(RESIDENTS, 'forbidden'),
      },
    ],
  },

  'GET /api/v1/orgs': publicRoute('anyone: the org tree is what residents see', '/api/v1/orgs?parent=620105007'),
  'GET /api/v1/orgs/locate': publicRoute(
    'anyone: which units cover a point',
    `/api/v1/orgs/locate?lat=${XINGFULI_SEAT.lat}&lng=${XINGFULI_SEAT.lng}`,
  ),
  'GET /api/v1/orgs/places': publicRoute(
    'anyone: the gazetteer’s places are public, like the units they lead to',
    `/api/v1/orgs/places?q=${encodeURIComponent('幸福里小区3号楼')}`,
  ),
  'GET /api/v1/map': publicRoute('anyone: the tile settings', '/api/v1/map'),
  'GET /api/v1/categories': publicRoute('anyone: the categories', '/api/v1/categories'),
  'GET /api/v1/orgs/:code': {
    rule: 'anyone: one unit with its area and children (public)',
    probes: [
      {
        target: 'A’s community',
        request: () => ({ url: `/api/v1/orgs/${XINGFULI}` }),
        expect: outcomes(EVERYONE, 'forbidden'),
        missing: () => ({ url: '/api/v1/orgs/999999999999' }),
      },
    ],
  },

  'POST /api/v1/events': {
    rule: 'intake roles (operator, supervisor, center staff, grid worker); below the city only where they will then see it (own subtree)',
    probes: [
      {
        target: 'a call located at A’s point (幸福里社区 第2网格)',
        request: () => ({
          url: '/api/v1/events',
          body: { channel: 'hotline', category: 'sanitation.garbage', description: '权限矩阵：小区门口垃圾堆积', ...XINGFULI_SEAT },
        }),
        // found by this matrix: outside their area it was written, then answered 404 (now 403, nothing written)
        expect: outcomes(minus(INTAKE, ['center:sibling', 'center:other-district', 'grid:sibling']), 'forbidden'),
      },
    ],
  },
  'POST /api/v1/resident/events': {
    rule: 'residents who completed the real-name step',
    probes: [
      {
        target: 'self',
        request: () => ({
          url: '/api/v1/resident/events',
          body: { category: 'sanitation.garbage', description: '权限矩阵：楼道里堆满杂物', ...XINGFULI_SEAT },
        }),
        expect: outcomes(['resident', 'resident:other'], 'forbidden'),
      },
    ],
  },
  'GET /api/v1/events': {
    rule: 'signed in: the events of the caller’s data scope (a resident: their own); which ones is checked apart',
    probes: [{ target: 'own scope', request: () => ({ url: '/api/v1/events?limit=5' }), expect: outcomes(SIGNED_IN, 'forbidden') }],
  },
  'GET /api/v1/events/inbox': {
    rule: 'staff: their unit’s tab counts',
    probes: [{ target: 'own unit', request: () => ({ url: '/api/v1/events/inbox' }), expect: outcomes(STAFF, 'forbidden') }],
  },
  'GET /api/v1/workbench/dispatch-targets': {
    rule: 'staff of a center (the city’s shared accounts belong to the city center): where it may dispatch',
    probes: [
      {
        target: 'own unit',
        request: () => ({ url: '/api/v1/workbench/dispatch-targets' }),
        expect: outcomes([...CITY_ROLES, ...CENTERS], 'forbidden'),
      },
    ],
  },
  'GET /api/v1/events/:id': {
    rule: 'within the data scope (DESIGN §10); outside it the event does not exist (404)',
    probes: [
      {
        target: 'event A',
        request: (f) => ({ url: `/api/v1/events/${f.eventA.id}` }),
        expect: outcomes(SEES_A, 'hidden'),
        missing: () => ({ url: `/api/v1/events/${MISSING_ID}` }),
      },
      {
        target: 'event B',
        request: (f) => ({ url: `/api/v1/events/${f.eventB.id}` }),
        expect: outcomes(SEES_B, 'hidden'),
        missing: () => ({ url: `/api/v1/events/${MISSING_ID}` }),
      },
    ],
  },
  'POST /api/v1/events/:id/actions': {
    rule: 'within the data scope, then the lifecycle’s rule for the action (a comment: any staff but admin, or the reporter)',
    serial: true,
    probes: [
      {
        target: 'event A',
        request: (f) => comment(f, f.eventA.id),
        expect: outcomes(minus(SEES_A, ADMIN), 'hidden', { forbidden: ADMIN }),
        readers: SEES_A,
        missing: async (f) => ({ ...(await comment(f, f.eventA.id)), url: `/api/v1/events/${MISSING_ID}/actions` }),
      },
      {
        target: 'event B',
        request: (f) => comment(f, f.eventB.id),
        expect: outcomes(minus(SEES_B, ADMIN), 'hidden', { forbidden: ADMIN }),
        readers: SEES_B,
        missing: async (f) => ({ ...(await comment(f, f.eventB.id)), url: `/api/v1/events/${MISSING_ID}/actions` }),
      },
    ],
  },
  'POST /api/v1/events/:id/contact': {
    rule: 'roles that need a reporter’s contact (not leader, admin, residents), within the data scope; audited',
    probes: [
      {
        target: 'event A',
        request: (f) => ({ url: `/api/v1/events/${f.eventA.id}/contact`, body: {} }),
        expect: outcomes(both(SEES_A, CONTACT), 'hidden', { forbidden: [...RESIDENTS, 'leader', 'admin'] }),
        missing: () => ({ url: `/api/v1/events/${MISSING_ID}/contact`, body: {} }),
      },
      {
        target: 'event B',
        request: (f) => ({ url: `/api/v1/events/${f.eventB.id}/contact`, body: {} }),
        expect: outcomes(both(SEES_B, CONTACT), 'hidden', { forbidden: [...RESIDENTS, 'leader', 'admin'] }),
        missing: () => ({ url: `/api/v1/events/${MISSING_ID}/contact`, body: {} }),
      },
    ],
  },
  'GET /api/v1/track/:number': {
    rule: 'anyone with the number: progress in public terms (masked)',
    probes: [
      {
        target: 'event A’s number',
        request: (f) => ({ url: `/api/v1/track/${f.eventA.number}` }),
        expect: outcomes(EVERYONE, 'forbidden'),
        missing: () => ({ url: '/api/v1/track/LZ20000101-000001' }),
      },
    ],
  },
  'POST /api/v1/attachments': {
    rule: 'signed in: upload a photo, owned by the uploader until a report or an action names it',
    probes: [
      {
        target: 'own upload',
        request: (f) => ({ url: '/api/v1/attachments', raw: multipart(f.png) }),
        expect: outcomes(SIGNED_IN, 'forbidden'),
      },
    ],
  },
  'GET /api/v1/attachments/:id': {
    rule: 'the uploader, or whoever may read the event it is attached to; anyone else: as if missing',
    probes: [
      {
        target: 'a photo of event A',
        request: (f) => ({ url: `/api/v1/attachments/${f.photoA}` }),
        expect: outcomes(SEES_A, 'hidden'),
        missing: () => ({ url: `/api/v1/attachments/${MISSING_ID}` }),
      },
      {
        target: 'a draft photo of resident (attached to nothing)',
        request: (f) => ({ url: `/api/v1/attachments/${f.draftPhoto}` }),
        expect: outcomes(['resident'], 'hidden'),
        missing: () => ({ url: `/api/v1/attachments/${MISSING_ID}` }),
      },
    ],
  },
  'GET /api/v1/public/events': publicRoute('anyone: the masked public list', '/api/v1/public/events?limit=5'),

  'POST /api/v1/patrols': {
    rule: 'grid workers check in where they stand',
    probes: [
      {
        target: 'own patrol',
        request: () => ({ url: '/api/v1/patrols', body: XINGFULI_SEAT }),
        expect: outcomes(['grid', 'grid:sibling'], 'forbidden'),
      },
    ],
  },
  'GET /api/v1/patrols': {
    rule: 'staff: their own check-ins of today',
    probes: [{ target: 'own', request: () => ({ url: '/api/v1/patrols' }), expect: outcomes(STAFF, 'forbidden') }],
  },

  // 研判预警 (issue 16 item 5): staff see their unit's subtree's alerts (the scope is alerts.test.ts's,
  // over real alerts); here the roles: residents are refused, a missing alert is a 404 for staff
  'GET /api/v1/alerts': {
    rule: 'staff: the alerts of their unit’s subtree',
    probes: [{ target: 'own subtree', request: () => ({ url: '/api/v1/alerts' }), expect: outcomes(STAFF, 'forbidden') }],
  },
  'GET /api/v1/alerts/:id': {
    rule: 'staff: an alert of their unit’s subtree with its evidence (outside it: 404)',
    probes: [
      {
        target: 'a missing alert',
        request: () => ({ url: `/api/v1/alerts/${MISSING_ID}` }),
        expect: outcomes([], 'hidden', { forbidden: RESIDENTS }),
      },
    ],
  },
  'POST /api/v1/alerts/:id/actions': {
    rule: 'center staff, supervisors, leaders, admins: act on an alert of their subtree (outside it: 404)',
    probes: [
      {
        target: 'a missing alert',
        request: () => ({ url: `/api/v1/alerts/${MISSING_ID}/actions`, body: { type: 'note', version: 1, note: '核实' } }),
        expect: outcomes([], 'hidden', { forbidden: RESIDENTS }),
      },
    ],
  },

  'POST /api/v1/alerts/:id/whistle': {
    rule: 'staff of a street, district or city center: whistle the departments from an alert of their subtree (outside it: 404; another role: 403)',
    probes: [
      {
        target: 'a missing alert',
        request: () => ({
          url: `/api/v1/alerts/${MISSING_ID}/whistle`,
          body: { version: 1, units: [1, 2], leadUnitId: 1, note: '权限矩阵测试' },
        }),
        expect: outcomes([], 'hidden', { forbidden: RESIDENTS }),
      },
    ],
  },

  // people's mediation (issue 19): centers send events to mediation and read their subtree's cases; a
  // mediation organisation's mediators work their own cases (full case paths in mediation.test.ts)
  'GET /api/v1/mediation/organisations': {
    rule: 'center staff: the organisations their center may send an event to, with the suggestion',
    probes: [
      { target: 'the network', request: () => ({ url: '/api/v1/mediation/organisations' }), expect: outcomes(CENTERS, 'forbidden') },
    ],
  },
  'GET /api/v1/mediation/cases': {
    rule: 'mediators: their organisation’s cases; center staff: their subtree’s; supervisors and leaders: all',
    probes: [
      {
        target: 'own cases',
        request: () => ({ url: '/api/v1/mediation/cases' }),
        expect: outcomes([...CENTERS, 'mediation', 'supervisor', 'leader'], 'forbidden'),
      },
    ],
  },
  'POST /api/v1/mediation/cases': {
    rule: 'center staff (dispatching an event they hold) or a mediator (for an event their organisation holds) open a case',
    probes: [
      {
        target: 'a missing event',
        request: () => ({
          url: '/api/v1/mediation/cases',
          body: {
            eventId: MISSING_ID,
            version: 1,
            unitId: 1,
            disputeType: 'neighbour',
            summary: '权限矩阵测试',
            parties: [
              { role: 'applicant', name: '甲' },
              { role: 'respondent', name: '乙' },
            ],
          },
        }),
        expect: outcomes([], 'forbidden', { hidden: [...CENTERS, 'mediation'] }),
      },
    ],
  },
  'GET /api/v1/mediation/cases/:id': {
    rule: 'staff with access to the case (its mediators, the centers over it, supervisors, leaders); else 404',
    probes: [
      {
        target: 'a missing case',
        request: () => ({ url: `/api/v1/mediation/cases/${MISSING_ID}` }),
        expect: outcomes([], 'hidden', { forbidden: RESIDENTS }),
      },
    ],
  },
  'POST /api/v1/mediation/cases/:id/actions': {
    rule: 'the case’s mediators take its steps, the centers over it forward it; else 404',
    probes: [
      {
        target: 'a missing case',
        request: () => ({ url: `/api/v1/mediation/cases/${MISSING_ID}/actions`, body: { type: 'accept', version: 1 } }),
        expect: outcomes([], 'hidden', { forbidden: RESIDENTS }),
      },
    ],
  },
  'POST /api/v1/mediation/cases/:id/parties/reveal': {
    rule: 'center staff over the case reveal its parties (audited); else 404',
    probes: [
      {
        target: 'a missing case',
        request: () => ({ url: `/api/v1/mediation/cases/${MISSING_ID}/parties/reveal` }),
        expect: outcomes([], 'hidden', { forbidden: RESIDENTS }),
      },
    ],
  },
  'GET /api/v1/mediation/confirmations/:token': {
    rule: 'anyone with a party’s link (a random token): the agreement to confirm; an unknown token is 404 for all',
    probes: [
      {
        target: 'an unknown token',
        request: () => ({ url: `/api/v1/mediation/confirmations/${'A'.repeat(43)}` }),
        expect: Object.fromEntries(ACTOR_NAMES.map((a) => [a, 'hidden'])) as Record<ActorName, Outcome>,
      },
    ],
  },
  'POST /api/v1/mediation/confirmations/:token': {
    rule: 'anyone with a party’s link confirms it; an unknown token is 404 for all',
    probes: [
      {
        target: 'an unknown token',
        request: () => ({ url: `/api/v1/mediation/confirmations/${'A'.repeat(43)}`, body: {} }),
        expect: Object.fromEntries(ACTOR_NAMES.map((a) => [a, 'hidden'])) as Record<ActorName, Outcome>,
      },
    ],
  },
  // a caller's evaluation link from the SMS (issue 18 item 5): the random token is the key, no session is needed
  'GET /api/v1/evaluation/:token': {
    rule: 'anyone with a caller’s link (a random token): the matter’s public progress; an unknown token is 404 for all',
    probes: [
      {
        target: 'an unknown token',
        request: () => ({ url: `/api/v1/evaluation/${'A'.repeat(32)}` }),
        expect: Object.fromEntries(ACTOR_NAMES.map((a) => [a, 'hidden'])) as Record<ActorName, Outcome>,
      },
    ],
  },
  'POST /api/v1/evaluation/:token': {
    rule: 'anyone with a caller’s link rates the resolved matter once; an unknown token is 404 for all',
    probes: [
      {
        target: 'an unknown token',
        request: () => ({ url: `/api/v1/evaluation/${'A'.repeat(32)}`, body: { rating: 'satisfied', version: 1 } }),
        expect: Object.fromEntries(ACTOR_NAMES.map((a) => [a, 'hidden'])) as Record<ActorName, Outcome>,
      },
    ],
  },
  'POST /api/v1/evaluation/:token/press': {
    rule: 'anyone with a caller’s link presses (催办) the matter, once a day; an unknown token is 404 for all',
    probes: [
      {
        target: 'an unknown token',
        request: () => ({ url: `/api/v1/evaluation/${'A'.repeat(32)}/press`, body: { version: 1 } }),
        expect: Object.fromEntries(ACTOR_NAMES.map((a) => [a, 'hidden'])) as Record<ActorName, Outcome>,
      },
    ],
  },
  'GET /api/v1/public/mediation/:number': {
    rule: 'anyone with the number: the mediation stages of the event, no words',
    probes: [
      {
        target: 'event A’s number',
        request: (f) => ({ url: `/api/v1/public/mediation/${f.eventA.number}` }),
        expect: outcomes(EVERYONE, 'forbidden'),
      },
    ],
  },
  'GET /api/v1/mediation/settings': {
    rule: 'staff: the term and follow-up delay',
    probes: [{ target: 'the settings', request: () => ({ url: '/api/v1/mediation/settings' }), expect: outcomes(STAFF, 'forbidden') }],
  },
  'PUT /api/v1/mediation/settings': {
    rule: 'admin only, with a reason',
    probes: [
      {
        target: 'the settings',
        request: () => ({ url: '/api/v1/mediation/settings', body: { termDays: 30, followUpDays: 15, reason: '权限矩阵测试' } }),
        expect: outcomes(ADMIN, 'forbidden'),
      },
    ],
  },
  'GET /api/v1/mediation/stats': {
    rule: 'center staff (their subtree), supervisors and leaders (the city)',
    probes: [
      {
        target: 'the figures',
        request: () => ({ url: '/api/v1/mediation/stats' }),
        expect: outcomes([...CENTERS, 'supervisor', 'leader'], 'forbidden'),
      },
    ],
  },

  // 隐患联排 (issue 20 item 2): district and street centers launch sweeps over their subtree; centers
  // read the sweeps overlapping their area, grid workers those with targets in their grid, supervisors
  // and leaders all; a grid's worker checks its targets (full paths in sweeps.test.ts)
  'GET /api/v1/sweeps': {
    rule: 'center staff (sweeps overlapping their area), grid workers (their grid’s targets), supervisors and leaders',
    probes: [{ target: 'the list', request: () => ({ url: '/api/v1/sweeps' }), expect: outcomes(SWEEP_READERS, 'forbidden') }],
  },
  'POST /api/v1/sweeps': {
    rule: 'staff of a district or street center, over their own subtree',
    probes: [
      {
        target: 'a sweep of the caller’s own area',
        request: () => ({
          url: '/api/v1/sweeps',
          body: { title: '权限矩阵测试联排', theme: 'fire_exit', siteKind: 'shop', items: ['安全出口畅通'], deadline: '2099-12-31' },
        }),
        expect: outcomes(['center:district', 'center:street', 'center:other-district'], 'forbidden'),
      },
    ],
  },
  'GET /api/v1/sweeps/:id': sweepRow('a sweep they read; else 404', (id) => ({ url: `/api/v1/sweeps/${id}` })),
  'GET /api/v1/sweeps/:id/targets': sweepRow('a sweep they read: its targets (a grid worker’s grid only); else 404', (id) => ({
    url: `/api/v1/sweeps/${id}/targets`,
  })),
  'POST /api/v1/sweeps/:id/targets/:targetId/check': sweepRow('the target’s grid worker (another grid’s: 403); else 404', (id) => ({
    url: `/api/v1/sweeps/${id}/targets/${MISSING_ID}/check`,
    body: { idempotencyKey: '00000000-0000-4000-8000-000000000000', results: [{ pass: true }] },
  })),
  'POST /api/v1/sweeps/:id/close': sweepRow('the launching center or one above it; else 404', (id) => ({
    url: `/api/v1/sweeps/${id}/close`,
    body: { version: 1 },
  })),
  'GET /api/v1/sweeps/:id/report.xlsx': {
    rule: 'center staff reading the sweep, supervisors and leaders; grid workers 403; else 404',
    probes: [
      {
        target: 'a missing sweep',
        request: () => ({ url: `/api/v1/sweeps/${MISSING_ID}/report.xlsx` }),
        expect: outcomes([], 'forbidden', { hidden: [...CENTERS, 'supervisor', 'leader'] }),
      },
    ],
  },

  'GET /api/v1/mediation/screen': {
    rule: 'the big screen’s viewers: the 矛盾纠纷 figures of their area',
    probes: [
      {
        target: 'their own area',
        request: () => ({ url: '/api/v1/mediation/screen' }),
        expect: outcomes([...CENTERS, 'supervisor', 'leader', 'admin'], 'forbidden'),
      },
    ],
  },

  // departments stationed at the center in rotation (issue 19 item 5; the cases in rota.test.ts)
  'GET /api/v1/rota/week': {
    rule: 'staff: the city center’s rota of a week',
    probes: [{ target: 'this week', request: () => ({ url: '/api/v1/rota/week' }), expect: outcomes(STAFF, 'forbidden') }],
  },
  'PUT /api/v1/rota/weeks/:week': {
    rule: 'the city center’s staff and admins plan the rota (a stale version is 409)',
    probes: [
      {
        target: 'a week',
        request: () => ({ url: '/api/v1/rota/weeks/2026-11-30', body: { version: 0, days: [] } }),
        expect: outcomes(['admin', 'center:city'], 'forbidden'),
        refusals: [409],
      },
    ],
  },
  'GET /api/v1/rota/weeks/:week/history': {
    rule: 'staff: who changed the week, when and what',
    probes: [{ target: 'a week', request: () => ({ url: '/api/v1/rota/weeks/2026-11-30/history' }), expect: outcomes(STAFF, 'forbidden') }],
  },
  'GET /api/v1/rota/suggestion': {
    rule: 'the rota’s editors: the city center’s staff and admins',
    probes: [
      { target: 'this week', request: () => ({ url: '/api/v1/rota/suggestion' }), expect: outcomes(['admin', 'center:city'], 'forbidden') },
    ],
  },
  'GET /api/v1/rota/duty': {
    rule: 'the big screen’s viewers: who is stationed at their center (a street’s: its district’s) today',
    probes: [
      {
        target: 'their own center',
        request: () => ({ url: '/api/v1/rota/duty' }),
        expect: outcomes([...CENTERS, 'supervisor', 'leader', 'admin'], 'forbidden'),
      },
    ],
  },
  'GET /api/v1/rota/hall': {
    rule: 'the city and district centers’ staff (the city’s for supervisors, leaders and admins): dispatches to stationed departments',
    probes: [
      {
        target: 'their center’s hall today',
        request: () => ({ url: '/api/v1/rota/hall' }),
        expect: outcomes(['center:city', 'center:district', 'center:other-district', 'supervisor', 'leader', 'admin'], 'forbidden'),
      },
    ],
  },

  'GET /api/v1/admin/alert-rules': {
    rule: 'admin only',
    probes: [{ target: 'all rules', request: () => ({ url: '/api/v1/admin/alert-rules' }), expect: outcomes(ADMIN, 'forbidden') }],
  },
  'POST /api/v1/admin/alert-rules/:kind': {
    rule: 'admin only, with a reason',
    probes: [
      {
        target: 'the hotspot rule',
        request: () => ({ url: '/api/v1/admin/alert-rules/hotspot', body: { version: 1, enabled: true, reason: '权限矩阵测试' } }),
        expect: outcomes(ADMIN, 'forbidden'),
      },
    ],
  },

  'GET /api/v1/admin/duplicate-settings': {
    rule: 'admin only',
    probes: [
      { target: 'the settings', request: () => ({ url: '/api/v1/admin/duplicate-settings' }), expect: outcomes(ADMIN, 'forbidden') },
    ],
  },
  'PUT /api/v1/admin/duplicate-settings': {
    rule: 'admin only, with a reason',
    probes: [
      {
        target: 'the settings',
        request: () => ({
          url: '/api/v1/admin/duplicate-settings',
          body: { radiusM: 1000, days: 14, minScore: 0.15, reason: '权限矩阵测试' },
        }),
        expect: outcomes(ADMIN, 'forbidden'),
      },
    ],
  },

  'POST /api/v1/hotline/callers/events': {
    rule: 'the 12345 desk: a caller’s past events within the desk’s scope (which ones is checked apart); audited',
    probes: [
      {
        target: 'A’s reporter’s phone',
        request: (f) => ({ url: '/api/v1/hotline/callers/events', body: { phone: f.reporterPhone } }),
        expect: outcomes(DESK, 'forbidden'),
      },
    ],
  },
  // 回访: the callers without an app account whose matter is resolved (issue 18 item 3)
  'GET /api/v1/hotline/callbacks': {
    rule: 'the 12345 desk: the callback queue within the desk’s scope',
    probes: [{ target: 'the queue', request: () => ({ url: '/api/v1/hotline/callbacks' }), expect: outcomes(DESK, 'forbidden') }],
  },
  'POST /api/v1/hotline/callbacks/:id/attempts': {
    rule: 'operators only: a callback that did not reach the caller; an event not waiting for one (B is being handled) is a 409',
    probes: [
      {
        target: 'event B (not resolved)',
        request: (f) => ({ url: `/api/v1/hotline/callbacks/${f.eventB.id}/attempts`, body: {} }),
        expect: outcomes(['operator'], 'forbidden'),
        refusals: [409],
      },
    ],
  },
  'POST /api/v1/hotline/duplicates': {
    rule: 'the 12345 desk: open look-alikes within the desk’s scope (which ones is checked apart)',
    probes: [
      {
        target: 'A’s community',
        request: () => ({ url: '/api/v1/hotline/duplicates', body: { text: '小区门口垃圾', communityCode: XINGFULI } }),
        expect: outcomes(DESK, 'forbidden'),
      },
    ],
  },
  // 来电弹屏: the hall's CTI posts calls with its API client's key (x-api-key), never a session
  'POST /api/v1/hotline/calls': {
    rule: 'the CTI’s API client by x-api-key only: no session of any role posts calls',
    probes: [
      {
        target: 'a call without a key',
        request: () => ({ url: '/api/v1/hotline/calls', body: { callId: 'authz-1', state: 'ringing', callerNumber: '13900000999' } }),
        expect: outcomes([], 'unauthenticated'),
      },
    ],
  },
  'GET /api/v1/hotline/calls/current': {
    rule: 'the 12345 desk: the call ringing at or answered by the caller’s own desk',
    probes: [{ target: 'their own desk', request: () => ({ url: '/api/v1/hotline/calls/current' }), expect: outcomes(DESK, 'forbidden') }],
  },
  'GET /api/v1/hotline/events/:id/call': {
    rule: 'staff who may read the event: the call it was made during (404 outside it); residents never',
    probes: [
      {
        target: 'event A',
        request: (f) => ({ url: `/api/v1/hotline/events/${f.eventA.id}/call` }),
        expect: outcomes(minus(SEES_A, ['resident']), 'hidden', { forbidden: RESIDENTS }),
        missing: () => ({ url: `/api/v1/hotline/events/${MISSING_ID}/call` }),
      },
    ],
  },
  // in-app notices: everyone signed in reads their own (a resident's, or their unit's for their role)
  'GET /api/v1/notices': {
    rule: 'signed in: their own notices (a resident’s, or their unit’s) and the unread count',
    probes: [{ target: 'their own notices', request: () => ({ url: '/api/v1/notices' }), expect: outcomes(SIGNED_IN, 'forbidden') }],
  },
  'POST /api/v1/notices/:id/read': {
    rule: 'signed in: one of their own notices; another’s answers as a missing one',
    probes: [
      {
        target: 'a notice that is no one’s',
        request: () => ({ url: `/api/v1/notices/${MISSING_ID}/read` }),
        expect: outcomes([], 'hidden'),
        missing: () => ({ url: `/api/v1/notices/${MISSING_ID - 1}/read` }),
      },
    ],
  },
  'POST /api/v1/notices/read-all': {
    rule: 'signed in: all their own notices read',
    probes: [
      { target: 'their own notices', request: () => ({ url: '/api/v1/notices/read-all' }), expect: outcomes(SIGNED_IN, 'forbidden') },
    ],
  },
  'GET /api/v1/resident/notice-preferences': {
    rule: 'residents: which steps of their matters notify them',
    probes: [
      { target: 'their own', request: () => ({ url: '/api/v1/resident/notice-preferences' }), expect: outcomes(RESIDENTS, 'forbidden') },
    ],
  },
  'PUT /api/v1/resident/notice-preferences': {
    rule: 'residents: their own choices',
    probes: [
      {
        target: 'their own',
        request: () => ({
          url: '/api/v1/resident/notice-preferences',
          body: { items: [{ step: 'reply', channel: 'sms', enabled: true }] },
        }),
        expect: outcomes(RESIDENTS, 'forbidden'),
      },
    ],
  },
  'POST /api/v1/intelligence/classify': {
    rule: 'signed in, staff or resident: the category suggestions of a text (what they are is checked apart)',
    probes: [
      {
        target: 'a text',
        request: () => ({ url: '/api/v1/intelligence/classify', body: { text: '小区门口垃圾堆了好几天没人清运' } }),
        expect: outcomes(SIGNED_IN, 'forbidden'),
      },
    ],
  },
  'POST /api/v1/resident/duplicates': {
    rule: 'residents: open look-alikes near the place they report, public facts only (which ones is checked apart)',
    probes: [
      {
        target: 'A’s community',
        request: () => ({ url: '/api/v1/resident/duplicates', body: { text: '小区门口垃圾', communityCode: XINGFULI } }),
        expect: outcomes(RESIDENTS, 'forbidden'),
      },
    ],
  },
  'GET /api/v1/events/:id/duplicates': {
    rule: 'staff who see the event: the drawer’s 可能重复 (open look-alikes within their own scope)',
    probes: [
      {
        target: 'event A',
        request: (f) => ({ url: `/api/v1/events/${f.eventA.id}/duplicates` }),
        expect: outcomes(minus(SEES_A, RESIDENTS), 'hidden', { forbidden: RESIDENTS }),
        readers: SEES_A,
        missing: () => ({ url: `/api/v1/events/${MISSING_ID}/duplicates` }),
      },
    ],
  },
  'GET /api/v1/resident/follows': {
    rule: 'residents: the events they follow (我关注的), public facts only',
    probes: [{ target: 'own follows', request: () => ({ url: '/api/v1/resident/follows' }), expect: outcomes(RESIDENTS, 'forbidden') }],
  },
  ...followRows(),
  'POST /api/v1/hotline/link': {
    rule: 'the 12345 desk, on an event within its scope (a comment on it)',
    serial: true,
    probes: [
      {
        target: 'event A',
        request: async (f) => ({
          url: '/api/v1/hotline/link',
          body: { eventId: f.eventA.id, version: await f.version(f.eventA.id), description: '来电反映同一事项' },
        }),
        expect: outcomes(both(DESK, SEES_A), 'hidden', { forbidden: minus(SIGNED_IN, DESK) }),
        missing: async (f) => ({
          url: '/api/v1/hotline/link',
          body: { eventId: MISSING_ID, version: await f.version(f.eventA.id), description: '来电反映同一事项' },
        }),
      },
    ],
  },
  'POST /api/v1/hotline/answered': {
    rule: '12345 operators only: a call answered on the line, created and closed',
    probes: [
      {
        target: 'a new call',
        request: () => ({
          url: '/api/v1/hotline/answered',
          body: { category: 'sanitation.garbage', description: '咨询垃圾清运时间', answer: '每天早晚各一次' },
        }),
        expect: outcomes(['operator'], 'forbidden'),
      },
    ],
  },

  // the 12345 knowledge base (issue 18): search for anyone; articles and reports for its editors — admins
  // and departments (knowledge/policy.ts); an answered call for operators (full paths in knowledge.test.ts)
  'GET /api/v1/knowledge/search': publicRoute(
    'anyone: published articles valid today',
    '/api/v1/knowledge/search?q=%E5%B1%85%E4%BD%8F%E8%AF%81',
  ),
  'GET /api/v1/knowledge/articles': {
    rule: 'editors: admins every article, a department its own',
    probes: [{ target: 'the list', request: () => ({ url: '/api/v1/knowledge/articles' }), expect: outcomes(EDITORS, 'forbidden') }],
  },
  'POST /api/v1/knowledge/articles': {
    rule: 'editors write an article (a department for itself); a last day before the first is 400',
    probes: [
      {
        target: 'an article with its days reversed',
        request: () => ({
          url: '/api/v1/knowledge/articles',
          body: {
            title: '居住证办理',
            body: '携带身份证到社区服务中心办理。',
            category: 'residence',
            validFrom: '2026-12-02',
            validTo: '2026-12-01',
          },
        }),
        expect: outcomes(EDITORS, 'forbidden'),
        refusals: [400],
      },
    ],
  },
  'GET /api/v1/knowledge/articles/:id': {
    rule: 'anyone reads a published article valid today, editors their drafts; anything else does not exist (404)',
    probes: [
      {
        target: 'a missing article',
        request: () => ({ url: `/api/v1/knowledge/articles/${MISSING_ID}` }),
        expect: Object.fromEntries(ACTOR_NAMES.map((a) => [a, 'hidden'])) as Record<ActorName, Outcome>,
      },
    ],
  },
  'PATCH /api/v1/knowledge/articles/:id': {
    rule: 'editors edit (a department its own articles); 403 for everyone else before the article is looked at',
    probes: [
      {
        target: 'a missing article',
        request: () => ({ url: `/api/v1/knowledge/articles/${MISSING_ID}`, body: { version: 1, title: '居住证办理指南' } }),
        expect: outcomes([], 'forbidden', { hidden: EDITORS }),
      },
    ],
  },
  'POST /api/v1/knowledge/articles/:id/review': {
    rule: 'editors submit and retire; only reviewers (admins, the 12345 knowledge desk) publish and return',
    probes: [
      {
        target: 'a missing article',
        request: () => ({ url: `/api/v1/knowledge/articles/${MISSING_ID}/review`, body: { action: 'submit', version: 1 } }),
        expect: outcomes([], 'forbidden', { hidden: EDITORS }),
      },
    ],
  },
  'POST /api/v1/knowledge/answered': {
    rule: '12345 operators only: a consult call answered from a published article (an unknown one is 400)',
    probes: [
      {
        target: 'a missing article',
        request: () => ({
          url: '/api/v1/knowledge/answered',
          body: { category: 'sanitation.garbage', description: '咨询垃圾清运时间', answer: '每天早晚各一次', articleId: MISSING_ID },
        }),
        expect: outcomes(['operator'], 'forbidden'),
        refusals: [400],
      },
    ],
  },
  'GET /api/v1/knowledge/events/:id': {
    rule: 'the article an event was answered from, for whoever may read the event (404 outside it)',
    probes: [
      {
        target: 'event A',
        request: (f) => ({ url: `/api/v1/knowledge/events/${f.eventA.id}` }),
        expect: outcomes(SEES_A, 'hidden'),
        missing: () => ({ url: `/api/v1/knowledge/events/${MISSING_ID}` }),
      },
    ],
  },
  'GET /api/v1/knowledge/reports': {
    rule: 'editors: admins the whole base, a department its own articles',
    probes: [{ target: 'the reports', request: () => ({ url: '/api/v1/knowledge/reports' }), expect: outcomes(EDITORS, 'forbidden') }],
  },

  'GET /api/v1/admin/orgs': {
    rule: 'admin only (403 for every other role, before the input is looked at)',
    probes: [{ target: 'the tree', request: () => ({ url: '/api/v1/admin/orgs?parent=620105007' }), expect: outcomes(ADMIN, 'forbidden') }],
  },
  'PATCH /api/v1/admin/orgs/:code': {
    rule: 'admin only',
    probes: [
      {
        target: 'a mediation committee of 榆中县',
        request: () => ({ url: '/api/v1/admin/orgs/620123M04', body: { name: '榆中县婚姻家庭纠纷调解委员会', reason: '权限矩阵测试' } }),
        expect: outcomes(ADMIN, 'forbidden'),
        missing: () => ({ url: '/api/v1/admin/orgs/NOSUCHUNIT', body: { name: '不存在的单位', reason: '权限矩阵测试' } }),
      },
    ],
  },
  'GET /api/v1/admin/users': {
    rule: 'admin only',
    probes: [{ target: 'all users', request: () => ({ url: '/api/v1/admin/users?limit=5' }), expect: outcomes(ADMIN, 'forbidden') }],
  },
  'POST /api/v1/admin/users': {
    rule: 'admin only',
    probes: [
      {
        target: 'a new user',
        request: (_f, a) => ({
          url: '/api/v1/admin/users',
          body: {
            username: `authz-${nth(a)}`,
            displayName: '矩阵测试',
            role: 'center_staff',
            unitCode: '620123',
            password: 'a-long-password',
          },
        }),
        expect: outcomes(ADMIN, 'forbidden'),
      },
    ],
  },
  'PATCH /api/v1/admin/users/:id': {
    rule: 'admin only',
    probes: [
      {
        target: 'operator5',
        request: (f) => ({ url: `/api/v1/admin/users/${f.spareUserId}`, body: { displayName: '12345接线员5' } }),
        expect: outcomes(ADMIN, 'forbidden'),
        missing: () => ({ url: `/api/v1/admin/users/${MISSING_ID}`, body: { displayName: '12345接线员5' } }),
      },
    ],
  },
  'POST /api/v1/admin/users/:id/password': {
    rule: 'admin only',
    probes: [
      {
        target: 'operator5',
        request: (f) => ({ url: `/api/v1/admin/users/${f.spareUserId}/password`, body: { password: 'another-long-password' } }),
        expect: outcomes(ADMIN, 'forbidden'),
        missing: () => ({ url: `/api/v1/admin/users/${MISSING_ID}/password`, body: { password: 'another-long-password' } }),
      },
    ],
  },
  'POST /api/v1/admin/users/:id/unlock': {
    rule: 'admin only: lift a sign-in lockout (audited)',
    probes: [
      {
        target: 'operator5',
        request: (f) => ({ url: `/api/v1/admin/users/${f.spareUserId}/unlock`, body: {} }),
        expect: outcomes(ADMIN, 'forbidden'),
        missing: () => ({ url: `/api/v1/admin/users/${MISSING_ID}/unlock`, body: {} }),
      },
    ],
  },
  'POST /api/v1/admin/imports': {
    rule: 'admin only: historical events from a file, or a dry run of it (a body that is no file is the admin’s 400)',
    probes: [
      {
        target: 'a dry run',
        request: () => ({ url: '/api/v1/admin/imports?dryRun=true', body: {} }),
        expect: outcomes(ADMIN, 'forbidden'),
        refusals: [400],
      },
    ],
  },
  'GET /api/v1/admin/netizen': {
    rule: 'admin only: the message boards, their imports and replies',
    probes: [{ target: 'the boards', request: () => ({ url: '/api/v1/admin/netizen' }), expect: outcomes(ADMIN, 'forbidden') }],
  },
  'POST /api/v1/admin/netizen/boards': {
    rule: 'admin only: a message board and its API client of the netizen channel (audited)',
    probes: [
      {
        target: 'a new board',
        request: () => ({ url: '/api/v1/admin/netizen/boards', body: { name: '权限矩阵留言板' } }),
        expect: outcomes(ADMIN, 'forbidden'),
      },
    ],
  },
  'POST /api/v1/admin/netizen/boards/:id/imports': {
    rule: 'admin only: a board’s feed file (audited; a body without the file’s text is the admin’s 400)',
    probes: [
      {
        target: 'a feed without content',
        request: () => ({ url: `/api/v1/admin/netizen/boards/${MISSING_ID}/imports`, body: { fileName: 'feed.json' } }),
        expect: outcomes(ADMIN, 'forbidden'),
        refusals: [400],
      },
    ],
  },
  'GET /api/v1/admin/api-clients': {
    rule: 'admin only (never a key)',
    probes: [{ target: 'all clients', request: () => ({ url: '/api/v1/admin/api-clients' }), expect: outcomes(ADMIN, 'forbidden') }],
  },
  'POST /api/v1/admin/api-clients': {
    rule: 'admin only: a partner client, its key shown once (audited)',
    probes: [
      {
        target: 'a new client',
        request: () => ({ url: '/api/v1/admin/api-clients', body: { name: '权限矩阵测试', channels: ['linkage'] } }),
        expect: outcomes(ADMIN, 'forbidden'),
      },
    ],
  },
  'PATCH /api/v1/admin/api-clients/:id': {
    rule: 'admin only (audited)',
    probes: [
      {
        target: 'the fixtures’ client',
        request: (f) => ({ url: `/api/v1/admin/api-clients/${f.apiClientId}`, body: { name: '权限矩阵测试平台' } }),
        expect: outcomes(ADMIN, 'forbidden'),
        missing: () => ({ url: `/api/v1/admin/api-clients/${MISSING_ID}`, body: { name: '权限矩阵测试平台' } }),
      },
    ],
  },
  'POST /api/v1/admin/api-clients/:id/rotate': {
    rule: 'admin only: a new key, the old one stops (audited)',
    probes: [
      {
        target: 'the fixtures’ client',
        request: (f) => ({ url: `/api/v1/admin/api-clients/${f.apiClientId}/rotate`, body: {} }),
        expect: outcomes(ADMIN, 'forbidden'),
        missing: () => ({ url: `/api/v1/admin/api-clients/${MISSING_ID}/rotate`, body: {} }),
      },
    ],
  },
  'POST /api/v1/admin/api-clients/:id/webhooks': {
    rule: 'admin only: a partner’s webhook, its secret shown once (audited)',
    probes: [
      {
        target: 'the fixtures’ client',
        request: (f) => ({ url: `/api/v1/admin/api-clients/${f.apiClientId}/webhooks`, body: { url: 'https://partner.example.com/hook' } }),
        expect: outcomes(ADMIN, 'forbidden'),
        missing: () => ({ url: `/api/v1/admin/api-clients/${MISSING_ID}/webhooks`, body: { url: 'https://partner.example.com/hook' } }),
      },
    ],
  },
  'GET /api/v1/admin/api-clients/:id/webhooks': {
    rule: 'admin only (never a secret)',
    probes: [
      {
        target: 'the fixtures’ client',
        request: (f) => ({ url: `/api/v1/admin/api-clients/${f.apiClientId}/webhooks` }),
        expect: outcomes(ADMIN, 'forbidden'),
        missing: () => ({ url: `/api/v1/admin/api-clients/${MISSING_ID}/webhooks` }),
      },
    ],
  },
  'PATCH /api/v1/admin/webhooks/:id': {
    rule: 'admin only: a webhook on or off (audited)',
    probes: [
      {
        target: 'the fixtures’ webhook',
        request: (f) => ({ url: `/api/v1/admin/webhooks/${f.webhookId}`, body: { enabled: true } }),
        expect: outcomes(ADMIN, 'forbidden'),
        missing: () => ({ url: `/api/v1/admin/webhooks/${MISSING_ID}`, body: { enabled: true } }),
      },
    ],
  },
  'GET /api/v1/admin/webhooks/:id/deliveries': {
    rule: 'admin only: a webhook’s delivery log',
    probes: [
      {
        target: 'the fixtures’ webhook',
        request: (f) => ({ url: `/api/v1/admin/webhooks/${f.webhookId}/deliveries` }),
        expect: outcomes(ADMIN, 'forbidden'),
        missing: () => ({ url: `/api/v1/admin/webhooks/${MISSING_ID}/deliveries` }),
      },
    ],
  },
  'POST /api/v1/admin/outbox/:id/replay': {
    rule: 'admin only: a dead or delivered message sent again (audited); one still waiting is a 409',
    probes: [
      {
        target: 'the fixtures’ dead message',
        request: (f) => ({ url: `/api/v1/admin/outbox/${f.outboxId}/replay`, body: {} }),
        expect: outcomes(ADMIN, 'forbidden'),
        refusals: [409],
        missing: () => ({ url: `/api/v1/admin/outbox/${MISSING_ID}/replay`, body: {} }),
      },
    ],
  },
  'GET /api/v1/admin/outbox': {
    rule: 'admin only: the SMS the outbox holds about an event, phones masked',
    probes: [
      {
        target: 'event B’s SMS',
        request: (f) => ({ url: `/api/v1/admin/outbox?event=${f.eventB.id}` }),
        expect: outcomes(ADMIN, 'forbidden'),
      },
    ],
  },
  'GET /api/v1/admin/categories': {
    rule: 'admin only',
    probes: [{ target: 'all categories', request: () => ({ url: '/api/v1/admin/categories' }), expect: outcomes(ADMIN, 'forbidden') }],
  },
  'PATCH /api/v1/admin/categories/:code': {
    rule: 'admin only',
    probes: [
      {
        target: 'sanitation.garbage, saved unchanged',
        request: () => ({
          url: '/api/v1/admin/categories/sanitation.garbage',
          body: { communityResolvable: true, reason: '权限矩阵测试' },
        }),
        expect: outcomes(ADMIN, 'forbidden'),
        missing: () => ({ url: '/api/v1/admin/categories/no.such', body: { communityResolvable: true, reason: '权限矩阵测试' } }),
      },
    ],
  },
  'GET /api/v1/admin/audit': {
    rule: 'admin only',
    probes: [{ target: 'the audit log', request: () => ({ url: '/api/v1/admin/audit?limit=5' }), expect: outcomes(ADMIN, 'forbidden') }],
  },
  'GET /api/v1/admin/sla/calendar': {
    rule: 'admin only',
    probes: [{ target: 'a year', request: () => ({ url: '/api/v1/admin/sla/calendar?year=2027' }), expect: outcomes(ADMIN, 'forbidden') }],
  },
  'POST /api/v1/admin/sla/calendar': {
    rule: 'admin only',
    probes: [
      {
        target: 'a new override',
        request: () => ({ url: '/api/v1/admin/sla/calendar', body: { date: '2027-03-01', kind: 'holiday', reason: '权限矩阵测试' } }),
        expect: outcomes(ADMIN, 'forbidden'),
      },
    ],
  },
  'POST /api/v1/admin/sla/calendar/delete': {
    rule: 'admin only',
    probes: [
      {
        target: 'the override the fixtures entered',
        request: (f) => ({ url: '/api/v1/admin/sla/calendar/delete', body: { date: f.overrideDay, reason: '权限矩阵测试' } }),
        expect: outcomes(ADMIN, 'forbidden'),
      },
    ],
  },
  'GET /api/v1/admin/sla/rules': {
    rule: 'admin only',
    probes: [{ target: 'all rules', request: () => ({ url: '/api/v1/admin/sla/rules' }), expect: outcomes(ADMIN, 'forbidden') }],
  },
  'POST /api/v1/admin/sla/rules': {
    rule: 'admin only',
    probes: [
      {
        target: 'the default rule, saved unchanged',
        request: (f) => ({ url: '/api/v1/admin/sla/rules', body: f.defaultRule }),
        expect: outcomes(ADMIN, 'forbidden'),
      },
    ],
  },
  'GET /api/v1/admin/sla/review': {
    rule: 'admin only',
    probes: [{ target: 'who reviews', request: () => ({ url: '/api/v1/admin/sla/review' }), expect: outcomes(ADMIN, 'forbidden') }],
  },
  'POST /api/v1/admin/sla/review': {
    rule: 'admin only',
    probes: [
      {
        target: 'the departments’ review, saved unchanged',
        request: () => ({ url: '/api/v1/admin/sla/review', body: { kind: 'department', review: true, reason: '权限矩阵测试' } }),
        expect: outcomes(ADMIN, 'forbidden'),
      },
    ],
  },
  'GET /api/v1/admin/sla/history': {
    rule: 'admin only',
    probes: [{ target: 'the change log', request: () => ({ url: '/api/v1/admin/sla/history' }), expect: outcomes(ADMIN, 'forbidden') }],
  },

  'GET /api/v1/kpis': scoped('staff: KPIs of their unit or a unit of its subtree', '/api/v1/kpis', ONE_DAY),
  'GET /api/v1/kpis/ranking': scoped('staff: 红黑榜 within their subtree', '/api/v1/kpis/ranking', ONE_DAY),
  'GET /api/v1/kpis/series': scoped('staff: the KPIs by day or week within their subtree', '/api/v1/kpis/series', ONE_DAY),
  'GET /api/v1/kpis/export.xlsx': scoped('staff: the KPI workbook within their subtree', '/api/v1/kpis/export.xlsx', ONE_DAY),
  'GET /api/v1/reports': scoped('staff: 日报/周报 within their subtree', '/api/v1/reports', 'kind=daily'),
  'GET /api/v1/reports/export.xlsx': scoped('staff: the report workbook within their subtree', '/api/v1/reports/export.xlsx', 'kind=daily'),
  'GET /api/v1/kpis/channels': scoped('staff: an area’s events by intake channel within their subtree', '/api/v1/kpis/channels', ONE_DAY, {
    // a department, mediation room, force or grid has no area of its own: 400 naming `scope`
    refusals: [400],
  }),
  'GET /api/v1/public/kpis': publicRoute('anyone: the public aggregates', '/api/v1/public/kpis'),
  // partner ingestion takes an API client's key (x-api-key), never a session: every actor here is 401
  'POST /api/v1/ingest/events': {
    rule: 'API clients by x-api-key only: no session of any role pushes events',
    probes: [
      {
        target: 'an event without a key',
        request: () => ({
          url: '/api/v1/ingest/events',
          body: { externalId: 'authz-1', category: 'sanitation.garbage', description: '权限矩阵测试', communityCode: XINGFULI },
        }),
        expect: outcomes([], 'unauthenticated'),
      },
    ],
  },
  'GET /api/v1/ingest/events/:externalId': {
    rule: 'API clients by x-api-key only: a client’s own events by its external id',
    probes: [
      {
        target: 'an external id without a key',
        request: () => ({ url: '/api/v1/ingest/events/authz-1' }),
        expect: outcomes([], 'unauthenticated'),
      },
    ],
  },
  'GET /api/v1/open-data/events.csv': publicRoute('anyone: the anonymised open dataset', '/api/v1/open-data/events.csv'),
  'GET /api/v1/open-data/events.geojson': publicRoute('anyone: the anonymised open dataset', '/api/v1/open-data/events.geojson'),
  'GET /api/v1/open-data/schema': publicRoute('anyone: the open dataset’s documented schema', '/api/v1/open-data/schema'),
  'GET /api/v1/events/export.xlsx': {
    rule: 'staff: the events of their data scope as a workbook',
    probes: [
      { target: 'own scope', request: () => ({ url: '/api/v1/events/export.xlsx?state=assigned' }), expect: outcomes(STAFF, 'forbidden') },
    ],
  },
  'GET /api/v1/dashboard': scoped('staff: the big screen of an area center in their subtree', '/api/v1/dashboard', '', {
    // a department, mediation room, force or grid has no area of its own to show: 400 naming `scope`
    refusals: [400],
  }),
  'GET /api/v1/stream': (() => {
    const area = scoped(
      'staff: live changes of their unit’s area or a unit of its subtree, or (view=workbench) of their own unit’s tabs',
      '/api/v1/stream',
    )
    const workbench = (tab: string) => ({ url: `/api/v1/stream?view=workbench${tab}` })
    return {
      ...area,
      stream: true,
      probes: [
        ...area.probes,
        { target: 'own unit’s workbench', request: () => workbench(''), expect: outcomes(STAFF, 'forbidden') },
        { target: 'own unit’s workbench with 全部', request: () => workbench('&tab=all'), expect: outcomes(STAFF, 'forbidden') },
        { target: 'their own notices and calls', request: () => ({ url: '/api/v1/stream?view=me' }), expect: outcomes(STAFF, 'forbidden') },
      ],
    }
  })(),
  'GET /api/v1/resident/stream': {
    rule: 'residents: live changes of their own events only (which ones is checked apart, in realtime.test.ts)',
    stream: true,
    probes: [{ target: 'own events', request: () => ({ url: '/api/v1/resident/stream' }), expect: outcomes(RESIDENTS, 'forbidden') }],
  },

  // Open311 GeoReport v2: reading is public (what /track shows, masked); posting takes an API
  // client's api_key, whatever session the caller has
  'GET /open311/v2/discovery.:format': publicRoute('anyone: the GeoReport v2 discovery', '/open311/v2/discovery.json'),
  'GET /open311/v2/services.:format': publicRoute('anyone: the services (our subcategories)', '/open311/v2/services.xml'),
  'GET /open311/v2/services/:service_code.:format': publicRoute(
    'anyone: a service’s definition',
    '/open311/v2/services/sanitation.garbage.json',
  ),
  'GET /open311/v2/requests.:format': publicRoute('anyone: the public requests of the last 90 days, masked', '/open311/v2/requests.json'),
  'GET /open311/v2/requests/:id.:format': {
    rule: 'anyone with the number: one request, masked, as /track shows it',
    probes: [
      {
        target: 'event A’s number',
        request: (f) => ({ url: `/open311/v2/requests/${f.eventA.number}.json` }),
        expect: outcomes(EVERYONE, 'forbidden'),
        missing: () => ({ url: '/open311/v2/requests/LZ20000101-000001.json' }),
      },
    ],
  },
  'GET /open311/v2/tokens/:token.:format': {
    rule: 'anyone with the token (the number): the request’s id',
    probes: [
      {
        target: 'event A’s number',
        request: (f) => ({ url: `/open311/v2/tokens/${f.eventA.number}.json` }),
        expect: outcomes(EVERYONE, 'forbidden'),
        missing: () => ({ url: '/open311/v2/tokens/LZ20000101-000001.json' }),
      },
    ],
  },
  'POST /open311/v2/requests.:format': {
    rule: 'API clients by api_key only: no session of any role posts a request (401 without a key)',
    probes: [
      {
        target: 'a request without api_key',
        request: () => ({ url: '/open311/v2/requests.json', body: { service_code: 'sanitation.garbage', ...OPEN311_PLACE } }),
        expect: outcomes([], 'unauthenticated'),
      },
    ],
  },
}

/** The matrix as a markdown table, one line per route × target. */
export function renderMatrix(): string {
  const short: Record<Outcome, string> = { allow: '✓', unauthenticated: '401', forbidden: '403', hidden: '404' }
  const lines = [`| route | target | ${ACTOR_NAMES.join(' | ')} |`, `| --- | --- | ${ACTOR_NAMES.map(() => '---').join(' | ')} |`]
  for (const [route, row] of Object.entries(MATRIX)) {
    for (const p of row.probes) lines.push(`| ${route} | ${p.target} | ${ACTOR_NAMES.map((a) => short[p.expect[a]]).join(' | ')} |`)
  }
  return lines.join('\n')
}

if (process.argv[1]?.endsWith('authz-matrix.ts')) console.log(renderMatrix())
