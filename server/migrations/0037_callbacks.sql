-- 回访 (issue 18 item 3). A resolved event whose reporter has no app account (a hotline caller) waits
-- in the desk's callback queue; an operator's call that does not reach the caller is one row here
-- (the rating of one that does is the event's own `evaluate` entry, by the operator).
create table callback_attempts (
  id bigserial primary key,
  event_id integer not null references events (id),
  operator_id integer not null references users (id),
  at timestamptz not null,
  note text
);

create index callback_attempts_event on callback_attempts (event_id, id);

-- Satisfaction over real evaluations only: `evaluated` and `satisfied` now count ratings (in the app,
-- by the SMS link, on a callback); a window that lapsed is counted beside them, as 默认满意
-- (`default_closed`, an app reporter) or 未回访 (`not_reached`, a caller), and `callback_rated` counts
-- the ratings of callers (operator or link), for the callback coverage.
alter table rollup_unit_day add column default_closed integer not null default 0;
alter table rollup_unit_day add column not_reached integer not null default 0;
alter table rollup_unit_day add column callback_rated integer not null default 0;
alter table rollup_pending add column default_closed integer not null default 0;
alter table rollup_pending add column not_reached integer not null default 0;
alter table rollup_pending add column callback_rated integer not null default 0;

-- The days counted before: their auto-closes counted as evaluated and satisfied. Every one of them was an
-- app reporter's or a caller's 默认满意 (未回访 did not exist), so they move to `default_closed`.
-- rollup_pending is folded first at start, but its rows may hold some too: both are corrected from the log.
create temporary table rollup_default_fix as
select u.id as unit_id, (a.at at time zone 'Asia/Shanghai')::date as day, count(*)::int as n
from event_actions a
join events e on e.id = a.event_id
join org_units u on u.kind = 'center' and (starts_with(e.area_path, u.path) or (e.area_path = '' and u.parent_id is null))
where a.action = 'close' and a.from_state = 'resolved'
group by u.id, (a.at at time zone 'Asia/Shanghai')::date;

insert into rollup_unit_day (unit_id, day, created, resolved, resolved_on_time, evaluated, satisfied, default_closed)
select unit_id, day, 0, 0, 0, -n, -n, n from rollup_default_fix
on conflict (unit_id, day) do update set
  evaluated = rollup_unit_day.evaluated + excluded.evaluated,
  satisfied = rollup_unit_day.satisfied + excluded.satisfied,
  default_closed = rollup_unit_day.default_closed + excluded.default_closed;

drop table rollup_default_fix;

create or replace view rollup_unit_day_exact as
select unit_id, day, sum(created)::int as created, sum(resolved)::int as resolved,
  sum(resolved_on_time)::int as resolved_on_time, sum(evaluated)::int as evaluated, sum(satisfied)::int as satisfied,
  sum(default_closed)::int as default_closed, sum(not_reached)::int as not_reached, sum(callback_rated)::int as callback_rated
from (
  select unit_id, day, created, resolved, resolved_on_time, evaluated, satisfied, default_closed, not_reached, callback_rated
  from rollup_unit_day
  union all
  select unit_id, day, created, resolved, resolved_on_time, evaluated, satisfied, default_closed, not_reached, callback_rated
  from rollup_pending where kind = 'unit_day'
) r
group by unit_id, day;
