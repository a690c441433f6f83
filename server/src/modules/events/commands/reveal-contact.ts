/** The audited look at a reporter's contact. */
import type { AppContext } from '../../../context.ts'
import { notFound } from '../../../errors.ts'
import type { Principal } from '../../accounts/sessions.ts'
import { residentContact } from '../../accounts/users.ts'
import { recordAudit } from '../../audit/log.ts'
import { requireContactReader } from '../policy.ts'
import { inScope } from '../queries.ts'

/** Shows a reporter's contact to staff whose role needs it; every look is written to the audit log. */
export async function revealContact(app: AppContext, principal: Principal, id: number, ip: string) {
  const staff = requireContactReader(principal)
  const row = await app.database.db
    .selectFrom('events')
    .select(['reporter_name', 'reporter_phone', 'reporter_resident_id'])
    .where('id', '=', id)
    .where(inScope(staff, app.orgs))
    .executeTakeFirst()
  if (!row) throw notFound('Event')
  const resident = row.reporter_resident_id ? await residentContact(app.database.db, row.reporter_resident_id) : undefined
  await recordAudit(app.database.db, {
    actorUserId: staff.user.id,
    action: 'unmask_contact',
    targetKind: 'event',
    targetId: String(id),
    detail: { ip },
  })
  return { name: resident?.name ?? row.reporter_name, phone: resident?.phone ?? row.reporter_phone }
}
