-- Early warning (研判预警, issue 16 item 5), owned by the alerts module. A rule per kind with its
-- thresholds as settings (admins edit them with a reason, logged to change_log); each alert keeps
-- the rule it came from, the unit it goes to (a district or street center), its window and score,
-- the words that triggered it (sensitive content) and its evidence events; its life (open →
-- assigned → acknowledged → closed with a disposition) is logged transition by transition.
create table alert_rules (
  kind text primary key check (kind in ('hotspot', 'surge', 'sensitive', 'repeat_reporter')),
  enabled boolean not null default true,
  params jsonb not null,
  version integer not null default 1,
  updated_at timestamptz not null default now()
);

insert into alert_rules (kind, params) values
  ('hotspot', '{"minEvents": 5, "radiusMeters": 300, "days": 7}'),
  ('surge', '{"baselineDays": 28, "minCount": 8, "pValue": 0.001}'),
  ('sensitive', '{}'),
  ('repeat_reporter', '{"minEvents": 3, "days": 30, "radiusMeters": 500}');

create table alerts (
  id bigserial primary key,
  kind text not null references alert_rules (kind),
  -- what makes two scans' findings the same alert: kind + unit + category + grid cell or reporter key
  key text not null,
  state text not null default 'open' check (state in ('open', 'assigned', 'acknowledged', 'closed')),
  unit_id integer not null,
  unit_path text not null,
  category_code text,
  lat double precision,
  lng double precision,
  window_start timestamptz not null,
  window_end timestamptz not null,
  score double precision not null,
  words jsonb not null default '[]',
  assignee_user_id integer,
  assignee_unit_id integer,
  disposition text check (disposition in ('handled', 'false_alarm', 'merged', 'joint_action')),
  version integer not null default 1,
  first_seen timestamptz not null,
  last_seen timestamptz not null,
  closed_at timestamptz
);

-- a persisting finding updates its one open alert instead of raising another
create unique index alerts_one_open on alerts (key) where state <> 'closed';
create index alerts_open_path on alerts (unit_path text_pattern_ops, last_seen desc) where state <> 'closed';
create index alerts_recent on alerts (last_seen desc);

create table alert_evidence (
  alert_id bigint not null references alerts (id),
  event_id bigint not null,
  added_at timestamptz not null default now(),
  primary key (alert_id, event_id)
);

create table alert_transitions (
  id bigserial primary key,
  alert_id bigint not null references alerts (id),
  action text not null,
  from_state text,
  to_state text not null,
  user_id integer,
  note text,
  at timestamptz not null default now()
);

create index alert_transitions_alert on alert_transitions (alert_id, id);

-- the scan reads only its window's events (alert-reads.ts in the events module): a created_at range
create index events_created_at on events (created_at);
