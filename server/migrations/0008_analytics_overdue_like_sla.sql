-- The screen's overdue counts like the SLA status (sla/status.ts): an assigned event is overdue
-- from its sign deadline, one in progress from its resolve deadline (analytics/rollups.ts
-- firstDeadline). The deadline hours are rebuilt once from the open events; the listener keeps
-- them from here. An event counts in each area center above its place (city … community).
delete from rollup_unit_due;

with open_events as (
  select
    e.area_path,
    case
      when e.state = 'assigned' and e.sign_deadline is not null then least(e.sign_deadline, coalesce(e.resolve_deadline, e.sign_deadline))
      else e.resolve_deadline
    end as deadline
  from events e
  where e.state in ('assigned', 'in_progress')
),
due as (
  select o.id as unit_id, to_timestamp(ceil(extract(epoch from d.deadline) / 3600) * 3600) as due_hour
  from open_events d
  cross join lateral unnest(string_to_array(rtrim(d.area_path, '.'), '.')) as place(code)
  join org_units o on o.code = place.code and o.kind = 'center' and o.level <= 4
  where d.deadline is not null
)
insert into rollup_unit_due (unit_id, due_hour, n)
select unit_id, due_hour, count(*)::int from due group by unit_id, due_hour
union all
select unit_id, timestamptz '9999-12-31 00:00:00+00', count(*)::int from due group by unit_id;
