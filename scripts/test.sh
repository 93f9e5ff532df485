#!/usr/bin/env bash
# One command from a fresh machine to a passing test suite: installs what is missing, builds, checks
# the formatting, runs every test in the normal build, the database's, CLI and API tests again on a
# throwaway PostgreSQL server, every test but the browser's under AddressSanitizer and
# UndefinedBehaviorSanitizer, and prints the totals as "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1

status=0
passed=0
failed=0

# count BUILD_DIR: adds the results of the last `meson test` in BUILD_DIR to the totals: each TAP
# case ("ok" / "not ok"), and one failure more for a test program that failed without saying which
# case (it crashed, was killed by a sanitizer, or timed out).
count() {
	local p f
	read -r p f < <(python3 - "$1/meson-logs/testlog.json" <<'PY'
import json, re, sys
passed = failed = 0
for line in open(sys.argv[1], encoding="utf-8"):
    t = json.loads(line)
    out = t.get("stdout") or ""
    p = len(re.findall(r"^ok \d+", out, re.M))
    f = len(re.findall(r"^not ok \d+", out, re.M))
    if t.get("result") not in ("OK", "SKIP", "EXPECTEDFAIL") and f == 0:
        f = 1
    passed += p
    failed += f
print(passed, failed)
PY
	)
	passed=$((passed + p))
	failed=$((failed + f))
}

echo "== format (clang-format)"
unformatted=$(git ls-files '*.c' '*.h' | xargs clang-format --dry-run 2>&1 | grep -c warning || true)
if [ "$unformatted" -ne 0 ]; then
	git ls-files '*.c' '*.h' | xargs clang-format --dry-run 2>&1 | grep warning | head -n 20
	echo "format: $unformatted places differ from .clang-format"
	failed=$((failed + 1))
	status=1
else
	passed=$((passed + 1))
fi

echo "== tests"
meson test -C build --print-errorlogs --num-processes 2 || status=1
count build

echo "== the tests of the database again on PostgreSQL (a throwaway server of scripts/pg.sh)"
pgdir=$(mktemp -d /tmp/greenlane-pg-XXXXXX)
trap 'scripts/pg.sh stop "$pgdir" >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
if pg_url=$(scripts/pg.sh start "$pgdir"); then
	export GREENLANE_TEST_PG="$pg_url"
	meson test -C build db --print-errorlogs || status=1
	count build
	meson test -C build --suite cli --suite api --print-errorlogs --num-processes 2 || status=1
	count build
	unset GREENLANE_TEST_PG
else
	echo "PostgreSQL: the throwaway server did not start"
	failed=$((failed + 1))
	status=1
fi

echo "== tests under AddressSanitizer and UndefinedBehaviorSanitizer (the browser test runs in the normal build)"
[ -f build-asan/build.ninja ] ||
	meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
meson compile -C build-asan >/dev/null || status=1
meson test -C build-asan --no-suite e2e --print-errorlogs --num-processes 2 || status=1
count build-asan

echo "== release build (-O3, the configuration the benchmarks use)"
[ -f build-release/build.ninja ] || meson setup build-release --buildtype=release >/dev/null
if meson compile -C build-release >build-release.log 2>&1; then
	passed=$((passed + 1))
else
	grep -E 'error|FAILED' build-release.log | head -n 20
	failed=$((failed + 1))
	status=1
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
