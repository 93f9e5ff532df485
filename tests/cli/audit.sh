#!/usr/bin/env bash
# greenlane audit: verify names the first broken record, prints the head of the chain, checks the
# anchor log every commit publishes to, and with --anchor catches a chain cut at its end; a chain
# rewritten by whoever can write the database, without the key, does not verify.
. "$(dirname "$0")/lib.sh"

run import enterprises "$SOURCE_ROOT/tests/data/enterprises.csv"
expect_rc 0 "an import writes an audit record"
run import annual "$SOURCE_ROOT/tests/data/annual.csv"
expect_rc 0 "a second import writes another"

run audit verify
expect_rc 0 "the chain verifies"
expect_match out '^审计链完整 \(audit chain intact\): 2 records' "verify counts the records"
expect_match out '链头 \(head\): 2:[0-9a-f]{64}$' "verify prints the head as ID:HASH"
head=$(printf '%s\n' "$out" | sed -n 's/^链头 (head): //p')
first=$(sqlite3 "$GREENLANE_DB" "SELECT id || ':' || hash FROM audit_log WHERE id = 1")

run audit verify --anchor "$head"
expect_rc 0 "the head anchor holds"
run audit verify --anchor "$first"
expect_rc 0 "an older anchor holds while the chain grows"

# Every commit published its newest record to the anchor log beside the database, with a MAC of
# the audit key; the key and the log are files of their own, 0600.
[ "$(wc -l <"$GREENLANE_DB.audit-anchors")" = 2 ] && ok "each import published its record to the anchor log" || not_ok "anchor log" "$(cat "$GREENLANE_DB.audit-anchors" 2>&1)"
[ "$(stat -c %a "$GREENLANE_DB.audit-key")" = 600 ] && ok "the audit key is readable by its owner only" || not_ok "key mode" "$(stat -c %a "$GREENLANE_DB.audit-key")"
expect_match out ', 2 anchors$' "verify checks the anchors"

# A chain rewritten by whoever can write the database: record 1 changed and every hash after it
# recomputed with plain BLAKE2b, as the chain was before it was keyed. The key is not in the
# database, so the chain no longer verifies.
cp "$GREENLANE_DB" "$WORK/before-rewrite.db"
python3 - "$GREENLANE_DB" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT id, at, actor, action, entity_type, entity_id, digest FROM audit_log ORDER BY id").fetchall()
prev = ""
for (id, at, actor, action, et, eid, digest) in rows:
    if id == 1:
        actor = "someone else"
    h = hashlib.blake2b(digest_size=32)
    for f in (prev, str(id), at, actor, action, et, eid, digest):
        h.update(("%d:" % len(f.encode())).encode() + f.encode())
    prev = h.hexdigest()
    db.execute("UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE id = ?",
               (actor, "" if id == 1 else last, prev, id))
    last = prev
db.commit()
PY
run audit verify
expect_rc 1 "a chain rewritten without the key does not verify"
expect_match err 'at record 1.*hash mismatch' "the rewritten record is named"
# ... nor does one rewritten and marked as written before the key (keyed = 0): the anchors hold the
# keyed hashes.
sqlite3 "$GREENLANE_DB" "UPDATE audit_log SET keyed = 0"
run audit verify
expect_rc 1 "a chain rewritten as plain does not hold the anchor log"
expect_match err 'anchor log does not hold.*record 1, published, is gone or changed' "the anchor named"
cp "$WORK/before-rewrite.db" "$GREENLANE_DB"
rm -f "$GREENLANE_DB-wal" "$GREENLANE_DB-shm"
run audit verify
expect_rc 0 "the untouched chain verifies again"

# A line of the anchor log written by someone without the key is refused.
printf '1 %s 0000\n' "$(sqlite3 "$GREENLANE_DB" "SELECT hash FROM audit_log WHERE id = 1")" >>"$GREENLANE_DB.audit-anchors"
run audit verify
expect_rc 1 "a forged anchor line is refused"
expect_match err 'anchor line forged' "as forged"
sed -i '$d' "$GREENLANE_DB.audit-anchors"

sqlite3 "$GREENLANE_DB" "DELETE FROM audit_log WHERE id = 2"
run audit verify
expect_rc 1 "cutting the last record is caught by the anchor log"
expect_match err 'record 2, published, is gone or changed' "the cut record is named"
# Without the anchor log (kept elsewhere), a noted anchor catches it as well.
mv "$GREENLANE_DB.audit-anchors" "$WORK/anchors.kept"
run audit verify
expect_rc 0 "without the anchor log the shortened chain verifies by itself"
run audit verify --anchor "$head"
expect_rc 1 "the anchor catches the cut"
expect_match err 'anchor does not hold.*record 2 was removed or rewritten' "the cut record is named"
mv "$WORK/anchors.kept" "$GREENLANE_DB.audit-anchors"

mv "$GREENLANE_DB.audit-anchors" "$WORK/anchors.kept"
sqlite3 "$GREENLANE_DB" "UPDATE audit_log SET actor = 'someone' WHERE id = 1"
run audit verify
expect_rc 1 "an altered record breaks the chain"
expect_match err 'at record 1' "the altered record is named"

run audit verify --anchor nonsense
expect_rc 2 "a malformed anchor is a usage error"
run audit verify --anchor "$first" extra
expect_rc 2 "extra arguments are a usage error"

done_testing
