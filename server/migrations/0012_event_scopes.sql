-- The data scope (DESIGN §10) as rows: one per unit that may see an event — every unit on the path
-- of its location and on the path of each unit it ever reached (event_units), the city
-- center left out (it sees everything). A workbench list reads one unit's rows newest first and
-- joins the events, so a community's first page costs the same few index pages at 10 k or 10 M
-- events; before, its subtree predicate walked the events backwards past every other community's.
-- Written with the event and with each unit it reaches (events/queries.ts); org units never move, so a
-- row never goes stale. Like the rollups it is derived: no foreign keys to check on bulk loads.
create table event_scopes (
  unit_id integer not null,
  event_id bigint not null
);

-- the units a whistle summoned are reached like assignees from now on (they check in and record their
-- part, so they must see the event): add those of earlier whistles
insert into event_units (event_id, unit_id)
select e.id, (s.unit ->> 'unitId')::int
from events e
cross join jsonb_array_elements(e.summoned) as s (unit)
on conflict do nothing;

insert into event_scopes (unit_id, event_id)
select o.id, e.id
from events e
cross join unnest(string_to_array(e.area_path, '.')) as c (code)
join org_units o on o.code = c.code and o.parent_id is not null
union
select o.id, eu.event_id
from event_units eu
join org_units u on u.id = eu.unit_id
cross join unnest(string_to_array(u.path, '.')) as c (code)
join org_units o on o.code = c.code and o.parent_id is not null;

alter table event_scopes add primary key (unit_id, event_id);
