#!/usr/bin/env bash
# Measure 5's service visits over HTTP (两进三送) and their firewall (不做笔录、不罚款、不问责).
# The roster (/api/v1/experts) and a visit walked through the engine's routes (POST /api/v1/cases,
# POST /api/v1/cases/{id}/steps), bad input refused naming the field with the database unchanged.
# Then a unique marker planted in a visit's purpose, deliveries, problems, advice, follow-up and
# the enterprise's comment is searched for in every answer of every GET route the server has
# (`greenlane serve --print-routes`, each {id}, {uscc}, {doc}, {n} and {kind} replaced by every
# real value, with the query strings that make them answer), signed in as every role: the marker
# is in no answer but GET /api/v1/visits/{id}, and there only for the visit's readers (its leader,
# the city, the enterprise visited, the administrator) — never for the county's enforcement
# officers and legal reviewers, who get 404 for the visit and its case. Workbooks are unzipped and
# PDFs read with pdftotext. An enforcement case takes no visit's number.
. "$(dirname "$0")/lib.sh"

MARK="FIREWALL-MARKER-$RANDOM$RANDOM$RANDOM"

setup_db
sql "UPDATE enterprises SET air_emitter = 1, key_air_emitter = 1 WHERE uscc = '$ENT_A'" || exit 1
"$GREENLANE" audit seal >/dev/null || exit 1
start_server

declare -A TOK
for r in $ROLES enterprise_b; do
	sign_in "u_$r"
	TOK[$r]=$TOKEN
done
as() { # ROLE METHOD PATH [JSON]
	local role=$1 method=$2 path=$3
	if [ $# -ge 4 ]; then
		req_json "$method" "$path" "$4" -H "Authorization: Bearer ${TOK[$role]}"
	else
		req "$method" "$path" -H "Authorization: Bearer ${TOK[$role]}"
	fi
}
dump() { db_dump | grep -v '^INSERT INTO sessions\|^INSERT INTO known_devices' | sha256sum; }
# refused ROLE METHOD PATH JSON STATUS FIELD DESCRIPTION: the error names FIELD, nothing changed.
refused() {
	local before
	before=$(dump)
	as "$1" "$2" "$3" "$4"
	local code=invalid
	case "$5" in 403) code=forbidden ;; 404) code=not_found ;; esac
	expect_error "$5" "$code" "$6" "$7"
	[ "$(dump)" = "$before" ] && ok "$7: nothing changed" || not_ok "$7: nothing changed"
}

# --- the roster

as county_leader POST /api/v1/experts '{"name": "李明", "unit": "石家庄市生态环境科学研究院", "specialities": ["大气污染治理"], "phone": "0311-86001234"}'
expect_status 201 "a leader adds an expert"
[ "$(json '[d["expert"]["id"], d["expert"]["specialities"], d["expert"]["active"]] == [1, ["大气污染治理"], True]')" = true ] && ok "the expert as added" || not_ok "expert" "$body"
as admin POST /api/v1/experts '{"name": "王芳", "unit": "河北省环境工程技术中心"}'
expect_status 201 "an administrator adds another"
refused county_leader POST /api/v1/experts '{"name": "张三"}' 400 unit "an expert without a unit"
refused county_leader POST /api/v1/experts '{"name": "", "unit": "某院"}' 400 name "an expert without a name"
refused county_leader POST /api/v1/experts '{"name": "张三", "unit": "某院", "specialities": [7]}' 400 'specialities[0]' "a speciality that is no text"
refused county_leader POST /api/v1/experts '{"name": "张三", "unit": "某院", "phone": "call me"}' 400 phone "a phone that is none"
as county_officer POST /api/v1/experts '{"name": "张三", "unit": "某院"}'
expect_status 403 "an enforcement officer does not keep the roster"
as county_officer GET /api/v1/experts
expect_status 403 "nor read it"
as city_expert GET /api/v1/experts
[ "$(json '[e["name"] for e in d["experts"]] == ["李明", "王芳"]')" = true ] && ok "the city's expert reads the roster" || not_ok "roster" "$body"

# --- a visit through the engine's routes

PLAN='{"procedure": "m5.visit", "action": "plan", "uscc": "'$ENT_A'", "today": "2022-06-01", "fields": {"planned_on": "2022-06-10", "team": "1,2", "purpose": "'$MARK'-purpose"}}'
refused county_leader POST /api/v1/cases "${PLAN/1,2/1,9}" 400 team "a team member not on the roster"
refused county_leader POST /api/v1/cases "${PLAN/$ENT_A/$ENT_B}" 400 uscc "an enterprise that is not a key air emitter"
refused county_leader POST /api/v1/cases "${PLAN/2022-06-10/2023-01-04}" 400 planned_on "a day outside the measure's window"
refused city_officer POST /api/v1/cases "$PLAN" 403 role "the city plans no visit"
refused county_officer POST /api/v1/cases "$PLAN" 403 procedure "an enforcement officer plans no visit"
refused county_leader POST /api/v1/cases "${PLAN/\"today\"/\"reason\": \"$MARK\", \"today\"}" 400 reason "a reason where the plan takes none"
DOCUMENT='"documents": [{"name": "笔录", "file_name": "a.pdf", "content_base64": "eA=="}], "today"'
refused county_leader POST /api/v1/cases "${PLAN/\"today\"/$DOCUMENT}" 400 documents "a visit takes no document (no transcript)"
as county_leader POST /api/v1/cases "$PLAN"
expect_status 201 "a leader plans a visit"
V=$(json 'd["case"]["id"]')
[ "$(json '[d["case"]["compartment"], d["steps"][0]["fields"]["purpose"][:8]] == ["visits", "blake2b:"]')" = true ] && ok "its case is in the compartment visits, its purpose a digest" || not_ok "plan view" "$body"
as county_leader POST /api/v1/cases "${PLAN/2022-06-10/2022-06-20}"
V2=$(json 'd["case"]["id"]')
RECORD='{"action": "record_visit", "version": 1, "today": "2022-06-12", "fields": {"visited_on": "2022-06-10", "law": "'$MARK'-law\n大气污染防治法", "policy": "'$MARK'-policy", "technology": "'$MARK'-technology", "problems": "'$MARK'-problems 废气收集不足", "advice": "'$MARK'-advice", "follow_up": "'$MARK'-follow"}}'
refused county_officer POST /api/v1/cases/$V/steps "$RECORD" 404 id "an enforcement officer finds no visit to record"
refused county_leader POST /api/v1/cases/$V/steps "${RECORD/2022-06-10/2022-06-09}" 400 visited_on "visited before the day planned"
refused county_leader POST /api/v1/cases/$V/steps "${RECORD/\"version\": 1/\"version\": 1, \"reason\": \"$MARK\"}" 400 reason "a reason beside the findings"
as county_leader POST /api/v1/cases/$V/steps "$RECORD"
expect_status 200 "the leader records the visit"
refused county_leader POST /api/v1/cases/$V2/steps "${RECORD/2022-06-10/2022-06-20}" 400 visited_on "a visit is not recorded before the day it is made"
as county_leader POST /api/v1/cases/$V2/steps "${RECORD//2022-06-1[02]/2022-06-20}"
expect_status 200 "the second visit is recorded, and waits for feedback"
refused enterprise_b POST /api/v1/cases/$V/steps '{"action": "feedback", "version": 2, "today": "2022-06-13", "fields": {"helped": "yes"}}' 404 id "another enterprise gives no feedback"
as enterprise POST /api/v1/cases/$V/steps '{"action": "feedback", "version": 2, "today": "2022-06-13", "fields": {"helped": "yes", "comment": "'$MARK'-comment"}}'
expect_status 200 "the enterprise says the help helped"
[ "$(json 'd["case"]["state"]')" = closed ] && ok "and the visit is closed" || not_ok "feedback" "$body"

# An enforcement case of the same enterprise, with a document and its letters: it takes no visit.
FILE='{"procedure": "m2.enforcement", "action": "file", "uscc": "'$ENT_A'", "today": "2022-06-14", "fields": {"violation_type": "vocs_control", "found_on": "2022-06-14", "officers": "王建国", "facts": "喷漆房未密闭", "harm": "none", "minor": "yes"}, "documents": [{"name": "现场照片", "file_name": "photo.png", "content_base64": "iVBORw0KGgo="}]}'
refused county_officer POST /api/v1/cases "${FILE/\"minor\": \"yes\"/\"minor\": \"yes\", \"visit_id\": \"$V\"}" 400 visit_id "an enforcement case takes no visit's number"
as county_officer POST /api/v1/cases "$FILE"
expect_status 201 "an enforcement case is filed"
C=$(json 'd["case"]["id"]')
DOC=$(json 'd["documents"][0]["id"]')
as county_officer POST /api/v1/cases/$C/steps '{"action": "investigate", "version": 1, "today": "2022-06-14", "fields": {"findings": "属实"}}'
as county_officer POST /api/v1/cases/$C/steps '{"action": "issue_order", "version": 2, "today": "2022-06-14", "fields": {"correction_mode": "by_date", "correct_by": "2022-06-30", "legal_basis": "《大气污染防治法》第一百零八条", "correction": "密闭喷漆房"}}'
expect_status 200 "its order is issued"
as county_leader GET /api/v1/cases/$V/documents/$DOC
expect_status 404 "the enforcement case's document is not the visit's"
as county_officer GET /api/v1/cases/$V/documents/$DOC
expect_status 404 "nor reached through the visit by enforcement"
as county_officer GET /api/v1/enforcement/$V
expect_status 404 "a visit is no enforcement case"

# --- 404 for every visit and its case, for enforcement

for role in county_officer county_legal tax_officer; do
	for p in /api/v1/cases/$V /api/v1/cases/$V2 /api/v1/visits/$V /api/v1/visits/$V2; do
		as $role GET $p
		expect_status 404 "$role: GET $p is not found"
	done
	as $role GET /api/v1/visits
	expect_status 403 "$role: the visits are not listed"
done
as county_leader GET /api/v1/visits/$V
expect_status 200 "the leader reads the visit"
[ "$(json '[d["visit"]["problems"].startswith("'$MARK'"), d["visit"]["deliveries"]["law"], d["visit"]["helped"], d["visit"]["firewall"]["closed_to"]] == [True, ["'$MARK'-law", "大气污染防治法"], True, ["county_officer", "county_legal", "tax_officer", "approval_officer", "dept_officer", "township_officer"]]')" = true ] &&
	ok "with its findings, its deliveries, the feedback and whom it is closed to" || not_ok "visit" "$body"
as county_leader GET /api/v1/visits
[ "$(json '[v["id"] for v in d["visits"]] == ['$V', '$V2']')" = true ] && ok "the leader lists the visits" || not_ok "list" "$body"
as enterprise_b GET /api/v1/visits
[ "$(json 'd["visits"]')" = "[]" ] && ok "another enterprise lists none" || not_ok "enterprise_b list" "$body"

# --- the marker, everywhere

"$GREENLANE" serve --print-routes | awk '$1 == "GET" { print $2 }' >"$WORK/get_routes"
[ "$(grep -c . "$WORK/get_routes")" -ge 30 ] && ok "the server's GET routes ($(grep -c . "$WORK/get_routes"))" || not_ok "GET routes"
ALL_CASES=$(sql "SELECT group_concat(id, ' ') FROM cases")
ALL_DOCS=$(sql "SELECT group_concat(id, ' ') FROM case_documents")
ALL_MSGS=$(sql "SELECT group_concat(id, ' ') FROM messages")
ROLE_TOKENS=""
for r in $ROLES enterprise_b; do ROLE_TOKENS="$ROLE_TOKENS $r=${TOK[$r]}"; done
python3 - "$BASE" "$WORK/get_routes" "$MARK" "$V $V2" "$ALL_CASES" "$ALL_DOCS" "$ALL_MSGS" "$ENT_A $ENT_B" "$WORK" $ROLE_TOKENS >"$WORK/crawl" <<'PY'
import io, itertools, subprocess, sys, urllib.error, urllib.request, zipfile
base, routes, mark, planted_visits = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split()
visit = planted_visits[0]
cases, docs, msgs, usccs, work = (sys.argv[i].split() for i in range(5, 10))
work = work[0]
tokens = dict(a.split("=", 1) for a in sys.argv[10:])
values = {"{id}": sorted(set(cases + msgs), key=int), "{doc}": docs or ["1"], "{uscc}": usccs, "{n}": [str(n) for n in range(1, 9)],
          "{kind}": ["enterprises", "annual", "averages"], "{username}": ["u_admin"]}
# Query strings that make a route answer (beside none at all).
queries = {
    "/api/v1/calendar/is-working-day": ["?date=2022-06-10"],
    "/api/v1/calendar/add-working-days": ["?date=2022-06-10&n=5"],
    "/api/v1/calendar/add-months": ["?date=2022-06-10&n=1"],
    "/api/v1/incentive": ["?year=2021", "?year=2021&format=xlsx", "?year=2021&format=csv"],
    "/api/v1/enterprises/{uscc}/incentive": ["?year=2021"],
    "/api/v1/enterprises": ["?search=" + mark, "?limit=500"],
    "/api/v1/imports/{kind}/template": ["?format=xlsx", "?format=csv"],
    "/api/v1/audit": ["?limit=1000", "?entity_type=case&entity_id=" + visit + "&limit=1000"],
    "/api/v1/cases": ["?format=xlsx", "?procedure=m5.visit", "?open=1&today=2022-06-20"],
    "/api/v1/work": ["?today=2022-06-20"],
    "/api/v1/deadlines": ["?today=2022-06-20"],
    "/api/v1/declarations": ["?uscc=" + usccs[0]],
    "/api/v1/experts": ["?all=true"],
    "/api/v1/visits": ["?state=closed"],
    "/api/v1/messages": ["?per_page=100"],
    "/api/v1/cases/{id}/documents/{doc}/content": ["?download=true"],
}
def urls(pattern):
    keys = [k for k in values if k in pattern]
    for combo in itertools.product(*(values[k] for k in keys)):
        path = pattern
        for k, v in zip(keys, combo):
            path = path.replace(k, v)
        for q in [""] + queries.get(pattern, []):
            yield path + q
def text_of(data, ctype):
    if "spreadsheetml" in ctype or data[:2] == b"PK":
        z = zipfile.ZipFile(io.BytesIO(data))
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    if "pdf" in ctype or data[:5] == b"%PDF-":
        p = work + "/answer.pdf"
        open(p, "wb").write(data)
        return subprocess.run(["pdftotext", "-q", p, "-"], capture_output=True).stdout.decode("utf-8", "replace")
    return data.decode("utf-8", "replace")
visit_readers = {"county_leader", "city_officer", "city_expert", "admin", "enterprise"}
asked = found_planted = pdfs = books = 0
for pattern in open(routes).read().split():
    for url in urls(pattern):
        for role, token in tokens.items():
            rq = urllib.request.Request(base + url, headers={"Authorization": "Bearer " + token})
            try:
                with urllib.request.urlopen(rq) as r:
                    status, data, ctype = r.status, r.read(), r.headers.get("Content-Type", "")
            except urllib.error.HTTPError as e:
                status, data, ctype = e.code, e.read(), e.headers.get("Content-Type", "")
            asked += 1
            if status >= 500:
                print(f"5xx {role} {url} {status}")
            t = text_of(data, ctype)
            pdfs += t is not None and ("pdf" in ctype)
            books += "spreadsheetml" in ctype
            planted = pattern == "/api/v1/visits/{id}" and url in ["/api/v1/visits/" + v for v in planted_visits]
            if mark in t:
                if planted and role in visit_readers:
                    found_planted += 1
                else:
                    print(f"MARK {role} {url}")
            elif planted and role in visit_readers:
                print(f"MISSING {role} {url}")
print(f"asked {asked} found {found_planted} pdfs {pdfs} books {books}")
PY
summary=$(tail -1 "$WORK/crawl")
leaks=$(grep '^MARK' "$WORK/crawl")
[ -z "$leaks" ] && ok "the marker is in no answer but the visit's own, for any role ($summary)" || not_ok "the marker leaks" "$leaks"
[ -z "$(grep '^MISSING' "$WORK/crawl")" ] && [[ "$summary" == *"found 10 "* ]] &&
	ok "and it is there for the two visits' five readers each (the plant worked)" || not_ok "the planted marker" "$(grep '^MISSING' "$WORK/crawl")" "$summary"
[ -z "$(grep '^5xx' "$WORK/crawl")" ] && ok "no answer is a server error" || not_ok "5xx" "$(grep '^5xx' "$WORK/crawl")"
[[ "$summary" =~ pdfs\ ([0-9]+)\ books\ ([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -gt 0 ] && [ "${BASH_REMATCH[2]}" -gt 0 ] &&
	ok "PDFs and workbooks were read (pdftotext, unzip)" || not_ok "PDFs and workbooks read" "$summary"

# The database outside the visit's own table holds no text of it either.
[ "$(sql "SELECT (SELECT COUNT(*) FROM case_steps WHERE fields LIKE '%$MARK%' OR reason LIKE '%$MARK%') + (SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%$MARK%') + (SELECT COUNT(*) FROM messages WHERE body LIKE '%$MARK%' OR title LIKE '%$MARK%')")" = 0 ] &&
	ok "no step, audit record or message keeps the marker" || not_ok "the marker is kept outside m5_visits"
as admin GET "/api/v1/audit?entity_type=case&entity_id=$V&limit=100"
[ "$(json '[len(r["detail"]["fields"][k]) == 72 and r["detail"]["fields"][k].startswith("blake2b:") for r in d["items"] if r["action"] == "case.record_visit" for k in ("law", "policy", "technology", "problems", "advice", "follow_up")]')" = '[true, true, true, true, true, true]' ] &&
	ok "the audit trail holds the digests of what was delivered and found" || not_ok "audit digests" "$body"
as admin GET /api/v1/audit/verify
[ "$(json 'd["intact"]')" = true ] && ok "the audit trail verifies" || not_ok "audit verify" "$body"

done_testing
