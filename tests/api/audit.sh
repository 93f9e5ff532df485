#!/usr/bin/env bash
# The audit trail over HTTP for the administrator: GET /api/v1/audit/verify recomputes the hash
# chain as `greenlane audit verify` does, names its head (the newest record, as the database holds
# it), and names the first record, and the first business row, changed behind greenlane's back. Other roles are refused at the
# door (tests/api/routes.sh) and by the scope rule.
. "$(dirname "$0")/lib.sh"
setup_db admin county_officer
start_server
sign_in u_admin
ADMIN=(-H "Authorization: Bearer $TOKEN")
sign_in u_county_officer
COUNTY=(-H "Authorization: Bearer $TOKEN")

req GET /api/v1/audit/verify "${ADMIN[@]}"
expect_status 200 "the administrator verifies the chain"
n=$(sql "SELECT COUNT(*) FROM audit_log")
head=$(sql "SELECT id || ' ' || hash FROM audit_log ORDER BY id DESC LIMIT 1")
[ "$(json '[d["intact"], d["records"], d["first_broken_id"]]')" = "[true, $n, 0]" ] && ok "intact, every record checked" || not_ok "intact" "$body"
[ "$(json 'str(d["head_id"]) + " " + d["head_hash"]')" = "$head" ] && ok "the head is the newest record and its hash" || not_ok "head" "$body"
"$GREENLANE" audit verify >"$WORK/cli.txt" 2>&1
grep -q "$(json 'd["head_hash"]')" "$WORK/cli.txt" && ok "the command line prints the same head" || not_ok "same head as the CLI" "$(cat "$WORK/cli.txt")"

req GET /api/v1/audit/verify "${COUNTY[@]}"
expect_code 403 forbidden "a county officer may not verify the audit trail"

# A business row changed by hand: the chain holds, the row does not, and is named.
rows=$(( $(sql "SELECT COUNT(*) FROM enterprises") + $(sql "SELECT COUNT(*) FROM users") ))
req GET /api/v1/audit/verify "${ADMIN[@]}"
[ "$(json '[d["sealed_rows"], d["broken_row"]]')" = "[$rows, null]" ] && ok "every enterprise and user checked against its seal" || not_ok "sealed rows" "$body"
sql "UPDATE users SET role = 'admin' WHERE username = 'u_county_officer'"
req GET /api/v1/audit/verify "${ADMIN[@]}"
[ "$(json '[d["intact"], d["first_broken_id"], d["broken_row"]]')" = '[false, 0, "user u_county_officer"]' ] && ok "a role changed by hand is found, the user named" || not_ok "row broken" "$body"
[[ "$(json 'd["reason"]')" == *"changed outside greenlane"* ]] && ok "with the reason" || not_ok "row reason" "$body"
[ "$(json 'd["reason_en"] == "user u_county_officer: its state does not match its seal: changed outside greenlane" and d["reason_zh"] == "用户 u_county_officer：当前状态与其封记不符，已在本系统之外被改动"')" = true ] && ok "the reason also in each language alone" || not_ok "reason_zh/en" "$body"
sql "UPDATE users SET role = 'county_officer' WHERE username = 'u_county_officer'"

# Verify reads one state of the database while others write: display names set meanwhile (each a
# change of a sealed user and an anchor line) never make it see a row without its seal, nor an
# anchor without its record.
(for i in $(seq 40); do
	curl -s -o /dev/null -X PUT "${ADMIN[@]}" -H 'Content-Type: application/json' \
		-d "{\"display_name\":\"名$i\"}" "$BASE/api/v1/users/u_county_officer/display-name"
done) &
writer=$!
verdicts=""
for i in $(seq 12); do
	verdicts+=$(curl -s "${ADMIN[@]}" "$BASE/api/v1/audit/verify" | python3 -c 'import json,sys; print(json.load(sys.stdin)["intact"])')
done
wait "$writer"
[ "$verdicts" = "$(printf 'True%.0s' $(seq 12))" ] && ok "verify while names are written: always intact" || not_ok "verify under writes" "$verdicts"
[ "$(sql "SELECT display_name FROM users WHERE username = 'u_county_officer'")" = "名40" ] && ok "and every write went through" || not_ok "writes" "$(sql "SELECT display_name FROM users WHERE username = 'u_county_officer'")"

# A record changed by hand in the database breaks the chain there.
second=$(sql "SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1")
sql "UPDATE audit_log SET actor = 'mallory' WHERE id = $second"
req GET /api/v1/audit/verify "${ADMIN[@]}"
expect_status 200 "a broken chain is still an answer"
[ "$(json '[d["intact"], d["first_broken_id"]]')" = "[false, $second]" ] && ok "the record changed by hand is named" || not_ok "broken" "$body"
[ -n "$(json 'd["reason"]')" ] && ok "with the reason" || not_ok "reason" "$body"

done_testing
