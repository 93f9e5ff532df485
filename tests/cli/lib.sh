# Shared helpers for the tests that run the built greenlane binary. Each test file sources this,
# calls the check functions, and ends with `done_testing`; output is TAP, read by `meson test`.
# $GREENLANE is the binary; every test works in a fresh temporary directory that is removed at exit.
set -u
tap_n=0
tap_failed=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export GREENLANE_DB="$WORK/test.db"

ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
not_ok() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do echo "# $line"; done
}

# run CMD...: runs greenlane with the arguments, keeping stdout in $out, stderr in $err, status in $rc.
run() {
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
