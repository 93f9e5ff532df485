#!/usr/bin/env bash
# Measure 6's help targets turned into measure 5's service visits (结合“两进三送”对正面清单企业
# 上下游企业帮扶): a leader plans a visit to a positive-list enterprise's partner that is no key air
# emitter by naming the open help target; the target records the visit and its link stays sealed;
# without a target, a target closed, planned already, about another partner or on an ended link,
# the plan is refused naming the field and nothing changes.
. "$(dirname "$0")/lib.sh"

LISTED=91130131M10000012G # on the positive list
PARTNER=91130131M10000020B # its supplier: grade C, no key air emitter
OTHER=91130131M100000398  # another supplier, grade D

run init
expect_rc 0 "init"
cat >enterprises.csv <<'CSV'
uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list
91130131M10000012G,甲铸造,foundry,平山镇,A,1,1,1
91130131M10000020B,乙铸造,foundry,平山镇,C,1,0,0
91130131M100000398,丙铸造,foundry,温塘镇,D,1,0,0
CSV
run import enterprises enterprises.csv
expect_rc 0 "import enterprises"
for u in lingdao:county_leader xianju:county_officer; do
	echo test-password-1 | "$GREENLANE" user add "${u%%:*}" --role "${u#*:}" >/dev/null || exit 1
done
dump() { db_dump | sha256sum; }
refused() {
	local what=$1 field=$2 before
	shift 2
	before=$(dump)
	run "$@"
	expect_rc 1 "$what: exit 1"
	expect_match err "^greenlane: $field: " "$what: names $field"
	[ "$(dump)" = "$before" ] && ok "$what: nothing changed" || not_ok "$what: nothing changed"
}

run visit expert add 李明 --unit 石家庄市生态环境科学研究院 --as lingdao
expect_out 1 "an expert on the roster"
run supply link add $LISTED --direction upstream --partner $PARTNER --product 生铁 --today 2022-05-01 --as xianju
expect_rc 0 "a link to a partner graded C"
LINK=$out
run supply link add $LISTED --direction upstream --partner $OTHER --product 焦炭 --today 2022-05-01 --as xianju
OLINK=$out
run supply target add "$LINK" --target "帮扶乙铸造提升至 B 级" --today 2022-05-02 --as xianju
expect_rc 0 "a help target for it"
T=$out
run supply target add "$OLINK" --target 帮扶丙铸造 --today 2022-05-02 --as xianju
OT=$out

refused "a partner that is no key air emitter, without a target" uscc \
	visit plan $PARTNER --on 2022-06-01 --team 1 --today 2022-05-10 --as lingdao
refused "a target about another partner" help_target \
	visit plan $PARTNER --on 2022-06-01 --team 1 --help-target "$OT" --today 2022-05-10 --as lingdao
refused "a plan dated before its target was set" help_target \
	visit plan $PARTNER --on 2022-06-01 --team 1 --help-target "$T" --today 2022-05-01 --as lingdao
refused "a target that does not exist" help_target \
	visit plan $PARTNER --on 2022-06-01 --team 1 --help-target 999 --today 2022-05-10 --as lingdao
run visit plan $PARTNER --on 2022-06-01 --team 1 --help-target "$T" --today 2022-05-10 --as lingdao
expect_rc 0 "the leader plans a visit to the partner for the help target"
V=$out
[ "$(sql "SELECT visit_case_id FROM supply_help_targets WHERE id = $T")" = "$V" ] && ok "the target records the visit" || not_ok "visit_case_id"
run visit show "$V" --json --as lingdao
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; h=json.load(sys.stdin)["help_target"]; print(h["id"], h["enterprise_uscc"], h["direction"], h["target"])')" = "$T $LISTED upstream 帮扶乙铸造提升至 B 级" ] && ok "the visit names the help target it serves" || not_ok "visit help_target" "$out"
run supply review $LISTED --json --as xianju
[ "$(printf '%s' "$out" | python3 -c 'import json,sys
d=json.load(sys.stdin)
ts=[t for e in d["enterprises"] for p in e["partners"] for t in p["link"]["targets"]]
print(sorted((t["id"], t.get("visit_case_id")) for t in ts))')" = "[($T, $V), ($OT, None)]" ] && ok "the review shows the target's visit" || not_ok "review shows the visit" "$out"
refused "the same target planned twice" help_target \
	visit plan $PARTNER --on 2022-06-02 --team 1 --help-target "$T" --today 2022-05-11 --as lingdao
run supply target close "$OT" --dropped --note 不再帮扶 --today 2022-05-12 --as xianju
refused "a closed target" help_target \
	visit plan $OTHER --on 2022-06-02 --team 1 --help-target "$OT" --today 2022-05-12 --as lingdao
run audit verify
expect_rc 0 "the audit trail and the link's seal hold"
sql "UPDATE supply_help_targets SET visit_case_id = NULL WHERE id = $T"
run audit verify
expect_rc 1 "a visit taken off its target by hand is found"

done_testing
