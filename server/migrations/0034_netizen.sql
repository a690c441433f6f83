-- Netizen messages (网民留言, issue 17 item 6): a message board is an API client of the netizen
-- channel, so its messages go through partner ingestion and are deduplicated by (client, source id)
-- on events' own unique index (0027). The board may be pulled on a schedule from a URL; every import,
-- uploaded or pulled, is recorded; when one of its events closes, the board's reply waits in
-- netizen_replies (written in the closing transaction) until a worker posts it back.
create table netizen_boards (
  id serial primary key,
  name text not null unique check (char_length(name) between 1 and 60),
  client_id integer not null unique references api_clients (id),
  -- a JSON or CSV feed fetched every NETIZEN_PULL_INTERVAL_MS; null: only uploaded files
  pull_url text check (pull_url is null or char_length(pull_url) between 8 and 2000),
  -- where replies are POSTed; null: the demo adapter appends them to NETIZEN_REPLY_FILE
  reply_url text check (reply_url is null or char_length(reply_url) between 8 and 2000),
  last_pulled_at timestamptz,
  -- a pull's lease: one instance pulls a board at a time, and one that died is taken over after it
  pulling_until timestamptz,
  created_at timestamptz not null
);

create table netizen_imports (
  id serial primary key,
  board_id integer not null references netizen_boards (id),
  origin text not null check (origin in ('file', 'pull')),
  -- the file's name or the URL pulled
  source text not null,
  started_at timestamptz not null,
  duration_ms integer not null,
  messages integer not null,
  created integer not null,
  duplicates integer not null,
  errors integer not null,
  -- the first bad messages: [{line, externalId, field, message}]
  problems jsonb not null,
  -- a pull or file that could not be read at all
  failure text,
  imported_by integer references users (id)
);

create index netizen_imports_board on netizen_imports (board_id, id);

create table netizen_replies (
  id bigserial primary key,
  board_id integer not null references netizen_boards (id),
  event_id integer not null unique references events (id),
  external_id text not null,
  state text not null default 'pending' check (state in ('pending', 'sent', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_error text,
  created_at timestamptz not null,
  sent_at timestamptz
);

create index netizen_replies_due on netizen_replies (next_attempt_at, id) where state = 'pending';
