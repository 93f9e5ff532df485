#!/usr/bin/env bash
# Measure 6 over HTTP, /api/v1/supply/…: links recorded by the county officer and by the
# enterprise itself (201 with the link), to partners of the registry and outside it; the review of
# one enterprise and of all (each partner preferred or not with its explanation, targets,
# alternatives); a link ended (its open targets dropped); help targets set (visit_case_id null)
# and closed. Bad input is 400 naming the field, an enterprise not on the positive list or a link
# already running 409, another enterprise's records 404 as if missing — each changing nothing;
# roles that may not write are 403 at the door; the audit trail verifies afterwards.
. "$(dirname "$0")/lib.sh"
setup_db
BMINUS=91130131M60000037C # 丙铸造: foundry, B-
GRADE_A=91130131M600000457 # 丁铸造: foundry, A, not on the list
OUTSIDE=91110000M61000012N
sql "UPDATE enterprises SET positive_list = 1;
INSERT INTO enterprises (uscc, name, industry, township, grade, positive_list, updated_at) VALUES
	('$BMINUS', '丙铸造有限公司', 'foundry', '温塘镇', 'B-', 0, 'x'),
	('$GRADE_A', '丁铸造有限公司', 'foundry', '温塘镇', 'A', 0, 'x');" || exit 1
"$GREENLANE" audit seal >/dev/null || exit 1
start_server

declare -A TOK
for u in enterprise enterprise_b county_officer county_leader county_legal city_officer tax_officer admin; do
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
counts() { sql "SELECT (SELECT COUNT(*) FROM supply_links) || '/' || (SELECT COUNT(*) FROM supply_links WHERE ended_at IS NULL) || '/' || (SELECT COUNT(*) FROM supply_help_targets) || '/' || (SELECT COUNT(*) FROM supply_help_targets WHERE status = 'open') || '/' || (SELECT COUNT(*) FROM audit_log)"; }
# refused STATUS CODE FIELD DESCRIPTION USER METHOD PATH [JSON]: the error, and nothing changed.
refused() {
	local st=$1 code=$2 field=$3 what=$4
	shift 4
	local before
	before=$(counts)
	as "$@"
	expect_error "$st" "$code" "$field" "$what"
	[ "$(counts)" = "$before" ] && ok "$what: nothing changed" || not_ok "$what: nothing changed" "$before -> $(counts)"
}
link() { printf '{"uscc":"%s","direction":"%s","partner_uscc":"%s","product":"%s","today":"2022-06-01"%s}' "$@"; }

as county_officer POST /api/v1/supply/links "$(link "$ENT_A" upstream "$BMINUS" 铸件 '')"
expect_status 201 "the county officer records a link"
L1=$(json 'd["link"]["id"]')
[ "$(json '" ".join(str(x) for x in (d["link"]["partner_name"], d["link"]["partner_in_registry"], d["link"]["partner_grade"], d["link"]["targets"]))')" = "丙铸造有限公司 True B- []" ] &&
	ok "the answer is the link, its partner read from the registry" || not_ok "link body" "$body"
as enterprise POST /api/v1/supply/links "$(link "$ENT_A" upstream "$GRADE_A" 铸件 '')"
expect_status 201 "the enterprise records a link of its own"
L2=$(json 'd["link"]["id"]')
as enterprise POST /api/v1/supply/links "$(link "$ENT_A" downstream "$OUTSIDE" 钢材 ',"partner_name":"北京钢材贸易有限公司","partner_positive_list":true')"
expect_status 201 "a downstream partner outside the county, on a positive list, its grade not known"
L3=$(json 'd["link"]["id"]')
[ "$(json '" ".join(str(x) for x in (d["link"]["partner_grade_known"], d["link"]["partner_positive_list"], d["link"]["partner_in_registry"]))')" = "False True False" ] && ok "known and unknown said apart" || not_ok "outside link" "$body"
as enterprise_b POST /api/v1/supply/links "$(link "$ENT_B" upstream "$BMINUS" 熟料 '')"
expect_status 201 "another enterprise records its own"
L4=$(json 'd["link"]["id"]')

# bad input: 400 naming the field; state 409; another enterprise's 404 — nothing changed
refused 400 invalid direction "an unknown direction" county_officer POST /api/v1/supply/links "$(link "$ENT_A" sideways "$BMINUS" 铸件 '')"
refused 400 invalid partner_uscc "an outside partner's USCC with a wrong check character" county_officer POST /api/v1/supply/links "$(link "$ENT_A" upstream 91110000M61000012X 铸件 ',"partner_name":"某公司"')"
refused 400 invalid product "an empty product" county_officer POST /api/v1/supply/links "$(link "$ENT_A" upstream "$GRADE_A" '' '')"
refused 400 invalid product "no product" county_officer POST /api/v1/supply/links "{\"uscc\":\"$ENT_A\",\"direction\":\"upstream\",\"partner_uscc\":\"$GRADE_A\"}"
refused 400 invalid partner_positive_list "a list status that is not true or false" county_officer POST /api/v1/supply/links "$(link "$ENT_A" upstream "$OUTSIDE" 焦炭 ',"partner_name":"某公司","partner_positive_list":"yes"')"
refused 400 invalid partner_grade "a grade for a partner of the registry" county_officer POST /api/v1/supply/links "$(link "$ENT_A" upstream "$GRADE_A" 焦炭 ',"partner_grade":"C"')"
refused 400 invalid partner_name "an outside partner without its name" county_officer POST /api/v1/supply/links "$(link "$ENT_A" upstream "$OUTSIDE" 焦炭 '')"
refused 400 invalid colour "an unknown field" county_officer POST /api/v1/supply/links "$(link "$ENT_A" upstream "$GRADE_A" 焦炭 ',"colour":"red"')"
refused 409 wrong_state uscc "an enterprise not on the positive list" county_officer POST /api/v1/supply/links "$(link "$GRADE_A" upstream "$BMINUS" 铸件 '')"
refused 409 conflict partner_uscc "the same link while it runs" enterprise POST /api/v1/supply/links "$(link "$ENT_A" upstream "$BMINUS" ' 铸件 ' '')"
refused 404 not_found uscc "an enterprise user for another enterprise" enterprise_b POST /api/v1/supply/links "$(link "$ENT_A" upstream "$GRADE_A" 焦炭 '')"
refused 403 forbidden '' "the city officer may not record links" city_officer POST /api/v1/supply/links "$(link "$ENT_A" upstream "$GRADE_A" 焦炭 '')"
refused 403 forbidden '' "nor the legal reviewer" county_legal POST /api/v1/supply/links "$(link "$ENT_A" upstream "$GRADE_A" 焦炭 '')"

# reading
as enterprise GET /api/v1/supply/links
expect_status 200 "the enterprise lists its links"
[ "$(json '" ".join(str(l["id"]) for l in d["items"])')" = "$L1 $L2 $L3" ] && ok "its own three, upstream first" || not_ok "own links" "$body"
as county_officer GET /api/v1/supply/links
[ "$(json 'len(d["items"])')" = 4 ] && ok "the county officer lists all four" || not_ok "all links" "$body"
as enterprise_b GET "/api/v1/supply/links?uscc=$ENT_A"
expect_error 404 not_found uscc "another enterprise's links are as missing"
as tax_officer GET /api/v1/supply/links
expect_code 403 forbidden "the tax department may not read supply chains"
as enterprise GET "/api/v1/supply/review/$ENT_A?today=2022-06-15"
expect_status 200 "the enterprise reviews its partners"
[ "$(json '" ".join("%s:%s:%s" % (p["link"]["id"], p["preferred"], p["reason"]) for p in d["enterprises"][0]["partners"])')" = "$L1:False:below_grade $L2:True:grade $L3:True:positive_list" ] &&
	ok "B- not preferred, A preferred, an outside partner on the list preferred" || not_ok "review" "$body"
[ "$(json '[p for p in d["enterprises"][0]["partners"] if not p["preferred"]][0]["alternatives"][0]["uscc"]')" = "$GRADE_A" ] && ok "the alternative to 丙: 丁, which supplies the same product" || not_ok "alternatives" "$body"
json '"\n".join(d["enterprises"][0]["partners"][0]["explanation"])' | grep -q '绩效等级 B-：低于 B 级' && ok "with its explanation" || not_ok "explanation"
as enterprise_b GET "/api/v1/supply/review/$ENT_A"
expect_error 404 not_found uscc "another enterprise's review is as missing"
as county_legal GET "/api/v1/supply/review?today=2023-02-01"
expect_status 200 "the legal reviewer reads the county's review"
[ "$(json '" ".join(str(x) for x in (len(d["enterprises"]), d["in_window"], d["reviewed"]))')" = "2 False True" ] && ok "two enterprises; after the period, still reviewed" || not_ok "county review" "$body"
as county_officer GET "/api/v1/supply/review?today=2022-02-30"
expect_error 400 invalid today "a day that is no date"

# help targets
refused 403 forbidden '' "the enterprise may not set a help target" enterprise POST /api/v1/supply/targets "{\"link_id\":$L1,\"target\":\"帮扶\"}"
refused 404 not_found link_id "a target on a link that does not exist" county_officer POST /api/v1/supply/targets '{"link_id":999,"target":"帮扶","today":"2022-06-20"}'
refused 400 invalid target "an empty target" county_officer POST /api/v1/supply/targets "{\"link_id\":$L1,\"target\":\"\",\"today\":\"2022-06-20\"}"
refused 400 invalid link_id "no link" county_officer POST /api/v1/supply/targets '{"target":"帮扶"}'
as county_leader POST /api/v1/supply/targets "{\"link_id\":$L1,\"target\":\"帮扶丙铸造提升至 B 级\",\"today\":\"2022-06-20\"}"
expect_status 201 "the county leader sets a help target"
[ "$(json '" ".join(str(x) for x in (d["target"]["status"], d["target"]["visit_case_id"], d["target"]["link_id"]))')" = "open None $L1" ] && ok "open, no visit planned yet" || not_ok "target body" "$body"
T1=$(json 'd["target"]["id"]')
as county_officer POST /api/v1/supply/targets "{\"link_id\":$L4,\"target\":\"帮扶\",\"today\":\"2022-06-20\"}"
T2=$(json 'd["target"]["id"]')
refused 400 invalid status "a closing that is neither met nor dropped" county_officer POST "/api/v1/supply/targets/$T1/close" '{"status":"done"}'
refused 404 not_found id "closing a target that does not exist" county_officer POST /api/v1/supply/targets/999/close '{"status":"met"}'
as county_officer POST "/api/v1/supply/targets/$T1/close" '{"status":"met","note":"复评 B 级","today":"2022-09-01"}'
expect_status 200 "a target closed as met"
[ "$(json '" ".join(str(x) for x in (d["target"]["status"], d["target"]["closed_on"], d["target"]["close_note"]))')" = "met 2022-09-01 复评 B 级" ] && ok "with the day and the note" || not_ok "closed target" "$body"
refused 409 wrong_state id "closing it again" county_officer POST "/api/v1/supply/targets/$T1/close" '{"status":"dropped"}'

# ending links
refused 404 not_found id "an enterprise user ends another enterprise's link: as missing" enterprise POST "/api/v1/supply/links/$L4/end" '{"today":"2022-10-01"}'
refused 404 not_found id "a link that does not exist" enterprise POST /api/v1/supply/links/999/end '{}'
refused 403 forbidden '' "the county leader may not end links" county_leader POST "/api/v1/supply/links/$L4/end" '{}'
as enterprise_b POST "/api/v1/supply/links/$L4/end" '{"reason":"停止合作","today":"2022-10-01"}'
expect_status 200 "the enterprise ends its own link"
[ "$(json '" ".join(str(x) for x in (d["link"]["ended"], d["link"]["ended_on"], d["link"]["end_reason"], d["link"]["targets"][0]["status"]))')" = "True 2022-10-01 停止合作 dropped" ] && ok "ended, its open target dropped" || not_ok "ended link" "$body"
refused 409 wrong_state id "ending it again" enterprise_b POST "/api/v1/supply/links/$L4/end" '{}'
refused 409 wrong_state link_id "a target on an ended link" county_officer POST /api/v1/supply/targets "{\"link_id\":$L4,\"target\":\"帮扶\"}"
as enterprise_b GET "/api/v1/supply/links?ended=true"
[ "$(json '" ".join(str(l["ended"]) for l in d["items"])')" = "True" ] && ok "?ended=true lists it" || not_ok "ended list" "$body"

as admin GET /api/v1/audit/verify
[ "$(json 'd["intact"]')" = true ] && ok "the audit trail and every seal hold" || not_ok "audit verify" "$body"

stop_server
done_testing
