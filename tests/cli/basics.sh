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

for cmd in $("$GREENLANE" --help | awk '/^Commands:/{f=1;next} f && /^  [a-z]/{print $1}'); do
	run "$cmd" --help
	expect_rc 0 "$cmd --help exits 0"
	expect_match out "greenlane $cmd" "$cmd --help shows its synopsis"
	grep -q "^\.B greenlane\b.*\b$cmd\b\|^greenlane.*$cmd" "$SOURCE_ROOT/docs/greenlane.1" \
		&& ok "docs/greenlane.1 documents $cmd" || not_ok "docs/greenlane.1 documents $cmd"
done

run init
expect_rc 0 "init creates the database"
[ -f "$GREENLANE_DB" ] && ok "the database file exists" || not_ok "the database file exists"
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
