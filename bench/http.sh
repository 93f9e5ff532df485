#!/usr/bin/env bash
# HTTP benchmark: wrk at 64 connections against two greenlane endpoints, each beside nginx serving a
# static file of exactly the same size in the same run: the public catalog (GET /api/v1/policies,
# answered from the server's response cache) and an authenticated enterprise read (GET
# /api/v1/enterprises/{uscc} with a bearer token: session lookup, isolation check and a database
# read on every request). Prints requests/s and p99 latency of each and the ratio to nginx.
# Both servers write an access log to a file; wrk runs on the same machine. Then the same
# authenticated read from a greenlane on PostgreSQL (a throwaway server of scripts/pg.sh, the same
# demo county) beside the one on SQLite, in the same run.
#
#   bench/http.sh [SECONDS] [THREADS]   (defaults 5 s and 4 greenlane worker threads)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
threads=${2:-4}
build=${BUILD:-build-release}
greenlane=$PWD/$build/greenlane
[ -x "$greenlane" ] || { echo "http.sh: $greenlane is missing; run scripts/bench.sh" >&2; exit 1; }
for tool in wrk nginx curl python3; do
	command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "http.sh: $tool is missing (deps/debian.txt)" >&2; exit 1; }
done
nginx=$(command -v nginx || echo /usr/sbin/nginx)
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

work=$(mktemp -d)
gl_pid= ngx_pid=
cleanup() {
	[ -n "$gl_pid" ] && kill -TERM "$gl_pid" 2>/dev/null && wait "$gl_pid" 2>/dev/null
	[ -n "$ngx_pid" ] && kill -QUIT "$ngx_pid" 2>/dev/null && wait "$ngx_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$greenlane" --db "$work/demo.db" demo >"$work/demo.txt"
"$greenlane" --db "$work/demo.db" serve --listen 127.0.0.1:0 --threads "$threads" \
	>"$work/ready" 2>"$work/greenlane.log" &
gl_pid=$!
for _ in $(seq 1 200); do grep -q 'listening on' "$work/ready" && break; sleep 0.05; done
gl_port=$(sed -n 's/.*:\([0-9][0-9]*\)\/$/\1/p' "$work/ready")
GL=http://127.0.0.1:$gl_port

session=$(curl -s -X POST "$GL/api/v1/session" -H 'Content-Type: application/json' \
	--data-binary '{"username":"qiye1","password":"greenlane-demo"}')
token=$(printf '%s' "$session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
uscc=$(printf '%s' "$session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["uscc"])')

mkdir -p "$work/www"
curl -s "$GL/api/v1/policies" -o "$work/www/policies.json"
curl -s -H "Authorization: Bearer $token" "$GL/api/v1/enterprises/$uscc" -o "$work/www/enterprise.json"

ngx_port=$(free_port)
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log $work/nginx/access.log;
	client_body_temp_path $work/nginx;
	proxy_temp_path $work/nginx;
	fastcgi_temp_path $work/nginx;
	uwsgi_temp_path $work/nginx;
	scgi_temp_path $work/nginx;
	default_type application/json;
	server {
		listen 127.0.0.1:$ngx_port;
		root $work/www;
	}
}
CONF
"$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>>"$work/nginx/error.log" &
ngx_pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$ngx_port/policies.json" && break; sleep 0.05; done
NGX=http://127.0.0.1:$ngx_port

# run URL [HEADER]: wrk for $secs s at 64 connections; prints "REQ_PER_S P99_MS NON2XX".
run() {
	local out
	if [ $# -gt 1 ]; then
		out=$(wrk -t 2 -c 64 -d "${secs}s" --latency -H "$2" "$1")
	else
		out=$(wrk -t 2 -c 64 -d "${secs}s" --latency "$1")
	fi
	printf '%s\n' "$out" | python3 -c '
import re, sys
t = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\b", t, re.M)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", t)
print("%.0f %.2f %s" % (rps, p99, bad.group(1) if bad else "0"))'
}

report() { # NAME BYTES GREENLANE-RESULT NGINX-RESULT
	read -r g_rps g_p99 g_bad <<<"$3"
	read -r n_rps n_p99 n_bad <<<"$4"
	printf '%-44s %6s B  greenlane %8s req/s p99 %6s ms | nginx %8s req/s p99 %6s ms | ratio %.2f\n' \
		"$1" "$2" "$g_rps" "$g_p99" "$n_rps" "$n_p99" "$(python3 -c "print($g_rps / $n_rps)")"
	[ "$g_bad" = 0 ] || echo "  warning: $g_bad greenlane answers were not 2xx"
}

echo "wrk: 64 connections, ${secs} s each, 2 wrk threads; greenlane: $threads worker threads; $(nproc) cores shared"
a=$(run "$GL/api/v1/policies")
b=$(run "$NGX/policies.json")
report "GET /api/v1/policies (public, cached)" "$(stat -c %s "$work/www/policies.json")" "$a" "$b"
a=$(run "$GL/api/v1/enterprises/$uscc" "Authorization: Bearer $token")
b=$(run "$NGX/enterprise.json")
report "GET /api/v1/enterprises/{uscc} (enterprise)" "$(stat -c %s "$work/www/enterprise.json")" "$a" "$b"

# PostgreSQL, when its server programs are installed: the same demo county in a database of a
# throwaway server (scripts/pg.sh), a second greenlane serving it, the authenticated read measured
# beside the SQLite server's in the same run.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	echo "(PostgreSQL: not installed; skipped)"
	exit 0
fi
chmod 755 "$work" # the server's own user reaches its folder in it
pg_url=$(scripts/pg.sh start "$work/pg")
trap 'cleanup_pg; cleanup' EXIT
pg_pid=
cleanup_pg() {
	[ -n "$pg_pid" ] && kill -TERM "$pg_pid" 2>/dev/null && wait "$pg_pid" 2>/dev/null
	scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
}
psql "$pg_url" -qX -c 'CREATE DATABASE demo'
export GREENLANE_AUDIT_KEY="$work/pg.audit-key" GREENLANE_AUDIT_ANCHORS="$work/pg.audit-anchors"
pg_db=$(printf '%s' "$pg_url" | sed -E 's#^(postgresql://[^/]*/)[^?]*#\1demo#')
"$greenlane" --db "$pg_db" demo >/dev/null
: >"$work/ready"
"$greenlane" --db "$pg_db" serve --listen 127.0.0.1:0 --threads "$threads" >"$work/ready" 2>"$work/greenlane-pg.log" &
pg_pid=$!
for _ in $(seq 1 200); do grep -q 'listening on' "$work/ready" && break; sleep 0.05; done
PG=http://127.0.0.1:$(sed -n 's/.*:\([0-9][0-9]*\)\/$/\1/p' "$work/ready")
pg_token=$(curl -s -X POST "$PG/api/v1/session" -H 'Content-Type: application/json' \
	--data-binary '{"username":"qiye1","password":"greenlane-demo"}' |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
a=$(run "$PG/api/v1/enterprises/$uscc" "Authorization: Bearer $pg_token")
b=$(run "$GL/api/v1/enterprises/$uscc" "Authorization: Bearer $token")
read -r p_rps p_p99 p_bad <<<"$a"
read -r s_rps s_p99 s_bad <<<"$b"
printf '%-44s %6s B  on PostgreSQL %8s req/s p99 %6s ms | on SQLite %8s req/s p99 %6s ms | ratio %.2f\n' \
	"GET /api/v1/enterprises/{uscc} (enterprise)" "$(stat -c %s "$work/www/enterprise.json")" \
	"$p_rps" "$p_p99" "$s_rps" "$s_p99" "$(python3 -c "print($p_rps / $s_rps)")"
[ "$p_bad" = 0 ] || echo "  warning: $p_bad answers on PostgreSQL were not 2xx"
