-- The category is part of the events row's projection since the recategorize action (issue 16): a
-- submit entry names it (data.category), so replaying a log rebuilds it. Entries written before then
-- lack it; nothing could change a category then, so the row's own category is the one submitted.
-- The log is append-only (0001's trigger); this one backfill of a field the entries always meant is
-- the exception, made with the trigger off inside this migration's transaction only.
alter table event_actions disable trigger event_actions_no_update;
update event_actions a
set data = a.data || jsonb_build_object('category', e.category_code)
from events e
where a.event_id = e.id
  and a.action = 'submit'
  and not (a.data ? 'category');
alter table event_actions enable trigger event_actions_no_update;
