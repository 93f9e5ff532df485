#!/usr/bin/env bash
# Measure 1 over HTTP: GET /api/v1/incentive (officers see every enterprise in scope, an enterprise
# user only its own) and GET /api/v1/enterprises/{uscc}/incentive (404 for another enterprise's).
. "$(dirname "$0")/lib.sh"
setup_db enterprise county_officer
ENT_C=91130131MA0000000C
sqlite3 "$GREENLANE_DB" "
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
