#!/usr/bin/env bash
# `greenlane supply`: measure 6's registry of the supply-chain links of positive-list enterprises.
# Links recorded by the county officer and by the enterprise itself, to partners of the registry
# and outside it; the review judging each partner (B preferred, B- not, a partner on the list
# whatever its grade, one without a grade, an outside partner whose grade is unknown), with the
# explanation citing the clause and the parameters, the suggested target and the alternatives (by
# product, then by industry); after the measure's period with both readings of
# m6.review_after_window (a pack changed the way another county might); help targets set and
# closed; a link ended, its open targets dropped. Every bad input is refused naming the field and
# leaves the links, the targets and the audit trail as they were; roles that may not write are
# refused; an enterprise user sees and touches only its own enterprise's links; the audit trail
# verifies after all of it and finds a link changed by hand.
. "$(dirname "$0")/lib.sh"

OWN=91130131M60000010L   # 甲钢铁集团: steel, B, on the positive list (qiye's)
OFF=91130131M60000029H   # 乙铸造: foundry, B, not on the list
BMINUS=91130131M60000037C # 丙铸造: foundry, B-
GRADE_A=91130131M600000457 # 丁铸造: foundry, A
LISTED_C=91130131M600000532 # 戊铸造: foundry, C, on the list
UNGRADED=91130131M60000061W # 己焦化: coking, no grade
OTHER=91130131M6000007XL  # 庚水泥: cement, B, on the list (qiye3's)
FOUNDRY_B=91130131M60000088L # 辛铸造: foundry, B
OUT_UNKNOWN=91110000M61000012N # outside the county, grade not known
OUT_A=91120000M61000020M       # outside the county, A, on a positive list

run init
expect_rc 0 "init"
cat >enterprises.csv <<CSV
uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list
$OWN,甲钢铁集团有限公司,steel_long,平山镇,B,1,1,1
$OFF,乙铸造有限公司,foundry,平山镇,B,1,0,0
$BMINUS,丙铸造有限公司,foundry,温塘镇,B-,1,0,0
$GRADE_A,丁铸造有限公司,foundry,温塘镇,A,1,0,0
$LISTED_C,戊铸造有限公司,foundry,平山镇,C,1,0,1
$UNGRADED,己焦化有限公司,coking,岗南镇,,1,0,0
$OTHER,庚水泥有限公司,cement,岗南镇,B,1,0,1
$FOUNDRY_B,辛铸造有限公司,foundry,岗南镇,B,1,0,0
CSV
run import enterprises enterprises.csv
expect_rc 0 "the registry imports"
for u in "qiye enterprise --enterprise $OWN" "qiye3 enterprise --enterprise $OTHER" "xianju county_officer" \
	"lingdao county_leader" "fazhi county_legal" "shiju city_officer" "shuiwu tax_officer" "admin admin"; do
	set -- $u
	name=$1 role=$2
	shift 2
	echo "secret-password-1" | "$GREENLANE" user add "$name" --role "$role" "$@" >/dev/null || not_ok "user $name"
done

q() { sql "$1"; }
counts() { q "SELECT (SELECT COUNT(*) FROM supply_links) || '/' || (SELECT COUNT(*) FROM supply_help_targets) || '/' || (SELECT COUNT(*) FROM audit_log) || '/' || (SELECT COUNT(*) FROM supply_links WHERE ended_at IS NULL) || '/' || (SELECT COUNT(*) FROM supply_help_targets WHERE status = 'open')"; }
# refused FIELD DESCRIPTION CMD...: exits 1 naming the field, and nothing changes.
refused() {
	local field=$1 what=$2
	shift 2
	local before
	before=$(counts)
	run "$@"
	local pattern="^greenlane: $field: "
	[ -n "$field" ] || pattern='^greenlane: [^a-z_]' # a refusal that concerns no field
	if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -q "$pattern" && [ "$(counts)" = "$before" ]; then
		ok "$what (refused naming $field, nothing changed)"
	else
		not_ok "$what" "exit $rc" "stderr: $err" "counts $before -> $(counts)"
	fi
}
j() { printf "%s" "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# --- links
run supply link add "$OWN" --direction upstream --partner "$BMINUS" --product 铸件 --today 2022-06-01 --as xianju
expect_rc 0 "the county officer records an upstream link to a partner of the registry"
expect_out 1 "and the new link's id is printed"
L_BMINUS=1
run supply link add "$OWN" --direction upstream --partner "$GRADE_A" --product 铸件 --today 2022-06-01 --as qiye
expect_rc 0 "the enterprise records a link of its own"
L_A=$out
run supply link add "$OWN" --direction upstream --partner "$OUT_UNKNOWN" --partner-name 北京焦炭贸易有限公司 --product 焦炭 --today 2022-06-01
expect_rc 0 "a partner outside the county, its grade not known"
L_OUT=$out
run supply link add "$OWN" --direction downstream --partner "$OUT_A" --partner-name 天津钢材有限公司 --partner-grade A --partner-positive-list yes --product 'Ｈ型钢' --today 2022-06-01
expect_rc 0 "a downstream partner outside the county with its grade and list status"
L_OUT_A=$out
run supply link add "$OWN" --direction upstream --partner "$LISTED_C" --product 石灰石 --today 2022-06-01 --as xianju
L_LIST=$out
run supply link add "$OWN" --direction upstream --partner "$UNGRADED" --product 焦炭 --today 2022-06-01 --as xianju
L_UNGRADED=$out
run supply link add "$OTHER" --direction upstream --partner "$GRADE_A" --product ' 铸件 ' --today 2022-06-01 --as qiye3
expect_rc 0 "another enterprise's clerk records its own link"
L_OTHER=$out
run supply link add "$OTHER" --direction downstream --partner "$FOUNDRY_B" --product 'h型钢' --today 2022-06-01
L_OTHER_DOWN=$out
[ "$(counts)" = "8/0/$(q 'SELECT COUNT(*) FROM audit_log')/8/0" ] && ok "eight links, each audited" || not_ok "links" "$(counts)"
[ "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'supply.link.add' AND entity_type = 'supply_link'")" = 8 ] && ok "one supply.link.add record each" || not_ok "audit records"
[ "$(q "SELECT partner_name || '|' || COALESCE(partner_grade, '-') || '|' || COALESCE(CAST(partner_positive_list AS TEXT), '-') FROM supply_links WHERE id = $L_BMINUS")" = "丙铸造有限公司|-|-" ] &&
	ok "a partner of the registry keeps its registry name, its grade and list read from the registry" || not_ok "registry partner row"
[ "$(q "SELECT product_key FROM supply_links WHERE id = $L_OUT_A")" = "h型钢" ] && ok "the product's key: full-width letters as ASCII, lower case" || not_ok "product key"

run supply link list --as qiye
expect_rc 0 "the enterprise lists its links"
[ "$(grep -c . <<<"$out")" = 6 ] && ! grep -q "$OTHER" <<<"$out" && ok "its six, none of another enterprise" || not_ok "qiye's list" "$out"
expect_match out "^$L_OUT	$OWN	upstream	$OUT_UNKNOWN	北京焦炭贸易有限公司（名录外）	等级未知	清单未知	焦炭	登记 2022-06-01$" "a line: id, enterprise, direction, partner, name, grade, list, product, state"
run supply link list --json --as xianju
[ "$(j 'len(d)')" = 8 ] && ok "the county officer lists all eight" || not_ok "officer list" "$out"
[ "$(j '[l["partner_grade_known"] for l in d if l["id"] == '"$L_OUT"'][0]')" = False ] &&
	[ "$(j '[l["partner_positive_list"] for l in d if l["id"] == '"$L_OUT_A"'][0]')" = True ] &&
	ok "the JSON says what is not known and what is" || not_ok "link JSON" "$out"
run supply link list "$OWN" --as qiye3
expect_rc 1 "another enterprise's clerk may not list its links"
expect_match err '^greenlane: uscc: 没有该企业' "answered as an enterprise that does not exist"
run supply link list --as shuiwu
expect_rc 1 "the tax department sees no supply chain"
expect_match err '无权查看企业的上下游关系' "and is told so"

# --- the review, in the measure's period
run supply review "$OWN" --json --today 2022-06-15 --as xianju
expect_rc 0 "the review of one enterprise"
p() { j "[x for x in d['enterprises'][0]['partners'] if x['link']['id'] == $1][0]$2"; }
[ "$(p "$L_BMINUS" "['preferred']")" = False ] && [ "$(p "$L_BMINUS" "['reason']")" = below_grade ] && ok "B- is below B: not preferred" || not_ok "B-" "$out"
[ "$(p "$L_A" "['preferred']")" = True ] && [ "$(p "$L_A" "['reason']")" = grade ] && ok "A: preferred by its grade" || not_ok "A"
[ "$(p "$L_LIST" "['preferred']")" = True ] && [ "$(p "$L_LIST" "['reason']")" = positive_list ] && ok "C on the positive list: preferred by the list" || not_ok "C listed"
[ "$(p "$L_UNGRADED" "['reason']")" = ungraded ] && ok "no grade yet: not preferred (m1.ungraded)" || not_ok "ungraded"
[ "$(p "$L_OUT" "['reason']")" = grade_unknown ] && [ "$(p "$L_OUT" "['preferred']")" = False ] && ok "an outside partner whose grade is unknown: not preferred" || not_ok "unknown"
[ "$(p "$L_OUT_A" "['reason']")" = grade_and_positive_list ] && ok "an outside partner graded A and listed: preferred" || not_ok "outside A"
[ "$(p "$L_OUT" "['explanation'][2]")" = "该企业不在本县企业名录内，登记时未填其绩效等级：等级未知，不能认定为 B 级及以上。" ] && ok "its explanation says 等级未知" || not_ok "unknown explanation" "$(p "$L_OUT" "['explanation']")"
expl=$(p "$L_BMINUS" "['explanation']")
grep -q 'm6.min_partner_grade = B' <<<"$expl" && grep -q 'm6.positive_list_partner = 1' <<<"$expl" && grep -q 'm6.window_to' <<<"$expl" &&
	grep -q '绩效等级 B-：低于 B 级' <<<"$expl" && grep -q '今日 2022-06-15 在期间内' <<<"$expl" &&
	ok "an explanation cites the clause, the parameters and the window" || not_ok "explanation" "$expl"
[ "$(j "d['enterprises'][0]['not_preferred'], d['enterprises'][0]['needs_target']")" = "3 3" ] && ok "three partners not preferred, each wanting a target" || not_ok "counts" "$(j "d['enterprises'][0]['not_preferred'], d['enterprises'][0]['needs_target']")"
grep -q '丙铸造有限公司提高污染治理水平，绩效等级由 B- 级提升至 B 级及以上' <<<"$(p "$L_BMINUS" "['suggested_target']")" && ok "a help target is suggested" || not_ok "suggested target" "$(p "$L_BMINUS" "['suggested_target']")"
alts=$(j "json.dumps([x for x in d['enterprises'][0]['partners'] if x['link']['id'] == $L_BMINUS][0]['alternatives'], ensure_ascii=False)")
[ "$(python3 -c "import json,sys; a=json.loads(sys.argv[1]); print([(x['uscc'], x['basis'], x['already_partner']) for x in a])" "$alts")" = "[('$GRADE_A', 'product', True), ('$OFF', 'industry', False), ('$FOUNDRY_B', 'industry', False), ('$LISTED_C', 'industry', True)]" ] &&
	ok "alternatives: by product first (丁, already a partner), then the partner's industry, best grade first, only preferred ones" || not_ok "alternatives" "$alts"
python3 -c "import json,sys; a=json.loads(sys.argv[1]); assert a[0]['how'].startswith('在本县登记的 2 条上下游关系中供应“铸件”'), a[0]['how']; assert '同属“铸造”行业' in a[1]['how']" "$alts" && ok "each says how it was found" || not_ok "how" "$alts"
grep -q '按产品“铸件”在本县登记的上下游关系中查找供应此产品的企业' <<<"$(p "$L_BMINUS" "['alternatives_how']")" && ok "and the search is explained" || not_ok "alternatives_how"
[ "$(p "$L_OUT" "['alternatives']")" = "[]" ] && grep -q '行业未知，只按产品查找' <<<"$(p "$L_OUT" "['alternatives_how']")" && ok "an outside partner: by product only" || not_ok "outside alternatives" "$(p "$L_OUT" "['alternatives_how']")"
run supply review "$OWN" --today 2022-06-15 --as qiye
expect_rc 0 "the enterprise reviews its own partners"
expect_match out "\[$L_BMINUS\] 上游 $BMINUS 丙铸造有限公司  产品 铸件  B-  非优先 \(not preferred\)" "the text names each partner with its verdict"
expect_match out '建议帮扶目标 \(suggested target\)' "and the suggested targets"
run supply review --json --today 2022-06-15 --as qiye
[ "$(j "[e['uscc'] for e in d['enterprises']]")" = "['$OWN']" ] && ok "the enterprise's review holds its own enterprise alone" || not_ok "qiye review" "$out"
run supply review --json --today 2022-06-15 --as shiju
[ "$(j "sorted(e['uscc'] for e in d['enterprises']), d['unlinked']")" = "['$OWN', '$OTHER'] 1" ] && ok "the city's review: both listed enterprises with links; the third on the list has none" || not_ok "all review" "$out"
run supply review "$OWN" --as qiye3
expect_rc 1 "another enterprise's clerk may not review it"
expect_match err '^greenlane: uscc: 没有该企业' "answered as one that does not exist"
run supply review "$OFF" --json --today 2022-06-15
[ "$(j "d['enterprises'][0]['positive_list'], d['enterprises'][0]['partners']")" = "False []" ] && ok "an enterprise not on the list is reviewed with nothing to judge" || not_ok "off-list review"

# --- after the period
run supply review "$OWN" --json --today 2023-03-01
grep -q '今日 2023-03-01 已过期间' <<<"$(j "d['explanation'][1]")" && grep -q 'm6.review_after_window = 1' <<<"$(j "d['explanation'][1]")" &&
	[ "$(j "d['in_window'], d['reviewed']")" = "False True" ] && ok "after 2022-12-31 the review still runs and says the period is over" || not_ok "after window" "$out"
python3 - "$SOURCE_ROOT/policy/pingshan-2022.json" >closed.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["parameters"]["m6.review_after_window"]["values"][0]["value"] = 0
print(json.dumps(d, ensure_ascii=False))
PY
GREENLANE_POLICY=closed.json run supply review "$OWN" --json --today 2023-03-01
[ "$(j "d['reviewed'], [x['reason'] for x in d['enterprises'][0]['partners']][:1], sum(len(x['alternatives']) for x in d['enterprises'][0]['partners'])")" = "False ['not_reviewed'] 0" ] &&
	ok "a pack reading m6.review_after_window = 0 reviews nothing after the period" || not_ok "closed pack" "$out"
GREENLANE_POLICY=closed.json refused today "and sets no help target then" supply target add "$L_BMINUS" --target 帮扶 --today 2023-03-01 --as xianju

# --- help targets
run supply target add "$L_BMINUS" --target '帮扶丙铸造有限公司提升至 B 级' --today 2022-06-20 --as xianju
expect_rc 0 "the county officer sets a help target"
T1=$out
run supply target add "$L_UNGRADED" --target '帮扶己焦化参加绩效分级' --today 2022-06-20 --as lingdao
expect_rc 0 "the county leader sets one"
T2=$out
run supply target add "$L_OUT" --target '核实北京焦炭贸易的绩效等级' --today 2022-06-20 --as xianju
T3=$out
[ "$(q "SELECT COUNT(*) FROM supply_help_targets WHERE status = 'open' AND visit_case_id IS NULL")" = 3 ] && ok "three open targets, no visit planned yet" || not_ok "targets"
refused "" "the enterprise may not set a help target" supply target add "$L_A" --target 帮扶 --today 2022-06-20 --as qiye
expect_match err '只有县分局工作人员和领导可以设定帮扶目标' "and is told who may"
refused "" "the legal reviewer may not either" supply target add "$L_A" --target 帮扶 --today 2022-06-20 --as fazhi
refused target "an empty target" supply target add "$L_A" --target '  ' --today 2022-06-20 --as xianju
refused link_id "a target on a link that does not exist" supply target add 999 --target 帮扶 --today 2022-06-20 --as xianju
refused today "a target dated before its link" supply target add "$L_A" --target 帮扶 --today 2022-05-01 --as xianju
run supply review "$OWN" --json --today 2022-06-21
[ "$(j "d['enterprises'][0]['needs_target'], d['enterprises'][0]['open_targets']")" = "0 3" ] && ok "every partner not preferred now has an open target" || not_ok "needs_target" "$out"
run supply target close "$T1" --met --note '复评为 B 级' --today 2022-09-01 --as xianju
expect_rc 0 "a target met"
[ "$(q "SELECT status || '|' || closed_on || '|' || close_note FROM supply_help_targets WHERE id = $T1")" = "met|2022-09-01|复评为 B 级" ] && ok "closed met, with the day and the note" || not_ok "closed"
refused id "closing it again" supply target close "$T1" --dropped --today 2022-09-02 --as xianju
refused id "closing a target that does not exist" supply target close 999 --met --today 2022-09-02 --as xianju
refused "" "the enterprise may not close a target" supply target close "$T2" --met --today 2022-09-02 --as qiye
run supply target close "$T2" --today 2022-09-02
expect_rc 2 "close needs --met or --dropped"
run supply target close "$T2" --met --dropped --today 2022-09-02
expect_rc 2 "not both"

# --- bad input to links: named, nothing changed
refused partner_uscc "an outside partner's USCC with a wrong check character" supply link add "$OWN" --direction upstream --partner 91110000M61000012X --partner-name 某公司 --product 焦炭 --today 2022-06-01
expect_match err "应为 'N', 实为 'X'" "the expected check character is said"
refused uscc "an enterprise not on the positive list" supply link add "$OFF" --direction upstream --partner "$GRADE_A" --product 铸件 --today 2022-06-01
expect_match err '不在生态环境监管正面清单上' "and why"
refused direction "an unknown direction" supply link add "$OWN" --direction sideways --partner "$GRADE_A" --product 铸件 --today 2022-06-01
refused direction "no direction" supply link add "$OWN" --partner "$GRADE_A" --product 铸件 --today 2022-06-01
refused product "an empty product" supply link add "$OWN" --direction upstream --partner "$FOUNDRY_B" --product '' --today 2022-06-01
refused product "a product of white space" supply link add "$OWN" --direction upstream --partner "$FOUNDRY_B" --product '　 ' --today 2022-06-01
refused partner_name "an outside partner without its name" supply link add "$OWN" --direction upstream --partner 91120000M61000020M --product 铁矿石 --today 2022-06-01
refused partner_grade "a grade given for a partner of the registry" supply link add "$OWN" --direction upstream --partner "$FOUNDRY_B" --partner-grade A --product 铸件 --today 2022-06-01
refused partner_positive_list "a list status given for a partner of the registry" supply link add "$OWN" --direction upstream --partner "$FOUNDRY_B" --partner-positive-list no --product 铸件 --today 2022-06-01
refused partner_name "another name for a partner of the registry" supply link add "$OWN" --direction upstream --partner "$FOUNDRY_B" --partner-name 别的名字 --product 铸件 --today 2022-06-01
refused partner_grade "a grade that is no grade" supply link add "$OWN" --direction upstream --partner 91120000M61000020M --partner-name 天津 --partner-grade E --product 铸件 --today 2022-06-01
refused partner_uscc "the enterprise as its own partner" supply link add "$OWN" --direction upstream --partner "$OWN" --product 铸件 --today 2022-06-01
refused partner_uscc "the same link while it runs" supply link add "$OWN" --direction upstream --partner "$BMINUS" --product ' 铸件' --today 2022-06-02
refused uscc "an enterprise that does not exist" supply link add 91130131M60000118G --direction upstream --partner "$GRADE_A" --product 铸件 --today 2022-06-01
refused uscc "an enterprise user for another enterprise" supply link add "$OTHER" --direction upstream --partner "$BMINUS" --product 铸件 --today 2022-06-01 --as qiye
refused "" "the legal reviewer may not record links" supply link add "$OWN" --direction upstream --partner "$FOUNDRY_B" --product 铸件 --today 2022-06-01 --as fazhi
refused "" "nor the city officer" supply link add "$OWN" --direction upstream --partner "$FOUNDRY_B" --product 铸件 --today 2022-06-01 --as shiju
run supply link add "$OWN" --direction upstream --partner "$FOUNDRY_B" --partner-positive-list maybe --product 铸件
expect_rc 2 "--partner-positive-list takes yes or no"

# --- ending links
refused id "an enterprise user ends another enterprise's link: as one that does not exist" supply link end "$L_OTHER" --today 2022-10-01 --as qiye
msg_other=$err
refused id "a link that does not exist" supply link end 999 --today 2022-10-01 --as qiye
[ "$(sed 's/[0-9]*$//' <<<"$msg_other")" = "$(sed 's/[0-9]*$//' <<<"$err")" ] && ok "both answers read alike" || not_ok "alike" "$msg_other" "$err"
refused today "an end before the link was recorded" supply link end "$L_BMINUS" --today 2022-05-01 --as qiye
refused "" "the county leader may not end links" supply link end "$L_BMINUS" --today 2022-10-01 --as lingdao
run supply link end "$L_UNGRADED" --reason '改由正面清单企业供货' --today 2022-10-01 --as qiye
expect_rc 0 "the enterprise ends a link of its own"
[ "$(q "SELECT ended_on || '|' || ended_by || '|' || end_reason FROM supply_links WHERE id = $L_UNGRADED")" = "2022-10-01|qiye|改由正面清单企业供货" ] && ok "kept, with the day, who and why" || not_ok "ended row"
[ "$(q "SELECT status || '|' || close_note FROM supply_help_targets WHERE id = $T2")" = "dropped|上下游关系已结束" ] && ok "its open target dropped" || not_ok "dropped target"
refused id "ending it again" supply link end "$L_UNGRADED" --today 2022-10-02 --as qiye
refused link_id "a target on an ended link" supply target add "$L_UNGRADED" --target 帮扶 --today 2022-10-02 --as xianju
run supply link list --as qiye
! grep -q "^$L_UNGRADED	" <<<"$out" && ok "the ended link is not listed as running" || not_ok "running list" "$out"
run supply link list --ended --as qiye
expect_match out "^$L_UNGRADED	.*	已结束 2022-10-01：改由正面清单企业供货$" "--ended lists it, ended"
run supply link add "$OWN" --direction upstream --partner "$UNGRADED" --product 焦炭 --today 2022-10-05 --as qiye
expect_rc 0 "the same link may be recorded again once ended"

# --- usage
run supply
expect_rc 2 "no subcommand"
run supply link frob
expect_rc 2 "an unknown subcommand"
run supply link end abc
expect_rc 2 "an id that is no number"
run supply review a b
expect_rc 2 "review takes at most one USCC"

# --- the audit trail
run audit verify
expect_rc 0 "the audit trail and every seal hold after all of it"
run audit list --entity "supply_link:$L_BMINUS"
expect_match out 'supply.target.close' "a link's records include its targets'"
expect_match out 'supply.link.add' "and its recording"
sql "UPDATE supply_links SET product = '钢坯' WHERE id = $L_A"
run audit verify
expect_rc 1 "a link changed by hand is found"
expect_match err "supply_link $L_A: its state does not match its seal" "and named"
sql "UPDATE supply_links SET product = '铸件' WHERE id = $L_A; UPDATE supply_help_targets SET status = 'open' WHERE id = $T1"
run audit verify
expect_rc 1 "a help target reopened by hand is found"
expect_match err "supply_link $L_BMINUS" "on its link"

done_testing
