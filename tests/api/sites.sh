#!/usr/bin/env bash
# Measure 8 over HTTP: construction sites (/api/v1/sites…) and the application for the county's
# positive list of key construction projects through the engine's routes (POST /api/v1/cases,
# procedure m8.listing; POST /api/v1/cases/{id}/steps), end to end — registration with bad input
# refused naming the field and nothing changed, the dust check, the competent department, the
# joint review's three seats (all three pass; one returns), the publication for five working days
# from the day before National Day 2022, an objection upheld on another site, listing, the
# inspections of a listed site with and without a reason the list allows, the removal by a failed
# dust check, a change refused on a stale version, a site finished. Roles probe each other's data:
# an enterprise finds only its own sites, a department only its department's, a township only its
# township's (404 as for a missing one), the tax department none (403). The public list
# (/api/v1/public/sites) answers without a sign-in with the listed sites only and exactly the
# public fields.
. "$(dirname "$0")/lib.sh"

EDU=11130131000012343M  # 平山县教育局, outside the registry
HOSP=12130131000056784C # 平山县人民医院, outside the registry

setup_db
for u in "u_education --role dept_officer --department education" \
	"u_health --role dept_officer --department 卫健局" \
	"u_urban --role dept_officer --department urban_management" \
	"u_wentang --role township_officer --township 温塘镇"; do
	# shellcheck disable=SC2086
	echo "$PASSWORD" | "$GREENLANE" user add $u >/dev/null || exit 1
done
start_server

declare -A TOK
for r in $ROLES enterprise_b education health urban wentang; do
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
dump() { db_dump | grep -v '^INSERT INTO sessions\|^INSERT INTO known_devices\|^INSERT INTO login_throttle' | sha256sum; }
# refused ROLE METHOD PATH JSON STATUS FIELD DESCRIPTION: the error names FIELD, nothing changed.
refused() {
	local before
	before=$(dump)
	as "$1" "$2" "$3" "$4"
	local code=invalid
	case "$5" in 403) code=forbidden ;; 404) code=not_found ;; 409) code=wrong_state ;; esac
	expect_error "$5" "$code" "$6" "$7"
	[ "$(dump)" = "$before" ] && ok "$7: nothing changed" || not_ok "$7: nothing changed"
}
step() { # ROLE CASE ACTION DAY [JSON MEMBERS]: takes a step at the case's version
	local role=$1 id=$2 action=$3 on=$4 more=${5:-}
	as county_officer GET "/api/v1/cases/$id"
	local v
	v=$(json 'd["case"]["version"]')
	as "$role" POST "/api/v1/cases/$id/steps" "{\"action\":\"$action\",\"version\":$v,\"today\":\"$on\"${more:+,$more}}"
}
version_of() { as county_officer GET "/api/v1/cases/$1"; json 'd["case"]["version"]'; }

# --- registration

SCHOOL='"project":"平山县第三中学体育馆","category":"school","township":"平山镇","builder_uscc":"'$EDU'","builder_name":"平山县教育局","earthwork_m2":3500,"today":"2022-09-01"'
refused county_officer POST /api/v1/sites "{${SCHOOL/\"category\":\"school\"/\"category\":\"factory\"}}" 400 category "an unknown category"
refused county_officer POST /api/v1/sites "{${SCHOOL/平山镇/北京市}}" 400 township "an unknown township"
refused county_officer POST /api/v1/sites "{${SCHOOL/3500/-20}}" 400 earthwork_m2 "a negative earthwork area"
refused county_officer POST /api/v1/sites "{${SCHOOL/$EDU/11130131000012343X}}" 400 builder_uscc "a bad USCC"
refused county_officer POST /api/v1/sites '{"category":"school","township":"平山镇","builder_uscc":"'$EDU'","builder_name":"x"}' 400 project "no project"
refused county_officer POST /api/v1/sites "{$SCHOOL,\"colour\":\"red\"}" 400 colour "an unknown field"
refused enterprise POST /api/v1/sites '{"project":"厂房","category":"key_project","township":"平山镇","builder_uscc":"'$ENT_B'"}' 403 builder_uscc "an enterprise registers another builder's site"
as dept_officer POST /api/v1/sites "{$SCHOOL}"
expect_status 403 "a department registers no site at the door"
as county_officer POST /api/v1/sites "{$SCHOOL}"
expect_status 201 "the county officer registers a school"
[ "$(json '[d["site"][k] for k in ("id","department","department_name_zh","builder_registered","dust_control","listed","case_id")] == [1, "education", "县教育局", False, "unchecked", False, None]')" = true ] &&
	ok "its competent department follows from the category" || not_ok "site 1" "$body"
as enterprise POST /api/v1/sites '{"project":"甲钢铁厂区道路硬化","category":"road","township":"平山镇","earthwork_m2":1200,"today":"2022-09-01"}'
expect_status 201 "an enterprise registers its own site, the builder by default"
[ "$(json '[d["site"][k] for k in ("id","builder_uscc","builder_name","builder_registered","department")] == [2, "'$ENT_A'", "甲钢铁有限公司", True, "transport"]')" = true ] && ok "the builder's registry name" || not_ok "site 2" "$body"
as county_officer POST /api/v1/sites '{"project":"温塘镇卫生院","category":"医院","township":"温塘镇","builder_uscc":"'$HOSP'","builder_name":"平山县人民医院","today":"2022-09-01"}'
expect_status 201 "and a hospital in 温塘镇"

# --- who finds which site

list_ids() { as "$1" GET "/api/v1/sites${2:-}"; json '[s["id"] for s in d["sites"]]'; }
[ "$(list_ids enterprise)" = "[2]" ] && ok "an enterprise lists its own" || not_ok "enterprise list" "$body"
[ "$(list_ids enterprise_b)" = "[]" ] && ok "another enterprise none" || not_ok "enterprise_b list" "$body"
[ "$(list_ids education)" = "[1]" ] && ok "the education bureau the school" || not_ok "education list" "$body"
[ "$(list_ids health)" = "[3]" ] && ok "the health bureau the hospital" || not_ok "health list" "$body"
[ "$(list_ids dept_officer)" = "[1, 2, 3]" ] && ok "housing and construction every site" || not_ok "housing list" "$body"
[ "$(list_ids township_officer)" = "[1, 2]" ] && ok "平山镇 its township's" || not_ok "平山镇 list" "$body"
[ "$(list_ids wentang)" = "[3]" ] && ok "温塘镇 its own" || not_ok "温塘镇 list" "$body"
[ "$(list_ids county_officer '?category=school')" = "[1]" ] && ok "the branch filters by category" || not_ok "filtered" "$body"
[ "$(list_ids education '?department=health')" = "[]" ] && ok "a department asking for another's gets nothing" || not_ok "education asks for health" "$body"
for probe in "enterprise_b 2" "education 3" "health 1" "wentang 1" "township_officer 3"; do
	as ${probe% *} GET "/api/v1/sites/${probe#* }"
	expect_error 404 not_found id "${probe% *} does not find site ${probe#* }"
done
as tax_officer GET /api/v1/sites
expect_status 403 "the tax department lists no site"
as approval_officer GET /api/v1/sites/1
expect_status 403 "nor does the approval bureau read one"

# --- the dust check, and the application

B64=$(printf '申请表' | base64 -w0)
DOCS='[{"name":"申请表","file_name":"a.pdf","content_base64":"'$B64'"},{"name":"项目批准文件","file_name":"b.pdf","content_base64":"'$B64'"},{"name":"扬尘防治证明材料","file_name":"c.pdf","content_base64":"'$B64'"}]'
APPLY='{"procedure":"m8.listing","action":"apply","fields":{"site":"1"},"documents":'$DOCS',"today":"2022-09-05"}'
refused county_officer POST /api/v1/cases "$APPLY" 400 dust_control "no application before the dust check"
refused education POST /api/v1/sites/1/inspections '{"reason":"dust_recheck","dust_result":"passed","on":"2022-09-02","today":"2022-09-02"}' 403 dust_result "a department does not record a dust result"
for s in 1 2 3; do
	as urban POST /api/v1/sites/$s/inspections '{"reason":"dust_recheck","dust_result":"passed","note":"六个百分之百","on":"2022-09-02","today":"2022-09-02"}'
	expect_status 201 "the urban-management bureau checks site $s: passed"
done
refused county_officer POST /api/v1/cases "${APPLY/扬尘防治证明材料/其他材料}" 400 documents "an application without its dust-control evidence"
refused enterprise_b POST /api/v1/cases '{"procedure":"m8.listing","action":"apply","fields":{"site":"2"},"documents":'$DOCS',"today":"2022-09-05"}' 400 site "another enterprise applies for the site"
as county_officer POST /api/v1/cases "$APPLY"
expect_status 201 "the county officer applies for the school"
C1=$(json 'd["case"]["id"]')
as enterprise POST /api/v1/cases '{"procedure":"m8.listing","action":"apply","fields":{"site":"2"},"documents":'$DOCS',"today":"2022-09-05"}'
expect_status 201 "the builder applies for its own site"
C2=$(json 'd["case"]["id"]')
as enterprise_b GET "/api/v1/cases/$C2"
expect_error 404 not_found id "another enterprise does not find the application"
as enterprise GET "/api/v1/site-applications/$C2"
[ "$(json '[d["application"]["state"], d["application"]["department"], d["site"]["id"], d["objections"]]')" = '["applied", "transport", 2, []]' ] && ok "the builder reads its application with its site" || not_ok "site-application" "$body"

# --- the competent department only

for probe in health wentang enterprise_b; do
	step $probe $C1 dept_pass 2022-09-06
	expect_error 404 not_found id "$probe does not find the school's application"
done
step dept_officer $C1 dept_pass 2022-09-06
expect_error 403 forbidden department "housing and construction may not review the school for the education bureau"
as education GET /api/v1/work
[ "$(json '[(w["case"]["id"], [o["name"] for o in w["offers"]]) for w in d["work"]]')" = "[[$C1, [\"dept_pass\", \"dept_return\"]]]" ] &&
	ok "the education bureau's work: the school's review" || not_ok "education work" "$body"
step education $C1 dept_pass 2022-09-06 '"reason":"材料齐全"'
expect_status 200 "the education bureau passes it"

# --- the joint review: three seats

step wentang $C1 joint_township 2022-09-07
expect_error 404 not_found id "温塘镇 does not find 平山镇's application"
step education $C1 joint_housing 2022-09-07
expect_error 403 forbidden department "the education bureau takes no housing seat"
step township_officer $C1 joint_township 2022-09-07
[ "$status $(json 'd["case"]["state"]')" = "200 joint_review" ] && ok "平山镇 passes; two to go" || not_ok "township pass" "$body"
step dept_officer $C1 joint_housing 2022-09-08
[ "$status $(json 'd["case"]["state"]')" = "200 joint_review" ] && ok "housing and construction passes; one to go" || not_ok "housing pass" "$body"
as county_officer GET "/api/v1/cases/$C1"
[ "$(json '[o["name"] for o in d["offers"]]')" = '["joint_branch", "joint_return", "joint_refuse"]' ] && ok "the branch is offered its seat, and a return or refusal" || not_ok "branch offers" "$body"
step county_officer $C1 joint_branch 2022-09-09
[ "$status $(json 'd["case"]["state"]')" = "200 joint_passed" ] && ok "the branch passes last: joint_passed" || not_ok "branch pass" "$body"
[ "$(json '[r["kind"] for r in d["reviews"]]')" = '["competent_department", "joint_township", "joint_housing_construction", "joint_county_branch"]' ] && ok "each review recorded" || not_ok "reviews" "$body"

# the builder's site: one seat returns it
step county_officer $C2 dept_pass 2022-09-06
expect_error 403 forbidden role "the branch takes no department's review"
echo "$PASSWORD" | "$GREENLANE" user add u_transport --role dept_officer --department transport >/dev/null || exit 1
sign_in u_transport
TOK[transport]=$TOKEN
step transport $C2 dept_pass 2022-09-06
expect_status 200 "the transport bureau passes the road"
step township_officer $C2 joint_return 2022-09-07
expect_error 400 invalid reason "a return needs its reasons"
step township_officer $C2 joint_return 2022-09-07 '"reason":"道路占用村道，需先与村委会协商"'
[ "$status $(json 'd["case"]["state"]')" = "200 returned" ] && ok "the township returns it alone" || not_ok "joint return" "$body"

# --- publication from 2022-09-29

step county_officer $C1 publish 2022-09-29
[ "$(json '[(x["kind"], x["due"]) for x in d["deadlines"]]')" = '[["publication", "2022-10-11"]]' ] &&
	ok "published on 2022-09-29, the publication ends on 2022-10-11 (National Day skipped, 10-08 and 10-09 worked)" || not_ok "publication" "$body"
step county_officer $C1 list 2022-10-11
expect_error 409 wrong_state today "not listed on the publication's last day"
step county_officer $C1 list 2022-10-12
[ "$status $(json 'd["case"]["state"]')" = "200 listed" ] && ok "listed on 2022-10-12" || not_ok "listed" "$body"
as education GET /api/v1/sites/1
[ "$(json '[d["site"][k] for k in ("listed","listed_on","case_state")] + [d["site"]["application"]["publication_due"]]')" = '[true, "2022-10-12", "listed", "2022-10-11"]' ] && ok "the site is on the list" || not_ok "site listed" "$body"

# --- an objection upheld: the hospital of 温塘镇

as county_officer POST /api/v1/cases '{"procedure":"m8.listing","action":"apply","fields":{"site":"3"},"documents":'$DOCS',"today":"2022-09-05"}'
C3=$(json 'd["case"]["id"]')
step health $C3 dept_pass 2022-09-06
step wentang $C3 joint_township 2022-09-07
step dept_officer $C3 joint_housing 2022-09-07
step county_officer $C3 joint_branch 2022-09-07
step county_officer $C3 publish 2022-09-08
step county_officer $C3 object 2022-09-09 '"fields":{"content":"夜间施工扬尘严重","objector":"居民"}'
expect_status 200 "an objection recorded"
as county_officer GET "/api/v1/site-applications/$C3"
[ "$(json '[(o["status"], o["content"]) for o in d["objections"]] == [("pending", "夜间施工扬尘严重")]')" = true ] && ok "pending, with its content" || not_ok "objection" "$body"
step county_officer $C3 uphold_objection 2022-09-13 '"reason":"核实属实"'
[ "$status $(json 'd["case"]["state"]')" = "200 objection_upheld" ] && ok "upheld: not listed" || not_ok "upheld" "$body"

# --- inspections of the listed school

refused county_officer POST /api/v1/sites/1/inspections '{"reason":"routine","on":"2022-10-20","today":"2022-10-20"}' 400 reason "a routine inspection of a listed site"
[[ "$(json 'd["error"]["message"]')" == *m8.listed_benefits* ]] && ok "refused citing the list's benefits" || not_ok "message" "$body"
as county_officer POST /api/v1/sites/1/inspections '{"reason":"complaint","note":"接投诉","on":"2022-10-20","today":"2022-10-20"}'
expect_status 201 "an inspection on a complaint is recorded"
as township_officer POST /api/v1/sites/1/inspections '{"reason":"alert_check","on":"2022-11-20","today":"2022-11-20"}'
expect_status 201 "the township's during an alert"
as wentang POST /api/v1/sites/1/inspections '{"reason":"alert_check","on":"2022-11-20","today":"2022-11-20"}'
expect_error 404 not_found id "another township does not find it to inspect"
as enterprise POST /api/v1/sites/2/inspections '{"reason":"routine"}'
expect_status 403 "an enterprise inspects nothing"
as county_officer POST /api/v1/sites/2/inspections '{"reason":"routine","on":"2022-10-20","today":"2022-10-20"}'
expect_status 201 "an unlisted site for any reason"
as education GET /api/v1/sites/1/inspections
[ "$(json '[(i["reason"], i["unit"], i["listed"]) for i in d["inspections"]] == [("alert_check", "平山镇", True), ("complaint", "county_branch", True), ("dust_recheck", "urban_management", False)]')" = true ] &&
	ok "the school's inspections, newest first, each with its reason and unit" || not_ok "inspections" "$body"
as county_officer GET /api/v1/sites
[ "$(json '[(s["id"], s["inspections"], s["inspections_listed"]) for s in d["sites"]]')" = '[[1, 3, 2], [2, 2, 0], [3, 1, 0]]' ] && ok "counted on the list" || not_ok "counts" "$body"
as township_officer GET /api/v1/site-inspections
[ "$(json 'sorted({i["site"] for i in d["inspections"]})')" = '[1, 2]' ] && ok "a township reads the inspections of its township's sites" || not_ok "site-inspections" "$body"

# --- the public list, without signing in

req GET /api/v1/public/sites
expect_status 200 "the public list answers without a sign-in"
[ "$(json '[sorted(s.keys()) for s in d["sites"]] == [["builder_name", "category", "category_name_en", "category_name_zh", "listed_on", "project", "township", "township_name_en"]] and d["count"] == 1')" = true ] &&
	ok "only the listed site, with exactly the public fields" || not_ok "public keys" "$body"
[ "$(json '[d["sites"][0][k] for k in ("project","builder_name","listed_on")] == ["平山县第三中学体育馆", "平山县教育局", "2022-10-12"]')" = true ] && ok "its project, builder and day" || not_ok "public values" "$body"
printf '%s' "$body" | grep -q "$EDU\|dust\|inspect\|removed" && not_ok "the public list leaks a private field" "$body" || ok "no USCC, dust control or inspection in it"

# --- changes, a stale version, the failed dust check, a finish

as county_officer GET /api/v1/sites/2
V=$(json 'd["site"]["version"]')
as enterprise PATCH /api/v1/sites/2 '{"earthwork_m2":1500,"version":'$((V + 5))'}'
expect_error 409 conflict version "a change on a stale version"
refused enterprise PATCH /api/v1/sites/2 '{"earthwork_m2":-1,"version":'$V'}' 400 earthwork_m2 "a change to a negative area"
as enterprise PATCH /api/v1/sites/2 '{"earthwork_m2":1500,"version":'$V',"today":"2022-10-21"}'
[ "$status $(json '[d["site"]["earthwork_m2"], d["site"]["changes"][-1]["field"]]')" = '200 [1500, "earthwork_m2"]' ] && ok "the builder changes its returned site's area, recorded" || not_ok "patch" "$body"
as enterprise_b PATCH /api/v1/sites/2 '{"earthwork_m2":9,"version":1}'
expect_error 404 not_found id "another enterprise does not find it to change"
as county_officer GET /api/v1/sites/1
V=$(json 'd["site"]["version"]')
refused county_officer PATCH /api/v1/sites/1 '{"project":"新名","version":'$V'}' 409 id "a listed site is changed by the list's adjustment only"
as urban POST /api/v1/sites/1/inspections '{"reason":"dust_recheck","dust_result":"failed","note":"裸土未覆盖","on":"2022-11-28","today":"2022-11-28"}'
[ "$status $(json '[d["inspection"], d["site"]["listed"], d["site"]["removed_reason"], d["site"]["applications"][0]["state"]] == [None, False, "扬尘防治核查不合格：裸土未覆盖", "removed"]')" = '201 true' ] &&
	ok "a failed dust check removes the listed school, with what was found" || not_ok "dust failed" "$body"
req GET /api/v1/public/sites
[ "$(json 'd["count"]')" = 0 ] && ok "the public list is empty" || not_ok "public after removal" "$body"
as enterprise POST /api/v1/sites/2/finish '{"today":"2022-11-30"}'
expect_error 409 wrong_state id "a site whose application was returned is not finished before it is withdrawn"
step enterprise $C2 withdraw 2022-11-30
expect_status 200 "the builder withdraws it"
as enterprise POST /api/v1/sites/2/finish '{"note":"竣工","today":"2022-11-30"}'
[ "$status $(json '[d["site"]["status"], d["site"]["finished_on"]]')" = '200 ["finished", "2022-11-30"]' ] && ok "then finishes its site" || not_ok "finish" "$body"

"$GREENLANE" audit verify >/dev/null && ok "the audit chain and every seal verify" || not_ok "audit verify"
stop_server
done_testing
