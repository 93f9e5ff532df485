#!/usr/bin/env bash
# One command from a fresh machine to a running greenlane: installs what is missing, builds, makes
# the demo database when it does not exist yet (demo.db, or $GREENLANE_DB) and starts greenlane on
# it. The demo database is built under a temporary name and moved into place only when complete.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export GREENLANE_DB="${GREENLANE_DB:-$PWD/demo.db}"
if [ ! -e "$GREENLANE_DB" ]; then
	new="$GREENLANE_DB.new.db"
	rm -f "$new" "$new-wal" "$new-shm"
	build/greenlane --db "$new" demo
	mv "$new" "$GREENLANE_DB"
else
	echo "run: using the existing database $GREENLANE_DB (remove it to make a new demo county)"
	build/greenlane init
fi
echo "run: greenlane 已启动 (started): http://127.0.0.1:8080/  (Ctrl-C 停止 / to stop)"
exec build/greenlane serve --listen 127.0.0.1:8080
