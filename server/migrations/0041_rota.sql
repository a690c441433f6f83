-- Departments stationed at the city center in rotation (部门轮流入驻, issue 19 item 5). The city
-- center's staff plan the rota a week at a time; each edit keeps its before and after. A dispatch to
-- a department on a day it is stationed (a city department on its rota day, or one of a district's
-- permanently stationed 政法 units on a working day) is recorded, with its same-working-day sign-by,
-- for the center's hall.

-- Which city departments are stationed at the city center on which day.
create table rota_slots (
  day date not null,
  unit_id integer not null references org_units (id),
  primary key (day, unit_id)
);
create index rota_slots_unit on rota_slots (unit_id, day);

-- A week's version (its Monday), for the editors' optimistic concurrency.
create table rota_weeks (
  week date primary key,
  version integer not null check (version >= 1)
);

-- The history: who changed which week, when, why, and the week's days before and after.
create table rota_changes (
  id bigint generated always as identity primary key,
  week date not null,
  user_id integer not null references users (id),
  at timestamptz not null,
  reason text check (char_length(reason) between 1 and 500),
  before jsonb not null,
  after jsonb not null
);
create index rota_changes_week on rota_changes (week, id);

-- Dispatches to a stationed department: the center whose hall lists them, the day, the sign-by.
create table rota_dispatches (
  id bigint generated always as identity primary key,
  event_id bigint not null references events (id),
  unit_id integer not null references org_units (id),
  center_id integer not null references org_units (id),
  day date not null,
  dispatched_at timestamptz not null,
  sign_by timestamptz not null,
  signed_at timestamptz
);
create index rota_dispatches_hall on rota_dispatches (center_id, day, id);
create index rota_dispatches_unsigned on rota_dispatches (event_id) where signed_at is null;
