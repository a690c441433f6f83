-- Joint hazard sweeps (隐患联排, issue 20 item 2): a district or street center sweeps its subtree's
-- buildings or shops against a checklist by a deadline; each grid's workers check their grid's
-- targets; a target that fails becomes one event (channel grid) listing its failed items.

-- What a sweep can visit: the buildings and shops of each grid (the demo seeds plausible ones).
create table sweep_sites (
  id serial primary key,
  grid_id integer not null references org_units (id),
  kind text not null check (kind in ('building', 'shop')),
  name text not null check (char_length(name) between 1 and 80),
  address text not null check (char_length(address) between 1 and 200),
  lat double precision not null,
  lng double precision not null
);
create index sweep_sites_grid on sweep_sites (grid_id);

create table sweeps (
  id serial primary key,
  title text not null check (char_length(title) between 1 and 80),
  theme text not null check (theme in ('gas', 'ebike', 'fire_exit', 'other')),
  -- the launching center, and the center whose subtree is swept (itself or one below it)
  center_id integer not null references org_units (id),
  scope_id integer not null references org_units (id),
  scope_path text not null,
  site_kind text not null check (site_kind in ('building', 'shop', 'all')),
  -- the category of the events its failed targets become
  category_code text not null,
  -- the checklist: an array of item texts, checked in this order
  items jsonb not null check (jsonb_typeof(items) = 'array'),
  deadline date not null,
  state text not null check (state in ('open', 'closed')),
  created_by integer not null references users (id),
  created_at timestamptz not null,
  closed_by integer references users (id),
  closed_at timestamptz,
  version integer not null default 1
);
create index sweeps_scope_path on sweeps (scope_path text_pattern_ops);

-- One row per site swept: pending until its grid's worker checks it (once; the client's key makes a
-- retried check answer what the first one wrote).
create table sweep_targets (
  id serial primary key,
  sweep_id integer not null references sweeps (id),
  site_id integer not null references sweep_sites (id),
  grid_id integer not null references org_units (id),
  community_id integer not null references org_units (id),
  street_id integer not null references org_units (id),
  state text not null default 'pending' check (state in ('pending', 'passed', 'failed')),
  -- per checklist item, in order: {pass, note, attachmentIds}
  results jsonb,
  note text,
  check_key text unique check (char_length(check_key) = 36),
  checked_by integer references users (id),
  checked_at timestamptz,
  event_id bigint references events (id),
  unique (sweep_id, site_id)
);
create index sweep_targets_sweep_grid on sweep_targets (sweep_id, grid_id);
create index sweep_targets_grid on sweep_targets (grid_id, sweep_id);
