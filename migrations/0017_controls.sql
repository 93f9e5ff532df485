-- Measure 3: control measures (管控措施) and the three bans (三个禁用). What a control measure
-- keeps besides its case row (migration 0005): the unit it is taken on — an enterprise of the
-- registry by its USCC, or a construction site of the registry of migration 0015 (its builder's
-- USCC kept beside it) — the kind (restrict_production 限产, halt_production 停产, stop_work 停工,
-- other: a measure that keeps production going, other_kind saying which), its first and last day,
-- the reason, and the decision of the bans as it was taken: its outcome and ground, the exception
-- used (an alert, a malicious violation: the measure-2 case, a major environmental risk: its
-- text, approved by a leader of the branch), the explanation (a JSON array of sentences, Chinese)
-- and the facts it used (JSON). The approval, the lifting and the end of the term are recorded
-- here too; the steps and the audit trail are the engine's.

CREATE TABLE m3_controls (
	case_id INTEGER PRIMARY KEY REFERENCES cases (id),
	unit_kind TEXT NOT NULL CHECK (unit_kind IN ('enterprise', 'site')),
	uscc TEXT NOT NULL,                      -- the enterprise, or the site's builder
	site_id INTEGER REFERENCES sites (id),   -- the site, for unit_kind 'site'
	unit_name TEXT NOT NULL,                 -- the enterprise's name, or the site's project
	township TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL
		CHECK (kind IN ('restrict_production', 'halt_production', 'stop_work', 'other')),
	other_kind TEXT NOT NULL DEFAULT '',     -- an option of the procedure's other_kind field
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL,
	reason TEXT NOT NULL,
	outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'awaiting_approval')),
	ground TEXT NOT NULL,                    -- core/m3_control.h: not_banned, outside_window, ...
	exception TEXT NOT NULL DEFAULT ''
		CHECK (exception IN ('', 'alert', 'malicious', 'major_risk')),
	malicious_case INTEGER REFERENCES cases (id),
	major_risk TEXT NOT NULL DEFAULT '',
	explanation TEXT NOT NULL DEFAULT '[]',
	inputs TEXT NOT NULL DEFAULT '{}',       -- the facts the decision used
	proposed_by TEXT NOT NULL,
	proposed_on TEXT NOT NULL,
	effective_from TEXT,                     -- the first day in force (after an approval: its day)
	decided_by TEXT,                         -- the leader who approved or refused
	decided_on TEXT,
	decision_reason TEXT NOT NULL DEFAULT '',
	lifted_by TEXT,
	lifted_on TEXT,
	lift_reason TEXT NOT NULL DEFAULT '',
	finished_on TEXT
);
CREATE INDEX m3_controls_uscc ON m3_controls (uscc);
CREATE INDEX m3_controls_site ON m3_controls (site_id);
