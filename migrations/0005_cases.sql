-- The procedure engine's store (src/store/case_store.c): every procedure's cases, their steps,
-- documents, reviews and deadlines in one set of tables, with a side table for what one procedure
-- keeps of its own (m1_declarations for measure 1). The declarations of migration 0004 move here
-- with their ids, dates, steps, reviews and documents; their two deadline columns become deadline
-- rows. The audit trail is not touched: its records keep naming entity "declaration" and the same
-- ids, which are now case ids.

CREATE TABLE cases (
	id INTEGER PRIMARY KEY,
	procedure TEXT NOT NULL,                -- the pack's procedure name, e.g. m1.declaration
	uscc TEXT REFERENCES enterprises (uscc),-- the enterprise the case is about, if any
	subject_name TEXT NOT NULL DEFAULT '',  -- a party outside the registry (its name)
	state TEXT NOT NULL,                    -- a state of the procedure
	open INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
	compartment TEXT,                       -- closed to some roles (app/scope.c), or NULL
	opened_on TEXT NOT NULL,                -- the business day of the opening step
	closed_on TEXT,
	pack_id TEXT NOT NULL,
	pack_version INTEGER NOT NULL,
	data TEXT NOT NULL DEFAULT '{}',        -- JSON: fields a procedure keeps without a side table
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1      -- optimistic concurrency: +1 at every step
);
CREATE INDEX cases_procedure_state ON cases (procedure, state);
CREATE INDEX cases_uscc ON cases (uscc);
-- One open measure-1 declaration per enterprise.
CREATE UNIQUE INDEX cases_m1_one_open ON cases (uscc) WHERE procedure = 'm1.declaration' AND open = 1;

-- Every step taken on a case, in order.
CREATE TABLE case_steps (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases (id),
	action TEXT NOT NULL,
	from_state TEXT NOT NULL,
	to_state TEXT NOT NULL,
	actor TEXT NOT NULL,
	actor_role TEXT NOT NULL,
	on_date TEXT NOT NULL,                  -- the business day of the step
	reason TEXT NOT NULL DEFAULT '',
	fields TEXT NOT NULL DEFAULT '{}',      -- JSON object: the fields given with the step
	created_at TEXT NOT NULL
);
CREATE INDEX case_steps_case ON case_steps (case_id);

-- Documents handed in with a step. The bytes are kept in the database (base64 TEXT), so that a
-- document commits or rolls back with its step and a backup holds them all.
CREATE TABLE case_documents (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases (id),
	name TEXT NOT NULL,
	file_name TEXT NOT NULL,
	size INTEGER NOT NULL CHECK (size >= 0),
	digest TEXT NOT NULL,                   -- BLAKE2b-256 of the bytes, hex
	content_base64 TEXT NOT NULL,
	added_by TEXT NOT NULL,
	added_at TEXT NOT NULL
);
CREATE INDEX case_documents_case ON case_documents (case_id);

-- Reviews and opinions recorded on a case (county review, preliminary review, site verification,
-- legal review, ...): kind is the procedure's word for it.
CREATE TABLE case_reviews (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases (id),
	kind TEXT NOT NULL,
	outcome TEXT NOT NULL DEFAULT '',
	findings TEXT NOT NULL DEFAULT '',
	reviewed_by TEXT NOT NULL,
	reviewer_role TEXT NOT NULL,
	reviewed_on TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX case_reviews_case ON case_reviews (case_id);

-- Deadlines of cases: the rule that set each, the day and step that started it, its original and
-- current due day (moved by suspensions), the latest day it could fall once the holiday calendar
-- is loaded, and how it ended.
CREATE TABLE case_deadlines (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases (id),
	kind TEXT NOT NULL,
	rule TEXT NOT NULL CHECK (rule IN ('working_days', 'months')),
	length INTEGER NOT NULL,                -- N working days or N months
	param TEXT NOT NULL DEFAULT '',         -- the pack parameter the length came from
	started_by TEXT NOT NULL,               -- the action that started it
	started_on TEXT NOT NULL,
	original_due TEXT NOT NULL,
	due TEXT NOT NULL,
	latest_due TEXT NOT NULL,
	provisional INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1)),
	status TEXT NOT NULL CHECK (status IN ('running', 'suspended', 'met', 'superseded',
		'expired', 'ended')),
	suspended_on TEXT,                      -- while suspended
	suspended_days INTEGER NOT NULL DEFAULT 0,
	ended_on TEXT,
	ended_by TEXT                           -- the action that ended it
);
CREATE INDEX case_deadlines_case ON case_deadlines (case_id);
CREATE INDEX case_deadlines_running ON case_deadlines (status, due);

-- What the measure-1 declaration keeps of its own.
CREATE TABLE m1_declarations (
	case_id INTEGER PRIMARY KEY REFERENCES cases (id),
	year INTEGER NOT NULL,                  -- the year of the annual figures assessed
	grade_from TEXT NOT NULL DEFAULT '',    -- the grade held (at submission; at the decision)
	grade_sought TEXT NOT NULL,             -- the next rung
	tier TEXT NOT NULL CHECK (tier IN ('general', 'key', 'none')),
	grace_months INTEGER,
	metrics TEXT NOT NULL DEFAULT '{}',
	explanation TEXT NOT NULL DEFAULT '[]',
	submitted_by TEXT NOT NULL,
	received_on TEXT NOT NULL,
	county_decided_by TEXT,
	county_decided_on TEXT,
	county_reason TEXT,
	decided_by TEXT,
	decided_on TEXT,
	decision_reason TEXT,
	closed_by TEXT,
	closed_on TEXT,
	closed_reason TEXT
);

INSERT INTO cases (id, procedure, uscc, state, open, opened_on, closed_on, pack_id, pack_version,
		created_at, updated_at, version)
	SELECT d.id, 'm1.declaration', d.uscc, d.state,
		CASE WHEN d.state IN ('rejected', 'formal', 'reverted') THEN 0 ELSE 1 END,
		COALESCE((SELECT MIN(s.on_date) FROM declaration_steps s WHERE s.declaration_id = d.id),
			d.received_on),
		CASE WHEN d.state = 'rejected' THEN d.decided_on
			WHEN d.state IN ('formal', 'reverted') THEN d.closed_on END,
		d.pack_id, d.pack_version, d.created_at, d.updated_at, d.version
	FROM declarations d;

INSERT INTO m1_declarations (case_id, year, grade_from, grade_sought, tier, grace_months, metrics,
		explanation, submitted_by, received_on, county_decided_by, county_decided_on,
		county_reason, decided_by, decided_on, decision_reason, closed_by, closed_on,
		closed_reason)
	SELECT id, year, grade_from, grade_sought, tier, grace_months, metrics, explanation,
		submitted_by, received_on, county_decided_by, county_decided_on, county_reason,
		decided_by, decided_on, decision_reason, closed_by, closed_on, closed_reason
	FROM declarations;

INSERT INTO case_steps (id, case_id, action, from_state, to_state, actor, actor_role, on_date,
		reason, created_at)
	SELECT id, declaration_id, action, from_state, to_state, actor, actor_role, on_date, reason,
		created_at
	FROM declaration_steps;

INSERT INTO case_documents (id, case_id, name, file_name, size, digest, content_base64, added_by,
		added_at)
	SELECT id, declaration_id, name, file_name, size, digest, content_base64, added_by, added_at
	FROM declaration_documents;

INSERT INTO case_reviews (id, case_id, kind, outcome, findings, reviewed_by, reviewer_role,
		reviewed_on, created_at)
	SELECT id, declaration_id, kind, outcome, findings, reviewed_by, reviewer_role, reviewed_on,
		created_at
	FROM declaration_reviews;

-- The county review's deadline: running while submitted, met once the county decided. Its
-- latest day is the due day, and its length the 15 working days of m1.county_review_working_days
-- that the release before this one applied: it kept neither.
INSERT INTO case_deadlines (case_id, kind, rule, length, param, started_by, started_on,
		original_due, due, latest_due, provisional, status, ended_on, ended_by)
	SELECT d.id, 'county_review', 'working_days',
		15,
		'm1.county_review_working_days',
		COALESCE((SELECT s.action FROM declaration_steps s WHERE s.declaration_id = d.id
			AND s.action IN ('submit', 'resubmit') ORDER BY s.id DESC LIMIT 1), 'submit'),
		d.received_on, d.county_due_on, d.county_due_on, d.county_due_on,
		d.county_due_provisional,
		CASE WHEN d.state = 'submitted' THEN 'running' ELSE 'met' END,
		CASE WHEN d.state = 'submitted' THEN NULL ELSE d.county_decided_on END,
		CASE WHEN d.state = 'submitted' THEN NULL
			WHEN d.state = 'returned' THEN 'return' ELSE 'approve' END
	FROM declarations d;

-- The grace deadline of a provisional grade: running while provisional, then met or expired.
INSERT INTO case_deadlines (case_id, kind, rule, length, param, started_by, started_on,
		original_due, due, latest_due, provisional, status, ended_on, ended_by)
	SELECT d.id, 'grace', 'months', COALESCE(d.grace_months, 0),
		CASE WHEN d.tier = 'key' THEN 'm1.key_grace_months' ELSE 'm1.general_grace_months' END,
		'decide_provisional', d.decided_on, d.grace_deadline, d.grace_deadline,
		d.grace_deadline, d.grace_provisional,
		CASE d.state WHEN 'provisional' THEN 'running' WHEN 'formal' THEN 'met'
			ELSE 'expired' END,
		CASE WHEN d.state = 'provisional' THEN NULL ELSE d.closed_on END,
		CASE d.state WHEN 'provisional' THEN NULL WHEN 'formal' THEN 'indicators_met'
			ELSE 'revert' END
	FROM declarations d WHERE d.grace_deadline IS NOT NULL;

-- The grade history names the case a change came from.
CREATE TABLE grade_history_new (
	id INTEGER PRIMARY KEY,
	uscc TEXT NOT NULL REFERENCES enterprises (uscc),
	from_grade TEXT NOT NULL DEFAULT '',
	to_grade TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL CHECK (kind IN ('provisional', 'formal', 'reverted')),
	on_date TEXT NOT NULL,
	grace_deadline TEXT,
	decided_by TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	case_id INTEGER REFERENCES cases (id),
	created_at TEXT NOT NULL
);
INSERT INTO grade_history_new (id, uscc, from_grade, to_grade, kind, on_date, grace_deadline,
		decided_by, reason, case_id, created_at)
	SELECT id, uscc, from_grade, to_grade, kind, on_date, grace_deadline, decided_by, reason,
		declaration_id, created_at
	FROM grade_history;
DROP TABLE grade_history;
ALTER TABLE grade_history_new RENAME TO grade_history;
CREATE INDEX grade_history_uscc ON grade_history (uscc);

DROP TABLE declaration_steps;
DROP TABLE declaration_documents;
DROP TABLE declaration_reviews;
DROP TABLE declarations;
