-- Measure 7's release of the reserve as a procedure on the engine (m7.release): each release to
-- a project or an enterprise, and each listed sale (适时投放), is a case whose opening proposes the
-- pending transfer and whose steps approve, refuse or let it expire. One row per case, naming its
-- transfer; a transfer belongs to at most one case.
CREATE TABLE m7_releases (
	case_id INTEGER PRIMARY KEY REFERENCES cases (id),
	transfer_id INTEGER NOT NULL UNIQUE REFERENCES ledger_transfers (id)
);
