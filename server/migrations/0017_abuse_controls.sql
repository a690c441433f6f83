-- Abuse controls that do not depend on the client address (issue 12).
--
-- Consecutive failed staff logins per username, known or not (so a lock says nothing about which
-- usernames exist), and the lock they earned. A success or an admin unlock deletes the row; a row
-- whose last failure is older than the reset window is forgotten and swept.
create table login_throttle (
  username text primary key,
  failures integer not null,
  last_failure_at timestamptz not null,
  locked_until timestamptz
);
create index login_throttle_last_failure on login_throttle (last_failure_at);

-- One row per one-time code sent, counted for the per-phone and per-client caps per hour and day;
-- rows older than a day are swept.
create table otp_sends (
  id bigint generated always as identity primary key,
  phone text not null,
  client text not null,
  sent_at timestamptz not null
);
create index otp_sends_phone on otp_sends (phone, sent_at);
create index otp_sends_client on otp_sends (client, sent_at);
create index otp_sends_at on otp_sends (sent_at);

-- Wrong codes per phone since wrong_since, kept across resends (attempts counts per code).
alter table otp_codes add column wrong_codes integer not null default 0;
alter table otp_codes add column wrong_since timestamptz;
