#!/usr/bin/env bash
# A crash at any moment loses no committed work and leaves no half-done import: greenlane is killed
# with SIGKILL in the middle of large imports, and the database must hold either all of an import or
# none of it, pass SQLite's integrity check, keep an intact audit chain, and accept the import again.
. "$(dirname "$0")/lib.sh"

rows=60000
mkdir -p "$WORK/big"
"$GEN_REGISTRY" --years 1 "$rows" "$WORK/big" >/dev/null || { not_ok "generate $rows rows"; done_testing; exit; }
run init
expect_rc 0 "init"

count() { sqlite3 "$GREENLANE_DB" "SELECT count(*) FROM $1"; }

# kill_mid_write ARGS...: starts greenlane ARGS, kills it with SIGKILL once its write-ahead log has
# grown (the import transaction is writing), and says whether it was caught in the middle.
kill_mid_write() {
	"$GREENLANE" "$@" >/dev/null 2>&1 &
	local pid=$! waited=0
	while kill -0 "$pid" 2>/dev/null; do
		size=$(stat -c %s "$GREENLANE_DB-wal" 2>/dev/null || echo 0)
		[ "$size" -gt 2000000 ] && break
		sleep 0.02
		waited=$((waited + 1))
		[ "$waited" -gt 3000 ] && break
	done
	if kill -9 "$pid" 2>/dev/null; then
		wait "$pid" 2>/dev/null
		return 0
	fi
	wait "$pid" 2>/dev/null
	return 1
}

check_consistent() {
	local what=$1
	[ "$(sqlite3 "$GREENLANE_DB" 'PRAGMA integrity_check')" = ok ] &&
		ok "$what: integrity check passes" || not_ok "$what: integrity check passes"
	run audit verify
	expect_rc 0 "$what: the audit chain is intact"
}

# all_or_nothing TABLE ROWS AUDIT_BEFORE WHAT: after a kill, TABLE holds no row and the audit trail
# is as before, or TABLE holds all ROWS and the import's audit record is there.
all_or_nothing() {
	local n audit
	n=$(count "$1")
	audit=$(count audit_log)
	if [ "$n" -eq 0 ] && [ "$audit" -eq "$3" ]; then
		ok "$4: nothing of it is there, nor its audit record"
	elif [ "$n" -eq "$2" ] && [ "$audit" -eq $(($3 + 1)) ]; then
		ok "$4: all of it is there, with its audit record"
	else
		not_ok "$4: all or nothing" "$n of $2 rows, $audit audit records (before: $3)"
	fi
}

audit_before=$(count audit_log)
if kill_mid_write import enterprises "$WORK/big/enterprises.csv"; then
	ok "the enterprise import was killed while writing"
else
	not_ok "the enterprise import was killed while writing" "it ended before the kill"
fi
all_or_nothing enterprises "$rows" "$audit_before" "a killed enterprise import"
check_consistent "after the killed enterprise import"

run import enterprises "$WORK/big/enterprises.csv"
expect_rc 0 "the same import then succeeds"
n=$(count enterprises)
[ "$n" -eq "$rows" ] && ok "all $rows enterprises are there" || not_ok "all $rows enterprises are there" "found $n"

committed_audit=$(count audit_log)
annual_rows=$(($(wc -l <"$WORK/big/annual.csv") - 1))
if kill_mid_write import annual "$WORK/big/annual.csv"; then
	ok "the annual import was killed while writing"
else
	not_ok "the annual import was killed while writing" "it ended before the kill"
fi
all_or_nothing annual_figures "$annual_rows" "$committed_audit" "a killed annual import"
n=$(count enterprises)
[ "$n" -eq "$rows" ] && ok "the committed enterprises survive the crash" ||
	not_ok "the committed enterprises survive the crash" "found $n"
check_consistent "after the killed annual import"

run import annual "$WORK/big/annual.csv"
expect_rc 0 "the annual import then succeeds"
n=$(count annual_figures)
[ "$n" -eq "$annual_rows" ] && ok "all $annual_rows annual rows are there" ||
	not_ok "all $annual_rows annual rows are there" "found $n"

done_testing
