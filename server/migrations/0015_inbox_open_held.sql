-- The open matters each unit holds, newest first, carrying every column the 待签收, 处置中 and 即将超期
-- tabs test. Counting a tab is an index-only scan of this small index (open events are a few per
-- cent of the table) instead of a heap visit per held event, which at 10 M events cost a district
-- center 100 ms; a tab's page reads it in id order and stops at the page's end instead of fetching
-- and sorting every held event.
create index events_open_held on events (current_unit_id, id desc)
  include (state, sla_status, resolve_deadline, sign_deadline)
  where state in ('submitted', 'assigned', 'in_progress');
