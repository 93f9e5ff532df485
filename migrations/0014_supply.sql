-- Measure 6: the registry of supply-chain links of positive-list enterprises (正面清单企业上下游
-- 产业链). A link names the enterprise of the registry it belongs to (on the positive list when it
-- was recorded), the direction (upstream: the partner supplies it; downstream: the partner takes
-- from it), the partner by USCC and the product or service. A partner in the registry is read
-- from it (its name, grade and list status as they stand, found by joining on partner_uscc); for
-- a partner outside the county the name, and the grade and list status when known, are kept here
-- (NULL: not known). A link is never deleted: it is ended, keeping who ended it, when and why.
--
-- A help target (帮扶目标) says what the experts are to help a partner reach; it is open, met or
-- dropped. visit_case_id is the service visit (measure 5, a case of the engine) that carries it
-- out, NULL until visits plan it (docs/supply.md).

CREATE TABLE supply_links (
	id INTEGER PRIMARY KEY,
	uscc TEXT NOT NULL REFERENCES enterprises (uscc),
	direction TEXT NOT NULL CHECK (direction IN ('upstream', 'downstream')),
	partner_uscc TEXT NOT NULL,
	partner_name TEXT NOT NULL,              -- as recorded (the registry's name for its own)
	partner_grade TEXT                       -- outside partners: A, B, B-, C, D or NULL (unknown)
		CHECK (partner_grade IS NULL OR partner_grade IN ('A', 'B', 'B-', 'C', 'D')),
	partner_positive_list INTEGER            -- outside partners: 1, 0 or NULL (unknown)
		CHECK (partner_positive_list IS NULL OR partner_positive_list IN (0, 1)),
	product TEXT NOT NULL,                   -- the product or service, as typed
	product_key TEXT NOT NULL,               -- core/supply.h supply_product_key: for matching
	created_by TEXT NOT NULL,
	created_on TEXT NOT NULL,                -- the business day it was recorded
	created_at TEXT NOT NULL,
	ended_by TEXT,
	ended_on TEXT,
	ended_at TEXT,
	end_reason TEXT NOT NULL DEFAULT '',
	CHECK (partner_uscc <> uscc)
);
CREATE INDEX supply_links_owner ON supply_links (uscc, direction);
CREATE INDEX supply_links_product ON supply_links (product_key, direction);
CREATE INDEX supply_links_partner ON supply_links (partner_uscc);
-- One running link per enterprise, direction, partner and product.
CREATE UNIQUE INDEX supply_links_running
	ON supply_links (uscc, direction, partner_uscc, product_key) WHERE ended_at IS NULL;

CREATE TABLE supply_help_targets (
	id INTEGER PRIMARY KEY,
	link_id INTEGER NOT NULL REFERENCES supply_links (id),
	target TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'dropped')),
	visit_case_id INTEGER REFERENCES cases (id), -- the service visit that plans it; NULL: none yet
	created_by TEXT NOT NULL,
	created_on TEXT NOT NULL,
	created_at TEXT NOT NULL,
	closed_by TEXT,
	closed_on TEXT,
	closed_at TEXT,
	close_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX supply_help_targets_link ON supply_help_targets (link_id);
