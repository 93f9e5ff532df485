#!/usr/bin/env bash
# `greenlane eval incentive`: the JSON contract of DESIGN.md, --csv, --xlsx, --set and --diff, what-if
# results marked as such in every format, the pollutants summed per industry, the official average
# winning, and the exit status of bad --set values (1) and of wrong usage (2).
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0 "init"

# Two steel works (peer average 40 yuan over 1.2 t), a foundry at the top of its ladder, an ungraded
# foundry, a cement works that is outside measure 1's scope, and two pharmaceutical works (outside
# it too unless a what-if brings them in), one of them emitting VOCs.
sql "
INSERT INTO enterprises (uscc, name, industry, grade, updated_at) VALUES
 ('911301310000000011', '平山钢铁一厂', 'steel_long', 'C', 'x'),
 ('911301310000000022', '平山钢铁二厂', 'steel_long', 'D', 'x'),
 ('911301310000000033', '平山铸造厂', 'foundry', 'A', 'x'),
 ('911301310000000044', '平山水泥厂', 'cement', 'C', 'x'),
 ('911301310000000055', '平山县未评级精密铸造有限责任公司', 'foundry', NULL, 'x'),
 ('911301310000000066', '平山制药一厂', 'pharmaceutical', 'C', 'x'),
 ('911301310000000077', '平山制药二厂', 'pharmaceutical', 'C', 'x');
INSERT INTO annual_figures (uscc, year, tax_fen, rd_fen, revenue_fen, so2_g, nox_g, pm_g, vocs_g,
 updated_at) VALUES
 ('911301310000000011', 2025, 1200, NULL, NULL, 100000, 200000, 0, 0, 'x'),
 ('911301310000000022', 2025, 2800, NULL, NULL, 300000, 300000, 300000, 0, 'x'),
 ('911301310000000033', 2025, 5000, 100, 10000, 100000, 0, 0, 0, 'x'),
 ('911301310000000044', 2025, 9000, 100, 10000, 100000, 0, 0, 0, 'x'),
 ('911301310000000055', 2025, 1000, NULL, 0, 0, 0, 0, 0, 'x'),
 ('911301310000000066', 2025, 6000, NULL, NULL, 100000, 100000, 100000, 300000, 'x'),
 ('911301310000000077', 2025, 6000, NULL, NULL, 200000, 200000, 200000, 0, 'x');
" && ok "figures inserted" || not_ok "figures inserted"

# py CODE: runs python3 with the last stdout on stdin; ok when it exits 0.
py() {
	printf '%s' "$out" | python3 -c "$1"
}

run eval incentive --year 2025 --json --today 2026-06-01
expect_rc 0 "eval --json exits 0"
py '
import json, sys
a = json.load(sys.stdin)
assert isinstance(a, list) and len(a) == 4, len(a)
for o in a:
    for k in ("uscc", "tier", "grace_months", "next_grade", "explanation", "name", "industry",
              "grade", "metrics", "pack"):
        assert k in o, k
    assert o["tier"] in ("key", "general", "none")
    assert o["grace_months"] in (12, 6, None)
    assert o["explanation"] and all(isinstance(s, str) for s in o["explanation"])
    assert (o["tier"] == "none") == (o["grace_months"] is None)
' && ok "JSON contract: an array of objects with the required fields" || not_ok "JSON contract" "$out"

py '
import json, sys
a = {o["uscc"]: o for o in json.load(sys.stdin)}
assert "911301310000000044" not in a          # cement is out of scope
e = a["911301310000000011"]
assert e["tier"] == "key" and e["grace_months"] == 12 and e["next_grade"] == "B-", e
assert e["metrics"]["tax_per_tonne"]["ratio"] == "1.2000"
assert e["metrics"]["tax_per_tonne"]["average_source"] == "peer"
assert e["evaluated_on"] == "2026-06-01"
assert e["pack"]["id"] == "pingshan-2022" and isinstance(e["pack"]["version"], int)
assert any("重点激励" in s for s in e["explanation"])
assert a["911301310000000022"]["tier"] == "none"
top = a["911301310000000033"]
assert top["tier"] == "none" and top["next_grade"] is None
u = a["911301310000000055"]
assert u["metrics"]["tax_per_tonne"]["status"] == "zero_denominator"
assert u["metrics"]["tax_per_tonne"]["value"] is None
assert any("为零" in s for s in u["explanation"])
' && ok "0.1 t + 0.2 t lands exactly on 1.20 x: key; out-of-scope not listed; A has no next grade" \
	|| not_ok "tiers and fields" "$out"

py '
import json, sys
for o in json.load(sys.stdin):
    assert "what_if" not in o, o["uscc"]
    assert not any("假设" in s for s in o["explanation"]), o["explanation"]
    lines = [s for s in o["explanation"] if s.startswith("污染物排放量口径：")]
    assert len(lines) == 1, o["explanation"]
    assert "二氧化硫、氮氧化物、颗粒物、挥发性有机物排放量之和" in lines[0], lines[0]
    assert "m1.emission_pollutants = so2,nox,pm,vocs（自 2022-01-01 起）" in lines[0], lines[0]
' && ok "without --set: no what_if, nothing marked; each result says which pollutants it summed" \
	|| not_ok "results of the pack's own values" "$out"

run eval incentive --year 2025
expect_rc 0 "the default table"
expect_match out '统一社会信用代码' "the table has a Chinese header"
expect_match out '共 4 家：重点激励 1' "the table ends with the counts"
expect_match out ' 平山县未评级精密铸造有限责任公司$' "a long name is shown whole, in the last column"
case "$out" in
统一社会信用代码*) ok "without --set the table opens with its header" ;;
*) not_ok "without --set the table opens with its header" "$out" ;;
esac
[ -z "$err" ] && ok "a year with figures gives no warning" || not_ok "a year with figures gives no warning" "$err"
run eval incentive --year 2019
expect_rc 0 "a year without figures still evaluates"
expect_match err 'no annual figures for 2019: import them with greenlane import annual' \
	"a year without any figures is pointed out"

run eval incentive --year 2025 --csv
expect_rc 0 "eval --csv"
py '
import csv, sys
rows = list(csv.reader(sys.stdin))
assert rows[0][:5] == ["uscc", "name", "industry", "grade", "tier"], rows[0]
assert len(rows[0]) == 15 and rows[0][-1] == "explanation", rows[0]
assert len(rows) == 5, len(rows)
assert {r[4] for r in rows[1:]} <= {"key", "general", "none"}
' && ok "CSV: header and one record per enterprise" || not_ok "CSV" "$out"

run eval incentive --year 2025 --xlsx "$WORK/incentive.xlsx"
expect_rc 0 "eval --xlsx"
if [ -s "$WORK/incentive.xlsx" ] && [ "$(head -c 2 "$WORK/incentive.xlsx")" = "PK" ]; then
	ok "--xlsx writes a workbook"
else
	not_ok "--xlsx writes a workbook"
fi
# The workbook's figures are numbers with number formats, not text: a cell of a number column has
# no t attribute (or t="n") and a <v>, and its style's format is the one written here.
python3 -c '
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheet = z.read("xl/worksheets/sheet1.xml").decode()
styles = z.read("xl/styles.xml").decode()
formats = {m[0]: m[1] for m in re.findall(r"<numFmt numFmtId=\"(\d+)\" formatCode=\"([^\"]*)\"", styles)}
xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1)
xf_format = [formats.get(m, m) for m in re.findall(r"<xf numFmtId=\"(\d+)\"", xfs)]
rows = {}
for r, body in re.findall(r"<row r=\"(\d+)\"[^>]*>(.*?)</row>", sheet, re.S):
    cells = {}
    for ref, attrs, inner in re.findall(r"<c r=\"([A-Z]+)\d+\"([^>]*)>(.*?)</c>", body, re.S):
        t = re.search(r"t=\"(\w+)\"", attrs)
        s = re.search(r"s=\"(\d+)\"", attrs)
        v = re.search(r"<v>([^<]*)</v>", inner)
        text = re.search(r"<t[^>]*>([^<]*)</t>", inner)
        cells[ref] = (t.group(1) if t else "n", xf_format[int(s.group(1))] if s else "",
                      v.group(1) if v else None, text.group(1) if text else None)
    rows[int(r)] = cells
header = {ref: c[3] for ref, c in rows[1].items()}
col = {name: ref for ref, name in header.items()}
by_uscc = {c[col["统一社会信用代码"]][3]: c for r, c in rows.items() if r > 1}
def number(uscc, name, fmt):
    t, f, v, _ = by_uscc[uscc][col[name]]
    assert t == "n" and v is not None, (uscc, name, by_uscc[uscc][col[name]])
    assert f == fmt, (uscc, name, f, fmt)
    return float(v)
tax = "单位污染物排放量税收贡献（元/吨）"
rd = "研发投入占营业收入比重（%）"
assert number("911301310000000011", tax, "#,##0.00") == 40.0
assert abs(number("911301310000000011", "行业平均（元/吨）", "#,##0.00") - 33.33) < 1e-9  # 40 yuan over 1.2 t
assert number("911301310000000033", tax, "#,##0.00") == 500.0
assert abs(number("911301310000000033", rd, "0.00%") - 0.01) < 1e-12
assert number("911301310000000033", "版本", "0") >= 1
assert col[rd] not in by_uscc["911301310000000011"], "no R&D share is an empty cell, not 0"
graced = [c for c in by_uscc.values() if col["宽限期（月）"] in c]
assert graced and all(c[col["宽限期（月）"]][0] == "n" and c[col["宽限期（月）"]][2] in ("12", "6") for c in graced)
for c in by_uscc.values():
    assert c[col["统一社会信用代码"]][0] == "inlineStr" and c[col["企业名称"]][0] == "inlineStr"
for fmt in ("#,##0.00", "0.00%", "0"):
    assert fmt in formats.values(), (fmt, formats)
' "$WORK/incentive.xlsx" && ok "--xlsx: figures are numbers with their formats, names and codes text" \
	|| not_ok "--xlsx: figures are numbers with their formats, names and codes text"
run eval incentive --year 2025 --xlsx "$WORK/no/such/dir/x.xlsx"
expect_rc 1 "--xlsx into a missing directory fails"

run eval incentive --year 2025 --json --set m1.key_margin_percent=30 --diff
expect_rc 0 "--set with --diff"
py '
import json, sys
a = json.load(sys.stdin)
assert len(a) == 1, a
assert a[0]["uscc"] == "911301310000000011"
assert a[0]["baseline_tier"] == "key" and a[0]["tier"] == "general" and a[0]["grace_months"] == 6
assert any("m1.key_margin_percent = 30" in s for s in a[0]["explanation"])
' && ok "--diff lists only the enterprise whose tier changes" || not_ok "--diff" "$out"

run eval incentive --year 2025 --json --today 2026-06-01 --set m1.key_margin_percent=30
expect_rc 0 "--set alone"
py '
import json, sys
a = json.load(sys.stdin)
mark = "（假设：m1.key_margin_percent = 30；政策包原值 20）"
cited = 0
for o in a:
    assert o["what_if"] == [{"name": "m1.key_margin_percent", "value": "30", "pack_value": "20"}], o
    for s in o["explanation"]:
        assert "发布之日" not in s, s
        if "m1.key_margin_percent = 30" in s:
            cited += 1
            assert mark in s, s
    assert o["explanation"][-1].startswith("政策包 pingshan-2022") and mark in o["explanation"][-1]
    assert any("假设评价" in s for s in o["explanation"] if s.startswith("结论："))
    assert not any("假设" in s for s in o["explanation"] if s.startswith("依据："))
assert cited > 0
' && ok "--set: every result lists its what_if and every line using the value is marked" \
	|| not_ok "--set marks" "$out"

run eval incentive --year 2025 --today 2026-06-01 --set m1.key_margin_percent=30
expect_rc 0 "--set with the table"
case "$out" in
"假设评价（what-if）："*"m1.key_margin_percent = 30（政策包原值 20）"*) ok "a what-if table opens with the assumed values" ;;
*) not_ok "a what-if table opens with the assumed values" "$out" ;;
esac
expect_match out '假设评价，见首行' "the what-if table's counts say so too"

run eval incentive --year 2025 --csv --set m1.key_margin_percent=30
expect_rc 0 "--set with --csv"
py '
import csv, sys
rows = list(csv.reader(sys.stdin))
assert rows[0][-1] == "what_if" and len(rows[0]) == 16, rows[0]
assert all(r[-1] == "m1.key_margin_percent = 30（政策包原值 20）" for r in rows[1:]), rows
' && ok "--set with --csv: a what_if column" || not_ok "--set with --csv" "$out"

run eval incentive --year 2025 --xlsx "$WORK/what-if.xlsx" --set m1.key_margin_percent=30
expect_rc 0 "--set with --xlsx"
python3 -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
assert "假设参数" in text and "m1.key_margin_percent = 30（政策包原值 20）" in text
' "$WORK/what-if.xlsx" && ok "--set with --xlsx: a what-if column" \
	|| not_ok "--set with --xlsx: a what-if column"
python3 -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert "假设参数" not in "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
' "$WORK/incentive.xlsx" && ok "--xlsx without --set has no what-if column" \
	|| not_ok "--xlsx without --set has no what-if column"

# The province's reading, as a what-if: SO2 + NOx + PM, VOCs for pharmaceuticals only.
run eval incentive --year 2025 --json --today 2026-06-01 \
	--set m1.industries=steel_long,foundry,pharmaceutical --set m1.emission_pollutants=so2,nox,pm \
	--set m1.emission_pollutants_vocs_industries=pharmaceutical
expect_rc 0 "--set of the pollutants per industry"
py '
import json, sys
a = {o["uscc"]: o for o in json.load(sys.stdin)}
p = a["911301310000000066"]
assert p["metrics"]["tax_per_tonne"]["value"] == "100.00", p["metrics"]   # 60 yuan / 0.6 t
line = [s for s in p["explanation"] if s.startswith("污染物排放量口径：")][0]
assert "二氧化硫、氮氧化物、颗粒物、挥发性有机物排放量之和" in line, line
assert "本行业列于参数 m1.emission_pollutants_vocs_industries = pharmaceutical（假设值），另加挥发性有机物" in line, line
assert "（假设：m1.emission_pollutants = so2,nox,pm；政策包原值 so2,nox,pm,vocs）" in line, line
assert "（假设：m1.emission_pollutants_vocs_industries = pharmaceutical；政策包原值 （空））" in line, line
s = a["911301310000000011"]
line = [x for x in s["explanation"] if x.startswith("污染物排放量口径：")][0]
assert "以二氧化硫、氮氧化物、颗粒物排放量之和" in line and "不计挥发性有机物" in line, line
assert s["metrics"]["tax_per_tonne"]["value"] == "40.00"
assert len(s["what_if"]) == 3 and s["what_if"][2]["pack_value"] == ""
' && ok "VOCs are summed only for the industries listed" || not_ok "pollutants per industry" "$out"

run eval incentive --year 2025 --json --diff
py 'import json, sys; assert json.load(sys.stdin) == []' \
	&& ok "--diff without --set changes nothing" || not_ok "--diff alone" "$out"

run eval incentive --year 2025 --json --set m1.industries=steel_long,foundry,cement
py '
import json, sys
a = {o["uscc"] for o in json.load(sys.stdin)}
assert "911301310000000044" in a
' && ok "--set m1.industries brings cement into scope" || not_ok "--set industries" "$out"

run eval incentive --year 2025 --json
py '
import json, sys
a = {o["uscc"] for o in json.load(sys.stdin)}
assert "911301310000000044" not in a
' && ok "the override lasted one run only" || not_ok "override persisted" "$out"

printf 'industry,year,tax_per_tonne_yuan,rd_share_percent\nsteel_long,2025,30,\nfoundry,2025,abc,0\n铸造,2024,,101\nglass,2025,,\n' >bad.csv
run import averages bad.csv
expect_rc 1 "import averages with bad rows fails"
expect_match err 'bad.csv:3: tax_per_tonne_yuan' "a bad amount is named FILE:LINE: column"
expect_match err 'bad.csv:4: rd_share_percent' "a share above 100 is named"
expect_match err 'bad.csv:5: .*至少填写一项' "a row without any average is named"
run eval incentive --year 2025 --json
py '
import json, sys
a = {o["uscc"]: o for o in json.load(sys.stdin)}
assert a["911301310000000011"]["metrics"]["tax_per_tonne"]["average_source"] == "peer"
' && ok "a file with a bad row imports nothing" || not_ok "bad file imported something" "$out"

printf '行业,年度,单位污染物排放量税收贡献（元/吨）,研发投入占营业收入比重（%%）\n长流程钢铁,2025,30.000000,\n' >avg.csv
run import averages avg.csv
expect_rc 0 "import averages with Chinese headers"
run audit list --entity incentive_averages
expect_match out 'incentive.averages.import' "the import is audited"
run import averages avg.csv
expect_rc 0 "importing the same averages again"
run audit list --entity incentive_averages
[ "$(printf '%s\n' "$out" | grep -c 'incentive.averages.import')" -eq 1 ] \
	&& ok "an unchanged import writes no audit record" || not_ok "unchanged import audited" "$out"

run eval incentive --year 2025 --json
py '
import json, sys
a = {o["uscc"]: o for o in json.load(sys.stdin)}
m = a["911301310000000011"]["metrics"]["tax_per_tonne"]
assert m["average_source"] == "official" and m["average"] == "30.00", m
assert a["911301310000000022"]["tier"] == "general"     # 31.11 > 30
assert a["911301310000000011"]["tier"] == "key"         # 40 >= 36
' && ok "an official average wins over the peer average" || not_ok "official average" "$out"

run eval incentive --year 2025 --set m1.no_such_parameter=1
expect_rc 1 "--set of an unknown parameter fails"
expect_match err 'm1.no_such_parameter' "the unknown parameter is named"
run eval incentive --year 2025 --set m1.key_margin_percent=abc
expect_rc 1 "--set with a value of the wrong kind fails"
expect_match err "m1.key_margin_percent: .*not an integer.*'abc'" "the parameter and the value are named"
run eval incentive --year 2025 --set m1.key_margin_percent=5000
expect_rc 1 "--set with a value out of the parameter's range fails"
expect_match err 'm1.key_margin_percent' "the parameter out of range is named"
run eval incentive --year 2025 --set m1.industries=steel_long,shipyard
expect_rc 1 "--set with a list item that is not an industry fails"
expect_match err "m1.industries: .*unknown industry.*'shipyard'" "the parameter and the item are named"
run eval incentive --year 2025 --set m1.emission_pollutants_vocs_industries=shipyard
expect_rc 1 "--set of the VOCs industries with an unknown industry fails"
run eval incentive --year 2025 --set m1.emission_pollutants=so2,co2
expect_rc 1 "--set with an unknown pollutant fails"
expect_match err 'm1.emission_pollutants: .*co2' "the pollutant parameter is named"
run eval incentive --year 2025 --set m1.default_ladder=A,D
expect_rc 1 "--set of a ladder that is not lowest first fails"
expect_match err 'm1.default_ladder' "the ladder parameter is named"
run eval incentive --year 2025 --set m1.ungraded=sometimes
expect_rc 1 "--set of a reading the engine does not know fails"
expect_match err 'm1.ungraded' "the reading is named"
# Readings implemented one way only: another value is refused, not explained as if obeyed.
run eval incentive --year 2025 --set m1.metrics_rule=sometimes
expect_rc 1 "--set of a reading implemented one way only fails"
expect_match err "m1.metrics_rule: .*sometimes.*只按解读 any" "the reading and the one implemented are named"
run eval incentive --year 2025 --set m1.tier_precedence=general,key
expect_rc 1 "--set of general before key fails"
expect_match err "m1.tier_precedence" "the precedence is named"
run eval incentive --year 2025 --set m1.metrics_rule=any --json
expect_rc 0 "--set of the reading implemented is accepted"
run eval incentive --year 2025 --set m1.general_above_strict=2
expect_rc 1 "--set of a flag to 2 fails"
expect_match err "m1.general_above_strict: .*应为 0 或 1.*'2'" "the flag and its value are named"
# A parameter of measure 1 the evaluation does not read changes nothing: refused, not shown as a what-if.
run eval incentive --year 2025 --set m1.county_review_working_days=10
expect_rc 1 "--set of a parameter the evaluation does not read fails"
expect_match err "m1.county_review_working_days: .*不读取" "the parameter not read is named"
run eval incentive --year 2025 --set nonsense
expect_rc 2 "--set without = is a usage error"
run eval incentive --year 2025 --set =30
expect_rc 2 "--set without a name is a usage error"
run eval incentive --year 2025 --set
expect_rc 2 "--set without its argument is a usage error"
run eval incentive --year 2025 --bogus
expect_rc 2 "an unknown option is a usage error"
expect_match err 'Usage: ' "a usage error prints the synopsis"
run eval incentive --year
expect_rc 2 "--year without its argument is a usage error"
run eval incentive --json
expect_rc 2 "--year is required"
run eval incentive --year 2025 --json --csv
expect_rc 2 "two output formats are a usage error"
run eval incentive --year 2025 --today 2026-02-30
expect_rc 2 "an impossible --today is a usage error"
run eval something --year 2025
expect_rc 2 "an unknown evaluation is a usage error"

done_testing
