#!/usr/bin/env bash
# Measure 1 over HTTP: GET /api/v1/incentive (officers see every enterprise in scope, an enterprise
# user only its own; what-if overrides as repeated ?set=NAME=VALUE, ?diff=true, ?format=xlsx) and
# GET /api/v1/enterprises/{uscc}/incentive (404 for another enterprise's).
. "$(dirname "$0")/lib.sh"
setup_db enterprise county_officer
ENT_C=91130131MA0000000C
sql "
INSERT INTO enterprises (uscc, name, industry, township, grade, updated_at) VALUES
 ('$ENT_C', '丙钢铁有限公司', 'steel_long', '平山镇', 'C', 'x');
INSERT INTO annual_figures (uscc, year, tax_fen, rd_fen, revenue_fen, so2_g, nox_g, pm_g, vocs_g,
 updated_at) VALUES
 ('$ENT_A', 2025, 30000, NULL, NULL, 1000000, 0, 0, 0, 'x'),
 ('$ENT_C', 2025, 10000, NULL, NULL, 1000000, 0, 0, 0, 'x');" || exit 1
start_server

sign_in u_county_officer
OFFICER=$TOKEN
req GET "/api/v1/incentive?year=2025&date=2026-06-01" -H "Authorization: Bearer $OFFICER"
expect_status 200 "an officer evaluates the year"
[ "$(json 'd["total"]')" = 2 ] && ok "both steel works are listed, cement is not" || not_ok "total" "$body"
[ "$(json '[o["uscc"] for o in d["items"]]')" = "[\"$ENT_A\", \"$ENT_C\"]" ] \
	&& ok "ordered by USCC" || not_ok "order" "$body"
[ "$(json 'd["items"][0]["tier"], d["items"][0]["grace_months"], d["items"][0]["next_grade"]')" = "('key', 12, 'A')" ] \
	&& ok "300 yuan/t against 200: key, 12 months, B -> A" || not_ok "tier of A" "$body"
[ "$(json 'all(o["explanation"] for o in d["items"])')" = true ] && ok "explanations present" || not_ok "explanations" "$body"

req GET "/api/v1/incentive?year=2025&tier=none&limit=1" -H "Authorization: Bearer $OFFICER"
[ "$(json 'd["total"], len(d["items"]), d["items"][0]["uscc"]')" = "(1, 1, '$ENT_C')" ] \
	&& ok "filter by tier" || not_ok "tier filter" "$body"
req GET "/api/v1/incentive?year=2025&offset=1&limit=1" -H "Authorization: Bearer $OFFICER"
[ "$(json 'd["total"], [o["uscc"] for o in d["items"]]')" = "(2, ['$ENT_C'])" ] \
	&& ok "offset and limit page the list" || not_ok "paging" "$body"

req GET "/api/v1/incentive" -H "Authorization: Bearer $OFFICER"
expect_error 400 invalid year "the year is required"
req GET "/api/v1/incentive?year=2025&tier=gold" -H "Authorization: Bearer $OFFICER"
expect_error 400 invalid tier "an unknown tier is refused"
req GET "/api/v1/incentive?year=2025"
expect_code 401 unauthenticated "anonymous callers are refused"

# What-if: A pays 300 yuan/t, C 100; their peer average is 200, so A stands 50% above it. A key
# margin of one point more than A's drops A to general; C stays none.
MARGIN=$(python3 -c 'print(round((300 / ((300 + 100) / 2) - 1) * 100) + 1)')
req GET "/api/v1/incentive?year=2025&date=2026-06-01" -H "Authorization: Bearer $OFFICER"
[ "$(json '[d["counts"], d["changed"], d["what_if"], "baseline_tier" in d["items"][0]]')" = \
	'[{"key": 1, "general": 0, "none": 1}, 0, [], false]' ] \
	&& ok "without a what-if: counts by tier, nothing changed, items as before" || not_ok "plain counts" "$body"
req GET "/api/v1/incentive?year=2025&date=2026-06-01&set=m1.key_margin_percent=$MARGIN&set=m1.key_grace_months=9" \
	-H "Authorization: Bearer $OFFICER"
expect_status 200 "a what-if evaluation"
[ "$(json '[(o["uscc"], o["tier"], o["baseline_tier"]) for o in d["items"]]')" = \
	"[[\"$ENT_A\", \"general\", \"key\"], [\"$ENT_C\", \"none\", \"none\"]]" ] \
	&& ok "A drops from key to general under the assumed margin; C stays none" || not_ok "what-if tiers" "$body"
[ "$(json 'd["items"][0]["what_if"]')" = \
	"[{\"name\": \"m1.key_margin_percent\", \"value\": \"$MARGIN\", \"pack_value\": \"20\"}, {\"name\": \"m1.key_grace_months\", \"value\": \"9\", \"pack_value\": \"12\"}]" ] \
	&& ok "each item marks the assumed values beside the pack's own" || not_ok "what_if marks" "$body"
[ "$(json '[d["what_if"] == d["items"][1]["what_if"], d["changed"], d["counts"]]')" = \
	'[true, 1, {"key": 0, "general": 1, "none": 1}]' ] \
	&& ok "the run's what-if, how many change, counts under it" || not_ok "run what_if" "$body"
[ "$(json 'any("假设" in line for line in d["items"][0]["explanation"])')" = true ] \
	&& ok "the explanation marks the lines that use an assumed value" || not_ok "explanation mark" "$body"
req GET "/api/v1/incentive?year=2025&date=2026-06-01&set=m1.key_margin_percent=$MARGIN&diff=true" \
	-H "Authorization: Bearer $OFFICER"
[ "$(json '[d["total"], [(o["uscc"], o["baseline_tier"], o["tier"]) for o in d["items"]], d["changed"]]')" = \
	"[1, [[\"$ENT_A\", \"key\", \"general\"]], 1]" ] \
	&& ok "diff lists only the enterprise whose tier changes" || not_ok "diff" "$body"
req GET "/api/v1/incentive?year=2025&date=2026-06-01&set=m1.key_margin_percent=$((MARGIN - 2))&diff=true" \
	-H "Authorization: Bearer $OFFICER"
[ "$(json 'd["total"], d["items"]')" = "(0, [])" ] \
	&& ok "a margin A still clears changes nobody" || not_ok "diff empty" "$body"

req GET "/api/v1/incentive?year=2025&date=2026-06-01&set=m1.key_margin_percent=$MARGIN&diff=true&format=xlsx" \
	-H "Authorization: Bearer $OFFICER"
expect_status 200 "the what-if diff as a workbook"
expect_header '^content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' "of the xlsx type"
expect_header '^content-disposition: attachment; filename="incentive.xlsx"' "saved as incentive.xlsx"
got=$(python3 - "$WORK/body" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheet = z.read("xl/worksheets/sheet1.xml").decode()
strings = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode()) if "xl/sharedStrings.xml" in z.namelist() else []
def cell(ref):
    m = re.search(r'<c r="%s"([^>]*)>(?:<v>([^<]*)</v>|<is><t[^>]*>([^<]*)</t></is>)' % ref, sheet)
    if not m:
        return None
    attrs, v, inline = m.groups()
    if 't="s"' in attrs:
        return strings[int(v)]
    return inline if inline is not None else float(v)
rows = len(re.findall(r"<row ", sheet))
print(rows, cell("A2"), cell("E2"), cell("F2"), cell("G2"), cell("I2"), cell("J2"), "假设" in (cell("P1") or ""), "m1.key_margin_percent" in (cell("P2") or ""))
PY
)
[ "$got" = "2 $ENT_A 一般性激励 重点激励 6.0 300.0 200.0 True True" ] \
	&& ok "the workbook: only A, its tiers, figures as numbers, the what-if column" || not_ok "workbook" "$got"

# The parameters a what-if may vary: those the evaluation reads (written here, not read from the
# server's table); a reading implemented one way only, and one the evaluation does not read, are not.
req GET "/api/v1/incentive?year=2025&date=2026-06-01" -H "Authorization: Bearer $OFFICER"
[ "$(json 'sorted(d["assumable"])')" = "[\"m1.default_ladder\", \"m1.emission_pollutants\", \"m1.emission_pollutants_vocs_industries\", \"m1.general_above_strict\", \"m1.general_grace_months\", \"m1.industries\", \"m1.key_grace_months\", \"m1.key_margin_inclusive\", \"m1.key_margin_percent\", \"m1.official_average_wins\", \"m1.ungraded\"]" ] \
	&& ok "the answer names the parameters a what-if may vary" || not_ok "assumable" "$body"
req GET "/api/v1/incentive?year=2025&set=m1.metrics_rule=sometimes" -H "Authorization: Bearer $OFFICER"
expect_error 400 invalid set "a reading implemented one way only cannot be assumed otherwise"
expect_body 'm1.metrics_rule' "and the reading is named"
req GET "/api/v1/incentive?year=2025&set=m1.county_review_working_days=10" -H "Authorization: Bearer $OFFICER"
expect_error 400 invalid set "a parameter the evaluation does not read cannot be assumed"
req GET "/api/v1/incentive?year=2025&set=m1.key_margin_percent=lots" -H "Authorization: Bearer $OFFICER"
expect_error 400 invalid set "an override that does not fit the parameter is 400 naming set"
expect_body 'm1.key_margin_percent' "and the parameter"
req GET "/api/v1/incentive?year=2025&set=m1.no_such_thing=1" -H "Authorization: Bearer $OFFICER"
expect_error 400 invalid set "an override of no parameter of the pack is 400"
req GET "/api/v1/incentive?year=2025&set=m1.key_margin_percent" -H "Authorization: Bearer $OFFICER"
expect_error 400 invalid set "an override without a value is 400"
req GET "/api/v1/incentive?year=2025&set=m1.key_margin_percent=lots&format=xlsx" -H "Authorization: Bearer $OFFICER"
expect_error 400 invalid set "also when a workbook is asked for"
req GET "/api/v1/incentive?year=2025&date=2026-06-01" -H "Authorization: Bearer $OFFICER"
[ "$(json '[[o["tier"] for o in d["items"]], d["what_if"]]')" = '[["key", "none"], []]' ] \
	&& ok "a what-if changes nothing for the next request" || not_ok "after what-if" "$body"

sign_in u_enterprise
ENT=$TOKEN
req GET "/api/v1/incentive?year=2025" -H "Authorization: Bearer $ENT"
expect_status 200 "an enterprise user evaluates"
[ "$(json 'd["total"], [o["uscc"] for o in d["items"]], d["items"][0]["metrics"]["tax_per_tonne"]["peers"]')" = "(1, ['$ENT_A'], 2)" ] \
	&& ok "an enterprise user sees only itself, against its whole industry" || not_ok "isolation" "$body"

req GET "/api/v1/enterprises/$ENT_A/incentive?year=2025" -H "Authorization: Bearer $ENT"
expect_status 200 "an enterprise user's own self-assessment"
[ "$(json 'd["uscc"], d["tier"]')" = "('$ENT_A', 'key')" ] && ok "its tier" || not_ok "own tier" "$body"
req GET "/api/v1/enterprises/$ENT_C/incentive?year=2025" -H "Authorization: Bearer $ENT"
expect_error 404 not_found uscc "another enterprise is answered as if it did not exist"

req GET "/api/v1/enterprises/$ENT_B/incentive?year=2025" -H "Authorization: Bearer $OFFICER"
expect_status 200 "an officer evaluates an enterprise out of scope"
[ "$(json 'd["in_scope"], d["tier"], d["grace_months"]')" = "(False, 'none', None)" ] \
	&& ok "out of scope: tier none, explained" || not_ok "out of scope" "$body"
req GET "/api/v1/enterprises/91130131MA0000000Z/incentive?year=2025" -H "Authorization: Bearer $OFFICER"
expect_error 404 not_found uscc "an unknown enterprise is 404"

done_testing
