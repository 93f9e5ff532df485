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
start_server

declare -A TOK
for r in $ROLES enterprise_b; do
	sign_in "u_$r"
	TOK[$r]=$TOKEN
done
as() { req "$2" "$3" -H "Authorization: Bearer ${TOK[$1]}"; }

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
done_testing
