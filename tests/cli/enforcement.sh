#!/usr/bin/env bash
# Measure 2's enforcement case through the command line: `greenlane case open m2.enforcement
# file` and `case step`, `greenlane enforcement show|letter`. A whole walk to the exemption after
# both reviews; every refusal of bad input names its field and changes nothing (the database's
# dump is the same before and after); the system's proposal at the boundaries of art. 33 and of
# the measure's window; numbers that restart each year; the first-violation look-back on its
# boundary day; a referral against a proposal of no penalty only through the legal review; a unit
# outside the registry; the two letters read back with pdftotext; who sees which case.
. "$(dirname "$0")/lib.sh"

A=91130131M10000012G # 甲铸造, an air emitter with a clerk
B=91130131M10000020B # 乙铸造, another enterprise with a clerk
OUT=92130131MA0DEM0PX0 # a unit outside the registry (valid USCC)

run init
expect_rc 0 "init"
cat >enterprises.csv <<'CSV'
uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list
91130131M10000012G,甲铸造,foundry,平山镇,C,1,1,0
91130131M10000020B,乙铸造,foundry,平山镇,C,1,0,0
CSV
run import enterprises enterprises.csv
expect_rc 0 "import enterprises"
for u in xian:county_officer fa:county_legal ling:county_leader shui:tax_officer; do
	echo test-password-1 | "$GREENLANE" user add "${u%%:*}" --role "${u#*:}" >/dev/null || exit 1
done
echo test-password-1 | "$GREENLANE" user add clerk --role enterprise --enterprise $A >/dev/null || exit 1
echo test-password-1 | "$GREENLANE" user add clerk_b --role enterprise --enterprise $B >/dev/null || exit 1
printf '%%PDF-1.4 signed scan' >scan.pdf

dump() { db_dump | sha256sum; }
field() { sql "SELECT $2 FROM m2_cases WHERE case_id = $1"; }
state_of() { sql "SELECT state FROM cases WHERE id = $1"; }
offers() { "$GREENLANE" case show "$1" --json --as "$2" | python3 -c 'import json,sys; print(" ".join(o["name"] for o in json.load(sys.stdin)["offers"]))'; }

# refused DESCRIPTION REGEX ARGS...: exit 1, stderr matches REGEX (the field and why), and the
# database is exactly as it was.
refused() {
	local what=$1 re=$2 before
	shift 2
	before=$(dump)
	run "$@"
	expect_rc 1 "$what: exit 1"
	expect_match err "$re" "$what: says why"
	[ "$(dump)" = "$before" ] && ok "$what: nothing changed" || not_ok "$what: nothing changed"
}

# file USCC FOUND TODAY TYPE HARM MINOR [MORE --field ...]: files a case as xian, prints its id.
file() {
	local uscc=$1 found=$2 today=$3 type=$4 harm=$5 minor=$6
	shift 6
	run case open m2.enforcement file --uscc "$uscc" --field violation_type="$type" \
		--field found_on="$found" --field officers=王建国、李强 --field facts=料场未苫盖 \
		--field harm="$harm" --field minor="$minor" "$@" --today "$today" --as xian
}

# walk ID FROM_DAY CORRECTED_ON: investigate, order by FROM_DAY+10, sign, verify.
order_and_verify() {
	local id=$1 d1=$2 by=$3 d2=$4 corrected=$5
	"$GREENLANE" case step "$id" investigate --field findings=属实 --today "$d1" --as xian >/dev/null &&
		"$GREENLANE" case step "$id" issue_order --field correction_mode=by_date --field correct_by="$by" \
			--field legal_basis=《中华人民共和国大气污染防治法》第一百一十五条 --field correction=苫盖料场 \
			--today "$d1" --as xian >/dev/null &&
		"$GREENLANE" case step "$id" sign_commitment --document "承诺书（签字版）=scan.pdf" --today "$d1" --as xian >/dev/null &&
		"$GREENLANE" case step "$id" verify_correction --field corrected=yes --field corrected_on="$corrected" \
			--reason 已整改 --today "$d2" --as xian >/dev/null
}

# ---- filing: bad input is refused, naming the field ----
refused "an unknown violation type" 'violation_type.*可选' \
	case open m2.enforcement file --uscc $A --field violation_type=littering --field found_on=2022-05-10 \
	--field officers=王建国 --field facts=x --field harm=none --field minor=yes --today 2022-05-10 --as xian
refused "a harm not in the list" 'harm' \
	case open m2.enforcement file --uscc $A --field violation_type=dust_control --field found_on=2022-05-10 \
	--field officers=王建国 --field facts=x --field harm=grave --field minor=yes --today 2022-05-10 --as xian
refused "a yes/no that is neither" 'minor.*yes 或 no' \
	case open m2.enforcement file --uscc $A --field violation_type=dust_control --field found_on=2022-05-10 \
	--field officers=王建国 --field facts=x --field harm=none --field minor=maybe --today 2022-05-10 --as xian
refused "facts missing" 'facts|违法事实' \
	case open m2.enforcement file --uscc $A --field violation_type=dust_control --field found_on=2022-05-10 \
	--field officers=王建国 --field harm=none --field minor=yes --today 2022-05-10 --as xian
refused "found after the filing day" 'found_on' \
	case open m2.enforcement file --uscc $A --field violation_type=dust_control --field found_on=2022-05-11 \
	--field officers=王建国 --field facts=x --field harm=none --field minor=yes --today 2022-05-10 --as xian
refused "malicious and without fault at once" 'no_fault' \
	case open m2.enforcement file --uscc $A --field violation_type=dust_control --field found_on=2022-05-10 \
	--field officers=王建国 --field facts=x --field harm=none --field minor=yes --field malicious=yes \
	--field no_fault=yes --today 2022-05-10 --as xian
refused "a unit outside the registry without its name" 'subject_name' \
	case open m2.enforcement file --uscc $OUT --field violation_type=dust_control --field found_on=2022-05-10 \
	--field officers=王建国 --field facts=x --field harm=none --field minor=yes --today 2022-05-10 --as xian
refused "a USCC with a wrong check character" 'uscc.*校验' \
	case open m2.enforcement file --uscc 92130131MA0DEM0PX1 --field subject_name=某厂 --field violation_type=dust_control \
	--field found_on=2022-05-10 --field officers=王建国 --field facts=x --field harm=none --field minor=yes --today 2022-05-10 --as xian
refused "an enterprise's clerk files no case" 'role|无权' \
	case open m2.enforcement file --uscc $A --field violation_type=dust_control --field found_on=2022-05-10 \
	--field officers=王建国 --field facts=x --field harm=none --field minor=yes --today 2022-05-10 --as clerk
refused "the legal reviewer files no case" 'role|无权' \
	case open m2.enforcement file --uscc $A --field violation_type=dust_control --field found_on=2022-05-10 \
	--field officers=王建国 --field facts=x --field harm=none --field minor=yes --today 2022-05-10 --as fa
refused "a field the filing does not take" 'visit_id' \
	case open m2.enforcement file --uscc $A --field violation_type=dust_control --field found_on=2022-05-10 \
	--field officers=王建国 --field facts=x --field harm=none --field minor=yes --field visit_id=1 --today 2022-05-10 --as xian

# ---- a minor violation, corrected in time without harm: exempt after both reviews ----
file $A 2022-05-10 2022-05-10 dust_control none yes
expect_rc 0 "file a case"
ID=$out
[ "$(field "$ID" case_number)" = "平环立〔2022〕1号" ] && ok "the case is numbered 平环立〔2022〕1号" || not_ok "case number" "$(field "$ID" case_number)"
[ "$(field "$ID" proposal)" = pending ] && ok "the proposal waits for the correction" || not_ok "pending"
run enforcement letter "$ID" order --out order.pdf
expect_rc 1 "no letter before the order"
expect_match err '尚未下达' "the refusal says the order is not issued"
refused "a commitment without an order" 'state.*签署承诺书|不能' \
	case step "$ID" sign_commitment --document "承诺书（签字版）=scan.pdf" --today 2022-05-10 --as xian
run case step "$ID" investigate --field findings=经调查属实 --today 2022-05-11 --as xian
expect_rc 0 "investigate"
refused "a correction date before the case" 'correct_by.*发现日' \
	case step "$ID" issue_order --field correction_mode=by_date --field correct_by=2022-05-09 \
	--field legal_basis=依据 --field correction=苫盖 --today 2022-05-11 --as xian
refused "a correction date before the order" 'correct_by.*下达日' \
	case step "$ID" issue_order --field correction_mode=by_date --field correct_by=2022-05-10 \
	--field legal_basis=依据 --field correction=苫盖 --today 2022-05-11 --as xian
refused "by a date without the date" 'correct_by' \
	case step "$ID" issue_order --field correction_mode=by_date \
	--field legal_basis=依据 --field correction=苫盖 --today 2022-05-11 --as xian
refused "immediately with a date" 'correct_by' \
	case step "$ID" issue_order --field correction_mode=immediate --field correct_by=2022-05-20 \
	--field legal_basis=依据 --field correction=苫盖 --today 2022-05-11 --as xian
refused "an order dated before the last step" 'today|早于' \
	case step "$ID" issue_order --field correction_mode=by_date --field correct_by=2022-05-20 \
	--field legal_basis=依据 --field correction=苫盖 --today 2022-05-10 --as xian
run case step "$ID" issue_order --field correction_mode=by_date --field correct_by=2022-05-20 \
	--field legal_basis=《中华人民共和国大气污染防治法》第一百一十五条 --field correction=对原料堆场全部苫盖并洒水抑尘 \
	--today 2022-05-11 --as xian
expect_rc 0 "issue the order"
[ "$(field "$ID" order_number)" = "平环责改〔2022〕1号" ] && ok "the order is numbered 平环责改〔2022〕1号" || not_ok "order number" "$(field "$ID" order_number)"

# the letters, read back
run enforcement letter "$ID" order --out order.pdf --as xian
expect_rc 0 "write the order"
flat() { pdftotext -layout "$1" - | python3 -c 'import sys; print("".join(sys.stdin.read().split()))'; }
ORDER=$(flat order.pdf)
for want in 责令改正违法行为决定书 平环责改〔2022〕1号 平环立〔2022〕1号 甲铸造 $A 2022年5月10日 王建国、李强 \
	未采取扬尘污染防治措施 料场未苫盖 《中华人民共和国大气污染防治法》第一百一十五条 对原料堆场全部苫盖并洒水抑尘 \
	2022年5月20日前改正 五个工作日内 依法予以处理 六十日内向石家庄市生态环境局申请行政复议 六个月内 平山县人民法院 \
	石家庄市生态环境局平山县分局 2022年5月11日; do
	case "$ORDER" in *"$want"*) ok "the order says $want" ;; *) not_ok "the order says $want" "$ORDER" ;; esac
done
run enforcement letter "$ID" commitment --out commitment.pdf --as clerk
expect_rc 0 "the party's clerk prints the letter of commitment"
COMMIT=$(flat commitment.pdf)
for want in 承诺书 甲铸造 平环责改〔2022〕1号 于2022年5月20日前改正上述环境违法行为 不再发生同类违法行为 承诺单位（盖章） 法定代表人或委托代理人（签字）; do
	case "$COMMIT" in *"$want"*) ok "the commitment says $want" ;; *) not_ok "the commitment says $want" "$COMMIT" ;; esac
done
refused "a commitment without the signed scan" 'documents|承诺书' \
	case step "$ID" sign_commitment --today 2022-05-11 --as xian
run case step "$ID" sign_commitment --document "承诺书（签字版）=scan.pdf" --today 2022-05-11 --as xian
expect_rc 0 "the signed commitment is attached"
refused "corrected without the day" 'corrected_on' \
	case step "$ID" verify_correction --field corrected=yes --reason 已整改 --today 2022-05-16 --as xian
refused "corrected after the verification" 'corrected_on.*晚于' \
	case step "$ID" verify_correction --field corrected=yes --field corrected_on=2022-05-17 --reason 已整改 --today 2022-05-16 --as xian
refused "corrected before the violation was found" 'corrected_on.*早于' \
	case step "$ID" verify_correction --field corrected=yes --field corrected_on=2022-05-09 --reason 已整改 --today 2022-05-16 --as xian
run case step "$ID" verify_correction --field corrected=yes --field corrected_on=2022-05-20 --reason 已整改 --today 2022-05-21 --as xian
expect_rc 0 "verify the correction, made on the last day ordered"
[ "$(field "$ID" "correction_status || ' ' || proposal || ' ' || ground")" = "in_time no_penalty minor" ] && ok "corrected on the last day is in time: no penalty (minor)" || not_ok "proposal after verify" "$(field "$ID" "correction_status || ' ' || proposal || ' ' || ground")"
[ "$(offers "$ID" xian)" = "propose_exemption propose_referral" ] && ok "against a proposal of no penalty no straight referral is offered" || not_ok "offers of a no-penalty case" "$(offers "$ID" xian)"
refused "a referral straight against a proposal of no penalty" 'proposal.*轻微不罚.*法制审核' \
	case step "$ID" refer --reason 想罚 --today 2022-05-21 --as xian
run case step "$ID" propose_exemption --reason 轻微并及时改正 --field recommendation=免予处罚 --today 2022-05-21 --as xian
expect_rc 0 "propose the exemption"
refused "an officer passes no legal review" 'role|无权' case step "$ID" legal_pass --today 2022-05-22 --as xian
run case step "$ID" legal_return --reason 证据不足，补充照片 --today 2022-05-23 --as fa
expect_rc 0 "the legal reviewer returns it"
[ "$(state_of "$ID")" = corrected ] && ok "returned, it is back for a proposal" || not_ok "state after return" "$(state_of "$ID")"
run case step "$ID" propose_exemption --reason 已补充照片 --field recommendation=免予处罚 --today 2022-05-24 --as xian
expect_rc 0 "propose again"
run case step "$ID" legal_pass --reason 同意 --today 2022-05-24 --as fa
expect_rc 0 "legal review passed"
refused "the collective review meets after its record" 'meeting_on' \
	case step "$ID" collective_exempt --field meeting_on=2022-05-26 --field members=赵国强、王建国 --field education=已教育 --today 2022-05-25 --as ling
refused "the party's education is required" 'education|教育' \
	case step "$ID" collective_exempt --field meeting_on=2022-05-25 --field members=赵国强、王建国 --today 2022-05-25 --as ling
run case step "$ID" collective_exempt --field meeting_on=2022-05-25 --field members=赵国强、王建国、刘文静 --field education=当场宣讲大气污染防治法 --today 2022-05-25 --as ling
expect_rc 0 "the leader records the collective review: exempt"
[ "$(state_of "$ID") $(field "$ID" outcome)" = "exempt exempt" ] && ok "closed exempt" || not_ok "closed" "$(state_of "$ID")"
[ "$(sql "SELECT kind || ':' || outcome FROM case_reviews WHERE case_id = $ID ORDER BY id" | tr '\n' ' ')" = "legal:returned legal:passed collective:exempt " ] && ok "both reviews are kept, the return too" || not_ok "reviews"
run enforcement show "$ID" --json --as xian
expect_rc 0 "show --json"
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["proposal"]["outcome"], d["proposal"]["in_window"], d["outcome"], d["order"]["correct_by"], len(d["proposal"]["explanation"]) > 2)')" = "no_penalty True exempt 2022-05-20 True" ] && ok "the JSON carries the proposal, the window, the outcome and the period" || not_ok "show json" "$out"
expect_match out '第三十三条第一款' "the explanation cites art. 33"
run audit verify
expect_rc 0 "the audit chain and every seal hold after the walk"

# ---- who sees the case ----
run enforcement show "$ID" --as clerk
expect_rc 0 "the party's clerk sees its case"
run enforcement show "$ID" --as clerk_b
expect_rc 1 "another enterprise's clerk does not"
expect_match err '没有执法案件' "to it the case does not exist"
run case show "$ID" --as clerk_b
expect_rc 1 "nor through case show"
run enforcement show "$ID" --as shui
expect_rc 1 "the tax department is no reader of enforcement cases"
run case list --procedure m2.enforcement --as shui
[ -z "$out" ] && ok "and lists none" || not_ok "tax officer lists enforcement cases" "$out"

# ---- numbers: one sequence a year, restarting each year ----
file $B 2022-06-01 2022-06-01 dust_control none yes
B1=$out
[ "$(field "$B1" case_number)" = "平环立〔2022〕2号" ] && ok "the year's second case is 2号" || not_ok "second number"
file $B 2023-01-03 2023-01-03 vocs_control none yes
ID23=$out
[ "$(field "$ID23" case_number)" = "平环立〔2023〕1号" ] && ok "the sequence restarts in 2023" || not_ok "2023 number" "$(field "$ID23" case_number)"
"$GREENLANE" case step "$ID23" investigate --field findings=x --today 2023-01-04 --as xian >/dev/null
"$GREENLANE" case step "$ID23" issue_order --field correction_mode=immediate --field legal_basis=依据 --field correction=改正 --today 2023-01-04 --as xian >/dev/null
[ "$(field "$ID23" "order_number || ' ' || correct_by")" = "平环责改〔2023〕1号 2023-01-04" ] && ok "the 2023 order is 1号; immediately means the order's day" || not_ok "2023 order" "$(field "$ID23" "order_number || ' ' || correct_by")"

# ---- the first-violation look-back, on its boundary day (12 months, m2.first_lookback_months) ----
file $B 2023-06-02 2023-06-02 dust_control minor no
[ "$(field "$out" prior_case)" = "" ] && ok "found 12 months and a day after B's 2022-06-01 case: a first violation" || not_ok "day after boundary" "$(field "$out" prior_case)"
file $B 2023-06-01 2023-06-02 dust_control minor no
B2=$out
[ "$(field "$B2" prior_case)" = "$B1" ] && ok "found exactly 12 months after it: not first" || not_ok "boundary B" "$(field "$B2" prior_case)"
file $B 2023-06-01 2023-06-02 dust_control minor no
[ "$(field "$out" prior_case)" = "$B2" ] && ok "the same day's earlier case is the newest earlier one" || not_ok "same day prior" "$(field "$out" prior_case)"
file $A 2023-05-10 2023-05-10 dust_control minor no
P1=$out
[ "$(field "$P1" prior_case)" = "$ID" ] && ok "found exactly 12 months after A's 2022-05-10 case: not a first violation" || not_ok "boundary day" "$(field "$P1" prior_case)"
file $A 2023-05-11 2023-05-11 facilities_not_running minor no
[ "$(field "$out" prior_case)" = "" ] && ok "another type of violation: first" || not_ok "other type"
run case open m2.enforcement file --uscc $A --field violation_type=dust_control --field found_on=2023-05-11 \
	--field officers=王建国 --field facts=x --field harm=minor --field minor=no --field prior_recorded=yes --today 2023-05-11 --as xian
[ "$(field "$out" prior_recorded)" = 1 ] && ok "an earlier violation recorded outside the system is kept" || not_ok "prior_recorded"

# ---- outside the window: the discretion stays with the reviews, a referral goes straight ----
file $A 2022-10-01 2022-10-01 permit_breach minor no
W=$out
order_and_verify "$W" 2022-10-02 2022-10-10 2022-10-08 2022-10-05
[ "$(field "$W" "proposal || ' ' || in_window")" = "discretion 0" ] && ok "found on 2022-10-01, a first violation with minor harm: discretion, out of the window" || not_ok "out of window" "$(field "$W" "proposal || ' ' || in_window")"
file $B 2022-09-30 2022-09-30 permit_breach minor no
W2=$out
order_and_verify "$W2" 2022-10-02 2022-10-10 2022-10-08 2022-10-05
[ "$(field "$W2" "proposal || ' ' || in_window")" = "no_penalty_first 1" ] && ok "found on 2022-09-30, the same case: no penalty, first violation, in the window" || not_ok "last day of window" "$(field "$W2" "proposal || ' ' || in_window")"
run case step "$W" refer --reason 经集体讨论依法处罚 --today 2022-10-09 --as xian
expect_rc 0 "a referral where the system proposes no penalty does not need the legal review"
[ "$(state_of "$W") $(field "$W" outcome)" = "referred referred" ] && ok "closed referred" || not_ok "referred"

# ---- a referral against the proposal goes through the legal review ----
run case step "$W2" propose_referral --reason 当事人整改后又复发 --today 2022-10-09 --as xian
expect_rc 0 "propose a referral against the proposal"
run case step "$W2" legal_pass_referral --reason 同意移送 --today 2022-10-10 --as fa
expect_rc 0 "the legal review passes it"
[ "$(state_of "$W2")|$(field "$W2" outcome_reason)" = "referred|当事人整改后又复发" ] && ok "referred with the officers' reason kept" || not_ok "referral reason" "$(field "$W2" outcome_reason)"

# ---- malicious inside the window: penalty, and no exemption can be proposed ----
file $A 2022-07-01 2022-07-01 monitoring_not_running serious no --field malicious=yes
M=$out
order_and_verify "$M" 2022-07-02 2022-07-10 2022-07-08 2022-07-05
[ "$(field "$M" proposal)" = penalty ] && ok "malicious with serious harm: penalty" || not_ok "malicious"
[ "$(offers "$M" xian)" = "propose_referral refer" ] && ok "where art. 33 does not apply no exemption is offered" || not_ok "offers of a penalty case" "$(offers "$M" xian)"
refused "no exemption where art. 33 does not apply" 'proposal.*第三十三条' \
	case step "$M" propose_exemption --reason 想免 --field recommendation=免 --today 2022-07-08 --as xian

# ---- a unit outside the registry ----
run case open m2.enforcement file --uscc $OUT --field subject_name=平山县某某喷涂加工厂 --field violation_type=vocs_control \
	--field found_on=2022-05-10 --field officers=王建国 --field facts=露天喷涂 --field harm=minor --field minor=no --today 2022-05-10 --as xian
expect_rc 0 "a unit outside the registry is filed by USCC and name"
X=$out
[ "$(sql "SELECT COALESCE(c.uscc, '-') || ' ' || m.party_uscc || ' ' || m.party_name FROM cases c JOIN m2_cases m ON m.case_id = c.id WHERE c.id = $X")" = "- $OUT 平山县某某喷涂加工厂" ] && ok "its party is kept with the case, not in the registry" || not_ok "outside party"
run enforcement show "$X" --json --as xian
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["in_registry"], d["party_name"])')" = "False 平山县某某喷涂加工厂" ] && ok "shown as outside the registry" || not_ok "outside json" "$out"
run case list --procedure m2.enforcement --json --as xian
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print([(c["uscc"], c["party_uscc"], c["party_name"]) for c in d if c["id"] == '"$X"'])')" = "[(None, '$OUT', '平山县某某喷涂加工厂')]" ] && ok "listed with its USCC and name, outside the registry" || not_ok "outside in list" "$out"

# ---- usage ----
run enforcement letter "$ID" notice --out x.pdf
expect_rc 2 "an unknown letter is a usage error"
run enforcement letter "$ID" order
expect_rc 2 "a letter without --out is a usage error"
run enforcement show abc
expect_rc 2 "a bad id is a usage error"
run audit verify
expect_rc 0 "the audit trail holds at the end"

# ---- the seal covers every column of the enforcement row ----
# The outcome and its reason are the last columns of m2_cases (after the 24th): changed by hand,
# the seal finds it; put back, it holds again. A seal read as format 1 (the first 24 columns of
# each row, as seals were made before schema 19) no longer matches one made over every column.
q() { sql "$1"; }
[ "$(q "SELECT format FROM audit_seals WHERE entity_type = 'case' AND entity_id = '$ID'")" = 2 ] && ok "the case is sealed in format 2 (every column)" || not_ok "seal format"
REASON=$(q "SELECT outcome_reason FROM m2_cases WHERE case_id = $ID")
q "UPDATE m2_cases SET outcome = 'referred' WHERE case_id = $ID"
run audit verify
expect_rc 1 "an outcome changed by hand is found"
q "UPDATE m2_cases SET outcome = 'exempt', outcome_reason = 'x' || outcome_reason WHERE case_id = $ID"
run audit verify
expect_rc 1 "an outcome's reason changed by hand is found"
q "UPDATE m2_cases SET outcome_reason = substr(outcome_reason, 2) WHERE case_id = $ID"
[ "$(q "SELECT outcome_reason FROM m2_cases WHERE case_id = $ID")" = "$REASON" ] && ok "put back" || not_ok "put back"
run audit verify
expect_rc 0 "put back, the seals hold"
q "UPDATE audit_seals SET format = 1 WHERE entity_type = 'case' AND entity_id = '$ID'"
run audit verify
expect_rc 1 "the seal is verified in the format it was made in"
q "UPDATE audit_seals SET format = 2 WHERE entity_type = 'case' AND entity_id = '$ID'"
run audit verify
expect_rc 0 "and holds in its own"

done_testing
