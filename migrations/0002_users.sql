-- Users and their roles, sign-in sessions, and the state that throttles repeated failed sign-ins.
-- Passwords are stored only as argon2id strings (libsodium crypto_pwhash_str); session tokens and
-- their CSRF tokens only as hex BLAKE2b-256 digests. Times are ISO 8601 UTC TEXT, compared as text.

CREATE TABLE users (
	id INTEGER PRIMARY KEY,             -- assigned by the application (max + 1), portable
	username TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL,                 -- a role name of src/core/role.h
	uscc TEXT REFERENCES enterprises (uscc), -- the bound enterprise, role enterprise only
	department TEXT,                    -- the sector department, role dept_officer only
	password_hash TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id),
	csrf_hash TEXT NOT NULL,
	address TEXT NOT NULL DEFAULT '',   -- the client address at sign-in
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- One row per throttled key: 'user:NAME' or 'addr:ADDRESS'. failures counts the failed sign-ins
-- since window_start; locked_until, when set and in the future, refuses every sign-in for the key.
CREATE TABLE login_throttle (
	key TEXT PRIMARY KEY,
	failures INTEGER NOT NULL,
	window_start TEXT NOT NULL,
	locked_until TEXT
);
