-- Learning from corrections (issue 16, item 3). When staff change an event's category (the
-- `recategorize` action) the event's text and the two codes are kept here, so that
-- `npm run train -- --corrections <url>` folds them into the next model and
-- `npm run eval:classifier -- --corrections <url>` measures the shipped model on the latest ones.
-- The text is copied, not joined: the model learns from what the classifier saw at the time.
create table classifier_corrections (
  id bigserial primary key,
  event_id bigint not null,
  text text not null,
  from_category text,
  to_category text not null,
  user_id integer,
  reason text,
  at timestamptz not null default now()
);

create index classifier_corrections_at on classifier_corrections (at desc);
create index classifier_corrections_event on classifier_corrections (event_id);
