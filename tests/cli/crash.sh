#!/usr/bin/env bash
# A crash at any moment loses no committed work and leaves no half-done import: greenlane is killed
# with SIGKILL in the middle of large imports, and the database must hold either all of an import or
# none of it (with its audit record to match), pass SQLite's integrity check, keep an intact audit
# chain and its secondary indexes (a large import drops and makes them again in its transaction),
# and accept the import again.
#
# Where the kill lands is not left to luck: each import is first timed to its end on a copy of the
# database, then run again and killed as soon as its write-ahead log has grown (it is writing) or 80%
# of that time has passed, whichever comes first; if it still ended before the kill, the database is
# put back and the kill comes earlier.
. "$(dirname "$0")/lib.sh"
only_on_sqlite "it is about SQLite's files"

rows=60000
mkdir -p "$WORK/big"
"$GEN_REGISTRY" --years 1 "$rows" "$WORK/big" >/dev/null || { not_ok "generate $rows rows"; done_testing; exit; }
annual_rows=$(($(wc -l <"$WORK/big/annual.csv") - 1))
run init
expect_rc 0 "init"

count() { sql "SELECT count(*) FROM $1"; }
now_ms() { date +%s%3N; }

# snapshot NAME / restore NAME: keep and put back the whole database while no greenlane runs.
# A database is kept with its audit anchor log (what it published belongs with it).
snapshot() {
	sql ".backup '$WORK/$1.snap'"
	if [ -f "$AUDIT_ANCHORS" ]; then cp "$AUDIT_ANCHORS" "$WORK/$1.anchors"; else rm -f "$WORK/$1.anchors"; fi
}
restore() {
	rm -f "$GREENLANE_DB" "$GREENLANE_DB-wal" "$GREENLANE_DB-shm" "$AUDIT_ANCHORS"
	cp "$WORK/$1.snap" "$GREENLANE_DB"
	if [ -f "$WORK/$1.anchors" ]; then cp "$WORK/$1.anchors" "$AUDIT_ANCHORS"; fi
}

# crash_import SNAPSHOT ARGS...: times greenlane ARGS to its end on the snapshot, then puts the
# snapshot back and kills a new run mid-way as described above. Returns 0 once a run was killed
# while it was still running.
crash_import() {
	local snap=$1 t0 full limit pid attempt
	shift
	restore "$snap"
	t0=$(now_ms)
	"$GREENLANE" "$@" >/dev/null 2>&1
	full=$(($(now_ms) - t0))
	limit=$((full * 8 / 10))
	for attempt in 1 2 3 4 5 6; do
		restore "$snap"
		"$GREENLANE" "$@" >/dev/null 2>&1 &
		pid=$!
		t0=$(now_ms)
		while kill -0 "$pid" 2>/dev/null; do
			size=$(stat -c %s "$GREENLANE_DB-wal" 2>/dev/null || echo 0)
			[ "$size" -gt 1000000 ] && break
			[ $(($(now_ms) - t0)) -ge "$limit" ] && break
			sleep 0.01
		done
		if kill -9 "$pid" 2>/dev/null; then
			wait "$pid" 2>/dev/null
			return 0
		fi
		wait "$pid" 2>/dev/null
		limit=$((limit / 2))
	done
	return 1
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

check_consistent() {
	[ "$(sql 'PRAGMA integrity_check')" = ok ] &&
		ok "$1: integrity check passes" || not_ok "$1: integrity check passes"
	run audit verify
	expect_rc 0 "$1: the audit chain is intact"
	# A large import makes the secondary indexes after its rows, in its transaction: whatever
	# the kill interrupted, they are all there.
	[ "$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('enterprises_industry', 'annual_figures_year') ORDER BY name)")" = "annual_figures_year enterprises_industry" ] &&
		ok "$1: the secondary indexes are there" || not_ok "$1: the secondary indexes are there"
}

# --- the enterprise import, killed
snapshot empty
audit_before=$(count audit_log)
crash_import empty import enterprises "$WORK/big/enterprises.csv" &&
	ok "the enterprise import was killed while it ran" ||
	not_ok "the enterprise import was killed while it ran" "it always ended first"
all_or_nothing enterprises "$rows" "$audit_before" "a killed enterprise import"
check_consistent "after the killed enterprise import"

run import enterprises "$WORK/big/enterprises.csv"
expect_rc 0 "the same import then succeeds"
n=$(count enterprises)
[ "$n" -eq "$rows" ] && ok "all $rows enterprises are there" || not_ok "all $rows enterprises are there" "found $n"

# --- the annual import, killed, on top of committed enterprises
snapshot registry
committed_audit=$(count audit_log)
crash_import registry import annual "$WORK/big/annual.csv" &&
	ok "the annual import was killed while it ran" ||
	not_ok "the annual import was killed while it ran" "it always ended first"
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
check_consistent "after the large imports"

# A large import with a bad last line: nothing of it, its line named, the indexes as they were.
{ cat "$WORK/big/enterprises.csv"; echo "91130131MA0000000X,坏行,steel_long,平山镇,A,1,1,1"; } >"$WORK/bad.csv"
before=$(sql "SELECT COUNT(*) FROM enterprises")
run import enterprises "$WORK/bad.csv"
expect_rc 1 "a large import with a bad last line fails"
expect_match err "bad.csv:$((rows + 2))" "naming that line"
[ "$(sql "SELECT COUNT(*) FROM enterprises")" = "$before" ] && ok "and writes nothing" || not_ok "rows changed"
check_consistent "after the failed large import"

done_testing
