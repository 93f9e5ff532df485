-- Heavy-pollution-weather alerts (重污染天气应急预警) and the measures each version of one asks of
-- the county's enterprises and construction sites. An alert is issued by the city for a level, the
-- whole county or named townships, from an hour to an hour (local time, 'YYYY-MM-DDTHH:MM', from
-- included, to excluded); each change — the level raised or lowered, the end moved, the townships
-- changed, the alert lifted — is a new version that keeps the earlier ones. A version takes over
-- at effective_at (its issue: from) and governs until the next one takes over or its own end.
--
-- A version's results are computed when it is written: each unit reached — an enterprise or a
-- construction site — has the township it stood in (place, an index into alert_places) and its class
-- (alert_classes: what the rule looked at — industry, grade, list status, listed — and what it
-- decided: the basis, the table row, the measure). The explanation is not stored: it is rendered on
-- reading from the class and the rules the version used (params: the alert parameters and ladders
-- as they stood on params_on, pack id and version), so that a million results take a few bytes each
-- and read the same words every time. A lift keeps the results of the version it ends
-- (results_version names the version whose blocks apply).
--
-- The units are stored in blocks, one row of alert_result_blocks per (place, unit_kind), written
-- once at the end of the computation. units is a BLOB, all integers little-endian:
--   byte 0        the format, 1
--   bytes 1..4    n, the number of records (uint32)
--   then n records sorted by key, strictly ascending, fixed size:
--     unit_kind 0 (enterprises): the USCC, 18 bytes (ASCII, shorter ones padded with bytes 0),
--                                the class (uint16) — 20 bytes;
--     unit_kind 1 (sites):       the site's id (int64), the class (uint16) — 10 bytes.
-- The blob's length is exactly 5 + n * the record's size; a reader refuses any other format, length
-- or order as a damaged database, never giving part of a block.

CREATE TABLE alerts (
	id INTEGER PRIMARY KEY,
	division TEXT NOT NULL DEFAULT '130131',
	status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'lifted')),
	version INTEGER NOT NULL DEFAULT 1,      -- the newest version
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE alert_versions (
	alert_id INTEGER NOT NULL REFERENCES alerts (id),
	version INTEGER NOT NULL,
	change TEXT NOT NULL CHECK (change IN ('issue', 'change', 'lift')),
	level TEXT NOT NULL CHECK (level IN ('yellow', 'orange', 'red')),
	starts_at TEXT NOT NULL,                 -- local 'YYYY-MM-DDTHH:MM', included
	ends_at TEXT NOT NULL,                   -- excluded; = starts_at for one lifted before it began
	effective_at TEXT NOT NULL,              -- when this version takes over
	whole_county INTEGER NOT NULL CHECK (whole_county IN (0, 1)),
	notice TEXT NOT NULL DEFAULT '',         -- the city's notice (文号 or words)
	reason TEXT NOT NULL DEFAULT '',         -- why it changed
	pack_id TEXT NOT NULL,
	pack_version INTEGER NOT NULL,
	params_on TEXT NOT NULL,                 -- the day whose parameter values were used
	params TEXT NOT NULL,                    -- those values (JSON), to render explanations
	results_version INTEGER NOT NULL,        -- whose result rows apply (a lift: the one before)
	enterprises INTEGER NOT NULL DEFAULT 0,  -- enterprises reached
	sites INTEGER NOT NULL DEFAULT 0,        -- sites reached
	restricted INTEGER NOT NULL DEFAULT 0,   -- units with anything limited or stopped
	halted INTEGER NOT NULL DEFAULT 0,       -- units halted
	created_by TEXT NOT NULL,
	created_role TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (alert_id, version),
	CHECK (ends_at >= starts_at)
);
CREATE INDEX alert_versions_period ON alert_versions (starts_at, ends_at);

-- The townships of a version that names them (none for the whole county).
CREATE TABLE alert_version_townships (
	alert_id INTEGER NOT NULL,
	version INTEGER NOT NULL,
	township TEXT NOT NULL,
	PRIMARY KEY (alert_id, version, township),
	FOREIGN KEY (alert_id, version) REFERENCES alert_versions (alert_id, version)
);

-- The townships the units of a version's results stood in, numbered from 0.
CREATE TABLE alert_places (
	alert_id INTEGER NOT NULL,
	version INTEGER NOT NULL,
	place INTEGER NOT NULL,
	township TEXT NOT NULL,
	PRIMARY KEY (alert_id, version, place)
);

-- The classes of a version's results: what the rule looked at and what it decided.
CREATE TABLE alert_classes (
	alert_id INTEGER NOT NULL,
	version INTEGER NOT NULL,
	class INTEGER NOT NULL,
	site INTEGER NOT NULL CHECK (site IN (0, 1)),
	industry TEXT NOT NULL DEFAULT '',
	grade TEXT NOT NULL DEFAULT '',          -- '' none
	positive_list INTEGER NOT NULL DEFAULT 0,
	listed INTEGER NOT NULL DEFAULT 0,
	basis TEXT NOT NULL,                     -- table, positive_list, a_grade, site_listed, site_ordinary
	row_index INTEGER NOT NULL,              -- into alert.enterprise_measures; -1 none
	row_key TEXT NOT NULL,                   -- 'steel_long/B/orange', '*/C/red', 'positive_list'...
	grade_used TEXT NOT NULL DEFAULT '',
	ungraded INTEGER NOT NULL DEFAULT 0,
	general_row INTEGER NOT NULL DEFAULT 0,
	own_choice INTEGER NOT NULL DEFAULT 0,
	no_old_trucks INTEGER NOT NULL DEFAULT 0,
	no_road_transport INTEGER NOT NULL DEFAULT 0,
	limit_percent INTEGER NOT NULL DEFAULT 0,
	halted INTEGER NOT NULL DEFAULT 0,
	processes TEXT NOT NULL DEFAULT '',      -- codes stopped, comma-separated
	units INTEGER NOT NULL DEFAULT 0,        -- how many results have it
	PRIMARY KEY (alert_id, version, class)
);

CREATE TABLE alert_result_blocks (
	alert_id INTEGER NOT NULL,
	version INTEGER NOT NULL,
	place INTEGER NOT NULL,
	unit_kind INTEGER NOT NULL CHECK (unit_kind IN (0, 1)), -- 0 enterprises, 1 sites
	units BLOB NOT NULL,                     -- the packed records (above)
	PRIMARY KEY (alert_id, version, place, unit_kind)
);
