#!/usr/bin/env bash
# `greenlane copy --to URL`: a county's SQLite database moved whole into the test's database (on
# PostgreSQL when GREENLANE_TEST_PG names a server, else another SQLite file) and back again: every
# row, the audit chain verified on arrival and ended by a record db.copy, the same answers from
# both; the target's keys go on after the copied ids; refusals (a target that holds data, a source
# that does not verify, a key file that exists, the same database, a PostgreSQL target without its
# key files) and a copy that fails half-way leave nothing of it behind.
. "$(dirname "$0")/lib.sh"

COUNTY="$WORK/county.db"
# on DB ARGS...: greenlane on the database DB (a file, with its key files beside it).
on() {
	local db=$1
	shift
	out=$(env -u GREENLANE_AUDIT_KEY -u GREENLANE_AUDIT_ANCHORS "$GREENLANE" --db "$db" "$@" 2>"$WORK/.stderr")
	rc=$?
	err=$(cat "$WORK/.stderr")
}
# count TABLE [DB]: its rows in the test's database, or in the SQLite file DB.
count() {
	if [ $# -gt 1 ]; then sqlite3 "$2" "SELECT COUNT(*) FROM $1"; else sql "SELECT COUNT(*) FROM $1"; fi
}
TABLES="enterprises annual_figures users cases case_steps case_documents case_deadlines messages ledger_transfers ledger_entries sites supply_links alerts alert_result_blocks audit_seals"

on "$COUNTY" demo
expect_rc 0 "a demo county on SQLite"

# --- usage and refusals that need no database
on "$COUNTY" copy
expect_rc 2 "copy without --to is a usage error"
on "$COUNTY" copy --to
expect_rc 2 "--to without its URL is a usage error"
on "$COUNTY" copy --to x.db --frobnicate
expect_rc 2 "an unknown option is a usage error"
on "$COUNTY" copy --to "postgresql:///nowhere?host=$WORK"
expect_rc 1 "a PostgreSQL target without its key files is refused"
expect_match err 'to-key' "naming --to-key"
on "$COUNTY" copy --to "$COUNTY"
expect_rc 1 "a database is not copied onto itself"
[ ! -e "$WORK/x.db" ] && ok "a refused copy creates no database" || not_ok "x.db created"

# --- the county moves up
audit_before=$(sqlite3 "$COUNTY" "SELECT COUNT(*) FROM audit_log")
on "$COUNTY" copy --to "$GREENLANE_DB" --to-key "$AUDIT_KEY" --to-anchors "$AUDIT_ANCHORS"
expect_rc 0 "the county's database is copied"
expect_match out 'copied and verified' "and verified on arrival"
expect_match out "审计记录 \\(audit records\\) $audit_before 条已校验" "every audit record verified"
same=1
for t in $TABLES; do
	[ "$(count "$t")" = "$(count "$t" "$COUNTY")" ] || { same=0; not_ok "rows of $t" "$(count "$t") vs $(count "$t" "$COUNTY")"; }
done
[ "$same" = 1 ] && ok "every table holds the source's rows"
[ "$(count audit_log)" = $((audit_before + 1)) ] && ok "one audit record more" || not_ok "audit count" "$(count audit_log)"
[ "$(sql "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")" = db.copy ] && ok "db.copy ends the chain" || not_ok "last record"
[ "$(stat -c %a "$AUDIT_KEY")" = 600 ] && ok "the target's audit key is its owner's only" || not_ok "key mode"
cmp -s "$AUDIT_KEY" "$COUNTY.audit-key" && ok "the source's key came with it" || not_ok "key differs"
run audit verify
expect_rc 0 "the target verifies on its own"
for cmd in "case list --today 2022-07-01" "alert show 1 --json" "alert show 2 --json" "enterprise list --json" "ledger accounts --json --today 2022-12-31" "ledger transfers --json" "site list" "user list"; do
	# shellcheck disable=SC2086
	on "$COUNTY" $cmd
	a=$out
	# shellcheck disable=SC2086
	run $cmd
	[ -n "$a" ] && [ "$out" = "$a" ] && ok "the same answer: $cmd" || not_ok "the same answer: $cmd" "$(diff <(echo "$a") <(echo "$out") | head -5)"
done

# --- the target goes on: new rows get ids after the copied ones
q2=$(sql "SELECT uscc FROM users WHERE username = 'qiye2'")
year=$(sql 'SELECT MAX(year) FROM annual_figures')
printf '申报表' >form.pdf
cases_before=$(sql "SELECT MAX(id) FROM cases")
run declaration submit "$q2" --year "$year" --grade-sought A --document 申报表=form.pdf --document 证明材料=form.pdf --as qiye2
expect_rc 0 "a declaration on the target"
[ "$(sql "SELECT MAX(id) FROM cases")" = $((cases_before + 1)) ] && ok "its case comes after the copied ones" || not_ok "case id" "$(sql "SELECT MAX(id) FROM cases")"
run audit verify
expect_rc 0 "and the chain holds"

# --- a target that holds data is refused, and changed in nothing
rows_before=$(count case_steps)
on "$COUNTY" copy --to "$GREENLANE_DB" --to-key "$WORK/other.key" --to-anchors "$WORK/other.anchors"
expect_rc 1 "a target that holds data is refused"
expect_match err 'holds data' "saying why"
[ "$(count case_steps)" = "$rows_before" ] && [ ! -e "$WORK/other.key" ] && ok "nothing was written" || not_ok "written"
on "$COUNTY" copy --to "$WORK/fresh.db" --to-key "$AUDIT_KEY"
expect_rc 1 "a key file that exists is not overwritten"

# --- and back down: the target copied to a new SQLite file
export_back="$WORK/back.db"
run copy --to "$export_back"
expect_rc 0 "copied back to a new SQLite file"
on "$export_back" audit verify
expect_rc 0 "which verifies"
on "$export_back" case list --today 2022-07-01
a=$out
run case list --today 2022-07-01
[ "$out" = "$a" ] && ok "with the same answers" || not_ok "back answers"
[ "$(sqlite3 "$export_back" "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")" = db.copy ] && ok "its own db.copy record last" || not_ok "back last"

# --- a source that does not verify is not copied
cp "$COUNTY" "$WORK/tampered.db"
cp "$COUNTY.audit-key" "$WORK/tampered.db.audit-key"
cp "$COUNTY.audit-anchors" "$WORK/tampered.db.audit-anchors"
sqlite3 "$WORK/tampered.db" "UPDATE enterprises SET name = name || '改' WHERE rowid = 3"
on "$WORK/tampered.db" copy --to "$WORK/t2.db"
expect_rc 1 "a source that does not verify is refused"
expect_match err 'does not verify' "saying so"
[ ! -e "$WORK/t2.db.audit-key" ] && [ "$(sqlite3 "$WORK/t2.db" "SELECT COUNT(*) FROM sqlite_master WHERE name = 'enterprises'" 2>/dev/null || echo 0)" = 0 ] &&
	ok "and nothing of it is written" || not_ok "t2 written"

# --- a copy that fails half-way (the target refuses one table's rows) leaves nothing
on "$WORK/half.db" init
sqlite3 "$WORK/half.db" "CREATE TRIGGER no_messages BEFORE INSERT ON messages BEGIN SELECT RAISE(ABORT, 'refused'); END;"
on "$COUNTY" copy --to "$WORK/half.db" --to-key "$WORK/half.key" --to-anchors "$WORK/half.anchors"
expect_rc 1 "a copy the target refuses half-way fails"
expect_match err 'messages' "naming the table"
left=0
for t in $TABLES; do left=$((left + $(count "$t" "$WORK/half.db"))); done
[ "$left" = 0 ] && [ ! -e "$WORK/half.key" ] && [ ! -e "$WORK/half.anchors" ] &&
	ok "the target holds no row of it, nor its key files" || not_ok "left behind" "$left rows"

done_testing
