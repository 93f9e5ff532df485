-- Messages in English beside the Chinese (src/store/message_store.c): a step writes its message's
-- title and body in both, from the labels of the pack (label_en, or label_zh where the pack has no
-- English). A message written before this migration keeps '' in both columns, and is read with its
-- Chinese title and body in their place.

ALTER TABLE messages ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN body_en TEXT NOT NULL DEFAULT '';
