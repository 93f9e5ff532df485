#!/usr/bin/env bash
# One command from a fresh machine to a passing test suite: installs what is missing, builds, checks
# the formatting, runs every test in the normal build and again under AddressSanitizer and
# UndefinedBehaviorSanitizer, and prints the totals as "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1

status=0
passed=0
failed=0

# count BUILD_DIR: adds the TAP results of the last `meson test` in BUILD_DIR to the totals.
count() {
	local log="$1/meson-logs/testlog.txt" p f
	p=$(grep -cE '^ok [0-9]+' "$log" || true)
	f=$(grep -cE '^not ok [0-9]+' "$log" || true)
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

echo "== tests under AddressSanitizer and UndefinedBehaviorSanitizer"
[ -f build-asan/build.ninja ] ||
	meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
meson compile -C build-asan >/dev/null || status=1
meson test -C build-asan --print-errorlogs --num-processes 2 || status=1
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
