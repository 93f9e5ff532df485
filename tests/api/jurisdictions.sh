#!/usr/bin/env bash
# Jurisdictions over HTTP: one database holding two counties of one city (平山 130131, the pack's,
# and 元氏 130132) and a county of another city (唐山 130203), and officers of a county, of the city,
# of the other city and of the province. Each sees the records of the divisions its jurisdiction
# covers and nothing else: enterprises, cases, sites, alerts and users, one at a time and in
# every listing; what lies outside is answered as if it did not exist, and may not be acted on.
# Then every GET route without a path parameter is asked as the two county officers, and no answer
# may name the other county's enterprises. The expectations are the table below, written from the
# rule (a county covers itself, a city its counties, a province all), not read from the server.
. "$(dirname "$0")/lib.sh"
"$GREENLANE" init >/dev/null || exit 1

ENT_A=9113013170000001X3 # valid codes: the ledger checks them
ENT_Y=91130132700000028H # 元氏
ENT_T=91130203MA0000000T # 唐山
sql "INSERT INTO enterprises (uscc, name, industry, township, grade, air_emitter, division, updated_at) VALUES
	('$ENT_A', '甲钢铁有限公司', 'steel_long', '平山镇', 'B', 1, '130131', '2024-01-01T00:00:00Z'),
	('$ENT_B', '乙水泥有限公司', 'cement', '温塘镇', 'C', 1, '130131', '2024-01-01T00:00:00Z'),
	('$ENT_Y', '元氏丙化工有限公司', 'cement', '平山镇', 'B', 1, '130132', '2024-01-01T00:00:00Z'),
	('$ENT_T', '唐山丁钢铁有限公司', 'steel_long', '平山镇', 'A', 1, '130203', '2024-01-01T00:00:00Z');" || exit 1
"$GREENLANE" audit seal >/dev/null || exit 1

# NAME ROLE [ARGS]: a user with $PASSWORD.
add() {
	local name=$1 role=$2
	shift 2
	echo "$PASSWORD" | "$GREENLANE" user add "$name" --role "$role" "$@" >/dev/null || { echo "Bail out! user $name"; exit 1; }
}
add ps county_officer              # no division: the pack's county, 130131
add ys county_officer --division 130132
add city city_officer              # no division: the pack's county's city, 130100
add prov city_officer --division 130000
add ts city_officer --division 130200
add adm admin                      # 130131
add yadm admin --division 130132
add padm admin --division 130000
add cityco county_officer --division 130100 # a county officer's role, over the city
add enty enterprise --enterprise "$ENT_Y"

start_server
sign_in_as ps ys city prov ts adm yadm padm enty cityco
# USER PATH EXPR WANT DESCRIPTION: GET PATH as USER, then the Python EXPR on its body is WANT.
expect_get() {
	as "$1" GET "$2"
	local got
	got=$(json "$3" 2>/dev/null)
	if [ "$status" = 200 ] && [ "$got" = "$4" ]; then ok "$5"; else not_ok "$5" "status $status" "got: $got" "wanted: $4" "body: ${body:0:400}"; fi
}

# --- who is where
expect_get ps /api/v1/me 'd["division"] + " " + d["division_level"]' "130131 county" "a county officer without a division is in the pack's county"
expect_get city /api/v1/me 'd["division"] + " " + d["division_level"]' "130100 city" "a city officer without one is in its city"
expect_get prov /api/v1/me 'd["division"] + " " + d["division_level"]' "130000 province" "a province officer"

# --- enterprises
USCCS='",".join(sorted(e["uscc"] for e in d["items"]))'
declare -A SEES=(
	[ps]="$ENT_A,$ENT_B"
	[ys]="$ENT_Y"
	[city]="$ENT_A,$ENT_B,$ENT_Y"
	[ts]="$ENT_T"
	[prov]="$ENT_A,$ENT_B,$ENT_Y,$ENT_T"
)
for u in ps ys city ts prov; do
	expect_get "$u" "/api/v1/enterprises?limit=500" "$USCCS" "${SEES[$u]}" "$u lists the registry of its jurisdiction"
	expect_get "$u" "/api/v1/enterprises?limit=500" 'd["total"]' "$(echo "${SEES[$u]}" | tr ',' '\n' | wc -l)" "$u's total counts only those"
done
expect_get ps "/api/v1/enterprises?search=元氏" 'd["total"]' 0 "searching does not reach across the line"
for pair in "ps $ENT_Y 404" "ys $ENT_A 404" "ts $ENT_Y 404" "city $ENT_Y 200" "city $ENT_T 404" "prov $ENT_T 200" "ys $ENT_Y 200"; do
	set -- $pair
	as "$1" GET "/api/v1/enterprises/$2"
	if [ "$3" = 404 ]; then expect_error 404 not_found uscc "$1 asks for $2: as if it did not exist"; else expect_status 200 "$1 reads $2"; fi
done
as ps GET "/api/v1/enterprises/$ENT_Y/annual"
expect_error 404 not_found uscc "nor its annual figures"
as ps GET "/api/v1/enterprises/$ENT_Y/incentive?year=2021"
expect_code 404 not_found "nor its grading"
expect_get enty /api/v1/me 'd["uscc"]' "$ENT_Y" "an enterprise user of the other county"
expect_get enty "/api/v1/enterprises?limit=500" "$USCCS" "$ENT_Y" "sees its own enterprise, wherever it is"

# --- cases (measure 2's enforcement)
FIELDS='"violation_type":"dust_control","found_on":"2022-05-10","officers":"王建国、李强","facts":"料场未苫盖","harm":"none","minor":"yes"'
file_case() { # USER USCC
	as "$1" POST /api/v1/cases "{\"procedure\":\"m2.enforcement\",\"action\":\"file\",\"uscc\":\"$2\",\"today\":\"2022-05-10\",\"fields\":{$FIELDS}}"
}
file_case ps "$ENT_A"
expect_status 201 "the county officer files a case about its county's enterprise"
CASE_A=$(json 'd["case"]["id"]')
file_case ys "$ENT_Y"
expect_status 201 "and the other county's about its own"
CASE_Y=$(json 'd["case"]["id"]')
[ "$(sql "SELECT division FROM cases WHERE id = $CASE_A")/$(sql "SELECT division FROM cases WHERE id = $CASE_Y")" = 130131/130132 ] &&
	ok "each case belongs to its party's county" || not_ok "case divisions" "$(sql "SELECT id, division FROM cases")"
before=$(sql "SELECT COUNT(*) FROM cases")
file_case ps "$ENT_Y"
expect_error 403 forbidden uscc "a case about the other county's enterprise is refused, naming the party"
[ "$(sql "SELECT COUNT(*) FROM cases")" = "$before" ] && ok "and nothing is written" || not_ok "a case was written"
IDS='",".join(str(c["id"]) for c in d["cases"])'
declare -A CASES=([ps]="$CASE_A" [ys]="$CASE_Y" [city]="$CASE_A,$CASE_Y" [ts]="" [prov]="$CASE_A,$CASE_Y")
for u in ps ys city ts prov; do
	expect_get "$u" /api/v1/cases "$IDS" "${CASES[$u]}" "$u lists the cases of its jurisdiction"
done
as ps GET "/api/v1/cases/$CASE_Y"
expect_error 404 not_found id "a county officer asking for the other county's case: not found"
as ps POST "/api/v1/cases/$CASE_Y/steps" '{"action":"close","version":1,"today":"2022-05-11"}'
expect_error 404 not_found id "nor may it step it"
as city GET "/api/v1/cases/$CASE_Y"
expect_status 200 "the city reads both counties' cases"
as ts GET "/api/v1/cases/$CASE_A"
expect_error 404 not_found id "the other city reads neither"
expect_get ps "/api/v1/work?today=2022-05-10" '",".join(str(w["case"]["id"]) for w in d["work"])' "$CASE_A" "the county's work holds its own case only"
as ps GET "/api/v1/enforcement/$CASE_Y"
expect_error 404 not_found id "the enforcement view of the other county's case is not found"
as ps GET "/api/v1/enforcement/$CASE_Y/order.pdf"
expect_code 404 not_found "nor its order to correct"

# --- construction sites (measure 8)
SCHOOL='"project":"第三中学体育馆","category":"school","township":"平山镇","builder_uscc":"11130131000012343M","builder_name":"县教育局","earthwork_m2":3500,"today":"2022-09-01"'
as ps POST /api/v1/sites "{$SCHOOL}"
expect_status 201 "a county officer registers a site"
SITE_A=$(json 'd["site"]["id"]')
as ys POST /api/v1/sites "{${SCHOOL/第三中学/元氏第一中学}}"
expect_status 201 "and the other county's officer one of its own"
SITE_Y=$(json 'd["site"]["id"]')
SITES='",".join(str(s["id"]) for s in d["sites"])'
declare -A SITESEEN=([ps]="$SITE_A" [ys]="$SITE_Y" [city]="$SITE_A,$SITE_Y" [ts]="" [prov]="$SITE_A,$SITE_Y")
for u in ps ys city ts prov; do
	expect_get "$u" /api/v1/sites "$SITES" "${SITESEEN[$u]}" "$u lists the sites of its jurisdiction"
done
as ps GET "/api/v1/sites/$SITE_Y"
expect_error 404 not_found id "the other county's site does not exist for the county officer"
as ps PATCH "/api/v1/sites/$SITE_Y" '{"address":"某路","version":1,"today":"2022-09-02"}'
expect_code 404 not_found "nor may it change it"

# --- construction projects of measure 4
as ps POST /api/v1/eia/projects '{"name":"甲钢铁扩建","category":"steel","township":"平山镇","builder_uscc":"'$ENT_A'","so2":1000}'
expect_status 201 "a county officer registers a project"
PROJ_A=$(json 'd["project"]["id"]')
as ys POST /api/v1/eia/projects '{"name":"丙化工扩建","category":"steel","township":"平山镇","builder_uscc":"'$ENT_Y'","so2":1000}'
expect_status 201 "and the other county one"
PROJ_Y=$(json 'd["project"]["id"]')
PROJS='",".join(str(p["id"]) for p in d["projects"])'
expect_get ps /api/v1/eia/projects "$PROJS" "$PROJ_A" "the county lists its projects only"
expect_get city /api/v1/eia/projects "$PROJS" "$PROJ_A,$PROJ_Y" "the city both"
as ps GET "/api/v1/eia/projects/$PROJ_Y"
expect_code 404 not_found "the other county's project does not exist for the county officer"

# --- the discharge-rights ledger of measure 7
as ps POST /api/v1/ledger/transfers '{"client_id":"j1","pollutant":"so2","from":"origin:130131","to":"enterprise:'$ENT_A'","grams":50000}'
expect_status 201 "the county allocates to its enterprise"
as ys POST /api/v1/ledger/transfers '{"client_id":"j2","pollutant":"so2","from":"origin:130132","to":"enterprise:'$ENT_Y'","grams":40000}'
expect_status 201 "the other county to its own"
before=$(sql "SELECT COUNT(*) FROM ledger_transfers")
as ps POST /api/v1/ledger/transfers '{"client_id":"j3","pollutant":"so2","from":"origin:130132","to":"enterprise:'$ENT_A'","grams":1}'
expect_error 404 not_found from "another county's account does not exist for a county officer"
as ps POST /api/v1/ledger/transfers '{"client_id":"j5","pollutant":"so2","from":"city:130100","to":"enterprise:'$ENT_A'","grams":1}'
expect_error 403 forbidden from "and the city's, which it sees, is not its to debit"
as ps POST /api/v1/ledger/transfers '{"client_id":"j4","pollutant":"so2","from":"origin:130131","to":"enterprise:'$ENT_Y'","grams":1}'
expect_error 404 not_found to "nor credit another county's enterprise"
[ "$(sql "SELECT COUNT(*) FROM ledger_transfers")" = "$before" ] && ok "and neither is written" || not_ok "ledger written"
ACCTS='",".join(sorted(a["account"] for a in d["accounts"]))'
expect_get ps /api/v1/ledger/accounts "$ACCTS" "enterprise:$ENT_A,origin:130131" "the county's accounts only"
expect_get city /api/v1/ledger/accounts "$ACCTS" "enterprise:$ENT_A,enterprise:$ENT_Y,origin:130131,origin:130132" "the city's every county's"
as ps GET "/api/v1/ledger/accounts/enterprise:$ENT_Y"
expect_error 404 not_found account "the other county's account does not exist for the county officer"
expect_get ps /api/v1/ledger/transfers '",".join(t["client_id"] for t in d["transfers"])' j1 "nor its transfers"

# --- alerts: a county's applies in the county, the city's in each of its counties
TOMORROW=$(date -d tomorrow +%F)
YESTERDAY=$(date -d yesterday +%F)
as ys POST /api/v1/alerts "{\"level\":\"orange\",\"from\":\"${YESTERDAY}T20:00\",\"to\":\"$TOMORROW\",\"notice\":\"元氏县通知\"}"
expect_status 201 "the other county records an alert"
ALERT_Y=$(json 'd["alert"]["id"]')
as city POST /api/v1/alerts "{\"level\":\"yellow\",\"from\":\"${YESTERDAY}T20:00\",\"to\":\"$TOMORROW\"}"
expect_status 201 "the city issues one"
ALERT_C=$(json 'd["alert"]["id"]')
[ "$(sql "SELECT division FROM alerts ORDER BY id" | tr '\n' ' ')" = "130132 130100 " ] && ok "each alert belongs to who recorded it" || not_ok "alert divisions" "$(sql "SELECT id, division FROM alerts")"
ALERTS='",".join(sorted(str(a["id"]) for a in d["items"]))'
declare -A ALERTSEEN=([ps]="$ALERT_C" [ys]="$ALERT_Y,$ALERT_C" [city]="$ALERT_Y,$ALERT_C" [ts]="" [prov]="$ALERT_Y,$ALERT_C")
for u in ps ys city ts prov; do
	want=$(echo "${ALERTSEEN[$u]}" | tr ',' '\n' | sort | paste -sd, -)
	expect_get "$u" /api/v1/alerts "$ALERTS" "$want" "$u sees the alerts that apply in its jurisdiction"
done
as ps GET "/api/v1/alerts/$ALERT_Y"
expect_error 404 not_found id "the other county's alert is not the county officer's"
as ps POST "/api/v1/alerts/$ALERT_Y/lift" "{\"version\":1,\"at\":\"${TOMORROW}T08:00\",\"notice\":\"解除通知\"}"
expect_code 404 not_found "nor may it lift it"
as ys GET "/api/v1/alerts/$ALERT_Y/measures"
expect_status 200 "the alert's measures"
[ "$(json '",".join(sorted(set(m["uscc"] or "site:%d" % m["site"] for m in d["items"])))')" = "$ENT_Y,site:$SITE_Y" ] &&
	ok "an alert of one county reaches its enterprises and sites, and no other county's" || not_ok "alert reaches" "${body:0:600}"
as city GET "/api/v1/alerts/$ALERT_C/measures"
[ "$(json '",".join(sorted(set(m["uscc"] or "site:%d" % m["site"] for m in d["items"])))')" = "$ENT_A,$ENT_B,$ENT_Y,site:$SITE_A,site:$SITE_Y" ] &&
	ok "the city's reaches every county of the city, not the other city's" || not_ok "city alert reaches" "${body:0:600}"

# --- users: an administrator manages its jurisdiction's
NAMES='",".join(sorted(u["username"] for u in d["items"]))'
expect_get adm /api/v1/users "$NAMES" "adm,ps" "the county's administrator lists the county's users"
expect_get yadm /api/v1/users "$NAMES" "enty,yadm,ys" "the other county's its own (its enterprise user with it)"
expect_get padm /api/v1/users "$NAMES" "adm,city,cityco,enty,padm,prov,ps,ts,yadm,ys" "the province's every one"
expect_get padm /api/v1/users '",".join(u["username"] + ":" + u["division"] for u in d["items"] if u["username"] in ("ps", "city", "enty"))' "city:130100,enty:130132,ps:130131" "each with its jurisdiction"
as adm POST /api/v1/users/ys/disable
expect_error 404 not_found username "a user outside the administrator's jurisdiction does not exist for it: it may not disable one"
as adm PUT /api/v1/users/ys/display-name '{"display_name":"某人"}'
expect_error 404 not_found username "nor rename one"
[ "$(sql "SELECT disabled || display_name FROM users WHERE username = 'ys'")" = 0 ] && ok "and the user is as it was" || not_ok "ys changed"
newuser() { # USER JSON-FIELDS
	as "$1" POST /api/v1/users "{\"username\":\"n$RANDOM\",\"password\":\"$PASSWORD\",$2}"
}
newuser adm '"role":"county_officer","division":"130132"'
expect_error 403 forbidden division "a county administrator may not add a user to another county"
newuser adm '"role":"county_officer","division":"13013x"'
expect_error 400 invalid division "a division that is not six digits"
newuser adm '"role":"county_officer","division":"130031"'
expect_error 400 invalid division "nor a county under no city"
newuser padm '"role":"township_officer","township":"平山镇","division":"130100"'
expect_error 400 invalid division "a township's officer belongs to a county"
newuser padm "\"role\":\"enterprise\",\"enterprise\":\"$ENT_A\",\"division\":\"130132\""
expect_error 400 invalid division "an enterprise user's jurisdiction is its enterprise's, not given"
newuser padm '"role":"county_officer","division":"130132"'
expect_status 201 "the province's administrator adds a county officer to any county"
[ "$(json 'd["division"]')" = 130132 ] && ok "with that county" || not_ok "new user's division" "$body"
as yadm GET /api/v1/audit
expect_error 403 forbidden "" "the audit trail, the whole database's, is not another county's administrator's"
as adm GET /api/v1/audit
expect_status 200 "it is the administrator's of the pack's county"

# --- importing: a row names its county, which must be the importer's
b64() { base64 -w0; }
HEADER='uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list,division'
NEW_A=91130131005772931P # valid USCCs not yet in the registry
NEW_B=911301310124644431
file=$(printf '%s\n%s\n%s\n' "$HEADER" "$NEW_A,戊钢铁有限公司,steel_long,平山镇,B,1,0,0,130132" "$NEW_B,己公司,steel_long,平山镇,B,1,0,0,130100" | b64)
before=$(sql "SELECT COUNT(*) FROM enterprises")
as ps POST /api/v1/imports/enterprises "{\"file_name\":\"m.csv\",\"content_base64\":\"$file\"}"
expect_status 400 "an import into another county, or of a city code, is refused"
[ "$(json '[(e["line"], e["column"]) for e in d["error"]["errors"]]')" = '[[2, "division"], [3, "division"]]' ] && [[ "$body" == *"不在您的辖区"* ]] && [[ "$body" == *"不是县级行政区划代码"* ]] &&
	ok "each row named by its line and the column division" || not_ok "import errors" "$body"
[ "$(sql "SELECT COUNT(*) FROM enterprises")" = "$before" ] && ok "and nothing is imported" || not_ok "rows imported"
file=$(printf '%s\n%s\n%s\n' "$HEADER" "$NEW_A,戊钢铁有限公司,steel_long,平山镇,B,1,0,0,130132" "$NEW_B,己公司,steel_long,平山镇,B,1,0,0," | b64)
as cityco POST /api/v1/imports/enterprises "{\"file_name\":\"m.csv\",\"content_base64\":\"$file\"}"
expect_status 200 "an officer of the city imports into its counties"
[ "$(sql "SELECT uscc || ':' || division FROM enterprises WHERE uscc IN ('$NEW_A', '$NEW_B') ORDER BY uscc")" = "$NEW_A:130132
$NEW_B:130131" ] && ok "each where its row says, the pack's county when it says nothing" || not_ok "imported divisions" "$(sql "SELECT uscc, division FROM enterprises")"
expect_get ys "/api/v1/enterprises/$NEW_A" 'd["division"]' 130132 "the other county now sees the enterprise imported into it"
# A row that names no county: the importer's county for a new enterprise, the enterprise's own for
# one the registry has; an enterprise registered outside the importer's jurisdiction is not theirs
# to change, nor to give figures to; an officer above the counties names the county.
NEW_C=91130131426091296K
NOCOL='uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list'
before=$(sql "SELECT COUNT(*) FROM enterprises")
file=$(printf '%s\n%s\n%s\n' "$NOCOL" "$NEW_C,庚建材有限公司,cement,平山镇,B,1,0,0" "$ENT_A,甲钢铁有限公司改名,steel_long,平山镇,B,1,0,0" | b64)
as ys POST /api/v1/imports/enterprises "{\"file_name\":\"n.csv\",\"content_base64\":\"$file\"}"
expect_status 400 "an import that would change another county's enterprise is refused"
[ "$(json '[(e["line"], e["column"]) for e in d["error"]["errors"]]')" = '[[3, "uscc"]]' ] && [[ "$body" == *"登记在您的辖区 130132 之外"* ]] &&
	ok "that row is named by its line and the column uscc" || not_ok "outside row" "$body"
[ "$(sql "SELECT COUNT(*) FROM enterprises")/$(sql "SELECT name FROM enterprises WHERE uscc = '$ENT_A'")" = "$before/甲钢铁有限公司" ] &&
	ok "and nothing is imported or changed" || not_ok "changed" "$(sql "SELECT name FROM enterprises WHERE uscc = '$ENT_A'")"
file=$(printf '%s\n%s\n' "$NOCOL" "$NEW_C,庚建材有限公司,cement,平山镇,B,1,0,0" | b64)
as ys POST /api/v1/imports/enterprises "{\"file_name\":\"n.csv\",\"content_base64\":\"$file\"}"
expect_status 200 "a county officer imports a new enterprise without naming the county"
[ "$(sql "SELECT division FROM enterprises WHERE uscc = '$NEW_C'")" = 130132 ] &&
	ok "which goes into the importer's county, not the pack's" || not_ok "NEW_C division" "$(sql "SELECT division FROM enterprises WHERE uscc = '$NEW_C'")"
file=$(printf '%s\n%s\n' "$NOCOL" "$ENT_Y,元氏丙化工有限公司,cement,平山镇,C,1,0,0" | b64)
as cityco POST /api/v1/imports/enterprises "{\"file_name\":\"n.csv\",\"content_base64\":\"$file\"}"
expect_status 200 "the city changes an enterprise of one of its counties"
[ "$(sql "SELECT grade || ':' || division FROM enterprises WHERE uscc = '$ENT_Y'")" = C:130132 ] &&
	ok "which stays in its county when the row names none" || not_ok "ENT_Y moved" "$(sql "SELECT grade, division FROM enterprises WHERE uscc = '$ENT_Y'")"
NEW_D=91130131772873426Y
file=$(printf '%s\n%s\n' "$NOCOL" "$NEW_D,辛公司,cement,平山镇,B,1,0,0" | b64)
add tco county_officer --division 130200 # a county officer's role, over the other city
sign_in_as tco
as tco POST /api/v1/imports/enterprises "{\"file_name\":\"n.csv\",\"content_base64\":\"$file\"}"
expect_status 400 "an officer over another city must name the county of a new enterprise"
[ "$(json '[(e["line"], e["column"]) for e in d["error"]["errors"]]')" = '[[2, "division"]]' ] &&
	ok "the row is named by its line and the column division" || not_ok "tco import" "$body"
# Measure 6's review counts the positive-list enterprises without a partner of the reader's
# jurisdiction only.
file=$(printf '%s\n%s\n' "$NOCOL" "$ENT_Y,元氏丙化工有限公司,cement,平山镇,C,1,0,1" | b64)
as ys POST /api/v1/imports/enterprises "{\"file_name\":\"n.csv\",\"content_base64\":\"$file\"}"
expect_status 200 "the other county puts its enterprise on the positive list"
as ys GET /api/v1/supply/review
[ "$(json 'd["unlinked"]')" = 1 ] && ok "its review counts it among those without a partner" || not_ok "ys unlinked" "${body:0:300}"
as ps GET /api/v1/supply/review
[ "$(json 'd["unlinked"]')" = 0 ] && ok "the home county's review does not" || not_ok "ps unlinked" "${body:0:300}"
ANN='uscc,year,tax_yuan,rd_yuan,revenue_yuan,so2_t,nox_t,pm_t,vocs_t'
for round in "into an empty table (a bulk load)" "into a table with rows"; do
	file=$(printf '%s\n%s\n%s\n' "$ANN" "$ENT_Y,2025,1,1,1,1,1,1,1" "$ENT_A,2025,1,1,1,1,1,1,1" | b64)
	as ys POST /api/v1/imports/annual "{\"file_name\":\"a.csv\",\"content_base64\":\"$file\"}"
	expect_status 400 "figures of another county's enterprise are refused, $round"
	[ "$(json '[(e["line"], e["column"]) for e in d["error"]["errors"]]')" = '[[3, "uscc"]]' ] && [[ "$body" == *"登记册中没有企业 $ENT_A"* ]] &&
		ok "its row is answered as of an enterprise the registry does not have, $round" || not_ok "annual outside, $round" "$body"
	file=$(printf '%s\n%s\n' "$ANN" "$ENT_Y,2025,1,1,1,1,1,1,1" | b64)
	as ys POST /api/v1/imports/annual "{\"file_name\":\"a.csv\",\"content_base64\":\"$file\"}"
	expect_status 200 "the county's own figures go in, $round"
	sql "DELETE FROM annual_figures WHERE uscc = '$ENT_Y'" >/dev/null
	[ "$round" = "into an empty table (a bulk load)" ] &&
		sql "INSERT INTO annual_figures (uscc, year, updated_at) VALUES ('$ENT_B', 2020, '2024-01-01T00:00:00Z')" >/dev/null
done

# --- every GET route as each county officer: no answer names the other county's enterprises
"$GREENLANE" serve --print-routes | awk '$1 == "GET" && $2 !~ /[{]/ && $2 != "/metrics" { print $2 }' >"$WORK/routes"
[ "$(wc -l <"$WORK/routes")" -gt 30 ] && ok "the routes to ask ($(wc -l <"$WORK/routes"))" || not_ok "routes"
python3 - "$BASE" "$WORK/routes" "${TOK[ps]}" "${TOK[ys]}" "$ENT_A,$ENT_B" "$ENT_Y" "$ENT_T" >"$WORK/leaks" <<'PY'
import sys, urllib.request, urllib.error
base, routes, tok_ps, tok_ys, ps, ys, ts = sys.argv[1:8]
paths = open(routes).read().split() + ["/api/v1/work?today=2022-05-10", "/api/v1/incentive?year=2021",
                                       "/api/v1/enterprises?limit=500", "/api/v1/supply/review?today=2022-06-01"]
def get(path, token):
    rq = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(rq) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
asked = leaks = 0
for token, others in ((tok_ps, ys.split(",") + [ts]), (tok_ys, ps.split(",") + [ts])):
    for path in paths:
        status, body = get(path, token)
        asked += 1
        for uscc in others:
            if uscc.encode() in body:
                leaks += 1
                print("LEAK %s %s: %s" % (path, status, uscc))
print("asked %d leaks %d" % (asked, leaks))
PY
summary=$(tail -n 1 "$WORK/leaks")
[[ "$summary" == *" leaks 0" ]] && ok "no answer names another county's enterprise ($summary)" || not_ok "leaks ($summary)" "$(head -n 20 "$WORK/leaks")"
done_testing
