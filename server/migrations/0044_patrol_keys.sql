-- 巡查打卡 made offline are sent again until one answer arrives: the grid app's client-made key
-- makes a resend answer the first check-in instead of recording a second (NULLs stay distinct)
alter table patrols add column idempotency_key text;
create unique index patrols_user_key on patrols (user_id, idempotency_key);
