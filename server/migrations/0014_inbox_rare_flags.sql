-- The 待审批延期 and 督办 tab counts look for events that are rarely flagged (an extension asked, a
-- supervision open): partial indexes over just those, so the counts never scan the table. At 10 M
-- events the extensions count was a 2 s sequential scan without it.
create index events_extension_pending on events (dispatcher_unit_id, current_unit_id) where extension_pending is not null;
create index events_supervised on events (current_unit_id) where supervised;
