-- Measure 7's double-entry ledger of discharge rights (排污权账本; src/app/ledger.c, docs/ledger.md).
--
-- A transfer moves grams of one pollutant from one account to another (account strings of
-- src/core/ledger.h). It carries the client's id (unique: writing it again with the same content
-- changes nothing) and the digest of its content. A release or sale waits for a second person
-- (pending) until approved (settled), cancelled or expired; every other kind settles at once.
CREATE TABLE ledger_transfers (
	id INTEGER PRIMARY KEY,
	client_id TEXT NOT NULL UNIQUE,
	digest TEXT NOT NULL,
	pollutant TEXT NOT NULL,
	from_account TEXT NOT NULL,
	to_account TEXT NOT NULL,
	grams INTEGER NOT NULL CHECK (grams > 0),
	kind TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('pending', 'settled', 'cancelled', 'expired')),
	day TEXT NOT NULL,
	expires_on TEXT,
	proposed_by TEXT NOT NULL DEFAULT '',
	approved_by TEXT NOT NULL DEFAULT '',
	price_fen INTEGER CHECK (price_fen IS NULL OR price_fen >= 0),
	method TEXT,
	valid_until TEXT,
	note TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	settled_at TEXT,
	CHECK (from_account <> to_account)
);
CREATE INDEX ledger_transfers_state ON ledger_transfers (state, from_account, pollutant);
CREATE INDEX ledger_transfers_to ON ledger_transfers (to_account, pollutant);

-- The entries: two per settled transfer, written in the transaction that settles it (the debit
-- of its from account, the credit of its to account), summing to zero. A balance is the sum of an
-- account's entries; none is stored. Entries are never changed nor removed.
CREATE TABLE ledger_entries (
	id INTEGER PRIMARY KEY,
	transfer_id INTEGER NOT NULL REFERENCES ledger_transfers (id),
	account TEXT NOT NULL,
	pollutant TEXT NOT NULL,
	grams INTEGER NOT NULL CHECK (grams <> 0),
	day TEXT NOT NULL,
	UNIQUE (transfer_id, account)
);
CREATE INDEX ledger_entries_account ON ledger_entries (account, pollutant, day);

--@ sqlite
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN
	SELECT RAISE(ABORT, 'ledger_entries are append-only');
END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN
	SELECT RAISE(ABORT, 'ledger_entries are append-only');
END;
--@ postgresql
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'ledger_entries are append-only' USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
	FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
	FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
--@ end

-- Pledges of an account's rights (排污权质押): the grams pledged are not available while the
-- pledge stands (released_on NULL).
CREATE TABLE ledger_pledges (
	id INTEGER PRIMARY KEY,
	account TEXT NOT NULL,
	pollutant TEXT NOT NULL,
	grams INTEGER NOT NULL CHECK (grams > 0),
	pledgee TEXT NOT NULL,
	from_day TEXT NOT NULL,
	released_on TEXT
);
CREATE INDEX ledger_pledges_account ON ledger_pledges (account, pollutant);
