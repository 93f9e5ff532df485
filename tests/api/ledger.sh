#!/usr/bin/env bash
# Measure 7's ledger over HTTP: a reduction (201, replayed 200, other content 409), a trade refused
# for want of rights (409 naming the account), a release proposed by the officer that the officer
# cannot approve (403) and the leader approves (200) — an m7.release case with its two steps — and
# a listed sale proposed through the engine's door (POST /api/v1/cases) that the enterprise credited
# sees but cannot approve, an enterprise that sees only its own account, the public price report
# without identities and verify.
. "$(dirname "$0")/lib.sh"

setup_db county_officer county_leader
A=91130131M10000012G
B=91130131M100000398
sql "INSERT INTO enterprises (uscc, name, industry, township, grade, updated_at) VALUES
	('$A', '丙建设集团', 'other', '平山镇', 'B', '2024-01-01T00:00:00Z'),
	('$B', '丁建材', 'cement', '温塘镇', 'C', '2024-01-01T00:00:00Z');" || exit 1
"$GREENLANE" audit seal >/dev/null || exit 1
echo "$PASSWORD" | "$GREENLANE" user add u_enterprise --role enterprise --enterprise "$A" >/dev/null || exit 1
start_server
declare -A TOK
for r in enterprise county_officer county_leader; do
	sign_in "u_$r"
	TOK[$r]=$TOKEN
done
as() {
	local role=$1 method=$2 path=$3
	if [ $# -ge 4 ]; then
		req_json "$method" "$path" "$4" -H "Authorization: Bearer ${TOK[$role]}"
	else
		req "$method" "$path" -H "Authorization: Bearer ${TOK[$role]}"
	fi
}
EA=enterprise:$A
EB=enterprise:$B
TODAY=$(date +%F)

as county_officer POST /api/v1/ledger/reductions '{"client_id":"r1","pollutant":"so2","grams":1000000,"project":"脱硫改造","verified_on":"'"$TODAY"'"}'
expect_status 201 "a reduction credits the reserve"
as county_officer POST /api/v1/ledger/reductions '{"client_id":"r1","pollutant":"so2","grams":1000000,"project":"脱硫改造","verified_on":"'"$TODAY"'"}'
expect_status 200 "the same again is a replay"
as county_officer POST /api/v1/ledger/reductions '{"client_id":"r1","pollutant":"so2","grams":5,"project":"脱硫改造","verified_on":"'"$TODAY"'"}'
expect_status 409 "the same client id with other content"
as county_officer POST /api/v1/ledger/transfers '{"client_id":"a1","pollutant":"so2","from":"origin:130131","to":"'$EA'","grams":50000}'
expect_status 201 "an allocation"
as county_officer POST /api/v1/ledger/trades '{"client_id":"t0","pollutant":"so2","seller":"'$EA'","buyer":"'$EB'","grams":60000,"price_fen":1,"method":"bidding"}'
expect_status 409 "a trade beyond what the seller holds"
as county_officer POST /api/v1/ledger/trades '{"client_id":"t1","pollutant":"so2","seller":"'$EA'","buyer":"'$EB'","grams":20000,"price_fen":300000,"method":"bidding"}'
expect_status 201 "a trade"
as county_officer POST /api/v1/ledger/transfers '{"client_id":"p1","pollutant":"so2","from":"reserve:130131","to":"'$EB'","grams":1000,"kind":"release"}'
expect_status 201 "a release proposed"
id=$(json 'd["transfer"]["id"]')
as county_officer GET "/api/v1/ledger/transfers?state=pending"
[ "$(json 'd["transfers"][0]["offers"]')" = '["cancel"]' ] && ok "the proposer is offered no approval" || not_ok "offers" "$body"
as county_officer POST "/api/v1/ledger/transfers/$id/approve" '{}'
expect_status 403 "the proposer cannot approve"
as county_leader POST "/api/v1/ledger/transfers/$id/approve" '{}'
expect_status 200 "the leader approves"
[ "$(json 'd["transfer"]["state"] + "/" + d["transfer"]["approved_by"]')" = settled/u_county_leader ] && ok "settled, its approver recorded" || not_ok "approved" "$body"
CASE=$(json 'd["transfer"]["case_id"]')
as county_officer GET "/api/v1/cases/$CASE"
[ "$(json 'd["case"]["procedure"] + "/" + d["case"]["state"] + "/" + str([s["action"] for s in d["steps"]])')" = "m7.release/settled/['propose', 'approve']" ] && ok "the release is an m7.release case with its two steps" || not_ok "release case" "$body"

# The same procedure through the engine's door: a sale to the enterprise of the clerk.
as county_officer POST /api/v1/cases '{"procedure":"m7.release","action":"propose","fields":{"kind":"sale","to":"'$EA'","pollutant":"so2","grams":2000,"price_fen":50000,"client_id":"s1"}}'
expect_status 201 "a listed sale proposed as a case"
SALE=$(json 'd["case"]["id"]')
[ "$(json 'd["case"]["uscc"] + "/" + d["case"]["state"]')" = "$A/proposed" ] && ok "for the enterprise credited, proposed" || not_ok "sale case" "$body"
as enterprise GET "/api/v1/cases/$SALE"
expect_status 200 "the enterprise credited sees the case"
[ "$(json 'd["offers"]')" = '[]' ] && ok "and may take no step of it" || not_ok "enterprise offers" "$body"
as enterprise POST "/api/v1/cases/$SALE/steps" '{"action":"approve","version":1}'
expect_status 403 "an enterprise cannot approve"
as county_officer POST "/api/v1/cases/$SALE/steps" '{"action":"approve","version":1}'
expect_status 403 "nor its proposer"
as county_leader POST /api/v1/cases '{"procedure":"m7.release","action":"propose","fields":{"kind":"release","to":"'$EA'","pollutant":"so2","grams":2000,"price_fen":1,"client_id":"s2"}}'
expect_error 400 invalid price_fen "a release with a price names price_fen"
as county_leader POST "/api/v1/cases/$SALE/steps" '{"action":"approve","version":1}'
expect_status 200 "the leader approves the sale"
as county_officer GET "/api/v1/ledger/transfers?state=settled"
[ "$(json '[t["client_id"] for t in d["transfers"] if t["kind"] == "sale"]')" = '["s1"]' ] && ok "the sale settled in the ledger" || not_ok "sale settled" "$body"
as enterprise GET /api/v1/ledger/accounts
[ "$(json 'len(d["accounts"])')" = 1 ] && ok "an enterprise sees its own account only" || not_ok "enterprise accounts" "$body"
as enterprise GET "/api/v1/ledger/accounts/$EB"
expect_status 404 "and not another's"
as county_officer GET "/api/v1/ledger/accounts/$EA"
[ "$(json 'd["label_zh"]')" = 丙建设集团 ] && ok "a registered enterprise's account is called by its name" || not_ok "account label" "$body"
as county_officer GET "/api/v1/ledger/accounts/enterprise:91130131MA0UA9QF1T"
[ "$(json 'd["label_zh"] + " / " + d["label_en"]')" = "企业 91130131MA0UA9QF1T / Enterprise 91130131MA0UA9QF1T" ] && ok "an enterprise outside the registry by its USCC, in both languages" || not_ok "unregistered label" "$body"
as county_officer GET "/api/v1/ledger/accounts/$EA/statement?pollutant=so2"
[ "$(json 'd["closing_g"]')" = 32000 ] && ok "the statement's closing balance: the allocation, less the trade, with the sale" || not_ok "statement" "$body"
req GET /api/v1/public/ledger/prices
expect_status 200 "the price report is public"
printf '%s' "$body" | grep -q "$A" && not_ok "the prices name no one" || ok "the prices name no one"
as county_officer GET /api/v1/ledger/verify
[ "$(json 'd["ok"]')" = true ] && ok "verify holds" || not_ok "verify" "$body"
stop_server
done_testing
