-- Measure 2: inclusive enforcement cases (包容性执法). What an enforcement case keeps besides its
-- case row (migration 0005): the party (the registry's enterprise, or a unit outside it named by
-- its USCC), the violation as found, the circumstances Administrative Penalty Law art. 33 turns
-- on, the order to correct with its number, the verification of the correction, and the system's
-- proposal with its explanation. The numbers of filed cases and of orders come from m2_numbers:
-- one sequence per kind and year, never reused.

-- A case's party outside the registry is named by its USCC as well as its name (cases.uscc refers
-- to the registry).
ALTER TABLE cases ADD COLUMN subject_uscc TEXT NOT NULL DEFAULT '';

CREATE TABLE m2_cases (
	case_id INTEGER PRIMARY KEY REFERENCES cases (id),
	case_number TEXT NOT NULL UNIQUE,        -- 立案编号, from m2.case_number_template
	party_uscc TEXT NOT NULL,                -- the party's USCC, in the registry or not
	party_name TEXT NOT NULL,
	legal_representative TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	violation_type TEXT NOT NULL,            -- an option of the procedure's violation_type field
	found_on TEXT NOT NULL,                  -- the day the violation was found
	officers TEXT NOT NULL,                  -- the officers who found it
	facts TEXT NOT NULL,
	findings TEXT NOT NULL DEFAULT '',       -- what the investigation established
	harm TEXT NOT NULL CHECK (harm IN ('none', 'minor', 'serious')),
	minor INTEGER NOT NULL CHECK (minor IN (0, 1)),
	no_fault INTEGER NOT NULL DEFAULT 0 CHECK (no_fault IN (0, 1)),
	malicious INTEGER NOT NULL DEFAULT 0 CHECK (malicious IN (0, 1)),
	major_risk INTEGER NOT NULL DEFAULT 0 CHECK (major_risk IN (0, 1)),
	prior_recorded INTEGER NOT NULL DEFAULT 0 CHECK (prior_recorded IN (0, 1)),
	prior_case INTEGER,                      -- the earlier case that makes it not a first one
	legal_basis TEXT NOT NULL DEFAULT '',    -- the order to correct
	correction TEXT NOT NULL DEFAULT '',
	correction_mode TEXT CHECK (correction_mode IN ('immediate', 'by_date')),
	correct_by TEXT,                         -- the last day ordered
	order_number TEXT UNIQUE,
	ordered_on TEXT,
	committed_on TEXT,                       -- the letter of commitment signed
	correction_status TEXT NOT NULL DEFAULT 'pending'
		CHECK (correction_status IN ('pending', 'in_time', 'late', 'none')),
	corrected_on TEXT,
	proposal TEXT NOT NULL DEFAULT 'pending',-- core/m2_enforcement.h: the system's proposal
	ground TEXT NOT NULL DEFAULT '',         -- its art. 33 ground, if any
	in_window INTEGER NOT NULL DEFAULT 0 CHECK (in_window IN (0, 1)),
	explanation TEXT NOT NULL DEFAULT '[]',  -- JSON array of sentences (Chinese)
	outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'exempt', 'referred')),
	outcome_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX m2_cases_party ON m2_cases (party_uscc, violation_type, found_on);

CREATE TABLE m2_numbers (
	kind TEXT NOT NULL CHECK (kind IN ('case', 'order')),
	year INTEGER NOT NULL,
	seq INTEGER NOT NULL CHECK (seq > 0),
	case_id INTEGER NOT NULL REFERENCES cases (id),
	PRIMARY KEY (kind, year, seq)
);
