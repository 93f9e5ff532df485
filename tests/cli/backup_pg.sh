#!/usr/bin/env bash
# `greenlane backup` and `greenlane restore` of a PostgreSQL database (the PostgreSQL pass only):
# pg_dump's archive with the audit key and anchor log beside it, each its owner's only, verified in
# a scratch database before the command answers; never written over; a restore into an empty
# database that holds every row and verifies, with db.restore at the end of its chain; a database
# that holds data replaced only with --force; a dump whose key does not match refused with the
# target unchanged; no scratch database left behind; a password in the URL never printed.
. "$(dirname "$0")/lib.sh"
if [ -z "$TEST_PG_DB" ]; then
	echo "1..0 # SKIP PostgreSQL only (tests/cli/backup.sh is SQLite's)"
	exit 0
fi

# on_db NAME ARGS...: greenlane on the database NAME of the test's server, its key files in $WORK.
on_db() {
	local name=$1
	shift
	out=$(GREENLANE_DB=$(pg_url "$name") GREENLANE_AUDIT_KEY="$WORK/$name.key" GREENLANE_AUDIT_ANCHORS="$WORK/$name.anchors" \
		"$GREENLANE" "$@" 2>"$WORK/.stderr")
	rc=$?
	err=$(cat "$WORK/.stderr")
}
new_db() {
	psql "$GREENLANE_TEST_PG" -qX -c "CREATE DATABASE $1" >/dev/null || exit 1
	TEST_PG_COPIES="$TEST_PG_COPIES $1"
}
scratch_left() { psql "$GREENLANE_TEST_PG" -qAtX -c "SELECT COUNT(*) FROM pg_database WHERE datname LIKE 'greenlane_verify%'"; }

run demo
expect_rc 0 "a demo county on PostgreSQL"
records=$(sql "SELECT COUNT(*) FROM audit_log")

run backup "$WORK/county.dump"
expect_rc 0 "backed up"
expect_match out "审计记录 \\(audit records\\) $records 条已校验" "and verified, every record"
for f in county.dump county.dump.audit-key county.dump.audit-anchors; do
	[ "$(stat -c %a "$WORK/$f")" = 600 ] || not_ok "mode of $f" "$(stat -c %a "$WORK/$f")"
done
ok "the dump, its key and its anchor log are their owner's only"
[ ! -e "$WORK/county.dump.part" ] && ok "no part file is left" || not_ok "part left"
digest=$(b2sum -l 256 "$WORK/county.dump" | cut -d' ' -f1)
expect_match out "$digest" "the digest printed is the file's"
[ "$(scratch_left)" = 0 ] && ok "the scratch database is dropped" || not_ok "scratch left" "$(scratch_left)"
run backup "$WORK/county.dump"
expect_rc 1 "a backup never writes over a file"

# --- into a new, empty database
new_db "${TEST_PG_DB}_r"
on_db "${TEST_PG_DB}_r" restore "$WORK/county.dump"
expect_rc 0 "restored into an empty database"
on_db "${TEST_PG_DB}_r" audit verify
expect_rc 0 "which verifies"
on_db "${TEST_PG_DB}_r" audit list --limit 1
expect_match out 'db\.restore' "db.restore ends its chain"
for cmd in "case list --today 2022-07-01" "enterprise list --json" "ledger transfers --json"; do
	# shellcheck disable=SC2086
	run $cmd
	a=$out
	# shellcheck disable=SC2086
	on_db "${TEST_PG_DB}_r" $cmd
	[ -n "$a" ] && [ "$out" = "$a" ] && ok "the same answer: $cmd" || not_ok "the same answer: $cmd"
done
cmp -s "$WORK/county.dump.audit-key" "$WORK/${TEST_PG_DB}_r.key" && ok "the key came with it" || not_ok "key"

# --- over a database that holds data: only with --force
before=$(sql "SELECT COUNT(*) FROM audit_log")
run restore "$WORK/county.dump"
expect_rc 1 "a database that holds data is not replaced"
expect_match err 'force' "naming --force"
[ "$(sql "SELECT COUNT(*) FROM audit_log")" = "$before" ] && ok "and is unchanged" || not_ok "changed"
run restore "$WORK/county.dump" --force
expect_rc 0 "with --force it is"
run audit verify
expect_rc 0 "and verifies"

# --- a dump whose key does not match: refused, nothing written
new_db "${TEST_PG_DB}_k"
cp "$WORK/county.dump" "$WORK/wrong.dump"
cp "$WORK/county.dump.audit-anchors" "$WORK/wrong.dump.audit-anchors"
{ head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; printf '\nkeyed-from 1\n'; } >"$WORK/wrong.dump.audit-key"
on_db "${TEST_PG_DB}_k" restore "$WORK/wrong.dump"
expect_rc 1 "a dump with another key is refused"
expect_match err 'does not verify|不符|broken|mismatch' "the verification names the break"
[ "$(psql "$(pg_url "${TEST_PG_DB}_k")" -qAtX -c "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'")" = 0 ] &&
	[ ! -e "$WORK/${TEST_PG_DB}_k.key" ] && ok "the target holds nothing of it" || not_ok "written"
[ "$(scratch_left)" = 0 ] && ok "no scratch database is left" || not_ok "scratch left"
on_db "${TEST_PG_DB}_k" restore "$WORK/none.dump"
expect_rc 1 "a missing dump is refused"

# --- a password in the URL is never printed (the throwaway server trusts its socket)
secret_url=$(printf '%s' "$GREENLANE_DB" | sed 's#^postgresql:///#postgresql://postgres:s3cret-word@/#')
GREENLANE_DB=$secret_url run init
expect_rc 0 "a URL with a password opens"
[[ "$out" != *s3cret-word* ]] && [[ "$out" == *"postgresql://postgres@/"* ]] && ok "the password is left out of what init prints" || not_ok "password shown" "$out"
GREENLANE_DB=$secret_url run copy --to "$WORK/printed.db"
[[ "$out$err" != *s3cret-word* ]] && ok "and out of what copy prints" || not_ok "password shown by copy" "$out $err"

done_testing
