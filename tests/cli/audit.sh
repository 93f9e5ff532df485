#!/usr/bin/env bash
# greenlane audit: verify names the first broken record, prints the head of the chain, checks the
# anchor log every commit publishes to (and the copy sent to syslog), and with --anchor catches a
# chain cut at its end; a chain rewritten by whoever can write the database, without the key, does
# not verify, nor does a business row changed, added, removed or put back by hand; audit seal
# seals such rows again with a record of its own.
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
first=$(sql "SELECT id || ':' || hash FROM audit_log WHERE id = 1")

run audit verify --anchor "$head"
expect_rc 0 "the head anchor holds"
run audit verify --anchor "$first"
expect_rc 0 "an older anchor holds while the chain grows"

# Every commit published its newest record to the anchor log beside the database, with a MAC of
# the audit key; the key and the log are files of their own, 0600.
[ "$(wc -l <"$AUDIT_ANCHORS")" = 2 ] && ok "each import published its record to the anchor log" || not_ok "anchor log" "$(cat "$AUDIT_ANCHORS" 2>&1)"
key_line=$(sed -n 2p "$AUDIT_KEY")
[ "$(stat -c %a "$AUDIT_KEY")" = 600 ] && ok "the audit key is readable by its owner only" || not_ok "key mode" "$(stat -c %a "$AUDIT_KEY")"
expect_match out ', 2 anchors, ' "verify checks the anchors"
nrows=$(( $(sql "SELECT COUNT(*) FROM enterprises") + $(sql "SELECT COUNT(*) FROM annual_figures") ))
expect_match out ", $nrows sealed rows\$" "and every enterprise's and year's row against its seal"
[ "$key_line" = "keyed-from 1" ] && ok "the key file says every record from the first on is keyed" || not_ok "keyed-from" "$key_line"

# A chain rewritten by whoever can write the database: record 1 changed and every hash after it
# recomputed with plain BLAKE2b, as the chain was before it was keyed. The key is not in the
# database, so the chain no longer verifies.
save_db before_rewrite
sql "SELECT id, at, actor, action, entity_type, entity_id, digest FROM audit_log ORDER BY id" | python3 -c '
import hashlib, sys
prev = ""
for line in sys.stdin:
    id, at, actor, action, et, eid, digest = line.rstrip("\n").split("|")
    if id == "1":
        actor = "someone else"
    h = hashlib.blake2b(digest_size=32)
    for f in (prev, id, at, actor, action, et, eid, digest):
        h.update(("%d:" % len(f.encode())).encode() + f.encode())
    print("UPDATE audit_log SET actor = \x27%s\x27, prev_hash = \x27%s\x27, hash = \x27%s\x27 WHERE id = %s;"
          % (actor, "" if id == "1" else prev, h.hexdigest(), id))
    prev = h.hexdigest()
' | sql
run audit verify
expect_rc 1 "a chain rewritten without the key does not verify"
expect_match err 'at record 1.*hash mismatch' "the rewritten record is named"
# ... nor does one rewritten and marked as written before the key (keyed = 0): the key file says
# from which record on every one is keyed; with a key file from before it said so, the anchors
# hold the keyed hashes.
sql "UPDATE audit_log SET keyed = 0"
run audit verify
expect_rc 1 "a chain rewritten as plain does not verify"
expect_match err 'at record 1.*a plain record where the key file says every record from 1 on is keyed' "the key file's keyed-from names it"
cp "$AUDIT_KEY" "$WORK/key.kept"
sed -i 2d "$AUDIT_KEY"
run audit verify
expect_rc 1 "with an older key file the rewritten plain chain does not hold the anchor log"
expect_match err 'anchor log does not hold.*record 1, published, is gone or changed' "the anchor named"
mv "$WORK/key.kept" "$AUDIT_KEY"
restore_db before_rewrite
run audit verify
expect_rc 0 "the untouched chain verifies again"

# A line of the anchor log written by someone without the key is refused.
printf '1 %s 0000\n' "$(sql "SELECT hash FROM audit_log WHERE id = 1")" >>"$AUDIT_ANCHORS"
run audit verify
expect_rc 1 "a forged anchor line is refused"
expect_match err 'anchor line forged' "as forged"
sed -i '$d' "$AUDIT_ANCHORS"

sql "DELETE FROM audit_log WHERE id = 2"
run audit verify
expect_rc 1 "cutting the last record is caught by the anchor log"
expect_match err 'record 2, published, is gone or changed' "the cut record is named"
# The anchor log cut back as well: a noted anchor catches the cut, and so do the rows whose seal
# names the record that is gone.
cp "$AUDIT_ANCHORS" "$WORK/anchors.kept"
sed -i '$d' "$AUDIT_ANCHORS"
run audit verify --anchor "$head"
expect_rc 1 "the anchor catches the cut"
expect_match err 'anchor does not hold.*record 2 was removed or rewritten' "the cut record is named"
run audit verify
expect_rc 1 "the rows of the cut record are found without the anchor"
expect_match err 'annual .*its seal names an audit record that does not exist' "as sealed by a record that is gone"
# Without the anchor log at all, a chain with keyed records does not verify.
rm "$AUDIT_ANCHORS"
run audit verify
expect_rc 1 "a missing anchor log is refused"
expect_match err 'the anchor log is missing' "as missing"
mv "$WORK/anchors.kept" "$AUDIT_ANCHORS"
restore_db before_rewrite
run audit verify
expect_rc 0 "the untouched database verifies again"

# Business rows changed by hand: each is found and named, whatever the column.
ent=$(sql "SELECT uscc FROM enterprises ORDER BY uscc LIMIT 1")
year=$(sql "SELECT year FROM annual_figures WHERE uscc = '$ent' ORDER BY year LIMIT 1")
nann=$(sql "SELECT COUNT(*) FROM annual_figures")
tamper() { # SQL, what is named, label
	restore_db before_rewrite
	sql "$1"
	run audit verify
	expect_rc 1 "$3: does not verify"
	expect_match err "a business row does not hold.*$2" "$3: named"
}
tamper "UPDATE enterprises SET grade = CASE grade WHEN 'A' THEN 'D' ELSE 'A' END WHERE uscc = '$ent'" "enterprise $ent: its state does not match its seal" "a grade changed by hand"
tamper "UPDATE enterprises SET positive_list = 1 - positive_list WHERE uscc = '$ent'" "enterprise $ent: its state does not match" "a flag changed by hand"
tamper "UPDATE annual_figures SET tax_fen = COALESCE(tax_fen, 0) + 1 WHERE uscc = '$ent' AND year = $year" "annual $ent:$year: its state does not match" "a tax figure changed by hand"
tamper "UPDATE annual_figures SET tax_confirmed = 1 WHERE uscc = '$ent' AND year = $year" "annual $ent:$year: its state does not match" "a figure confirmed by hand"
tamper "INSERT INTO enterprises (uscc, name, industry, updated_at) VALUES ('91130131MA0000000A', '甲', 'steel_long', 'x')" "enterprise 91130131MA0000000A: no seal" "an enterprise added by hand"
tamper "DELETE FROM annual_figures WHERE uscc = '$ent' AND year = $year" "annual: $nann rows sealed, $((nann - 1)) there: rows were deleted outside greenlane" "a year's figures deleted by hand"
tamper "UPDATE enterprises SET seal = (SELECT seal FROM enterprises WHERE uscc <> '$ent' LIMIT 1) WHERE uscc = '$ent'" "enterprise $ent: its state does not match" "another row's seal copied over"
tamper "UPDATE enterprises SET seal = NULL WHERE uscc = '$ent'" "enterprise $ent: no seal" "a seal removed"
tamper "DELETE FROM audit_seals WHERE entity_type = 'rows' AND entity_id = 'annual'" "annual: its count of [0-9]+ rows has no valid seal" "a count's seal removed"
tamper "UPDATE audit_seals SET row_count = row_count - 1 WHERE entity_type = 'rows' AND entity_id = 'enterprise'" "enterprise: its count of [0-9]+ rows has no valid seal" "a count changed"
# The count sealed by the first import, put back after the second: older than the newest import.
tamper "UPDATE audit_seals SET audit_id = 1 WHERE entity_type = 'rows' AND entity_id = 'annual'" "annual: its count of [0-9]+ rows has no valid seal" "a count's record changed"

# audit seal: a correction approved out of band is sealed again, with a record naming the row.
restore_db before_rewrite
sql "UPDATE enterprises SET township = '核对后的乡镇' WHERE uscc = '$ent'"
run audit seal --dry-run
expect_rc 0 "seal --dry-run"
expect_match out 'seal does not hold\): 1$' "counts the one row changed"
[ "$(sql "SELECT COUNT(*) FROM audit_log")" = 2 ] && ok "and writes nothing" || not_ok "dry run wrote"
run audit seal
expect_rc 0 "seal"
expect_match out 'resealed 1 rows, audit record 3' "seals it with a record of its own"
[ "$(sql "SELECT action || ' ' || detail FROM audit_log WHERE id = 3")" = "audit.seal {\"listed\":[{\"gone\":false,\"id\":\"$ent\",\"kind\":\"enterprise\"}],\"rows\":1}" ] && ok "the record names the row" || not_ok "seal record" "$(sql "SELECT action, detail FROM audit_log WHERE id = 3")"
run audit verify
expect_rc 0 "the database verifies after the seal"
run audit seal
expect_match out 'nothing changed' "a second seal finds nothing"
[ "$(sql "SELECT COUNT(*) FROM audit_log")" = 3 ] && ok "and writes no record" || not_ok "second seal wrote"
run audit seal --force
expect_rc 2 "seal takes only --dry-run"

# Every anchor also goes to syslog when GREENLANE_AUDIT_SYSLOG names its socket; a copy of those
# lines checks the chain like the anchor log does.
python3 - "$WORK/log.sock" "$WORK/syslog.txt" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(20)
with open(sys.argv[2], "w") as out:
    try:
        while True:
            msg = s.recv(4096).decode()
            out.write("Dec  1 12:00:00 host " + msg + "\n")
            out.flush()
            if "stop" in msg:
                break
    except socket.timeout:
        pass
PY
listener=$!
for i in $(seq 50); do [ -S "$WORK/log.sock" ] && break; sleep 0.1; done
{ head -n 1 "$SOURCE_ROOT/tests/data/enterprises.csv"; sed -n 2p "$SOURCE_ROOT/tests/data/enterprises.csv" | awk -F, -v OFS=, '{ $2 = $2 "（更名）"; print }'; } >"$WORK/renamed.csv"
old_count=$(sql "SELECT audit_id || ', mac = ''' || mac || '''' FROM audit_seals WHERE entity_type = 'rows' AND entity_id = 'enterprise'")
GREENLANE_AUDIT_SYSLOG="$WORK/log.sock" run import enterprises "$WORK/renamed.csv"
expect_rc 0 "an import with syslog configured"
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b"stop", sys.argv[1])' "$WORK/log.sock"
wait "$listener"
last=$(tail -n 1 "$AUDIT_ANCHORS")
grep -q "^Dec  1 12:00:00 host <85>greenlane\[[0-9]*\]: audit-anchor $last\$" "$WORK/syslog.txt" && ok "the anchor went to syslog as the anchor log has it, authpriv.notice" || not_ok "syslog line" "$(cat "$WORK/syslog.txt") / $last"
run audit verify --anchor-log "$WORK/syslog.txt"
expect_rc 0 "verify --anchor-log with the syslog file"
expect_match out ", $(( $(wc -l <"$AUDIT_ANCHORS") + 1 )) anchors, " "counts its anchor beside the log's"
sed -i 's/audit-anchor \([0-9]*\) [0-9a-f]*/audit-anchor \1 0000000000000000000000000000000000000000000000000000000000000000/' "$WORK/syslog.txt"
run audit verify --anchor-log "$WORK/syslog.txt"
expect_rc 1 "a syslog line changed is refused"
expect_match err 'syslog.txt 第 1 行的校验码不符 \(anchor line forged\)' "naming the file and line"
run audit verify --anchor-log "$WORK/nowhere.txt"
expect_rc 1 "a missing --anchor-log file is an error"
expect_match err 'nowhere.txt' "naming it"
# The count as the import before sealed it, put back: older than the newest import.
save_db counted
sql "UPDATE audit_seals SET audit_id = $old_count WHERE entity_type = 'rows' AND entity_id = 'enterprise'"
run audit verify
expect_rc 1 "a count put back to an earlier import's does not verify"
expect_match err 'the seal of its count is older than the newest import' "as put back"
restore_db counted
GREENLANE_AUDIT_SYSLOG="$WORK/no.sock" run import enterprises "$SOURCE_ROOT/tests/data/enterprises.csv"
# (the file names the enterprise as it was before renamed.csv: a change, so a record)
expect_rc 0 "a syslog that is not there does not stop a write"
expect_match err 'cannot send the anchor to syslog' "and says so"

# An official industry average (measure 1) is sealed as its import writes it.
printf 'industry,year,tax_per_tonne_yuan,rd_share_percent\nsteel_long,2025,30.000000,\n' >"$WORK/avg.csv"
run import averages "$WORK/avg.csv"
expect_rc 0 "an import of averages"
run audit verify
expect_rc 0 "verifies with the average sealed"
sql "UPDATE incentive_averages SET tax_per_tonne_micro_yuan = 1 WHERE industry = 'steel_long' AND year = 2025"
run audit verify
expect_rc 1 "an average changed by hand is found"
expect_match err 'average steel_long:2025: its state does not match its seal' "and named"

sql "UPDATE incentive_averages SET tax_per_tonne_micro_yuan = 30000000 WHERE industry = 'steel_long' AND year = 2025"
run audit verify
expect_rc 0 "and verifies again once put right"

mv "$AUDIT_ANCHORS" "$WORK/anchors.kept"
sql "UPDATE audit_log SET actor = 'someone' WHERE id = 1"
run audit verify
expect_rc 1 "an altered record breaks the chain"
expect_match err 'at record 1' "the altered record is named"

run audit verify --anchor nonsense
expect_rc 2 "a malformed anchor is a usage error"
run audit verify --anchor "$first" extra
expect_rc 2 "extra arguments are a usage error"

done_testing
