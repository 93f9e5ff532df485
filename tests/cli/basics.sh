#!/usr/bin/env bash
# The command line's contract: --version, --help on every command, exit statuses, init, audit verify.
. "$(dirname "$0")/lib.sh"

run --version
expect_rc 0 "--version exits 0"
expect_match out '^greenlane [0-9]+\.[0-9]+\.[0-9]+$' "--version prints the version"

run --help
expect_rc 0 "--help exits 0"
expect_match out 'Usage: greenlane \[--db URL\] COMMAND' "--help prints the synopsis"

run
expect_rc 2 "no command is a usage error"

run no-such-command
expect_rc 2 "an unknown command is a usage error"
expect_match err 'unknown command' "an unknown command is named"

sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/^\.[A-Z][A-Z]* //' "$SOURCE_ROOT/docs/greenlane.1" |
	tr -s ' ' >"$WORK/man.txt"
for cmd in $("$GREENLANE" --help | awk '/^Commands:/{f=1;next} f && /^  [a-z]/{print $1}'); do
	run "$cmd" --help
	expect_rc 0 "$cmd --help exits 0"
	expect_match out "greenlane $cmd" "$cmd --help shows its synopsis"
	# Every synopsis line of the command's --help stands in the man page (roff markup removed).
	while read -r line; do
		[ -n "$line" ] || continue
		line=$(printf '%s' "$line" | tr -s ' ')
		grep -qF -- "$line" "$WORK/man.txt" && ok "docs/greenlane.1 has: $line" ||
			not_ok "docs/greenlane.1 has: $line"
	done < <(printf '%s\n' "$out" | awk '/^Usage:/{f=1;next} f && /^  greenlane/{sub(/^  /,""); print}')
done

run init
expect_rc 0 "init creates the database"
if [ -z "$TEST_PG_DB" ]; then
	[ -f "$GREENLANE_DB" ] && ok "the database file exists" || not_ok "the database file exists"
else
	[ "$(sql "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'audit_log'")" = 1 ] &&
		ok "the database has its tables" || not_ok "the database has its tables"
fi
run init
expect_rc 0 "init is idempotent"

run --db "$WORK/other.db" init
expect_rc 0 "--db selects another database"
[ -f "$WORK/other.db" ] && ok "--db wrote where it was told" || not_ok "--db wrote where it was told"

run --db postgresql://localhost/x init
expect_rc 1 "an unavailable backend is a failure, not a crash"

run audit verify
expect_rc 0 "audit verify on an empty trail"
run audit frobnicate
expect_rc 2 "audit with an unknown subcommand is a usage error"

done_testing
