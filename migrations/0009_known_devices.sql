-- Known devices (src/app/user.c): a browser that has signed in as a user gets a long-lived cookie
-- whose BLAKE2b-256 digest is kept here. Failed sign-ins of an address or a user name lock out
-- the clients that are not known; a known device is throttled on its own count, so that an
-- attacker guessing a clerk's password, or sharing the clerk's address, does not lock the clerk out.
CREATE TABLE known_devices (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL,
	last_used_at TEXT NOT NULL
);
CREATE INDEX known_devices_user ON known_devices (user_id);
