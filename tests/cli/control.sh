#!/usr/bin/env bash
# `greenlane control`: measure 3's control measures under the three bans (三个禁用), the contract
# of `control propose` — the new measure's id on stdout and exit 0; a measure the bans forbid
# records nothing (every table counted before and after, and the whole database dumped), says on
# stderr the measure, the clause and what would allow it, and exits 1; bad input names the field
# and changes nothing — and the paths that need no alert: a measure that keeps production going,
# outside the window, a unit the bans do not reach (an enterprise that discharges no air
# pollutants, a finished site), a malicious measure-2 case of the same party (and not another's),
# a major risk with its evidence waiting for the leader, who approves or refuses; lifting within
# the term, the sweep closing a measure after its last day; who reads them. No alert engine
# answers here: no day of the window has an alert.
. "$(dirname "$0")/lib.sh"

A=91130131M10000012G     # discharges air pollutants
B=91130131M10000020B     # discharges air pollutants, another party
CLEAN=91130131M100000398 # discharges no air pollutants
BUILDER=$A               # builds the school (a site), in the registry
OUTSIDE=92130131MA0DEM0PX0

run init
expect_rc 0 "init"
cat >enterprises.csv <<'CSV'
uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list
91130131M10000012G,甲铸造,foundry,平山镇,C,1,1,0
91130131M10000020B,乙铸造,foundry,平山镇,C,1,0,0
91130131M100000398,丙机械,foundry,温塘镇,B,0,0,0
CSV
run import enterprises enterprises.csv
expect_rc 0 "import enterprises"
for u in xianju:county_officer fazhi:county_legal lingdao:county_leader shiju:city_officer \
	shuiwu:tax_officer shenpi:approval_officer zhujian:dept_officer admin:admin; do
	extra=
	[ "${u#*:}" = dept_officer ] && extra="--department 住建局"
	# shellcheck disable=SC2086
	echo test-password-1 | "$GREENLANE" user add "${u%%:*}" --role "${u#*:}" $extra >/dev/null || exit 1
done
echo test-password-1 | "$GREENLANE" user add qiye --role enterprise --enterprise $A >/dev/null || exit 1
echo test-password-1 | "$GREENLANE" user add qiye2 --role enterprise --enterprise $B >/dev/null || exit 1

# Three construction sites (migration 0015): a school under construction built by A, a finished
# hospital, and a road under construction whose builder is outside the registry.
sql <<SQL || exit 1
INSERT INTO sites (id, project, category, builder_uscc, builder_name, township, department, status,
	created_by, created_at) VALUES
 (1, '平山县第二中学教学楼', 'school', '$BUILDER', '甲铸造', '平山镇', 'education', 'under_construction', 'test', '2022-01-01T00:00:00Z'),
 (2, '县医院门诊楼', 'hospital', '$B', '乙铸造', '温塘镇', 'health', 'finished', 'test', '2022-01-01T00:00:00Z'),
 (3, '平山至温塘公路', 'municipal_works', '$OUTSIDE', '某路桥公司', '温塘镇', 'transport', 'under_construction', 'test', '2022-01-01T00:00:00Z');
SQL
# Fixture rows written by SQL are sealed as the operator seals rows that predate the seals.
"$GREENLANE" audit seal >/dev/null

q() { sql "$1"; }
dump() { db_dump | sha256sum; }
counts() { q "SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM case_steps), (SELECT COUNT(*) FROM case_documents), (SELECT COUNT(*) FROM case_deadlines), (SELECT COUNT(*) FROM m3_controls), (SELECT COUNT(*) FROM audit_log), (SELECT COUNT(*) FROM messages)"; }

# refused_by_bans DESCRIPTION ARGS...: exit 1, stderr names measure 3, quotes the clause and says
# what would allow it; no row in any table, the database unchanged.
refused_by_bans() {
	local what=$1 before counted
	shift
	before=$(dump)
	counted=$(counts)
	run "$@"
	expect_rc 1 "$what: exit 1"
	[ -z "$out" ] && ok "$what: no id printed" || not_ok "$what: no id printed" "$out"
	expect_match err '措施三“三个禁用”' "$what: names measure 3"
	expect_match err '除恶意违法和存在重大环境风险隐患情况外' "$what: quotes the clause"
	expect_match err '在非企业重污染天气应急预警时' "$what: and the procedure's clause"
	expect_match err '可以采取的途径' "$what: says what would allow it"
	[ "$(counts)" = "$counted" ] && ok "$what: no row written (cases, steps, documents, deadlines, controls, audit, messages: $counted)" ||
		not_ok "$what: no row written" "before $counted" "after $(counts)"
	[ "$(dump)" = "$before" ] && ok "$what: the database unchanged" || not_ok "$what: the database unchanged"
}

# bad DESCRIPTION FIELD ARGS...: exit 1, stderr names FIELD, the database unchanged.
bad() {
	local what=$1 field=$2 before
	shift 2
	before=$(dump)
	run "$@"
	expect_rc 1 "$what: exit 1"
	expect_match err "^greenlane: $field: " "$what: names $field"
	[ "$(dump)" = "$before" ] && ok "$what: nothing changed" || not_ok "$what: nothing changed"
}

T="--today 2022-05-30 --as xianju"

# --- the contract: an id printed, exit 0

# shellcheck disable=SC2086
run control propose $A --kind other --other-kind correct_while_producing --from 2022-06-01 --to 2022-06-10 --reason "颗粒物超标，边生产边整改" $T
expect_rc 0 "a measure that keeps production going, in the window: exit 0"
expect_out 1 "its id on stdout, alone"
[ "$(q "SELECT kind, other_kind, outcome, ground, exception, starts_on, ends_on, proposed_by FROM m3_controls WHERE case_id = 1")" = "other|correct_while_producing|allowed|not_banned||2022-06-01|2022-06-10|xianju" ] &&
	ok "recorded as allowed: the kind is not banned" || not_ok "the other measure" "$(q 'SELECT * FROM m3_controls')"
[ "$(q "SELECT state FROM cases WHERE id = 1")" = in_force ] && ok "in force" || not_ok "state"
run control show 1 --as xianju
expect_match out '不属措施三禁用的限产、停产、停工手段' "its explanation says why the bans do not limit it"
expect_match out 'm3.banned_measures' "naming the parameter"

# --- refused by the bans: nothing recorded

# shellcheck disable=SC2086
refused_by_bans "a halt of an air emitter in the window" control propose $A --kind halt_production --from 2022-06-01 --to 2022-06-10 --reason 超标 $T
expect_match err '2022-06-01 至 2022-06-10：无覆盖平山镇的重污染天气应急预警' "the days without an alert are named"
expect_match err '2022-10-01 起' "a term after the window would be allowed"
# shellcheck disable=SC2086
refused_by_bans "a restriction on the window's first day" control propose $A --kind restrict_production --from 2022-04-01 --to 2022-04-01 --reason 超标 --today 2022-03-30 --as xianju
# shellcheck disable=SC2086
refused_by_bans "a halt on the window's last day" control propose $A --kind halt_production --from 2022-09-30 --to 2022-09-30 --reason 超标 --today 2022-09-01 --as xianju
# shellcheck disable=SC2086
refused_by_bans "a halt spanning the window's end" control propose $A --kind halt_production --from 2022-09-28 --to 2022-10-03 --reason 超标 --today 2022-09-01 --as xianju
expect_match err '有 3 日（2022-09-28 至 2022-09-30）在期间内' "the days inside the window are counted"
expect_match err 'm3.window_rule，解读' "the reading for a measure spanning the end is named"
# shellcheck disable=SC2086
refused_by_bans "a work stoppage of a site under construction" control propose --site 1 --kind stop_work --from 2022-06-01 --to 2022-06-05 --reason 扬尘 $T
expect_match err 'm3.site_reach，解读' "the reading for sites is named"

# --- outside the window, units the bans do not reach

# shellcheck disable=SC2086
run control propose $A --kind halt_production --from 2022-03-31 --to 2022-03-31 --reason 超标 --today 2022-03-30 --as xianju
expect_out 2 "a halt on 2022-03-31, the day before the window, is recorded"
[ "$(q "SELECT ground FROM m3_controls WHERE case_id = 2")" = outside_window ] && ok "outside the window" || not_ok "ground 2"
# shellcheck disable=SC2086
run control propose $A --kind restrict_production --from 2022-10-01 --to 2022-10-20 --reason 超标 --today 2022-09-20 --as xianju
expect_out 3 "a restriction from 2022-10-01, the day after, is recorded"
# shellcheck disable=SC2086
run control propose $CLEAN --kind halt_production --from 2022-06-01 --to 2022-06-10 --reason 违法 $T
expect_out 4 "a halt of an enterprise that discharges no air pollutants is recorded"
run control show 4 --as xianju
expect_match out '不排放涉气污染物' "the bans do not reach it, and it says so"
# shellcheck disable=SC2086
run control propose --site 2 --kind stop_work --from 2022-06-01 --to 2022-06-10 --reason 违规 $T
expect_out 5 "a stoppage of a finished site is recorded"
[ "$(q "SELECT unit_kind, site_id, uscc, ground FROM m3_controls WHERE case_id = 5")" = "site|2|$B|not_reached" ] &&
	ok "on the site, its builder kept as the party" || not_ok "site 5" "$(q 'SELECT * FROM m3_controls WHERE case_id = 5')"
[ "$(q "SELECT uscc FROM cases WHERE id = 5")" = "$B" ] && ok "the builder in the registry is the case's party" || not_ok "case 5 party"

# --- bad input names the field and changes nothing

# shellcheck disable=SC2086
bad "a bad USCC" uscc control propose 91130131M10000012X --kind halt_production --from 2022-06-01 --to 2022-06-10 --reason x $T
# shellcheck disable=SC2086
bad "an enterprise not in the registry" uscc control propose $OUTSIDE --kind halt_production --from 2022-06-01 --to 2022-06-10 --reason x $T
# shellcheck disable=SC2086
bad "an unknown kind" kind control propose $A --kind close_down --from 2022-06-01 --to 2022-06-10 --reason x $T
# shellcheck disable=SC2086
bad "no kind" kind control propose $A --from 2022-06-01 --to 2022-06-10 --reason x $T
# shellcheck disable=SC2086
bad "to before from" to control propose $A --kind halt_production --from 2022-06-10 --to 2022-06-01 --reason x $T
# shellcheck disable=SC2086
bad "a date that is none" from control propose $A --kind halt_production --from 2022-02-30 --to 2022-06-01 --reason x $T
# shellcheck disable=SC2086
bad "a start before the day it is decided" from control propose $A --kind other --from 2022-05-01 --to 2022-06-01 --reason x $T
# shellcheck disable=SC2086
bad "no reason" reason control propose $A --kind halt_production --from 2022-06-01 --to 2022-06-10 $T
# shellcheck disable=SC2086
bad "a stoppage of an enterprise" kind control propose $A --kind stop_work --from 2022-06-01 --to 2022-06-10 --reason x $T
# shellcheck disable=SC2086
bad "a halt of a site" kind control propose --site 1 --kind halt_production --from 2022-06-01 --to 2022-06-10 --reason x $T
# shellcheck disable=SC2086
bad "an enterprise and a site" site control propose $A --site 1 --kind stop_work --from 2022-06-01 --to 2022-06-10 --reason x $T
# shellcheck disable=SC2086
bad "no such site" site control propose --site 99 --kind stop_work --from 2022-06-01 --to 2022-06-10 --reason x $T
# shellcheck disable=SC2086
bad "an other kind with a halt" other_kind control propose $A --kind halt_production --other-kind intensified_monitoring --from 2022-06-01 --to 2022-06-10 --reason x $T
# shellcheck disable=SC2086
bad "an unknown other kind" other_kind control propose $A --kind other --other-kind dancing --from 2022-06-01 --to 2022-06-10 --reason x $T
before=$(dump)
run control propose $A --kind other --from 2022-06-01 --to 2022-06-10 --reason x --site abc --today 2022-05-30
expect_rc 2 "a site that is no number is a usage error"
run control propose $A --kind other --from 2022-06-01 --to 2022-06-10 --reason x --json
expect_rc 2 "propose takes no --json"
[ "$(dump)" = "$before" ] && ok "usage errors change nothing" || not_ok "usage errors change nothing"
before=$(dump)
run control propose $A --kind other --from 2022-06-01 --to 2022-06-10 --reason x --today 2022-05-30 --as qiye
expect_rc 1 "an enterprise user may not propose"
expect_match err '不能决定采取管控措施' "and is told so"
[ "$(dump)" = "$before" ] && ok "and nothing changed" || not_ok "enterprise propose changed the database"

# --- a malicious violation of the same party

file() { # file USCC MALICIOUS: an enforcement case filed on 2022-05-20, its id
	"$GREENLANE" case open m2.enforcement file --uscc "$1" --field violation_type=monitoring_not_running \
		--field found_on=2022-05-20 --field officers=王建国、李强 --field facts=篡改在线监测数据 \
		--field harm=serious --field minor=no --field malicious="$2" --today 2022-05-20 --as xianju
}
MAL_A=$(file $A yes)
MAL_B=$(file $B yes)
PLAIN_A=$(file $A no)
[ -n "$MAL_A" ] && [ -n "$MAL_B" ] && [ -n "$PLAIN_A" ] && ok "three enforcement cases: $MAL_A, $MAL_B, $PLAIN_A" || not_ok "enforcement cases"
# shellcheck disable=SC2086
run control propose $A --kind halt_production --from 2022-06-01 --to 2022-06-10 --reason 恶意篡改监测数据 --malicious-case "$MAL_A" $T
expect_rc 0 "a halt grounded on the party's malicious violation is recorded"
HALT=$out
[ "$(q "SELECT exception, malicious_case, ground FROM m3_controls WHERE case_id = $HALT")" = "malicious|$MAL_A|malicious" ] &&
	ok "the exception and its case are kept" || not_ok "malicious exception" "$(q "SELECT * FROM m3_controls WHERE case_id = $HALT")"
run control show "$HALT" --as fazhi
expect_match out "m3.malicious_cases，解读" "the reading of which cases count is said"
# shellcheck disable=SC2086
refused_by_bans "a halt grounded on another party's malicious case" control propose $A --kind halt_production --from 2022-06-01 --to 2022-06-10 --reason x --malicious-case "$MAL_B" $T
expect_match err "当事人是 $B，不是本管控对象" "another party's case does not count, and it says why"
# shellcheck disable=SC2086
refused_by_bans "a halt grounded on a case that records no malicious violation" control propose $A --kind halt_production --from 2022-06-01 --to 2022-06-10 --reason x --malicious-case "$PLAIN_A" $T
expect_match err '未记录恶意违法' "a case that is not malicious does not count"
# shellcheck disable=SC2086
refused_by_bans "a halt grounded on no such case" control propose $A --kind halt_production --from 2022-06-01 --to 2022-06-10 --reason x --malicious-case 999 $T
# shellcheck disable=SC2086
run control propose --site 1 --kind stop_work --from 2022-06-01 --to 2022-06-05 --reason 扬尘 --malicious-case "$MAL_A" $T
expect_rc 0 "a stoppage of a site whose builder's malicious case is named is recorded"

# --- a major risk: evidence, then the leader

echo "现场检查笔录：氨水储罐腐蚀" >evidence.txt
# shellcheck disable=SC2086
refused_by_bans "a major risk without evidence" control propose $B --kind halt_production --from 2022-06-01 --to 2022-06-20 --reason 隐患 --major-risk 氨水储罐腐蚀泄漏风险 $T
expect_match err '未附证据材料' "the evidence is asked for"
# shellcheck disable=SC2086
run control propose $B --kind halt_production --from 2022-06-01 --to 2022-06-20 --reason 隐患 --major-risk 氨水储罐腐蚀泄漏风险 --document 风险隐患证据=evidence.txt $T
expect_rc 0 "a halt for a major risk with its evidence is recorded"
RISK=$out
[ "$(q "SELECT c.state, m.outcome, m.exception, CASE WHEN m.effective_from IS NULL THEN 1 ELSE 0 END FROM cases c JOIN m3_controls m ON m.case_id = c.id WHERE c.id = $RISK")" = "awaiting_approval|awaiting_approval|major_risk|1" ] &&
	ok "it awaits the leader's approval, not in force yet" || not_ok "awaiting" "$(q "SELECT state FROM cases WHERE id = $RISK")"
[ "$(q "SELECT COUNT(*) FROM case_documents WHERE case_id = $RISK AND name = '风险隐患证据'")" = 1 ] && ok "with its evidence" || not_ok "evidence"
bad "an officer may not approve it" role control approve "$RISK" --today 2022-06-02 --as xianju
run control approve "$RISK" --reason 同意，确属重大环境风险隐患 --today 2022-06-03 --as lingdao
expect_out in_force "the leader approves: in force"
[ "$(q "SELECT effective_from, decided_by FROM m3_controls WHERE case_id = $RISK")" = "2022-06-03|lingdao" ] &&
	ok "in force from the approval, after its first day" || not_ok "effective_from"
# shellcheck disable=SC2086
run control propose $B --kind halt_production --from 2022-06-10 --to 2022-06-20 --reason 隐患 --major-risk 除尘器失效 --document 风险隐患证据=evidence.txt $T
REFUSE=$out
bad "a refusal without a reason" reason control refuse "$REFUSE" --today 2022-06-02 --as lingdao
run control refuse "$REFUSE" --reason 证据不足，请边生产边整改 --today 2022-06-02 --as lingdao
expect_out refused_by_leader "the leader may refuse"
bad "refused, it cannot be approved" state control approve "$REFUSE" --today 2022-06-03 --as lingdao
# shellcheck disable=SC2086
run control propose $B --kind halt_production --from 2022-06-01 --to 2022-06-03 --reason 隐患 --major-risk 除尘器失效 --document 风险隐患证据=evidence.txt $T
LATE=$out
bad "an approval after the measure's last day" today control approve "$LATE" --today 2022-06-06 --as lingdao

# --- check: the same answer, nothing written

before=$(dump)
run control check $A --kind halt_production --from 2022-06-01 --to 2022-06-10 --today 2022-05-30 --as fazhi
expect_rc 1 "check of a refused measure: exit 1"
expect_match out '^refused' "it says refused"
run control check $A --kind halt_production --from 2022-06-01 --to 2022-06-10 --malicious-case "$MAL_A" --json --today 2022-05-30 --as lingdao
expect_rc 0 "check of an allowed measure: exit 0"
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["allowed"], d["outcome"], d["exception"], d["days_in_window"], d["window"])')" = "True allowed malicious 10 {'from': '2022-04-01', 'to': '2022-09-30'}" ] &&
	ok "check --json: allowed, the exception, the window" || not_ok "check json" "$out"
[ "$(dump)" = "$before" ] && ok "checks write nothing" || not_ok "checks write nothing"
run control check $A --kind other --from 2022-06-01 --to 2022-06-10 --today 2022-05-30 --as qiye
expect_rc 1 "an enterprise may not check"
expect_match err '无权核对管控措施' "and is told so"

# --- lifting, and the end of the term

bad "lift without a reason" reason control lift "$HALT" --today 2022-06-05 --as xianju
run control lift "$HALT" --reason 已完成整改，经现场核查恢复生产 --today 2022-06-05 --as xianju
expect_out lifted "the officer lifts it before its end"
[ "$(q "SELECT lifted_by, lifted_on FROM m3_controls WHERE case_id = $HALT")" = "xianju|2022-06-05" ] && ok "lifting recorded" || not_ok "lifted"
bad "lifting after the last day" today control lift 1 --reason x --today 2022-06-13 --as xianju
run deadlines sweep --today 2022-06-13
expect_rc 0 "the sweep"
[ "$(q "SELECT c.state, m.finished_on FROM cases c JOIN m3_controls m ON m.case_id = c.id WHERE c.id = 1")" = "finished|2022-06-13" ] &&
	ok "a measure past its last day (2022-06-10, a Friday) is closed by the sweep" || not_ok "finished" "$(q 'SELECT state FROM cases WHERE id = 1')"
[ "$(q "SELECT state FROM cases WHERE id = $RISK")" = in_force ] && ok "one still in its term is left alone" || not_ok "risk still in force"
[ "$(q "SELECT state FROM cases WHERE id = $LATE")" = awaiting_approval ] && ok "one not approved before its last day is left to the leader" || not_ok "late" "$(q "SELECT state FROM cases WHERE id = $LATE")"
run case show "$LATE" --json --today 2022-06-13 --as lingdao
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print([o["name"] for o in d["offers"]], [x["overdue"] for x in d["deadlines"] if x["kind"] == "approval"])')" = "['refuse'] [True]" ] &&
	ok "overdue, with only a refusal offered" || not_ok "late offers" "$out"

# --- who reads them

run control list --as qiye --json
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(sorted({c["unit"]["uscc"] for c in json.load(sys.stdin)}))')" = "['$A']" ] &&
	ok "an enterprise lists only the measures on itself (and the site it builds)" || not_ok "enterprise list" "$out"
run control list --as qiye2 --json
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(sorted(c["id"] for c in json.load(sys.stdin)))')" = "[5, $RISK, $REFUSE, $LATE]" ] &&
	ok "the other enterprise its own, the finished site it built included" || not_ok "qiye2 list" "$out"
run control show "$HALT" --as qiye2
expect_rc 1 "another enterprise's measure is not found"
expect_match err '没有管控措施' "as if it did not exist"
for who in shuiwu shenpi zhujian; do
	run control show 1 --as $who
	expect_rc 1 "$who does not find a control measure"
	run control list --as $who
	expect_rc 1 "$who may not list them"
done
for who in xianju fazhi lingdao shiju admin; do
	run control list --as $who
	[ "$(printf '%s\n' "$out" | grep -c .)" = "$(q 'SELECT COUNT(*) FROM m3_controls')" ] && ok "$who lists every control measure" || not_ok "$who list" "$out"
done
run control list --as xianju --today 2022-06-05
expect_match out $'^1\t'"$A"$'\t甲铸造\t其他不停产的管控措施\t2022-06-01\t2022-06-10\tfinished\t已办结\t—\t边生产边整改$' "a row of the list"

# --- the audit trail holds every step

run audit verify
expect_rc 0 "the audit chain and the seals verify"
sql "UPDATE m3_controls SET reason = '改过' WHERE case_id = 1"
run audit verify
expect_rc 1 "a control measure changed by hand is found by the seals"

done_testing
