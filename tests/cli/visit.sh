#!/usr/bin/env bash
# `greenlane visit`: measure 5's service visits (两进三送) walked through the procedure m5.visit —
# the expert roster, a plan aimed at a key air emitter and led by a leader of the branch, the
# visit recorded with what was delivered and the problems found, the enterprise's feedback, a
# visit closed unanswered by the sweep, one rescheduled, one cancelled. Every bad input is refused
# naming the field (exit 1) and changes nothing: the whole database is dumped before and after.
# The firewall (不做笔录、不罚款、不问责): a marker planted in a visit's findings is found by its
# leader, and nowhere an enforcement officer or legal reviewer can look from the command line,
# nor in the steps' fields or the audit trail (digests only); no enforcement case takes a visit's
# number; a pack that would open the compartment or unseal a text is refused; a visit stays closed
# under a pack that no longer declares its procedure.
. "$(dirname "$0")/lib.sh"

KEY=91130131M10000012G   # a key air emitter
OTHER=91130131M10000020B # discharges air pollutants, not a key emitter
KEY2=91130131M100000398  # another key air emitter
MARK="FIREWALL-MARKER-$RANDOM$RANDOM"

run init
expect_rc 0 "init"
cat >enterprises.csv <<'CSV'
uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list
91130131M10000012G,甲铸造,foundry,平山镇,C,1,1,0
91130131M10000020B,乙铸造,foundry,平山镇,C,1,0,0
91130131M100000398,丙铸造,foundry,温塘镇,A,1,1,0
CSV
run import enterprises enterprises.csv
expect_rc 0 "import enterprises"
for u in lingdao:county_leader lingdao2:county_leader xianju:county_officer fazhi:county_legal \
	shiju:city_officer shuiwu:tax_officer zhujian:dept_officer admin:admin; do
	extra=
	[ "${u#*:}" = dept_officer ] && extra="--department 住建局"
	# shellcheck disable=SC2086
	echo test-password-1 | "$GREENLANE" user add "${u%%:*}" --role "${u#*:}" $extra >/dev/null || exit 1
done
echo test-password-1 | "$GREENLANE" user add qiye --role enterprise --enterprise $KEY >/dev/null || exit 1
echo test-password-1 | "$GREENLANE" user add qiye2 --role enterprise --enterprise $KEY2 >/dev/null || exit 1

dump() { db_dump | sha256sum; }

# refused DESCRIPTION FIELD ARGS...: exit 1, stderr names FIELD, the database is unchanged.
refused() {
	local what=$1 field=$2 before
	shift 2
	before=$(dump)
	run "$@"
	expect_rc 1 "$what: exit 1"
	expect_match err "^greenlane: $field: " "$what: names $field"
	[ "$(dump)" = "$before" ] && ok "$what: nothing changed" || not_ok "$what: nothing changed"
}

# --- the roster

run visit expert add 李明 --unit 石家庄市生态环境科学研究院 --speciality 大气污染治理 --speciality 挥发性有机物 --phone 0311-86001234 --as lingdao
expect_out 1 "a leader adds an expert: its number"
run visit expert add 王芳 --unit 河北省环境工程技术中心 --speciality 除尘脱硫 --as admin
expect_out 2 "an administrator adds another"
run visit expert add 赵强 --unit 平山县环境监测站
expect_out 3 "and the operator a third"
refused "an expert without a unit" unit visit expert add 张三 --as lingdao
refused "an expert whose phone is not one" phone visit expert add 张三 --unit 某院 --phone 'call me' --as lingdao
refused "an expert whose name is too long" name visit expert add "$(printf '长%.0s' $(seq 1 50))" --unit 某院 --as lingdao
refused "eleven specialities" specialities visit expert add 张三 --unit 某院 $(for i in $(seq 1 11); do printf -- '--speciality s%s ' "$i"; done) --as lingdao
before=$(dump)
run visit expert add 张三 --unit 某院 --as xianju
expect_rc 1 "an enforcement officer may not keep the roster"
[ "$(dump)" = "$before" ] && ok "and nothing changed" || not_ok "refused roster write changed the database"
run visit expert list --as xianju
expect_rc 1 "nor read it"
run visit expert list --as lingdao --json
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; print([(e["id"], e["name"], e["specialities"], e["active"]) for e in json.load(sys.stdin)])')" = "[(1, '李明', ['大气污染治理', '挥发性有机物'], True), (2, '王芳', ['除尘脱硫'], True), (3, '赵强', [], True)]" ] &&
	ok "the roster as JSON" || not_ok "the roster as JSON" "$out"
run visit expert disable 3 --as lingdao
expect_rc 0 "an expert is taken off the roster"
refused "disabled twice" id visit expert disable 3 --as lingdao
refused "no such expert" id visit expert disable 99 --as lingdao
run visit expert list --as shiju
[ "$(printf '%s\n' "$out" | wc -l)" = 2 ] && ok "the roster lists those on it" || not_ok "roster" "$out"
run visit expert list --all --as shiju
expect_match out $'^3\t赵强\t平山县环境监测站\t\t—\t已停用$' "and with --all the disabled too"

# --- targets

run visit targets --as lingdao
expect_match out "^$KEY"$'\t甲铸造\t平山镇\t已走访 0 次' "the key air emitters are the targets"
[ "$(printf '%s\n' "$out" | grep -c .)" = 2 ] && ok "only the key air emitters" || not_ok "targets" "$out"
run visit targets --as qiye
expect_rc 1 "an enterprise does not read the county's targets"

# --- plan: each bad input named, nothing changed

P=(--today 2022-06-01)
refused "a team member not on the roster" team visit plan $KEY --on 2022-06-10 --team 1,99 "${P[@]}" --as lingdao
refused "a team member taken off the roster" team visit plan $KEY --on 2022-06-10 --team 3 "${P[@]}" --as lingdao
refused "a team that is not numbers" team visit plan $KEY --on 2022-06-10 --team 'Li Ming' "${P[@]}" --as lingdao
refused "an expert named twice" team visit plan $KEY --on 2022-06-10 --team 1,1 "${P[@]}" --as lingdao
refused "an enterprise that is not a key air emitter" uscc visit plan $OTHER --on 2022-06-10 --team 1 "${P[@]}" --as lingdao
refused "an enterprise outside the registry" uscc visit plan 91130131MA0000000X --on 2022-06-10 --team 1 "${P[@]}" --as lingdao
refused "the operator names no leader" leader visit plan $KEY --on 2022-06-10 --team 1 "${P[@]}"
refused "a leader who is no leader of the branch" leader visit plan $KEY --on 2022-06-10 --team 1 --leader xianju "${P[@]}"
refused "a leader who is no user" leader visit plan $KEY --on 2022-06-10 --team 1 --leader nobody "${P[@]}"
refused "a day before the plan" planned_on visit plan $KEY --on 2022-05-31 --team 1 "${P[@]}" --as lingdao
refused "a day past the measure's window" planned_on visit plan $KEY --on 2023-01-03 --team 1 "${P[@]}" --as lingdao
refused "a plan made once the measure ended" today visit plan $KEY --on 2023-02-10 --team 1 --today 2023-02-01 --as lingdao
refused "a day that is no date" planned_on visit plan $KEY --on 2022-06-31 --team 1 "${P[@]}" --as lingdao
refused "an enforcement officer plans no visit" procedure visit plan $KEY --on 2022-06-10 --team 1 "${P[@]}" --as xianju
refused "a reason where the plan takes none" reason case open m5.visit plan --uscc $KEY --field planned_on=2022-06-10 --field team=1 --reason "$MARK" "${P[@]}" --as lingdao
refused "a field the plan does not declare" visit_id case open m5.visit plan --uscc $KEY --field planned_on=2022-06-10 --field team=1 --field visit_id=1 "${P[@]}" --as lingdao
printf 'x' >"$WORK/transcript.pdf"
refused "a document: a visit takes no transcript" documents case open m5.visit plan --uscc $KEY --field planned_on=2022-06-10 --field team=1 --document "笔录=$WORK/transcript.pdf" "${P[@]}" --as lingdao

run visit plan $KEY --on 2022-06-10 --team 1,2 --purpose "VOCs 无组织排放治理" "${P[@]}" --as lingdao
expect_out 1 "a leader plans a visit to a key air emitter: its id"
run visit plan $KEY2 --on 2022-06-15 --team 2 --leader lingdao2 "${P[@]}"
expect_out 2 "the operator plans one led by another leader"
run visit plan $KEY --on 2022-07-01 --team 1 "${P[@]}" --as lingdao
expect_out 3 "and a third"
run visit show 1 --json --as lingdao
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v["state"], v["leader"], v["planned_on"], [m["name"] for m in v["team"]], v["purpose"], v["firewall"]["compartment"], v["firewall"]["lasts"], v["firewall"]["rules"])')" = "planned lingdao 2022-06-10 ['李明', '王芳'] VOCs 无组织排放治理 visits for_good ['no_transcript', 'no_fine', 'no_blame']" ] &&
	ok "the plan as its leader reads it" || not_ok "plan shown" "$out"

# --- reschedule and cancel

refused "another leader may not reschedule" leader visit reschedule 3 --on 2022-07-05 --today 2022-06-02 --as lingdao2
refused "rescheduled before the day of the step" planned_on visit reschedule 3 --on 2022-06-01 --today 2022-06-02 --as lingdao
run visit reschedule 3 --on 2022-07-05 --team 2 --today 2022-06-02 --as lingdao
expect_out planned "its leader reschedules it"
run visit show 3 --json --as lingdao
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v["planned_on"], [m["id"] for m in v["team"]])')" = "2022-07-05 [2]" ] && ok "to another day and team" || not_ok "rescheduled" "$out"
run visit cancel 3 --note "企业停产检修 $MARK-note" --today 2022-06-03 --as lingdao
expect_out cancelled "and cancels it"

# --- record: each bad input named, nothing changed

R=(--today 2022-06-12)
refused "another leader may not record the visit" leader visit record 1 --visited-on 2022-06-10 --law 大气污染防治法 "${R[@]}" --as lingdao2
refused "visited before the day planned" visited_on visit record 1 --visited-on 2022-06-09 --law 大气污染防治法 "${R[@]}" --as lingdao
refused "visited after the record" visited_on visit record 1 --visited-on 2022-06-13 --law 大气污染防治法 "${R[@]}" --as lingdao
refused "nothing delivered" law visit record 1 --visited-on 2022-06-10 --problems "$MARK" "${R[@]}" --as lingdao
refused "a step dated before the last" today visit record 1 --visited-on 2022-06-10 --law 大气污染防治法 --today 2022-05-30 --as lingdao
refused "a record with a document" documents case step 1 record_visit --field visited_on=2022-06-10 --field law=法 --document "笔录=$WORK/transcript.pdf" "${R[@]}" --as lingdao
refused "a reason beside the findings" reason case step 1 record_visit --field visited_on=2022-06-10 --field law=法 --reason "$MARK" "${R[@]}" --as lingdao
before=$(dump)
run visit record 1 --visited-on 2022-06-10 --law x "${R[@]}" --as xianju
expect_rc 1 "an enforcement officer may not record"
expect_match err 'id: .*no such case' "and finds no such case"
[ "$(dump)" = "$before" ] && ok "nothing changed" || not_ok "refused record changed the database"

run visit record 1 --visited-on 2022-06-10 --law "《中华人民共和国大气污染防治法》第四十五条" --law "《挥发性有机物无组织排放控制标准》" \
	--policy "重污染天气绩效分级政策" --technology "活性炭吸附装置更换周期" \
	--problems "$MARK-problems 喷漆房废气收集率不足" --advice "$MARK-advice 加装集气罩" --follow-up "$MARK-follow 一个月后回访" "${R[@]}" --as lingdao
expect_out visited "its leader records the visit"
run visit show 1 --as lingdao
expect_match out "$MARK-problems" "the leader reads the problems found (the marker is planted)"
expect_match out "$MARK-advice" "and the advice"
expect_match out '送法律 \(law\):' "and what was delivered"
run visit show 1 --as shiju
expect_match out "$MARK-follow" "the city's officer reads them"
run visit show 1 --as qiye
expect_match out "$MARK-problems" "and the enterprise visited"
run visit show 1 --as qiye2
expect_rc 1 "another enterprise finds no such visit"

# --- the firewall: nothing of a visit where enforcement looks

for who in xianju fazhi; do
	run visit show 1 --as $who
	expect_rc 1 "$who: visit show 1 finds no such visit"
	run case show 1 --as $who
	expect_rc 1 "$who: case show 1 finds no such case"
	run visit list --as $who
	expect_rc 1 "$who: visit list is closed"
	seen=""
	for args in "case list" "case list --json" "case work" "case work --json" "case procedures --json" \
		"deadlines list" "message list" "enterprise show $KEY --json" "enterprise list --json" \
		"enforcement show 1" "case show 2" "case show 3"; do
		# shellcheck disable=SC2086
		run $args --as $who
		printf '%s\n%s\n' "$out" "$err" | grep -q "$MARK" && seen="$seen [$args]"
		printf '%s\n' "$out" | grep -q 'm5\.visit\|帮扶走访' && seen="$seen [$args: a visit listed]"
	done
	run case list --xlsx "$WORK/$who.xlsx" --as $who
	expect_rc 0 "$who: the case list exports"
	(cd "$WORK" && rm -rf x && mkdir x && cd x && unzip -q "../$who.xlsx") && ! grep -rq "$MARK\|帮扶走访" "$WORK/x" ||
		seen="$seen [case list --xlsx]"
	[ -z "$seen" ] && ok "$who: no visit, nor its marker, in any answer" || not_ok "$who: a visit shows in$seen"
done
run visit list --as shuiwu
expect_rc 1 "a tax officer does not list visits (closed by the pack)"
run case show 1 --as shuiwu
expect_rc 1 "nor finds the visit's case"
run case show 1 --as lingdao
expect_match out 'record_visit' "the leader reads the visit's case"
run case show 1 --json --as lingdao
printf '%s' "$out" | grep -q "$MARK" && not_ok "the case's steps hold the text" || ok "the case's steps hold no text of the visit"
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; s=json.load(sys.stdin)["steps"][1]["fields"]; print(all(s[k].startswith("blake2b:") and len(s[k]) == 72 for k in ("law","policy","technology","problems","advice","follow_up")), s["visited_on"])')" = "True 2022-06-10" ] &&
	ok "their digests stand in their place" || not_ok "digests" "$out"
run audit list --limit 1000
printf '%s' "$out" | grep -q "$MARK" && not_ok "the audit trail holds a visit's text" || ok "the audit trail holds no text of a visit"
expect_match out 'case.record_visit.*"problems":"blake2b:[0-9a-f]{64}"' "but the digest of its problems"
[ "$(sql "SELECT COUNT(*) FROM case_steps WHERE fields LIKE '%$MARK%' OR reason LIKE '%$MARK%'")" = 0 ] &&
	[ "$(sql "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%$MARK%'")" = 0 ] &&
	[ "$(sql "SELECT COUNT(*) FROM messages WHERE body LIKE '%$MARK%' OR body_en LIKE '%$MARK%'")" = 0 ] &&
	ok "no step, audit record or message in the database holds the text" || not_ok "text in the database outside m5_visits"
[ "$(sql "SELECT COUNT(*) FROM m5_visits WHERE problems LIKE '%$MARK%' AND note = '' AND case_id = 1")" = 1 ] &&
	ok "the visit's own table keeps it" || not_ok "m5_visits"
[ "$(sql "SELECT compartment FROM cases WHERE id = 1")" = visits ] && ok "the case is kept in the compartment visits" || not_ok "compartment"

# No enforcement case takes a visit's number, or any field it does not declare.
refused "an enforcement case naming a visit" visit_id case open m2.enforcement file --uscc $KEY --field visit_id=1 \
	--field violation_type=vocs_control --field found_on=2022-06-12 --field officers=王建国 --field facts=事实 \
	--field harm=none --field minor=yes --today 2022-06-12 --as xianju
refused "an enforcement case citing a visit under another name" source_case case open m2.enforcement file --uscc $KEY \
	--field source_case=1 --field violation_type=vocs_control --field found_on=2022-06-12 --field officers=王建国 \
	--field facts=事实 --field harm=none --field minor=yes --today 2022-06-12 --as xianju

# --- feedback

refused "another enterprise's feedback" id visit feedback 1 --helped yes --today 2022-06-13 --as qiye2
refused "an answer neither yes nor no" helped visit feedback 1 --helped maybe --today 2022-06-13 --as qiye
refused "no answer" helped visit feedback 1 --comment 好 --today 2022-06-13 --as qiye
run visit feedback 1 --helped yes --comment "$MARK-comment 很有帮助" --today 2022-06-13 --as qiye
expect_out closed "the enterprise says the help helped"
run visit show 1 --json --as lingdao
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v["state"], v["helped"], v["feedback_on"], v["feedback"].endswith("很有帮助"))')" = "closed True 2022-06-13 True" ] &&
	ok "the leader reads the feedback" || not_ok "feedback shown" "$out"
run message list --as qiye
expect_match out '帮扶走访' "the enterprise was told of its visit's steps"

# --- a visit not answered in time is closed by its leader, not by the sweep

run visit record 2 --visited-on 2022-06-15 --law 排污许可管理条例 --today 2022-06-15 --as lingdao2
expect_out visited "the other leader records its visit"
run deadlines list --today 2022-06-20 --as lingdao
expect_match out '企业评价期限' "the leader sees the feedback due"
run deadlines list --today 2022-06-20 --as xianju
printf '%s' "$out" | grep -q '企业评价期限' && not_ok "the enforcement officer sees a visit's deadline" || ok "the enforcement officer does not"
refused "closed unanswered before the limit" today case step 2 close_unanswered --today 2022-07-01 --as lingdao2
refused "closed by another leader" leader case step 2 close_unanswered --today 2022-07-14 --as lingdao
run deadlines sweep --today 2022-07-14
expect_rc 0 "the sweep runs"
[ "$(sql "SELECT state FROM cases WHERE id = 2")" = visited ] && ok "and leaves the visit to its leader" || not_ok "sweep closed the visit"
run case step 2 close_unanswered --today 2022-07-14 --as lingdao2
expect_out unanswered "its leader closes it unanswered once the limit passed"
run visit list --json --as lingdao
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; print([(v["id"], v["state"], v["helped"]) for v in json.load(sys.stdin)])')" = "[(1, 'closed', True), (2, 'unanswered', None), (3, 'cancelled', None)]" ] &&
	ok "the leader lists every visit" || not_ok "visit list" "$out"
printf '%s' "$out" | grep -q "$MARK" && not_ok "the list holds findings" || ok "the list holds no finding"
run visit list --as qiye
[ "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')" = "1 3 " ] && ok "the enterprise lists its own visits" || not_ok "enterprise's visits" "$out"

# --- the audit trail and the seals

run audit verify
expect_rc 0 "the audit trail verifies"
sql "UPDATE m5_visits SET problems = '已整改' WHERE case_id = 1"
run audit verify
expect_rc 1 "a visit's findings changed by hand are found"
expect_match err 'case 1' "and the case named"
run audit seal
expect_rc 0 "sealed again once approved"

# --- the pack: the firewall cannot be declared away

pack() { # NAME PYTHON: the compiled pack changed by PYTHON (p is the pack), into NAME.json
	python3 - "$SOURCE_ROOT/policy/pingshan-2022.json" "$WORK/$1.json" "$2" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(p, open(sys.argv[2], "w"), ensure_ascii=False)
PY
}
V='p["procedures"]["m5.visit"]'
pack open "del $V['compartment']; del $V['closed_to']"
run policy check "$WORK/open.json"
expect_rc 1 "a pack that opens the visits' compartment is refused"
expect_match err 'procedures.m5.visit.compartment' "naming the key"
pack unsealed "[f for a in $V['actions'] for f in a.get('fields', []) if f['name'] == 'problems'][0].pop('sealed')"
run policy check "$WORK/unsealed.json"
expect_rc 1 "a pack that unseals the problems found is refused"
expect_match err 'procedures.m5.visit.actions\[2\].fields\[4\].sealed' "naming the field"
pack lapsing "p['parameters']['m5.firewall_lasts']['values'][0]['value'] = 'until_2022'"
run policy check "$WORK/lapsing.json"
expect_rc 1 "a firewall that ends is refused"
expect_match err 'parameters.m5.firewall_lasts.values\[0\].value' "naming the parameter"
pack reasoned "$V['actions'][2]['reason'] = 'optional'"
run policy check "$WORK/reasoned.json"
expect_rc 1 "a reason on recording a visit is refused"
pack gone "del $V"
run policy check "$WORK/gone.json"
expect_rc 0 "a pack without the procedure is a pack"
GREENLANE_POLICY="$WORK/gone.json" run case show 1 --as xianju
expect_rc 1 "under it, the visit's case stays closed to enforcement"
GREENLANE_POLICY="$WORK/gone.json" run case list --as xianju
printf '%s' "$out" | grep -q 'm5.visit' && not_ok "a visit listed once its procedure left the pack" || ok "and unlisted"

# --- usage

run visit
expect_rc 2 "no subcommand is a usage error"
run visit plan
expect_rc 2 "plan without USCC is a usage error"
run visit record 1 --on 2022-06-10
expect_rc 2 "an option of another form is a usage error"
run visit show x
expect_rc 2 "a bad id is a usage error"
run visit expert frob
expect_rc 2 "an unknown expert subcommand is a usage error"

# The roster is sealed too: an expert changed by hand is found.
sql "UPDATE m5_experts SET unit = '别处' WHERE id = 2"
run audit verify
expect_rc 1 "an expert changed by hand breaks the seals"
expect_match err '专家库成员 2' "and the verify names the expert"

done_testing
