#!/usr/bin/env bash
# Measure 7's release of the reserve on the procedure engine (m7.release): a release or a listed
# sale proposed through `ledger` or `case open` is a case whose deadline is the pending transfer's
# expiry; a second person takes the approval step (never the proposer, never another role); the
# deadline sweep expires it the working day after its last day, counted across National Day 2022;
# a cancellation ends both; bad fields are refused naming the field and change nothing; a batch
# does not carry releases; every balance and the audit chain hold after it all.
. "$(dirname "$0")/lib.sh"

B=91130131M100000398
EB=enterprise:$B
add_user() { echo test-password-1 | "$GREENLANE" user add "$@" >/dev/null || exit 1; }
dump() { db_dump | sha256sum; }
q() { sql "$1"; }
case_of() { q "SELECT case_id FROM m7_releases WHERE transfer_id = $1"; }
state_of() { q "SELECT c.state || '/' || t.state FROM m7_releases r JOIN cases c ON c.id = r.case_id JOIN ledger_transfers t ON t.id = r.transfer_id WHERE r.transfer_id = $1"; }

run init
expect_rc 0 "init"
add_user xianju --role county_officer
add_user xianju2 --role county_officer
add_user lingdao --role county_leader
add_user fazhi --role county_legal
run ledger reduction --client-id r1 --pollutant so2 --grams 1000000 --project 某电厂脱硫改造 --day 2022-09-01
expect_rc 0 "a verified reduction credits the reserve"

# A proposal is a case; its deadline is the transfer's expiry.
run ledger propose --client-id p1 --pollutant so2 --from reserve:130131 --to $EB --grams 1000 --day 2022-09-28 --as xianju
expect_rc 0 "a release proposed by the county officer"
t1=$(echo "$out" | cut -f1)
c1=$(case_of "$t1")
[ -n "$c1" ] && ok "the proposal opened a case" || not_ok "no case for transfer $t1"
[ "$(q "SELECT procedure || '/' || state || '/' || subject_uscc || '/' || opened_on FROM cases WHERE id = $c1")" = "m7.release/proposed/$B/2022-09-28" ] && ok "of m7.release, proposed, for the enterprise credited, on the day proposed" || not_ok "case row" "$(q "SELECT * FROM cases WHERE id = $c1")"
# 2022-09-28 + 10 working days: Sep 29, 30, Oct 8 and 9 (make-up days), 10-14, 17.
[ "$(q "SELECT kind || '/' || due FROM case_deadlines WHERE case_id = $c1")" = approval/2022-10-17 ] && ok "its approval deadline is 2022-10-17, past the holiday" || not_ok "deadline" "$(q "SELECT * FROM case_deadlines WHERE case_id = $c1")"
[ "$(q "SELECT expires_on FROM ledger_transfers WHERE id = $t1")" = 2022-10-17 ] && ok "the transfer expires that day too" || not_ok "expires_on"
run case show "$c1" --as xianju
expect_match out 'm7.pending_expiry_working_days：10 个工作日' "the proposal explains its deadline by the pack's parameter"

# Who is offered the approval, and who may take it.
run case work --today 2022-09-29 --as lingdao
expect_match out "$c1	m7.release.*approve,cancel" "the leader is offered the approval"
run case work --today 2022-09-29 --as xianju
echo "$out" | grep "	$c1	" | grep -q approve && not_ok "the proposer is offered the approval" "$out" || ok "the proposer is not offered the approval"
run case step "$c1" approve --today 2022-09-29 --as xianju
expect_rc 1 "the proposer cannot approve"
expect_match err 'approved_by: .*两人审批' "naming the two-person rule"
run case step "$c1" approve --today 2022-09-29 --as fazhi
expect_rc 1 "the legal reviewer cannot approve"
[ "$(state_of "$t1")" = proposed/pending ] && ok "the refusals changed nothing" || not_ok "state" "$(state_of "$t1")"

# Expiry by the deadline sweep: not on the last day, the working day after.
run ledger propose --client-id p2 --pollutant so2 --from reserve:130131 --to $EB --grams 2000 --day 2022-09-28 --as xianju
t2=$(echo "$out" | cut -f1)
c2=$(case_of "$t2")
run deadlines sweep --today 2022-10-17
expect_rc 0 "the sweep on the last day"
[ "$(state_of "$t2")" = proposed/pending ] && ok "leaves it pending" || not_ok "swept early" "$(state_of "$t2")"
run case step "$c1" approve --today 2022-10-17 --reason 同意释放 --as xianju2
expect_rc 0 "another county officer approves on the last day"
[ "$(state_of "$t1")" = settled/settled ] && ok "the case and the transfer are settled" || not_ok "settled" "$(state_of "$t1")"
[ "$(q "SELECT proposed_by || '/' || approved_by FROM ledger_transfers WHERE id = $t1")" = xianju/xianju2 ] && ok "both persons are recorded" || not_ok "persons"
[ "$(q "SELECT COUNT(*) || '/' || SUM(grams) FROM ledger_entries WHERE transfer_id = $t1")" = 2/0 ] && ok "two entries summing to zero" || not_ok "entries"
[ "$(q "SELECT DISTINCT day FROM ledger_entries WHERE transfer_id = $t1")" = 2022-10-17 ] && ok "dated the day it settled, not the day proposed" || not_ok "entry day" "$(q "SELECT day FROM ledger_entries WHERE transfer_id = $t1")"
run ledger statement $EB --pollutant so2 --to 2022-10-16 --as xianju
expect_match out '^closing	0$' "a statement to the day before does not hold it yet"
run ledger statement $EB --pollutant so2 --to 2022-10-17 --as xianju
expect_match out '^closing	1000$' "one to the day it settled does"
run case step "$c2" approve --today 2022-10-18 --as lingdao
expect_rc 1 "approval the day after the last is refused"
run deadlines sweep --today 2022-10-18
expect_rc 0 "the sweep the day after"
[ "$(state_of "$t2")" = expired/expired ] && ok "expires the case and its transfer" || not_ok "expired" "$(state_of "$t2")"
[ "$(q "SELECT COUNT(*) FROM ledger_entries WHERE transfer_id = $t2")" = 0 ] && ok "an expired release moved nothing" || not_ok "entries of expired"
run ledger balance reserve:130131 --as xianju
expect_match out '^reserve:130131	so2	999000	0	0	999000' "the reserve holds all but the settled release, nothing pending"

# Cancellation through the ledger is the case's step.
run ledger propose --client-id p3 --pollutant so2 --from reserve:130131 --to $EB --grams 3000 --day 2022-10-18 --as xianju
t3=$(echo "$out" | cut -f1)
run ledger cancel "$t3" --reason 项目调整 --as xianju
expect_rc 0 "the proposer cancels"
[ "$(state_of "$t3")" = cancelled/cancelled ] && ok "the case and the transfer are cancelled" || not_ok "cancelled" "$(state_of "$t3")"

# The engine's own door: case open, with its fields checked.
before=$(dump)
cases=$(q "SELECT COUNT(*) FROM cases")
run case open m7.release propose --field kind=release --field to=$EB --field pollutant=so2 --field grams=100 --field price_fen=5 --field client_id=p4 --today 2022-10-19 --as xianju
expect_rc 1 "a release with a price is refused"
expect_match err 'price_fen' "naming price_fen"
run case open m7.release propose --field kind=release --field to=origin:130131 --field pollutant=so2 --field grams=100 --field client_id=p4 --today 2022-10-19 --as xianju
expect_rc 1 "a release to an origin account is refused"
expect_match err '^greenlane: to' "naming to"
run case open m7.release propose --field kind=release --field to=$EB --field pollutant=so2 --field grams=100 --field client_id=p1 --today 2022-10-19 --as xianju
expect_rc 1 "a used client id is refused"
expect_match err 'client_id' "naming client_id"
run case open m7.release propose --field kind=release --field to=$EB --field pollutant=so2 --field grams=99000000 --field client_id=p4 --today 2022-10-19 --as xianju
expect_rc 1 "more than the reserve holds is refused"
expect_match err 'reserve:130131' "naming the reserve"
run case open m7.release propose --field kind=release --field to=$EB --field pollutant=so2 --field grams=100 --field client_id=p4 --today 2022-10-19 --as fazhi
expect_rc 1 "the legal reviewer proposes nothing"
[ "$(dump)" = "$before" ] && [ "$(q "SELECT COUNT(*) FROM cases")" = "$cases" ] && ok "the refusals wrote nothing" || not_ok "refusals wrote"
run case open m7.release propose --field kind=sale --field to=$EB --field pollutant=so2 --field grams=5000 --field price_fen=12000 --field client_id=s1 --today 2022-10-19 --as xianju
expect_rc 0 "a listed sale opened as a case"
t4=$(q "SELECT id FROM ledger_transfers WHERE client_id = 's1'")
[ "$(q "SELECT kind || '/' || method || '/' || price_fen || '/' || state FROM ledger_transfers WHERE id = $t4")" = sale/listed/12000/pending ] && ok "its transfer is a pending listed sale with its price" || not_ok "sale row"
run case step "$(case_of "$t4")" approve --today 2022-10-20 --as lingdao
expect_rc 0 "the leader approves the sale"
run ledger prices --pollutant so2 --year 2022
expect_match out '^2022-10-19	so2	5000	12000	' "the sale's price is reported, without the buyer"
echo "$out" | grep -q "$B" && not_ok "the price report names the buyer" "$out" || ok "the price report does not name the buyer"

# A batch does not carry releases.
printf 'client_id,pollutant,from,to,grams,kind\nb1,so2,origin:130131,%s,10,allocation\nb2,so2,reserve:130131,%s,10,release\n' "$EB" "$EB" >batch.csv
before=$(dump)
run ledger batch batch.csv
expect_rc 1 "a batch with a release is refused"
expect_match err 'batch.csv:3' "naming its line"
[ "$(dump)" = "$before" ] && ok "and writes nothing" || not_ok "batch wrote"

run ledger verify --as xianju
expect_rc 0 "ledger verify holds"
run audit verify
expect_rc 0 "the audit chain verifies"
done_testing
