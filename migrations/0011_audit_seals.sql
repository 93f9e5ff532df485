-- The current state of every business row traced to the audit trail (src/app/seal.c): a seal names
-- the audit record that last changed the row and carries a MAC, keyed with the audit key, over the
-- row's state and that record's id. audit verify recomputes every seal, so a state, a grade or a
-- figure changed by hand, or a row put back to an earlier state, is found. Rows of a database
-- older than this are sealed as they stand when it is first opened with this schema.
--
-- A case (with what belongs to it) and a user are sealed here; an enterprise and a year's figures,
-- of which an import writes a million, in a column of their own row ("AUDIT_ID:MAC"), and how many
-- rows each of those tables holds is sealed here (entity_type 'rows'), so that a row deleted by
-- hand is found too.
CREATE TABLE audit_seals (
	entity_type TEXT NOT NULL,          -- case, user; rows
	entity_id TEXT NOT NULL,            -- case id, user name; for rows: enterprise, annual
	audit_id INTEGER NOT NULL,          -- the audit record the state comes from
	mac TEXT NOT NULL,                  -- keyed BLAKE2b-256, hex
	row_count INTEGER,                  -- for rows: how many the table holds
	PRIMARY KEY (entity_type, entity_id)
) WITHOUT ROWID;                        -- one b-tree, not a table and its key's index
ALTER TABLE enterprises ADD COLUMN seal TEXT;
ALTER TABLE annual_figures ADD COLUMN seal TEXT;
