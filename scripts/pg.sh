#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and benchmarks, in a folder of its own.
#
#   scripts/pg.sh start DIR   makes a cluster in DIR (initdb: UTF-8, the C locale, so that text
#                             sorts byte by byte as on SQLite), starts it on a Unix socket in DIR
#                             (no TCP port) and prints its URL: postgresql:///postgres?host=DIR
#   scripts/pg.sh stop DIR    stops it (the folder is left for the caller to remove)
#
# The server never runs as root: when this script does, the cluster belongs to the "postgres" user
# that Debian's package makes. Durability is traded for speed (fsync off): the data is thrown away.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
	echo "pg.sh: PostgreSQL's server programs are missing (Debian package postgresql)" >&2
	exit 1
fi

[ $# -eq 2 ] || { echo "usage: scripts/pg.sh start|stop DIR" >&2; exit 2; }
dir=$(realpath -m "$2")

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

case "$1" in
start)
	mkdir -p "$dir"
	[ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
	as_owner "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C --auth=trust \
		>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
	as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
		"-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off \
		-c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
	echo "postgresql:///postgres?host=$dir&user=postgres"
	;;
stop)
	[ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	;;
*)
	echo "usage: scripts/pg.sh start|stop DIR" >&2
	exit 2
	;;
esac
