-- The audit chain keyed (src/app/audit.c): a record's hash is BLAKE2b keyed with a key kept outside
-- the database (created beside it on first use), so that whoever can write the database cannot
-- rewrite the chain after changing a record. Records written before keep their plain hash
-- (keyed = 0); no plain record may follow a keyed one.
ALTER TABLE audit_log ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0 CHECK (keyed IN (0, 1));
