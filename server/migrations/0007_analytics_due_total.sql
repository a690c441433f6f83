-- Overdue without summing every past hour: each area keeps the number of its open events with a
-- resolve deadline in a row at the far-future hour 9999-12-31, and the screen subtracts the
-- events still due ahead (a few weeks of hours at most). Backfilled from the hours kept so far.
insert into rollup_unit_due (unit_id, due_hour, n)
select unit_id, timestamptz '9999-12-31 00:00:00+00', sum(n)
from rollup_unit_due
where due_hour < timestamptz '9999-12-31 00:00:00+00'
group by unit_id
on conflict (unit_id, due_hour) do nothing;
