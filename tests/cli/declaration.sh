#!/usr/bin/env bash
# The measure-1 procedure at the command line: a whole walk from submission to formal promotion,
# return and resubmission, the tax flag, deadlines and the sweep, and refusals (exit 1, a message,
# and nothing changed: the audit trail keeps its length).
. "$(dirname "$0")/lib.sh"

KEY=91130131M10000012G   # foundry, grade C, tax per tonne well above the average: key incentive
GEN=91130131M10000055X   # foundry, grade B-: general incentive
TOP=91130131M100000398   # foundry, grade A

run init
expect_rc 0 "init"
cat >enterprises.csv <<'CSV'
uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list
91130131M10000012G,甲铸造,foundry,平山镇,C,1,1,0
91130131M10000020B,乙铸造,foundry,平山镇,C,1,0,0
91130131M100000398,丙铸造,foundry,平山镇,A,1,0,0
91130131M10000055X,戊铸造,foundry,平山镇,B-,1,0,0
CSV
cat >annual.csv <<'CSV'
uscc,year,tax_yuan,rd_yuan,revenue_yuan,so2_t,nox_t,pm_t,vocs_t
91130131M10000012G,2021,1000000,,,4,3,2,1
91130131M10000020B,2021,100000,,,4,3,2,1
91130131M100000398,2021,100000,,,4,3,2,1
91130131M10000055X,2021,500000,,,4,3,2,1
CSV
run import enterprises enterprises.csv
expect_rc 0 "import enterprises"
run import annual annual.csv
expect_rc 0 "import annual figures"
printf '申报表' >form.pdf
printf '监测报告' >report.pdf

audit_len() { sql 'SELECT COUNT(*) FROM audit_log'; }
state_of() { sql "SELECT state || ' v' || version FROM cases WHERE id = $1"; }
grade_of() { sql "SELECT grade FROM enterprises WHERE uscc = '$1'"; }

# refused DESCRIPTION REGEX ARGS...: exit 1, stderr matches REGEX, the audit trail is unchanged.
refused() {
	local what=$1 re=$2 before
	shift 2
	before=$(audit_len)
	run "$@"
	expect_rc 1 "$what: exit 1"
	expect_match err "$re" "$what: says why"
	[ "$(audit_len)" = "$before" ] && ok "$what: nothing audited" ||
		not_ok "$what: nothing audited" "audit $before -> $(audit_len)"
}

# --- the walk: submission -> provisional -> formal
run declaration submit $KEY --year 2021 --grade-sought B- --document 申报表=form.pdf --document 证明材料=form.pdf --today 2022-09-28
expect_rc 0 "submit"
expect_match out '已提交申报 \(submitted\) 1$' "submit prints the id"
run declaration show 1 --today 2022-10-21
expect_match out 'county review due\): 2022-10-24.*剩余 1 个工作日' "county due 15 working days past National Day, 1 left"
expect_match out '未经县税务部门确认' "show flags unconfirmed tax figures"
expect_match out 'self-assessment\): key' "the self-assessment is kept"
expect_match out 'form.pdf  9 字节  blake2b:[0-9a-f]{64}' "the document is stored with its digest"

refused "decide before the reviews" '不能决定暂按高一级别管理' declaration decide 1 --provisional --today 2022-10-01
refused "second open declaration" '未办结' declaration submit $KEY --year 2021 --grade-sought B- --document 申报表=form.pdf --document 证明材料=form.pdf
refused "A grade" 'A 级' declaration submit $TOP --year 2021 --grade-sought A --document 申报表=form.pdf --document 证明材料=form.pdf
refused "stale version" '已被他人修改' declaration review 1 --approve --expect-version 9 --today 2022-10-10
refused "missing document file" 'no-such.pdf' declaration submit $GEN --year 2021 --grade-sought B --document 申报表=no-such.pdf --document 证明材料=form.pdf
# The materials the procedure lists: the form and the evidence are both required, and a document
# must be one of them (or "其他材料").
refused "a declaration without its evidence" '提交申报须附“证明材料”' declaration submit $GEN --year 2021 --grade-sought B --document 申报表=form.pdf --document 其他材料=form.pdf
refused "a document that is no listed material" 'documents\[1\]\.name: “监测报告”不是提交申报所列的材料（应为：申报表、证明材料、其他材料）' declaration submit $GEN --year 2021 --grade-sought B --document 申报表=form.pdf --document 监测报告=form.pdf --document 证明材料=form.pdf
[ "$(state_of 1)" = "submitted v1" ] && ok "refusals left the declaration alone" || not_ok "refusals left the declaration alone" "$(state_of 1)"

run declaration review 1 --approve --expect-version 1 --today 2022-10-10
expect_rc 0 "county approves"
refused "site verification without findings" '理由或意见' declaration city-review 1 --site --findings ' ' --today 2022-10-12
run declaration city-review 1 --preliminary --findings 材料齐全 --today 2022-10-12
expect_rc 0 "preliminary review"
refused "preliminary review twice" '初审已记录' declaration city-review 1 --preliminary --findings 再审 --today 2022-10-13
run declaration city-review 1 --site --findings 现场与申报一致 --today 2022-10-14
expect_rc 0 "site verification"
[ "$(state_of 1)" = "city_reviewed v4" ] && ok "both reviews: city_reviewed" || not_ok "both reviews: city_reviewed" "$(state_of 1)"
run declaration decide 1 --provisional --today 2022-10-31
expect_rc 0 "provisional decision"
[ "$(grade_of $KEY)" = "B-" ] && ok "the grade moves up provisionally" || not_ok "the grade moves up provisionally" "$(grade_of $KEY)"
# The county's registry file still says C: re-importing it keeps the grade the procedure holds.
run import enterprises enterprises.csv
expect_rc 0 "re-import during the grace period"
expect_match out '其中 1 家企业处于激励性绩效分级的临时等级' "the import says which grade it kept"
[ "$(grade_of $KEY)" = "B-" ] && ok "the provisional grade survives the re-import" ||
	not_ok "the provisional grade survives the re-import" "$(grade_of $KEY)"
run declaration show 1 --today 2023-10-30
expect_match out 'grace deadline\): 2023-10-31.*剩余 1 个工作日' "key incentive: 12 months, by the Civil Code"
run deadlines list --today 2023-10-30
expect_match out '^2023-10-31	申报 1	.*grace' "deadlines list shows the grace deadline"
run declaration indicators-met 1 --today 2023-10-31
expect_rc 0 "indicators met on the deadline day"
[ "$(state_of 1)" = "formal v6" ] && ok "formal" || not_ok "formal" "$(state_of 1)"
run declaration show 1
expect_match out 'provisional +C → B-' "grade history: provisional"
expect_match out 'formal +C → B-' "grade history: formal"
refused "indicators met twice" '不能确认指标已达标' declaration indicators-met 1

# --- return and resubmission; the sweep
run declaration submit $GEN --year 2021 --grade-sought B --document 申报表=form.pdf --document 证明材料=form.pdf --today 2022-08-01
expect_rc 0 "second enterprise submits"
refused "return without a reason" '理由' declaration review 2 --return --today 2022-08-05
run declaration review 2 --return --reason 缺少监测报告 --today 2022-08-05
expect_rc 0 "county returns"
run declaration list --state returned
expect_match out "^2	$GEN	2021	returned" "list --state returned"
run declaration resubmit 2 --document 证明材料=report.pdf --today 2022-08-08
expect_rc 0 "resubmission"
run declaration review 2 --approve --today 2022-08-10
run declaration city-review 2 --preliminary --findings 通过 --today 2022-08-15
run declaration city-review 2 --site --findings 通过 --today 2022-08-16
run declaration decide 2 --provisional --today 2022-08-31
expect_rc 0 "general incentive, provisional"
run declaration show 2
expect_match out 'grace deadline\): 2023-02-28' "2022-08-31 + 6 months = 2023-02-28"
run deadlines sweep --today 2023-02-28
expect_out "已撤销 0 个期满未达标的暂定等级 (reverted)" "nothing passes on the deadline day"
run deadlines sweep
expect_rc 2 "sweep needs --today"
run deadlines sweep --today 2023-03-01
expect_out "已撤销 1 个期满未达标的暂定等级 (reverted)" "the sweep reverts after the deadline"
[ "$(state_of 2)" = "reverted v8" ] && ok "reverted" || not_ok "reverted" "$(state_of 2)"
[ "$(grade_of $GEN)" = "B-" ] && ok "the grade goes back" || not_ok "the grade goes back" "$(grade_of $GEN)"
run declaration show 2
expect_match out 'reverted +B → B-.*2023-02-28' "grade history records why"

# --- tax confirmation
run tax confirm $KEY 2021
expect_rc 0 "tax confirm"
run declaration show 1
expect_match out '已经县税务部门确认' "the flag clears once confirmed"
refused "tax confirm without figures" '没有' tax confirm $KEY 2019

# --- acting as a named user: the user's role is checked
echo test-password-1 | "$GREENLANE" user add officer --role county_officer >/dev/null
echo test-password-1 | "$GREENLANE" user add clerk --role enterprise --enterprise $GEN >/dev/null
refused "declaring again on the figures of the reverted year" 'm1.redeclare_after_revert' declaration submit $GEN --year 2021 --grade-sought B --document 申报表=form.pdf --document 证明材料=form.pdf --today 2023-03-02 --as clerk
sed -n '1p;s/,2021,/,2022,/p' annual.csv >annual2022.csv
run import annual annual2022.csv
expect_rc 0 "the next year's figures"
run declaration submit $GEN --year 2022 --grade-sought B --document 申报表=form.pdf --document 证明材料=form.pdf --today 2023-03-02 --as clerk
expect_rc 0 "an enterprise user submits its own declaration"
expect_match out 'submitted\) 3$' "as declaration 3"
refused "an enterprise user approving" '企业用户无权' declaration review 3 --approve --as clerk
refused "a county officer deciding" '无权决定' declaration decide 3 --provisional --as officer
refused "a county officer submitting" '无权提交' declaration submit $KEY --year 2021 --grade-sought B --document 申报表=form.pdf --document 证明材料=form.pdf --as officer
refused "an unknown user" '没有该用户' declaration review 3 --approve --as nobody
run declaration review 3 --approve --as officer --today 2023-03-03
expect_rc 0 "a county officer approves"
run declaration show 3
expect_match out 'approve .* officer \(county_officer\)' "the step names the user and role"

# --- usage errors
run declaration review 1
expect_rc 2 "review needs --approve or --return"
run declaration frobnicate 1
expect_rc 2 "unknown subcommand"
run declaration show x
expect_rc 2 "a bad id"

run audit verify
expect_rc 0 "the audit chain is intact"

# --- the demo county's declarations, one in each state
run --db "$WORK/demo.db" demo
expect_match out '措施一申报.*: 9 份' "demo walks nine declarations"
run --db "$WORK/demo.db" declaration list
for s in submitted returned county_approved city_reviewed provisional formal rejected reverted; do
	expect_match out "	$s	" "a demo declaration is $s"
done
run --db "$WORK/demo.db" deadlines list
expect_match out '已逾期' "a demo county review is overdue"
run --db "$WORK/demo.db" audit verify
expect_rc 0 "the demo's audit chain is intact"
done_testing
