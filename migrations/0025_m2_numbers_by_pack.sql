-- Measure 2's filing and order numbers are counted per pack, whose template makes them: a county
-- running its own pack numbers its year from 1 (元环立〔2022〕1号 beside 平环立〔2022〕1号), and
-- the counties on one pack share its sequence, so that a number is never given twice. Each number
-- keeps the pack of its case.
CREATE TABLE m2_numbers_by_pack (
	kind TEXT NOT NULL CHECK (kind IN ('case', 'order')),
	pack_id TEXT NOT NULL,
	year INTEGER NOT NULL,
	seq INTEGER NOT NULL CHECK (seq > 0),
	case_id INTEGER NOT NULL REFERENCES cases (id),
	PRIMARY KEY (kind, pack_id, year, seq)
);
INSERT INTO m2_numbers_by_pack (kind, pack_id, year, seq, case_id)
	SELECT n.kind, c.pack_id, n.year, n.seq, n.case_id FROM m2_numbers n JOIN cases c ON c.id = n.case_id;
DROP TABLE m2_numbers;
ALTER TABLE m2_numbers_by_pack RENAME TO m2_numbers;
