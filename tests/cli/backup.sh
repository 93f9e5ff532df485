#!/usr/bin/env bash
# `greenlane backup` and `greenlane restore`: a backup is the database, its audit key (owner-only)
# and its anchor log, taken while others write, verified, never written over; a restore verifies
# a copy before it writes, refuses to replace a database that holds data unless --force, refuses a
# tampered backup or one without its key and then leaves the target as it was, and ends the
# restored chain with a record db.restore; the restored database verifies and holds every row.
. "$(dirname "$0")/lib.sh"
only_on_sqlite "it is about SQLite's files"

dump() { sqlite3 "$1" .dump | sha256sum; }
q() { sqlite3 "$1" "$2"; }
counts() { q "$1" "SELECT (SELECT COUNT(*) FROM enterprises) || '/' || (SELECT COUNT(*) FROM cases) || '/' || (SELECT COUNT(*) FROM ledger_entries) || '/' || (SELECT COUNT(*) FROM users)"; }

DB=$GREENLANE_DB
run demo
expect_rc 0 "the demo county"

# Backup while another process writes.
(for i in $(seq 1 30); do "$GREENLANE" ledger reduction --client-id "w$i" --pollutant so2 --grams 1000 --project 并发写入 >/dev/null 2>&1; done) &
writer=$!
run backup b.db
wait $writer
expect_rc 0 "a backup while another process writes"
expect_match out '已备份并校验' "says it verified the copy"
[ -f b.db ] && [ -f b.db.audit-key ] && [ -f b.db.audit-anchors ] && ok "the database, its key and its anchor log" || not_ok "backup files" "$(ls)"
[ "$(stat -c %a b.db.audit-key)" = 600 ] && ok "the key is readable by its owner only" || not_ok "key mode $(stat -c %a b.db.audit-key)"
digest=$(b2sum -l 256 b.db | cut -d' ' -f1)
expect_match out "$digest" "the digest printed is the file's BLAKE2b-256"
ls ./*.part >/dev/null 2>&1 && not_ok "a .part file is left" || ok "no .part file is left"
records=$(echo "$out" | sed -n 's/.*(audit records) \([0-9]*\) 条.*/\1/p')
[ "$records" = "$(q b.db 'SELECT COUNT(*) FROM audit_log')" ] && ok "every record of the copy verified ($records)" || not_ok "records $records"

before=$(dump b.db)
run backup b.db
expect_rc 1 "a backup does not write over another"
expect_match err 'file: .*已存在' "naming the file"
[ "$(dump b.db)" = "$before" ] && ok "which is unchanged" || not_ok "backup overwritten"
run --db postgresql://localhost/x backup c.db
expect_rc 1 "a PostgreSQL URL"

# Restore into a new database.
run --db new.db restore b.db
expect_rc 0 "a restore into a new database"
expect_match out "$digest" "names the backup's digest"
run --db new.db audit verify
expect_rc 0 "the restored database verifies"
[ "$(counts new.db)" = "$(counts b.db)" ] && ok "with every row of the backup ($(counts new.db))" || not_ok "counts $(counts new.db) vs $(counts b.db)"
[ "$(q new.db 'SELECT action FROM audit_log ORDER BY id DESC LIMIT 1')" = db.restore ] && ok "a record db.restore ends its chain" || not_ok "last record"
[ "$(q new.db 'SELECT COUNT(*) FROM audit_log')" = $((records + 1)) ] && ok "right after the backup's records" || not_ok "record count"

# A database that holds data is replaced only with --force.
before=$(dump new.db)
run --db new.db restore b.db
expect_rc 1 "a restore over a database with data"
expect_match err '^greenlane: force: ' "names --force"
[ "$(dump new.db)" = "$before" ] && ok "and changes nothing" || not_ok "changed"
run --db new.db restore b.db --force
expect_rc 0 "with --force it replaces it"
run --db new.db audit verify
expect_rc 0 "which verifies"

# Another program's database is replaced only with --force too.
sqlite3 foreign.db "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
run --db foreign.db restore b.db
expect_rc 1 "a restore over another program's database"
expect_match err '^greenlane: force: .*不是 greenlane 数据库' "says so and names --force"
[ "$(q foreign.db 'SELECT x FROM t')" = 1 ] && ok "which keeps its data" || not_ok "foreign data"

# A tampered backup, or one without its key, is refused and the target left as it was.
cp b.db t.db && cp b.db.audit-key t.db.audit-key && cp b.db.audit-anchors t.db.audit-anchors
sqlite3 t.db "UPDATE audit_log SET detail = '{}' WHERE id = 5"
before=$(dump new.db)
key_before=$(sha256sum <new.db.audit-key)
run --db new.db restore t.db --force
expect_rc 1 "a tampered backup is refused"
expect_match err 'audit: ' "naming the audit chain"
[ "$(dump new.db)" = "$before" ] && [ "$(sha256sum <new.db.audit-key)" = "$key_before" ] && ok "the target and its key are as they were" || not_ok "target changed"
run --db fresh.db restore t.db
expect_rc 1 "into a new database too"
[ -e fresh.db ] && not_ok "a database was left" || ok "and no database is left behind"
ls fresh.db.restoring* >/dev/null 2>&1 && not_ok "the staged copy is left" || ok "nor the staged copy"
cp b.db k.db
run --db other.db restore k.db
expect_rc 1 "a backup without its key is refused"
expect_match err 'audit-key' "naming the key"
run --db other.db restore nothing.db
expect_rc 1 "a missing backup"
expect_match err '^greenlane: file: ' "names the file"
run --db "$DB" audit verify
expect_rc 0 "the source still verifies"
done_testing
