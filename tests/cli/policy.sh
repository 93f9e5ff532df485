#!/usr/bin/env bash
# The policy catalog on the command line: list and show in Chinese, the flagged phone number, a
# measure that does not exist, parameters on a date, checking pack files, and $GREENLANE_POLICY.
. "$(dirname "$0")/lib.sh"
PACK="$SOURCE_ROOT/policy/pingshan-2022.json"

run policy list --date 2022-06-01
expect_rc 0 "policy list exits 0"
expect_match out '^1	实施激励性生态环境绩效分级制度	兑现时间：长期推进。' "list names measure 1 in Chinese"
expect_match out '^8	建立市级重点建设项目正面清单' "list names measure 8"
[ "$(printf '%s\n' "$out" | grep -c '^[0-9]	')" -eq 8 ] && ok "list has eight measures" ||
	not_ok "list has eight measures" "$out"
expect_match out '^2	.*（2022-04-01 至 2022-09-30）	有效$' "measure 2 is in force in June 2022"

run policy list --date 2022-10-01
expect_match out '^2	.*	已到期$' "measure 2 has expired on 2022-10-01"
expect_match out '^5	.*	有效$' "measure 5 is still in force on 2022-10-01"
run policy list --date 2022-03-31
expect_match out '^3	.*	未开始$' "measure 3 has not started on 2022-03-31"
run policy list --date 2022-02-30
expect_rc 2 "list with an impossible date is a usage error"

run policy show 1
expect_rc 0 "policy show 1 exits 0"
expect_match out '^一、实施激励性生态环境绩效分级制度$' "show prints the heading as published"
expect_match out '^1\.政策内容$' "show has the content section"
expect_match out '高于行业平均水平 20% 以上' "show has the published content"
expect_match out '^5\.职责分工$' "show has the responsible units"
expect_match out '^联系人：李国恒 联系电话：13832363726$' "show has the contact, unflagged"

run policy show 2
expect_match out '^联系人：张振奇 联系电话：0311-828972000 （号码有误：区号后为9位，已按原文保留）$' \
	"the nine-digit number is kept as published and flagged"
run policy show 5
expect_match out '0311-828972000 （号码有误' "measure 5 shows the same flag"

run policy show 4 --en
expect_rc 0 "show --en exits 0"
expect_match out '^Measure 4\. 100-day EIA service campaign$' "show --en prints the English title"

run policy show 9
expect_rc 1 "show 9 fails"
expect_match err 'no such measure' "show 9 says there is no such measure"
run policy show abc
expect_rc 2 "show with a non-number is a usage error"
run policy show
expect_rc 2 "show without a number is a usage error"

run policy params --measure 1 --date 2022-06-01
expect_rc 0 "params exits 0"
expect_match out '^m1\.key_margin_percent = 20（自 2022-01-01 起）$' "params prints a value on the date"
expect_match out '^m1\.industries = steel_long,foundry' "params prints a list"
expect_match out '依据：第1条「高于行业平均水平 20% 以上」' "params cites the clause"
if printf '%s' "$out" | grep -q '^m2\.'; then not_ok "--measure 1 shows only measure 1"; else ok "--measure 1 shows only measure 1"; fi
run policy params --date 2021-12-31 --measure 1
expect_match out '^m1\.key_margin_percent = （该日无值）$' "before the pack starts there is no value"
run policy params --measure 9
expect_rc 1 "params for a measure that does not exist fails"

run policy check "$PACK"
expect_rc 0 "the shipped pack checks"
expect_match out 'pingshan-2022 第8版，8 条措施，12 个行业' "check summarizes the pack"
expect_match out 'measures\[1\]\.contacts\[0\]\.phone: 0311-828972000' "check reports the flagged number"

sed 's/"phone": "15369177169"/"_phone": "15369177169"/' "$PACK" >"$WORK/broken.json"
run policy check "$WORK/broken.json"
expect_rc 1 "a pack without a phone fails the check"
expect_match err 'broken\.json: measures\[3\]\.contacts\[0\]\.phone: missing' "check names the key path"

sed '0,/"value": 20/s//"value": "20"/' "$PACK" >"$WORK/kind.json"
run policy check "$WORK/kind.json"
expect_rc 1 "a value of the wrong kind fails the check"
expect_match err 'parameters\.m1\.key_margin_percent\.values\[0\]\.value: not an integer' \
	"check names the parameter value"

# A reading measure 1 implements one way only, or a flag that is not 0 or 1: refused as the pack
# is read, naming the value, rather than at every evaluation.
sed 's/"value": "any"/"value": "sometimes"/' "$PACK" >"$WORK/reading.json"
run policy check "$WORK/reading.json"
expect_rc 1 "a reading the engine does not implement fails the check"
expect_match err 'parameters\.m1\.metrics_rule\.values\[0\]\.value: 参数 m1\.metrics_rule = sometimes 未实现，应为 any' \
	"check names the value and the reading implemented"
GREENLANE_POLICY="$WORK/reading.json" run init
expect_rc 1 "start-up refuses it too"
python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
p["parameters"]["m1.official_average_wins"]["values"][0]["value"] = 2
json.dump(p, open(sys.argv[2], "w"), ensure_ascii=False)' "$PACK" "$WORK/flag.json"
run policy check "$WORK/flag.json"
expect_rc 1 "a flag of 2 fails the check"
expect_match err 'parameters\.m1\.official_average_wins\.values\[0\]\.value: .*应为 0 或 1' "naming the flag"

printf '{"id": "x",\n' >"$WORK/syntax.json"
run policy check "$WORK/syntax.json"
expect_rc 1 "broken JSON fails the check"
expect_match err 'syntax\.json:2:' "check gives the line of broken JSON"

run policy check "$WORK/none.json"
expect_rc 1 "a missing file fails the check"
run policy check
expect_rc 2 "check without a file is a usage error"

sed '0,/"value": 20/s//"value": 25/' "$PACK" >"$WORK/county.json"
GREENLANE_POLICY="$WORK/county.json" run policy params --measure 1 --date 2022-06-01
expect_match out '^m1\.key_margin_percent = 25' "GREENLANE_POLICY loads another pack"
GREENLANE_POLICY="$WORK/broken.json" run policy list
expect_rc 1 "a broken GREENLANE_POLICY is refused"
expect_match err 'GREENLANE_POLICY: .*measures\[3\]\.contacts\[0\]\.phone: missing' \
	"the refusal names the variable and the key"
GREENLANE_POLICY="$WORK/broken.json" run init
expect_rc 1 "start-up refuses a broken GREENLANE_POLICY"

run policy frobnicate
expect_rc 2 "an unknown subcommand is a usage error"

# --division: the pack of that county, its own from GREENLANE_PACKS, else the home pack.
mkdir -p "$WORK/packs"
python3 - "$PACK" "$WORK/packs/yuanshi.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["id"], d["division"] = "yuanshi-2022", "130132"
d["parameters"]["m1.key_margin_percent"]["values"][0]["value"] = 30
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
GREENLANE_PACKS="$WORK/packs" run policy params --measure 1 --date 2022-06-01 --division 130132
expect_match out '^yuanshi-2022 ' "--division names the county's own pack"
expect_match out '^m1\.key_margin_percent = 30' "and shows its parameters"
GREENLANE_PACKS="$WORK/packs" run policy list --division 130131
expect_match out 'pingshan-2022' "the home county's is the home pack"
GREENLANE_PACKS="$WORK/packs" run policy list --division 130203
expect_match out 'pingshan-2022' "so is that of a county without a pack of its own"
run policy list --division 130100
expect_rc 2 "a city's code is a usage error"
expect_match err 'division' "that names --division"

done_testing
