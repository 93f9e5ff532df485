-- The current state of every business row traced to the audit trail (src/app/seal.c): a seal names
-- the audit record that last changed the row and carries a MAC, keyed with the audit key, over the
-- row's state and that record's id. audit verify recomputes every seal, so a state, a grade or a
-- figure changed by hand, or a row put back to an earlier state, is found. Rows of a database
-- older than this are sealed as they stand when it is first opened with this schema.
CREATE TABLE audit_seals (
	entity_type TEXT NOT NULL,          -- case, user, enterprise, annual
	entity_id TEXT NOT NULL,            -- case id, user name, USCC, USCC:year
	audit_id INTEGER NOT NULL,          -- the audit record the row's state comes from
	mac TEXT NOT NULL,                  -- keyed BLAKE2b-256 of kind, id, audit_id and the state, hex
	PRIMARY KEY (entity_type, entity_id)
);
