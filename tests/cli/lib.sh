# Shared helpers for the tests that run the built greenlane binary. Each test file sources this,
# calls the check functions, and ends with `done_testing`; output is TAP, read by `meson test`.
# $GREENLANE is the binary; every test works in a fresh temporary directory that is removed at exit.
set -u
tap_n=0
tap_failed=0
WORK=$(mktemp -d)
trap 'drop_test_db; rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export GREENLANE_DB="$WORK/test.db"

# On PostgreSQL: when GREENLANE_TEST_PG names a server (a URL; scripts/test.sh starts a throwaway
# one), each test gets a database of its own on it, dropped at exit, and its audit key and anchor
# log in $WORK. $AUDIT_KEY and $AUDIT_ANCHORS name them on either backend.
TEST_PG_DB= TEST_PG_COPIES=
pg_url() { printf '%s' "$GREENLANE_TEST_PG" | sed -E "s#^(postgres(ql)?://[^/]*/)[^?]*#\1$1#"; }
drop_test_db() {
	local db
	[ -n "$TEST_PG_DB" ] || return 0
	for db in $TEST_PG_DB $TEST_PG_COPIES; do
		psql "$GREENLANE_TEST_PG" -qX -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
	done
}
if [ -n "${GREENLANE_TEST_PG:-}" ]; then
	TEST_PG_DB="t_$(basename "$0" .sh)_$$_$RANDOM"
	psql "$GREENLANE_TEST_PG" -qX -c "CREATE DATABASE $TEST_PG_DB" >/dev/null ||
		{ echo "Bail out! cannot create a database on $GREENLANE_TEST_PG"; exit 1; }
	# group_concat as SQLite has it, for the tests' own queries.
	psql "$(pg_url "$TEST_PG_DB")" -qX -v ON_ERROR_STOP=1 >/dev/null <<'SQL' ||
CREATE FUNCTION group_concat_step(acc text, x anyelement, sep text) RETURNS text LANGUAGE sql IMMUTABLE
	AS $$ SELECT CASE WHEN x IS NULL THEN acc WHEN acc IS NULL THEN x::text ELSE acc || sep || x::text END $$;
CREATE FUNCTION group_concat_step(acc text, x anyelement) RETURNS text LANGUAGE sql IMMUTABLE
	AS $$ SELECT group_concat_step(acc, x, ',') $$;
CREATE AGGREGATE group_concat(anyelement, text) (SFUNC = group_concat_step, STYPE = text);
CREATE AGGREGATE group_concat(anyelement) (SFUNC = group_concat_step, STYPE = text);
SQL
		{ echo "Bail out! cannot create group_concat in $TEST_PG_DB"; exit 1; }
	GREENLANE_DB=$(pg_url "$TEST_PG_DB")
	export GREENLANE_AUDIT_KEY="$WORK/test.db.audit-key" GREENLANE_AUDIT_ANCHORS="$WORK/test.db.audit-anchors"
fi
AUDIT_KEY="${GREENLANE_AUDIT_KEY:-$GREENLANE_DB.audit-key}"
AUDIT_ANCHORS="${GREENLANE_AUDIT_ANCHORS:-$GREENLANE_DB.audit-anchors}"

# sql [QUERY]: runs QUERY (or standard input) on the test's database, with sqlite3 or psql; rows
# print as sqlite3 prints them by default: columns joined by "|", NULL empty.
sql() {
	if [ -n "$TEST_PG_DB" ]; then
		if [ $# -gt 0 ]; then
			psql "$GREENLANE_DB" -qAtX -v ON_ERROR_STOP=1 -c "$1"
		else
			psql "$GREENLANE_DB" -qAtX -v ON_ERROR_STOP=1
		fi
	else
		sqlite3 "$GREENLANE_DB" "$@"
	fi
}

# only_on_sqlite WHY: ends a test that is about SQLite's files (skipped on PostgreSQL).
only_on_sqlite() {
	if [ -n "$TEST_PG_DB" ]; then
		echo "1..0 # SKIP $1"
		exit 0
	fi
}

ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
not_ok() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do echo "# $line"; done
}

# run CMD...: runs greenlane with the arguments, keeping stdout in $out, stderr in $err, status in $rc.
run() {
	if [ "${1:-}" = --db ] && [ -n "$TEST_PG_DB" ]; then
		# another database (a file): its audit key and anchor log beside it, not the test's own
		out=$(env -u GREENLANE_AUDIT_KEY -u GREENLANE_AUDIT_ANCHORS "$GREENLANE" "$@" 2>"$WORK/.stderr")
		rc=$?
		err=$(cat "$WORK/.stderr")
		return
	fi
	out=$("$GREENLANE" "$@" 2>"$WORK/.stderr")
	rc=$?
	err=$(cat "$WORK/.stderr")
}

# expect_rc N DESCRIPTION: the last run exited with N.
expect_rc() {
	if [ "$rc" -eq "$1" ]; then ok "$2"; else not_ok "$2" "exit $rc, wanted $1" "stdout: $out" "stderr: $err"; fi
}

# expect_out TEXT DESCRIPTION: the last run's stdout is exactly TEXT.
expect_out() {
	if [ "$out" = "$1" ]; then ok "$2"; else not_ok "$2" "stdout: '$out'" "wanted: '$1'" "stderr: $err"; fi
}

# expect_match WHERE REGEX DESCRIPTION: stdout (WHERE=out) or stderr (WHERE=err) matches REGEX.
expect_match() {
	local text
	if [ "$1" = out ]; then text=$out; else text=$err; fi
	if printf '%s' "$text" | grep -Eq -- "$2"; then ok "$3"; else not_ok "$3" "$1: $text" "wanted /$2/"; fi
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# save_db NAME: keeps a copy of the test's database as it is now; restore_db NAME puts it back.
save_db() {
	if [ -n "$TEST_PG_DB" ]; then
		psql "$GREENLANE_TEST_PG" -qX -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
			-c "DROP DATABASE IF EXISTS ${TEST_PG_DB}_$1" \
			-c "CREATE DATABASE ${TEST_PG_DB}_$1 TEMPLATE $TEST_PG_DB" >/dev/null || exit 1
		TEST_PG_COPIES="$TEST_PG_COPIES ${TEST_PG_DB}_$1"
	else
		cp "$GREENLANE_DB" "$WORK/$1.db" || exit 1
	fi
}
restore_db() {
	if [ -n "$TEST_PG_DB" ]; then
		psql "$GREENLANE_TEST_PG" -qX -v ON_ERROR_STOP=1 -c "DROP DATABASE $TEST_PG_DB WITH (FORCE)" \
			-c "CREATE DATABASE $TEST_PG_DB TEMPLATE ${TEST_PG_DB}_$1" >/dev/null || exit 1
	else
		cp "$WORK/$1.db" "$GREENLANE_DB" || exit 1
		rm -f "$GREENLANE_DB-wal" "$GREENLANE_DB-shm"
	fi
}

# db_dump: the whole database as SQL text, to compare before and after (on PostgreSQL its lines
# sorted, rows being in no set order, without the sequences' positions, which a rollback keeps,
# and without the random key of pg_dump's \restrict lines).
db_dump() {
	if [ -n "$TEST_PG_DB" ]; then
		pg_dump --inserts --no-owner --no-privileges "$GREENLANE_DB" |
			grep -v '^SELECT pg_catalog\.setval(\|^\\\(un\)\?restrict ' |
			sed 's/^INSERT INTO public\./INSERT INTO /' | LC_ALL=C sort
	else
		sqlite3 "$GREENLANE_DB" .dump
	fi
}
