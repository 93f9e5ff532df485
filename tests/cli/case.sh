#!/usr/bin/env bash
# Every procedure through one command, `greenlane case`: a measure-1 declaration opened with
# `case open m1.declaration submit` and walked with `case step` to formal promotion, checking at
# each stage the actions `case show --json` offers to the system actor and to named users of each
# role; another enterprise's case does not exist for its clerk; refusals exit 1 and change
# nothing (the audit trail keeps its length); wrong usage exits 2.
. "$(dirname "$0")/lib.sh"

KEY=91130131M10000012G # foundry, grade C, tax per tonne well above the average: key incentive
GEN=91130131M10000055X # foundry, grade B-: general incentive

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
for u in county_officer city_officer city_expert tax_officer; do
	echo test-password-1 | "$GREENLANE" user add "$u" --role "$u" >/dev/null || exit 1
done
echo test-password-1 | "$GREENLANE" user add clerk --role enterprise --enterprise $KEY >/dev/null || exit 1
echo test-password-1 | "$GREENLANE" user add clerk_b --role enterprise --enterprise $GEN >/dev/null || exit 1

audit_len() { sql 'SELECT COUNT(*) FROM audit_log'; }
state_of() { sql "SELECT state || ' v' || version FROM cases WHERE id = $1"; }

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

# offers WANT ID [ARGS...]: `case show ID --json ARGS` offers exactly the actions WANT (names,
# space-separated, "" for none).
offers() {
	local want=$1 id=$2 got
	shift 2
	run case show "$id" --json "$@"
	got=$(printf '%s' "$out" | python3 -c 'import json,sys; print(" ".join(o["name"] for o in json.load(sys.stdin)["offers"]))' 2>/dev/null)
	[ "$rc" = 0 ] && [ "$got" = "$want" ] && ok "case $id offers '$want' ${*}" ||
		not_ok "case $id offers '$want' ${*}" "exit $rc, got '$got'" "stderr: $err"
}

# --- opening
run case open m1.declaration submit --uscc $KEY --field year=2021 --field grade_sought=B- --document 申报表=form.pdf --document 证明材料=form.pdf --today 2022-09-28
expect_rc 0 "case open m1.declaration submit"
expect_out 1 "open prints the new id"
[ "$(state_of 1)" = "submitted v1" ] && ok "submitted" || not_ok "submitted" "$(state_of 1)"

run case work --as county_officer --today 2022-10-21
expect_out "$(printf '2022-10-24\t剩余 1 个工作日\t1\tm1.declaration\t甲铸造\t已申报，待县分局审核\tapprove,return')" "the county's work: the declaration, its deadline and what it may do"
run case work --as city_expert --today 2022-10-21
expect_out "没有待办事项 (nothing waits for you)" "nothing waits for the city before the county approves"
run case work --as county_officer --today 2022-10-25 --json
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; w=json.load(sys.stdin)[0]; print(w["next_deadline"]["overdue"], w["next_deadline"]["working_days_left"])')" = "True -1" ] && ok "work --json: overdue the day after" || not_ok "work --json" "$out"

run case list --xlsx cases.xlsx --today 2022-10-21 --as county_officer
expect_rc 0 "case list --xlsx"
# The id, the due day and the working days left are Excel numbers (no t= attribute), the due day
# 2022-10-24 as its serial number (days since 1899-12-30: 44858), one working day left.
cells=$(python3 - <<'PY'
import re, zipfile
x = zipfile.ZipFile("cases.xlsx").read("xl/worksheets/sheet1.xml").decode()
def cell(ref):
    m = re.search(r'<c r="%s"([^>]*)>(.*?)</c>' % ref, x)
    return (("t=" in m.group(1)), re.sub(r"<[^>]+>", "", m.group(2))) if m else None
print(cell("A2"), cell("C2"), cell("I2"), cell("J2"), cell("K2"))
PY
)
[ "$cells" = "(False, '1') (True, '甲铸造') (False, '44858') (False, '1') (True, '否')" ] && ok "the workbook holds numbers and dates as such" || not_ok "workbook cells" "$cells"
run case list --xlsx x.xlsx --json
expect_rc 2 "--xlsx and --json together is wrong usage"
run case show 1 --xlsx x.xlsx
expect_rc 2 "--xlsx is for list only"
run case list --xlsx /no/such/dir/x.xlsx
expect_rc 1 "an unwritable workbook fails"
expect_match err '/no/such/dir/x.xlsx' "naming the path"

run case show 1 --json --today 2022-10-21
expect_rc 0 "show --json"
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(sorted(json.load(sys.stdin)))')" = "['case', 'deadlines', 'documents', 'materials', 'offers', 'reviews', 'steps']" ] &&
	ok "show --json has the seven keys" || not_ok "show --json has the seven keys" "$out"
# The materials the procedure takes, each once, required where an action requires it.
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; print([(m["name"], m["label_en"], m["required"]) for m in json.load(sys.stdin)["materials"]])')" = "[('申报表', 'Declaration form', True), ('证明材料', 'Supporting evidence', True), ('其他材料', 'Other materials', False)]" ] &&
	ok "show --json lists the procedure's materials" || not_ok "show --json lists the procedure's materials" "$out"
q() { printf '%s' "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
[ "$(q 'd["case"]["state_label"]')" = "已申报，待县分局审核" ] && ok "the state's label" || not_ok "the state's label" "$out"
[ "$(q '(d["deadlines"][0]["kind"], d["deadlines"][0]["original_due"], d["deadlines"][0]["due"], d["deadlines"][0]["working_days_left"])')" = "('county_review', '2022-10-24', '2022-10-24', 1)" ] &&
	ok "county review due 2022-10-24, 1 working day left" || not_ok "county review deadline" "$out"
[ "$(q '[(o["name"], o["reason_required"], o["reason_label"]) for o in d["offers"]]')" = "[('approve', False, '审核意见'), ('return', True, '退回理由')]" ] &&
	ok "offers say whether a reason is required and its label" || not_ok "offer details" "$out"
[ "$(q 'd["steps"][0]["fields"]["year"] + " " + str(d["documents"][0]["size"])')" = "2021 9" ] &&
	ok "the step keeps its fields, the document its size" || not_ok "step fields, document" "$out"
run case show 1 --today 2022-10-21
expect_match out '状态 \(state\): submitted  已申报，待县分局审核' "show prints the state and its label"
expect_match out 'county_review .*原定 2022-10-24  现为 2022-10-24  剩余 1 个工作日' "show prints the deadline"
expect_match out 'return  县分局退回  理由\(必填\): 退回理由' "show prints what an offer needs"

run case list
expect_out "1	m1.declaration	$KEY	submitted	已申报，待县分局审核	$(sql 'SELECT updated_at FROM cases WHERE id = 1')" "list: one line per case"
run case list --json --procedure m1.declaration --open
[ "$(q '(len(d), d[0]["id"], d[0]["state"])')" = "(1, 1, 'submitted')" ] && ok "list --json" || not_ok "list --json" "$out"
run case list --state formal
expect_out "" "list --state filters"

offers "approve return" 1 --today 2022-10-10
offers "approve return" 1 --today 2022-10-10 --as county_officer
offers "" 1 --as city_officer
offers "" 1 --as clerk
run case show 1 --as clerk_b
expect_rc 1 "another enterprise's clerk: not found"
expect_match err '不存在' "another enterprise's case does not exist for its clerk"
run case list --as clerk_b
expect_out "" "another enterprise's clerk lists none"
run case list --as clerk
expect_match out "^1	" "the enterprise's clerk lists its own"

# --- refusals change nothing
refused "approve as an enterprise clerk" '无权|权限|not allowed|enterprise' case step 1 approve --today 2022-10-10 --as clerk
refused "a step on another enterprise's case" '不存在' case step 1 approve --today 2022-10-10 --as clerk_b
refused "stale version" '已被他人修改' case step 1 approve --expect-version 9 --today 2022-10-10
refused "return without a reason" '理由' case step 1 return --today 2022-10-10
refused "a step out of order" '.' case step 1 decide_provisional --today 2022-10-10
refused "an unknown action" '.' case step 1 frobnicate --today 2022-10-10
refused "an undeclared field" 'colour' case step 1 approve --field colour=red --today 2022-10-10
refused "no such case" '不存在' case step 99 approve --today 2022-10-10
refused "no such procedure" 'm9.nothing' case open m9.nothing submit --uscc $KEY --today 2022-10-10
refused "a second open declaration" '未办结' case open m1.declaration submit --uscc $KEY --field year=2021 --document 申报表=form.pdf --document 证明材料=form.pdf --today 2022-10-10
refused "a missing document file" 'no-such.pdf' case open m1.declaration submit --uscc $GEN --field year=2021 --document 申报表=no-such.pdf --document 证明材料=form.pdf
[ "$(state_of 1)" = "submitted v1" ] && ok "refusals left the case alone" || not_ok "refusals left the case alone" "$(state_of 1)"

# --- the walk
run case step 1 approve --expect-version 1 --reason 材料齐全 --today 2022-10-10 --as county_officer
expect_rc 0 "the county approves"
expect_out county_approved "step prints the new state"
offers "preliminary_review site_verification" 1 --today 2022-10-11
offers "preliminary_review site_verification" 1 --today 2022-10-11 --as city_expert
offers "" 1 --today 2022-10-11 --as county_officer
offers "" 1 --today 2022-10-11 --as clerk
refused "preliminary review without findings" '理由|意见|reason' case step 1 preliminary_review --today 2022-10-12 --as city_expert
run case step 1 preliminary_review --reason 材料齐全 --today 2022-10-12 --as city_expert
expect_out county_approved "preliminary review: the case waits for the site verification"
offers "site_verification" 1 --today 2022-10-13 --as city_expert
refused "preliminary review twice" '.' case step 1 preliminary_review --reason 再审 --today 2022-10-13 --as city_expert
run case step 1 site_verification --reason 现场与申报一致 --today 2022-10-14 --as city_officer
expect_out city_reviewed "both reviews: city_reviewed"
offers "decide_provisional reject" 1 --today 2022-10-20 --as city_officer
offers "" 1 --today 2022-10-20 --as city_expert
offers "decide_provisional reject" 1 --today 2022-10-20
run case step 1 decide_provisional --today 2022-10-31
expect_out provisional "the city decides: provisional"
offers "indicators_met" 1 --today 2023-10-30 --as county_officer
offers "indicators_met" 1 --today 2023-10-30 --as city_officer
offers "" 1 --today 2023-10-30 --as clerk
run case show 1 --json --today 2023-10-30
[ "$(q '[(x["kind"], x["status"], x["due"], x["working_days_left"]) for x in d["deadlines"] if x["kind"] == "grace"]')" = "[('grace', 'running', '2023-10-31', 1)]" ] &&
	ok "the grace deadline: 12 months, 1 working day left" || not_ok "grace deadline" "$out"
[ "$(q '[r["kind"] for r in d["reviews"]]')" = "['county', 'preliminary', 'site']" ] && ok "the reviews are recorded" || not_ok "reviews" "$out"
run case step 1 indicators_met --today 2023-10-31 --as county_officer
expect_out formal "indicators met on the deadline day: formal"
offers "" 1 --today 2023-11-01
[ "$(state_of 1)" = "formal v6" ] && ok "formal v6" || not_ok "formal v6" "$(state_of 1)"
refused "indicators met twice" '.' case step 1 indicators_met --today 2023-11-01

# --- an enterprise clerk opens for its own enterprise
run case open m1.declaration submit --field year=2021 --document 申报表=form.pdf --document 证明材料=form.pdf --today 2022-10-10 --as clerk_b
expect_rc 0 "a clerk opens a case for its own enterprise"
expect_out 2 "as case 2"
[ "$(sql 'SELECT uscc FROM cases WHERE id = 2')" = "$GEN" ] && ok "for the clerk's enterprise" || not_ok "clerk's enterprise"
run case show 2 --as clerk
expect_rc 1 "the other clerk cannot see it"

# --- wrong usage
run case step 1 approve --field colour
expect_rc 2 "a --field without '='"
run case step 1 approve --frobnicate
expect_rc 2 "an unknown option"
run case step 1
expect_rc 2 "step without an action"
run case step 1 approve --reason
expect_rc 2 "a missing option value"
run case show x
expect_rc 2 "a bad id"
run case show
expect_rc 2 "show without an id"
run case frobnicate
expect_rc 2 "an unknown subcommand"
run case
expect_rc 2 "no subcommand"
run case list --today nope
expect_rc 2 "a bad --today"
run case procedures --as clerk
expect_rc 0 "case procedures"
expect_match out '可开启 \(you may open\): submit$' "a clerk may open a declaration"
run case procedures --as county_officer
expect_match out '可开启 \(you may open\): —$' "a county officer opens none"
run case procedures --json --as clerk
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[0]["name"], [s["name"] for s in d[0]["states"] if not s["open"]])')" = "m1.declaration ['rejected', 'formal', 'reverted']" ] && ok "--json: the procedure and its closed states" || not_ok "case procedures --json" "$out"
run case procedures extra
expect_rc 2 "procedures takes no argument"
run case work extra
expect_rc 2 "work takes no argument"
run case show 1 --as county_officer
expect_match out '^当事人 \(party\): 91130131M10000012G  甲铸造$' "show names the party"

run audit verify
expect_rc 0 "the audit chain is intact"
done_testing
