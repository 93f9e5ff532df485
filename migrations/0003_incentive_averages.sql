-- Official industry averages for measure 1 (行业平均水平, as published), per industry and year.
-- When a row exists, its value wins over the average computed from the industry's enterprises;
-- a NULL value leaves that metric to the computed average.
CREATE TABLE incentive_averages (
	industry TEXT NOT NULL,                    -- industry code of the policy pack
	year INTEGER NOT NULL,
	tax_per_tonne_micro_yuan INTEGER           -- 单位污染物排放量税收贡献, millionths of a yuan per tonne
		CHECK (tax_per_tonne_micro_yuan IS NULL OR tax_per_tonne_micro_yuan > 0),
	rd_share_micro_percent INTEGER             -- 研发投入占营业收入比重, millionths of a percent
		CHECK (rd_share_micro_percent IS NULL OR rd_share_micro_percent > 0),
	source TEXT NOT NULL DEFAULT '',           -- the file (and line) it was imported from
	updated_at TEXT NOT NULL,
	PRIMARY KEY (industry, year),
	CHECK (tax_per_tonne_micro_yuan IS NOT NULL OR rd_share_micro_percent IS NOT NULL)
);
