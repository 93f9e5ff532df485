#!/usr/bin/env bash
# `greenlane alert`: heavy-pollution-weather alerts. An orange alert issued by the city for two
# townships reaches the air-emitting enterprises and the sites under construction there, each with
# the measure the expectations below say (written from docs/alerts.md, not from the program):
# long-process steel by grade, an ungraded cement works on the lowest rung, the positive list and
# grade A choosing their own reductions, an enterprise that discharges no air pollutants and a
# finished site not reached, a listed site stopping four processes and an unlisted one six; the
# measures as JSON (the contract's keys), CSV and a workbook, and filtered. Raised to red: the diff
# names exactly the units whose measure changed; its townships changed: units leave and join;
# lifted, it can change no more. Every bad input is refused naming the field and changes nothing;
# the roles that may not write are refused; an enterprise user sees only its own result; the
# audit trail verifies after all of it.
. "$(dirname "$0")/lib.sh"

# Valid USCCs from 16 characters: the organization code's check character (GB 11714) and the
# code's own (GB 32100) computed here.
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
S_B=$(uscc 91130131MA0AL001)   # steel, B, 平山镇
S_BM=$(uscc 91130131MA0AL002)  # steel, B-, 温塘镇
S_C=$(uscc 91130131MA0AL003)   # steel, C, 平山镇
C_U=$(uscc 91130131MA0AL004)   # cement, no grade, 温塘镇
PL=$(uscc 91130131MA0AL005)    # steel, D, on the positive list, 平山镇
GA=$(uscc 91130131MA0AL006)    # foundry, A, 平山镇
NOAIR=$(uscc 91130131MA0AL007) # other, B, discharges no air pollutants, 平山镇
F_BM=$(uscc 91130131MA0AL008)  # foundry, B-, 岗南镇
O_C=$(uscc 91130131MA0AL009)   # other, C, 岗南镇

run init
expect_rc 0 "init"
cat >enterprises.csv <<CSV
uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list
$S_B,甲钢铁有限公司,steel_long,平山镇,B,1,1,0
$S_BM,乙钢铁有限公司,steel_long,温塘镇,B-,1,1,0
$S_C,丙钢铁有限公司,steel_long,平山镇,C,1,1,0
$C_U,丁水泥有限公司,cement,温塘镇,,1,0,0
$PL,戊钢铁有限公司,steel_long,平山镇,D,1,1,1
$GA,己铸造有限公司,foundry,平山镇,A,1,0,0
$NOAIR,庚食品有限公司,other,平山镇,B,0,0,0
$F_BM,辛铸造有限公司,foundry,岗南镇,B-,1,0,0
$O_C,壬机械有限公司,other,岗南镇,C,1,0,0
CSV
run import enterprises enterprises.csv
expect_rc 0 "the registry imports"
q() { sql "$1"; }
# Three sites: listed and under construction, unlisted under construction, unlisted finished.
q "INSERT INTO sites (id, project, category, builder_uscc, builder_name, township, department, status, listed, created_by, created_at) VALUES
 (1, '平山县第一中学教学楼', 'school', '$S_B', '甲钢铁有限公司', '平山镇', 'education', 'under_construction', 1, 'test', '2022-05-01T00:00:00Z'),
 (2, '温塘镇商业综合体', 'key_project', '$O_C', '壬机械有限公司', '温塘镇', 'development_reform', 'under_construction', 0, 'test', '2022-05-01T00:00:00Z'),
 (3, '平山镇旧城改造', 'municipal_works', '$O_C', '壬机械有限公司', '平山镇', 'urban_management', 'finished', 0, 'test', '2022-05-01T00:00:00Z')"
# Fixture rows written by SQL are sealed as the operator seals rows that predate the seals.
run audit seal
expect_rc 0 "the fixture sites are sealed"
for u in "shiju city_officer" "xianju county_officer" "fazhi county_legal" "lingdao county_leader" \
	"zhujian dept_officer --department housing_construction" "qiye enterprise --enterprise $S_B" \
	"qiye2 enterprise --enterprise $O_C" "admin admin"; do
	set -- $u
	name=$1 role=$2
	shift 2
	echo "secret-password-1" | "$GREENLANE" user add "$name" --role "$role" "$@" >/dev/null || not_ok "user $name"
done

counts() { q "SELECT (SELECT COUNT(*) FROM alerts) || '/' || (SELECT COUNT(*) FROM alert_versions) || '/' || (SELECT COUNT(*) FROM alert_result_blocks) || '/' || (SELECT COUNT(*) FROM audit_log) || '/' || (SELECT COALESCE(MAX(version), 0) FROM alerts)"; }
# refused FIELD DESCRIPTION CMD...: exits 1 naming the field (or none: ""), and nothing changes.
refused() {
	local field=$1 what=$2
	shift 2
	local before
	before=$(counts)
	run "$@"
	local pattern="^greenlane: $field: "
	[ -n "$field" ] || pattern='^greenlane: [^a-z_]'
	if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -q "$pattern" && [ "$(counts)" = "$before" ]; then
		ok "$what (refused naming ${field:-no field}, nothing changed)"
	else
		not_ok "$what" "exit $rc" "stderr: $err" "counts $before -> $(counts)"
	fi
}
j() { printf "%s" "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# --- issue
run alert issue --level orange --from 2022-06-08T12:00 --to 2022-06-10 --township 平山镇 --township 温塘镇 --notice "石家庄市重污染天气应急指挥部办公室 2022 年第 3 号" --as shiju
expect_rc 0 "the city officer issues an orange alert for two townships"
expect_out 1 "and its id is printed on its own line"

# What version 1 asks, unit by unit: row, halted, restricted, stopped processes (";"-joined).
cat >expected <<EXP
$S_B steel_long/B/orange False True sinter;pellet;lime_kiln
$S_BM steel_long/B-/orange False True sinter;pellet;lime_kiln
$S_C steel_long/C/orange False True sinter;pellet;lime_kiln;blast_furnace_half
$C_U */D/orange True True -
$PL positive_list False False -
$GA a_grade/A False False -
site:1 site/listed/orange False True earthwork;demolition;spray_painting_plastering;slope_shotcrete
site:2 site/ordinary/orange False True earthwork;demolition;spray_painting_plastering;slope_shotcrete;concrete_mixing;open_cutting_welding
EXP
# measures_table: the JSON array of the last run as lines like the expectations, sorted.
measures_table() {
	printf "%s" "$out" | python3 -c '
import json, sys
for m in json.load(sys.stdin):
    key = m["uscc"] if m["unit"] == "enterprise" else "site:%d" % m["site"]
    print(key, m["row"], m["halted"], m["restricted"], ";".join(m["stopped_processes"]) or "-")' | LC_ALL=C sort
}
run alert measures 1 --json
expect_rc 0 "measures --json"
got=$(measures_table)
want=$(LC_ALL=C sort expected)
[ "$got" = "$want" ] && ok "each unit reached has the expected measure; no other unit is reached" || not_ok "measures of version 1" "$(diff <(echo "$want") <(echo "$got"))"
run alert measures 1 --json
j 'all(set(["halted","restricted","stopped_processes","explanation"]) <= set(m) and (m["uscc"] if m["unit"]=="enterprise" else m["site"]) and len(m["explanation"]) >= 3 for m in d)' | grep -q True && ok "every object has the contract's keys and an explanation" || not_ok "contract keys" "$out"
j '[m for m in d if m["uscc"] == "'"$C_U"'"][0]["explanation"]' | grep -q "alert.ungraded_as = lowest" && ok "the ungraded enterprise's explanation names alert.ungraded_as" || not_ok "ungraded explanation"
j '[m for m in d if m["uscc"] == "'"$PL"'"][0]["explanation"]' | grep -q "污染治理设施正常运行" && ok "the positive list's condition is said" || not_ok "positive-list explanation"
j '[m for m in d if m["uscc"] == "'"$S_B"'"][0]["explanation"]' | grep -q "alert.enterprise_measures 之“steel_long/B/orange=" && ok "the table row and its parameter are cited" || not_ok "row explanation"
j '[m for m in d if m.get("site") == 2][0]["explanation"]' | grep -q "解读" && ok "the unlisted site's reading is marked 解读" || not_ok "site reading"

run alert measures 1 --csv
expect_rc 0 "measures --csv"
printf "%s" "$out" | python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
assert rows[0][:3] == ["unit", "uscc", "site"], rows[0]
assert len(rows) == 9, len(rows)
assert all(len(r) == 16 for r in rows), [len(r) for r in rows]
assert any(r[1] == sys.argv[1] and r[8] == "true" for r in rows), "the ungraded cement works is halted"
' "$C_U" && ok "the CSV has a header and one row per unit reached, the halted one marked" || not_ok "csv" "$out"
run alert measures 1 --xlsx measures.xlsx
expect_rc 0 "measures --xlsx"
expect_match out "已写出 8 行" "the workbook holds the eight units"
python3 -c '
import zipfile, sys
z = zipfile.ZipFile("measures.xlsx")
sheet = z.read("xl/worksheets/sheet1.xml").decode()
assert sheet.count("<row ") == 9, sheet.count("<row ")
' && ok "the workbook is a workbook with a header and eight rows" || not_ok "xlsx"

# filters
run alert measures 1 --json --halted yes
[ "$(j 'sorted(m["uscc"] for m in d)')" = "['$C_U']" ] && ok "--halted yes: the ungraded cement works only" || not_ok "--halted yes" "$out"
run alert measures 1 --json --restricted no
[ "$(j 'sorted(m["uscc"] for m in d)')" = "$(python3 -c "print(sorted(['$PL', '$GA']))")" ] && ok "--restricted no: the positive list and grade A" || not_ok "--restricted no" "$out"
run alert measures 1 --json --township 温塘镇
[ "$(j 'sorted(str(m["uscc"] or m["site"]) for m in d)')" = "$(python3 -c "print(sorted(['$S_BM', '$C_U', '2']))")" ] && ok "--township 温塘镇" || not_ok "--township" "$out"
run alert measures 1 --json --unit site --kind stop
[ "$(j 'sorted(m["site"] for m in d)')" = "[1, 2]" ] && ok "--unit site --kind stop: both sites" || not_ok "--unit site" "$out"
run alert measures 1 --json --kind limit
[ "$(j 'len(d)')" = 0 ] && ok "--kind limit: nobody here is limited by a percentage" || not_ok "--kind limit" "$out"

# --- raised to red
run alert change 1 --level red --reason "市级升级为红色预警" --at 2022-06-09T08:00 --as shiju
expect_rc 0 "the city raises the alert to red"
expect_out 2 "and the new version's number is printed"
run alert measures 1 --json
j '{(m["uscc"] or m["site"]): m["row"] for m in d}["'"$S_BM"'"]' | grep -qx "steel_long/B-/red" && ok "version 2's measures are read by default" || not_ok "version 2 measures" "$out"
run alert diff 1 --json
expect_rc 0 "diff"
[ "$(j '[d["from_version"], d["to_version"], d["changed"]]')" = "[1, 2, 2]" ] && ok "the diff compares 1 and 2: two units changed" || not_ok "diff counts" "$out"
[ "$(j 'sorted(str(i["uscc"] or i["site"]) for i in d["items"])')" = "$(python3 -c "print(sorted(['$S_BM', '2']))")" ] && ok "exactly the B- steel works and the unlisted site (B, C, D and the listed site keep their measure)" || not_ok "diff items" "$out"
j '[i for i in d["items"] if i["site"] == 2][0]' | grep -q "'halted': True" && ok "the unlisted site goes from six processes to stopping work" || not_ok "site diff" "$out"
run alert measures 1 --version 1 --json
j '{(m["uscc"] or m["site"]): m["row"] for m in d}["'"$S_BM"'"]' | grep -qx "steel_long/B-/orange" && ok "version 1 keeps its measures" || not_ok "version 1 kept" "$out"

# --- townships changed
run alert change 1 --township 平山镇 --township 岗南镇 --reason "市级调整预警范围" --at 2022-06-09T12:00 --as xianju --notice "石家庄市重污染天气应急指挥部办公室 2022 年第 4 号"
expect_rc 0 "the county officer records the city's change of townships with its notice"
run alert diff 1 --json
left=$(j 'sorted(str(i["uscc"] or i["site"]) for i in d["items"] if i["after"] is None)')
joined=$(j 'sorted(str(i["uscc"] or i["site"]) for i in d["items"] if i["before"] is None)')
[ "$left" = "$(python3 -c "print(sorted(['$S_BM', '$C_U', '2']))")" ] && ok "温塘镇's units leave the alert" || not_ok "left" "$left"
[ "$joined" = "$(python3 -c "print(sorted(['$F_BM', '$O_C']))")" ] && ok "岗南镇's air emitters join it" || not_ok "joined" "$joined"
run alert diff 1 --from-version 1 --to-version 3 --json
expect_rc 0 "a diff between any two versions"

# --- show, list, lift
run alert show 1 --json
[ "$(j '[v["change"] for v in d["versions"]]')" = "['issue', 'change', 'change']" ] && ok "show: three versions" || not_ok "show versions" "$out"
[ "$(j '[v["effective_at"] for v in d["versions"]]')" = "['2022-06-08T12:00', '2022-06-09T08:00', '2022-06-09T12:00']" ] && ok "each version says when it took effect" || not_ok "effective_at" "$out"
[ "$(j '[d["versions"][2]["role"], d["versions"][2]["by"], d["versions"][1]["reason"]]')" = "['county_officer', 'xianju', '市级升级为红色预警']" ] && ok "who changed it and why are kept" || not_ok "who and why" "$out"
[ "$(j 'd["to"]')" = "2022-06-11T00:00" ] && ok "a bare --to date is the end of that day" || not_ok "to" "$out"
run alert lift 1 --at 2022-06-09T20:00 --reason "空气质量好转" --as shiju
expect_rc 0 "the city lifts the alert"
expect_out 4 "as version 4"
run alert show 1 --json
[ "$(j '[d["status"], d["state"], d["to"], d["versions"][3]["results_version"]]')" = "['lifted', 'lifted', '2022-06-09T20:00', 3]" ] && ok "lifted: it ends then and keeps version 3's measures" || not_ok "lifted" "$out"
run alert diff 1 --json
[ "$(j 'd["changed"]')" = 0 ] && ok "the lift changes no unit's measure" || not_ok "lift diff" "$out"
refused id "a lifted alert is not lifted again" alert lift 1 --at 2022-06-09T21:00 --as shiju
refused id "nor changed" alert change 1 --level yellow --reason x --at 2022-06-09T21:00 --as shiju
run alert list --json
[ "$(j '[(a["id"], a["state"], a["version"]) for a in d]')" = "[(1, 'lifted', 4)]" ] && ok "list" || not_ok "list" "$out"
run alert list
expect_match out "已解除" "the text list says it is lifted"

# --- bad input: each names the field and changes nothing
refused level "an unknown level" alert issue --level purple --from 2022-06-08 --to 2022-06-09 --as shiju
refused level "no level" alert issue --from 2022-06-08 --to 2022-06-09 --as shiju
refused from "a date that does not exist" alert issue --level red --from 2022-02-30 --to 2022-03-02 --as shiju
refused from "an hour that does not exist" alert issue --level red --from 2022-06-08T24:00 --to 2022-06-09 --as shiju
refused to "no end" alert issue --level red --from 2022-06-08 --as shiju
refused to "an end before the start" alert issue --level red --from 2022-06-08T12:00 --to 2022-06-08T11:00 --as shiju
refused to "an end equal to the start" alert issue --level red --from 2022-06-08T12:00 --to 2022-06-08T12:00 --as shiju
refused township "a township the registry does not know" alert issue --level red --from 2022-06-08 --to 2022-06-09 --township 不存在镇 --as shiju
refused notice "a notice too long" alert issue --level red --from 2022-06-08 --to 2022-06-09 --notice "$(printf '通%.0s' $(seq 1 50))" --as shiju
refused notice "a county officer without the city's notice" alert issue --level yellow --from 2022-07-01 --to 2022-07-02 --as xianju
run alert issue --level yellow --from 2022-07-01T08:00 --to 2022-07-03T08:00 --township 岗南镇 --notice "市级通知" --as xianju
expect_rc 0 "with the notice the county officer records it"
A2=$out
refused reason "a change without a reason" alert change "$A2" --level orange --at 2022-07-01T10:00 --as shiju
refused change "a change that changes nothing" alert change "$A2" --level yellow --reason x --at 2022-07-01T10:00 --as shiju
refused to "an end before the change takes effect" alert change "$A2" --to 2022-07-01T09:00 --reason x --at 2022-07-01T10:00 --as shiju
refused level "a bad level in a change" alert change "$A2" --level amber --reason x --at 2022-07-01T10:00 --as shiju
refused township "an unknown township in a change" alert change "$A2" --township 不存在镇 --reason x --at 2022-07-01T10:00 --as shiju
refused at "a change after the end" alert change "$A2" --level red --reason x --at 2022-07-03T08:00 --as shiju
run alert change "$A2" --level orange --reason x --at 2022-07-01T10:00 --as shiju
expect_rc 0 "a change of the second alert"
refused at "a change taking effect before the version it follows" alert change "$A2" --level red --reason x --at 2022-07-01T09:00 --as shiju
refused version "a change against a version no longer the newest" alert change "$A2" --level red --reason x --at 2022-07-01T11:00 --expect-version 1 --as shiju
refused id "an alert that does not exist" alert change 99 --level red --reason x --at 2022-07-01T11:00 --as shiju
refused version "measures of a version that does not exist" alert measures 1 --version 9
refused kind "an unknown kind" alert measures 1 --kind bogus
refused unit "an unknown unit" alert measures 1 --unit factory
refused from_version "a diff backwards" alert diff 1 --from-version 3 --to-version 2
refused id "measures of an alert that does not exist" alert measures 99

# --- roles
refused "" "the county's legal reviewer may not issue" alert issue --level red --from 2022-08-01 --to 2022-08-02 --as fazhi
refused "" "nor the county leader" alert issue --level red --from 2022-08-01 --to 2022-08-02 --as lingdao
refused "" "nor an enterprise" alert issue --level red --from 2022-08-01 --to 2022-08-02 --as qiye
refused "" "nor a sector department" alert lift "$A2" --at 2022-07-02T00:00 --as zhujian
refused "" "nor the administrator" alert change "$A2" --level red --reason x --at 2022-07-02T00:00 --as admin
run alert measures 1 --version 1 --json --as zhujian
[ "$(j 'len(d)')" = 8 ] && ok "the housing and construction bureau reads every measure" || not_ok "dept reads" "$out"
run alert measures 1 --version 1 --json --as qiye
[ "$(j 'sorted(str(m["uscc"] or m["site"]) for m in d)')" = "$(python3 -c "print(sorted(['$S_B', '1']))")" ] && ok "an enterprise user sees its own result and its own site's, nothing else" || not_ok "enterprise own" "$out"
run alert measures 1 --version 1 --csv --as qiye2
[ "$(printf '%s' "$out" | python3 -c 'import csv,sys; print(len(list(csv.reader(sys.stdin))))')" = 2 ] && ok "another enterprise's CSV holds its one site" || not_ok "qiye2 csv" "$out"
run alert diff 1 --from-version 1 --to-version 3 --json --as qiye
[ "$(j 'd["changed"]')" = 0 ] && ok "the diff an enterprise sees is about its own units only" || not_ok "enterprise diff" "$out"
run alert show 1 --as qiye
expect_rc 0 "an enterprise reads the alert itself (it is published)"

# --- usage
run alert issue 5 --level red --from 2022-08-01 --to 2022-08-02
expect_rc 2 "issue takes no argument"
run alert measures
expect_rc 2 "measures takes an id"
run alert measures 1 --json --csv
expect_rc 2 "--json and --csv exclude each other"
run alert frobnicate
expect_rc 2 "an unknown subcommand"

# --- the audit trail
[ "$(q "SELECT group_concat(action, ',') FROM (SELECT action FROM audit_log WHERE entity_type = 'alert' ORDER BY id) a")" = "alert.issue,alert.change,alert.change,alert.lift,alert.issue,alert.change" ] && ok "each write is audited once" || not_ok "audit actions" "$(q "SELECT group_concat(action) FROM audit_log WHERE entity_type = 'alert'")"
run audit verify
expect_rc 0 "the audit trail verifies"

# --- a township of the pack where no unit of the registry stands is a township all the same
run alert issue --level yellow --from 2022-11-01 --to 2022-11-02 --township 宅北乡 --as shiju
expect_rc 0 "an alert for 宅北乡 (in the pack's townships, no unit there) is issued"
T_ID=$(printf '%s\n' "$out" | head -n1)
run alert measures "$T_ID" --json
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 0 ] && ok "and reaches no unit" || not_ok "宅北乡 reaches none" "$out"

done_testing
