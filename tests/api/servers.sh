#!/usr/bin/env bash
# Several `greenlane serve` processes on one database (PostgreSQL when GREENLANE_TEST_PG names a
# server, else one SQLite file), the requests of one user alternating between them: a session
# made by one is honoured by the other and ended for both by a sign-out at either; failed
# sign-ins at both count toward one lock; an answer either gives is the same; of two steps on one
# case sent at once to the two, with the same version, one is taken and the other refused (409)
# — repeated, each time exactly one.
. "$(dirname "$0")/lib.sh"
setup_db admin county_officer

start_server
A=$BASE
start_other_server "$GREENLANE"
B=$OTHER_BASE
[ "$A" != "$B" ] && ok "two servers on one database ($A, $B)" || not_ok "two servers" "$A $B"

# at SERVER METHOD PATH [JSON]: a request to SERVER with $TOKEN.
at() {
	local server=$1 method=$2 path=$3
	BASE=$server
	if [ $# -ge 4 ]; then
		req_json "$method" "$path" "$4" -H "Authorization: Bearer $TOKEN"
	else
		req "$method" "$path" -H "Authorization: Bearer $TOKEN"
	fi
}

# --- one session, two servers
BASE=$A
sign_in u_county_officer
at "$B" GET /api/v1/me
expect_status 200 "a session made by one server is honoured by the other"
[ "$(json 'd["username"]')" = u_county_officer ] && ok "as the same user" || not_ok "same user" "$body"
at "$A" GET /api/v1/me
expect_status 200 "and by the first still"
BASE=$B
req DELETE /api/v1/session -H "Authorization: Bearer $TOKEN"
expect_status 204 "signed out at the second"
at "$A" GET /api/v1/me
expect_status 401 "the first no longer knows the session"

# --- failed sign-ins at both count toward one lock
attempt() {
	BASE=$1
	req_json POST /api/v1/session "{\"username\":\"u_admin\",\"password\":\"$2\"}"
}
for i in 1 2 3 4 5; do
	if [ $((i % 2)) = 1 ]; then attempt "$A" "wrong-$i"; else attempt "$B" "wrong-$i"; fi
done
attempt "$A" "$PASSWORD"
expect_error 429 limit username "five failures split between the servers lock the name at the first"
attempt "$B" "$PASSWORD"
expect_error 429 limit username "and at the second"
sql "DELETE FROM login_throttle"
attempt "$B" "$PASSWORD"
expect_status 200 "the lock lifted in the database is lifted for both"

# --- the same answers
BASE=$A
sign_in u_county_officer
for path in /api/v1/pack /api/v1/enterprises /api/v1/procedures "/api/v1/work?today=2022-10-10"; do
	at "$A" GET "$path"
	a=$body
	at "$B" GET "$path"
	[ "$status" = 200 ] && [ "$body" = "$a" ] && ok "the same answer from both: $path" || not_ok "same answer $path" "$a" "$body"
done

# --- two steps at once with one version: exactly one is taken, every time
FILE='"procedure":"m2.enforcement","action":"file","uscc":"'$ENT_A'","today":"2022-05-10"'
FIELDS='"violation_type":"dust_control","found_on":"2022-05-10","officers":"王建国、李强","facts":"料场未苫盖","harm":"none","minor":"yes"'
all_one=1
for round in 1 2 3 4 5; do
	at "$A" POST /api/v1/cases "{$FILE,\"fields\":{$FIELDS}}"
	[ "$status" = 201 ] || { not_ok "round $round: the case" "$status $body"; all_one=0; break; }
	ID=$(json 'd["case"]["id"]')
	V=$(json 'd["case"]["version"]')
	step="{\"action\":\"investigate\",\"version\":$V,\"fields\":{\"findings\":\"经调查属实\"},\"today\":\"2022-05-11\"}"
	for s in A B; do
		url=$A
		[ "$s" = B ] && url=$B
		curl -s -o "$WORK/$s.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
			--data-binary "$step" "$url/api/v1/cases/$ID/steps" >"$WORK/$s.status" &
	done
	wait_for=$(jobs -p | grep -v -e "^$SERVER_PID\$" -e "^$OTHER_PID\$")
	# shellcheck disable=SC2086
	wait $wait_for
	got=$(cat "$WORK/A.status" "$WORK/B.status" | tr -d '\n' | fold -w3 | sort | tr '\n' ' ')
	steps=$(sql "SELECT COUNT(*) FROM case_steps WHERE case_id = $ID AND action = 'investigate'")
	version=$(sql "SELECT version FROM cases WHERE id = $ID")
	if [ "$got" != "200 409 " ] || [ "$steps" != 1 ] || [ "$version" != $((V + 1)) ]; then
		all_one=0
		not_ok "round $round: one of two concurrent steps" "statuses $got, steps $steps, version $version" "$(cat "$WORK/A.json")" "$(cat "$WORK/B.json")"
	fi
done
[ "$all_one" = 1 ] && ok "five times, of two steps sent at once to the two servers one was taken and one refused"
cat "$WORK/A.json" "$WORK/B.json" | grep -q '"code":"conflict"' && ok "the refusal is the conflict error" || not_ok "conflict body" "$(cat "$WORK/A.json" "$WORK/B.json")"

"$GREENLANE" audit verify >/dev/null 2>&1 && ok "the audit chain both servers wrote verifies" || not_ok "audit verify" "$("$GREENLANE" audit verify 2>&1)"
done_testing
