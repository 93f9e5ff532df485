#!/usr/bin/env bash
# `greenlane demo`: builds a county of a few hundred enterprises with valid USCCs of division 130131,
# the measure-1 industries well represented, measure-1 declarations in every state and measure 6's
# supply links in every state; the same seed gives the same county; a database that already holds
# enterprises is refused unchanged without --force; the audit trail stays intact.
. "$(dirname "$0")/lib.sh"

# json_of DB: the enterprise list of DB as JSON, without the time each row was written, and
# without the grades that the demo's measure-1 declarations changed (a re-import of the county's
# file sets those back to the file's grades).
json_of() {
	if [ "$1" = "$GREENLANE_DB" ]; then
		sql 'SELECT DISTINCT uscc FROM grade_history' >"$WORK/graded"
	else
		sqlite3 "$1" 'SELECT DISTINCT uscc FROM grade_history' >"$WORK/graded"
	fi
	"$GREENLANE" --db "$1" enterprise list --json |
		python3 -c 'import json, sys
graded = set(open(sys.argv[1]).read().split())
rows = json.load(sys.stdin)
for r in rows:
    r.pop("updated_at", None)
    if r.get("uscc") in graded:
        r.pop("grade", None)
print(json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=1))' "$WORK/graded"
}

run demo --seed
expect_rc 2 "--seed without a number is a usage error"
run demo --seed -3
expect_rc 2 "a negative seed is a usage error"
run demo --frobnicate
expect_rc 2 "an unknown option is a usage error"
if [ -n "$TEST_PG_DB" ]; then
	[ "$(sql "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")" = 0 ] &&
		ok "a usage error creates no database" || not_ok "a usage error creates no database"
else
	[ ! -e "$GREENLANE_DB" ] && ok "a usage error creates no database" || not_ok "a usage error creates no database"
fi

run demo
expect_rc 0 "demo builds the county"
demo_out=$out
expect_match out '演示县' "demo prints a summary in Chinese"
expect_match out '长流程钢铁 [0-9]+' "the summary counts long-process steel"

json_of "$GREENLANE_DB" >"$WORK/a.json"
python3 - "$WORK/a.json" >"$WORK/check.txt" <<'EOF'
import collections, json, sys
rows = json.load(open(sys.argv[1]))
alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
def uscc_ok(c):
    if len(c) != 18 or any(ch not in alphabet for ch in c):
        return False
    org = c[8:17]
    s = sum((int(ch) if ch.isdigit() else ord(ch) - 55) * w
            for ch, w in zip(org[:8], [3, 7, 9, 10, 5, 8, 4, 2]))
    o = 11 - s % 11
    if org[8] != {10: "X", 11: "0"}.get(o, str(o)):
        return False
    s = sum(alphabet.index(ch) * pow(3, i, 31) for i, ch in enumerate(c[:17]))
    return c[17] == alphabet[(31 - s % 31) % 31]
by = collections.Counter(r["industry"] for r in rows)
print("count", len(rows))
print("bad_uscc", sum(not uscc_ok(r["uscc"]) for r in rows))
print("division", sum(r["uscc"][2:8] != "130131" for r in rows))
print("steel", by["steel_long"])
print("foundry", by["foundry"])
print("industries", len(by))
print("names", len(set(r["name"] for r in rows)))
print("graded", sum(bool(r.get("grade")) for r in rows))
print("key", sum(bool(r.get("key_air_emitter")) for r in rows))
print("positive", sum(bool(r.get("positive_list")) for r in rows))
EOF
val() { awk -v k="$1" '$1 == k { print $2 }' "$WORK/check.txt"; }
count=$(val count)
[ "${count:-0}" -ge 200 ] && [ "$count" -le 500 ] && ok "a few hundred enterprises ($count)" ||
	not_ok "a few hundred enterprises" "$(cat "$WORK/check.txt")"
[ "$(val bad_uscc)" = 0 ] && ok "every USCC has valid check characters" || not_ok "every USCC has valid check characters"
[ "$(val division)" = 0 ] && ok "every USCC is of division 130131" || not_ok "every USCC is of division 130131"
[ "$(val steel)" -ge 10 ] && [ "$(val foundry)" -ge 30 ] && ok "long-process steel and foundry are well represented" ||
	not_ok "long-process steel and foundry are well represented" "$(cat "$WORK/check.txt")"
[ "$(val industries)" -ge 10 ] && ok "the county spans the pack's industries" || not_ok "the county spans the pack's industries"
[ "$(val names)" = "$count" ] && ok "names are distinct" || not_ok "names are distinct"
g=$(val graded) k=$(val key) p=$(val positive)
[ "$g" -gt 0 ] && [ "$g" -lt "$count" ] && [ "$k" -gt 0 ] && [ "$k" -lt "$count" ] && [ "$p" -gt 0 ] &&
	[ "$p" -lt "$count" ] && ok "grades and flags vary" || not_ok "grades and flags vary" "$(cat "$WORK/check.txt")"

# greenlane itself accepts the codes: a sample of enterprises is shown.
shown=0
for uscc in $(python3 -c 'import json, sys; rows = json.load(open(sys.argv[1])); print(" ".join(r["uscc"] for r in rows[::25]))' "$WORK/a.json"); do
	"$GREENLANE" enterprise show "$uscc" >/dev/null 2>&1 && shown=$((shown + 1)) || not_ok "enterprise show $uscc"
done
[ "$shown" -gt 5 ] && ok "enterprise show finds the generated enterprises ($shown)" || not_ok "enterprise show finds the generated enterprises"

# Each demo clerk has something to do: qiye1's declaration was returned (it may resubmit),
# qiye2's enterprise qualifies and has not declared (it may submit).
run case work --as qiye1
expect_match out $'\t已退回，可重新申报\tresubmit$' "qiye1's work: resubmit its returned declaration"
run case list --procedure m1.declaration --as qiye2
expect_out "" "qiye2's enterprise has no declaration"
q2=$(printf '%s\n' "$demo_out" | awk '$1 == "qiye2" { print $4 }')
year=$(sql 'SELECT MAX(year) FROM annual_figures')
# One rung up the ladder D → C → B- → B → A from the grade it holds (none counts as D).
case "$(sql "SELECT COALESCE(grade, 'D') FROM enterprises WHERE uscc = '$q2'")" in
D) up=C ;; C) up=B- ;; B-) up=B ;; *) up=A ;;
esac
printf '申报表' >"$WORK/form.pdf"
run declaration submit "$q2" --year "$year" --grade-sought "$up" --document "申报表=$WORK/form.pdf" --document "证明材料=$WORK/form.pdf" --as qiye2
expect_rc 0 "qiye2 may declare ($q2, $year)"
# Every demo login is a person with a display name (姓名), the county officer 王建国; the listing
# the demo prints names each.
logins=$(printf '%s\n' "$demo_out" | awk '$2 ~ /^[a-z_]+$/ && $1 ~ /^[a-z0-9]+$/ { print $1 }')
[ "$(grep -c . <<<"$logins")" = 17 ] && ok "the demo prints seventeen logins" || not_ok "demo logins" "$demo_out"
[ "$(sql "SELECT display_name FROM users WHERE username = 'xianju'")" = 王建国 ] && ok "the county officer is 王建国" || not_ok "xianju's display name"
if [ -n "$TEST_PG_DB" ]; then chinese="display_name ~ '^[一-龥]'"; else chinese="display_name GLOB '[一-龥]*'"; fi
named=$(sql "SELECT COUNT(DISTINCT display_name) FROM users WHERE $chinese AND length(display_name) BETWEEN 2 AND 4")
[ "$named" = 17 ] && ok "every demo login has a distinct Chinese name of two to four characters" || not_ok "demo display names" "$(sql 'SELECT username, display_name FROM users')"
bad=0
for u in $logins; do
	dn=$(sql "SELECT display_name FROM users WHERE username = '$u'")
	printf '%s\n' "$demo_out" | grep -q "^  $u .*  $dn\$" || bad=$((bad + 1))
done
[ "$bad" = 0 ] && ok "each printed login ends with its display name" || not_ok "printed display names" "$demo_out"
[ "$(sql "SELECT department FROM users WHERE username = 'zhujian'")" = housing_construction ] && ok "the department officer is bound to its department's code" || not_ok "zhujian's department"
[ "$(sql "SELECT township FROM users WHERE username = 'xiangzhen'")" = 平山镇 ] && ok "the township officer is bound to its township" || not_ok "xiangzhen's township"

# Measure 5's visits of 2022: the leader reads one in each state; the visit that waits for its
# enterprise's feedback is qiye2's to answer; the county's enforcement officer sees none.
printf '%s\n' "$demo_out" | grep -q '^措施五“两进三送”帮扶走访 (measure 5 service visits): 5 次, 专家库 4 人' &&
	ok "the demo says its visits" || not_ok "the demo says its visits" "$demo_out"
run visit list --json --as lingdao
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(" ".join(v["state"] for v in json.load(sys.stdin)))')" = "closed unanswered visited planned cancelled" ] &&
	ok "the leader reads a visit in each state" || not_ok "demo visits" "$out"
run case work --as qiye2
expect_match out $'\tm5\.visit\t.*\tfeedback$' "qiye2's work: say whether the help helped"
run case list --as xianju
printf '%s' "$out" | grep -q 'm5.visit' && not_ok "the enforcement officer lists a visit" || ok "the enforcement officer lists no visit"

run case work --as xianju
expect_match out "$(printf '\t%s\t' "$(sql "SELECT name FROM enterprises WHERE uscc = '$q2'")")" "the county officer's work shows qiye2's new declaration"

# The demo's officers took their steps under their logins: a city-reviewed case names them.
reviewed=$(sql "SELECT id FROM cases WHERE state = 'city_reviewed' ORDER BY id LIMIT 1")
run case show "$reviewed"
expect_match out 'county_approved  xianju 王建国 \(county_officer\)' "the county's step names 王建国"
expect_match out 'city_reviewed  zhuanjia 孙立华 \(city_expert\)' "the expert's step names 孙立华"

# Measure 6: qiye2's enterprise, on the positive list, has partners in every state the review
# knows; a second listed enterprise has two more; one link has ended.
sq() { sql "$1"; }
[ "$(sq "SELECT positive_list FROM enterprises WHERE uscc = '$q2'")" = 1 ] && ok "qiye2's enterprise is on the positive list" || not_ok "qiye2 listed"
[ "$(sq 'SELECT COUNT(*) FROM supply_links') $(sq 'SELECT COUNT(*) FROM supply_links WHERE ended_at IS NOT NULL') $(sq 'SELECT COUNT(DISTINCT uscc) FROM supply_links')" = "10 1 2" ] &&
	ok "ten supply links of two enterprises, one ended" || not_ok "supply links" "$(sq 'SELECT id, uscc, partner_uscc, ended_on FROM supply_links')"
[ "$(sq 'SELECT COUNT(*) FROM supply_links l WHERE NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.uscc = l.partner_uscc)')" = 2 ] && ok "two partners outside the county" || not_ok "outside partners"
[ "$(sq "SELECT group_concat(status, ',') FROM (SELECT status FROM supply_help_targets ORDER BY id) s")" = "met,open,open,dropped" ] &&
	ok "help targets met, open and dropped" || not_ok "targets" "$(sq 'SELECT id, status FROM supply_help_targets')"
run supply review --json --as qiye2
expect_rc 0 "qiye2 reviews its partners"
reasons=$(printf '%s' "$out" | python3 -c 'import json, sys
d = json.load(sys.stdin)
e = d["enterprises"]
print(len(e), " ".join(sorted({p["reason"] for p in e[0]["partners"]})), e[0]["not_preferred"], e[0]["needs_target"], sum(len(p["alternatives"]) > 0 for p in e[0]["partners"]))')
[ "$reasons" = "1 below_grade grade grade_and_positive_list grade_unknown positive_list 3 1 3" ] &&
	ok "its partners: preferred by grade, by the list, both; below B; grade unknown — one still wanting a target, each not preferred with alternatives" || not_ok "qiye2's review" "$reasons"

run audit verify
expect_rc 0 "the audit trail is intact after the demo"
run audit list --limit 1000
expect_match out 'demo.county' "the demo is in the audit trail"
audit_before=$(printf '%s\n' "$out" | wc -l)

run demo
expect_rc 1 "a second demo without --force is refused"
expect_match err '--force' "the refusal says how to proceed"
json_of "$GREENLANE_DB" >"$WORK/a2.json"
cmp -s "$WORK/a.json" "$WORK/a2.json" && ok "the refused demo changed no enterprise" || not_ok "the refused demo changed no enterprise"
run audit list --limit 1000
[ "$(printf '%s\n' "$out" | wc -l)" = "$audit_before" ] && ok "the refused demo wrote no audit record" ||
	not_ok "the refused demo wrote no audit record"

# (SQLite files beside the test's database, with their own audit key and anchor log)
GREENLANE_AUDIT_KEY= GREENLANE_AUDIT_ANCHORS= run --db "$WORK/same.db" demo --seed 2022
expect_rc 0 "demo with the default seed given explicitly"
json_of "$WORK/same.db" >"$WORK/b.json"
cmp -s "$WORK/a.json" "$WORK/b.json" && ok "the same seed gives the same county" ||
	not_ok "the same seed gives the same county" "$(diff "$WORK/a.json" "$WORK/b.json" | head -5)"

GREENLANE_AUDIT_KEY= GREENLANE_AUDIT_ANCHORS= run --db "$WORK/other.db" demo --seed 7
expect_rc 0 "demo with another seed"
json_of "$WORK/other.db" >"$WORK/c.json"
cmp -s "$WORK/a.json" "$WORK/c.json" && not_ok "another seed gives another county" || ok "another seed gives another county"

sql "UPDATE users SET display_name = '' WHERE username = 'fazhi'"
run audit verify
expect_rc 1 "a login changed by hand is found"
expect_match err 'user fazhi: its state does not match its seal' "and named"
run audit seal
expect_rc 0 "and sealed again as corrected"
run demo --force
expect_rc 0 "demo --force imports over an existing county"
[ "$(sql "SELECT display_name FROM users WHERE username = 'fazhi'")" = "" ] &&
	ok "a demo login that exists is left alone, display name included" || not_ok "existing login changed"
expect_match out '^  fazhi +county_legal +县分局法制审核人员$' "and is printed as it is, without a display name"
json_of "$GREENLANE_DB" >"$WORK/a3.json"
cmp -s "$WORK/a.json" "$WORK/a3.json" && ok "the same county again changes no enterprise" || not_ok "the same county again changes no enterprise"
run audit verify
expect_rc 0 "the audit trail is intact after demo --force"

done_testing
