-- The caller's evaluation link (issue 18 item 5): the SMS sent at intake to a caller with a phone carries
-- `<PUBLIC_BASE_URL>/e/<token>`, 24 random bytes kept only as their SHA-256 here, bound to the event and
-- the phone it went to. It shows the matter's public progress, lets the caller press (催办) and, once the
-- matter is resolved, rate it once (the rating is the event's log entry, by the system for the caller, so
-- "once" is read there); it lapses 30 days after the matter closes (read from the event's closed_at).
create table evaluation_links (
  id bigserial primary key,
  event_id integer not null unique references events (id),
  token_hash text not null unique,
  phone text not null,
  created_at timestamptz not null
);

-- the admin's outbox of one event (`GET /admin/outbox?event=`)
create index outbox_event on outbox (event_id, id) where event_id is not null;
