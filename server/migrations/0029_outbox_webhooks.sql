-- The one outbox (DESIGN §7) and partner webhooks (issue 17, item 4). A change of an event a partner
-- submitted writes one outbox row per enabled subscription of that partner, in the change's own
-- transaction; a worker on every instance delivers them afterwards, outside any transaction.
--
-- A subscription's secret is the HMAC-SHA256 key its deliveries are signed with, so it is kept as
-- given (random, shown to the admin once): a hash could not sign. It is never listed again.
create table webhook_subscriptions (
  id serial primary key,
  client_id integer not null references api_clients (id),
  url text not null check (char_length(url) between 8 and 2000),
  secret text not null,
  enabled boolean not null default true,
  created_by integer not null references users (id),
  created_at timestamptz not null default now()
);

create index webhook_subscriptions_client on webhook_subscriptions (client_id) where enabled;

-- One message to deliver. `kind` is 'webhook' for now; SMS and in-app deliveries join later. The
-- payload is written whole at the change (its id is the receiver's idempotency key), so a delivery
-- reads no event. `lease_until` is when a claim lapses: a row left `sending` by an instance that
-- died is claimed again after it (a claim sets next_attempt_at to it, so one index serves both);
-- `lease_token` is the claim's, so an instance whose lease lapsed cannot overwrite the next claim.
create table outbox (
  id bigserial primary key,
  kind text not null check (kind in ('webhook')),
  subscription_id integer references webhook_subscriptions (id),
  event_id integer references events (id),
  payload jsonb not null,
  state text not null default 'pending' check (state in ('pending', 'sending', 'delivered', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  lease_until timestamptz,
  lease_token text,
  last_error text,
  created_at timestamptz not null,
  delivered_at timestamptz
);

-- the worker's claim: due pending rows, and sending rows whose lease lapsed, oldest first
create index outbox_due on outbox (next_attempt_at, id) where state in ('pending', 'sending');
-- a subscription's delivery log, newest first
create index outbox_subscription on outbox (subscription_id, id);

-- The delivery log: one row per POST tried, with the HTTP status or the error.
create table outbox_attempts (
  id bigserial primary key,
  outbox_id bigint not null references outbox (id),
  at timestamptz not null,
  status integer,
  error text,
  duration_ms integer not null
);

create index outbox_attempts_outbox on outbox_attempts (outbox_id, id);
