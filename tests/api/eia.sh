#!/usr/bin/env bash
# /api/v1/eia/…: measure 4's construction projects and planning EIAs over HTTP — the roles that
# read them, an enterprise seeing only its own project (another's is 404 in the one error shape), a
# role that sees none (403), a bad id (400), and an EIA application's steps through /api/v1/cases:
# accepted first with a material missing, offered to its builder to supply.
. "$(dirname "$0")/lib.sh"

setup_db
echo pdf >"$WORK/a.pdf"
D="--today 2022-06-01"
P1=$("$GREENLANE" eia project add --name 甲化工扩建 --category chemical --township 平山镇 --builder $ENT_A --so2 6000 $D) || exit 1
P2=$("$GREENLANE" eia project add --name 乙光伏电站 --category photovoltaic --township 温塘镇 --builder $ENT_B $D) || exit 1
"$GREENLANE" eia plan add --park 西柏坡产业园 --name 总体规划 $D >/dev/null || exit 1
C1=$("$GREENLANE" eia apply "$P2" --type report_form --document 环境影响报告表=$WORK/a.pdf $D) || exit 1
"$GREENLANE" eia accept "$C1" --guide u_county_officer --guide-phone 13903110001 $D >/dev/null || exit 1
M2=$("$GREENLANE" case open m2.enforcement file --uscc $ENT_A --field violation_type=dust_control --field found_on=2022-05-10 \
	--field officers=王建国、李强 --field facts=料场未苫盖 --field harm=none --field minor=yes --today 2022-05-10 --as u_county_officer) || exit 1
start_server

declare -A TOK
for r in $ROLES enterprise_b; do
	sign_in "u_$r"
	TOK[$r]=$TOKEN
done
as() { # as ROLE METHOD PATH [JSON]
	if [ $# -ge 4 ]; then req_json "$2" "$3" "$4" -H "Authorization: Bearer ${TOK[$1]}"; else req "$2" "$3" -H "Authorization: Bearer ${TOK[$1]}"; fi
}

for r in enterprise county_officer county_legal county_leader city_officer approval_officer admin; do
	as "$r" GET /api/v1/eia/plans
	expect_status 200 "$r reads the plans"
done
for r in city_expert tax_officer dept_officer township_officer; do
	as "$r" GET /api/v1/eia/projects
	expect_error 403 forbidden "" "$r sees no project"
done
as approval_officer GET /api/v1/eia/projects
[ "$(json '[p["id"] for p in d["projects"]]')" = "[$P1, $P2]" ] && ok "the approval bureau lists every project" || not_ok "list" "$body"
as enterprise GET /api/v1/eia/projects
[ "$(json '[p["id"] for p in d["projects"]]')" = "[$P1]" ] && ok "an enterprise lists its own" || not_ok "own list" "$body"
as enterprise GET "/api/v1/eia/projects/$P2"
expect_error 404 not_found project "another enterprise's project is not found"
as enterprise_b GET "/api/v1/eia/projects/$P2"
[ "$(json '[d["project"]["infrastructure"], d["project"]["application"]["state"], d["project"]["application"]["guide_phone"], d["project"]["application"]["missing"]] == [True, "awaiting_materials", "13903110001", ["建设项目环评审批申请"]]')" = true ] && ok "the builder sees infrastructure, state, guide's phone and what is missing" || not_ok "project view" "$body"
as county_officer GET /api/v1/eia/projects/0
expect_error 404 not_found id "a bad id is not found, naming it"
as county_officer GET /api/v1/eia/projects/999
expect_error 404 not_found project "a missing project is not found"

# The application is a case like any other: the builder reads it with what it may do now.
as enterprise_b GET "/api/v1/cases/$C1"
[ "$(json 'd["case"]["state"], sorted(o["name"] for o in d["offers"])')" = "('awaiting_materials', ['supply', 'supply_part', 'withdraw'])" ] && ok "the builder is offered the supply" || not_ok "case offers" "$body"

# A deadline whose clock is stopped (accepted with a material missing) is not overdue years later:
# the case keeps the working days left when it stopped; the list shows it suspended, counting none.
[ "$(json '[[x["status"], x["working_days_left"], x["overdue"]] for x in d["deadlines"] if x["kind"] == "decision"] == [["suspended", 7, False]]')" = true ] && ok "a suspended decision deadline keeps its 7 working days and is not overdue" || not_ok "suspended deadline" "$body"
as enterprise_b GET /api/v1/cases
[ "$(json '[[c["next_deadline"]["suspended"], c["next_deadline"]["working_days_left"], c["next_deadline"]["overdue"]] for c in d["cases"]] == [[True, None, False]]')" = true ] && ok "the list shows it suspended, not overdue" || not_ok "suspended in the list" "$body"

# Writes: the same app functions as `greenlane eia …`.
dump() { sql "SELECT count(*) FROM m4_projects; SELECT count(*) FROM m4_plans; SELECT count(*) FROM m7_totals_reviews; SELECT count(*) FROM m4_guidance; SELECT count(*) FROM audit_log"; }
before=$(dump)
as enterprise POST /api/v1/eia/projects '{"name":"甲钢铁扩建","category":"steel","township":"平山镇","builder_uscc":"'$ENT_B'","so2":1000}'
expect_error 403 forbidden builder_uscc "a clerk cannot register another builder's project"
as county_officer POST /api/v1/eia/projects '{"name":"甲钢铁扩建","category":"nosuch","township":"平山镇","builder_uscc":"'$ENT_A'"}'
expect_error 400 invalid category "an unknown category is refused, naming it"
as county_officer POST /api/v1/eia/projects '{"name":"甲钢铁扩建","category":"steel","township":"平山镇","builder_uscc":"'$ENT_A'","so2":-1}'
expect_error 400 invalid so2 "negative grams are refused, naming the pollutant"
as approval_officer POST /api/v1/eia/plans '{"park":"","name":"规划"}'
expect_error 400 invalid park "a plan without a park is refused"
as county_officer POST "/api/v1/eia/projects/$P1/totals-review" '{"sources":[{"pollutant":"so2","kind":"reserve","account":"reserve:130131","grams":1}],"today":"2022-06-01"}'
expect_error 409 wrong_state sources "a review short of the need is refused"
as county_officer POST "/api/v1/eia/projects/$P1/totals-review" '{"sources":[{"pollutant":"so2","kind":"reserve","grams":12000}]}'
expect_error 400 invalid "sources[0]" "a source without its account is refused, naming it"
as county_officer POST "/api/v1/eia/applications/$C1/guidance" '{"help":""}'
expect_error 400 invalid help "an empty help is refused"
[ "$(dump)" = "$before" ] && ok "and nothing changed" || not_ok "a refused write changed the database"

as enterprise POST /api/v1/eia/projects '{"name":"甲钢铁扩建","category":"steel","township":"平山镇","nox":2000,"today":"2022-06-01"}'
[ "$status" = 201 ] && [ "$(json '[d["project"]["builder_uscc"], d["project"]["needs"]["nox"]] == ["'$ENT_A'", 4000]')" = true ] && ok "a clerk registers its own project (201), its need at the offset ratio" || not_ok "project add" "$status $body"
P3=$(json 'd["project"]["id"]')
as approval_officer POST /api/v1/eia/plans '{"park":"温塘园区","name":"温塘园区总体规划","today":"2022-06-01"}'
[ "$status" = 201 ] && [ "$(json 'd["plan"]["state"]')" = in_review ] && ok "the approval officer records a plan in review" || not_ok "plan add" "$status $body"
PL=$(json 'd["plan"]["id"]')
as approval_officer POST "/api/v1/eia/plans/$PL/approve" '{"on":"2022-06-01","today":"2022-06-01"}'
[ "$status" = 200 ] && [ "$(json 'd["plan"]["approved_on"]')" = 2022-06-01 ] && ok "and approves it" || not_ok "plan approve" "$status $body"
as approval_officer POST "/api/v1/eia/plans/$PL/approve" '{}'
expect_error 409 wrong_state plan "a plan approved twice is refused"
"$GREENLANE" ledger reduction --client-id eia-nox --pollutant nox --grams 4000 --project 某厂脱硝改造 --day 2022-05-01 >/dev/null || exit 1
as county_officer POST "/api/v1/eia/projects/$P3/totals-review" '{"sources":[{"pollutant":"nox","kind":"reserve","account":"reserve:130131","grams":4000}],"on":"2022-06-01","today":"2022-06-01"}'
[ "$status" = 201 ] && [ "$(json '[d["project"]["totals_review"]["passed"], d["project"]["totals_review"]["sources"][0]["grams"]] == [True, 4000]')" = true ] && ok "the county officer records a totals review" || not_ok "totals review" "$status $body"
as county_officer POST "/api/v1/eia/applications/$C1/guidance" '{"help":"电话指导补齐审批申请","on":"2022-06-01","today":"2022-06-01"}'
[ "$status" = 201 ] && [ "$(json '[g["help"] for g in d["application"]["guidance"]] == ["电话指导补齐审批申请"]')" = true ] && ok "the guide records a help" || not_ok "guidance" "$status $body"
as enterprise_b GET "/api/v1/eia/applications/$C1"
[ "$status" = 200 ] && [ "$(json 'd["application"]["materials"] == ["环境影响报告表"] and len(d["application"]["guidance"]) == 1')" = true ] && ok "the builder reads its application's materials and help" || not_ok "application" "$status $body"
as enterprise GET "/api/v1/eia/applications/$C1"
expect_code 404 not_found "another enterprise's application is not found"

# The approval bureau works on the EIA applications only.
as approval_officer GET /api/v1/cases
[ "$(json 'sorted(set(c["procedure"] for c in d["cases"])) == ["m4.eia"]')" = true ] && ok "shenpi's cases are the EIA applications, not a declaration or an enforcement case" || not_ok "shenpi's cases" "$body"
as approval_officer GET "/api/v1/cases/$M2"
expect_code 404 not_found "an enforcement case is not found for the approval bureau"
as approval_officer POST "/api/v1/cases/$C1/steps" '{"action":"approve","version":2}'
expect_code 409 wrong_state "the approval officer steps the case: approve refused while materials are missing"

# In the demo county, with every measure's cases: shenpi reads the EIA applications only.
stop_server
if [ -n "$TEST_PG_DB" ]; then
	psql "$GREENLANE_TEST_PG" -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE ${TEST_PG_DB}_demo" >/dev/null || exit 1
	TEST_PG_COPIES="$TEST_PG_COPIES ${TEST_PG_DB}_demo"
	export GREENLANE_DB=$(pg_url "${TEST_PG_DB}_demo") GREENLANE_AUDIT_KEY="$WORK/demo.db.audit-key" GREENLANE_AUDIT_ANCHORS="$WORK/demo.db.audit-anchors"
else
	export GREENLANE_DB="$WORK/demo.db"
fi
"$GREENLANE" demo >/dev/null || exit 1
start_server
PASSWORD=greenlane-demo sign_in shenpi
as_shenpi() { req "$1" "$2" -H "Authorization: Bearer $TOKEN"; }
TOK[shenpi]=$TOKEN
as_shenpi GET /api/v1/cases
[ "$(json 'sorted(set(c["procedure"] for c in d["cases"])) == ["m4.eia"] and len(d["cases"]) == 6')" = true ] && ok "in the demo shenpi lists the six EIA applications only, no release of the reserve" || not_ok "shenpi's demo cases" "$body"
M1=$(sql "SELECT min(id) FROM cases WHERE procedure = 'm1.declaration'")
as_shenpi GET "/api/v1/cases/$M1"
expect_code 404 not_found "a measure-1 declaration is not found for the approval bureau"
done_testing
