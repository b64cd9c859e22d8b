-- Issue 17, item 3 (MS-1): whether the "a message is waiting" email to a portal user names the clinician
-- who wrote. Off (the default), it names only the practice.
ALTER TABLE practices ADD COLUMN message_notice_names BOOLEAN NOT NULL DEFAULT FALSE;
