-- Measure 1: incentive-grading declarations (激励性生态环境绩效分级申报), their supporting documents,
-- the reviews of the county branch and of the city bureau, every step taken, and the history of
-- performance grades. The states and who may take each step: src/core/declaration.h and
-- docs/declaration.md. Deadlines are columns of the declaration (county review due date, grace
-- deadline), each with the flag that says it was counted past the loaded holiday calendar.

CREATE TABLE declarations (
	id INTEGER PRIMARY KEY,
	uscc TEXT NOT NULL REFERENCES enterprises (uscc),
	year INTEGER NOT NULL,                  -- the year of the annual figures assessed
	state TEXT NOT NULL CHECK (state IN ('submitted', 'returned', 'county_approved',
		'city_reviewed', 'provisional', 'rejected', 'formal', 'reverted')),
	grade_from TEXT NOT NULL DEFAULT '',    -- the grade when submitted ('' none)
	grade_sought TEXT NOT NULL,             -- the next rung of the industry's ladder
	-- the self-assessment (自评) as computed at the last submission
	tier TEXT NOT NULL CHECK (tier IN ('general', 'key', 'none')),
	grace_months INTEGER,
	metrics TEXT NOT NULL DEFAULT '{}',     -- JSON object: the metrics and averages
	explanation TEXT NOT NULL DEFAULT '[]', -- JSON array of sentences (Chinese)
	pack_id TEXT NOT NULL,
	pack_version INTEGER NOT NULL,
	submitted_by TEXT NOT NULL,
	received_on TEXT NOT NULL,              -- receipt by the county branch (last submission)
	county_due_on TEXT NOT NULL,            -- county review due: working days after receipt
	county_due_provisional INTEGER NOT NULL DEFAULT 0 CHECK (county_due_provisional IN (0, 1)),
	county_decided_by TEXT,
	county_decided_on TEXT,
	county_reason TEXT,
	decided_by TEXT,                        -- the city's decision: provisional or rejected
	decided_on TEXT,
	decision_reason TEXT,
	grace_deadline TEXT,                    -- Civil Code months from decided_on
	grace_provisional INTEGER NOT NULL DEFAULT 0 CHECK (grace_provisional IN (0, 1)),
	closed_by TEXT,                         -- formal (indicators met) or reverted (sweep)
	closed_on TEXT,
	closed_reason TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1      -- optimistic concurrency: +1 at every step
);
-- One open declaration per enterprise.
CREATE UNIQUE INDEX declarations_one_open ON declarations (uscc)
	WHERE state IN ('submitted', 'returned', 'county_approved', 'city_reviewed', 'provisional');
CREATE INDEX declarations_state ON declarations (state);

-- Supporting documents. The bytes are kept in the database (base64 TEXT), so that a document
-- commits or rolls back with the step that adds it and a backup of the database holds them all.
CREATE TABLE declaration_documents (
	id INTEGER PRIMARY KEY,
	declaration_id INTEGER NOT NULL REFERENCES declarations (id),
	name TEXT NOT NULL,                     -- what it is, e.g. 申报表
	file_name TEXT NOT NULL,
	size INTEGER NOT NULL CHECK (size >= 0),
	digest TEXT NOT NULL,                   -- BLAKE2b-256 of the bytes, hex
	content_base64 TEXT NOT NULL,
	added_by TEXT NOT NULL,
	added_at TEXT NOT NULL
);
CREATE INDEX declaration_documents_declaration ON declaration_documents (declaration_id);

-- County review (县分局审核), city preliminary review (初审), site verification (现场核查).
CREATE TABLE declaration_reviews (
	id INTEGER PRIMARY KEY,
	declaration_id INTEGER NOT NULL REFERENCES declarations (id),
	kind TEXT NOT NULL CHECK (kind IN ('county', 'preliminary', 'site')),
	outcome TEXT NOT NULL DEFAULT '',       -- county: approved or returned
	findings TEXT NOT NULL DEFAULT '',
	reviewed_by TEXT NOT NULL,
	reviewer_role TEXT NOT NULL,
	reviewed_on TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX declaration_reviews_declaration ON declaration_reviews (declaration_id);

-- Every step taken on a declaration, in order.
CREATE TABLE declaration_steps (
	id INTEGER PRIMARY KEY,
	declaration_id INTEGER NOT NULL REFERENCES declarations (id),
	action TEXT NOT NULL,
	from_state TEXT NOT NULL,
	to_state TEXT NOT NULL,
	actor TEXT NOT NULL,
	actor_role TEXT NOT NULL,
	on_date TEXT NOT NULL,                  -- the business day of the step
	reason TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX declaration_steps_declaration ON declaration_steps (declaration_id);

-- Every change of an enterprise's performance grade made by a procedure.
CREATE TABLE grade_history (
	id INTEGER PRIMARY KEY,
	uscc TEXT NOT NULL REFERENCES enterprises (uscc),
	from_grade TEXT NOT NULL DEFAULT '',
	to_grade TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL CHECK (kind IN ('provisional', 'formal', 'reverted')),
	on_date TEXT NOT NULL,
	grace_deadline TEXT,
	decided_by TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	declaration_id INTEGER REFERENCES declarations (id),
	created_at TEXT NOT NULL
);
CREATE INDEX grade_history_uscc ON grade_history (uscc);
