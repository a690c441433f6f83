-- People's mediation (issue 19): the network's specialties and named mediators, and the mediation
-- case (调解案件) with its parties, sessions, agreement and follow-up visit. The event a case is
-- opened from keeps its own lifecycle; the case holds what only the mediators may read.

-- What a mediation organisation (an org unit of kind 'mediation') does: a district's professional
-- organisation by its specialty, a street/community room as people's mediation, a counselling room,
-- or a personal-brand room named after its mediator (老马调解室: brand 老马).
create table mediation_orgs (
  unit_id integer primary key references org_units (id),
  specialty text not null check (specialty in (
    'labor', 'property', 'medical', 'traffic', 'family', 'consumer', 'construction', 'evaluation', 'general', 'counselling'
  )),
  brand text check (char_length(brand) between 1 and 20)
);
create index mediation_orgs_specialty on mediation_orgs (specialty);

-- The named mediators of each organisation (the unit's `m-<code>` account is the room's login).
create table mediators (
  id serial primary key,
  unit_id integer not null references org_units (id),
  name text not null check (char_length(name) between 1 and 40),
  title text check (char_length(title) between 1 and 40),
  active boolean not null default true
);
create index mediators_unit on mediators (unit_id);

-- One row: the normal term of a case in calendar days and the follow-up visit's delay after an
-- agreement (issue 19: 30 days; admins change it with a reason in change_log).
create table mediation_settings (
  id boolean primary key default true check (id),
  term_days integer not null default 30 check (term_days between 1 and 365),
  follow_up_days integer not null default 15 check (follow_up_days between 1 and 365)
);
insert into mediation_settings default values;

create table mediation_cases (
  id serial primary key,
  event_id bigint not null references events (id),
  -- the organisation handling it now, and the center that decided to mediate
  unit_id integer not null references org_units (id),
  center_id integer not null references org_units (id),
  opened_by integer not null references users (id),
  dispute_type text not null check (dispute_type in (
    'neighbour', 'family', 'labor', 'property', 'medical', 'traffic', 'consumer', 'construction', 'debt', 'tenancy', 'other'
  )),
  amount numeric(14, 2) check (amount >= 0),
  summary text not null check (char_length(summary) between 1 and 2000),
  state text not null check (state in (
    'pending', 'accepted', 'in_mediation', 'agreed', 'performed', 'failed', 'referred', 'refused', 'transferring'
  )),
  refusal_reason text,
  outcome text check (outcome in ('written', 'oral', 'failed')),
  -- failure: where it went (litigation and arbitration end it on the platform; a department or
  -- another mediation organisation is dispatched by the center)
  referral_kind text check (referral_kind in ('litigation', 'arbitration', 'department', 'mediation')),
  referral_unit_id integer references org_units (id),
  referral_note text,
  -- 调解协议书: facts, responsibilities, terms, performance (how, where, by when); an oral agreement's record
  agreement jsonb,
  agreed_at timestamptz,
  follow_up_due timestamptz,
  reopen_count integer not null default 0,
  term_due timestamptz not null,
  opened_at timestamptz not null,
  closed_at timestamptz,
  version integer not null default 1,
  updated_at timestamptz not null
);
-- one live case per event (a refused, referred or performed one is history)
create unique index mediation_cases_live_event on mediation_cases (event_id)
  where state not in ('refused', 'referred', 'performed', 'failed');
create index mediation_cases_unit on mediation_cases (unit_id, id);
create index mediation_cases_center on mediation_cases (center_id, id);

create table mediation_parties (
  id serial primary key,
  case_id integer not null references mediation_cases (id),
  role text not null check (role in ('applicant', 'respondent')),
  name text not null,
  phone text,
  id_number text,
  address text,
  -- the agreement's confirmation link: SHA-256 of a random token sent by SMS, and when it was used
  confirm_token_hash text unique,
  confirmed_at timestamptz
);
create index mediation_parties_case on mediation_parties (case_id);

create table mediation_sessions (
  id serial primary key,
  case_id integer not null references mediation_cases (id),
  held_at timestamptz not null,
  place text not null,
  mediator_id integer not null references mediators (id),
  attendees jsonb not null,
  record text not null,
  recorded_by integer not null references users (id),
  created_at timestamptz not null
);
create index mediation_sessions_case on mediation_sessions (case_id, held_at);

create table mediation_follow_ups (
  id serial primary key,
  case_id integer not null references mediation_cases (id),
  performed boolean not null,
  note text not null,
  visited_by integer not null references users (id),
  visited_at timestamptz not null
);
create index mediation_follow_ups_case on mediation_follow_ups (case_id);

-- The stages the public may see of a case (受理, 调解中, 达成协议, 回访 …): a stage and its time, nothing else.
create table mediation_stages (
  id bigserial primary key,
  case_id integer not null references mediation_cases (id),
  event_id bigint not null references events (id),
  stage text not null,
  at timestamptz not null
);
create index mediation_stages_event on mediation_stages (event_id, id);

-- SMS joins the outbox (summons and agreements to parties without accounts): a demo sender records them.
alter table outbox drop constraint outbox_kind_check;
alter table outbox add constraint outbox_kind_check check (kind in ('webhook', 'sms'));
