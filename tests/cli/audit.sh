#!/usr/bin/env bash
# greenlane audit: verify names the first broken record, prints the head of the chain, and with
# --anchor catches a chain cut at its end, which leaves no trace inside the database.
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

sqlite3 "$GREENLANE_DB" "DELETE FROM audit_log WHERE id = 2"
run audit verify
expect_rc 0 "cutting the last record leaves a chain that verifies by itself"
run audit verify --anchor "$head"
expect_rc 1 "the anchor catches the cut"
expect_match err 'anchor does not hold.*record 2 was removed or rewritten' "the cut record is named"

sqlite3 "$GREENLANE_DB" "UPDATE audit_log SET actor = 'someone' WHERE id = 1"
run audit verify
expect_rc 1 "an altered record breaks the chain"
expect_match err 'at record 1' "the altered record is named"

run audit verify --anchor nonsense
expect_rc 2 "a malformed anchor is a usage error"
run audit verify --anchor "$first" extra
expect_rc 2 "extra arguments are a usage error"

done_testing
