#!/usr/bin/env bash
# Messages (站内消息) written by the steps of a case: the county's return of a declaration writes
# exactly one message to the enterprise, naming the action, the reasons and 重新申报 as what to do
# next, in Chinese and in English (the pack's English labels, the Chinese where it has none; the
# plain list prints the Chinese); the enterprise's own submission and resubmission write none, nor
# does a refused step; a step whose message cannot be written is rolled back whole; the enterprise
# reads it with `message list` and marks it read with `message read`, once audited; another
# enterprise neither lists nor reads it (exit 1); --page and --per-page list one page, "total"
# counting all of them; wrong usage (a page or a page size out of range among it) exits 2.
. "$(dirname "$0")/lib.sh"

KEY=91130131M10000012G # foundry, grade C, key incentive
OTHER=91130131M10000055X

run init
expect_rc 0 "init"
cat >enterprises.csv <<'CSV'
uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list
91130131M10000012G,甲铸造,foundry,平山镇,C,1,1,0
91130131M10000020B,乙铸造,foundry,平山镇,C,1,0,0
91130131M100000398,丙铸造,foundry,平山镇,A,1,0,0
91130131M10000055X,戊铸造,foundry,平山镇,B-,1,0,0
CSV
cat >annual.csv <<'CSV'
uscc,year,tax_yuan,rd_yuan,revenue_yuan,so2_t,nox_t,pm_t,vocs_t
91130131M10000012G,2021,1000000,,,4,3,2,1
91130131M10000020B,2021,100000,,,4,3,2,1
91130131M100000398,2021,100000,,,4,3,2,1
91130131M10000055X,2021,500000,,,4,3,2,1
CSV
run import enterprises enterprises.csv
expect_rc 0 "import enterprises"
run import annual annual.csv
expect_rc 0 "import annual figures"
printf '申报表' >form.pdf
for u in county_officer city_officer; do
	echo test-password-1 | "$GREENLANE" user add "$u" --role "$u" >/dev/null || exit 1
done
echo test-password-1 | "$GREENLANE" user add clerk --role enterprise --enterprise $KEY >/dev/null || exit 1
echo test-password-1 | "$GREENLANE" user add clerk_b --role enterprise --enterprise $OTHER >/dev/null || exit 1

messages() { sql "SELECT COUNT(*) FROM messages"; }
audit_len() { sql 'SELECT COUNT(*) FROM audit_log'; }
# j EXPR: a Python expression on the last stdout parsed as d.
j() { printf '%s' "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# --- the enterprise's own step writes none
run case open m1.declaration submit --field year=2021 --field grade_sought=B- --document 申报表=form.pdf --document 证明材料=form.pdf --today 2022-09-28 --as clerk
expect_rc 0 "the enterprise submits its declaration"
[ "$(messages)" = 0 ] && ok "the enterprise's own submission writes no message" || not_ok "own submission" "$(messages) messages"

# --- refused steps write none
run case step 1 return --today 2022-10-10 --as county_officer
expect_rc 1 "a return without reasons is refused"
run case step 1 decide_provisional --today 2022-10-10 --as city_officer
expect_rc 1 "the city deciding before the county is refused"
run case step 1 return --reason 越权 --today 2022-10-10 --as clerk_b
expect_rc 1 "another enterprise's clerk may not step the case"
[ "$(messages)" = 0 ] && ok "refused steps write no message" || not_ok "refused steps" "$(messages) messages"

# --- a message that cannot be written fails the step: nothing of it is kept
if [ -n "$TEST_PG_DB" ]; then
	sql "CREATE FUNCTION no_messages() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN RAISE EXCEPTION 'messages refused'; END \$\$;
		CREATE TRIGGER no_messages BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION no_messages();"
else
	sql "CREATE TRIGGER no_messages BEFORE INSERT ON messages BEGIN SELECT RAISE(ABORT, 'messages refused'); END;"
fi
before=$(audit_len)
run case step 1 return --reason 请补充自行监测报告 --today 2022-10-10 --as county_officer
expect_rc 1 "a return whose message cannot be written fails"
expect_match err '保存消息失败' "and says why"
[ "$(sql "SELECT state || ' v' || version FROM cases WHERE id = 1")" = "submitted v1" ] &&
	[ "$(sql "SELECT COUNT(*) FROM case_steps WHERE case_id = 1")" = 1 ] && [ "$(audit_len)" = "$before" ] &&
	ok "the step is rolled back: state, steps and audit trail unchanged" || not_ok "rolled back" "$(sql 'SELECT state, version FROM cases')"
# (on PostgreSQL the refused insert took an id from the sequence, which a rollback keeps: put it back)
if [ -n "$TEST_PG_DB" ]; then
	sql "DROP TRIGGER no_messages ON messages; DROP FUNCTION no_messages();
		SELECT setval(pg_get_serial_sequence('messages', 'id'), 1, false);" >/dev/null
else
	sql "DROP TRIGGER no_messages"
fi

# --- the county's return writes one, to the enterprise
run case step 1 return --reason 请补充自行监测报告 --today 2022-10-10 --as county_officer
expect_rc 0 "the county returns the declaration"
[ "$(messages)" = 1 ] && ok "the return writes exactly one message" || not_ok "one message" "$(messages) messages"
[ "$(sql "SELECT recipient_kind || ' ' || recipient || ' ' || case_id || ' ' || procedure || ' ' || action || ' ' || CASE WHEN read_at IS NULL THEN 1 ELSE 0 END FROM messages")" = "enterprise $KEY 1 m1.declaration return 1" ] &&
	ok "addressed to the enterprise, about case 1 and its return, unread" ||
	not_ok "the message's row" "$(sql 'SELECT * FROM messages')"
sql "SELECT detail FROM audit_log WHERE action = 'declaration.return'" | grep -q '"message":1' &&
	ok "the step's audit record names its message" || not_ok "audit names the message"

run message list --as clerk
expect_rc 0 "message list --as clerk"
expect_match out '#1	未读	.*您的申报 #1：县分局退回' "the list shows the title, unread"
expect_match out '退回理由：请补充自行监测报告' "the body gives the reasons"
expect_match out '下一步：请按退回理由修改后重新申报（可办理：重新申报）' "the body says what to do next: 重新申报"
expect_match out '共 1 条，未读 1 条' "the list counts one unread"
run message list --json --as clerk
expect_rc 0 "message list --json"
[ "$(j 'd["unread"], len(d["messages"]), d["messages"][0]["case_id"], d["messages"][0]["read"], d["messages"][0]["read_at"]')" = "1 1 1 False None" ] &&
	ok "--json: one unread message about case 1" || not_ok "--json" "$out"
[ "$(j 'd["messages"][0]["title_en"]')" = "Your case #1: Return to the enterprise" ] &&
	ok "--json: the English title" || not_ok "English title" "$out"
BODY_EN='Date: 2022-10-10
Action: Return to the enterprise
State now: Returned, may be resubmitted
Reasons for returning: 请补充自行监测报告
Next: revise as set out under Reasons for returning above, then: Resubmit (you may: Resubmit)'
[ "$(j 'd["messages"][0]["body_en"]')" = "$BODY_EN" ] &&
	ok "--json: the English body, the reasons as typed" || not_ok "English body" "$out"
[ "$(sql "SELECT title_en FROM messages WHERE id = 1")" = "Your case #1: Return to the enterprise" ] &&
	ok "the English is kept beside the Chinese" || not_ok "title_en column"
run message list --as clerk
if printf '%s' "$out" | grep -q 'Your case'; then not_ok "the plain list stays Chinese" "$out"; else ok "the plain list stays Chinese"; fi

# --- another enterprise: nothing to list, nothing to read
run message list --json --as clerk_b
[ "$rc" = 0 ] && [ "$(j 'len(d["messages"]), d["unread"]')" = "0 0" ] && ok "another enterprise lists none" || not_ok "another enterprise lists none" "$out"
before=$(audit_len)
run message read 1 --as clerk_b
expect_rc 1 "another enterprise cannot read it: exit 1"
expect_match err '消息 1 不存在' "as if it did not exist"
[ "$(sql 'SELECT CASE WHEN read_at IS NULL THEN 1 ELSE 0 END FROM messages WHERE id = 1')" = 1 ] && [ "$(audit_len)" = "$before" ] &&
	ok "still unread, nothing audited" || not_ok "still unread"
run message list --json --as county_officer
[ "$rc" = 0 ] && [ "$(j 'len(d["messages"])')" = 0 ] && ok "an officer has no inbox yet" || not_ok "officer inbox" "$out"

# --- the enterprise reads it
run message read 1 --as clerk
expect_rc 0 "the enterprise marks it read"
run message list --json --as clerk
[ "$(j 'd["unread"], d["messages"][0]["read"], d["messages"][0]["read_at"] is not None')" = "0 True True" ] &&
	ok "read: unread 0, read_at set" || not_ok "read" "$out"
run message list --unread --as clerk
expect_match out '共 0 条，未读 0 条' "--unread lists none now"
[ "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'message.read' AND entity_id = '1'")" = 1 ] &&
	ok "the reading is audited" || not_ok "reading audited"
before=$(audit_len)
run message read 1 --as clerk
expect_rc 0 "reading it again is fine"
[ "$(audit_len)" = "$before" ] && ok "and changes nothing" || not_ok "read twice audited"

# --- the resubmission, the enterprise's own, writes none; the county's approval one more
run case step 1 resubmit --document 申报表=form.pdf --today 2022-10-12 --as clerk
expect_rc 0 "the enterprise resubmits"
[ "$(messages)" = 1 ] && ok "the resubmission writes no message" || not_ok "resubmission" "$(messages) messages"
# A pack without English for the approval and the state it reaches: the English falls back to the
# Chinese labels.
python3 - "$SOURCE_ROOT/policy/pingshan-2022.json" no_english.json <<'PY'
import json, sys
pack = json.load(open(sys.argv[1]))
proc = pack["procedures"]["m1.declaration"]
for a in proc["actions"]:
    if a["name"] == "approve":
        del a["label_en"]
for st in proc["states"]:
    if st["name"] == "county_approved":
        del st["label_en"]
json.dump(pack, open(sys.argv[2], "w"), ensure_ascii=False)
PY
GREENLANE_POLICY=no_english.json run case step 1 approve --today 2022-10-13 --as county_officer
expect_rc 0 "the county approves"
run message list --unread --as clerk
expect_match out '您的申报 #1：县分局审核通过并报市局' "the approval's message"
expect_match out '下一步：目前无需您办理' "nothing for the enterprise to do while the city reviews"
run message list --unread --json --as clerk
[ "$(j 'd["messages"][0]["title_en"]')" = "Your case #1: 县分局审核通过并报市局" ] &&
	ok "an action without label_en: its Chinese label in the English title" || not_ok "label_en fallback" "$out"
[ "$(j 'd["messages"][0]["body_en"]')" = 'Date: 2022-10-13
Action: 县分局审核通过并报市局
State now: 县分局审核通过，已报市局
Next: nothing for you to do for now; please wait for the outcome.' ] &&
	ok "and a state without label_en: its Chinese label in the English body" || not_ok "state label_en fallback" "$out"

# --- paging: three steps of the city make five messages, four unread
run case step 1 preliminary_review --reason 材料齐全 --today 2022-10-20 --as city_officer
expect_rc 0 "the city records its preliminary review"
run case step 1 site_verification --reason 现场与申报一致 --today 2022-10-21 --as city_officer
expect_rc 0 "the city records its site verification"
run case step 1 decide_provisional --reason 同意 --today 2022-10-25 --as city_officer
expect_rc 0 "the city grants the provisional grade"
run message list --json --as clerk
[ "$(j 'd["total"], len(d["messages"]), d["unread"], d["page"], d["per_page"]')" = "5 5 4 1 20" ] &&
	ok "--json: page 1 of 20 a page holds all five, four unread" || not_ok "default page" "$out"
run message list --json --per-page 2 --as clerk
[ "$(j 'd["total"], [m["id"] for m in d["messages"]], d["page"], d["per_page"]')" = "5 [5, 4] 1 2" ] &&
	ok "--per-page 2: the newest two of five" || not_ok "--per-page 2" "$out"
run message list --json --page 2 --per-page 2 --as clerk
[ "$(j 'd["total"], [m["id"] for m in d["messages"]], d["page"]')" = "5 [3, 2] 2" ] &&
	ok "--page 2 --per-page 2: the next two" || not_ok "--page 2" "$out"
[ "$(j 'd["messages"][0]["title_en"]')" = "Your case #1: Record the preliminary review" ] &&
	ok "page 2 in English too" || not_ok "page 2 English" "$out"
run message list --page 2 --per-page 2 --as clerk
expect_rc 0 "the plain list of page 2"
expect_match out '^#3	未读	.*您的申报 #1：市局专家组初审$' "page 2 begins with message 3"
expect_match out '^#2	未读	.*您的申报 #1：县分局审核通过并报市局$' "and ends with message 2"
[ "$(grep -c '^#' <<<"$out")" = 2 ] && ok "two messages on it" || not_ok "page 2 lines" "$out"
expect_match out '共 5 条，未读 4 条' "the count is of all pages"
expect_match out '第 2/3 页，本页 2 条' "and it says which page"
run message list --page 4 --per-page 2 --json --as clerk
[ "$rc" = 0 ] && [ "$(j 'd["total"], len(d["messages"])')" = "5 0" ] && ok "a page past the last is empty" || not_ok "page 4" "$out"
run message list --unread --page 2 --per-page 3 --json --as clerk
[ "$(j 'd["total"], [m["id"] for m in d["messages"]], d["unread"]')" = "4 [2] 4" ] &&
	ok "--unread: the total and the pages count the unread only" || not_ok "--unread paging" "$out"

counts() { sql "SELECT (SELECT COUNT(*) FROM messages) || ' ' || (SELECT COUNT(*) FROM messages WHERE read_at IS NULL)"; }
before=$(audit_len)
run message list --per-page 0 --as clerk
expect_rc 2 "--per-page 0 is a usage error"
expect_match err '--per-page' "naming --per-page"
run message list --per-page 101 --as clerk
expect_rc 2 "--per-page 101 is a usage error"
expect_match err '--per-page: .*1 至 100' "naming --per-page and its limits"
run message list --page abc --as clerk
expect_rc 2 "--page abc is a usage error"
expect_match err '--page' "naming --page"
run message list --page 0 --as clerk
expect_rc 2 "--page 0 is a usage error"
run message list --as clerk --page
expect_rc 2 "--page without a number is a usage error"
[ "$(counts)" = "5 4" ] && [ "$(audit_len)" = "$before" ] && ok "the refusals change nothing" || not_ok "refusals changed something" "$(counts)"

# --- usage
run message read 1
expect_rc 2 "read without --as is a usage error"
run message read x --as clerk
expect_rc 2 "read with a bad ID is a usage error"
run message list --today 2022-10-10 --as clerk
expect_rc 2 "list takes no --today"
run message delete 1
expect_rc 2 "an unknown subcommand is a usage error"

done_testing
