-- Measure 8: the registry of construction sites (施工工地) and the county's positive list of key
-- construction projects (重点建设项目保障正面清单). A site is one project under construction: its
-- category (a code of the pack's m8 categories), the builder (建设单位) by USCC, whether or not the
-- builder is in the enterprise registry, the township, the competent department that reviews its
-- application (from the category, the pack's m8.competent_departments), its address and the days it
-- started and finished, the area of earthwork in m² and the last dust-control check. listed is 1 while the site is on the positive list; a site leaves
-- the list by removal (its reason kept), never by deletion. status says whether it is still being
-- built: measure 3's bans and an alert's measures reach only sites under construction.

CREATE TABLE sites (
	id INTEGER PRIMARY KEY,
	project TEXT NOT NULL,                   -- 项目名称
	category TEXT NOT NULL,                  -- pack code: school, hospital, municipal_works, ...
	builder_uscc TEXT NOT NULL,              -- 建设单位统一社会信用代码
	builder_name TEXT NOT NULL,
	township TEXT NOT NULL,
	department TEXT NOT NULL,                -- competent department code (pack)
	address TEXT NOT NULL DEFAULT '',        -- 工地地址
	started_on TEXT,                         -- 开工日期
	finished_on TEXT,                        -- 竣工日期, once status is finished
	earthwork_m2 INTEGER NOT NULL DEFAULT 0 CHECK (earthwork_m2 >= 0),
	dust_control TEXT NOT NULL DEFAULT 'unchecked'
		CHECK (dust_control IN ('unchecked', 'passed', 'failed')),
	dust_checked_on TEXT,
	status TEXT NOT NULL DEFAULT 'under_construction'
		CHECK (status IN ('under_construction', 'finished')),
	listed INTEGER NOT NULL DEFAULT 0 CHECK (listed IN (0, 1)),
	listed_on TEXT,
	removed_on TEXT,
	removed_reason TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX sites_township ON sites (township);
CREATE INDEX sites_builder ON sites (builder_uscc);
