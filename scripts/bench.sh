#!/usr/bin/env bash
# Builds the optimized program and runs every benchmark in bench/: the programs bench_NAME.c and
# the scripts NAME.sh, each of which prints its figures beside a baseline measured in the same run,
# as a ratio. `scripts/bench.sh WORD` runs only the benchmarks whose name contains WORD.
set -euo pipefail
cd "$(dirname "$0")/.."
filter=${1:-}
[ -f build-release/build.ninja ] || meson setup build-release --buildtype=release >/dev/null
meson compile -C build-release >/dev/null
export BUILD=build-release
status=0
for bench in bench/bench_*.c bench/*.sh; do
	[ -e "$bench" ] || continue
	name=$(basename "${bench%.*}")
	[[ -z "$filter" || "$name" == *"$filter"* ]] || continue
	echo "== $name"
	case "$bench" in
	*.c) "build-release/bench/$name" || status=1 ;;
	*.sh) "$bench" || status=1 ;;
	esac
done
exit $status
