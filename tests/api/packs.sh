#!/usr/bin/env bash
# Packs per county ($GREENLANE_PACKS): a database of two counties, the second running its own
# pack (another id, another filing number, another label). A case of each county runs on its
# county's pack and keeps it; a pack directory that repeats the home pack's county, or holds a
# city's pack, stops start-up naming the file.
. "$(dirname "$0")/lib.sh"
"$GREENLANE" init >/dev/null || exit 1
ENT_Y=91130132MA0000000Y
sql "INSERT INTO enterprises (uscc, name, industry, township, grade, division, updated_at) VALUES
	('$ENT_A', '甲钢铁有限公司', 'steel_long', '平山镇', 'B', '130131', '2024-01-01T00:00:00Z'),
	('$ENT_Y', '元氏丙化工有限公司', 'cement', '平山镇', 'B', '130132', '2024-01-01T00:00:00Z');" || exit 1
"$GREENLANE" audit seal >/dev/null || exit 1
for u in "ps" "ys --division 130132"; do
	# shellcheck disable=SC2086
	echo "$PASSWORD" | "$GREENLANE" user add $u --role county_officer >/dev/null || exit 1
done

# pack FILE ID DIVISION: the compiled-in pack made another county's, with an industry of its own
# (ys_lime), cement among measure 1's industries, a township (槐阳镇) and a site category
# (ys_quarry) and a project category (ys_mine) of its own, measure 3's window ending in May and a
# ledger of air pollutants only.
pack() {
	python3 - "$SOURCE_ROOT/policy/pingshan-2022.json" "$1" "$2" "$3" <<'PY'
import json, sys
src, out, pid, division = sys.argv[1:5]
d = json.load(open(src))
d["id"], d["division"] = pid, division
d["procedures"]["m2.enforcement"]["label_zh"] = "包容性执法案件（元氏）"
d["parameters"]["m2.case_number_template"]["values"] = [{"from": "2022-01-01", "value": "元环立〔{year}〕{seq}号"}]
d["issuer_zh"] = "石家庄市生态环境局元氏县分局"
d["issuer_en"] = "Yuanshi County Branch"
d["measures"][0]["contacts"][0]["name"] = "元氏联系人"
# An industry of the county's own, and measure 1 grading cement works as well.
d["industries"].insert(0, {"code": "ys_lime", "name_zh": "元氏石灰", "name_en": "Yuanshi lime", "ladder": ["D", "C", "B", "A"]})
for v in d["parameters"]["m1.industries"]["values"]:
    v["value"] = v["value"] + ["cement"]
# A township and a site category of its own.
d["townships"].append({"name_zh": "槐阳镇", "name_en": "Huaiyang"})
d["site_categories"].append({"code": "ys_quarry", "name_zh": "元氏采石场", "name_en": "Quarry"})
d["parameters"]["m3.window_to"]["values"][0]["value"] = "2022-05-31"  # measure 3's window, shorter
d["parameters"]["m7.pollutants"]["values"][0]["value"] = ["so2", "nox"]  # its ledger's, in 2022
d["parameters"]["m7.pollutants"]["values"][1]["value"] = ["so2", "nox", "vocs", "pm"]  # and since
d["project_categories"].append({"code": "ys_mine", "name_zh": "元氏矿山修复", "name_en": "Mine restoration"})
for v in d["parameters"]["m8.competent_departments"]["values"]:
    v["value"] = v["value"] + ["ys_quarry:natural_resources" if any(t.get("code") == "natural_resources" for t in d["departments"]) else "ys_quarry:" + d["departments"][0]["code"]]
json.dump(d, open(out, "w"), ensure_ascii=False)
PY
}
mkdir -p "$WORK/packs" "$WORK/bad1" "$WORK/bad2"
pack "$WORK/packs/yuanshi.json" yuanshi-2022 130132
pack "$WORK/bad1/again.json" pingshan-again 130131
pack "$WORK/bad2/city.json" shi-2022 130100

for bad in bad1 bad2; do
	out=$(GREENLANE_PACKS="$WORK/$bad" "$GREENLANE" serve --listen 127.0.0.1:0 2>&1 </dev/null)
	rc=$?
	[ "$rc" != 0 ] && [[ "$out" == *"GREENLANE_PACKS"*".json"* ]] && ok "a pack directory of $bad stops start-up naming the file" || not_ok "$bad started" "rc $rc" "$out"
done
out=$(GREENLANE_PACKS="$WORK/nowhere" "$GREENLANE" serve --listen 127.0.0.1:0 2>&1 </dev/null)
[ $? != 0 ] && [[ "$out" == *"nowhere"* ]] && ok "so does a directory that is not there" || not_ok "nowhere" "$out"

export GREENLANE_PACKS="$WORK/packs"
start_server
sign_in_as ps ys
FIELDS='"violation_type":"dust_control","found_on":"2022-05-10","officers":"王建国、李强","facts":"料场未苫盖","harm":"none","minor":"yes"'
as ps POST /api/v1/cases "{\"procedure\":\"m2.enforcement\",\"action\":\"file\",\"uscc\":\"$ENT_A\",\"today\":\"2022-05-10\",\"fields\":{$FIELDS}}"
expect_status 201 "the home county files a case"
A=$(json 'd["case"]["id"]')
as ys POST /api/v1/cases "{\"procedure\":\"m2.enforcement\",\"action\":\"file\",\"uscc\":\"$ENT_Y\",\"today\":\"2022-05-10\",\"fields\":{$FIELDS}}"
expect_status 201 "the other county files one"
Y=$(json 'd["case"]["id"]')
[ "$(sql "SELECT pack_id FROM cases WHERE id = $A")/$(sql "SELECT pack_id FROM cases WHERE id = $Y")" = pingshan-2022/yuanshi-2022 ] &&
	ok "each case is opened on its county's pack" || not_ok "pack ids" "$(sql "SELECT id, pack_id FROM cases")"
as ys GET "/api/v1/cases/$Y"
[ "$(json 'd["case"]["procedure_label"]')" = "包容性执法案件（元氏）" ] && ok "and is shown with that pack's words" || not_ok "label" "${body:0:300}"
as ys GET /api/v1/cases
[ "$(json 'd["cases"][0]["procedure_label"]')" = "包容性执法案件（元氏）" ] && ok "in the list as well" || not_ok "list label" "${body:0:300}"
as ys GET "/api/v1/enforcement/$Y"
[ "$(json 'd["enforcement"]["case_number"]')" = 元环立〔2022〕1号 ] && ok "its filing number follows its pack's template, counted in its own branch's sequence" || not_ok "case number" "${body:0:300}"
as ps GET "/api/v1/enforcement/$A"
[ "$(json 'd["enforcement"]["case_number"]')" = 平环立〔2022〕1号 ] && ok "the home county's follows the home pack's, its own first of the year" || not_ok "home case number" "${body:0:300}"
as ys POST "/api/v1/cases/$Y/steps" '{"action":"investigate","version":1,"today":"2022-05-12","fields":{"findings":"属实"}}'
[ "$status" = 200 ] && ok "a later step runs on the case's own pack" || not_ok "step" "$body"
as ys POST "/api/v1/cases/$Y/steps" '{"action":"issue_order","version":2,"today":"2022-05-12","fields":{"correction_mode":"by_date","correct_by":"2022-05-20","legal_basis":"《中华人民共和国大气污染防治法》第一百一十五条","correction":"苫盖料场"}}'
expect_status 200 "the other county issues its order"
as ys GET "/api/v1/enforcement/$Y/order.pdf"
pdftotext "$WORK/body" - 2>/dev/null | tr -d ' \n' >"$WORK/order.txt"
grep -q 元氏县分局 "$WORK/order.txt" && ! grep -q 平山县分局 "$WORK/order.txt" &&
	ok "its order to correct names its own branch as the issuer" || not_ok "order issuer" "$(head -c 300 "$WORK/order.txt")"
# What is not a case reads the county's pack too: the registry import's industries and ladders,
# by the county each row goes to, and measure 1's grading, by the county graded.
b64() { base64 -w0; }
HEADER='uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list'
NEW=91130131426091296K
file=$(printf '%s\n%s\n' "$HEADER" "$NEW,元氏石灰厂,ys_lime,平山镇,B,1,0,0" | b64)
as ps POST /api/v1/imports/enterprises "{\"file_name\":\"m.csv\",\"content_base64\":\"$file\"}"
expect_status 400 "the home county's import does not know the other county's industry"
[[ "$body" == *"政策包中没有行业 'ys_lime'"* ]] && ok "and says so of the row" || not_ok "ps import" "${body:0:300}"
as ys POST /api/v1/imports/enterprises "{\"file_name\":\"m.csv\",\"content_base64\":\"$file\"}"
expect_status 200 "the other county imports an enterprise of its own industry"
[ "$(sql "SELECT industry || ':' || grade || ':' || division FROM enterprises WHERE uscc = '$NEW'")" = ys_lime:B:130132 ] &&
	ok "into its county, graded on its industry's ladder" || not_ok "imported" "$(sql "SELECT * FROM enterprises WHERE uscc = '$NEW'")"
as ys GET "/api/v1/enterprises/$NEW"
[ "$(json 'd["industry_name"]')" = 元氏石灰 ] && ok "and is shown with its industry's name in its county's pack" || not_ok "industry_name" "${body:0:300}"
as ys GET "/api/v1/enterprises?search=元氏石灰"
[ "$(json 'd["items"][0]["industry_name"]')" = 元氏石灰 ] && ok "in the registry's list as well" || not_ok "list industry_name" "${body:0:300}"
file=$(printf '%s\n%s\n' "$HEADER" "$NEW,元氏石灰厂,ys_lime,平山镇,E,1,0,0" | b64)
as ys POST /api/v1/imports/enterprises "{\"file_name\":\"m.csv\",\"content_base64\":\"$file\"}"
expect_status 400 "a grade off that ladder is refused"
as ys GET "/api/v1/incentive?year=2021"
[ "$(json '[o["uscc"] for o in d["items"]]')" = "[\"$ENT_Y\"]" ] && ok "the other county grades its cement works, as its pack says" || not_ok "ys grading" "${body:0:400}"
as ps GET "/api/v1/incentive?year=2021"
[ "$(json '[o["uscc"] for o in d["items"]]')" = "[\"$ENT_A\"]" ] && ok "the home county grades its steel works only" || not_ok "ps grading" "${body:0:400}"
# The catalog: every pack, and the pack of a county, which a county's screens read.
req GET /api/v1/packs
[ "$(json '" ".join("%s:%s:%s" % (p["id"], p["division"], p["home"]) for p in d["packs"])')" = "pingshan-2022:130131:True yuanshi-2022:130132:False" ] &&
	ok "the packs are listed, the home pack first" || not_ok "packs" "${body:0:300}"
req GET /api/v1/packs/130132
[ "$(json 'd["pack"]["id"], d["pack"]["issuer_zh"], d["pack"]["issuer_en"], "ys_lime" in [i["code"] for i in d["industries"]]')" = "('yuanshi-2022', '石家庄市生态环境局元氏县分局', 'Yuanshi County Branch', True)" ] &&
	ok "a county's pack is its own, with its industries" || not_ok "packs/130132" "${body:0:300}"
req GET /api/v1/packs/130203
[ "$(json 'd["pack"]["id"], d["pack"]["division"]')" = "('pingshan-2022', '130131')" ] &&
	ok "a county without a pack of its own has the home pack, which says so" || not_ok "packs/130203" "${body:0:300}"
req GET /api/v1/packs/130100
expect_error 400 invalid division "a city's code is no county's"
as ys GET /api/v1/procedures
[ "$(json '" ".join(p["label"] for p in d["procedures"] if p["name"] == "m2.enforcement")')" = "包容性执法案件（元氏）" ] &&
	ok "an officer is offered its county's procedures" || not_ok "procedures" "${body:0:300}"
# An alert is stamped with the pack of its county and checks its townships there; a construction
# site takes its county's categories and townships.
TOMORROW=$(date -d tomorrow +%F)
YESTERDAY=$(date -d yesterday +%F)
as ps POST /api/v1/alerts "{\"level\":\"orange\",\"from\":\"${YESTERDAY}T20:00\",\"to\":\"$TOMORROW\",\"townships\":[\"槐阳镇\"],\"notice\":\"石家庄市重污染天气应急指挥部办公室通知\"}"
expect_error 400 invalid township "the home county knows no township of the other county's pack"
as ys POST /api/v1/alerts "{\"level\":\"orange\",\"from\":\"${YESTERDAY}T20:00\",\"to\":\"$TOMORROW\",\"townships\":[\"槐阳镇\"],\"notice\":\"石家庄市重污染天气应急指挥部办公室通知\"}"
expect_status 201 "the other county's alert names its own township"
[ "$(json 'd["alert"]["versions"][-1]["pack"]')" = yuanshi-2022 ] &&
	ok "and runs on that county's pack" || not_ok "alert pack" "${body:0:400}"
SITE='"project":"采石场整治","category":"ys_quarry","township":"槐阳镇","builder_uscc":"11130131000012343M","builder_name":"元氏县某单位","earthwork_m2":3500,"today":"2022-09-01"'
as ps POST /api/v1/sites "{$SITE}"
expect_error 400 invalid category "the home county's site knows no category of the other county's"
as ys POST /api/v1/sites "{$SITE}"
expect_status 201 "the other county registers a site of its own category and township"
SITE_Y=$(json 'd["site"]["id"] if "site" in d else d["id"]')
as ys GET "/api/v1/sites/$SITE_Y"
[[ "$body" == *"元氏采石场"* ]] && ok "and shows it in its pack's words" || not_ok "site view" "${body:0:400}"
# Measure 6's review of an enterprise follows the rule of its county's pack.
as ys GET "/api/v1/supply/review/$ENT_Y"
[ "$(json 'd["pack"]["id"]')" = yuanshi-2022 ] && ok "the other county's enterprise is reviewed on its county's pack" || not_ok "supply review pack" "${body:0:300}"
as ps GET "/api/v1/supply/review/$ENT_A"
[ "$(json 'd["pack"]["id"]')" = pingshan-2022 ] && ok "the home county's on the home pack" || not_ok "home supply review pack" "${body:0:300}"
# Measure 4's projects take their county's categories, and are shown in its words.
PROJ='{"name":"矿山修复工程","category":"ys_mine","township":"槐阳镇","builder_uscc":"'$ENT_Y'"}'
as ps POST /api/v1/eia/projects "$PROJ"
expect_error 400 invalid category "the home county knows no project category of the other county's"
as ys POST /api/v1/eia/projects "$PROJ"
expect_status 201 "the other county registers a project of its own category"
P=$(json 'd["project"]["id"]')
as ys GET "/api/v1/eia/projects/$P"
[[ "$body" == *"元氏矿山修复"* ]] && ok "and shows it in its pack's words" || not_ok "project view" "${body:0:300}"
# Measure 3's check of a control measure reads the window of the unit's county's pack.
HALT='"kind": "halt_production", "from": "2022-06-01", "to": "2022-06-10", "today": "2022-05-30"'
as ps POST /api/v1/controls/check "{\"uscc\": \"$ENT_A\", $HALT}"
[ "$(json 'd["decision"]["in_window"], d["decision"]["window"]["to"]')" = "(True, '2022-09-30')" ] && ok "the home county's June is in its window" || not_ok "home m3" "${body:0:300}"
as ys POST /api/v1/controls/check "{\"uscc\": \"$ENT_Y\", $HALT}"
[ "$(json 'd["decision"]["allowed"], d["decision"]["in_window"], d["decision"]["window"]["to"]')" = "(True, False, '2022-05-31')" ] && ok "the other county's window ended in May, as its pack says" || not_ok "ys m3" "${body:0:300}"
# Measure 7: a transfer runs on the pack of the county whose account it debits.
as ys POST /api/v1/ledger/transfers '{"client_id":"y1","pollutant":"cod","from":"origin:130132","to":"enterprise:'$NEW'","grams":100,"day":"2022-06-01"}'
expect_error 400 invalid pollutant "the other county's ledger has no COD in 2022, as its pack says"
as ys POST /api/v1/ledger/transfers '{"client_id":"y2","pollutant":"so2","from":"origin:130132","to":"enterprise:'$NEW'","grams":100,"day":"2022-06-01"}'
expect_status 201 "its sulphur dioxide goes in"
NEW_A=91130131772873426Y
file=$(printf '%s\n%s\n' "$HEADER" "$NEW_A,平山乙厂,cement,平山镇,B,1,0,0" | b64)
as ps POST /api/v1/imports/enterprises "{\"file_name\":\"m.csv\",\"content_base64\":\"$file\"}"
as ps POST /api/v1/ledger/transfers '{"client_id":"p1","pollutant":"cod","from":"origin:130131","to":"enterprise:'$NEW_A'","grams":100,"day":"2022-06-01"}'
expect_status 201 "the home county's ledger has COD in 2022"
as ys GET /api/v1/ledger/pollutants
[ "$(json '",".join(p["code"] for p in d["pollutants"])')" = so2,nox,vocs,pm ] && ok "its ledger lists its pack's pollutants" || not_ok "ys pollutants" "${body:0:300}"
as ps GET /api/v1/ledger/pollutants
[ "$(json '",".join(p["code"] for p in d["pollutants"])')" = so2,nox,cod,nh3n,vocs,pm ] && ok "the home county's the home pack's" || not_ok "ps pollutants" "${body:0:300}"
as ys GET "/api/v1/ledger/accounts/origin:130132"
[ "$(json '",".join(b["pollutant"] for b in d["balances"])')" = so2,nox,vocs,pm ] && ok "and an account of the county shows those balances" || not_ok "ys account" "${body:0:300}"

# Measure 1's official averages: one set for the database, an industry named by the importer's
# county's pack.
as ps GET '/api/v1/imports/averages/template?format=csv'
AVG=$( (cat "$WORK/body" 2>/dev/null || printf '%s' "$body"; printf '元氏石灰,2024,250000,1.5\r\n') | b64)
as ps POST /api/v1/imports/averages "{\"file_name\":\"a.csv\",\"content_base64\":\"$AVG\"}"
expect_status 400 "the home county's import of averages knows no industry of the other county's pack"
as ys POST /api/v1/imports/averages "{\"file_name\":\"a.csv\",\"content_base64\":\"$AVG\"}"
expect_status 200 "the other county's officer imports averages of its own industry"

# The import templates' examples name an industry of the asker's county's pack.
as ys GET '/api/v1/imports/enterprises/template?format=xlsx'
cp "$WORK/body" "$WORK/ys.xlsx" 2>/dev/null
as ps GET '/api/v1/imports/enterprises/template?format=xlsx'
cp "$WORK/body" "$WORK/ps.xlsx" 2>/dev/null
has() { python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(any(sys.argv[2] in z.read(n).decode("utf-8", "replace") for n in z.namelist()))' "$1" "$2" 2>/dev/null; }
[ "$(has "$WORK/ys.xlsx" 元氏石灰)/$(has "$WORK/ps.xlsx" 元氏石灰)" = True/False ] && ok "the other county's template names its own industry" || not_ok "templates" "$(has "$WORK/ys.xlsx" 元氏石灰)/$(has "$WORK/ps.xlsx" 元氏石灰)"

# The catalog of measures of a county's pack, with its own contacts.
req GET /api/v1/packs/130132/policies
[ "$(json 'd["pack"]["id"]')" = yuanshi-2022 ] && ok "a county's catalog is its pack's" || not_ok "county catalog" "${body:0:300}"
req GET /api/v1/packs/130132/policies/1
[[ "$body" == *"元氏联系人"* ]] && ok "with its own contacts" || not_ok "county measure" "${body:0:300}"
req GET /api/v1/policies/1
[ "$status" = 200 ] && [[ "$body" != *"元氏联系人"* ]] && ok "the home catalog keeps the home county's" || not_ok "home measure" "$status ${body:0:300}"
req GET /api/v1/policies
[ "$(json 'd["pack"]["id"]')" = pingshan-2022 ] && ok "and its list is the home pack's" || not_ok "home catalog" "$status ${body:0:300}"
req GET /api/v1/packs/13013/policies
expect_error 400 invalid division "a code that is no county's is refused"
done_testing
