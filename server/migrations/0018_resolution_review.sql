-- 办结审核 (issue 14): a handler's resolution may wait at the dispatching center for review before
-- the reporter is asked to evaluate it. The event stays at the handler in the new state `reviewing`
-- (its deadline stops there, as the handler has answered); the center approves it (→ resolved) or
-- sends it back with a reason (→ in_progress at the same handler).
alter table events drop constraint events_state_check;
alter table events add constraint events_state_check
  check (state in ('submitted', 'assigned', 'in_progress', 'reviewing', 'resolved', 'closed', 'rejected', 'merged'));

-- The 待审核 tab of a center: the few results under review, by the center that dispatched them (or,
-- without a dispatcher, the handler's parent center, found by the handler).
create index events_reviewing on events (dispatcher_unit_id, current_unit_id) where state = 'reviewing';

-- The 已上报 tab reads the unfinished states, which now include `reviewing`: its partial index must
-- cover the same states or the planner cannot use it.
drop index events_escalated;
create index events_escalated on events using gin (escalated_by)
  where state in ('submitted', 'assigned', 'in_progress', 'reviewing', 'resolved') and escalated_by <> '{}';

-- Who reviews is a setting per kind of handler (edited by an admin, each change in change_log):
-- on for departments, off for local forces; mediation agreements follow their own flow (off).
create table review_settings (
  kind text primary key check (kind in ('department', 'mediation', 'force')),
  review boolean not null,
  reason text not null,
  updated_by integer references users (id),
  updated_at timestamptz not null default now()
);
insert into review_settings (kind, review, reason) values
  ('department', true, '默认：职能部门的办结由派单中心审核'),
  ('mediation', false, '默认：调解协议按调解流程办理'),
  ('force', false, '默认：社区力量的办结不经审核');
