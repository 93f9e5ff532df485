#!/usr/bin/env bash
# Measure 3's control measures over HTTP (三个禁用): POST /api/v1/controls/check answers whether
# the bans would allow a measure and why, writing nothing; POST /api/v1/controls records one
# (201) or, when the bans forbid it, answers 422 with the refusal's explanation lines and writes
# nothing (the whole database compared); bad input is 400 naming the field. Who reads: the
# enterprise sees only the measures on itself (and on the site it builds); the tax department, the
# approval bureau, the sector departments and the city's experts get 404 for a measure and 403
# for the list; only the county's enforcement officers propose. The leader's approval of a measure
# for a major risk goes through the engine's routes (GET /api/v1/cases/{id} offers approve and
# refuse to the leader; POST /api/v1/cases/{id}/steps), and the enterprise is told by message.
. "$(dirname "$0")/lib.sh"

setup_db
sql "UPDATE enterprises SET air_emitter = 1" || exit 1
sql "INSERT INTO sites (id, project, category, builder_uscc, builder_name, township, department,
	status, created_by, created_at) VALUES (1, '平山县第二中学教学楼', 'school', '$ENT_A', '甲钢铁有限公司', '平山镇',
	'education', 'under_construction', 'test', '2022-01-01T00:00:00Z')" || exit 1
"$GREENLANE" audit seal >/dev/null || exit 1
start_server

declare -A TOK
for r in $ROLES enterprise_b; do
	sign_in "u_$r"
	TOK[$r]=$TOKEN
done
as() { # ROLE METHOD PATH [JSON]
	local role=$1 method=$2 path=$3
	if [ $# -ge 4 ]; then
		req_json "$method" "$path" "$4" -H "Authorization: Bearer ${TOK[$role]}"
	else
		req "$method" "$path" -H "Authorization: Bearer ${TOK[$role]}"
	fi
}
dump() { db_dump | grep -v '^INSERT INTO sessions\|^INSERT INTO known_devices' | sha256sum; }
# refused ROLE METHOD PATH JSON STATUS FIELD DESCRIPTION: the error names FIELD, nothing changed.
refused() {
	local before
	before=$(dump)
	as "$1" "$2" "$3" "$4"
	local code=invalid
	case "$5" in 403) code=forbidden ;; 404) code=not_found ;; esac
	expect_error "$5" "$code" "$6" "$7"
	[ "$(dump)" = "$before" ] && ok "$7: nothing changed" || not_ok "$7: nothing changed"
}

HALT='{"uscc": "'$ENT_A'", "kind": "halt_production", "from": "2022-06-01", "to": "2022-06-10", "reason": "颗粒物超标", "today": "2022-05-30"}'

# --- the check writes nothing and says why

before=$(dump)
as county_legal POST /api/v1/controls/check "${HALT/, \"reason\": \"颗粒物超标\"/}"
expect_status 200 "a legal reviewer checks a halt"
[ "$(json '[d["decision"]["allowed"], d["decision"]["outcome"], d["decision"]["ground"], d["decision"]["in_window"], d["decision"]["reached"], d["decision"]["days_in_window"]]')" = '[false, "refused", "none", true, true, 10]' ] &&
	ok "refused: in the window, an air emitter, 10 days" || not_ok "check" "$body"
[ "$(json 'any("除恶意违法和存在重大环境风险隐患情况外" in l for l in d["decision"]["explanation"]) and any("可以采取的途径" in l for l in d["decision"]["explanation"])')" = true ] &&
	ok "the explanation quotes the clause and what would allow it" || not_ok "explanation" "$body"
as county_leader POST /api/v1/controls/check '{"uscc": "'$ENT_A'", "kind": "halt_production", "from": "2022-06-01", "to": "2022-06-10", "major_risk": "氨水储罐腐蚀", "evidence": 1, "today": "2022-05-30"}'
[ "$(json '[d["decision"]["allowed"], d["decision"]["outcome"], d["decision"]["exception"]]')" = '[false, "awaiting_approval", "major_risk"]' ] &&
	ok "with evidence to come, a major risk awaits the leader" || not_ok "check major risk" "$body"
as county_officer POST /api/v1/controls/check '{"uscc": "'$ENT_A'", "kind": "other", "other_kind": "intensified_monitoring", "from": "2022-06-01", "to": "2022-06-10", "today": "2022-05-30"}'
[ "$(json '[d["decision"]["allowed"], d["decision"]["ground"]]')" = '[true, "not_banned"]' ] && ok "intensified monitoring is allowed" || not_ok "check other" "$body"
[ "$(dump)" = "$before" ] && ok "checks write nothing" || not_ok "checks write nothing"
refused county_officer POST /api/v1/controls/check '{"uscc": "'$ENT_A'", "kind": "shut", "from": "2022-06-01", "to": "2022-06-10", "today": "2022-05-30"}' 400 kind "a check of an unknown kind"
as enterprise POST /api/v1/controls/check "$HALT"
expect_status 403 "an enterprise checks nothing"

# --- refused by the bans: 422, nothing written

before=$(dump)
as county_officer POST /api/v1/controls "$HALT"
expect_status 422 "a halt in the window: 422"
[ "$(json '[d["error"]["code"], d["error"]["field"], d["decision"]["outcome"], len(d["explanation"]) > 5, d["explanation"] == d["decision"]["explanation"]]')" = '["refused", "kind", "refused", true, true]' ] &&
	ok "the refusal with its explanation lines" || not_ok "422 body" "$body"
[ "$(json '"措施三“三个禁用”" in d["error"]["message"] and "在非企业重污染天气应急预警时" in d["error"]["message"]')" = true ] &&
	ok "its message names measure 3 and the clause" || not_ok "422 message" "$body"
[ "$(dump)" = "$before" ] && ok "the refused measure wrote nothing" || not_ok "the refused measure wrote nothing"
as county_officer POST /api/v1/controls '{"site": 1, "kind": "stop_work", "from": "2022-06-01", "to": "2022-06-02", "reason": "扬尘", "today": "2022-05-30"}'
expect_status 422 "a stoppage of a site under construction: 422"

# --- bad input: 400 naming the field

refused county_officer POST /api/v1/controls "${HALT/$ENT_A/91130131M10000012X}" 400 uscc "a bad USCC"
refused county_officer POST /api/v1/controls "${HALT/halt_production/close_down}" 400 kind "an unknown kind"
refused county_officer POST /api/v1/controls "${HALT/\"to\": \"2022-06-10\"/\"to\": \"2022-05-31\"}" 400 to "to before from"
refused county_officer POST /api/v1/controls "${HALT/, \"reason\": \"颗粒物超标\"/}" 400 reason "no reason"
refused county_officer POST /api/v1/controls "${HALT/\"uscc\": \"$ENT_A\"/\"site\": 9}" 400 site "no such site"
refused county_officer POST /api/v1/controls "${HALT/\"today\"/\"colour\": \"red\", \"today\"}" 400 colour "an unknown field"
refused county_leader POST /api/v1/controls "$HALT" 403 "" "a leader does not propose"

# --- recorded

OTHER='{"uscc": "'$ENT_A'", "kind": "other", "other_kind": "correct_while_producing", "from": "2022-06-01", "to": "2022-06-10", "reason": "边生产边整改", "today": "2022-05-30"}'
as county_officer POST /api/v1/controls "$OTHER"
expect_status 201 "a measure that keeps production going: 201"
C1=$(json 'd["id"]')
[ "$(json '[d["control"]["state"], d["control"]["kind"], d["control"]["other_label"], d["control"]["unit"]["uscc"], d["decision"]["allowed"]] == ["in_force", "other", "边生产边整改", "'$ENT_A'", True]')" = true ] &&
	ok "in force, with its unit and kind" || not_ok "201 body" "$body"
as county_officer POST /api/v1/controls "${OTHER/$ENT_A/$ENT_B}"
C2=$(json 'd["id"]')
[ -n "$C2" ] && ok "another on enterprise B" || not_ok "C2" "$body"

# --- a major risk: the leader approves through the engine

EVIDENCE='"documents": [{"name": "风险隐患证据", "file_name": "record.txt", "content_base64": "'$(printf '现场检查笔录' | base64 -w0)'"}], "today"'
RISK='{"uscc": "'$ENT_A'", "kind": "halt_production", "from": "2022-06-01", "to": "2022-06-20", "reason": "氨水储罐腐蚀", "major_risk": "氨水储罐腐蚀，存在泄漏风险", "today": "2022-05-30"}'
PHOTO='"documents": [{"name": "照片", "file_name": "a.jpg", "content_base64": "eA=="}], "today"'
refused county_officer POST /api/v1/controls "${RISK/\"today\"/$PHOTO}" 400 "documents[0].name" "evidence of another name"
as county_officer POST /api/v1/controls "${RISK/\"today\"/$EVIDENCE}"
expect_status 201 "a halt for a major risk with its evidence: 201"
C3=$(json 'd["id"]')
[ "$(json '[d["control"]["state"], d["control"]["phase"], d["control"]["effective_from"], d["decision"]["outcome"]]')" = '["awaiting_approval", "awaiting_approval", null, "awaiting_approval"]' ] &&
	ok "it awaits the leader" || not_ok "awaiting" "$body"
as county_leader GET "/api/v1/cases/$C3?today=2022-06-01"
[ "$(json 'sorted(o["name"] for o in d["offers"])')" = '["approve", "refuse"]' ] && ok "the leader is offered approve and refuse" || not_ok "leader offers" "$body"
as county_officer GET "/api/v1/cases/$C3?today=2022-06-01"
[ "$(json 'd["offers"]')" = '[]' ] && ok "the officer is offered nothing" || not_ok "officer offers" "$body"
as county_leader GET /api/v1/work?today=2022-06-01
[ "$(json "$C3 in [w[\"case\"][\"id\"] for w in d[\"work\"]]")" = true ] && ok "it is on the leader's work list" || not_ok "work" "$body"
refused county_officer POST "/api/v1/cases/$C3/steps" '{"action": "approve", "version": 1, "today": "2022-06-02"}' 403 role "an officer may not approve"
as county_leader POST "/api/v1/cases/$C3/steps" '{"action": "approve", "reason": "确属重大环境风险隐患", "version": 1, "today": "2022-06-02"}'
expect_status 200 "the leader approves"
as county_leader GET "/api/v1/controls/$C3?today=2022-06-05"
[ "$(json '[d["control"]["state"], d["control"]["phase"], d["control"]["effective_from"], d["control"]["decided_by"]]')" = '["in_force", "in_effect", "2022-06-02", "u_county_leader"]' ] &&
	ok "in force from the approval" || not_ok "approved" "$body"
as county_officer POST /api/v1/controls "${RISK/\"today\"/$EVIDENCE}"
C4=$(json 'd["id"]')
as county_leader POST "/api/v1/cases/$C4/steps" '{"action": "refuse", "version": 1, "today": "2022-06-02"}'
expect_code 400 invalid "a refusal needs its reason"
as county_leader POST "/api/v1/cases/$C4/steps" '{"action": "refuse", "reason": "证据不足", "version": 1, "today": "2022-06-02"}'
expect_status 200 "the leader refuses another"
as county_officer GET "/api/v1/controls/$C4"
[ "$(json '[d["control"]["state"], d["control"]["phase"], d["control"]["decision_reason"]] == ["refused_by_leader", "refused", "证据不足"]')" = true ] &&
	ok "refused by the leader, with the reason" || not_ok "refused" "$body"
as enterprise GET /api/v1/messages
[ "$(json "any(m.get(\"case_id\") == $C3 for m in d[\"messages\"])")" = true ] && ok "the enterprise is told of the measure on itself" || not_ok "message" "$body"

# --- who reads

as enterprise GET /api/v1/controls
[ "$(json 'sorted(c["id"] for c in d["controls"])')" = "[$C1, $C3, $C4]" ] && ok "the enterprise lists the measures on itself only" || not_ok "enterprise list" "$body"
as enterprise GET "/api/v1/controls/$C1"
expect_status 200 "and reads one"
as enterprise GET "/api/v1/controls/$C2"
expect_error 404 not_found id "another enterprise's measure is not found"
as enterprise_b GET /api/v1/controls
[ "$(json '[c["id"] for c in d["controls"]]')" = "[$C2]" ] && ok "enterprise B its own" || not_ok "B list" "$body"
for r in tax_officer approval_officer dept_officer township_officer city_expert; do
	as $r GET "/api/v1/controls/$C1"
	expect_error 404 not_found id "$r: a control measure is not found"
	as $r GET "/api/v1/cases/$C1"
	expect_status 404 "$r: nor its case"
	as $r GET /api/v1/controls
	expect_status 403 "$r: no list"
done
for r in county_officer county_legal county_leader city_officer admin; do
	as $r GET /api/v1/controls
	[ "$(json 'len(d["controls"])')" = 4 ] && ok "$r lists the four" || not_ok "$r list" "$body"
done
as county_legal GET "/api/v1/controls/$C1"
[ "$(json '[d["control"]["decision"]["ground"], any("m3.banned_measures" in l for l in d["control"]["decision"]["explanation"])]')" = '["not_banned", true]' ] &&
	ok "a measure's explanation as decided" || not_ok "show" "$body"
as county_officer GET /api/v1/controls/check
expect_status 404 "GET of the check names no measure"

done_testing
