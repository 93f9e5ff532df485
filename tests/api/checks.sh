#!/usr/bin/env bash
# The central checks made before any handler runs, and the one error shape: unknown routes and
# methods, content type, body size, malformed JSON, wrong types, missing and unknown fields, query
# parameters. A refused request writes nothing (the audit trail does not grow).
. "$(dirname "$0")/lib.sh"
setup_db admin
start_server
sign_in u_admin
AUTH=(-H "Authorization: Bearer $TOKEN")
audit_count() { sql "SELECT COUNT(*) FROM audit_log"; }
before=$(audit_count)

req GET /api/v1/no-such-thing
expect_error 404 not_found "" "an unknown API path is 404 in the error shape"
req GET /api/v1/policies/
expect_error 404 not_found "" "a trailing slash names no route"
req GET /no-web-app-here
expect_error 404 not_found "" "without a web app, other paths are 404 JSON"
req PUT /api/v1/policies
expect_error 405 method_not_allowed "" "a wrong method is 405"
expect_header '^Allow: GET, HEAD' "405 names the allowed methods"
req PATCH /api/v1/session
expect_header '^Allow: POST, DELETE' "405 on a path with two methods lists both"
req HEAD /api/v1/policies
expect_status 200 "HEAD is answered where GET is"

req POST /api/v1/users "${AUTH[@]}" -H 'Content-Type: text/plain' --data-binary '{}'
expect_error 415 unsupported_media_type Content-Type "a body that is not application/json is 415"
req POST /api/v1/users "${AUTH[@]}" --data-binary '{}'
expect_error 415 unsupported_media_type Content-Type "a form-encoded body is 415"
req_json POST /api/v1/users '{}' "${AUTH[@]}" -H 'Content-Type: application/json; charset=utf-8'
expect_error 400 invalid username "application/json with a charset is accepted"

head -c 70000 /dev/zero | tr '\0' ' ' >"$WORK/big.json"
req POST /api/v1/users "${AUTH[@]}" -H 'Content-Type: application/json' --data-binary @"$WORK/big.json"
expect_error 413 payload_too_large body "a body over 64 KiB is 413 by Content-Length"
req POST /api/v1/users "${AUTH[@]}" -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @"$WORK/big.json"
expect_error 413 payload_too_large body "a chunked body over 64 KiB is 413 while reading"
req POST /api/v1/session -H 'Content-Type: application/json' --data-binary @"$WORK/big.json"
expect_error 413 payload_too_large body "413 also on the public sign-in"

req_json POST /api/v1/users '{"username": "x",' "${AUTH[@]}"
expect_error 400 invalid body "malformed JSON is 400 naming the body"
expect_body 'line 1' "the parse error says where"
req_json POST /api/v1/users '' "${AUTH[@]}"
expect_error 400 invalid body "an empty body where one is needed is 400"
req_json POST /api/v1/users '[1,2]' "${AUTH[@]}"
expect_error 400 invalid body "a body that is not an object is 400"
req_json POST /api/v1/users '{"username":"a1","username":"a2"}' "${AUTH[@]}"
expect_error 400 invalid body "duplicate keys are refused"
req_json POST /api/v1/users '{"username": 12, "role": "admin", "password": "long-enough"}' "${AUTH[@]}"
expect_error 400 invalid username "a number where a string is wanted is 400 naming the field"
req_json POST /api/v1/users '{"username": "newbie", "role": "admin", "password": "long-enough", "shoe_size": 42}' "${AUTH[@]}"
expect_error 400 invalid shoe_size "an unknown field is 400 naming it"
req_json POST /api/v1/users '{"username": "newbie", "password": "long-enough"}' "${AUTH[@]}"
expect_error 400 invalid role "a missing field is 400 naming it"
req_json POST /api/v1/users '{"username": "newbie", "role": "emperor", "password": "long-enough"}' "${AUTH[@]}"
expect_error 400 invalid role "a value outside the allowed ones is 400"
req_json POST /api/v1/users '{"username": "newbie", "role": "admin", "password": "short"}' "${AUTH[@]}"
expect_error 400 invalid password "app/ rules are answered the same way (short password)"
# Each language on its own, for the screen of that language.
langs=$(json '"%s|%s" % (d["error"]["message_zh"], d["error"]["message_en"])')
[ "$langs" = "密码至少 8 个字符|at least 8 characters" ] && ok "the error comes in Chinese and in English, each alone" || not_ok "the error comes in Chinese and in English, each alone" "$langs"
req_json POST /api/v1/session '{"username": "u_admin", "password": ["x"]}'
expect_error 400 invalid password "wrong type on the sign-in body"
body_msg=$(json 'd["error"]["message"]')
printf '%s' "$body_msg" | grep -q '应为' && ok "messages are in Chinese" || not_ok "messages are in Chinese" "$body_msg"

req GET '/api/v1/audit?limit=abc' "${AUTH[@]}"
expect_error 400 invalid limit "a query value of the wrong type is 400 naming it"
req GET '/api/v1/audit?limit=0' "${AUTH[@]}"
expect_error 400 invalid limit "a query value out of range is 400"
req GET '/api/v1/audit?colour=red' "${AUTH[@]}"
expect_error 400 invalid colour "an unknown query parameter is 400 naming it"
req GET '/api/v1/audit?=red' "${AUTH[@]}"
expect_error 400 invalid query "a query parameter without a name is 400 naming the query"
req GET '/api/v1/audit?limit=1&limit=2' "${AUTH[@]}"
expect_error 400 invalid limit "a repeated query parameter is 400"
req GET '/api/v1/calendar/add-months?date=2022-02-30&n=1' "${AUTH[@]}"
expect_error 400 invalid date "an impossible date is 400"
req GET '/api/v1/calendar/add-months?n=1' "${AUTH[@]}"
expect_error 400 invalid date "a missing required query parameter is 400"
req GET /api/v1/me "${AUTH[@]}" -H 'Content-Type: application/json' --data-binary '{}'
expect_error 400 invalid body "a body sent to a route that takes none is 400"

req_json POST /api/v1/users '{"username": 1}'
expect_error 401 unauthenticated "" "authentication is checked before the body"
expect_header '^WWW-Authenticate: Bearer' "401 says how to authenticate"

after=$(audit_count)
[ "$after" = "$before" ] && ok "refused requests wrote nothing" || not_ok "refused requests wrote nothing" "audit records $before -> $after"
n=$(sql "SELECT COUNT(*) FROM users")
[ "$n" = 1 ] && ok "no user was added by a refused request" || not_ok "no user was added" "$n users"

done_testing
