#!/usr/bin/env bash
# Every procedure over HTTP, /api/v1/cases: an enterprise opens a measure-1 declaration with a
# document in base64, the county approves, the city's experts review, the city decides, the
# county records the indicators met; at each stage GET /api/v1/cases/{id} offers the signed-in
# user what that user may do now. Refusals: another enterprise's case (404), a stale version
# (409), a missing reason (400 naming it), a role that may not take the step (403), bad base64.
# Who took each step, wrote each review and added each document: the user name recorded, and the
# user's display name beside it (null for a user without one); a display name set later shows on
# the old records, which keep their user name.
. "$(dirname "$0")/lib.sh"
setup_db
"$GREENLANE" user set-name u_county_officer 王建国 >/dev/null || exit 1
"$GREENLANE" user set-name u_city_expert 李秀英 >/dev/null || exit 1
# A second long-process steel enterprise, so that ENT_A (grade B) beats its industry's average.
sql "INSERT INTO enterprises (uscc, name, industry, township, grade, updated_at) VALUES
	('91130131M10000012G', '丙钢铁有限公司', 'steel_long', '平山镇', 'C', 'x');
INSERT INTO annual_figures (uscc, year, tax_fen, so2_g, nox_g, pm_g, vocs_g, updated_at) VALUES
	('$ENT_A', 2021, 100000000, 4000000, 3000000, 2000000, 1000000, 'x'),
	('91130131M10000012G', 2021, 10000000, 4000000, 3000000, 2000000, 1000000, 'x');" || exit 1
start_server

declare -A TOK
for u in enterprise enterprise_b county_officer city_officer city_expert tax_officer admin; do
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
# offered USER WANT: GET the case as USER; its offers are exactly WANT (names, space-separated).
offered() {
	local got
	as "$1" GET "/api/v1/cases/$ID?today=$DAY"
	got=$(json '" ".join(o["name"] for o in d["offers"])')
	[ "$status" = 200 ] && [ "$got" = "$2" ] && ok "$1 is offered '$2'" || not_ok "$1 is offered '$2'" "status $status, got '$got'" "$body"
}

# work USER WANT: the ids and offers of USER's work (GET /api/v1/work?today=$DAY) are exactly WANT.
work() {
	local got
	as "$1" GET "/api/v1/work?today=$DAY"
	got=$(json '" ".join(str(w["case"]["id"]) + ":" + ",".join(o["name"] for o in w["offers"]) for w in d["work"])')
	[ "$status" = 200 ] && [ "$got" = "$2" ] && ok "$1's work is '$2'" || not_ok "$1's work is '$2'" "status $status, got '$got'" "$body"
}

FORM=$(printf '申报表' | base64)
EVIDENCE=$(printf '%%PDF-1.4\n%% evidence\n' | base64 -w0)
DOCS="[{\"name\":\"申报表\",\"file_name\":\"form.pdf\",\"content_base64\":\"$FORM\"},{\"name\":\"证明材料\",\"file_name\":\"证明 材料.pdf\",\"content_base64\":\"$EVIDENCE\"}]"
as enterprise POST /api/v1/cases "{\"procedure\":\"m1.declaration\",\"action\":\"submit\",\"fields\":{\"year\":2021},\"documents\":$DOCS,\"today\":\"2022-09-28\"}"
expect_status 201 "an enterprise opens a declaration"
[ "$(json 'sorted(d)')" = '["case", "deadlines", "documents", "materials", "offers", "reviews", "steps"]' ] && ok "the view has the seven keys" || not_ok "view keys" "$body"
[ "$(json 'd["case"]["state"] + " " + d["case"]["uscc"]')" = "submitted $ENT_A" ] && ok "submitted, for its own enterprise" || not_ok "submitted" "$body"
[ "$(json 'd["deadlines"][0]["kind"] + " " + d["deadlines"][0]["due"]')" = "county_review 2022-10-24" ] && ok "the county review is due 2022-10-24" || not_ok "deadline" "$body"
[ "$(json 'd["documents"][0]["size"]')" = 9 ] && ok "the document is stored" || not_ok "document" "$body"
ID=$(json 'd["case"]["id"]')
DOC=$(json 'd["documents"][0]["id"]')

as enterprise POST /api/v1/cases "{\"procedure\":\"m1.declaration\",\"action\":\"submit\",\"fields\":{\"year\":2021},\"documents\":$DOCS}"
expect_code 409 conflict "a second open declaration is refused"
as enterprise POST /api/v1/cases '{"procedure":"m1.declaration","action":"submit","fields":{"year":2021},"documents":[{"name":"a","file_name":"a.pdf","content_base64":"@@@"}]}'
expect_error 400 invalid "documents[0].content_base64" "bad base64 names the document"
as enterprise POST /api/v1/cases "{\"procedure\":\"m1.declaration\",\"action\":\"submit\",\"fields\":{\"year\":2021},\"documents\":[{\"name\":\"申报表\",\"file_name\":\"form.pdf\",\"content_base64\":\"$FORM\"},{\"name\":\"照片\",\"file_name\":\"a.png\",\"content_base64\":\"$FORM\"}]}"
expect_error 400 invalid "documents[1].name" "a document that is no material of the action names itself"
as enterprise POST /api/v1/cases '{"procedure":"m1.declaration","action":"submit","fields":{"year":[1]}}'
expect_error 400 invalid "fields.year" "a field that is not text names the field"
as enterprise POST /api/v1/cases '{"action":"submit"}'
expect_error 400 invalid procedure "the procedure is required"

DAY=2022-10-10
offered county_officer "approve return"
work county_officer "$ID:approve,return"
work city_expert ""
work enterprise ""
work tax_officer ""
as county_officer GET "/api/v1/work?today=$DAY"
[ "$(json '[d["work"][0]["next_deadline"][k] for k in ("kind", "due", "working_days_left")] + [d["overdue"]]')" = '["county_review", "2022-10-24", 10, 0]' ] && ok "my work carries the deadline and the working days left" || not_ok "work deadline" "$body"
as county_officer GET "/api/v1/work?today=2022-10-25"
[ "$(json 'd["overdue"]')" = 1 ] && ok "past its due day the work counts as overdue" || not_ok "work overdue" "$body"
offered enterprise ""
offered city_officer ""
as enterprise_b GET "/api/v1/cases/$ID"
expect_code 404 not_found "another enterprise cannot see it"
as enterprise_b GET "/api/v1/cases/$ID/documents/$DOC"
expect_code 404 not_found "nor its document"
as enterprise_b POST "/api/v1/cases/$ID/steps" '{"action":"resubmit","version":1}'
expect_code 404 not_found "acting on another enterprise's case: not found, as when reading"
as enterprise_b GET /api/v1/cases
[ "$(json 'len(d["cases"])')" = 0 ] && ok "another enterprise lists none" || not_ok "enterprise_b list" "$body"
as county_officer GET "/api/v1/cases?procedure=m1.declaration&open=1"
[ "$(json '[(c["id"], c["state_label"] == "已申报，待县分局审核") for c in d["cases"]]')" = "[[$ID, true]]" ] && ok "the county lists it with its state label" || not_ok "county list" "$body"
NAME_A=$(sql "SELECT name FROM enterprises WHERE uscc = '$ENT_A'")
as county_officer GET "/api/v1/cases?today=2022-10-10"
[ "$(json 'd["cases"][0]["party_name"] + " / " + d["cases"][0]["state_label_en"]')" = "$NAME_A / Submitted, awaiting the county" ] && ok "a listed case names its party and its state in English" || not_ok "party_name" "$body"
# 2022-10-10 to 2022-10-24: Oct 11-14, 17-21 and 24 are working days.
[ "$(json '[d["cases"][0]["next_deadline"][k] for k in ("kind", "due", "working_days_left", "overdue")]')" = '["county_review", "2022-10-24", 10, false]' ] && ok "a listed case carries its next deadline with the working days left" || not_ok "next_deadline" "$body"
as county_officer GET "/api/v1/cases?today=2022-10-25"
[ "$(json '[d["cases"][0]["next_deadline"][k] for k in ("working_days_left", "overdue")]')" = '[-1, true]' ] && ok "a day after its due day it is overdue" || not_ok "next_deadline overdue" "$body"
as county_officer GET "/api/v1/cases?today=2022-13-01"
expect_error 400 invalid today "a bad ?today= names it"
as enterprise GET /api/v1/procedures
[ "$(json '[(p["name"], [o["name"] for o in p["opens"]]) for p in d["procedures"]]')" = '[["m1.declaration", ["submit"]], ["m2.enforcement", []], ["m3.control", []], ["m5.visit", []], ["m8.listing", ["apply"]], ["m4.eia", ["apply", "file"]], ["m7.release", []]]' ] && ok "an enterprise may open a declaration, a positive-list application and an EIA application or filing, and no enforcement case, control measure, visit or release of the reserve" || not_ok "procedures (enterprise)" "$body"
[ "$(json '[(f["name"], f["type"], f["required"], f["label_en"]) for f in d["procedures"][0]["opens"][0]["fields"]] + [d["procedures"][0]["opens"][0]["documents_min"]]')" = '[["year", "year", true, "Year of the figures"], ["grade_sought", "grade", false, "Grade sought"], 2]' ] && ok "the opening offer says its fields and documents" || not_ok "opening offer" "$body"
[ "$(json '[(m["name"], m["required"]) for m in d["procedures"][0]["opens"][0]["materials"]] == [("申报表", True), ("证明材料", True), ("其他材料", False)]')" = true ] && ok "the opening offer lists its materials, the required ones marked" || not_ok "opening materials" "$body"
[ "$(json '[(s["name"], s["open"]) for s in d["procedures"][0]["states"] if not s["open"]]')" = '[["rejected", false], ["formal", false], ["reverted", false]]' ] && ok "the procedure's closed states" || not_ok "procedure states" "$body"
as county_officer GET /api/v1/procedures
[ "$(json '[(p["name"], [o["name"] for o in p["opens"]]) for p in d["procedures"]]')" = '[["m1.declaration", []], ["m2.enforcement", ["file"]], ["m3.control", ["propose", "propose_major_risk"]], ["m8.listing", ["apply"]], ["m4.eia", ["apply", "file"]], ["m7.release", ["propose"]]]' ] && ok "the county opens no declaration, files enforcement cases, decides control measures, files positive-list applications and EIA applications for builders, and proposes releases of the reserve" || not_ok "procedures (county)" "$body"
curl -s -o "$WORK/cases.xlsx" -D "$WORK/h.txt" -H "Authorization: Bearer ${TOK[county_officer]}" "$BASE/api/v1/cases?format=xlsx&today=2022-10-10"
grep -qi '^content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' "$WORK/h.txt" && grep -qi '^content-disposition: attachment; filename="cases.xlsx"' "$WORK/h.txt" && ok "?format=xlsx answers a workbook to save" || not_ok "xlsx headers" "$(cat "$WORK/h.txt")"
[ "$(python3 -c 'import sys, zipfile; x = zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode(); print(sys.argv[2] in x)' "$WORK/cases.xlsx" "$NAME_A")" = True ] && ok "the workbook names the party" || not_ok "xlsx content"
as county_officer GET "/api/v1/cases?format=pdf"
expect_error 400 invalid format "another format is refused naming it"
as county_officer GET "/api/v1/cases?state=formal"
[ "$(json 'len(d["cases"])')" = 0 ] && ok "?state= filters" || not_ok "state filter" "$body"

as county_officer POST "/api/v1/cases/$ID/steps" '{"action":"approve","version":9,"today":"2022-10-10"}'
expect_code 409 conflict "a stale version is refused"
as county_officer POST "/api/v1/cases/$ID/steps" '{"action":"return","version":1,"today":"2022-10-10"}'
expect_error 400 invalid reason "a return without a reason names the reason"
as city_officer POST "/api/v1/cases/$ID/steps" '{"action":"approve","version":1,"today":"2022-10-10"}'
expect_code 403 forbidden "the city may not take the county's step"
as tax_officer POST "/api/v1/cases/$ID/steps" '{"action":"approve","version":1}'
expect_code 403 forbidden "the tax department may take no step at the door"
as county_officer POST "/api/v1/cases/$ID/steps" '{"action":"approve","version":1,"reason":"材料齐全","today":"2022-10-10"}'
expect_status 200 "the county approves"
[ "$(json 'd["case"]["state"] + " " + str(d["case"]["version"])')" = "county_approved 2" ] && ok "county_approved v2" || not_ok "county_approved" "$body"
[ "$(json '" ".join(o["name"] for o in d["offers"])')" = "" ] && ok "the answer offers the county nothing more" || not_ok "offers after approve" "$body"

DAY=2022-10-11
offered city_expert "preliminary_review site_verification"
work city_expert "$ID:preliminary_review,site_verification"
work city_officer "$ID:preliminary_review,site_verification"
work county_officer ""
offered county_officer ""
as city_expert GET "/api/v1/cases/$ID"
[ "$(json '[o["reason_required"] for o in d["offers"]] + [[o["reason_label"] for o in d["offers"]] == ["初审意见", "核查意见"]]')" = '[true, true, true]' ] && ok "the offers say a reason is required, and its label" || not_ok "offer reasons" "$body"
as city_expert POST "/api/v1/cases/$ID/steps" '{"action":"preliminary_review","version":2,"today":"2022-10-12"}'
expect_error 400 invalid reason "findings are required"
as city_expert POST "/api/v1/cases/$ID/steps" '{"action":"preliminary_review","version":2,"reason":"材料齐全","today":"2022-10-12"}'
expect_status 200 "preliminary review"
[ "$(json '" ".join(o["name"] for o in d["offers"])')" = site_verification ] && ok "a recorded review is not offered again" || not_ok "offers after review" "$body"
as city_expert POST "/api/v1/cases/$ID/steps" '{"action":"site_verification","version":3,"reason":"现场一致","today":"2022-10-14"}'
expect_status 200 "site verification"
[ "$(json 'd["case"]["state"]')" = city_reviewed ] && ok "city_reviewed" || not_ok "city_reviewed" "$body"

DAY=2022-10-20
offered city_officer "decide_provisional reject"
work city_officer "$ID:decide_provisional,reject"
work city_expert ""
offered city_expert ""
as city_officer POST "/api/v1/cases/$ID/steps" '{"action":"reject","version":4,"today":"2022-10-31"}'
expect_error 400 invalid reason "a rejection needs a reason"
as city_officer POST "/api/v1/cases/$ID/steps" '{"action":"decide_provisional","today":"2022-10-31"}'
expect_error 400 invalid version "a step must say the version it was taken on"
as city_officer POST "/api/v1/cases/$ID/steps" '{"action":"decide_provisional","version":4,"today":"2022-10-31"}'
expect_status 200 "the city decides: provisional"
[ "$(json '[(x["kind"], x["due"]) for x in d["deadlines"] if x["status"] == "running"]')" = '[["grace", "2023-10-31"]]' ] && ok "the grace deadline runs to 2023-10-31" || not_ok "grace" "$body"

DAY=2023-10-30
offered county_officer indicators_met
offered city_officer indicators_met
offered enterprise ""
as county_officer POST "/api/v1/cases/$ID/steps" '{"action":"indicators_met","version":5,"today":"2023-10-31"}'
expect_status 200 "indicators met"
[ "$(json 'd["case"]["state"] + " " + str(d["case"]["open"])')" = "formal False" ] && ok "formal, closed" || not_ok "formal" "$body"
as county_officer POST "/api/v1/cases/$ID/steps" '{"action":"indicators_met","version":6,"today":"2023-11-01"}'
expect_code 409 wrong_state "a step out of order is refused"
as admin GET "/api/v1/cases/$ID"
[ "$(json '[s["action"] for s in d["steps"]]')" = '["submit", "approve", "preliminary_review", "site_verification", "decide_provisional", "indicators_met"]' ] && ok "every step is recorded" || not_ok "steps" "$body"
[ "$(json '" / ".join(d["steps"][1][k] for k in ("action_label", "action_label_en", "to_label"))')" = '县分局审核通过并报市局 / Approve and forward to the city / 县分局审核通过，已报市局' ] && ok "a step names its action and the state it led to" || not_ok "step labels" "$body"
[ "$(json '[[s["actor"], s["actor_name"]] for s in d["steps"]]')" = '[["u_enterprise", null], ["u_county_officer", "\u738b\u5efa\u56fd"], ["u_city_expert", "\u674e\u79c0\u82f1"], ["u_city_expert", "\u674e\u79c0\u82f1"], ["u_city_officer", null], ["u_county_officer", "\u738b\u5efa\u56fd"]]' ] &&
	ok "each step names its user and that user's display name (王建国, 李秀英), null for users without one" || not_ok "step actor names" "$body"
[ "$(json '[[r["kind"], r["reviewed_by"], r["reviewed_by_name"]] for r in d["reviews"]]')" = '[["county", "u_county_officer", "\u738b\u5efa\u56fd"], ["preliminary", "u_city_expert", "\u674e\u79c0\u82f1"], ["site", "u_city_expert", "\u674e\u79c0\u82f1"]]' ] &&
	ok "each review names its reviewer and the reviewer's display name" || not_ok "review names" "$body"
[ "$(json '[[x["added_by"], x["added_by_name"]] for x in d["documents"]]')" = '[["u_enterprise", null], ["u_enterprise", null]]' ] &&
	ok "the documents name who added them, with no display name for a user without one" || not_ok "document names" "$body"
as admin GET "/api/v1/declarations/$ID"
[ "$(json '[s["actor_name"] for s in d["steps"]] + [r["reviewed_by_name"] for r in d["reviews"]] + [x["added_by_name"] for x in d["documents"]]')" = '[null, "\u738b\u5efa\u56fd", "\u674e\u79c0\u82f1", "\u674e\u79c0\u82f1", null, "\u738b\u5efa\u56fd", "\u738b\u5efa\u56fd", "\u674e\u79c0\u82f1", "\u674e\u79c0\u82f1", null, null]' ] &&
	ok "the measure-1 view names them alike" || not_ok "declaration view names" "$body"
# A display name given later shows on what the user did before; the record keeps the user name.
as admin PUT /api/v1/users/u_enterprise/display-name '{"display_name":"张丽"}'
expect_status 200 "the clerk is given a display name"
as admin PUT /api/v1/users/u_county_officer/display-name "{\"display_name\":\"$(printf '王%.0s' $(seq 22))\"}"
expect_error 400 invalid display_name "a display name of 66 bytes is refused naming display_name"
as admin PUT /api/v1/users/u_county_officer/display-name '{"display_name":"王\u001b建国"}'
expect_error 400 invalid display_name "an escape character inside is refused naming display_name"
as county_officer GET "/api/v1/cases/$ID"
[ "$(json '[d["steps"][0]["actor"], d["steps"][0]["actor_name"], d["steps"][1]["actor_name"], d["reviews"][0]["reviewed_by_name"]] + [[x["added_by"], x["added_by_name"]] for x in d["documents"]]')" = '["u_enterprise", "\u5f20\u4e3d", "\u738b\u5efa\u56fd", "\u738b\u5efa\u56fd", ["u_enterprise", "\u5f20\u4e3d"], ["u_enterprise", "\u5f20\u4e3d"]]' ] &&
	ok "the clerk's step and documents now carry 张丽 beside u_enterprise; the refused names changed nothing" || not_ok "names after the change" "$body"
[ "$(sql "SELECT actor FROM case_steps WHERE case_id = $ID ORDER BY id LIMIT 1")" = u_enterprise ] && ok "the step still records the user name" || not_ok "recorded actor"
as enterprise GET "/api/v1/cases/$ID/documents/$DOC"
[ "$(json 'd["document"]["added_by"] + " " + d["document"]["added_by_name"]')" = "u_enterprise 张丽" ] && ok "one document names who added it and the display name" || not_ok "document added_by_name" "$body"
as admin GET "/api/v1/cases?today=2023-11-01"
[ "$(json 'd["cases"][0]["next_deadline"]')" = null ] && ok "a closed case has no next deadline" || not_ok "closed next_deadline" "$body"

as enterprise GET "/api/v1/cases/$ID/documents/$DOC"
[ "$(json 'd["document"]["content_base64"]')" = "$FORM" ] && ok "the document comes back as sent" || not_ok "document content" "$body"
as enterprise GET "/api/v1/cases/$ID/documents/999"
expect_code 404 not_found "no such document"
# The bytes themselves: shown in the browser when they are a PDF or an image (by their first
# bytes, not their name), saved otherwise, saved always with ?download=true.
as enterprise GET "/api/v1/cases/$ID/documents/$((DOC + 1))/content"
expect_status 200 "a document's bytes"
expect_header '^content-type: application/pdf' "a PDF by its first bytes"
expect_header "^content-disposition: inline; filename\*=UTF-8''%E8%AF%81%E6%98%8E%20%E6%9D%90%E6%96%99\.pdf" "shown inline, its name encoded"
[ "$(cat "$WORK/body")" = "$(printf '%%PDF-1.4\n%% evidence\n')" ] && ok "the bytes as sent" || not_ok "content bytes" "$(cat "$WORK/body")"
as enterprise GET "/api/v1/cases/$ID/documents/$((DOC + 1))/content?download=true"
expect_header '^content-disposition: attachment; ' "?download=true saves it"
as county_officer GET "/api/v1/cases/$ID/documents/$DOC/content"
expect_header '^content-type: application/octet-stream' "a file named .pdf that is not one is plain bytes"
expect_header '^content-disposition: attachment; filename\*=UTF-8'"''"'form\.pdf' "and is saved, not shown"
as enterprise_b GET "/api/v1/cases/$ID/documents/$DOC/content"
expect_code 404 not_found "another enterprise gets not-found for the bytes too"
as enterprise GET "/api/v1/cases/$ID/documents/999/content"
expect_code 404 not_found "no such document's bytes"
as county_officer GET "/api/v1/cases/$ID/documents/$DOC/content?download=maybe"
expect_error 400 invalid download "a bad ?download= names it"
as county_officer GET /api/v1/cases/999
expect_code 404 not_found "no such case"

done_testing
