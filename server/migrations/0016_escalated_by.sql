-- The units that escalated each event, kept on the event (the lifecycle's `escalatedBy`), so the
-- 已上报 tab looks up the matters a unit sent up and still awaits through a small index of the
-- unfinished ones instead of walking the unit's whole escalation history in event_actions, which
-- grows for ever. Backfilled from the log.
alter table events add column escalated_by integer[] not null default '{}';
update events e set escalated_by = x.units
  from (select event_id, array_agg(distinct actor_unit_id order by actor_unit_id) as units
          from event_actions where action = 'escalate' and actor_unit_id is not null group by event_id) x
  where e.id = x.event_id;
create index events_escalated on events using gin (escalated_by)
  where state in ('submitted', 'assigned', 'in_progress', 'resolved') and escalated_by <> '{}';
