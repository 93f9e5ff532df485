#!/usr/bin/env bash
# Builds the optimized program and runs every benchmark in bench/ (bench_NAME.c), each of which
# prints its figures beside a baseline measured in the same run, as a ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build-release/build.ninja ] || meson setup build-release --buildtype=release >/dev/null
meson compile -C build-release >/dev/null
status=0
for src in bench/bench_*.c; do
	name=$(basename "$src" .c)
	echo "== $name"
	"build-release/bench/$name" || status=1
done
exit $status
