-- The staff areas (issue 3). The workbench's 已上报 tab finds what a unit escalated, and the admin
-- audit viewer filters by actor: both read by these indexes instead of scanning the logs.
create index event_actions_actor_unit on event_actions (actor_unit_id, action);
create index audit_log_actor on audit_log (actor_user_id, id desc);
