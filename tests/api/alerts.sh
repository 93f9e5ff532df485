#!/usr/bin/env bash
# Heavy-pollution-weather alerts over HTTP, /api/v1/alerts…: the city officer issues an alert
# around today for one township (201 with the alert); the public catalog's banner shows it without
# signing in and without any unit's measure; the measures paged and filtered, as CSV and as a
# workbook; an enterprise user sees only its own result and its own site's, and /api/v1/my/alert
# says what the alert asks of it; raised and widened, the diff names who changed; lifted, it leaves
# the banner. Bad input is 400 naming the field, a stale version 409, a lifted alert 409, a
# missing one 404 — each changing nothing; roles that may not write are 403 at the door, a county
# officer without the city's notice 400; the audit trail verifies afterwards.
. "$(dirname "$0")/lib.sh"
setup_db
sql "UPDATE enterprises SET air_emitter = 1;
INSERT INTO sites (id, project, category, builder_uscc, builder_name, township, department, status, listed, created_by, created_at) VALUES
 (1, '平山县第一中学教学楼', 'school', '$ENT_A', '甲钢铁有限公司', '平山镇', 'education', 'under_construction', 1, 'test', 'x'),
 (2, '温塘镇商业综合体', 'key_project', '$ENT_B', '乙水泥有限公司', '温塘镇', 'development_reform', 'under_construction', 0, 'test', 'x');" || exit 1
"$GREENLANE" audit seal >/dev/null || exit 1
start_server

declare -A TOK
for u in enterprise enterprise_b county_officer county_legal city_officer dept_officer admin; do
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
counts() { sql "SELECT (SELECT COUNT(*) FROM alerts) || '/' || (SELECT COUNT(*) FROM alert_versions) || '/' || (SELECT COUNT(*) FROM alert_result_blocks) || '/' || (SELECT COUNT(*) FROM audit_log)"; }
refused() { # STATUS CODE FIELD DESCRIPTION USER METHOD PATH [JSON]
	local st=$1 code=$2 field=$3 what=$4
	shift 4
	local before
	before=$(counts)
	as "$@"
	expect_error "$st" "$code" "$field" "$what"
	[ "$(counts)" = "$before" ] && ok "$what: nothing changed" || not_ok "$what: nothing changed" "$before -> $(counts)"
}

YESTERDAY=$(date -d yesterday +%F)
TOMORROW=$(date -d tomorrow +%F)

req GET /api/v1/alerts/current
expect_status 200 "the banner's route answers without signing in"
[ "$(json 'd["items"]')" = "[]" ] && ok "no alert yet" || not_ok "no alert yet" "$body"

# --- issue: who may, and bad input
ISSUE="{\"level\":\"orange\",\"from\":\"${YESTERDAY}T20:00\",\"to\":\"$TOMORROW\",\"townships\":[\"平山镇\"],\"notice\":\"石家庄市重污染天气应急指挥部办公室通知\"}"
refused 403 forbidden "" "the legal reviewer may not issue" county_legal POST /api/v1/alerts "$ISSUE"
refused 403 forbidden "" "nor an enterprise" enterprise POST /api/v1/alerts "$ISSUE"
refused 403 forbidden "" "nor a sector department" dept_officer POST /api/v1/alerts "$ISSUE"
refused 400 invalid notice "a county officer without the city's notice" county_officer POST /api/v1/alerts "{\"level\":\"orange\",\"from\":\"$YESTERDAY\",\"to\":\"$TOMORROW\"}"
refused 400 invalid level "an unknown level" city_officer POST /api/v1/alerts "{\"level\":\"purple\",\"from\":\"$YESTERDAY\",\"to\":\"$TOMORROW\"}"
refused 400 invalid level "no level" city_officer POST /api/v1/alerts "{\"from\":\"$YESTERDAY\",\"to\":\"$TOMORROW\"}"
refused 400 invalid from "a date that does not exist" city_officer POST /api/v1/alerts '{"level":"red","from":"2022-13-01","to":"2022-12-02"}'
refused 400 invalid to "an end before the start" city_officer POST /api/v1/alerts '{"level":"red","from":"2022-06-08T12:00","to":"2022-06-08T06:00"}'
refused 400 invalid township "a township the registry does not know" city_officer POST /api/v1/alerts '{"level":"red","from":"2022-06-08","to":"2022-06-09","townships":["不存在镇"]}'
refused 400 invalid "townships[0]" "a township that is not a string" city_officer POST /api/v1/alerts '{"level":"red","from":"2022-06-08","to":"2022-06-09","townships":[7]}'
refused 400 invalid extra "an unknown field" city_officer POST /api/v1/alerts '{"level":"red","from":"2022-06-08","to":"2022-06-09","extra":1}'

as city_officer POST /api/v1/alerts "$ISSUE"
expect_status 201 "the city officer issues an alert around today"
ID=$(json 'd["alert"]["id"]')
[ "$(json '[d["alert"]["state"], d["alert"]["version"], d["alert"]["enterprises"], d["alert"]["sites"], len(d["alert"]["versions"])]')" = '["in_force", 1, 1, 1, 1]' ] && ok "in force, version 1, one enterprise and one site reached" || not_ok "issued" "$body"

# --- the public banner
req GET /api/v1/alerts/current
[ "$(json '[(a["id"], a["level"], a["townships"], a["notice"]) for a in d["items"]]')" = "[[$ID, \"orange\", [\"\\u5e73\\u5c71\\u9547\"], \"\\u77f3\\u5bb6\\u5e84\\u5e02\\u91cd\\u6c61\\u67d3\\u5929\\u6c14\\u5e94\\u6025\\u6307\\u6325\\u90e8\\u529e\\u516c\\u5ba4\\u901a\\u77e5\"]]" ] && ok "the banner shows the level, the township and the notice" || not_ok "banner" "$body"
[ "$(json 'sorted(d["items"][0].keys())')" = '["from", "id", "level", "level_zh", "notice", "state", "to", "townships", "whole_county"]' ] && ok "and nothing per enterprise" || not_ok "banner keys" "$body"
expect_body "\"from\":\"${YESTERDAY}T20:00\"" "from, to the hour"

# --- measures
as county_officer GET "/api/v1/alerts/$ID/measures"
expect_status 200 "the county reads the measures"
[ "$(json '[d["total"], sorted(str(m["uscc"] or m["site"]) for m in d["items"])]')" = "[2, [\"1\", \"$ENT_A\"]]" ] && ok "the enterprise and the site of 平山镇" || not_ok "measures" "$body"
[ "$(json '[[m["row"], m["halted"], m["restricted"], m["stopped_processes"]] for m in d["items"] if m["unit"] == "enterprise"][0]')" = '["steel_long/B/orange", false, true, ["sinter", "pellet", "lime_kiln"]]' ] && ok "steel B at orange stops its sinter machines, pellet plants and lime kilns" || not_ok "steel B" "$body"
as county_officer GET "/api/v1/alerts/$ID/measures?limit=1&offset=1"
[ "$(json '[d["total"], len(d["items"]), d["items"][0]["unit"], d["offset"], d["limit"]]')" = '[2, 1, "site", 1, 1]' ] && ok "paged: the second of two is the site" || not_ok "paging" "$body"
as county_officer GET "/api/v1/alerts/$ID/measures?unit=site&kind=stop"
[ "$(json '[d["total"], d["items"][0]["row"]]')" = '[1, "site/listed/orange"]' ] && ok "?unit=site&kind=stop" || not_ok "unit filter" "$body"
as county_officer GET "/api/v1/alerts/$ID/measures?halted=true"
[ "$(json 'd["total"]')" = 0 ] && ok "?halted=true: nobody is halted at orange here" || not_ok "halted filter" "$body"
as county_officer GET "/api/v1/alerts/$ID/measures?township=%E6%B8%A9%E5%A1%98%E9%95%87"
[ "$(json 'd["total"]')" = 0 ] && ok "?township=温塘镇: not covered" || not_ok "township filter" "$body"
as county_officer GET "/api/v1/alerts/$ID/measures?kind=bogus"
expect_error 400 invalid kind "an unknown kind"
as county_officer GET "/api/v1/alerts/$ID/measures?version=7"
expect_error 400 invalid version "a version that does not exist"
as county_officer GET /api/v1/alerts/999/measures
expect_error 404 not_found id "an alert that does not exist"
as dept_officer GET "/api/v1/alerts/$ID/measures"
[ "$(json 'd["total"]')" = 2 ] && ok "the housing and construction bureau reads them too" || not_ok "dept" "$body"

# --- an enterprise sees its own
as enterprise GET "/api/v1/alerts/$ID/measures"
[ "$(json 'sorted(str(m["uscc"] or m["site"]) for m in d["items"])')" = "[\"1\", \"$ENT_A\"]" ] && ok "an enterprise user sees its own result and its site's" || not_ok "own" "$body"
as enterprise_b GET "/api/v1/alerts/$ID/measures"
[ "$(json '[d["total"], d["items"]]')" = '[0, []]' ] && ok "another enterprise sees nothing of the first's" || not_ok "other" "$body"
as enterprise GET /api/v1/my/alert
expect_status 200 "/my/alert"
[ "$(json '[(m["alert"]["id"], m["covered"], m["reached"], m["measure"]["row"]) for m in d["items"]]')" = "[[$ID, true, true, \"steel_long/B/orange\"]]" ] && ok "what the alert asks of the enterprise" || not_ok "my alert" "$body"
[ "$(json 'len(d["items"][0]["measure"]["explanation"]) >= 4 and d["items"][0]["measure"]["name"] == "甲钢铁有限公司"')" = true ] && ok "with its explanation" || not_ok "my explanation" "$body"
as enterprise_b GET /api/v1/my/alert
[ "$(json '[(m["covered"], m["reached"], m["measure"]) for m in d["items"]]')" = '[[false, false, null]]' ] && ok "an enterprise outside the townships is told it is not covered" || not_ok "my alert b" "$body"
as county_officer GET /api/v1/my/alert
expect_code 403 forbidden "/my/alert is an enterprise's"

# --- exports
as county_officer GET "/api/v1/alerts/$ID/measures.csv"
expect_status 200 "CSV"
expect_header "content-type: text/csv" "as text/csv"
expect_header "content-disposition: attachment; filename=\"?alert-$ID-measures.csv" "saved as alert-ID-measures.csv"
[ "$(printf '%s' "$body" | python3 -c 'import csv,sys; r=list(csv.reader(sys.stdin)); print(len(r), r[0][0])')" = "3 unit" ] && ok "a header and two rows" || not_ok "csv rows" "$body"
as enterprise_b GET "/api/v1/alerts/$ID/measures.csv"
[ "$(printf '%s' "$body" | python3 -c 'import csv,sys; print(len(list(csv.reader(sys.stdin))))')" = 1 ] && ok "another enterprise's CSV: the header only" || not_ok "csv b" "$body"
curl -s -o "$WORK/m.xlsx" -w '%{http_code}' -H "Authorization: Bearer ${TOK[county_officer]}" "$BASE/api/v1/alerts/$ID/measures.xlsx" >"$WORK/code"
[ "$(cat "$WORK/code")" = 200 ] && python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.read('xl/worksheets/sheet1.xml').decode().count('<row ') == 3" "$WORK/m.xlsx" && ok "the workbook: a header and two rows" || not_ok "xlsx"

# --- change, diff
CHANGE='{"level":"red","townships":["平山镇","温塘镇"],"reason":"市级升级并扩大范围","version":1}'
refused 403 forbidden "" "an enterprise may not change an alert" enterprise POST "/api/v1/alerts/$ID/change" "$CHANGE"
refused 400 invalid reason "a change without a reason" city_officer POST "/api/v1/alerts/$ID/change" '{"level":"red"}'
refused 400 invalid whole_county "the whole county and townships at once" city_officer POST "/api/v1/alerts/$ID/change" '{"whole_county":true,"townships":["平山镇"],"reason":"x"}'
as city_officer POST "/api/v1/alerts/$ID/change" "$CHANGE"
expect_status 200 "the city raises and widens the alert"
[ "$(json '[d["alert"]["version"], d["alert"]["level"], d["alert"]["enterprises"], d["alert"]["sites"]]')" = '[2, "red", 2, 2]' ] && ok "version 2: red, both townships" || not_ok "changed" "$body"
refused 409 conflict version "a change against the version read before" city_officer POST "/api/v1/alerts/$ID/change" "$CHANGE"
as county_officer GET "/api/v1/alerts/$ID/diff"
expect_status 200 "diff"
[ "$(json '[d["from_version"], d["to_version"], d["changed"], sorted(str(i["uscc"] or i["site"]) for i in d["items"])]')" = "[1, 2, 2, [\"2\", \"$ENT_B\"]]" ] && ok "who joined: the cement works and the unlisted site (steel B and the listed site keep their measure)" || not_ok "diff" "$body"
[ "$(json '[i["before"] for i in d["items"]]')" = '[null, null]' ] && ok "they were not reached before" || not_ok "diff before" "$body"
as enterprise_b GET "/api/v1/alerts/$ID/diff"
[ "$(json 'd["changed"]')" = 2 ] && ok "the second enterprise sees its own two changes" || not_ok "diff b" "$body"
as enterprise GET "/api/v1/alerts/$ID/diff"
[ "$(json '[d["changed"], d["items"]]')" = '[0, []]' ] && ok "the first sees none: its measures did not change" || not_ok "diff a" "$body"
as county_officer GET "/api/v1/alerts/$ID/diff?from_version=2&to_version=1"
expect_error 400 invalid from_version "a diff backwards"

# --- show, list, lift
as enterprise GET "/api/v1/alerts/$ID"
[ "$(json '[v["change"] for v in d["alert"]["versions"]]')" = '["issue", "change"]' ] && ok "an enterprise reads the alert with its versions" || not_ok "show" "$body"
as admin GET /api/v1/alerts
[ "$(json '[(a["id"], a["version"]) for a in d["items"]]')" = "[[$ID, 2]]" ] && ok "list" || not_ok "list" "$body"
as city_officer GET /api/v1/alerts/townships
[ "$(json 'd["items"]')" = '["\u5e73\u5c71\u9547", "\u6e29\u5858\u9547"]' ] && ok "the townships an alert may name" || not_ok "townships" "$body"
refused 403 forbidden "" "a sector department may not lift" dept_officer POST "/api/v1/alerts/$ID/lift" '{}'
as city_officer POST "/api/v1/alerts/$ID/lift" '{"reason":"空气质量好转"}'
expect_status 200 "the city lifts the alert"
[ "$(json '[d["alert"]["status"], d["alert"]["state"], d["alert"]["version"]]')" = '["lifted", "lifted", 3]' ] && ok "lifted as version 3" || not_ok "lifted" "$body"
refused 409 wrong_state id "a lifted alert is not lifted again" city_officer POST "/api/v1/alerts/$ID/lift" '{}'
refused 404 not_found id "lifting an alert that does not exist" city_officer POST /api/v1/alerts/999/lift '{}'
req GET /api/v1/alerts/current
[ "$(json 'd["items"]')" = "[]" ] && ok "the banner no longer shows it" || not_ok "banner after lift" "$body"
as enterprise GET /api/v1/my/alert
[ "$(json 'd["items"]')" = "[]" ] && ok "nor does the enterprise's card" || not_ok "my after lift" "$body"
as county_officer GET /api/v1/alerts/999
expect_error 404 not_found id "an alert that does not exist"

stop_server
run audit verify
expect_rc 0 "the audit trail verifies"
done_testing
