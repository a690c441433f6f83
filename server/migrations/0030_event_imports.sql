-- Bulk import of historical events (issue 17, item 7): an imported event says when it was imported.
-- Its created_at, log and rollups keep the history's own dates, so the dashboard and the KPIs count
-- it then; imported_at tells it apart from what reached us live (and a re-import can be checked
-- against it). A partial index: the imported are few beside the live events.
alter table events add column imported_at timestamptz;

create index events_imported on events (imported_at) where imported_at is not null;
