-- Analytics rollups (issue 4): kept exact by the analytics listener inside the write transaction of
-- every event change, so the big screen reads a few hundred rollup rows whatever the event count.
-- unit_id is an area center (city, district, street, community) whose subtree holds the event's
-- location: each change adds to the rows of all four of its ancestors. Days are Asia/Shanghai days.

-- Events by the day they were created × area × top-level category × channel × their current state.
create table rollup_daily (
  unit_id integer not null,
  day date not null,
  category text not null,
  channel text not null,
  state text not null,
  n integer not null default 0,
  primary key (unit_id, day, category, channel, state)
);

-- What happened in an area on a day: created, resolved (and how many within the deadline), evaluated
-- (and how many satisfied or basically satisfied, default satisfaction included).
create table rollup_unit_day (
  unit_id integer not null,
  day date not null,
  created integer not null default 0,
  resolved integer not null default 0,
  resolved_on_time integer not null default 0,
  evaluated integer not null default 0,
  satisfied integer not null default 0,
  primary key (unit_id, day)
);

-- Events in an area now, per state.
create table rollup_unit_state (
  unit_id integer not null,
  state text not null,
  n integer not null default 0,
  primary key (unit_id, state)
);

-- Open events (assigned, in progress) in an area by the hour their resolve deadline falls in,
-- rounded up: overdue now = the sum of the hours that have ended, without a timer.
create table rollup_unit_due (
  unit_id integer not null,
  due_hour timestamptz not null,
  n integer not null default 0,
  primary key (unit_id, due_hour)
);

-- The screen's latest events of a street or community, newest first, without sorting its subtree
-- (the city uses the primary key, a district events_district).
create index events_street_latest on events (split_part(area_path, '.', 3), id desc);
create index events_community_latest on events (split_part(area_path, '.', 4), id desc);
