#!/usr/bin/env bash
# Sessions: sign-in answers a token in the body and an HttpOnly SameSite cookie; tokens are stored
# only hashed; bearer and cookie both authenticate; cookie writes need the CSRF token; sign-out,
# expiry, forged and malformed tokens, disabled users and password changes end access.
. "$(dirname "$0")/lib.sh"
setup_db admin county_officer enterprise
start_server

req_json POST /api/v1/session "{\"username\":\"u_admin\",\"password\":\"$PASSWORD\"}"
expect_status 200 "sign-in with the right password is 200"
TOKEN=$(json 'd["token"]')
CSRF=$(json 'd["csrf_token"]')
[[ "$TOKEN" =~ ^[0-9a-f]{64}$ ]] && ok "the token is 32 random bytes in hex" || not_ok "token format" "$TOKEN"
expect_body '"role":"admin"' "sign-in says who signed in"
expect_header "^Set-Cookie: gl_session=$TOKEN;" "the token is also set as a cookie"
expect_header '^Set-Cookie: .*HttpOnly' "the cookie is HttpOnly"
expect_header '^Set-Cookie: .*SameSite=Strict' "the cookie is SameSite=Strict"
n=$(sql "SELECT COUNT(*) FROM sessions WHERE token_hash = '$TOKEN' OR csrf_hash = '$CSRF'")
[ "$n" = 0 ] && ok "neither token is stored in the clear" || not_ok "tokens stored in the clear"
sql "SELECT password_hash FROM users WHERE username = 'u_admin'" | grep -q '^\$argon2id\$' \
	&& ok "passwords are stored as argon2id" || not_ok "passwords are stored as argon2id"

req GET /api/v1/me -H "Authorization: Bearer $TOKEN"
expect_status 200 "a bearer token authenticates"
expect_body '"username":"u_admin"' "/me names the user"
req GET /api/v1/me -H "Cookie: gl_session=$TOKEN"
expect_status 200 "the cookie authenticates"
[ "$(json 'd["csrf_token"]')" = "$CSRF" ] && ok "/me returns the session's CSRF token" || not_ok "/me CSRF token"
[ "$(json 'd["enterprise_name"]')" = null ] && ok "an officer has no enterprise named" || not_ok "admin enterprise_name" "$body"
req_json POST /api/v1/session "{\"username\":\"u_enterprise\",\"password\":\"$PASSWORD\"}"
NAME_A=$(sql "SELECT name FROM enterprises WHERE uscc = '$ENT_A'")
[ "$(json 'd["user"]["enterprise_name"]')" = "$NAME_A" ] && ok "an enterprise clerk's sign-in names its enterprise" || not_ok "enterprise_name" "$body"

PUT_PW=(-H 'Content-Type: application/json' --data-binary "{\"password\":\"$PASSWORD\"}")
req PUT /api/v1/users/u_county_officer/password -H "Cookie: gl_session=$TOKEN" "${PUT_PW[@]}"
expect_error 403 csrf X-CSRF-Token "a cookie write without X-CSRF-Token is 403"
[ "${CSRF: -1}" = 0 ] && last=1 || last=0
req PUT /api/v1/users/u_county_officer/password -H "Cookie: gl_session=$TOKEN" -H "X-CSRF-Token: ${CSRF%?}$last" "${PUT_PW[@]}"
expect_error 403 csrf X-CSRF-Token "a cookie write with a wrong X-CSRF-Token is 403"
req PUT /api/v1/users/u_county_officer/password -H "Cookie: gl_session=$TOKEN" -H "X-CSRF-Token: $CSRF" "${PUT_PW[@]}"
expect_status 204 "a cookie write with the CSRF token passes"
req PUT /api/v1/users/u_county_officer/password -H "Authorization: Bearer $TOKEN" "${PUT_PW[@]}"
expect_status 204 "a bearer write needs no CSRF token"

req_json POST /api/v1/session "{\"username\":\"u_admin\",\"password\":\"wrong-password\"}"
expect_error 401 unauthenticated password "a wrong password is 401"
req_json POST /api/v1/session "{\"username\":\"nobody\",\"password\":\"$PASSWORD\"}"
expect_error 401 unauthenticated password "an unknown user is answered exactly like a wrong password"

req GET /api/v1/me -H "Authorization: Bearer $(printf '%064d' 7)"
expect_error 401 unauthenticated "" "a forged token is 401"
req GET /api/v1/me -H "Authorization: Bearer not-a-token"
expect_error 401 unauthenticated "" "a malformed token is 401"
req GET /api/v1/me -H "Authorization: Basic dTpw"
expect_error 401 unauthenticated "" "another scheme is 401"
req GET /api/v1/me -H "Cookie: gl_session=$(printf '%064d' 7)"
expect_error 401 unauthenticated "" "a forged cookie is 401"

sign_in u_county_officer
OFFICER=$TOKEN
sql "UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z' WHERE user_id = (SELECT id FROM users WHERE username = 'u_county_officer')"
req GET /api/v1/me -H "Authorization: Bearer $OFFICER"
expect_error 401 unauthenticated "" "an expired token is 401"

sign_in u_county_officer
OFFICER=$TOKEN
req DELETE /api/v1/session -H "Authorization: Bearer $OFFICER"
expect_status 204 "sign-out is 204"
expect_header '^Set-Cookie: gl_session=;.*Max-Age=0' "sign-out clears the cookie"
req GET /api/v1/me -H "Authorization: Bearer $OFFICER"
expect_error 401 unauthenticated "" "a signed-out token is 401"
req DELETE /api/v1/session -H "Authorization: Bearer $OFFICER"
expect_error 401 unauthenticated "" "signing out twice is 401"

sign_in u_county_officer
OFFICER=$TOKEN
sign_in u_admin
ADMIN=$TOKEN
req_json PUT /api/v1/users/u_county_officer/password '{"password":"another-password"}' -H "Authorization: Bearer $ADMIN"
expect_status 204 "an admin sets a password"
req GET /api/v1/me -H "Authorization: Bearer $OFFICER"
expect_error 401 unauthenticated "" "a password change revokes the user's sessions"
req_json POST /api/v1/session '{"username":"u_county_officer","password":"another-password"}'
expect_status 200 "the new password signs in"
OFFICER=$(json 'd["token"]')
req POST /api/v1/users/u_county_officer/disable -H "Authorization: Bearer $ADMIN"
expect_status 204 "an admin disables a user"
req GET /api/v1/me -H "Authorization: Bearer $OFFICER"
expect_error 401 unauthenticated "" "disabling revokes the user's sessions"
req_json POST /api/v1/session '{"username":"u_county_officer","password":"another-password"}'
expect_error 401 unauthenticated password "a disabled user cannot sign in"
req POST /api/v1/users/u_county_officer/disable -H "Authorization: Bearer $ADMIN"
expect_error 409 wrong_state username "disabling twice is 409"
req POST /api/v1/users/nobody/disable -H "Authorization: Bearer $ADMIN"
expect_error 404 not_found username "disabling an unknown user is 404"

req_json POST /api/v1/users "{\"username\":\"clerk2\",\"role\":\"enterprise\",\"enterprise\":\"$ENT_B\",\"password\":\"$PASSWORD\"}" -H "Authorization: Bearer $ADMIN"
expect_status 201 "an admin adds an enterprise user"
expect_body "\"uscc\":\"$ENT_B\"" "the new user is bound to its enterprise"
req_json POST /api/v1/users "{\"username\":\"clerk2\",\"role\":\"admin\",\"password\":\"$PASSWORD\"}" -H "Authorization: Bearer $ADMIN"
expect_error 409 conflict username "a taken name is 409"
req_json POST /api/v1/users "{\"username\":\"clerk3\",\"role\":\"enterprise\",\"enterprise\":\"911301310000000000\",\"password\":\"$PASSWORD\"}" -H "Authorization: Bearer $ADMIN"
expect_error 400 invalid enterprise "an unregistered enterprise is 400"
req_json POST /api/v1/users "{\"username\":\"clerk3\",\"role\":\"dept_officer\",\"password\":\"$PASSWORD\"}" -H "Authorization: Bearer $ADMIN"
expect_error 400 invalid department "a dept_officer needs a department"
req GET /api/v1/users -H "Authorization: Bearer $ADMIN"
expect_body '"username":"clerk2"' "users lists the new user"
printf '%s' "$body" | grep -q 'argon2' && not_ok "users never shows password hashes" || ok "users never shows password hashes"

req GET '/api/v1/audit?limit=100' -H "Authorization: Bearer $ADMIN"
for action in session.create session.refused session.delete user.passwd user.disable user.add; do
	expect_body "\"action\":\"$action\"" "the audit trail records $action"
done
printf '%s' "$body" | grep -q "$PASSWORD" && not_ok "no password reaches the audit trail" || ok "no password reaches the audit trail"
"$GREENLANE" audit verify >/dev/null && ok "the audit chain stays intact" || not_ok "audit chain"

done_testing
