#!/usr/bin/env bash
# Every route x every role, generated from the route table (`greenlane serve --print-routes`): a
# role the table admits passes the central checks (no 401, 403 or 5xx; write routes get an empty
# body so that nothing changes), every other role gets 403, and no credential gets 401 on a route
# that is not public. The OpenAPI document lists exactly the routes of the table.
. "$(dirname "$0")/lib.sh"
setup_db
start_server

"$GREENLANE" serve --print-routes >"$WORK/routes"
[ -s "$WORK/routes" ] && ok "--print-routes lists the route table" || not_ok "--print-routes"

sample_path() {
	local path=$1 role=$2
	path=${path//\{n\}/1}
	path=${path//\{username\}/no-such-user}
	path=${path//\{year\}/2023}
	path=${path//\{id\}/999999}
	if [ "$role" = enterprise ] || [ "$role" = "" ]; then path=${path//\{uscc\}/$ENT_A}; else path=${path//\{uscc\}/$ENT_B}; fi
	printf '%s' "$path" | sed 's/{[a-z_]*}/x/g'
}

call() { # ROUTE-LINE-FIELDS... TOKEN
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
	if [ "$roles" = public ]; then
		case "$status" in 401 | 403 | 5*) not_ok "anonymous $method $pattern is public" "status $status" "$body" ;;
		*) ok "anonymous $method $pattern is public ($status)" ;; esac
	else
		expect_code 401 unauthenticated "anonymous $method $pattern is 401"
	fi
done <"$WORK/routes"

for role in $ROLES; do
	sign_in "u_$role"
	tok=$TOKEN
	while read -r method pattern roles has_body; do
		[ "$method $pattern" = "DELETE /api/v1/session" ] && continue
		path=$(sample_path "$pattern" "$role")
		call "$method" "$path" "$has_body" "$tok"
		if [ "$roles" = public ] || [[ ",$roles," == *",$role,"* ]]; then
			case "$status" in 401 | 403 | 5*) not_ok "$role may $method $pattern" "status $status" "$body" ;;
			*) ok "$role may $method $pattern ($status)" ;; esac
		else
			expect_code 403 forbidden "$role may not $method $pattern"
		fi
	done <"$WORK/routes"
	req DELETE /api/v1/session -H "Authorization: Bearer $tok"
	expect_status 204 "$role may sign out"
done

# The OpenAPI document and the route table agree, and the server serves the file in docs/.
python3 - "$WORK/routes" "$SOURCE_ROOT/docs/openapi.json" >"$WORK/diff" <<'PY'
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
