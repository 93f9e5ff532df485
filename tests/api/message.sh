#!/usr/bin/env bash
# Messages over HTTP, /api/v1/messages: the county's return of an enterprise's declaration puts one
# unread message in the enterprise's inbox, naming the return, its reasons and 重新申报 as what to
# do next, in Chinese and in English (the reasons as typed); ?unread=1 lists the unread only; POST /api/v1/messages/{id}/read marks it read and the
# unread count falls to 0. Another enterprise lists none and its read is 404; a refused step adds
# none; an officer has no inbox route (403). Paging: ?page= and ?per_page= (default 1 and 20, at most
# 100) choose a page, "total" counts the messages on all pages (the unread only with ?unread=1);
# bad values are refused naming the field and change nothing.
. "$(dirname "$0")/lib.sh"
setup_db
sql "INSERT INTO enterprises (uscc, name, industry, township, grade, updated_at) VALUES
	('91130131M10000012G', '丙钢铁有限公司', 'steel_long', '平山镇', 'C', 'x');
INSERT INTO annual_figures (uscc, year, tax_fen, so2_g, nox_g, pm_g, vocs_g, updated_at) VALUES
	('$ENT_A', 2021, 100000000, 4000000, 3000000, 2000000, 1000000, 'x'),
	('91130131M10000012G', 2021, 10000000, 4000000, 3000000, 2000000, 1000000, 'x');" || exit 1
start_server

declare -A TOK
for u in enterprise enterprise_b county_officer city_officer; do
	sign_in "u_$u"
	TOK[$u]=$TOKEN
done
as() { # USER METHOD PATH [JSON]
	local user=$1 method=$2 path=$3
	if [ $# -ge 4 ]; then
		req_json "$method" "$path" "$4" -H "Authorization: Bearer ${TOK[$user]}"
	else
		req "$method" "$path" -H "Authorization: Bearer ${TOK[$user]}"
	fi
}

as enterprise GET /api/v1/messages
expect_status 200 "an enterprise reads its inbox"
[ "$(json '" ".join(map(str, (len(d["messages"]), d["unread"])))')" = "0 0" ] && ok "empty at first" || not_ok "empty inbox" "$body"

FORM=$(printf '申报表' | base64)
DOCS="[{\"name\":\"申报表\",\"file_name\":\"form.pdf\",\"content_base64\":\"$FORM\"},{\"name\":\"证明材料\",\"file_name\":\"evidence.pdf\",\"content_base64\":\"$FORM\"}]"
as enterprise POST /api/v1/cases "{\"procedure\":\"m1.declaration\",\"action\":\"submit\",\"fields\":{\"year\":2021},\"documents\":$DOCS,\"today\":\"2022-09-28\"}"
expect_status 201 "the enterprise submits a declaration"
ID=$(json 'd["case"]["id"]')
as enterprise GET /api/v1/messages
[ "$(json 'd["unread"]')" = 0 ] && ok "its own submission tells it nothing" || not_ok "own submission" "$body"

as county_officer POST "/api/v1/cases/$ID/steps" '{"action":"return","version":1,"today":"2022-10-10"}'
expect_error 400 invalid reason "a return without reasons is refused"
as enterprise GET /api/v1/messages
[ "$(json 'd["unread"]')" = 0 ] && ok "a refused step tells it nothing" || not_ok "refused step" "$body"

as county_officer POST "/api/v1/cases/$ID/steps" '{"action":"return","version":1,"reason":"请补充排污许可执行报告","today":"2022-10-10"}'
expect_status 200 "the county returns it"

as enterprise GET /api/v1/messages
expect_status 200 "the enterprise's inbox"
[ "$(json '" ".join(map(str, (d["unread"], len(d["messages"]))))')" = "1 1" ] && ok "one unread message" || not_ok "one unread" "$body"
[ "$(json 'sorted(d["messages"][0])')" = '["action", "body", "body_en", "case_id", "created_at", "id", "procedure", "read", "read_at", "title", "title_en"]' ] && ok "a message has the eleven keys" || not_ok "message keys" "$body"
[ "$(json 'd["messages"][0]["title"]')" = "您的申报 #$ID：县分局退回" ] && ok "the title names the declaration and the return" || not_ok "title" "$body"
[ "$(json 'd["messages"][0]["title_en"]')" = "Your case #$ID: Return to the enterprise" ] && ok "the English title names the case and the return" || not_ok "title_en" "$body"
BODY_EN='Date: 2022-10-10
Action: Return to the enterprise
State now: Returned, may be resubmitted
Reasons for returning: 请补充排污许可执行报告
Next: revise as set out under Reasons for returning above, then: Resubmit (you may: Resubmit)'
[ "$(json 'd["messages"][0]["body_en"]')" = "$BODY_EN" ] && ok "the English body: the day, the action, the state, the reasons as typed, what to do next" || not_ok "body_en" "$body"
[ "$(json '" ".join(map(str, (d["messages"][0]["case_id"], d["messages"][0]["action"], d["messages"][0]["read"], d["messages"][0]["read_at"])))')" = "$ID return False None" ] && ok "about the case and its return, unread" || not_ok "message fields" "$body"
expect_body '退回理由：请补充排污许可执行报告' "the body gives the reasons"
expect_body '下一步：请按退回理由修改后重新申报（可办理：重新申报）' "the body says to resubmit"
MID=$(json 'd["messages"][0]["id"]')
as enterprise GET '/api/v1/messages?unread=1'
[ "$(json 'len(d["messages"])')" = 1 ] && ok "?unread=1 lists it" || not_ok "?unread=1" "$body"
as enterprise GET '/api/v1/messages?unread=2'
expect_error 400 invalid unread "?unread=2 is refused"

# Another enterprise: none to list, and the message is not found.
as enterprise_b GET /api/v1/messages
[ "$status" = 200 ] && [ "$(json '" ".join(map(str, (len(d["messages"]), d["unread"])))')" = "0 0" ] && ok "another enterprise lists none" || not_ok "other inbox" "$body"
as enterprise_b POST "/api/v1/messages/$MID/read"
expect_error 404 not_found id "another enterprise's message is not found"
as county_officer GET /api/v1/messages
expect_code 403 forbidden "an officer has no inbox"
as enterprise POST "/api/v1/messages/999999/read"
expect_error 404 not_found id "a message that does not exist is not found"

as enterprise GET /api/v1/messages
[ "$(json 'd["unread"]')" = 1 ] && ok "still unread after the refusals" || not_ok "still unread" "$body"
as enterprise POST "/api/v1/messages/$MID/read"
expect_status 200 "the enterprise marks it read"
[ "$(json '" ".join(map(str, (d["id"], d["read"], d["unread"])))')" = "$MID True 0" ] && ok "read, none unread" || not_ok "read answer" "$body"
as enterprise GET /api/v1/messages
[ "$(json '" ".join(map(str, (d["unread"], d["messages"][0]["read"], d["messages"][0]["read_at"] is not None)))')" = "0 True True" ] && ok "the list shows it read" || not_ok "read in list" "$body"
as enterprise GET '/api/v1/messages?unread=1'
[ "$(json 'len(d["messages"])')" = 0 ] && ok "?unread=1 lists none now" || not_ok "?unread=1 after" "$body"
as enterprise POST "/api/v1/messages/$MID/read"
expect_status 200 "reading it again is fine"

# --- paging: four more steps by the county and the city make five messages, four unread
as enterprise POST "/api/v1/cases/$ID/steps" "{\"action\":\"resubmit\",\"version\":2,\"documents\":$DOCS,\"today\":\"2022-10-12\"}"
expect_status 200 "the enterprise resubmits"
as county_officer POST "/api/v1/cases/$ID/steps" '{"action":"approve","version":3,"today":"2022-10-13"}'
expect_status 200 "the county approves"
as city_officer POST "/api/v1/cases/$ID/steps" '{"action":"preliminary_review","version":4,"reason":"材料齐全","today":"2022-10-20"}'
expect_status 200 "the city records its preliminary review"
as city_officer POST "/api/v1/cases/$ID/steps" '{"action":"site_verification","version":5,"reason":"现场与申报一致","today":"2022-10-21"}'
expect_status 200 "the city records its site verification"
as city_officer POST "/api/v1/cases/$ID/steps" '{"action":"decide_provisional","version":6,"reason":"同意","today":"2022-10-25"}'
expect_status 200 "the city grants the provisional grade"
titles() { json '" | ".join(m["title"] for m in d["messages"])'; }

as enterprise GET /api/v1/messages
[ "$(json '" ".join(map(str, (d["total"], len(d["messages"]), d["unread"], d["page"], d["per_page"])))')" = "5 5 4 1 20" ] &&
	ok "by default page 1 of 20: all five, four unread" || not_ok "default page" "$body"
[ "$(json 'sorted(d)')" = '["messages", "page", "per_page", "total", "unread"]' ] && ok "the answer has the five keys" || not_ok "page keys" "$body"
as enterprise GET '/api/v1/messages?per_page=2'
[ "$(json '" ".join(map(str, (d["total"], len(d["messages"]), d["unread"], d["page"], d["per_page"])))')" = "5 2 4 1 2" ] &&
	ok "?per_page=2: two of five" || not_ok "per_page=2" "$body"
[ "$(titles)" = "您的申报 #$ID：决定暂按高一级别管理 | 您的申报 #$ID：现场核查" ] && ok "page 1: the newest two" || not_ok "page 1 titles" "$body"
as enterprise GET '/api/v1/messages?page=2&per_page=2'
expect_status 200 "page 2"
[ "$(json '" ".join(map(str, (d["total"], len(d["messages"]), d["page"])))')" = "5 2 2" ] && ok "page 2 holds two, total still five" || not_ok "page 2 counts" "$body"
[ "$(titles)" = "您的申报 #$ID：市局专家组初审 | 您的申报 #$ID：县分局审核通过并报市局" ] && ok "page 2: the next two" || not_ok "page 2 titles" "$body"
[ "$(json 'd["messages"][1]["title_en"]')" = "Your case #$ID: Approve and forward to the city" ] && ok "page 2 in English too" || not_ok "page 2 English" "$body"
as enterprise GET '/api/v1/messages?page=3&per_page=2'
[ "$(titles)" = "您的申报 #$ID：县分局退回" ] && ok "page 3: the oldest, alone" || not_ok "page 3" "$body"
as enterprise GET '/api/v1/messages?page=4&per_page=2'
[ "$status" = 200 ] && [ "$(json '" ".join(map(str, (d["total"], len(d["messages"]))))')" = "5 0" ] && ok "a page past the last is empty" || not_ok "page 4" "$body"
as enterprise GET '/api/v1/messages?unread=1&per_page=3'
[ "$(json '" ".join(map(str, (d["total"], len(d["messages"]), d["unread"])))')" = "4 3 4" ] && ok "?unread=1: the total counts the unread only" || not_ok "unread total" "$body"
as enterprise GET '/api/v1/messages?unread=1&page=2&per_page=3'
[ "$(titles)" = "您的申报 #$ID：县分局审核通过并报市局" ] && ok "?unread=1 page 2: the fourth unread, the read one left out" || not_ok "unread page 2" "$body"
as enterprise GET '/api/v1/messages?per_page=100'
[ "$(json 'len(d["messages"])')" = 5 ] && ok "?per_page=100 is allowed" || not_ok "per_page=100" "$body"

counts() { sql "SELECT (SELECT COUNT(*) FROM messages) || ' ' || (SELECT COUNT(*) FROM messages WHERE read_at IS NULL)"; }
audit_before=$(sql "SELECT COUNT(*) FROM audit_log")
as enterprise GET '/api/v1/messages?per_page=0'
expect_error 400 invalid per_page "?per_page=0 is refused, naming per_page"
as enterprise GET '/api/v1/messages?per_page=101'
expect_error 400 invalid per_page "?per_page=101 is refused, naming per_page"
as enterprise GET '/api/v1/messages?page=abc'
expect_error 400 invalid page "?page=abc is refused, naming page"
as enterprise GET '/api/v1/messages?page=0'
expect_error 400 invalid page "?page=0 is refused, naming page"
[ "$(counts)" = "5 4" ] && [ "$(sql "SELECT COUNT(*) FROM audit_log")" = "$audit_before" ] &&
	ok "the refusals change nothing: still five messages, four unread, nothing audited" || not_ok "refusals changed something" "$(counts)"

done_testing
