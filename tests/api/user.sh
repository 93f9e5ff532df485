#!/usr/bin/env bash
# Display names (姓名) over HTTP: POST /api/v1/users takes an optional display_name, PUT
# /api/v1/users/{username}/display-name sets or removes it, the user listing, GET /api/v1/me and
# the sign-in answer carry it (null when there is none). A bad one (over 64 bytes once trimmed, a
# control character, not UTF-8) is 400 naming display_name and changes nothing; only the admin may
# set one; each change is audited with the name before it. The expected values are the ones
# written here, read back from the database where it matters.
. "$(dirname "$0")/lib.sh"
setup_db admin county_officer
start_server
sign_in u_admin
ADMIN=$TOKEN
sign_in u_county_officer
OFFICER=$TOKEN
as_admin() { # METHOD PATH [JSON]
	if [ $# -ge 3 ]; then
		req_json "$1" "$2" "$3" -H "Authorization: Bearer $ADMIN"
	else
		req "$1" "$2" -H "Authorization: Bearer $ADMIN"
	fi
}
name_of() { sql "SELECT display_name FROM users WHERE username = '$1'"; }
users() { sql "SELECT COUNT(*) FROM users"; }
LONG65=$(printf '张%.0s' $(seq 21))ab # 65 bytes
LONG64=$(printf '张%.0s' $(seq 21))a  # 64 bytes

as_admin POST /api/v1/users '{"username":"wangjg","role":"county_officer","password":"long-enough-1","display_name":"王建国"}'
expect_status 201 "a user added with a display name"
[ "$(json 'd["display_name"]')" = 王建国 ] && ok "the answer carries it" || not_ok "display_name answered" "$body"
[ "$(name_of wangjg)" = 王建国 ] && ok "and it is stored" || not_ok "stored" "$(name_of wangjg)"
as_admin POST /api/v1/users '{"username":"nodn","role":"county_officer","password":"long-enough-1"}'
expect_status 201 "a user added without one"
[ "$(json 'd["display_name"] is None')" = true ] && ok "answers display_name null" || not_ok "null display_name" "$body"
as_admin POST /api/v1/users '{"username":"spaced","role":"county_officer","password":"long-enough-1","display_name":"\u3000 李秀英 \t"}'
expect_status 201 "a display name with white space around it"
[ "$(name_of spaced)" = 李秀英 ] && ok "is kept trimmed" || not_ok "trimmed" "[$(name_of spaced)]"
as_admin POST /api/v1/users "{\"username\":\"fits\",\"role\":\"county_officer\",\"password\":\"long-enough-1\",\"display_name\":\" $LONG64 \"}"
expect_status 201 "64 bytes once trimmed are taken"

n=$(users)
as_admin POST /api/v1/users "{\"username\":\"toolong\",\"role\":\"county_officer\",\"password\":\"long-enough-1\",\"display_name\":\"$LONG65\"}"
expect_error 400 invalid display_name "65 bytes are 400 naming display_name"
[ "$(json '"64" in d["error"]["message_zh"] and "64" in d["error"]["message_en"]')" = true ] && ok "the message gives the limit in both languages" || not_ok "message" "$body"
as_admin POST /api/v1/users '{"username":"ctrl","role":"county_officer","password":"long-enough-1","display_name":"王\n建国"}'
expect_error 400 invalid display_name "a newline inside is 400 naming display_name"
as_admin POST /api/v1/users '{"username":"ctrl2","role":"county_officer","password":"long-enough-1","display_name":"王\u0085建国"}'
expect_error 400 invalid display_name "a C1 control character (U+0085) is 400 naming display_name"
as_admin POST /api/v1/users '{"username":"num","role":"county_officer","password":"long-enough-1","display_name":12}'
expect_error 400 invalid display_name "a display name that is not a string is 400 naming display_name"
[ "$(users)" = "$n" ] && ok "no user was added by a refused display name" || not_ok "users" "$(users), wanted $n"

as_admin GET /api/v1/users
expect_status 200 "the user listing"
[ "$(json '{u["username"]: u["display_name"] for u in d["items"] if u["username"] in ("wangjg", "nodn", "u_admin")}')" = '{"nodn": null, "u_admin": null, "wangjg": "\u738b\u5efa\u56fd"}' ] &&
	ok "lists each user's display name, null for none" || not_ok "listing" "$body"

req_json PUT /api/v1/users/nodn/display-name '{"display_name":"赵丽"}' -H "Authorization: Bearer $ADMIN"
expect_status 200 "PUT display-name"
[ "$(json 'd["username"] + " " + d["display_name"]')" = "nodn 赵丽" ] && ok "answers the user with its new name" || not_ok "answer" "$body"
[ "$(name_of nodn)" = 赵丽 ] && ok "stored" || not_ok "stored" "$(name_of nodn)"
req_json PUT /api/v1/users/nodn/display-name "{\"display_name\":\"$LONG65\"}" -H "Authorization: Bearer $ADMIN"
expect_error 400 invalid display_name "PUT of 65 bytes is 400 naming display_name"
req_json PUT /api/v1/users/nodn/display-name '{"display_name":"赵\u0007丽"}' -H "Authorization: Bearer $ADMIN"
expect_error 400 invalid display_name "PUT with a control character is 400 naming display_name"
req_json PUT /api/v1/users/nodn/display-name '{}' -H "Authorization: Bearer $ADMIN"
expect_error 400 invalid display_name "PUT without display_name is 400 naming it"
req_json PUT /api/v1/users/nodn/display-name '{"display_name":null}' -H "Authorization: Bearer $ADMIN"
expect_error 400 invalid display_name "PUT with null is 400 naming display_name"
[ "$(name_of nodn)" = 赵丽 ] && ok "the refused PUTs changed nothing" || not_ok "unchanged" "$(name_of nodn)"
req_json PUT /api/v1/users/nobody/display-name '{"display_name":"孙强"}' -H "Authorization: Bearer $ADMIN"
expect_error 404 not_found username "PUT for an unknown user is 404 naming username"
req_json PUT /api/v1/users/nodn/display-name '{"display_name":"钱伟"}' -H "Authorization: Bearer $OFFICER"
expect_code 403 forbidden "a county officer may not set a display name"
[ "$(name_of nodn)" = 赵丽 ] && ok "and did not" || not_ok "officer changed it" "$(name_of nodn)"
req_json PUT /api/v1/users/nodn/display-name '{"display_name":" "}' -H "Authorization: Bearer $ADMIN"
expect_status 200 "PUT of white space only"
[ "$(json 'd["display_name"] is None')" = true ] && [ "$(name_of nodn)" = "" ] && ok "removes the display name" || not_ok "removed" "$body"

audit() { sql "SELECT detail FROM audit_log WHERE action = '$1' AND entity_id = '$2' ORDER BY id"; }
[ "$(audit user.set_name nodn)" = '{"display_name":"赵丽","previous":""}
{"display_name":"","previous":"赵丽"}' ] && ok "every change is audited with the name before it, refusals are not" || not_ok "audit" "$(audit user.set_name nodn)"
[ "$(audit user.add wangjg)" = '{"department":null,"display_name":"王建国","division":"130131","role":"county_officer","uscc":null}' ] && ok "user.add audits the display name and the jurisdiction" || not_ok "user.add audit" "$(audit user.add wangjg)"

# Who is signed in.
req_json PUT /api/v1/users/u_county_officer/display-name '{"display_name":"王建国"}' -H "Authorization: Bearer $ADMIN"
expect_status 200 "the officer gets a display name"
req GET /api/v1/me -H "Authorization: Bearer $OFFICER"
[ "$(json 'd["username"] + " " + d["display_name"]')" = "u_county_officer 王建国" ] && ok "/me of the session begun before the change answers the new name" || not_ok "/me" "$body"
req GET /api/v1/me -H "Authorization: Bearer $ADMIN"
[ "$(json 'd["display_name"] is None')" = true ] && ok "/me of a user without one answers null" || not_ok "/me null" "$body"
req_json POST /api/v1/session "{\"username\":\"u_county_officer\",\"password\":\"$PASSWORD\"}"
[ "$(json 'd["user"]["display_name"]')" = 王建国 ] && ok "the sign-in answer's user carries it" || not_ok "sign-in user" "$body"

req GET /api/v1/audit/verify -H "Authorization: Bearer $ADMIN"
[ "$(json 'd["intact"]')" = true ] && ok "the audit chain is intact" || not_ok "audit chain" "$body"

done_testing
