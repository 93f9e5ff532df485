#!/usr/bin/env bash
# The measure-1 procedure over HTTP: an enterprise submits with a document in base64, the county
# approves, the city's experts review, the city decides, the tax department confirms, the county
# records the indicators met. Refusals: a second open declaration, another enterprise's
# declaration, a stale version, a missing reason, a role the route does not admit, bad base64.
. "$(dirname "$0")/lib.sh"
setup_db
# A second long-process steel enterprise, so that ENT_A (grade B) beats its industry's average.
sql "INSERT INTO enterprises (uscc, name, industry, township, grade, updated_at) VALUES
	('91130131M10000012G', '丙钢铁有限公司', 'steel_long', '平山镇', 'C', 'x');
INSERT INTO annual_figures (uscc, year, tax_fen, so2_g, nox_g, pm_g, vocs_g, updated_at) VALUES
	('$ENT_A', 2021, 100000000, 4000000, 3000000, 2000000, 1000000, 'x'),
	('91130131M10000012G', 2021, 10000000, 4000000, 3000000, 2000000, 1000000, 'x');" || exit 1
start_server

declare -A TOK
for u in enterprise enterprise_b county_officer city_officer city_expert tax_officer; do
	sign_in "u_$u"
	TOK[$u]=$TOKEN
done
as() { # USER METHOD PATH [JSON]
	local user=$1 method=$2 path=$3
	if [ $# -ge 4 ]; then
		req_json "$method" "$path" "$4" -H "Authorization: Bearer ${TOK[$user]}"
	else
		req "$method" "$path" -H "Authorization: Bearer ${TOK[$user]}"
	fi
}

FORM=$(printf '申报表' | base64)
as enterprise POST /api/v1/declarations "{\"year\":2021,\"documents\":[{\"name\":\"申报表\",\"file_name\":\"form.pdf\",\"content_base64\":\"$FORM\"},{\"name\":\"证明材料\",\"file_name\":\"evidence.pdf\",\"content_base64\":\"$FORM\"}]}"
expect_status 201 "an enterprise submits its declaration"
[ "$(json 'd["declaration"]["state"]')" = submitted ] && ok "submitted" || not_ok "submitted" "$body"
[ "$(json 'd["declaration"]["grade_sought"]')" = A ] && ok "the grade sought defaults to the next rung" || not_ok "grade sought" "$body"
[ "$(json 'd["declaration"]["tier"]')" = key ] && ok "the self-assessment is kept" || not_ok "tier" "$body"
[ "$(json 'd["documents"][0]["size"]')" = 9 ] && ok "the document is stored" || not_ok "document size" "$body"
[ "$(json 'd["deadlines"][0]["kind"]')" = county_review ] && ok "the county review deadline is shown" || not_ok "deadline" "$body"
ID=$(json 'd["declaration"]["id"]')

as enterprise POST /api/v1/declarations "{\"year\":2021,\"documents\":[{\"name\":\"申报表\",\"file_name\":\"form.pdf\",\"content_base64\":\"$FORM\"},{\"name\":\"证明材料\",\"file_name\":\"evidence.pdf\",\"content_base64\":\"$FORM\"}]}"
expect_code 409 conflict "a second open declaration is refused"
as enterprise POST /api/v1/declarations '{"year":2021,"documents":[{"name":"a","file_name":"a.pdf","content_base64":"@@@"}]}'
expect_error 400 invalid "documents[0].content_base64" "bad base64 names the document"
as enterprise POST /api/v1/declarations '{"year":2021,"documents":[{"name":"a"}]}'
expect_error 400 invalid "documents[0].file_name" "a document without a file name"
as enterprise_b GET "/api/v1/declarations/$ID"
expect_code 404 not_found "another enterprise cannot see it"
as enterprise_b GET /api/v1/declarations
[ "$(json 'len(d["declarations"])')" = 0 ] && ok "another enterprise lists none" || not_ok "enterprise_b list" "$body"
as enterprise_b POST "/api/v1/declarations/$ID/resubmit" '{"version":1}'
expect_code 404 not_found "another enterprise acting on it is told it does not exist, as when reading"

as county_officer POST "/api/v1/declarations/$ID/approve" '{"version":9}'
expect_code 409 conflict "a stale version is refused"
as city_officer POST "/api/v1/declarations/$ID/approve" '{"version":1}'
expect_code 403 forbidden "the city may not take the county's step"
as county_officer POST "/api/v1/declarations/$ID/approve" '{"version":1}'
expect_status 200 "the county approves"
[ "$(json 'd["declaration"]["state"]')" = county_approved ] && ok "county_approved" || not_ok "county_approved" "$body"

as city_expert GET "/api/v1/declarations/$ID"
[ "$(json 'd["actions"]')" = '["preliminary_review", "site_verification"]' ] && ok "the expert is offered both reviews" || not_ok "expert actions" "$body"
as city_expert POST "/api/v1/declarations/$ID/preliminary_review" '{"version":2}'
expect_error 400 invalid reason "findings are required"
as city_expert POST "/api/v1/declarations/$ID/preliminary_review" '{"version":2,"findings":"材料齐全"}'
expect_status 200 "preliminary review"
[ "$(json 'd["actions"]')" = '["site_verification"]' ] && ok "a recorded review is not offered again" || not_ok "actions after review" "$body"
as city_expert POST "/api/v1/declarations/$ID/site_verification" '{"version":3,"findings":"现场一致"}'
expect_status 200 "site verification"
[ "$(json 'd["declaration"]["state"]')" = city_reviewed ] && ok "city_reviewed" || not_ok "city_reviewed" "$body"
as city_officer POST "/api/v1/declarations/$ID/decide_provisional" '{"version":4}'
expect_status 200 "the city decides: provisional"
[ "$(json 'd["declaration"]["grace_deadline"] is not None and d["grade_history"][0]["kind"] == "provisional"')" = true ] && ok "grace deadline and grade history" || not_ok "provisional view" "$body"
as county_officer GET /api/v1/deadlines
[ "$(json '[x["kind"] for x in d["deadlines"] if x["declaration_id"] == '"$ID"']')" = '["grace"]' ] && ok "deadlines list the grace period" || not_ok "deadlines" "$body"

as county_officer GET "/api/v1/declarations/$ID"
[ "$(json 'd["declaration"]["tax_unconfirmed"]')" = true ] && ok "unconfirmed tax figures are flagged" || not_ok "tax flag" "$body"
as county_officer POST /api/v1/tax-confirmations "{\"uscc\":\"$ENT_A\",\"year\":2021}"
expect_code 403 forbidden "only the tax department confirms"
as tax_officer POST /api/v1/tax-confirmations "{\"uscc\":\"$ENT_A\",\"year\":2021}"
expect_status 200 "the tax department confirms"
as county_officer POST "/api/v1/declarations/$ID/indicators_met" '{"version":5}'
expect_status 200 "indicators met"
[ "$(json 'd["declaration"]["state"] + " " + str(d["declaration"]["tax_unconfirmed"])')" = "formal False" ] && ok "formal, tax confirmed" || not_ok "formal" "$body"
as county_officer POST "/api/v1/declarations/$ID/indicators_met" '{"version":6}'
expect_code 409 wrong_state "a step out of order is refused"

as enterprise GET "/api/v1/declarations/$ID"
DOC=$(json 'd["documents"][0]["id"]')
as enterprise GET "/api/v1/declarations/$ID/documents/$DOC"
[ "$(json 'd["document"]["content_base64"]')" = "$FORM" ] && ok "the document comes back as sent" || not_ok "document content" "$body"
as enterprise_b GET "/api/v1/declarations/$ID/documents/$DOC"
expect_code 404 not_found "another enterprise cannot read the document"

done_testing
