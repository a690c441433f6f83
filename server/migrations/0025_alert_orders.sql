-- 研判预警吹哨 (issue 16 item 5): acting on an alert makes a consolidated work order (主单) and
-- whistles the departments to it; the alert's `act` transition keeps the order's id and public
-- number (numbers never change), so the alert's views name and link the order without reading the
-- events table.
alter table alert_transitions add column order_id bigint;
alter table alert_transitions add column order_number text;

create index alert_transitions_orders on alert_transitions (alert_id) where order_id is not null;
