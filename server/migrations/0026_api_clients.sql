-- API clients (issue 17, item 2): partner platforms that push events through the ingestion API and
-- Open311. A client is limited to its channels and, when it has one, to an org subtree. Its key is
-- shown once; only its SHA-256 is kept, found by a short non-secret prefix of the key.
create table api_clients (
  id serial primary key,
  name text not null check (char_length(name) between 2 and 60),
  channels text[] not null check (
    cardinality(channels) between 1 and 4
    and channels <@ array['netizen', 'platform_3d', 'platform_safety', 'linkage']::text[]
  ),
  scope_unit_id integer references org_units (id),
  key_prefix text not null unique,
  key_hash text not null,
  enabled boolean not null default true,
  created_by integer not null references users (id),
  created_at timestamptz not null default now(),
  rotated_at timestamptz,
  last_used_at timestamptz
);
