-- 来电弹屏 (issue 18 item 2): the hall's call-center system (CTI) posts each call's steps; the operator
-- whose agent number answered has the caller's number and history on the desk at once.
--
-- An operator's agent number (坐席号), set by an admin: the CTI names the agent by it.
alter table users add column agent_number text check (agent_number ~ '^[0-9]{3,8}$');
create unique index users_agent_number on users (agent_number) where agent_number is not null;

-- An API client may be the hall's CTI (its `cti` channel): it posts calls, never events.
alter table api_clients drop constraint api_clients_channels_check;
alter table api_clients add constraint api_clients_channels_check check (
  cardinality(channels) between 1 and 5
  and channels <@ array['netizen', 'platform_3d', 'platform_safety', 'linkage', 'cti']::text[]
);

-- One call, as the CTI told it: each step's time is set once (a repeated step is a no-op: the CTI
-- retries), the answering agent, what ended it (duration, the recording's reference in the CTI's
-- store) and the event the operator created during it. Staff-only: never in a public view.
create table hotline_calls (
  id bigserial primary key,
  client_id integer not null references api_clients (id),
  call_id text not null check (char_length(call_id) between 1 and 64),
  caller_phone text,
  agent_user_id integer references users (id),
  rang_at timestamptz,
  answered_at timestamptz,
  ended_at timestamptz,
  duration_seconds integer check (duration_seconds between 0 and 86400),
  recording_ref text check (char_length(recording_ref) <= 200),
  event_id integer unique references events (id),
  created_at timestamptz not null,
  unique (client_id, call_id)
);

-- the desk's current call: an agent's newest answered (or ringing) call
create index hotline_calls_agent on hotline_calls (agent_user_id, id desc) where agent_user_id is not null;
