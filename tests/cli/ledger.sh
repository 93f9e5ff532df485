#!/usr/bin/env bash
# `greenlane ledger`: measure 7's double-entry ledger of discharge rights. A transfer written twice
# with the same client id changes nothing, with other content is refused; an account other than
# origin never goes negative (refused, nothing changed); a release from the reserve waits for a
# second person (the proposer cannot approve) and expires after m7.pending_expiry_working_days
# working days, counted across the National Day holiday of 2022; a trade is refused while the
# seller's rights are pledged and while the buyer is under an order to correct (measure 2); a
# statement runs its balance; verify recomputes everything; kill -9 of a batch of 20,000 transfers
# leaves all of it or none, and verify holds.
. "$(dirname "$0")/lib.sh"

A=91130131M10000012G
B=91130131M100000398
EA=enterprise:$A
EB=enterprise:$B
add_user() { echo test-password-1 | "$GREENLANE" user add "$@" >/dev/null || exit 1; }
dump() { db_dump | sha256sum; }
q() { sql "$1"; }

run init
expect_rc 0 "init"
add_user xianju --role county_officer
add_user lingdao --role county_leader
add_user fazhi --role county_legal

run ledger reduction --client-id r1 --pollutant so2 --grams 1000000 --project 某电厂脱硫改造 --day 2022-09-01
expect_rc 0 "a verified reduction credits the reserve"
before=$(dump)
run ledger reduction --client-id r1 --pollutant so2 --grams 1000000 --project 某电厂脱硫改造 --day 2022-09-01
expect_rc 0 "the same reduction again is accepted"
expect_match out '^1	r1	reduction	settled' "and prints the existing transfer"
[ "$(dump)" = "$before" ] && ok "applying it twice changes nothing" || not_ok "applying it twice changes nothing"
run ledger reduction --client-id r1 --pollutant so2 --grams 999 --project 某电厂脱硫改造 --day 2022-09-01
expect_rc 1 "the same client id with other content is refused"
expect_match err 'client_id' "naming client_id"

run ledger transfer --client-id a1 --pollutant so2 --from origin:130131 --to $EA --grams 50000 --day 2022-09-02
expect_rc 0 "an allocation to an enterprise"
before=$(dump)
run ledger trade --client-id t0 --pollutant so2 --seller $EA --buyer $EB --grams 60000 --price-fen 100 --method bidding --day 2022-09-03
expect_rc 1 "a trade larger than the seller holds is refused"
expect_match err "$EA.*50000.*60000" "naming the account, available and asked grams"
[ "$(dump)" = "$before" ] && ok "and nothing changed" || not_ok "and nothing changed"
run ledger trade --client-id t1 --pollutant so2 --seller $EA --buyer $EB --grams 20000 --price-fen 300000 --method bidding --day 2022-09-05
expect_rc 0 "a trade with price and method"
run ledger transfer --client-id bad --pollutant so2 --from $EA --to origin:130131 --grams 1
expect_rc 1 "an enterprise cannot pay into origin"

# Two-person approval and expiry across National Day 2022.
run ledger propose --client-id p1 --pollutant so2 --from reserve:130131 --to $EB --grams 1000 --day 2022-09-28 --as xianju
expect_rc 0 "a release proposed by the county officer"
id=$(echo "$out" | cut -f1)
run ledger approve "$id" --today 2022-09-29 --as xianju
expect_rc 1 "the proposer cannot approve"
expect_match err '两人审批' "naming the two-person rule"
[ "$(q "SELECT expires_on FROM ledger_transfers WHERE id = $id")" = 2022-10-17 ] && ok "expires ten working days on, past the holiday and the make-up days" || not_ok "expires on" "$(q "SELECT expires_on FROM ledger_transfers WHERE id = $id")"
run ledger propose --client-id p2 --pollutant so2 --from reserve:130131 --to $EB --grams 2000 --day 2022-09-28 --as xianju
id2=$(echo "$out" | cut -f1)
run ledger approve "$id" --today 2022-10-17 --as lingdao
expect_rc 0 "the leader approves on the last day"
expect_match out 'settled' "and it settles"
run ledger approve "$id2" --today 2022-10-18 --as lingdao
expect_rc 1 "approval after expiry is refused"
run ledger expire --today 2022-10-18
expect_out 1 "the sweep expires the other"
[ "$(q "SELECT state FROM ledger_transfers WHERE id = $id2")" = expired ] && ok "expired" || not_ok "expired"
run ledger approve "$id" --as fazhi
expect_rc 1 "the legal reviewer does not approve"

# Pledges and orders to correct.
run ledger pledge $EB --pollutant so2 --grams 15000 --pledgee 平山农商银行 --from 2022-10-01
expect_rc 0 "a pledge of the buyer's rights"
pl=$out
run ledger trade --client-id t2 --pollutant so2 --seller $EB --buyer $EA --grams 10000 --price-fen 100000 --method negotiated --day 2022-10-20
expect_rc 1 "a trade of pledged rights is refused"
expect_match err "质押.*平山农商银行" "naming the pledge"
run ledger unpledge "$pl" --today 2022-10-21
expect_rc 0 "the pledge is released"
q "INSERT INTO cases (id, procedure, uscc, state, opened_on, pack_id, pack_version, created_at, updated_at) VALUES (900, 'm2.enforcement', NULL, 'ordered', '2022-10-01', 'pingshan-2022', 7, '2022-10-01T00:00:00Z', '2022-10-01T00:00:00Z')"
q "INSERT INTO m2_cases (case_id, case_number, party_uscc, party_name, violation_type, found_on, officers, facts, harm, minor, ordered_on) VALUES (900, '平环立〔2022〕9号', '$A', '甲', 'other', '2022-10-01', '张三', '超标', 'minor', 1, '2022-10-02')"
run ledger trade --client-id t3 --pollutant so2 --seller $EB --buyer $EA --grams 10000 --price-fen 100000 --method negotiated --day 2022-10-22
expect_rc 1 "a buyer under an order to correct is refused"
expect_match err '平环立〔2022〕9号' "naming the case number"
q "UPDATE cases SET open = 0, closed_on = '2022-11-01' WHERE id = 900"
run ledger trade --client-id t3 --pollutant so2 --seller $EB --buyer $EA --grams 10000 --price-fen 100000 --method negotiated --day 2022-11-02
expect_rc 0 "once the case is closed the trade goes through"

run ledger statement $EA --pollutant so2
expect_rc 0 "a statement"
expect_match out 'closing	40000' "closing with the running balance"
run ledger prices
expect_match out '2022-09-05	so2	20000	300000	150000	bidding' "prices without identities"
run ledger verify
expect_rc 0 "verify holds"

# kill -9 of a batch of 20,000 transfers, three rounds.
{
	echo "client_id,pollutant,from,to,grams,kind,day,note,price_fen,method"
	for i in $(seq 1 20000); do echo "b$i,nox,origin:130131,reserve:130131,$i,reduction,2022-12-01,,,"; done
} >batch.csv
for round in 1 2 3; do
	"$GREENLANE" ledger batch batch.csv >/dev/null 2>&1 &
	pid=$!
	sleep 0.$((RANDOM % 3 + 1))
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	n=$(q "SELECT COUNT(*) FROM ledger_transfers WHERE client_id LIKE 'b%'")
	{ [ "$n" -eq 0 ] || [ "$n" -eq 20000 ]; } && ok "round $round: all of the batch or none ($n)" || not_ok "round $round: $n rows"
	[ "$(q "SELECT COALESCE(SUM(grams), 0) FROM ledger_entries WHERE pollutant = 'nox'")" = 0 ] && ok "round $round: nox sums to zero" || not_ok "round $round: nox sum"
	run ledger verify
	expect_rc 0 "round $round: verify holds"
done
run ledger batch batch.csv
expect_rc 0 "the batch, run to the end (or again: replays)"
printf 'client_id,pollutant,from,to,grams,kind,day,note,price_fen,method\nx1,so2,%s,%s,999999999,trade,2022-12-02,,1,listed\n' $EA $EB >bad.csv
run ledger batch bad.csv
expect_rc 1 "a batch with a row that would go negative is refused"
expect_match err 'bad.csv:2' "naming FILE:LINE"
run ledger verify
expect_rc 0 "verify still holds"

done_testing
