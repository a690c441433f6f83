-- Residents following events (issue 16, item 4): a resident offered a look-alike before reporting
-- follows it instead of sending a second report ('duplicate'), and a merge makes the reporter and
-- the followers of the folded event follow the survivor ('merge'). One row per pair.
create table event_followers (
  event_id bigint not null references events (id),
  resident_id integer not null references residents (id),
  since timestamptz not null,
  via text not null check (via in ('duplicate', 'merge')),
  primary key (event_id, resident_id)
);

-- 我关注的: a resident's follows, newest first
create index event_followers_resident on event_followers (resident_id, since desc, event_id);
