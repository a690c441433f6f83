-- In-app notices (issue 18 item 4, the in-app half): a resident hears that their matter moved, a
-- unit's staff of a new assignment, a warning, a supervision (督办), a callback due. A notice is
-- written in the transaction of the change it tells of (the notifications module's listener, or the
-- SLA scan's transaction for a warning), so it exists exactly when the change committed: the table is
-- the in-app channel's outbox and inbox at once, and its delivery is the commit's NOTIFY (no worker).
-- It stores the template's key and its parameters; the page renders it in the reader's language.
create table notices (
  id bigserial primary key,
  -- exactly one recipient: a resident, or a unit (optionally only its users of one role)
  resident_id integer references residents (id),
  unit_id integer references org_units (id),
  role text,
  event_id integer references events (id),
  template text not null check (char_length(template) between 1 and 40),
  params jsonb not null default '{}',
  -- what makes a notice once: the event, its version and the template (a job run twice, a retried
  -- transaction, two instances: one row)
  key text not null,
  created_at timestamptz not null,
  -- a resident's own read mark (a unit's notices are read per user: notice_reads)
  read_at timestamptz,
  check ((resident_id is null) <> (unit_id is null))
);

create unique index notices_resident_key on notices (resident_id, key) where resident_id is not null;
create unique index notices_unit_key on notices (unit_id, key) where unit_id is not null;
create index notices_resident on notices (resident_id, id desc) where resident_id is not null;
create index notices_resident_unread on notices (resident_id, id) where resident_id is not null and read_at is null;
create index notices_unit on notices (unit_id, id desc) where unit_id is not null;

-- which of its unit's notices a staff user has read
create table notice_reads (
  user_id integer not null references users (id),
  notice_id bigint not null references notices (id),
  at timestamptz not null,
  primary key (user_id, notice_id)
);

-- A resident's choice of which steps notify them, per channel (in the app, by SMS): a row only where
-- they changed the default (every step on).
create table notice_preferences (
  resident_id integer not null references residents (id),
  step text not null check (char_length(step) between 1 and 40),
  channel text not null check (channel in ('inapp', 'sms')),
  enabled boolean not null,
  updated_at timestamptz not null,
  primary key (resident_id, step, channel)
);
