#!/usr/bin/env bash
# Migration 0005 on a database made by the release before the procedure engine
# (tests/fixtures/release-0004-demo.sql: `greenlane demo` of that release, dumped with sqlite3): every
# declaration, step, review, document and deadline moves into the engine's tables with the same ids
# and dates, nothing is lost, and the audit chain still verifies with the same head. The
# expectations are read from the old tables before the migration, not from the program.
# Migration 0007 on a database at schema 6 holding messages (the fixture brought there by the
# migration files themselves, as the program of schema 6 applied them): the old messages gain empty
# English columns and are read with their Chinese title and body in the English's place.
# Migration 0008 on a database at schema 7 (likewise brought there by the migration files): its
# users keep every column and gain an empty display name, are listed and read back, and the steps
# their cases recorded answer no display name until one is set; a step taken after that carries it.
. "$(dirname "$0")/lib.sh"
only_on_sqlite "it is about SQLite's files"

sqlite3 old.db <"$SOURCE_ROOT/tests/fixtures/release-0004-demo.sql"
q() { sqlite3 "$1" "$2"; }
[ "$(q old.db 'SELECT MAX(version) FROM schema_migrations')" = 4 ] && ok "the fixture is at schema 4" || not_ok "fixture schema" "$(q old.db 'SELECT MAX(version) FROM schema_migrations')"

# What the release kept, before anything runs.
decl_before=$(q old.db "SELECT id, uscc, year, state, grade_from, grade_sought, tier, version, created_at, updated_at FROM declarations ORDER BY id")
steps_before=$(q old.db "SELECT id, declaration_id, action, from_state, to_state, actor, actor_role, on_date, reason, created_at FROM declaration_steps ORDER BY id")
reviews_before=$(q old.db "SELECT id, declaration_id, kind, outcome, findings, reviewed_by, reviewed_on FROM declaration_reviews ORDER BY id")
docs_before=$(q old.db "SELECT id, declaration_id, name, file_name, size, digest, content_base64 FROM declaration_documents ORDER BY id")
grades_before=$(q old.db "SELECT id, uscc, from_grade, to_grade, kind, on_date, declaration_id FROM grade_history ORDER BY id")
county_due=$(q old.db "SELECT id, county_due_on FROM declarations ORDER BY id")
grace_due=$(q old.db "SELECT id, grace_deadline FROM declarations WHERE grace_deadline IS NOT NULL ORDER BY id")
running_county=$(q old.db "SELECT id, county_due_on FROM declarations WHERE state = 'submitted' ORDER BY id")
running_grace=$(q old.db "SELECT id, grace_deadline FROM declarations WHERE state = 'provisional' ORDER BY id")
# (on a copy: verify opens, so migrates, the database it checks)
cp old.db probe.db
head_before=$(GREENLANE_DB=probe.db "$GREENLANE" audit verify 2>&1 | sed -n 's/.*(head): //p')
[ -n "$decl_before" ] && [ -n "$steps_before" ] && [ -n "$docs_before" ] && ok "the fixture has declarations, steps and documents" || not_ok "fixture content"

cp old.db new.db
export GREENLANE_DB=new.db
run init
expect_rc 0 "init migrates the release's database"
[ "$(q new.db 'SELECT MAX(version) FROM schema_migrations')" = 25 ] && ok "schema 25" || not_ok "schema 25"
[ "$(q new.db 'SELECT COUNT(*) FROM messages')" = 0 ] && ok "migrated cases have no messages: only steps taken from now on write one" || not_ok "messages after the migration"
[ "$(q new.db "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('declarations', 'declaration_steps', 'declaration_reviews', 'declaration_documents')")" = 0 ] && ok "the old tables are gone" || not_ok "old tables"

decl_after=$(q new.db "SELECT c.id, c.uscc, m.year, c.state, m.grade_from, m.grade_sought, m.tier, c.version, c.created_at, c.updated_at FROM cases c JOIN m1_declarations m ON m.case_id = c.id WHERE c.procedure = 'm1.declaration' ORDER BY c.id")
[ "$decl_after" = "$decl_before" ] && ok "every declaration is a case with the same id, state, version and times" || not_ok "declarations" "$(diff <(echo "$decl_before") <(echo "$decl_after"))"
steps_after=$(q new.db "SELECT id, case_id, action, from_state, to_state, actor, actor_role, on_date, reason, created_at FROM case_steps ORDER BY id")
[ "$steps_after" = "$steps_before" ] && ok "every step, same ids and dates" || not_ok "steps" "$(diff <(echo "$steps_before") <(echo "$steps_after"))"
reviews_after=$(q new.db "SELECT id, case_id, kind, outcome, findings, reviewed_by, reviewed_on FROM case_reviews ORDER BY id")
[ "$reviews_after" = "$reviews_before" ] && ok "every review" || not_ok "reviews"
docs_after=$(q new.db "SELECT id, case_id, name, file_name, size, digest, content_base64 FROM case_documents ORDER BY id")
[ "$docs_after" = "$docs_before" ] && ok "every document, bytes and digest" || not_ok "documents"
grades_after=$(q new.db "SELECT id, uscc, from_grade, to_grade, kind, on_date, case_id FROM grade_history ORDER BY id")
[ "$grades_after" = "$grades_before" ] && ok "the grade history names the same cases" || not_ok "grade history"
[ "$(q new.db "SELECT case_id, original_due FROM case_deadlines WHERE kind = 'county_review' ORDER BY case_id")" = "$county_due" ] && ok "each county review due day is a deadline" || not_ok "county deadlines"
[ "$(q new.db "SELECT case_id, due FROM case_deadlines WHERE kind = 'grace' ORDER BY case_id")" = "$grace_due" ] && ok "each grace deadline is a deadline" || not_ok "grace deadlines"
[ "$(q new.db "SELECT case_id, due FROM case_deadlines WHERE kind = 'county_review' AND status = 'running' ORDER BY case_id")" = "$running_county" ] && ok "county reviews still due run" || not_ok "running county"
[ "$(q new.db "SELECT case_id, due FROM case_deadlines WHERE kind = 'grace' AND status = 'running' ORDER BY case_id")" = "$running_grace" ] && ok "grace periods of provisional grades run" || not_ok "running grace"

run audit verify
expect_rc 0 "the audit chain verifies after the migration"
expect_match out "$head_before" "with the same head"
# Its rows were sealed as they stood when the schema first had seals: every case, user, enterprise
# and year's figures; a state changed by hand afterwards is found.
sealed=$(( $(q new.db "SELECT COUNT(*) FROM cases") + $(q new.db "SELECT COUNT(*) FROM users") + $(q new.db "SELECT COUNT(*) FROM enterprises") + $(q new.db "SELECT COUNT(*) FROM annual_figures") ))
expect_match out ", $sealed sealed rows$" "every row of the old database is sealed"
cp new.db tampered.db
cp new.db.audit-key tampered.db.audit-key
cp new.db.audit-anchors tampered.db.audit-anchors 2>/dev/null || :
q tampered.db "UPDATE cases SET state = 'formal' WHERE id = (SELECT MIN(id) FROM cases WHERE state <> 'formal')"
GREENLANE_DB=tampered.db run audit verify
expect_rc 1 "a migrated case changed by hand afterwards is found"

# The migrated declarations work through the old and the generic faces.
for id in $(q new.db "SELECT id FROM cases ORDER BY id"); do
	state=$(q old.db "SELECT state FROM declarations WHERE id = $id")
	run declaration show "$id"
	expect_match out "$state" "declaration show $id: $state"
done
run deadlines list
expect_rc 0 "deadlines list on the migrated database"
n_running=$(( $(echo -n "$running_county" | grep -c '|') + $(echo -n "$running_grace" | grep -c '|') ))
[ "$(grep -c . <<<"$out")" -eq "$n_running" ] && ok "one line per running deadline ($n_running)" || not_ok "deadlines count" "$out"
sub=$(q new.db "SELECT id FROM cases WHERE state = 'submitted' ORDER BY id LIMIT 1")
last=$(q new.db "SELECT MAX(on_date) FROM case_steps WHERE case_id = $sub")
run declaration review "$sub" --approve --today "$last"
expect_rc 0 "a migrated declaration takes its next step"
[ "$(q new.db "SELECT status FROM case_deadlines WHERE case_id = $sub AND kind = 'county_review'")" = met ] && ok "and its county review deadline is met" || not_ok "deadline met"
run audit verify
expect_rc 0 "the chain still verifies after a new step"

# --- 0007 on a database of schema 6 with messages in it
sqlite3 six.db <"$SOURCE_ROOT/tests/fixtures/release-0004-demo.sql"
for m in 0005_cases.sql 0006_messages.sql; do
	{ echo 'BEGIN;'; cat "$SOURCE_ROOT/migrations/$m"; echo "INSERT INTO schema_migrations (version, name) VALUES (${m:3:1}, '$m'); COMMIT;"; } | sqlite3 six.db || not_ok "apply $m to six.db"
done
ENT=$(q six.db "SELECT uscc FROM users WHERE username = 'qiye1'")
q six.db "INSERT INTO messages (recipient_kind, recipient, procedure, action, title, body, created_at, read_at) VALUES
	('enterprise', '$ENT', 'm1.declaration', 'return', '您的申报 #1：县分局退回', '办理日期：2022-10-10
退回理由：请补充材料', '2022-10-10T02:00:00Z', NULL),
	('enterprise', '$ENT', 'm1.declaration', 'approve', '您的申报 #1：县分局审核通过并报市局', '办理日期：2022-10-13', '2022-10-13T02:00:00Z', '2022-10-14T02:00:00Z');"
[ "$(q six.db 'SELECT MAX(version) FROM schema_migrations')" = 6 ] && [ "$(q six.db 'SELECT COUNT(*) FROM messages')" = 2 ] &&
	ok "a database at schema 6 with two messages" || not_ok "six.db" "$(q six.db 'SELECT MAX(version) FROM schema_migrations')"
export GREENLANE_DB=six.db
run init
expect_rc 0 "init migrates the schema 6 database"
[ "$(q six.db 'SELECT MAX(version) FROM schema_migrations')" = 25 ] && ok "schema 25" || not_ok "six.db schema 25"
[ "$(q six.db "SELECT COUNT(*) FROM messages WHERE title_en = '' AND body_en = ''")" = 2 ] &&
	ok "the old messages keep empty English columns" || not_ok "English columns" "$(q six.db 'SELECT id, title_en, body_en FROM messages')"
run message list --json --as qiye1
expect_rc 0 "the enterprise lists its old messages"
j() { printf '%s' "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
[ "$(j 'd["total"], len(d["messages"]), d["unread"]')" = "2 2 1" ] && ok "both, one unread" || not_ok "old messages listed" "$out"
[ "$(j 'd["messages"][1]["title_en"]')" = "您的申报 #1：县分局退回" ] &&
	[ "$(j 'd["messages"][1]["body_en"]')" = "办理日期：2022-10-10
退回理由：请补充材料" ] && [ "$(j 'd["messages"][0]["title_en"]')" = "您的申报 #1：县分局审核通过并报市局" ] &&
	ok "an old message reads with its Chinese title and body in English's place" || not_ok "Chinese fallback" "$out"

# --- 0008 on a database of schema 7 with users and cases
sqlite3 seven.db <"$SOURCE_ROOT/tests/fixtures/release-0004-demo.sql"
for m in 0005_cases.sql 0006_messages.sql 0007_message_english.sql; do
	{ echo 'BEGIN;'; cat "$SOURCE_ROOT/migrations/$m"; echo "INSERT INTO schema_migrations (version, name) VALUES (${m:3:1}, '$m'); COMMIT;"; } | sqlite3 seven.db || not_ok "apply $m to seven.db"
done
users_sql="SELECT id, username, role, uscc, department, password_hash, disabled, created_at, updated_at FROM users ORDER BY id"
users_before=$(q seven.db "$users_sql")
n_users=$(q seven.db "SELECT COUNT(*) FROM users")
[ "$(q seven.db 'SELECT MAX(version) FROM schema_migrations')" = 7 ] && [ "$n_users" -ge 2 ] &&
	[ "$(q seven.db "SELECT COUNT(*) FROM pragma_table_info('users') WHERE name = 'display_name'")" = 0 ] &&
	ok "a database at schema 7 with $n_users users and no display names" || not_ok "seven.db" "$n_users users"
export GREENLANE_DB=seven.db
run init
expect_rc 0 "init migrates the schema 7 database"
[ "$(q seven.db 'SELECT MAX(version) FROM schema_migrations')" = 25 ] && ok "schema 25" || not_ok "seven.db schema 25"
[ "$(q seven.db "$users_sql")" = "$users_before" ] && ok "every user keeps its id, name, role, binding, hash, state and times" ||
	not_ok "users after 0008" "$(diff <(echo "$users_before") <(q seven.db "$users_sql"))"
[ "$(q seven.db "SELECT COUNT(*) FROM users WHERE display_name = ''")" = "$n_users" ] && ok "and an empty display name" || not_ok "display names" "$(q seven.db 'SELECT username, display_name FROM users')"
run user list
expect_rc 0 "user list on the migrated database"
[ "$(grep -c . <<<"$out")" = "$n_users" ] && [ "$(grep -cE '	-	(130131|130100)$' <<<"$out")" = "$n_users" ] && [ "$(grep -c '^shiju	.*	130100$' <<<"$out")" = 1 ] && ok "lists every user, each without a display name, in the pack's county (the city for the city's roles)" || not_ok "user list" "$out"
cs() { printf '%s' "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
sub=$(q seven.db "SELECT id FROM cases WHERE state = 'submitted' ORDER BY id LIMIT 1")
officer=$(q seven.db "SELECT username FROM users WHERE role = 'county_officer' ORDER BY id LIMIT 1")
run case show "$sub" --json
expect_rc 0 "a migrated case reads"
[ "$(cs 'all(s["actor_name"] is None for s in d["steps"]) and all(r["reviewed_by_name"] is None for r in d["reviews"]) and all(x["added_by_name"] is None for x in d["documents"])')" = True ] &&
	ok "its steps, reviews and documents answer no display name" || not_ok "names of a migrated case" "$out"
run user set-name "$officer" 王建国
expect_rc 0 "a migrated user takes a display name"
last=$(q seven.db "SELECT MAX(on_date) FROM case_steps WHERE case_id = $sub")
run case step "$sub" approve --today "$last" --as "$officer"
expect_rc 0 "and takes a step on a migrated case"
run case show "$sub" --json
[ "$(cs 'd["steps"][-1]["actor"] + " " + d["steps"][-1]["actor_name"]')" = "$officer 王建国" ] &&
	[ "$(cs 'sum(s["actor_name"] is not None for s in d["steps"])')" = 1 ] &&
	ok "the new step carries the user name and the display name; the migrated steps, by demo actors, none" || not_ok "new step" "$out"
[ "$(q seven.db "SELECT actor FROM case_steps WHERE case_id = $sub ORDER BY id DESC LIMIT 1")" = "$officer" ] && ok "the step records the user name" || not_ok "recorded actor"
run audit verify
expect_rc 0 "the audit chain verifies after 0008"

done_testing
