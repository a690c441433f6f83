-- KPIs read the action log by period (issue 5): index its instants so a month of a large log is
-- a range scan; the per-entry lookups use the (event_id, seq) key.
create index event_actions_at on event_actions (at);
