-- Partner ingestion (issue 17, item 3): an event a partner pushed names the API client it came from
-- beside the partner's own id for it (external_id), and when the matter happened as the partner
-- says (the event's created_at stays when it reached us). The unique index is the idempotency: a
-- retry of one (client, external id), even one racing the first, cannot insert a second event.
alter table events add column source_client_id integer references api_clients (id);
alter table events add column occurred_at timestamptz;

create unique index events_source_external on events (source_client_id, external_id) where source_client_id is not null;
