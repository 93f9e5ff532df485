#!/usr/bin/env bash
# Per-enterprise isolation over HTTP: an enterprise user reads only its own enterprise and its
# annual figures; asking for another enterprise, existing or not, is answered the same 404 that
# reveals nothing of it; its list holds only its own. Officers see every enterprise, with search,
# filters and paging.
. "$(dirname "$0")/lib.sh"
setup_db enterprise county_officer
sql "INSERT INTO annual_figures (uscc, year, tax_fen, rd_fen, revenue_fen, so2_g, nox_g, pm_g, vocs_g, updated_at) VALUES
	('$ENT_A', 2023, 123456789, 1000000, 900000000, 2500000, NULL, 0, 10, '2024-01-01T00:00:00Z'),
	('$ENT_B', 2023, 987654321, 2000000, 800000000, 1500000, 100, 0, 10, '2024-01-01T00:00:00Z');"
start_server
sign_in u_enterprise
A=(-H "Authorization: Bearer $TOKEN")
sign_in u_county_officer
OFFICER=(-H "Authorization: Bearer $TOKEN")

req GET "/api/v1/enterprises/$ENT_A" "${A[@]}"
expect_status 200 "an enterprise user reads its own enterprise"
expect_body '"name":"甲钢铁有限公司"' "with its name"
req GET "/api/v1/enterprises/$ENT_A/annual" "${A[@]}"
expect_status 200 "and its own annual figures"
expect_body '"tax_fen":123456789' "figures in fen"
expect_body '"nox_g":null' "an unreported figure is null, not 0"
expect_body '"pm_g":0' "a reported zero stays 0"

req GET "/api/v1/enterprises/$ENT_B" "${A[@]}"
expect_error 404 not_found uscc "another enterprise is 404"
other_body=$body
req GET "/api/v1/enterprises/911301310000000009" "${A[@]}"
expect_error 404 not_found uscc "an enterprise that does not exist is 404"
missing_body=$body
strip() { printf '%s' "$1" | sed "s/$ENT_B//g; s/911301310000000009//g"; }
[ "$(strip "$other_body")" = "$(strip "$missing_body")" ] && ok "both answers are the same but for the USCC asked" || not_ok "the 404s differ" "$other_body" "$missing_body"
printf '%s' "$other_body" | grep -q '乙水泥' && not_ok "the 404 reveals nothing of the other enterprise" || ok "the 404 reveals nothing of the other enterprise"
req GET "/api/v1/enterprises/$ENT_B/annual" "${A[@]}"
expect_error 404 not_found uscc "another enterprise's annual figures are 404"
printf '%s' "$body" | grep -q '987654321' && not_ok "no figure of another enterprise leaks" || ok "no figure of another enterprise leaks"

req GET "/api/v1/enterprises" "${A[@]}"
expect_status 200 "an enterprise user may list"
[ "$(json 'd["total"]')" = 1 ] && ok "its list holds only its own enterprise" || not_ok "enterprise list total" "$body"
expect_body "\"uscc\":\"$ENT_A\"" "its own enterprise is listed"
req GET "/api/v1/enterprises?search=乙" "${A[@]}"
[ "$(json 'd["total"]')" = 0 ] && ok "searching for another enterprise finds nothing" || not_ok "search leaks" "$body"

req GET "/api/v1/enterprises" "${OFFICER[@]}"
[ "$(json 'd["total"]')" = 2 ] && ok "an officer sees every enterprise" || not_ok "officer list" "$body"
req GET "/api/v1/enterprises?industry=cement" "${OFFICER[@]}"
[ "$(json '[e["uscc"] for e in d["items"]]')" = "[\"$ENT_B\"]" ] && ok "filter by industry" || not_ok "industry filter" "$body"
req GET "/api/v1/enterprises?grade=B" "${OFFICER[@]}"
[ "$(json 'd["total"]')" = 1 ] && ok "filter by grade" || not_ok "grade filter" "$body"
req GET "/api/v1/enterprises?grade=E" "${OFFICER[@]}"
expect_error 400 invalid grade "an unknown grade is 400"
req GET "/api/v1/enterprises?search=钢铁" "${OFFICER[@]}"
[ "$(json 'd["total"]')" = 1 ] && ok "search by name" || not_ok "search" "$body"
req GET "/api/v1/enterprises?offset=1&limit=1" "${OFFICER[@]}"
[ "$(json '[len(d["items"]), d["total"], d["offset"], d["limit"]]')" = "[1, 2, 1, 1]" ] && ok "paging: one item, total 2" || not_ok "paging" "$body"
req GET "/api/v1/enterprises?limit=501" "${OFFICER[@]}"
expect_error 400 invalid limit "a page over 500 is refused"
req GET "/api/v1/enterprises/$ENT_B" "${OFFICER[@]}"
expect_body '"industry_name":"' "an enterprise names its industry in Chinese"

done_testing
