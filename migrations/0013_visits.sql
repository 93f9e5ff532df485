-- Measure 5: service visits (两进三送). The expert roster (专家库) the visits' teams are drawn
-- from, and what a visit keeps besides its case row (migration 0005): the enterprise, the leader
-- of the branch who leads it, the team, the days planned and visited, what was delivered (law,
-- policy, technology), the problems found, the advice given, the follow-up help, and the
-- enterprise's word on whether the help helped. Its case is kept in the compartment "visits"
-- (cases.compartment), closed to enforcement (app/scope.c): the texts of problems, advice,
-- follow-up, feedback and notes live here alone, and the case's steps and the audit trail hold
-- their keyed digests ("blake2b:HEX"), never the text (不做笔录、不罚款、不问责).

CREATE TABLE m5_experts (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL CHECK (length(name) > 0),
	unit TEXT NOT NULL CHECK (length(unit) > 0),  -- 工作单位
	specialities TEXT NOT NULL DEFAULT '[]',      -- JSON array of texts (专业领域)
	phone TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE m5_visits (
	case_id INTEGER PRIMARY KEY REFERENCES cases (id),
	uscc TEXT NOT NULL REFERENCES enterprises (uscc),
	leader TEXT NOT NULL,                         -- the username of the branch leader (county_leader)
	planned_on TEXT NOT NULL,
	team TEXT NOT NULL,                           -- JSON [{"id", "name", "unit"}] as planned
	purpose TEXT NOT NULL DEFAULT '',             -- what the visit means to help with
	visited_on TEXT,
	deliveries TEXT NOT NULL DEFAULT '{}',        -- JSON {"law": [...], "policy": [...], "technology": [...]}
	problems TEXT NOT NULL DEFAULT '',            -- 发现的问题: sealed
	advice TEXT NOT NULL DEFAULT '',              -- 指导意见: sealed
	follow_up TEXT NOT NULL DEFAULT '',           -- 后续帮扶: sealed
	helped INTEGER CHECK (helped IN (0, 1)),      -- the enterprise's answer; NULL until it gives one
	feedback TEXT NOT NULL DEFAULT '',            -- its comment: sealed
	feedback_on TEXT,
	note TEXT NOT NULL DEFAULT ''                 -- a cancellation's note: sealed
);
CREATE INDEX m5_visits_uscc ON m5_visits (uscc, visited_on);
CREATE INDEX m5_visits_leader ON m5_visits (leader);
