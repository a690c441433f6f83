-- Deadlines (issue 5): the admin-edited working-day calendar, SLA rules per category × priority,
-- each event's SLA status and the instant it must next be looked at, missed deadlines, job runs.
-- Runs on PostgreSQL 15 and on PGlite.

-- Corrections to the official holiday arrangement (years `chinese-days` does not know yet, or
-- late changes). Who/when/why of each edit goes to change_log (subject 'calendar_override').
create table calendar_overrides (
  date date primary key,
  kind text not null check (kind in ('workday', 'holiday')),
  name text,
  year integer not null,
  updated_by integer references users (id),
  updated_at timestamptz not null default now(),
  reason text not null
);
create index calendar_overrides_year on calendar_overrides (year, date);

-- One rule per category × priority; category '*' is the default every category falls back to
-- (a subcategory falls back to its top-level category first). Edits go to change_log
-- (subject 'sla_rule', key '<category>/<priority>') with the before and after rows.
create table sla_rules (
  category_code text not null,
  priority text not null check (priority in ('urgent', 'high', 'normal')),
  sign_hours numeric,
  sign_days numeric,
  resolve_hours numeric,
  resolve_days numeric,
  -- natural time (day and night, holidays included) instead of office time on working days
  natural_time boolean not null default false,
  -- how long a whistle's summoned units have to check in, in working hours
  check_in_hours numeric not null default 2,
  -- days (natural) after resolution without an evaluation before it closes as 默认满意
  evaluation_days integer not null default 3 check (evaluation_days between 1 and 30),
  updated_by integer references users (id),
  updated_at timestamptz not null default now(),
  reason text not null,
  primary key (category_code, priority),
  check (coalesce(sign_hours, 0) + coalesce(sign_days, 0) > 0),
  check (coalesce(resolve_hours, 0) + coalesce(resolve_days, 0) > 0)
);
-- DESIGN §8 defaults.
insert into sla_rules (category_code, priority, sign_hours, sign_days, resolve_hours, resolve_days, natural_time, reason) values
  ('*', 'urgent', 2, null, 24, null, true, 'DESIGN §8 default'),
  ('*', 'high', 4, null, null, 3, false, 'DESIGN §8 default'),
  ('*', 'normal', null, 1, null, 5, false, 'DESIGN §8 default');

-- normal → warning (75 % of the allowed time used) → overdue, kept by the transition listener
-- and the scan job. sla_check_at: when the status next changes (or a resolved event's
-- evaluation window ends); the scan reads only rows whose instant has come.
alter table events
  add column sla_status text not null default 'normal' check (sla_status in ('normal', 'warning', 'overdue')),
  add column sla_check_at timestamptz,
  add column sla_sign_from timestamptz,
  add column sla_resolve_from timestamptz,
  add column resolved_at timestamptz;
create index events_sla_check on events (sla_check_at) where sla_check_at is not null;
create index events_sla_status on events (sla_status, id desc) where sla_status <> 'normal';

-- Each missed deadline, once: kind sign | resolve | check_in, the unit that missed it, and the
-- seq of the system 'overdue' entry that recorded it in the event's timeline.
create table sla_breaches (
  event_id bigint not null references events (id),
  kind text not null check (kind in ('sign', 'resolve', 'check_in')),
  unit_id integer not null references org_units (id),
  deadline timestamptz not null,
  seq integer not null,
  at timestamptz not null,
  primary key (event_id, kind, unit_id, deadline)
);
create index sla_breaches_unit on sla_breaches (unit_id, at);

-- One row per job run that got the lock (skipped runs leave none): instances never overlap.
create table sla_job_runs (
  id bigint generated always as identity primary key,
  job text not null,
  instance text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  changed integer not null default 0
);
create index sla_job_runs_job on sla_job_runs (job, started_at desc);

-- Events already open when this migration runs get their status at the scan's first pass.
update events set sla_check_at = updated_at where state in ('assigned', 'in_progress', 'resolved');
update events set resolved_at = updated_at where state = 'resolved';
