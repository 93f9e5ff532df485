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
locked=$(sqlite3 "$GREENLANE_DB" "SELECT COUNT(*) FROM login_throttle WHERE key = 'user:u_admin' AND locked_until > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')")
[ "$locked" = 1 ] && ok "the lock is kept in the database (survives a restart)" || not_ok "lock row" "$locked"

for i in $(seq 1 11); do attempt "nobody$i" wrong-password; done
attempt u_county_officer "$PASSWORD"
expect_error 429 limit "" "after twenty failures from one address every name is 429"
attempt nobody-else "$PASSWORD"
expect_error 429 limit "" "unknown names too"

sqlite3 "$GREENLANE_DB" "UPDATE login_throttle SET locked_until = '2000-01-01T00:00:00Z'"
attempt u_admin "$PASSWORD"
expect_status 200 "once the lock has passed the right password signs in again"

done_testing
