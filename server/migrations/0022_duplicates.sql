-- Duplicates at intake (issue 16, item 4). The finder reads open events in a lat/lng bounding box
-- since a time; this partial index holds only open events (the few thousand in flight, not the
-- 10 M closed ones), so a box query stays an index range scan however large the history grows.
create index events_open_latlng on events (lat, lng, created_at)
  where state in ('submitted', 'assigned', 'in_progress', 'reviewing') and lat is not null;

-- The finder's settings, one row (id = 1); absent means the defaults in intelligence/duplicates.ts.
create table intelligence_settings (
  id integer primary key check (id = 1),
  duplicate_radius_m integer not null,
  duplicate_days integer not null,
  duplicate_min_score double precision not null,
  updated_at timestamptz not null default now(),
  updated_by integer
);
