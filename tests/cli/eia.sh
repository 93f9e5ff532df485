#!/usr/bin/env bash
# `greenlane eia` and the procedure m4.eia: measure 4's EIA service and measure 7's totals review
# walked from the command line on one database — a chemical project applied for with materials
# missing, accepted first (容缺受理) with its guide officer and phone, its approval refused naming
# the missing item, the materials supplied (once in part, then in full: the decision's clock
# stopped meanwhile), its approval refused for the totals review, the review refused for a
# shortfall and then passed, the approval; an infrastructure (photovoltaic) project approved
# without totals; a registration form filed and closed; a project under a park whose planning EIA
# is in review refused until the plan is approved, and the plan's day as the boundary; the guide's
# help recorded by the guide only; every bad input refused naming the field with nothing changed;
# an enterprise that does not see another's project; the acceptance due after National Day 2022;
# the audit chain verifying at the end.
. "$(dirname "$0")/lib.sh"

OWN=91130131M10000012G   # qiye's enterprise
OTHER=91130131M100000398 # qiye2's enterprise
OUTSIDE=11130131000012343M # outside the registry

run init
expect_rc 0 "init"
cat >enterprises.csv <<'CSV'
uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list
91130131M10000012G,甲化工,other,平山镇,B,1,0,0
91130131M100000398,乙建材,building_materials,温塘镇,C,1,0,0
CSV
run import enterprises enterprises.csv
expect_rc 0 "import enterprises"
add_user() { echo test-password-1 | "$GREENLANE" user add "$@" >/dev/null || exit 1; }
add_user xianju --role county_officer --display-name 王建国
add_user xianju2 --role county_officer
add_user shenpi --role approval_officer
add_user qiye --role enterprise --enterprise $OWN
add_user qiye2 --role enterprise --enterprise $OTHER
add_user shuiwu --role tax_officer
echo pdf >a.pdf

dump() { db_dump | sha256sum; }
refused() {
	local what=$1 field=$2 before
	shift 2
	before=$(dump)
	run "$@"
	expect_rc 1 "$what: exit 1"
	expect_match err "^greenlane: $field: " "$what: names $field"
	[ "$(dump)" = "$before" ] && ok "$what: nothing changed" || not_ok "$what: nothing changed"
}
jq_out() { printf '%s' "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); v=($1); print(v if isinstance(v, str) else repr(v))"; }
state_of() { sql "SELECT state FROM cases WHERE id = $1"; }
T="--today 2022-06-01"

# ---- projects: bad input names the field ----
refused "bad USCC" builder_uscc eia project add --name X --category chemical --township 平山镇 --builder 91130131MA0000004X --builder-name 丙 $T
refused "unknown category" category eia project add --name X --category casino --township 平山镇 $T --as qiye
refused "unknown township" township eia project add --name X --category chemical --township 火星镇 $T --as qiye
refused "fractional grams" so2 eia project add --name X --category chemical --township 平山镇 --so2 1.5 $T --as qiye
refused "another's project" builder_uscc eia project add --name X --category chemical --township 平山镇 --builder $OTHER $T --as qiye
refused "tax officer" role eia project add --name X --category chemical --township 平山镇 $T --as shuiwu

run eia project add --name 甲化工扩建项目 --category 化工 --township 平山镇 --so2 6000 --cod 333 $T --as qiye
expect_rc 0 "the builder registers its project"
P1=$out
run eia project add --name 丙光伏电站 --category photovoltaic --township 温塘镇 --builder $OUTSIDE --builder-name 丙新能源 --so2 100 $T --as xianju
expect_rc 0 "a county officer registers a builder outside the registry"
P2=$out
run eia project show "$P2" --json --as xianju
expect_out "$(printf '%s' "$out")" "show"
[ "$(jq_out "d['infrastructure']")" = True ] && ok "photovoltaic is infrastructure" || not_ok "photovoltaic is infrastructure" "$out"
run eia project show "$P1" --as qiye2
expect_rc 1 "another enterprise does not see the project"
expect_match err "没有建设项目" "answered as a missing one"
run eia project list --json --as qiye2
[ "$(jq_out "len(d)")" = 0 ] && ok "another enterprise lists none" || not_ok "another enterprise lists none" "$out"
run eia project list --json --as qiye
[ "$(jq_out "[p['id'] for p in d]")" = "[$P1]" ] && ok "the builder lists its own" || not_ok "the builder lists its own" "$out"

# ---- accept first, materials, totals ----
refused "registration form through apply" document_type eia apply "$P1" --type bogus $T --as qiye
run eia apply "$P1" --type report --document 环境影响报告书=a.pdf --document 建设项目环评审批申请=a.pdf $T --as qiye
expect_rc 0 "apply with materials missing"
C1=$out
refused "accept without a guide" guide eia accept "$C1" $T --as shenpi
refused "a guide who is no county officer" guide eia accept "$C1" --guide shenpi --guide-phone 13903110001 $T --as shenpi
refused "a bad phone" guide_phone eia accept "$C1" --guide xianju --guide-phone 12345 $T --as shenpi
run eia accept "$C1" --guide xianju --guide-phone 13903110001 $T --as shenpi
expect_out "accept_missing $C1" "accepted first (容缺受理)"
[ "$(state_of "$C1")" = awaiting_materials ] && ok "awaiting materials" || not_ok "awaiting materials"
[ "$(sql "SELECT missing FROM m4_applications WHERE case_id = $C1")" = '["公众参与说明","总量指标来源说明"]' ] && ok "the missing items listed once" || not_ok "the missing items listed once"
sql "SELECT body FROM messages ORDER BY id DESC LIMIT 1" | grep -q "公众参与说明.*王建国.*13903110001" && ok "the message names the missing items and the guide by name" || not_ok "the message names the missing items and the guide by name"
[ "$(sql "SELECT status FROM case_deadlines WHERE case_id = $C1 AND kind = 'decision'")" = suspended ] && ok "the decision's clock is stopped" || not_ok "the decision's clock is stopped"
refused "approval with materials missing" materials eia approve "$C1" --today 2022-06-02 --as shenpi
expect_match err "公众参与说明、总量指标来源说明" "names what is missing"
run eia supply "$C1" --document 公众参与说明=a.pdf --today 2022-06-02 --as qiye
expect_out "supply_part $C1" "supplied in part"
run eia guide "$C1" --note 指导补充总量指标来源说明 --today 2022-06-02 --as xianju2
expect_rc 1 "another officer is not the guide"
run eia guide "$C1" --note 指导补充总量指标来源说明 --today 2022-06-02 --as xianju
expect_rc 0 "the guide records help"
run eia supply "$C1" --document 总量指标来源说明=a.pdf --today 2022-06-06 --as qiye
expect_out "supply $C1" "supplied in full"
[ "$(state_of "$C1")" = in_review ] && ok "in review" || not_ok "in review"
[ "$(sql "SELECT due || ' ' || status FROM case_deadlines WHERE case_id = $C1 AND kind = 'decision'")" = "2022-06-27 running" ] && ok "15 working days, moved by the days stopped" || not_ok "decision due" "$(sql "SELECT * FROM case_deadlines WHERE case_id = $C1")"
refused "approval before the totals review" totals_review eia approve "$C1" --today 2022-06-07 --as shenpi
refused "a shortfall" sources eia totals-review "$P1" --source so2=reserve:130131:11000 --source cod=city:130100:500 --today 2022-06-07 --as xianju
expect_match err "二氧化硫.*缺口 1000 克" "names the pollutant and the gap"
refused "a bad account" sources eia totals-review "$P1" --source so2=reserve:1301:12000 --today 2022-06-07 --as xianju
refused "the approval officer does not review totals" role eia totals-review "$P1" --source so2=reserve:130131:12000 --source cod=city:130100:500 --today 2022-06-07 --as shenpi
refused "infrastructure has no totals to review" project eia totals-review "$P2" --source so2=reserve:130131:200 --today 2022-06-07 --as xianju
refused "sources the ledger cannot give" "sources\\[0\\]" eia totals-review "$P1" --source so2=reserve:130131:10000 --source so2=trade:enterprise:$OTHER:2000 --source cod=city:130100:500 --today 2022-06-07 --as xianju
run ledger reduction --client-id eia-r1 --pollutant so2 --grams 10000 --project 某厂脱硫改造 --day 2022-06-01
expect_rc 0 "a verified reduction feeds the reserve"
run ledger transfer --client-id eia-a1 --pollutant so2 --from origin:130131 --to enterprise:$OTHER --grams 2000 --day 2022-06-01
expect_rc 0 "the seller holds rights"
run ledger transfer --client-id eia-p0 --pollutant so2 --from origin:130131 --to project:$P1 --kind support --grams 1 --day 2022-06-02
expect_rc 1 "nothing reaches the project's account before its totals review (m7.procedure_order)"
expect_match err "总量审核" "naming the totals review"
run ledger transfer --client-id eia-c1 --pollutant cod --from origin:130100 --to city:130100 --grams 500 --day 2022-06-01
expect_rc 0 "the city's reserve is fed"
run eia totals-review "$P1" --source so2=reserve:130131:10000 --source so2=trade:enterprise:$OTHER:2000 --source cod=city:130100:500 --today 2022-06-07 --as xianju
expect_rc 0 "the totals review passes"
run eia approve "$C1" --today 2022-06-08 --as shenpi
expect_out "approve $C1" "approved"
run eia project show "$P1" --json --as qiye
[ "$(jq_out "d['totals_review']['lines'][0]['need_g'], d['application']['state'], d['application']['guide_name'], d['application']['guide_phone']")" = "(12000, 'approved', '王建国', '13903110001')" ] && ok "the project shows need, state and the guide by name with the phone" || not_ok "project view" "$out"
run eia project show "$P1" --as qiye
expect_match out '帮扶指导人 王建国 xianju（13903110001）' "the project's text names the guide"
run eia show "$C1" --json --as qiye
[ "$(jq_out "len(d['guidance']), len(d['materials'])")" = "(1, 4)" ] && ok "guidance and materials shown" || not_ok "guidance and materials" "$out"

# ---- infrastructure without totals ----
run eia apply "$P2" --type report_form --document 环境影响报告表=a.pdf --document 建设项目环评审批申请=a.pdf $T --as xianju
C2=$out
run eia accept "$C2" --guide xianju --guide-phone 13903110001 $T --as shenpi
expect_out "accept $C2" "complete: accepted"
[ "$(sql "SELECT due FROM case_deadlines WHERE case_id = $C2 AND kind = 'decision'")" = 2022-06-13 ] && ok "a report form's 7 working days (Dragon Boat Festival off)" || not_ok "report form due"
run eia approve "$C2" --today 2022-06-02 --as shenpi
expect_rc 0 "photovoltaic approved without totals"
sql "SELECT detail FROM audit_log WHERE action = 'case.approve' ORDER BY id DESC LIMIT 1" | grep -q "m4.infrastructure_categories" && ok "the explanation names the category's parameter" || not_ok "explanation names the parameter"

# ---- registration form: filed ----
run eia project add --name 乙建材仓库 --category logistics --township 温塘镇 $T --as qiye2
P3=$out
refused "filing without the form" documents eia apply "$P3" --type registration_form $T --as qiye2
run eia apply "$P3" --type registration_form --document 环境影响登记表=a.pdf $T --as qiye2
expect_rc 0 "registration form filed"
[ "$(state_of "$out")" = filed ] && ok "closed at filing" || not_ok "closed at filing"

# ---- parallel approval ----
refused "plan without a park" park eia plan add --name 总体规划 $T --as shenpi
run eia plan add --park 平山县西柏坡产业园 --name 产业园总体规划 $T --as shenpi
PLAN=$out
run eia project add --name 园区医药项目 --category pharmaceutical --township 平山镇 --plan "$PLAN" $T --as qiye2
P4=$out
run eia apply "$P4" --type report_form --document 环境影响报告表=a.pdf --document 建设项目环评审批申请=a.pdf --document 规划环评审查意见=a.pdf $T --as qiye2
C4=$out
run eia accept "$C4" --guide xianju --guide-phone 0311-82897200 $T --as shenpi
expect_out "accept $C4" "accepted while the plan is in review"
refused "approval while the plan is in review" plan eia approve "$C4" --today 2022-06-06 --as shenpi
expect_match err "产业园总体规划" "names the plan"
run eia plan approve "$PLAN" --on 2022-06-08 --today 2022-06-08 --as shenpi
expect_rc 0 "the plan approved"
refused "approval the day before the plan" plan eia approve "$C4" --today 2022-06-07 --as shenpi
run eia approve "$C4" --today 2022-06-08 --as shenpi
expect_rc 0 "approved the same day as the plan"

# ---- acceptance due after National Day ----
run eia project add --name 节前项目 --category steel --township 平山镇 --today 2022-09-30 --as qiye
run eia apply "$out" --type report_form --today 2022-09-30 --as qiye
[ "$(sql "SELECT due FROM case_deadlines WHERE case_id = $out AND kind = 'acceptance'")" = 2022-10-09 ] && ok "acceptance due on the second make-up working day" || not_ok "acceptance due after National Day"

run audit verify
expect_rc 0 "audit verifies"
done_testing
