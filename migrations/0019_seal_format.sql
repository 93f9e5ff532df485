-- The format of a seal in audit_seals. Format 1 fed at most the first 24 columns of each row of a
-- state into the MAC: the columns of measure 2's enforcement row after the 24th (the correction's
-- status and day, the proposal, its ground and explanation, the outcome and its reason) were not
-- covered. Format 2 feeds every column, and a row wider than the seal reader takes is an error,
-- never cut short. Seals written before keep format 1 and are verified as they were made; every
-- seal written from now on (the next change of the entity) is format 2.
ALTER TABLE audit_seals ADD COLUMN format INTEGER NOT NULL DEFAULT 1 CHECK (format IN (1, 2));
