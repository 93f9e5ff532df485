#!/usr/bin/env bash
# Measure 2's enforcement case over HTTP: the county officer files it with POST /api/v1/cases
# (choice and yes/no fields), takes it through the order to correct, the signed commitment (a
# document in base64) and the verification with POST /api/v1/cases/{id}/steps; the legal reviewer
# and the leader take their steps; GET /api/v1/enforcement/{id} answers the proposal with its
# explanation; the letters come as PDF. Refusals carry the one error shape naming the field; a
# step of another role is 403; the other enterprise and a role outside the case see 404; a letter
# before the order is 409.
. "$(dirname "$0")/lib.sh"
setup_db
start_server

declare -A TOK
for u in enterprise enterprise_b county_officer county_legal county_leader city_officer tax_officer admin; do
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
count() { sql "SELECT (SELECT COUNT(*) FROM cases) || '/' || (SELECT COUNT(*) FROM case_steps) || '/' || (SELECT COUNT(*) FROM audit_log)"; }

FILE='"procedure":"m2.enforcement","action":"file","uscc":"'$ENT_A'","today":"2022-05-10"'
FIELDS='"violation_type":"dust_control","found_on":"2022-05-10","officers":"王建国、李强","facts":"料场未苫盖","harm":"none","minor":"yes"'

before=$(count)
as county_officer POST /api/v1/cases "{$FILE,\"fields\":{${FIELDS/dust_control/littering}}}"
expect_error 400 invalid violation_type "an unknown violation type names the field"
expect_body '可选' "and lists the options"
as county_officer POST /api/v1/cases "{$FILE,\"fields\":{${FIELDS/\"minor\":\"yes\"/\"minor\":\"true\"}}}"
expect_error 400 invalid minor "a yes/no field takes yes or no"
as county_officer POST /api/v1/cases "{$FILE,\"fields\":{${FIELDS/2022-05-10/2022-05-11}}}"
expect_error 400 invalid found_on "found after the filing day names found_on"
as enterprise POST /api/v1/cases "{$FILE,\"fields\":{$FIELDS}}"
expect_code 403 forbidden "an enterprise files no enforcement case"
as city_officer POST /api/v1/cases "{$FILE,\"fields\":{$FIELDS}}"
expect_code 403 forbidden "nor does the city"
[ "$(count)" = "$before" ] && ok "the refusals changed nothing" || not_ok "refusals changed something" "$before → $(count)"

as county_officer POST /api/v1/cases "{$FILE,\"fields\":{$FIELDS}}"
expect_status 201 "the county officer files the case"
ID=$(json 'd["case"]["id"]')
V=$(json 'd["case"]["version"]')
[ "$(json '[o["name"] for o in d["offers"]]')" = '["investigate"]' ] && ok "the investigation is offered next" || not_ok "offers after filing" "$body"
as county_officer GET "/api/v1/enforcement/$ID"
expect_status 200 "GET /api/v1/enforcement/{id}"
[ "$(json '[d["enforcement"][k] for k in ("case_number", "party_name", "violation_label")] + [d["enforcement"]["proposal"]["outcome"]] == ["平环立〔2022〕1号", "甲钢铁有限公司", "未采取扬尘污染防治措施", "pending"]')" = true ] && ok "numbered, the party and violation named, the proposal pending" || not_ok "enforcement view" "$body"
as county_officer GET "/api/v1/enforcement/$ID/order.pdf"
expect_code 409 wrong_state "no order before it is issued"

# step USER JSON: one step on case $ID at the version last seen ($V), kept up to date.
step() {
	local data
	data=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d["version"]=int(sys.argv[2]); print(json.dumps(d, ensure_ascii=False))' "$2" "$V")
	as "$1" POST "/api/v1/cases/$ID/steps" "$data"
	[ "$status" = 200 ] && V=$(json 'd["case"]["version"]')
	return 0
}
step county_officer '{"action":"investigate","fields":{"findings":"经调查属实"},"today":"2022-05-11"}'
expect_status 200 "investigate"
step county_officer '{"action":"issue_order","fields":{"correction_mode":"by_date","correct_by":"2022-05-09","legal_basis":"依据","correction":"苫盖"},"today":"2022-05-11"}'
expect_error 400 invalid correct_by "a correction date before the case names correct_by"
step county_officer '{"action":"sign_commitment","documents":[],"today":"2022-05-11"}'
expect_code 409 wrong_state "a commitment without an order is out of order"
step county_officer '{"action":"issue_order","fields":{"correction_mode":"by_date","correct_by":"2022-05-20","legal_basis":"《中华人民共和国大气污染防治法》第一百一十五条","correction":"苫盖料场"},"today":"2022-05-11"}'
expect_status 200 "issue the order"
for who in county_officer enterprise county_legal; do
	as $who GET "/api/v1/enforcement/$ID/order.pdf"
	expect_status 200 "$who: the order as PDF"
	expect_header '^Content-Type: application/pdf' "$who: application/pdf"
	expect_header "filename=\"order-to-correct-$ID.pdf\"" "$who: Content-Disposition names it"
	text=$(pdftotext "$WORK/body" - 2>/dev/null | python3 -c 'import sys; print("".join(sys.stdin.read().split()))')
	for want in 平环责改〔2022〕1号 甲钢铁有限公司 "$ENT_A" 2022年5月20日前改正; do
		[[ "$text" == *"$want"* ]] && ok "$who: the order says $want" || not_ok "$who: the order says $want" "$text"
	done
done
as enterprise GET "/api/v1/enforcement/$ID/commitment.pdf"
expect_status 200 "the party gets the letter of commitment"
as enterprise_b GET "/api/v1/enforcement/$ID/commitment.pdf"
expect_code 404 not_found "another enterprise: 404"
as enterprise_b GET "/api/v1/enforcement/$ID"
expect_code 404 not_found "another enterprise sees no such case"
as enterprise_b GET "/api/v1/cases/$ID"
expect_code 404 not_found "nor through /cases"
# The procedure's readers: enforcement, legal, leading roles, the city, administrators.
for who in tax_officer; do
	as $who GET "/api/v1/enforcement/$ID"
	expect_code 404 not_found "$who: no such enforcement case"
	as $who GET "/api/v1/cases/$ID"
	expect_code 404 not_found "$who: nor through /cases"
	as $who GET "/api/v1/cases?procedure=m2.enforcement"
	[ "$(json 'len(d["cases"])')" = 0 ] && ok "$who: lists no enforcement case" || not_ok "$who: lists enforcement cases" "$body"
done
for who in county_legal county_leader city_officer admin; do
	as $who GET "/api/v1/enforcement/$ID"
	expect_status 200 "$who reads the enforcement case"
done
SCAN=$(printf '%%PDF-1.4 signed' | base64)
step county_officer "{\"action\":\"sign_commitment\",\"documents\":[{\"name\":\"承诺书（签字版）\",\"file_name\":\"signed.pdf\",\"content_base64\":\"$SCAN\"}],\"today\":\"2022-05-11\"}"
expect_status 200 "the signed scan is attached"
step county_officer '{"action":"verify_correction","fields":{"corrected":"yes","corrected_on":"2022-05-15"},"reason":"已苫盖","today":"2022-05-16"}'
expect_status 200 "verified"
as county_officer GET "/api/v1/enforcement/$ID"
[ "$(json '[d["enforcement"]["proposal"][k] for k in ("outcome", "ground", "no_penalty", "in_window")]')" = '["no_penalty", "minor", true, true]' ] && ok "no penalty, minor, in the window" || not_ok "proposal" "$body"
[ "$(json 'any("第三十三条第一款" in l for l in d["enforcement"]["proposal"]["explanation"])')" = true ] && ok "the explanation cites art. 33 ¶1" || not_ok "explanation" "$body"
step county_officer '{"action":"refer","reason":"想罚","today":"2022-05-16"}'
expect_error 409 wrong_state proposal "a referral straight against the proposal is refused naming it"
step county_officer '{"action":"propose_exemption","reason":"轻微并及时改正","fields":{"recommendation":"免予处罚"},"today":"2022-05-16"}'
expect_status 200 "propose the exemption"
step county_officer '{"action":"legal_pass","today":"2022-05-17"}'
expect_code 403 forbidden "an officer passes no legal review"
step county_legal '{"action":"legal_pass","reason":"同意","today":"2022-05-17"}'
expect_status 200 "the legal reviewer passes it"
[ "$(json '[o["name"] for o in d["offers"]]')" = '[]' ] && ok "the legal reviewer has nothing left to do" || not_ok "legal offers" "$body"
as county_leader GET "/api/v1/cases/$ID"
[ "$(json '[o["name"] for o in d["offers"]]')" = '["collective_exempt", "collective_refer"]' ] && ok "the leader is offered the collective review" || not_ok "leader offers" "$body"
step county_leader '{"action":"collective_exempt","fields":{"meeting_on":"2022-05-18","members":"赵国强、王建国、刘文静","education":"当场宣讲"},"today":"2022-05-18"}'
expect_status 200 "the leader records the collective review"
as enterprise GET "/api/v1/enforcement/$ID"
[ "$(json '[d["enforcement"]["state"], d["enforcement"]["outcome"]]')" = '["exempt", "exempt"]' ] && ok "the party sees its case closed exempt" || not_ok "closed" "$body"
as admin GET /api/v1/audit/verify
[ "$(json 'd["intact"]')" = true ] && ok "the audit chain and its seals hold" || not_ok "audit verify" "$body"

# A unit outside the registry, over HTTP
as county_officer POST /api/v1/cases "{\"procedure\":\"m2.enforcement\",\"action\":\"file\",\"uscc\":\"92130131MA0DEM0PX0\",\"today\":\"2022-05-10\",\"fields\":{${FIELDS},\"subject_name\":\"平山县某某喷涂加工厂\"}}"
expect_status 201 "a unit outside the registry is filed"
X=$(json 'd["case"]["id"]')
as county_officer GET "/api/v1/enforcement/$X"
[ "$(json '[d["enforcement"]["in_registry"], d["enforcement"]["party_name"], d["enforcement"]["case_number"]] == [False, "平山县某某喷涂加工厂", "平环立〔2022〕2号"]')" = true ] && ok "outside the registry, named, the year's second number" || not_ok "outside" "$body"
as county_officer POST /api/v1/cases "{\"procedure\":\"m2.enforcement\",\"action\":\"file\",\"uscc\":\"92130131MA0DEM0PX0\",\"today\":\"2022-05-10\",\"fields\":{${FIELDS}}}"
expect_error 400 invalid subject_name "outside the registry, the name is required"
as county_officer GET /api/v1/enforcement/999
expect_code 404 not_found "no such case: 404"

stop_server
done_testing
