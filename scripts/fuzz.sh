#!/usr/bin/env bash
# Fuzzes one target of tests/fuzz with libFuzzer: builds the libraries with clang under
# AddressSanitizer and UndefinedBehaviorSanitizer in build-fuzz/, links tests/fuzz/fuzz_NAME.c with
# libFuzzer and runs it for SECONDS (default 60) from a copy of the committed corpus. New inputs go to
# build-fuzz/corpus/NAME; a crashing input is written to build-fuzz/crash-NAME-*.
# Usage: scripts/fuzz.sh NAME [SECONDS]   (NAME: amount, calendar, csv, http, http_request,
#        pack_writer, pdf, policy_json, uscc, xlsx)
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/fuzz.sh NAME [SECONDS]}"
seconds="${2:-60}"
[ -f "tests/fuzz/fuzz_$name.c" ] || { echo "no target tests/fuzz/fuzz_$name.c" >&2; exit 2; }

san=address,undefined
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz --buildtype=debugoptimized -Dwerror=false \
		-Db_sanitize=$san -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link >/dev/null
fi
ninja -C build-fuzz src/libgreenlane.a src/libgreenlane_core.a >/dev/null
clang -g -O1 -fsanitize=fuzzer,$san -fno-sanitize-recover=undefined -Isrc -Itests/fuzz \
	-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(pkg-config --cflags jansson pangocairo) \
	"tests/fuzz/fuzz_$name.c" build-fuzz/src/libgreenlane.a build-fuzz/src/libgreenlane_core.a \
	$(pkg-config --libs sqlite3 libsodium jansson libmicrohttpd xlsxwriter cairo pangocairo fontconfig) \
	-lm \
	-o "build-fuzz/fuzz_$name"

mkdir -p "build-fuzz/corpus/$name"
cp -n "tests/fuzz/corpus/$name"/* "build-fuzz/corpus/$name"/
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
leaks_each_input=1
case "$name" in
http_request | pdf)
	# They write PDFs. cairo's one leak per document is suppressed by name (tests/lsan.supp, as
	# for the tests), which needs whole stacks. And the fonts pango loads for a thread that writes
	# (fontconfig's configuration) look unreachable to LeakSanitizer while the process runs, yet
	# are all freed at its end (pdf_release_fonts): leaks are looked for once, when the run ends.
	export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:fast_unwind_on_malloc=0"
	leaks_each_input=0
	;;
esac
"build-fuzz/fuzz_$name" -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=1024 \
	-detect_leaks=$leaks_each_input -print_final_stats=1 -artifact_prefix="build-fuzz/crash-$name-" \
	"build-fuzz/corpus/$name"
