-- New events by created day × area × top-level category × channel, without the state: the screen's
-- trend and category widgets read a few hundred rows of it (rollup_daily has ~5× more, one per
-- state). Written once per event, at its creation; backfilled from rollup_daily (its states summed).
create table rollup_created (
  unit_id integer not null,
  day date not null,
  category text not null,
  channel text not null,
  n integer not null default 0,
  primary key (unit_id, day, category, channel)
);

insert into rollup_created (unit_id, day, category, channel, n)
select unit_id, day, category, channel, sum(n)::int
from rollup_daily
group by unit_id, day, category, channel
having sum(n) <> 0;
