import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createCalendar, slaDeadlines } from './calendar.ts'
import { evaluateSla, type SlaFacts } from './status.ts'

const cal = createCalendar()
const at = (china: string) => new Date(`${china.replace(' ', 'T')}:00+08:00`)

function assigned(from: Date, over: Partial<SlaFacts> = {}): SlaFacts {
  const { signBy, resolveBy } = slaDeadlines('normal', from, cal)
  return {
    state: 'assigned',
    signDeadline: signBy.toISOString(),
    resolveDeadline: resolveBy.toISOString(),
    summoned: [],
    currentUnitId: 7,
    signFrom: from,
    resolveFrom: from,
    resolvedAt: null,
    ...over,
  }
}

describe('SLA status across National Day 2026', () => {
  // assigned Wednesday Sep 30, 10:00: sign by Thursday Oct 8, 10:00 (7 working hours, none during the holiday)
  const event = assigned(at('2026-09-30 10:00'))

  test('the holiday uses none of the time', () => {
    // assigned Sep 30 at 16:00, one working day to sign: Oct 8 at 16:00; 75 % of its 7 h is 1.5 h + 3.75 h
    const late = assigned(at('2026-09-30 16:00'))
    assert.equal(late.signDeadline, at('2026-10-08 16:00').toISOString())
    assert.equal(evaluateSla(late, at('2026-10-07 20:00'), cal, false).status, 'normal', 'a week of holiday later')
    assert.equal(evaluateSla(late, at('2026-10-08 14:14'), cal, false).status, 'normal')
    assert.equal(evaluateSla(late, at('2026-10-08 14:15'), cal, false).status, 'warning')
  })

  test('warning at 75 % of the working time, overdue at the deadline, and when to look next', () => {
    // Sep 30 10:00–17:30 holds 6 working hours (lunch 12:00–13:30): 75 % (5.25 h) is reached at 16:45
    const before = evaluateSla(event, at('2026-09-30 16:44'), cal, false)
    assert.equal(before.status, 'normal')
    assert.equal(before.checkAt?.toISOString(), at('2026-09-30 16:45').toISOString())
    const warned = evaluateSla(event, at('2026-09-30 16:45'), cal, false)
    assert.equal(warned.status, 'warning')
    assert.equal(warned.checkAt?.toISOString(), at('2026-10-08 10:00').toISOString(), 'next: the sign deadline')
    const overdue = evaluateSla(event, at('2026-10-08 10:00'), cal, false)
    assert.equal(overdue.status, 'overdue')
    assert.deepEqual(
      overdue.passed.map((d) => d.kind),
      ['sign'],
    )
  })

  test('a signed event only runs the resolve clock; a resolved one has none', () => {
    const signed = { ...event, state: 'in_progress' as const }
    assert.equal(evaluateSla(signed, at('2026-10-08 11:00'), cal, false).status, 'normal')
    assert.equal(evaluateSla({ ...event, state: 'resolved' }, at('2026-12-01 11:00'), cal, false).checkAt, null)
  })

  test('a summoned unit’s missed check-in is overdue on its own', () => {
    const whistled = {
      ...event,
      state: 'in_progress' as const,
      summoned: [
        { unitId: 8, lead: true, checkInBy: at('2026-10-08 11:00').toISOString(), checkedInAt: at('2026-10-08 09:30').toISOString() },
        { unitId: 9, lead: false, checkInBy: at('2026-10-08 11:00').toISOString(), checkedInAt: null },
      ],
    }
    const r = evaluateSla(whistled, at('2026-10-08 11:00'), cal, false)
    assert.equal(r.status, 'overdue')
    assert.deepEqual(
      r.passed.map((d) => [d.kind, d.unitId]),
      [['check_in', 9]],
    )
  })

  test('urgent matters count natural time', () => {
    const from = at('2026-10-01 22:00')
    const urgent = {
      ...assigned(from),
      signDeadline: at('2026-10-02 00:00').toISOString(),
      resolveDeadline: at('2026-10-02 22:00').toISOString(),
    }
    assert.equal(evaluateSla(urgent, at('2026-10-01 23:30'), cal, true).status, 'warning')
    assert.equal(
      evaluateSla(urgent, at('2026-10-01 23:30'), cal, false).status,
      'normal',
      'in working time nothing passed on a holiday night',
    )
  })
})
