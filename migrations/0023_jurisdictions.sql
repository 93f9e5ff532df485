-- Jurisdictions: the division (行政区划代码, GB/T 2260) a user's jurisdiction is, and the county a
-- case, a construction site or a construction project (measure 4) belongs to. '' in a row written before this migration means the
-- division of the pack greenlane runs with (for a user of the city's roles, that county's city);
-- rows written since name their division. Enterprises and alerts had theirs from the start.
ALTER TABLE users ADD COLUMN division TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN division TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN division TEXT NOT NULL DEFAULT '';
ALTER TABLE m4_projects ADD COLUMN division TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_division ON cases (division);
CREATE INDEX sites_division ON sites (division);
