-- Issue 17, item 3: a message's attachment is a file of the chart (files.id). Downloading one through a
-- conversation asks whether the file goes with a message of that conversation: this index answers it
-- without walking the conversation. A file deleted from the chart leaves the message, which then says its
-- attachment was removed.
CREATE INDEX messages_file ON messages (file_id, conversation_id) WHERE file_id IS NOT NULL;
