#!/usr/bin/env bash
# Every route x every role against the table written below, which says for each route (method,
# path pattern) which roles pass the door, or that it is public, and whether it takes a JSON body.
# The table is this test's own expectation, not the server's: the server's route table
# (`greenlane serve --print-routes`) must hold exactly these routes with exactly these roles, so a
# route added, removed or given other roles in src/http/routes.c fails here until the table below
# says the same. Then: a role the table admits passes the central checks (no 401, 403 or 5xx;
# write routes get an empty body so that nothing changes), every other role gets 403, and no
# credential gets 401 on a route that is not public. The OpenAPI document lists exactly the routes
# of the table.
. "$(dirname "$0")/lib.sh"

# METHOD PATTERN ROLES BODY: ROLES "public" or the roles admitted, comma-separated, with "local"
# when any caller on this machine passes too (this test's clients all are); BODY "body" when the
# route takes a JSON body, else "-".
cat >"$WORK/expected" <<'TABLE'
GET /healthz public -
GET /metrics admin,local -
GET /api/v1/openapi.json public -
POST /api/v1/session public body
DELETE /api/v1/session enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/me enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/policies public -
GET /api/v1/policies/{n} public -
GET /api/v1/pack public -
GET /api/v1/packs public -
GET /api/v1/packs/{division} public -
GET /api/v1/packs/{division}/policies public -
GET /api/v1/packs/{division}/policies/{n} public -
GET /api/v1/enterprises enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/enterprises/{uscc} enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/enterprises/{uscc}/annual enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,admin -
GET /api/v1/calendar/is-working-day enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/calendar/add-working-days enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/calendar/add-months enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
POST /api/v1/imports/{kind} county_officer,tax_officer,admin body
GET /api/v1/imports/{kind}/template county_officer,tax_officer,admin -
GET /api/v1/incentive enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,admin -
GET /api/v1/enterprises/{uscc}/incentive enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,admin -
GET /api/v1/audit admin -
GET /api/v1/audit/verify admin -
GET /api/v1/users admin -
POST /api/v1/users admin body
PUT /api/v1/users/{username}/password admin body
PUT /api/v1/users/{username}/display-name admin body
POST /api/v1/users/{username}/disable admin -
GET /api/v1/declarations enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,admin -
POST /api/v1/declarations enterprise body
GET /api/v1/declarations/{id} enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,admin -
GET /api/v1/declarations/{id}/documents/{doc} enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,admin -
GET /api/v1/declarations/{id}/form.pdf enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,admin -
POST /api/v1/declarations/{id}/resubmit enterprise body
POST /api/v1/declarations/{id}/approve county_officer body
POST /api/v1/declarations/{id}/return county_officer body
POST /api/v1/declarations/{id}/preliminary_review city_officer,city_expert body
POST /api/v1/declarations/{id}/site_verification city_officer,city_expert body
POST /api/v1/declarations/{id}/decide_provisional city_officer body
POST /api/v1/declarations/{id}/reject city_officer body
POST /api/v1/declarations/{id}/indicators_met county_officer,city_officer body
GET /api/v1/deadlines enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,admin -
POST /api/v1/tax-confirmations tax_officer body
GET /api/v1/work enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/procedures enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/cases enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
POST /api/v1/cases enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,approval_officer,dept_officer,township_officer body
GET /api/v1/cases/{id} enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
POST /api/v1/cases/{id}/steps enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,approval_officer,dept_officer,township_officer body
GET /api/v1/cases/{id}/documents/{doc} enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/cases/{id}/documents/{doc}/content enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/enforcement/{id} enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,admin -
GET /api/v1/enforcement/{id}/order.pdf enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,admin -
GET /api/v1/enforcement/{id}/commitment.pdf enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,admin -
GET /api/v1/experts county_leader,city_officer,city_expert,admin -
POST /api/v1/experts county_leader,admin body
POST /api/v1/experts/{id}/disable county_leader,admin -
GET /api/v1/visits enterprise,county_leader,city_officer,city_expert,admin -
GET /api/v1/visits/{id} enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,admin -
GET /api/v1/visit-targets county_leader,city_officer,city_expert,admin -
GET /api/v1/controls enterprise,county_officer,county_legal,county_leader,city_officer,admin -
POST /api/v1/controls county_officer body
POST /api/v1/controls/check county_officer,county_legal,county_leader,city_officer,admin body
GET /api/v1/controls/{id} enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/eia/projects enterprise,county_officer,county_legal,county_leader,city_officer,approval_officer,admin -
GET /api/v1/eia/projects/{id} enterprise,county_officer,county_legal,county_leader,city_officer,approval_officer,admin -
GET /api/v1/eia/plans enterprise,county_officer,county_legal,county_leader,city_officer,approval_officer,admin -
POST /api/v1/eia/projects enterprise,county_officer,approval_officer body
POST /api/v1/eia/projects/{id}/totals-review county_officer body
POST /api/v1/eia/plans county_officer,approval_officer body
POST /api/v1/eia/plans/{id}/approve county_officer,approval_officer body
GET /api/v1/eia/applications/{id} enterprise,county_officer,county_legal,county_leader,city_officer,approval_officer,admin -
POST /api/v1/eia/applications/{id}/guidance county_officer body
GET /api/v1/sites enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,dept_officer,township_officer,admin -
POST /api/v1/sites enterprise,county_officer body
GET /api/v1/sites/{id} enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,dept_officer,township_officer,admin -
PATCH /api/v1/sites/{id} enterprise,county_officer body
POST /api/v1/sites/{id}/finish enterprise,county_officer body
GET /api/v1/sites/{id}/inspections enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,dept_officer,township_officer,admin -
POST /api/v1/sites/{id}/inspections county_officer,county_leader,city_officer,dept_officer,township_officer body
GET /api/v1/site-inspections enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,dept_officer,township_officer,admin -
GET /api/v1/site-applications/{id} enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/public/sites public -
GET /api/v1/ledger/pollutants enterprise,county_officer,county_legal,county_leader,city_officer,admin -
GET /api/v1/ledger/accounts enterprise,county_officer,county_legal,county_leader,city_officer,admin -
GET /api/v1/ledger/accounts/{account} enterprise,county_officer,county_legal,county_leader,city_officer,admin -
GET /api/v1/ledger/accounts/{account}/statement enterprise,county_officer,county_legal,county_leader,city_officer,admin -
GET /api/v1/ledger/transfers enterprise,county_officer,county_legal,county_leader,city_officer,admin -
POST /api/v1/ledger/transfers county_officer,county_leader,admin body
GET /api/v1/ledger/transfers/{id} enterprise,county_officer,county_legal,county_leader,city_officer,admin -
POST /api/v1/ledger/transfers/{id}/approve county_officer,county_leader body
POST /api/v1/ledger/transfers/{id}/cancel county_officer,county_leader,admin body
POST /api/v1/ledger/reductions county_officer,county_leader,admin body
POST /api/v1/ledger/trades county_officer,county_leader,admin body
POST /api/v1/ledger/sales county_officer,county_leader,admin body
POST /api/v1/ledger/pledges county_officer,county_leader,admin body
POST /api/v1/ledger/pledges/{id}/release county_officer,county_leader,admin body
GET /api/v1/ledger/reserve county_officer,county_legal,county_leader,city_officer,admin -
GET /api/v1/ledger/verify county_officer,county_legal,county_leader,city_officer,admin -
GET /api/v1/public/ledger/prices public -
GET /api/v1/messages enterprise -
POST /api/v1/messages/{id}/read enterprise -
GET /api/v1/supply/links enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,admin -
POST /api/v1/supply/links enterprise,county_officer body
POST /api/v1/supply/links/{id}/end enterprise,county_officer body
GET /api/v1/supply/review enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,admin -
GET /api/v1/supply/review/{uscc} enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,admin -
POST /api/v1/supply/targets county_officer,county_leader body
POST /api/v1/supply/targets/{id}/close county_officer,county_leader body
GET /api/v1/alerts enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
POST /api/v1/alerts county_officer,city_officer body
GET /api/v1/alerts/current public -
GET /api/v1/alerts/townships enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/alerts/{id} enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
POST /api/v1/alerts/{id}/change county_officer,city_officer body
POST /api/v1/alerts/{id}/lift county_officer,city_officer body
GET /api/v1/alerts/{id}/measures enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/alerts/{id}/measures.csv enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/alerts/{id}/measures.xlsx enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/alerts/{id}/diff enterprise,county_officer,county_legal,county_leader,city_officer,city_expert,tax_officer,approval_officer,dept_officer,township_officer,admin -
GET /api/v1/my/alert enterprise -
TABLE

# The table itself: four fields a line, each route once, only roles that exist.
python3 - "$WORK/expected" "$ROLES" >"$WORK/bad" <<'PY'
import sys
roles = set(sys.argv[2].split())
seen = set()
for n, line in enumerate(open(sys.argv[1]), 1):
    f = line.split()
    if len(f) != 4 or f[3] not in ("body", "-"):
        print(f"line {n}: expected METHOD PATTERN ROLES BODY: {line.strip()}")
        continue
    if (f[0], f[1]) in seen:
        print(f"line {n}: {f[0]} {f[1]} twice")
    seen.add((f[0], f[1]))
    if f[2] != "public":
        for r in f[2].split(","):
            if r not in roles and r != "local":
                print(f"line {n}: unknown role {r}")
PY
[ ! -s "$WORK/bad" ] && ok "the expected table is well formed" || not_ok "the expected table is well formed" "$(cat "$WORK/bad")"

# The server's route table holds exactly the expected routes, each with the expected roles.
"$GREENLANE" serve --print-routes >"$WORK/served_routes" || not_ok "--print-routes"
[ -s "$WORK/served_routes" ] && ok "--print-routes lists the route table" || not_ok "--print-routes lists the route table"
python3 - "$WORK/expected" "$WORK/served_routes" >"$WORK/diff" <<'PY'
import sys
def table(path):
    t = {}
    for line in open(path):
        f = line.split()
        if len(f) == 4:
            t[(f[0], f[1])] = (frozenset(f[2].split(",")), f[3])
    return t
want, got = table(sys.argv[1]), table(sys.argv[2])
for k in sorted(want.keys() - got.keys()): print("the server has no route", *k)
for k in sorted(got.keys() - want.keys()): print("the server has a route this test does not expect:", *k)
for k in sorted(want.keys() & got.keys()):
    (wr, wb), (gr, gb) = want[k], got[k]
    if wr != gr:
        extra, missing = sorted(gr - wr), sorted(wr - gr)
        print(*k, "roles differ:", "server also admits " + ",".join(extra) if extra else "",
              "server refuses " + ",".join(missing) if missing else "")
    if wb != gb: print(*k, f"body: expected {wb}, server says {gb}")
PY
[ ! -s "$WORK/diff" ] && ok "the server's route table is the expected table" || not_ok "the server's route table is the expected table" "$(cat "$WORK/diff")"

setup_db
start_server

sample_path() {
	local path=$1 role=$2
	path=${path//\{n\}/1}
	path=${path//\{username\}/no-such-user}
	path=${path//\{year\}/2023}
	path=${path//\{id\}/999999}
	if [ "$role" = enterprise ] || [ "$role" = "" ]; then path=${path//\{uscc\}/$ENT_A}; else path=${path//\{uscc\}/$ENT_B}; fi
	printf '%s' "$path" | sed 's/{[a-z_]*}/x/g'
}

call() { # METHOD PATH BODY TOKEN
	local method=$1 path=$2 has_body=$3 token=$4
	local args=()
	[ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
	if [ "$has_body" = body ]; then
		req_json "$method" "$path" '{}' "${args[@]}"
	else
		req "$method" "$path" "${args[@]}"
	fi
}

while read -r method pattern roles has_body; do
	path=$(sample_path "$pattern" "")
	call "$method" "$path" "$has_body" ""
	if [ "$roles" = public ] || [[ ",$roles," == *",local,"* ]]; then
		case "$status" in 401 | 403 | 5*) not_ok "anonymous $method $pattern is public" "status $status" "$body" ;;
		*) ok "anonymous $method $pattern is public ($status)" ;; esac
	else
		expect_code 401 unauthenticated "anonymous $method $pattern is 401"
	fi
done <"$WORK/expected"

for role in $ROLES; do
	sign_in "u_$role"
	tok=$TOKEN
	# What the server tells the signed-in user it may call, for its menus: exactly the table's
	# routes that admit the role, the public ones aside.
	req GET /api/v1/me -H "Authorization: Bearer $tok"
	want=$(awk -v r="$role" '$3 != "public" && ("," $3 ",") ~ ("," r ",") { print $1, $2 }' "$WORK/expected" | LC_ALL=C sort)
	got=$(json '"\n".join(sorted(d["may"]))')
	[ "$got" = "$want" ] && ok "$role: /me lists the routes it may call" || not_ok "$role: /me lists the routes it may call" "$(diff <(echo "$want") <(echo "$got"))"
	while read -r method pattern roles has_body; do
		[ "$method $pattern" = "DELETE /api/v1/session" ] && continue
		path=$(sample_path "$pattern" "$role")
		call "$method" "$path" "$has_body" "$tok"
		if [ "$roles" = public ] || [[ ",$roles," == *",$role,"* ]] || [[ ",$roles," == *",local,"* ]]; then
			case "$status" in 401 | 403 | 5*) not_ok "$role may $method $pattern" "status $status" "$body" ;;
			*) ok "$role may $method $pattern ($status)" ;; esac
		else
			expect_code 403 forbidden "$role may not $method $pattern"
		fi
	done <"$WORK/expected"
	req DELETE /api/v1/session -H "Authorization: Bearer $tok"
	expect_status 204 "$role may sign out"
done

# The OpenAPI document and the route table agree, and the server serves the file in docs/.
python3 - "$WORK/expected" "$SOURCE_ROOT/docs/openapi.json" >"$WORK/diff" <<'PY'
import json, sys
table = {(l.split()[0].lower(), l.split()[1]) for l in open(sys.argv[1]) if l.strip()}
doc = json.load(open(sys.argv[2]))
documented = {(m, p) for p, ops in doc["paths"].items() for m in ops if m in ("get", "post", "put", "patch", "delete")}
for m, p in sorted(table - documented): print("not in docs/openapi.json:", m.upper(), p)
for m, p in sorted(documented - table): print("not in the route table:", m.upper(), p)
PY
[ ! -s "$WORK/diff" ] && ok "docs/openapi.json documents exactly the route table" || not_ok "docs/openapi.json and the route table differ" "$(cat "$WORK/diff")"
curl -s "$BASE/api/v1/openapi.json" -o "$WORK/served.json"
cmp -s "$WORK/served.json" "$SOURCE_ROOT/docs/openapi.json" && ok "GET /api/v1/openapi.json serves docs/openapi.json" || not_ok "served OpenAPI differs from docs/openapi.json"

done_testing
