/** The demo accounts of the README: one per unit and the city's shared ones, all with one password. */
import type { Role } from '@xiaolan/contracts'
import type { AppContext } from '../../context.ts'
import { hashPassword } from '../../modules/accounts/passwords.ts'
import type { Principal } from '../../modules/accounts/sessions.ts'
import { userIdOf, userRow } from '../../modules/accounts/users.ts'
import type { OrgSeed } from '../../modules/orgs/city-chain.ts'

export const DEMO_PASSWORD = 'xiaolan-demo'

const ACCOUNT_PREFIX = {
  center: ['c', 'center_staff'],
  department: ['d', 'dept_staff'],
  mediation: ['m', 'mediator'],
  grid: ['g', 'grid_worker'],
  force: ['f', 'dept_staff'],
} as const

const SHARED: Array<[username: string, role: string, displayName: string]> = [
  ['admin', 'admin', '系统管理员'],
  ['supervisor', 'supervisor', '督查员'],
  ['leader', 'leader', '指挥中心领导'],
  ...[1, 2, 3, 4, 5].map((n): [string, string, string] => [`operator${n}`, 'operator', `12345接线员${n}`]),
]

/** One account per unit (`c-<code>`, `d-<code>`, `m-<code>`, `g-<code>`, `f-<code>`) and the city's shared ones. */
export async function demoAccounts(units: OrgSeed[]) {
  // one hash for every account: argon2 per account would take minutes for 10,000
  const hash = await hashPassword(DEMO_PASSWORD)
  const city = units.find((u) => u.parentId === null) as OrgSeed
  return [
    ...SHARED.map(([username, role, displayName]) => ({
      username,
      role,
      display_name: displayName,
      unit_id: city.id,
      password_hash: hash,
    })),
    ...units.map((u) => {
      const [prefix, role] = ACCOUNT_PREFIX[u.kind]
      return { username: `${prefix}-${u.code}`, role, display_name: `${u.name}工作人员`, unit_id: u.id, password_hash: hash }
    }),
  ]
}

/** A unit's demo account: `c-<code>` for a center, `d-<code>` for a department, … */
export const demoUsername = (unit: { kind: keyof typeof ACCOUNT_PREFIX; code: string }) => `${ACCOUNT_PREFIX[unit.kind][0]}-${unit.code}`

/** A demo account as the principal of a session it never opened: the demo seeds act through the real commands. */
export async function demoStaff(ctx: AppContext, username: string): Promise<Extract<Principal, { kind: 'staff' }> | undefined> {
  const id = await userIdOf(ctx.database.db, username)
  const user = id === undefined ? undefined : await userRow(ctx.database.db, id)
  if (!user) return undefined
  return {
    kind: 'staff',
    sessionId: 'demo-seed',
    csrfToken: '',
    user: { id: user.id, username: user.username, displayName: user.display_name, role: user.role as Role, unitId: user.unit_id },
  }
}
