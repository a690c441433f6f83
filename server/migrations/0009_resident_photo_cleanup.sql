-- Photos uploaded but never attached (a report abandoned halfway) are removed after a day;
-- this index keeps finding them cheap however many attached photos there are.
create index attachments_unattached on attachments (created_at) where event_id is null;
