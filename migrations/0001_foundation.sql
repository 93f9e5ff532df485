-- The registry of regulated enterprises, their annual figures, and the audit trail.
-- Money is stored in fen, mass in grams, dates and times as ISO 8601 TEXT.

CREATE TABLE enterprises (
	uscc TEXT PRIMARY KEY,              -- 统一社会信用代码, 18 characters, check character verified
	name TEXT NOT NULL,
	industry TEXT NOT NULL,             -- industry code of the policy pack
	township TEXT NOT NULL DEFAULT '',
	grade TEXT,                         -- performance grade A, B, B-, C, D or NULL (none)
	air_emitter INTEGER NOT NULL DEFAULT 0 CHECK (air_emitter IN (0, 1)),
	key_air_emitter INTEGER NOT NULL DEFAULT 0 CHECK (key_air_emitter IN (0, 1)),
	positive_list INTEGER NOT NULL DEFAULT 0 CHECK (positive_list IN (0, 1)),
	division TEXT NOT NULL DEFAULT '130131',
	updated_at TEXT NOT NULL
);
CREATE INDEX enterprises_industry ON enterprises (industry);
CREATE INDEX enterprises_name ON enterprises (name);

CREATE TABLE annual_figures (
	uscc TEXT NOT NULL REFERENCES enterprises (uscc),
	year INTEGER NOT NULL,
	tax_fen INTEGER,
	rd_fen INTEGER,
	revenue_fen INTEGER,
	so2_g INTEGER,
	nox_g INTEGER,
	pm_g INTEGER,
	vocs_g INTEGER,
	cod_g INTEGER,
	nh3n_g INTEGER,
	source TEXT NOT NULL DEFAULT '',    -- who supplied the figures (user or file)
	tax_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (tax_confirmed IN (0, 1)),
	updated_at TEXT NOT NULL,
	PRIMARY KEY (uscc, year)
);
CREATE INDEX annual_figures_year ON annual_figures (year);

-- Append-only. hash = BLAKE2b(prev_hash, id, at, actor, action, entity_type, entity_id, digest);
-- digest = BLAKE2b(detail). greenlane audit verify recomputes both.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	entity_type TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	detail TEXT NOT NULL,
	digest TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
