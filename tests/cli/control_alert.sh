#!/usr/bin/env bash
# Measure 3's bans lifted by a heavy-pollution-weather alert, end to end: the alert engine's
# measures (docs/alerts.md's table) decide, day by day, how far a control measure may go. An alert
# for 平山镇 in June 2022, yellow on the 8th, orange from the 9th, red from the 10th, lifted at the
# start of the 11th. Expectations from docs/alerts.md and docs/controls.md, not from the program:
# long-process steel B bans old trucks at yellow and stops sinter, pellet and lime kiln at orange
# (a restriction, not a halt); grade D halts at every level; a listed site only stops four
# processes; an unlisted site stops six at orange and all work at red. A unit outside the alert's
# townships, or a day outside it, keeps the ban.
. "$(dirname "$0")/lib.sh"

uscc() {
	python3 - "$1" <<'PY'
import sys
body = sys.argv[1]
org = body[8:16]
v = lambda ch: int(ch) if ch.isdigit() else ord(ch) - 55
c = 11 - sum(v(ch) * w for ch, w in zip(org, [3, 7, 9, 10, 5, 8, 4, 2])) % 11
body += "X" if c == 10 else "0" if c == 11 else str(c)
chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
c = 31 - sum(chars.index(ch) * w[i] for i, ch in enumerate(body)) % 31
print(body + chars[c % 31])
PY
}
S_B=$(uscc 91130131MA0AM001) # steel, B, 平山镇
S_D=$(uscc 91130131MA0AM002) # steel, D, 平山镇
W_D=$(uscc 91130131MA0AM003) # steel, D, 温塘镇 (outside the alert)
PL=$(uscc 91130131MA0AM004)  # other, B, on the positive list, 平山镇
OUT=$(uscc 91130100MA0AM005) # a partner outside the county's registry

run init
expect_rc 0 "init"
cat >enterprises.csv <<CSV
uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list
$S_B,甲钢铁有限公司,steel_long,平山镇,B,1,1,0
$S_D,乙钢铁有限公司,steel_long,平山镇,D,1,1,0
$W_D,丙钢铁有限公司,steel_long,温塘镇,D,1,1,0
$PL,丁机械有限公司,other,平山镇,B,1,0,1
CSV
run import enterprises enterprises.csv
expect_rc 0 "the registry imports"
q() { sql "$1"; }
q "INSERT INTO sites (id, project, category, builder_uscc, builder_name, township, department, status, listed, created_by, created_at) VALUES
 (1, '平山县第一中学教学楼', 'school', '$S_B', '甲钢铁有限公司', '平山镇', 'education', 'under_construction', 1, 'test', '2022-05-01T00:00:00Z'),
 (2, '平山镇商住楼', 'other', '$S_D', '乙钢铁有限公司', '平山镇', 'housing_construction', 'under_construction', 0, 'test', '2022-05-01T00:00:00Z');"
# Fixture rows written by SQL are sealed as the operator seals rows that predate the seals.
run audit seal
expect_rc 0 "the fixture sites are sealed"

run alert issue --level yellow --from 2022-06-08T00:00 --to 2022-06-12T00:00 --township 平山镇 --notice 测试预警
expect_rc 0 "a yellow alert for 平山镇 is issued"
ALERT=$(printf "%s\n" "$out" | head -n1)
run alert change "$ALERT" --level orange --at 2022-06-09T00:00 --reason 升级
expect_rc 0 "raised to orange from the 9th"
run alert change "$ALERT" --level red --at 2022-06-10T00:00 --reason 升级
expect_rc 0 "raised to red from the 10th"
run alert lift "$ALERT" --at 2022-06-11T00:00 --reason 解除
expect_rc 0 "lifted at the start of the 11th"

controls() { q "SELECT COUNT(*) FROM m3_controls"; }
# propose UNIT... : expects an id and exit 0, one row more.
allowed() {
	local what=$1
	shift
	local before
	before=$(controls)
	run control propose "$@" --reason 测试 --today 2022-06-07
	expect_rc 0 "$what: allowed"
	printf "%s\n" "$out" | grep -qE "^[0-9]+$" && ok "$what: the id printed" || not_ok "$what: the id printed"
	[ "$(controls)" = $((before + 1)) ] && ok "$what: recorded" || not_ok "$what: recorded"
}
# refused PATTERN UNIT... : expects exit 1, the pattern on stderr, nothing recorded.
refused() {
	local what=$1 pattern=$2
	shift 2
	local before
	before=$(controls)
	run control propose "$@" --reason 测试 --today 2022-06-07
	expect_rc 1 "$what: refused"
	expect_match err "$pattern" "$what: says why"
	[ "$(controls)" = "$before" ] && ok "$what: nothing recorded" || not_ok "$what: nothing recorded"
}

allowed "steel B restricted on the orange and red days" "$S_B" --kind restrict_production --from 2022-06-09 --to 2022-06-10
refused "steel B restricted from the yellow day (trucks only)" '2022-06-08' "$S_B" --kind restrict_production --from 2022-06-08 --to 2022-06-09
refused "steel B halted on an orange day" '措施三' "$S_B" --kind halt_production --from 2022-06-09 --to 2022-06-09
allowed "steel D halted every day of the alert" "$S_D" --kind halt_production --from 2022-06-08 --to 2022-06-10
refused "steel D halted past the lift" '2022-06-11' "$S_D" --kind halt_production --from 2022-06-08 --to 2022-06-11
refused "steel D of a township outside the alert" '措施三' "$W_D" --kind halt_production --from 2022-06-09 --to 2022-06-09
refused "a listed site stopped on the red day" '措施三' --site 1 --kind stop_work --from 2022-06-10 --to 2022-06-10
refused "an unlisted site stopped on the orange day" '2022-06-09' --site 2 --kind stop_work --from 2022-06-09 --to 2022-06-10
allowed "an unlisted site stopped on the red day" --site 2 --kind stop_work --from 2022-06-10 --to 2022-06-10
allowed "a measure that keeps production going, any day" "$S_B" --kind other --from 2022-06-08 --to 2022-06-20

# Measure 6 during the alert: the positive-list enterprise sees, partner by partner, what the alert
# in force that day asks: steel D halted on the orange day, steel B restricted (processes
# stopped), the partner of another township not covered, the partner outside the registry unknown.
for p in "$S_D" "$S_B" "$W_D"; do
	run supply link add "$PL" --direction upstream --partner "$p" --product 钢材 --today 2022-06-01
	expect_rc 0 "a link to $p"
done
run supply link add "$PL" --direction downstream --partner "$OUT" --partner-name 外县机械有限公司 --product 零件 --today 2022-06-01
expect_rc 0 "a link to a partner outside the registry"
run supply review "$PL" --json --today 2022-06-09
expect_rc 0 "the review on the orange day"
printf '%s' "$out" >review.json
python3 - "$S_D" "$S_B" "$W_D" "$OUT" <<'PY' && ok "each partner's alert measure as the table says" || not_ok "each partner's alert measure as the table says"
import json, sys
s_d, s_b, w_d, out = sys.argv[1:]
r = json.load(open("review.json"))["enterprises"][0]
by = {p["link"]["partner_uscc"]: p["alert"] for p in r["partners"]}
assert by[s_d]["in_alert"] and by[s_d]["halted"] and by[s_d]["level"] == "orange", by[s_d]
assert by[s_b]["in_alert"] and by[s_b]["restricted"] and not by[s_b]["halted"], by[s_b]
assert by[w_d]["known"] and not by[w_d]["in_alert"], by[w_d]
assert not by[out]["known"] and not by[out]["in_alert"], by[out]
assert "不在本县企业名录" in by[out]["line"] and "停产" in by[s_d]["line"], by
assert r["partners_halted"] == 1 and r["partners_restricted"] == 2, r
PY
run supply review "$PL" --json --today 2022-06-12
printf '%s' "$out" >review.json
python3 - <<'PY' && ok "after the lift no partner is restricted" || not_ok "after the lift no partner is restricted"
import json
r = json.load(open("review.json"))["enterprises"][0]
assert r["partners_restricted"] == 0 and not any(p["alert"]["in_alert"] for p in r["partners"]), r
PY

run audit verify
expect_rc 0 "the audit trail verifies"
done_testing
