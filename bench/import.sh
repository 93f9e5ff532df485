#!/usr/bin/env bash
# Import benchmark: N enterprises (default 1,000,000) and one year of their annual figures, written
# by bench/gen_registry as CSV, imported with `greenlane import enterprises` and `import annual`
# into a fresh database, beside the baseline of the same run: sqlite3's `.import` of the same files
# into plain tables. Prints seconds, rows/s, the ratio greenlane/sqlite3 and the peak RSS of each;
# then the same on PostgreSQL (a throwaway server of scripts/pg.sh): greenlane's import, which
# sends a new table's rows by COPY, beside psql's \copy of the same files.
#
#   bench/import.sh [N]        (BUILD=build-release by default; scripts/bench.sh builds it)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
build=${BUILD:-build-release}
greenlane=$build/greenlane
gen=$build/bench/gen_registry
for tool in "$greenlane" "$gen"; do
	[ -x "$tool" ] || { echo "import.sh: $tool is missing; run scripts/bench.sh" >&2; exit 1; }
done
command -v sqlite3 >/dev/null || { echo "import.sh: sqlite3 is missing" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$gen" --years 1 --first-year 2025 "$n" "$work" >/dev/null
ent_rows=$(($(wc -l <"$work/enterprises.csv") - 1))
ann_rows=$(($(wc -l <"$work/annual.csv") - 1))
"$greenlane" --db "$work/greenlane.db" init >/dev/null

# measure NAME CMD...: runs CMD, keeping its wall seconds in secs[NAME] and peak RSS (KiB) in
# rss[NAME]. Uses GNU time when installed, else the shell's clock and no RSS. Each run begins
# after a sync, so that none pays for writing back what the one before it (or the generator) left
# in the page cache.
declare -A secs rss
measure() {
	local name=$1 t0 t1
	shift
	sync
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null
		read -r secs[$name] rss[$name] <"$work/time"
	else
		t0=$(date +%s.%N)
		"$@" >/dev/null
		t1=$(date +%s.%N)
		secs[$name]=$(echo "$t1 - $t0" | bc -l)
		rss[$name]=0
	fi
}

measure gl_ent "$greenlane" --db "$work/greenlane.db" import enterprises "$work/enterprises.csv"
measure gl_ann "$greenlane" --db "$work/greenlane.db" import annual "$work/annual.csv"
measure sq_ent sqlite3 "$work/plain.db" ".mode csv" ".import $work/enterprises.csv enterprises"
measure sq_ann sqlite3 "$work/plain.db" ".mode csv" ".import $work/annual.csv annual"
# A second baseline: sqlite3's .import into tables with greenlane's primary keys (the USCC; the
# USCC and year), which cost the random-order key's B-tree that any import into the real schema pays.
sqlite3 "$work/keyed.db" "CREATE TABLE enterprises (uscc TEXT PRIMARY KEY, name TEXT, industry TEXT, township TEXT, grade TEXT, air_emitter INTEGER, key_air_emitter INTEGER, positive_list INTEGER);
CREATE TABLE annual (uscc TEXT NOT NULL, year INTEGER NOT NULL, tax TEXT, rd TEXT, revenue TEXT, so2 TEXT, nox TEXT, pm TEXT, vocs TEXT, cod TEXT, nh3n TEXT, PRIMARY KEY (uscc, year));"
measure sk_ent sqlite3 "$work/keyed.db" ".mode csv" ".import --skip 1 $work/enterprises.csv enterprises"
measure sk_ann sqlite3 "$work/keyed.db" ".mode csv" ".import --skip 1 $work/annual.csv annual"

loaded=$(sqlite3 "$work/greenlane.db" "SELECT (SELECT count(*) FROM enterprises) || ' ' || (SELECT count(*) FROM annual_figures)")
[ "$loaded" = "$ent_rows $ann_rows" ] || { echo "import.sh: greenlane loaded $loaded, wanted $ent_rows $ann_rows" >&2; exit 1; }

echo "import of $ent_rows enterprises and $ann_rows annual rows (one year); baseline: sqlite3 .import into plain tables"
printf '%-16s %10s %12s %10s %12s %8s %14s %14s\n' file greenlane_s rows/s sqlite3_s rows/s ratio greenlane_RSS sqlite3_RSS
row() {
	awk -v f="$1" -v n="$2" -v g="$3" -v s="$4" -v gr="$5" -v sr="$6" 'BEGIN {
		if (g <= 0) g = 0.01; if (s <= 0) s = 0.01
		printf "%-16s %10.2f %12.0f %10.2f %12.0f %7.1fx %11.0f MB %11.0f MB\n", f, g, n / g, s, n / s, g / s, gr / 1024, sr / 1024
	}'
}
row enterprises "$ent_rows" "${secs[gl_ent]}" "${secs[sq_ent]}" "${rss[gl_ent]}" "${rss[sq_ent]}"
row annual "$ann_rows" "${secs[gl_ann]}" "${secs[sq_ann]}" "${rss[gl_ann]}" "${rss[sq_ann]}"
tot_gl=$(awk -v a="${secs[gl_ent]}" -v b="${secs[gl_ann]}" 'BEGIN { print a + b }')
tot_sq=$(awk -v a="${secs[sq_ent]}" -v b="${secs[sq_ann]}" 'BEGIN { print a + b }')
max_gl=$((rss[gl_ent] > rss[gl_ann] ? rss[gl_ent] : rss[gl_ann]))
max_sq=$((rss[sq_ent] > rss[sq_ann] ? rss[sq_ent] : rss[sq_ann]))
row total $((ent_rows + ann_rows)) "$tot_gl" "$tot_sq" "$max_gl" "$max_sq"
echo
echo "the same, beside sqlite3 .import into tables with greenlane's primary keys"
printf '%-16s %10s %12s %10s %12s %8s %14s %14s\n' file greenlane_s rows/s sqlite3_s rows/s ratio greenlane_RSS sqlite3_RSS
row enterprises "$ent_rows" "${secs[gl_ent]}" "${secs[sk_ent]}" "${rss[gl_ent]}" "${rss[sk_ent]}"
row annual "$ann_rows" "${secs[gl_ann]}" "${secs[sk_ann]}" "${rss[gl_ann]}" "${rss[sk_ann]}"
tot_sk=$(awk -v a="${secs[sk_ent]}" -v b="${secs[sk_ann]}" 'BEGIN { print a + b }')
max_sk=$((rss[sk_ent] > rss[sk_ann] ? rss[sk_ent] : rss[sk_ann]))
row total $((ent_rows + ann_rows)) "$tot_gl" "$tot_sk" "$max_gl" "$max_sk"

# PostgreSQL, when its server programs are installed: the same files imported by greenlane into a
# database of a throwaway server (scripts/pg.sh), through COPY, beside psql's \copy of the same
# files into plain tables of another database of the same server, in the same run.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	echo "(PostgreSQL: not installed; skipped)"
	exit 0
fi
chmod 755 "$work" # the server's own user reaches its folder in it
pg_url=$(scripts/pg.sh start "$work/pg")
trap 'scripts/pg.sh stop "$work/pg" >/dev/null 2>&1; rm -rf "$work"' EXIT
url_of() { printf '%s' "$pg_url" | sed -E "s#^(postgresql://[^/]*/)[^?]*#\\1$1#"; }
psql "$pg_url" -qX -c 'CREATE DATABASE gl' -c 'CREATE DATABASE plain'
export GREENLANE_AUDIT_KEY="$work/pg.audit-key" GREENLANE_AUDIT_ANCHORS="$work/pg.audit-anchors"
gl_pg=$(url_of gl)
"$greenlane" --db "$gl_pg" init >/dev/null
psql "$(url_of plain)" -qX -c "CREATE TABLE enterprises (uscc text, name text, industry text, township text, grade text, air_emitter text, key_air_emitter text, positive_list text)" \
	-c "CREATE TABLE annual (uscc text, year text, tax text, rd text, revenue text, so2 text, nox text, pm text, vocs text, cod text, nh3n text)"
measure pg_gl_ent "$greenlane" --db "$gl_pg" import enterprises "$work/enterprises.csv"
measure pg_gl_ann "$greenlane" --db "$gl_pg" import annual "$work/annual.csv"
measure pg_ps_ent psql "$(url_of plain)" -qX -c "\\copy enterprises FROM '$work/enterprises.csv' WITH (FORMAT csv, HEADER true)"
measure pg_ps_ann psql "$(url_of plain)" -qX -c "\\copy annual FROM '$work/annual.csv' WITH (FORMAT csv, HEADER true)"
loaded=$(psql "$gl_pg" -qAtX -c "SELECT (SELECT count(*) FROM enterprises) || ' ' || (SELECT count(*) FROM annual_figures)")
[ "$loaded" = "$ent_rows $ann_rows" ] || { echo "import.sh: greenlane on PostgreSQL loaded $loaded, wanted $ent_rows $ann_rows" >&2; exit 1; }
echo
echo "PostgreSQL: greenlane (COPY) beside psql \\copy into plain tables, same server, same run"
printf '%-16s %10s %12s %10s %12s %8s %14s %14s\n' file greenlane_s rows/s psql_s rows/s ratio greenlane_RSS psql_RSS
row enterprises "$ent_rows" "${secs[pg_gl_ent]}" "${secs[pg_ps_ent]}" "${rss[pg_gl_ent]}" "${rss[pg_ps_ent]}"
row annual "$ann_rows" "${secs[pg_gl_ann]}" "${secs[pg_ps_ann]}" "${rss[pg_gl_ann]}" "${rss[pg_ps_ann]}"
tot_gl=$(awk -v a="${secs[pg_gl_ent]}" -v b="${secs[pg_gl_ann]}" 'BEGIN { print a + b }')
tot_ps=$(awk -v a="${secs[pg_ps_ent]}" -v b="${secs[pg_ps_ann]}" 'BEGIN { print a + b }')
max_gl=$((rss[pg_gl_ent] > rss[pg_gl_ann] ? rss[pg_gl_ent] : rss[pg_gl_ann]))
max_ps=$((rss[pg_ps_ent] > rss[pg_ps_ann] ? rss[pg_ps_ent] : rss[pg_ps_ann]))
row total $((ent_rows + ann_rows)) "$tot_gl" "$tot_ps" "$max_gl" "$max_ps"
