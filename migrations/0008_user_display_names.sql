-- A user's display name (姓名), shown where people are named: the signed-in user, the users screen,
-- and beside the user name that a case's steps, reviews and documents record (src/store/user_store.c,
-- src/store/case_store.c). It is for display only; the user name stays what is recorded. A user made
-- before this migration, or without one, keeps '', and is shown by the user name.

ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
