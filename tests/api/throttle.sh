#!/usr/bin/env bash
# Sign-in throttling: five failed sign-ins for one name lock that name (429 even with the right
# password, Retry-After given) without locking others; twenty failures from one address lock the
# address for every name. A success clears the name's count.
. "$(dirname "$0")/lib.sh"
setup_db admin county_officer
start_server

attempt() { req_json POST /api/v1/session "{\"username\":\"$1\",\"password\":\"$2\"}"; }

attempt u_county_officer wrong-password-0
attempt u_county_officer "$PASSWORD"
expect_status 200 "a success after a failure signs in"
for i in 1 2 3 4; do attempt u_county_officer "wrong-password-$i"; done
attempt u_county_officer "$PASSWORD"
expect_status 200 "a success clears the count: four more failures do not lock"

for i in 1 2 3 4 5; do attempt u_admin "wrong-password-$i"; done
expect_error 401 unauthenticated password "the fifth failure is still 401"
attempt u_admin "$PASSWORD"
expect_error 429 limit username "after five failures the right password is 429"
expect_header '^Retry-After: [0-9]+' "429 says when to retry"
attempt u_county_officer "$PASSWORD"
expect_status 200 "another name is not locked"
locked=$(sql "SELECT COUNT(*) FROM login_throttle WHERE key = 'user:u_admin' AND locked_until > '$(date -u +%Y-%m-%dT%H:%M:%SZ)'")
[ "$locked" = 1 ] && ok "the lock is kept in the database (survives a restart)" || not_ok "lock row" "$locked"

for i in $(seq 1 11); do attempt "nobody$i" wrong-password; done
attempt u_county_officer "$PASSWORD"
expect_error 429 limit "" "after twenty failures from one address every name is 429"
attempt nobody-else "$PASSWORD"
expect_error 429 limit "" "unknown names too"

sql "UPDATE login_throttle SET locked_until = '2000-01-01T00:00:00Z'"
attempt u_admin "$PASSWORD"
expect_status 200 "once the lock has passed the right password signs in again"

# A known browser: one that signed in as the user before carries a device cookie, and is counted
# on its own — neither the address's nor the user name's lockout keeps the user's browser out.
sql "DELETE FROM login_throttle"
JAR="$WORK/jar"
req_json POST /api/v1/session "{\"username\":\"u_county_officer\",\"password\":\"$PASSWORD\"}" -c "$JAR"
expect_status 200 "the officer signs in from its browser"
grep -q 'gl_device' "$JAR" && ok "the browser is given a device cookie" || not_ok "device cookie" "$(cat "$JAR")"
grep -qi '^set-cookie: gl_device=[0-9a-f]\{64\}; Path=/api/v1/session; HttpOnly; SameSite=Strict' "$WORK/headers" \
	&& ok "HttpOnly, SameSite=Strict, sent to sign-in only" || not_ok "device cookie attributes" "$(cat "$WORK/headers")"
for i in $(seq 1 20); do attempt "guess$i" wrong-password; done
attempt u_county_officer "$PASSWORD"
expect_error 429 limit "" "the address is locked for a browser it does not know"
req_json POST /api/v1/session "{\"username\":\"u_county_officer\",\"password\":\"$PASSWORD\"}" -b "$JAR"
expect_status 200 "the officer's own browser still gets in"
for i in 1 2 3 4 5; do attempt u_county_officer "wrong-password-$i"; done
req_json POST /api/v1/session "{\"username\":\"u_county_officer\",\"password\":\"$PASSWORD\"}" -b "$JAR"
expect_status 200 "so it does when someone else has locked the user name"
req_json POST /api/v1/session "{\"username\":\"u_admin\",\"password\":\"$PASSWORD\"}" -b "$JAR"
expect_error 429 limit "" "the cookie of one user is no key for another"
# The device's own count: five wrong passwords from it lock it.
for i in 1 2 3 4 5; do req_json POST /api/v1/session "{\"username\":\"u_county_officer\",\"password\":\"wrong-$i\"}" -b "$JAR"; done
req_json POST /api/v1/session "{\"username\":\"u_county_officer\",\"password\":\"$PASSWORD\"}" -b "$JAR"
expect_error 429 limit username "five failures from the known browser lock it too"

# Attempts in parallel are counted as they come: of 64 wrong passwords at once for one name, five
# are checked (and audited as refused), the rest are 429 before any password is checked.
sql "DELETE FROM login_throttle"
before=$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'session.refused' AND entity_id = 'u_admin'")
pids=()
for i in $(seq 1 64); do
	curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
		--data "{\"username\":\"u_admin\",\"password\":\"wrong-$i\"}" "$BASE/api/v1/session" >>"$WORK/parallel" &
	pids+=($!)
done
wait "${pids[@]}"
after=$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'session.refused' AND entity_id = 'u_admin'")
checked=$((after - before))
[ "$checked" = 5 ] && ok "64 parallel wrong passwords: 5 checked" || not_ok "parallel count" "$checked checked: $(sort "$WORK/parallel" | uniq -c | tr '\n' ' ')"
[ "$(grep -c 429 "$WORK/parallel")" = 59 ] && ok "the 59 others are 429" || not_ok "parallel 429" "$(sort "$WORK/parallel" | uniq -c | tr '\n' ' ')"

# Behind a trusted proxy the client's address is the one the proxy appended to X-Forwarded-For;
# without one configured the header is ignored (any client could write it).
sql "DELETE FROM login_throttle"
stop_server
start_server --trusted-proxy 127.0.0.1
for i in $(seq 1 20); do
	req_json POST /api/v1/session "{\"username\":\"guess$i\",\"password\":\"wrong\"}" -H 'X-Forwarded-For: 198.51.100.7, 203.0.113.5'
done
req_json POST /api/v1/session "{\"username\":\"u_admin\",\"password\":\"$PASSWORD\"}" -H 'X-Forwarded-For: 203.0.113.5'
expect_error 429 limit "" "the address behind the proxy is locked"
req_json POST /api/v1/session "{\"username\":\"u_admin\",\"password\":\"$PASSWORD\"}" -H 'X-Forwarded-For: 203.0.113.6'
expect_status 200 "another client behind the same proxy gets in"
req_json POST /api/v1/session "{\"username\":\"u_admin\",\"password\":\"$PASSWORD\"}" -H 'X-Forwarded-For: 203.0.113.5, 203.0.113.6'
expect_status 200 "only the address the proxy appended counts, not what the client wrote before it"
stop_server
sql "DELETE FROM login_throttle"
start_server
for i in $(seq 1 20); do
	req_json POST /api/v1/session "{\"username\":\"guess$i\",\"password\":\"wrong\"}" -H "X-Forwarded-For: 203.0.113.$i"
done
req_json POST /api/v1/session "{\"username\":\"u_admin\",\"password\":\"$PASSWORD\"}" -H 'X-Forwarded-For: 203.0.113.99'
expect_error 429 limit "" "without a trusted proxy, a forged X-Forwarded-For changes nothing"

done_testing
