-- Measure 8's positive list of key construction projects on the procedure engine (procedure
-- m8.listing of the pack; src/app/m8_site_list.c), the inspections of construction sites, and
-- the units that a case and a user are bound to.
--
-- A case may be addressed to units (cases.department, cases.township): an application for the
-- list goes to the competent department of its site and is reviewed jointly with its township; a
-- sector department's officer sees only the applications of its department (and the departments
-- that take part in every application, the pack's procedure "departments", all of them), a
-- township's only those of its township (src/app/scope.c). '' for every other case.
ALTER TABLE cases ADD COLUMN department TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN township TEXT NOT NULL DEFAULT '';

-- A township officer (role township_officer, 乡镇人民政府) is bound to one township of the pack.
ALTER TABLE users ADD COLUMN township TEXT;

-- One application for the list (重点建设项目保障正面清单申报), besides its case: the site, the
-- department and township it went to, the day it was made, published, listed and closed, and
-- whether it is the site's current one (open, or listed): one at a time per site.
CREATE TABLE m8_applications (
	case_id INTEGER PRIMARY KEY REFERENCES cases (id),
	site_id INTEGER NOT NULL REFERENCES sites (id),
	department TEXT NOT NULL,
	township TEXT NOT NULL,
	category TEXT NOT NULL,
	applied_on TEXT NOT NULL,
	published_on TEXT,                       -- 公示开始日
	publication_due TEXT,                    -- 公示期满日 (the engine's deadline, as it stood)
	listed_on TEXT,
	closed_on TEXT,                          -- refused, withdrawn, removed, finished
	outcome TEXT NOT NULL DEFAULT '',        -- the state it ended in ('' while current)
	current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1))
);
CREATE UNIQUE INDEX m8_applications_one_current ON m8_applications (site_id) WHERE current = 1;

-- Objections raised while an application is published (公示期间的异议), recorded by the county
-- branch with what they say, and each decided: dismissed (the publication goes on) or upheld (the
-- site is not listed).
CREATE TABLE m8_objections (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases (id),
	received_on TEXT NOT NULL,
	objector TEXT NOT NULL DEFAULT '',
	content TEXT NOT NULL,
	recorded_by TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'dismissed', 'upheld')),
	decided_on TEXT,
	decided_by TEXT NOT NULL DEFAULT '',
	decision TEXT NOT NULL DEFAULT ''
);
CREATE INDEX m8_objections_case ON m8_objections (case_id);

-- Every inspection of a construction site (少检查、少打扰: a listed site is inspected only for a
-- reason of the pack's m8.listed_inspection_reasons), with its reason (a code of the pack's
-- inspection_reasons), who inspected it for which unit, whether the site was on the list that day,
-- and the dust-control result when the inspection checked it ('' when it did not).
CREATE TABLE site_inspections (
	id INTEGER PRIMARY KEY,
	site_id INTEGER NOT NULL REFERENCES sites (id),
	inspected_on TEXT NOT NULL,
	reason TEXT NOT NULL,
	unit TEXT NOT NULL,                      -- county_branch, a department code, or a township
	inspector TEXT NOT NULL,                 -- the user name
	inspector_role TEXT NOT NULL,
	listed INTEGER NOT NULL CHECK (listed IN (0, 1)),
	dust_result TEXT NOT NULL DEFAULT '' CHECK (dust_result IN ('', 'passed', 'failed')),
	note TEXT NOT NULL DEFAULT '',
	case_id INTEGER REFERENCES cases (id),   -- the application step that recorded it, if any
	created_at TEXT NOT NULL
);
CREATE INDEX site_inspections_site ON site_inspections (site_id);

-- Every change of a site's data after it was registered: an update of the registry, or an
-- adjustment of a listed site (清单调整) with its reason and case. One row per field changed.
CREATE TABLE site_changes (
	id INTEGER PRIMARY KEY,
	site_id INTEGER NOT NULL REFERENCES sites (id),
	changed_on TEXT NOT NULL,
	field TEXT NOT NULL,
	old_value TEXT NOT NULL,
	new_value TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	changed_by TEXT NOT NULL,
	case_id INTEGER REFERENCES cases (id),
	created_at TEXT NOT NULL
);
CREATE INDEX site_changes_site ON site_changes (site_id);
