-- The gazetteer (issue 14, deliverable 7): the places callers name — compounds (小区), villages,
-- roads and landmarks (schools, hospitals, markets, parks) — each inside one community, so a
-- search for "幸福里小区3号楼" leads to 幸福里社区. `generated` marks the places the demo seed
-- invented (seeded random, plausible names) apart from those read from the communities' own names.
create table places (
  id integer generated always as identity primary key,
  community_id integer not null references org_units (id),
  name text not null,
  kind text not null check (kind in ('compound', 'village', 'road', 'landmark')),
  aliases jsonb not null default '[]',
  lat double precision not null,
  lng double precision not null,
  generated boolean not null,
  unique (community_id, name)
);
