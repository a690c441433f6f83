-- A whistle's summoned units find the matter in their 待签收 tab until they check in: the few events
-- with a whistle, indexed by the summoned units (the tab's count reads this, never the whole table).
create index events_summoned on events using gin (summoned jsonb_path_ops) where summoned <> '[]'::jsonb;
