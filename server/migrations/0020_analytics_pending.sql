-- Rollups without hot rows (issue 15). Every event write used to upsert the same rollup rows
-- (today × city × category …) under one lock held to commit, so concurrent writers queued on each
-- other. Now a write appends its signed deltas here, all of a transaction's rows in one INSERT: no
-- unique key and no upsert, so appending never waits on another writer. The fold job
-- (analytics/fold.ts) moves committed rows into the five tables of 0002/0011 in one statement, and
-- readers read the *_exact views below (folded + pending in one snapshot), so a row counts once,
-- before or after its fold.
--
-- One table for the five kinds, not one per rollup table: a transaction's deltas are one INSERT and
-- one sequence, and the fold reads one table; the key columns a kind does not use stay null.
create table rollup_pending (
  id bigserial primary key,
  kind text not null check (kind in ('daily', 'created', 'unit_day', 'unit_state', 'unit_due')),
  unit_id integer not null,
  day date,
  category text,
  channel text,
  state text,
  due_hour timestamptz,
  -- the count of daily, created, unit_state and unit_due rows
  n integer not null default 0,
  -- the counts of unit_day rows
  created integer not null default 0,
  resolved integer not null default 0,
  resolved_on_time integer not null default 0,
  evaluated integer not null default 0,
  satisfied integer not null default 0
);

-- What the screen reads: each rollup table's rows plus the deltas still pending for them, one row
-- per key. A reader's filters on the key columns reach both arms (the planner pushes them down).
create view rollup_daily_exact as
select unit_id, day, category, channel, state, sum(n)::int as n
from (
  select unit_id, day, category, channel, state, n from rollup_daily
  union all
  select unit_id, day, category, channel, state, n from rollup_pending where kind = 'daily'
) r
group by unit_id, day, category, channel, state;

create view rollup_created_exact as
select unit_id, day, category, channel, sum(n)::int as n
from (
  select unit_id, day, category, channel, n from rollup_created
  union all
  select unit_id, day, category, channel, n from rollup_pending where kind = 'created'
) r
group by unit_id, day, category, channel;

create view rollup_unit_day_exact as
select unit_id, day, sum(created)::int as created, sum(resolved)::int as resolved,
  sum(resolved_on_time)::int as resolved_on_time, sum(evaluated)::int as evaluated, sum(satisfied)::int as satisfied
from (
  select unit_id, day, created, resolved, resolved_on_time, evaluated, satisfied from rollup_unit_day
  union all
  select unit_id, day, created, resolved, resolved_on_time, evaluated, satisfied from rollup_pending where kind = 'unit_day'
) r
group by unit_id, day;

create view rollup_unit_state_exact as
select unit_id, state, sum(n)::int as n
from (
  select unit_id, state, n from rollup_unit_state
  union all
  select unit_id, state, n from rollup_pending where kind = 'unit_state'
) r
group by unit_id, state;

create view rollup_unit_due_exact as
select unit_id, due_hour, sum(n)::int as n
from (
  select unit_id, due_hour, n from rollup_unit_due
  union all
  select unit_id, due_hour, n from rollup_pending where kind = 'unit_due'
) r
group by unit_id, due_hour;
