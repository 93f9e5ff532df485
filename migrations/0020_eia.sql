-- Measure 4: construction projects (建设项目) and their EIA applications (环评审批), the planning
-- EIAs (规划环评) of parks, and measure 7's totals reviews (总量审核) of projects.
--
-- A project is one builder's (建设单位, by USCC, in the enterprise registry or not) project of a
-- category of the pack's project_categories, in a township of the pack, optionally in a park whose
-- planning EIA it falls under (plan_id), with the pollutants it adds (grams a year, int64). The
-- EIA application is a case of the pack's procedure m4.eia; m4_applications keeps what the case
-- row does not: the project, the document type, the guide officer and phone (一对一帮扶), the
-- materials found missing at acceptance (容缺受理: listed once, a JSON array of names), and the
-- days it was accepted and decided. m4_materials lists every material handed in, by the step that
-- brought it; m4_guidance every help the guide recorded.
CREATE TABLE m4_plans (
	id INTEGER PRIMARY KEY,
	park TEXT NOT NULL,                      -- 园区名称
	name TEXT NOT NULL,                      -- 规划名称
	state TEXT NOT NULL CHECK (state IN ('in_review', 'approved')),
	approved_on TEXT,                        -- set when approved
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE m4_projects (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	builder_uscc TEXT NOT NULL,
	builder_name TEXT NOT NULL,
	category TEXT NOT NULL,                  -- a code of the pack's project_categories
	township TEXT NOT NULL,
	plan_id INTEGER REFERENCES m4_plans (id),
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX m4_projects_builder ON m4_projects (builder_uscc);

CREATE TABLE m4_project_pollutants (
	project_id INTEGER NOT NULL REFERENCES m4_projects (id),
	pollutant TEXT NOT NULL,                 -- so2, nox, pm, vocs, cod, nh3n
	added_g INTEGER NOT NULL CHECK (added_g >= 0),
	PRIMARY KEY (project_id, pollutant)
);

CREATE TABLE m4_applications (
	case_id INTEGER PRIMARY KEY REFERENCES cases (id),
	project_id INTEGER NOT NULL REFERENCES m4_projects (id),
	document_type TEXT NOT NULL CHECK (document_type IN ('report', 'report_form', 'registration_form')),
	guide TEXT NOT NULL DEFAULT '',          -- the guide officer's user name
	guide_phone TEXT NOT NULL DEFAULT '',
	missing TEXT NOT NULL DEFAULT '[]',      -- materials missing at acceptance, listed once
	applied_on TEXT NOT NULL,
	accepted_on TEXT,
	decided_on TEXT,                         -- approved, refused, filed or withdrawn
	outcome TEXT NOT NULL DEFAULT '',        -- the state it ended in ('' while open)
	current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1))
);
CREATE UNIQUE INDEX m4_applications_one_current ON m4_applications (project_id) WHERE current = 1;

CREATE TABLE m4_materials (
	case_id INTEGER NOT NULL REFERENCES cases (id),
	name TEXT NOT NULL,
	handed_in_on TEXT NOT NULL,
	action TEXT NOT NULL,
	PRIMARY KEY (case_id, name)
);

CREATE TABLE m4_guidance (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases (id),
	given_on TEXT NOT NULL,
	help TEXT NOT NULL,
	guide TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX m4_guidance_case ON m4_guidance (case_id);

-- Measure 7's totals review of a project (总量审核): per pollutant the need (added grams × the
-- pack's offset ratio, rounded up) and the sources that cover it; passed when every need is
-- covered. The newest review of a project is the one that counts.
CREATE TABLE m7_totals_reviews (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES m4_projects (id),
	reviewed_on TEXT NOT NULL,
	reviewer TEXT NOT NULL,
	passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
	explanation TEXT NOT NULL,               -- JSON array of strings
	created_at TEXT NOT NULL
);
CREATE INDEX m7_totals_reviews_project ON m7_totals_reviews (project_id);

CREATE TABLE m7_totals_needs (
	review_id INTEGER NOT NULL REFERENCES m7_totals_reviews (id),
	pollutant TEXT NOT NULL,
	added_g INTEGER NOT NULL,
	ratio_num INTEGER NOT NULL,
	ratio_den INTEGER NOT NULL,
	need_g INTEGER NOT NULL,
	covered_g INTEGER NOT NULL,
	PRIMARY KEY (review_id, pollutant)
);

CREATE TABLE m7_totals_sources (
	id INTEGER PRIMARY KEY,
	review_id INTEGER NOT NULL REFERENCES m7_totals_reviews (id),
	pollutant TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('reserve', 'trade', 'own', 'city', 'province')),
	account TEXT NOT NULL,
	grams INTEGER NOT NULL CHECK (grams > 0)
);
CREATE INDEX m7_totals_sources_review ON m7_totals_sources (review_id);
