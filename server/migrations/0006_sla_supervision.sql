-- 督办 count per event (issue 5), kept by the SLA listener on every supervise entry, so lists and
-- the inbox show it without reading the log.
alter table events add column supervision_count integer not null default 0;
update events e set supervision_count = (select count(*) from event_actions a where a.event_id = e.id and a.action = 'supervise');
