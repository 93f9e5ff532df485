-- Messages (站内消息, src/store/message_store.c): what the system tells a recipient in its own
-- inbox. A step of a case taken by someone else than the enterprise the case is about writes one
-- to that enterprise, in the step's transaction (app/case.c). A recipient is an enterprise (by its
-- USCC) or, later, one user (by user id as text): recipient_kind says which.

CREATE TABLE messages (
	id INTEGER PRIMARY KEY,
	recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('enterprise', 'user')),
	recipient TEXT NOT NULL,                -- the USCC, or the user id
	case_id INTEGER REFERENCES cases (id),  -- the case it is about, if any
	procedure TEXT NOT NULL DEFAULT '',     -- the case's procedure
	action TEXT NOT NULL DEFAULT '',        -- the step's action
	title TEXT NOT NULL,
	body TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	read_at TEXT                            -- NULL while unread
);
CREATE INDEX messages_recipient ON messages (recipient_kind, recipient, id);
CREATE INDEX messages_unread ON messages (recipient_kind, recipient) WHERE read_at IS NULL;
