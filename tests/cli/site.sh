#!/usr/bin/env bash
# `greenlane site` and the procedure m8.listing: measure 8's construction sites and the county's
# positive list of key construction projects, walked end to end from the command line — a site
# registered by its builder or the county officer, its dust control checked by the
# urban-management bureau, the application with its materials to the competent department, the
# department's return and pass, the joint preliminary review by the branch, the housing and
# construction bureau and the township (all three pass; one return; one refusal), the publication
# for five working days right before National Day 2022 with an objection dismissed, the listing,
# an objection upheld, an adjustment by each list lead, the inspections of a listed site with and
# without a listed reason, a removal by a failed dust check, a removal by a list lead, a finished
# site, a withdrawal. Every reviewer is refused outside its department or township; an enterprise
# sees only its own sites; every bad input is refused naming the field (exit 1) and changes
# nothing (the whole database is dumped before and after); the public list shows only what is
# listed and nothing private; the audit chain and its seals verify at the end.
. "$(dirname "$0")/lib.sh"

OWN=91130131M10000012G   # the builder, in the registry (qiye's enterprise)
OTHER=91130131M100000398 # another enterprise of the registry (qiye2's)
EDU=11130131000012343M   # 平山县教育局, outside the registry
HOSP=12130131000056784C  # 平山县人民医院, outside the registry

run init
expect_rc 0 "init"
cat >enterprises.csv <<'CSV'
uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list
91130131M10000012G,甲建设集团,other,平山镇,B,0,0,0
91130131M100000398,乙建材,building_materials,温塘镇,C,1,0,0
CSV
run import enterprises enterprises.csv
expect_rc 0 "import enterprises"
add_user() { echo test-password-1 | "$GREENLANE" user add "$@" >/dev/null || exit 1; }
add_user xianju --role county_officer
add_user zhujian --role dept_officer --department 住建局
add_user jiaoyu --role dept_officer --department education
add_user weijian --role dept_officer --department 县卫生健康局
add_user chengguan --role dept_officer --department urban_management
add_user daqiban --role dept_officer --department 大气办
add_user zhen --role township_officer --township 平山镇
add_user zhen2 --role township_officer --township 温塘镇
add_user qiye --role enterprise --enterprise $OWN
add_user qiye2 --role enterprise --enterprise $OTHER
add_user shuiwu --role tax_officer

dump() { db_dump | sha256sum; }

# refused DESCRIPTION FIELD ARGS...: exit 1, stderr names FIELD, the database is unchanged.
refused() {
	local what=$1 field=$2 before
	shift 2
	before=$(dump)
	run "$@"
	expect_rc 1 "$what: exit 1"
	expect_match err "^greenlane: $field: " "$what: names $field"
	[ "$(dump)" = "$before" ] && ok "$what: nothing changed" || not_ok "$what: nothing changed"
}
# jq_out EXPR: the Python value of EXPR over the JSON of the last run's stdout, as repr (a text
# alone as itself).
jq_out() { printf '%s' "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); v=($1); print(v if isinstance(v, str) else repr(v))"; }
state_of() { sql "SELECT state FROM cases WHERE id = $1"; }

# --- the registry: bad input named, nothing written

T=(--today 2022-09-01)
refused "a builder's USCC with a wrong check character" builder_uscc site add --project 小学 --category school --township 平山镇 --builder 91130131M10000012X --builder-name 某 "${T[@]}"
refused "an unknown category" category site add --project 小学 --category factory --township 平山镇 --builder $EDU --builder-name 教育局 "${T[@]}"
refused "an unknown township" township site add --project 小学 --category school --township 北京市 --builder $EDU --builder-name 教育局 "${T[@]}"
refused "a negative earthwork area" earthwork_m2 site add --project 小学 --category school --township 平山镇 --builder $EDU --builder-name 教育局 --earthwork-m2 -5 "${T[@]}"
refused "an earthwork area that is no number" earthwork_m2 site add --project 小学 --category school --township 平山镇 --builder $EDU --builder-name 教育局 --earthwork-m2 5千 "${T[@]}"
refused "no project" project site add --category school --township 平山镇 --builder $EDU --builder-name 教育局 "${T[@]}"
refused "a builder outside the registry without its name" builder_name site add --project 小学 --category school --township 平山镇 --builder $EDU "${T[@]}"
refused "started after the day it is registered" started_on site add --project 小学 --category school --township 平山镇 --builder $EDU --builder-name 教育局 --started-on 2022-09-02 "${T[@]}"
refused "an enterprise registers another builder's site" builder_uscc site add --project 厂房 --category key_project --township 平山镇 --builder $OTHER "${T[@]}" --as qiye
before=$(dump)
run site add --project 小学 --category school --township 平山镇 --builder $EDU --builder-name 教育局 "${T[@]}" --as jiaoyu
expect_rc 1 "a department registers no site"
[ "$(dump)" = "$before" ] && ok "and nothing changed" || not_ok "refused registration changed the database"

run site add --project 甲建设集团办公楼 --category 市政工程 --township 平山镇 --earthwork-m2 3000 --started-on 2022-08-15 "${T[@]}" --as qiye
expect_out 1 "the builder registers its own site: its number"
run site add --project 平山县第三中学体育馆 --category school --township 平山镇 --builder $EDU --builder-name 平山县教育局 --address '文化路 3 号' --earthwork-m2 3500 "${T[@]}" --as xianju
expect_out 2 "the county officer registers one for a builder outside the registry"
run site add --project 温塘镇卫生院综合楼 --category 医院 --township 温塘镇 --builder $HOSP --builder-name 平山县人民医院 "${T[@]}" --as xianju
expect_out 3 "and a hospital in 温塘镇"
run site add --project 滨河公园改造 --category landscaping --township 平山镇 --builder $OTHER "${T[@]}" --as xianju
expect_out 4 "and a park whose builder is in the registry"
run site add --project 平山县第二小学 --category school --township 平山镇 --builder $EDU --builder-name 平山县教育局 "${T[@]}"
expect_out 5 "and the operator a fifth"
run site show 1 --json --as qiye
[ "$(jq_out '[d[k] for k in ("category", "department", "builder_uscc", "builder_name", "builder_registered", "township", "earthwork_m2", "dust_control", "status", "listed")]')" = \
	"['municipal_works', 'housing_construction', '$OWN', '甲建设集团', True, '平山镇', 3000, 'unchecked', 'under_construction', False]" ] &&
	ok "the site as kept: the category's code, its competent department, the builder's registry name" || not_ok "site 1" "$out"
run site show 4 --json --as xianju
[ "$(jq_out 'd["builder_name"], d["department"]')" = "('乙建材', 'urban_management')" ] && ok "a registered builder named from the registry; landscaping goes to urban management" || not_ok "site 4" "$out"

# --- who sees which site

ids() { printf '%s\n' "$out" | cut -f1 | tr '\n' ' '; }
run site list --as qiye
[ "$(ids)" = "1 " ] && ok "an enterprise lists its own sites only" || not_ok "qiye's list" "$out"
run site list --as qiye2
[ "$(ids)" = "4 " ] && ok "another enterprise lists the site it builds, registered by the branch" || not_ok "qiye2's list" "$out"
run site show 1 --as qiye2
expect_rc 1 "another enterprise does not find the site"
expect_match err '^greenlane: id: ' "as if it did not exist"
run site list --as jiaoyu
[ "$(ids)" = "2 5 " ] && ok "the education bureau lists the schools" || not_ok "jiaoyu's list" "$out"
run site list --as weijian
[ "$(ids)" = "3 " ] && ok "the health bureau the hospital" || not_ok "weijian's list" "$out"
run site show 2 --as weijian
expect_rc 1 "the health bureau does not find a school"
run site list --as zhujian
[ "$(ids)" = "1 2 3 4 5 " ] && ok "housing and construction (a joint reviewer) lists every site" || not_ok "zhujian's list" "$out"
run site list --as chengguan
[ "$(ids)" = "1 2 3 4 5 " ] && ok "the urban-management bureau (the dust verifier) every site" || not_ok "chengguan's list" "$out"
run site list --as zhen
[ "$(ids)" = "1 2 4 5 " ] && ok "平山镇 lists its township's sites" || not_ok "zhen's list" "$out"
run site list --as zhen2
[ "$(ids)" = "3 " ] && ok "温塘镇 its own" || not_ok "zhen2's list" "$out"
run site list --as shuiwu
expect_rc 1 "the tax department sees no site"

# --- dust control before applying

mkdir docs && for f in form approval dust; do echo "$f" >docs/$f.pdf; done
D=(--document 申请表=docs/form.pdf --document 项目批准文件=docs/approval.pdf --document 扬尘防治证明材料=docs/dust.pdf)
refused "an application before the dust check" dust_control site apply 2 "${D[@]}" --today 2022-09-05 --as xianju
refused "a department records no dust result" dust_result site inspect 2 --reason dust_recheck --dust passed --on 2022-09-05 --today 2022-09-05 --as jiaoyu
refused "a failed dust check says what failed" note site inspect 2 --reason dust_recheck --dust failed --on 2022-09-05 --today 2022-09-05 --as chengguan
refused "an inspection without a reason" reason site inspect 2 --on 2022-09-05 --today 2022-09-05 --as chengguan
refused "an inspection for a reason the pack does not know" reason site inspect 2 --reason curiosity --on 2022-09-05 --today 2022-09-05 --as chengguan
refused "an inspection dated after the record" on site inspect 2 --reason routine --on 2022-09-06 --today 2022-09-05 --as chengguan
refused "a dust result that is neither" dust_result site inspect 2 --reason routine --dust maybe --on 2022-09-05 --today 2022-09-05 --as chengguan
for s in 1 2 3 4 5; do
	run site inspect $s --reason dust_recheck --dust passed --note 六个百分之百已落实 --on 2022-09-05 --today 2022-09-05 --as chengguan
	expect_rc 0 "the urban-management bureau checks site $s's dust control: passed"
done
run site show 2 --json --as xianju
[ "$(jq_out 'd["dust_control"], d["dust_checked_on"], d["inspections"], d["inspections_made"][0]["unit"]')" = "('passed', '2022-09-05', 1, 'urban_management')" ] && ok "the check is recorded as an inspection with its unit" || not_ok "dust passed" "$out"

# --- applying: materials, whose site

refused "an application without its materials" documents site apply 2 --document 申请表=docs/form.pdf --today 2022-09-06 --as xianju
refused "another enterprise applies for the site" site site apply 1 "${D[@]}" --today 2022-09-06 --as qiye2
refused "no such site" site site apply 99 "${D[@]}" --today 2022-09-06 --as xianju
run site apply 2 "${D[@]}" --today 2022-09-06 --as xianju
expect_out 1 "the county officer applies for the school: the case's id"
refused "a second application for the site" site site apply 2 "${D[@]}" --today 2022-09-06 --as xianju
run site update 2 --earthwork-m2 4000 --today 2022-09-06 --as xianju
expect_rc 1 "a site under review is not changed"
run site apply 1 "${D[@]}" --today 2022-09-06 --as qiye
expect_out 2 "the builder applies for its own site"
run case show 2 --json --as qiye
[ "$(jq_out 'd["case"]["state"], d["case"]["party_uscc"], [x["name"] for x in d["offers"]]')" = "('applied', '$OWN', ['withdraw'])" ] && ok "its case is the builder's, with the department" || not_ok "case 2" "$out"

# --- the competent department, and no other

refused "another department reviews it" department case step 1 dept_pass --today 2022-09-07 --as zhujian
before=$(dump)
run case step 1 dept_pass --today 2022-09-07 --as weijian
expect_rc 1 "the health bureau does not find the school's application"
expect_match err '^greenlane: id: ' "as no such case"
run case show 1 --as weijian
expect_rc 1 "nor reads it"
run case step 1 dept_pass --today 2022-09-07 --as zhen
expect_rc 1 "nor does the township review for the department"
[ "$(dump)" = "$before" ] && ok "and nothing changed" || not_ok "refused review changed the database"
run case work --as jiaoyu --today 2022-09-07
expect_match out $'\t1\tm8.listing\t' "the education bureau's work holds the application"
expect_match out 'dept_pass,dept_return$' "with its review"
run case work --as zhujian --today 2022-09-07
! printf '%s\n' "$out" | grep -q $'\t1\tm8.listing\t.*dept_pass' && printf '%s\n' "$out" | grep -q $'\t2\tm8.listing\t.*dept_pass' &&
	ok "housing and construction is offered the review of its own department's application only" || not_ok "zhujian's offers" "$out"
refused "a return without reasons" reason case step 1 dept_return --today 2022-09-07 --as jiaoyu
run case step 1 dept_return --reason 缺少施工许可证 --today 2022-09-07 --as jiaoyu
expect_out returned "the department returns it"
run site update 2 --earthwork-m2 4000 --today 2022-09-08 --as xianju
expect_match out 'updated' "a returned application's site may be changed"
run case step 1 resubmit --document 项目批准文件=docs/approval.pdf --today 2022-09-08 --as xianju
expect_out applied "and applied again"
run case step 1 dept_pass --reason 材料齐全 --today 2022-09-09 --as jiaoyu
expect_out joint_review "the department passes it to the joint review"
run case step 2 dept_pass --today 2022-09-09 --as zhujian
expect_out joint_review "housing and construction reviews the municipal works as their department"

# --- the joint review: three seats, each its own

refused "another township's officer" id case step 1 joint_township --today 2022-09-13 --as zhen2
refused "the branch's seat taken by housing" role case step 1 joint_branch --today 2022-09-13 --as zhujian
refused "the housing seat taken by the education bureau" department case step 1 joint_housing --today 2022-09-13 --as jiaoyu
refused "the township's seat taken by the branch" role case step 1 joint_township --today 2022-09-13 --as xianju
run case step 1 joint_township --reason 同意 --today 2022-09-13 --as zhen
expect_out joint_review "平山镇 passes: the case waits for the other two"
refused "a seat passes once" state case step 1 joint_township --today 2022-09-13 --as zhen
refused "a seat that passed returns it no more" state case step 1 joint_return --reason 改主意 --today 2022-09-13 --as zhen
run case step 1 joint_housing --today 2022-09-14 --as zhujian
expect_out joint_review "housing and construction passes: still one to go"
run case step 1 joint_branch --reason 扬尘防治到位 --today 2022-09-15 --as xianju
expect_out joint_passed "the branch passes last: all three passed"
run case show 1 --json --as xianju
[ "$(jq_out '[(r["kind"], r["outcome"], r["reviewed_by"]) for r in d["reviews"]]')" = \
	"[('competent_department', 'returned', 'jiaoyu'), ('competent_department', 'passed', 'jiaoyu'), ('joint_township', 'passed', 'zhen'), ('joint_housing_construction', 'passed', 'zhujian'), ('joint_county_branch', 'passed', 'xianju')]" ] &&
	ok "each review recorded: the department's two and the three seats" || not_ok "reviews" "$out"

# the hospital of 温塘镇: a return by one seat, then a refusal
run site apply 3 "${D[@]}" --today 2022-09-06 --as xianju
expect_out 3 "the hospital applies"
run case step 3 dept_pass --today 2022-09-07 --as weijian
expect_out joint_review "the health bureau passes it"
run case step 3 joint_township --today 2022-09-08 --as zhen2
expect_out joint_review "温塘镇 passes"
refused "a joint return without reasons" reason case step 3 joint_return --today 2022-09-09 --as zhujian
run case step 3 joint_return --reason 施工图未审查 --today 2022-09-09 --as zhujian
expect_out returned "housing and construction returns it: one return is enough"
run case step 3 resubmit --today 2022-09-12 --as xianju
run case step 3 dept_pass --today 2022-09-13 --as weijian
expect_out joint_review "back in the joint review, its seats to pass again"
run case show 3 --json --as xianju
[ "$(jq_out '[x["name"] for x in d["offers"]]')" = "['joint_branch', 'joint_return', 'joint_refuse']" ] && ok "the branch's seat is open again in the new round" || not_ok "round 2" "$out"
run case step 3 joint_refuse --reason 施工单位近期扬尘问题被通报 --today 2022-09-14 --as zhen2
expect_out refused "the township refuses it"
run site show 3 --json --as xianju
[ "$(jq_out 'd["case_id"], d["listed"], [(a["case_id"], a["state"], a["current"]) for a in d["applications"]]')" = "(None, False, [(3, 'refused', False)])" ] && ok "the site has no current application and may apply anew" || not_ok "refused site" "$out"

# --- publication: five working days from the day before National Day, an objection

refused "publication by a department that does not lead the list" role case step 1 publish --today 2022-09-29 --as jiaoyu
run case step 1 publish --reason 县政府网站公示 --today 2022-09-29 --as xianju
expect_out publication "the branch publishes it on 2022-09-29"
run case show 1 --json --as xianju --today 2022-09-29
[ "$(jq_out '[(x["kind"], x["due"], x["status"]) for x in d["deadlines"]]')" = "[('publication', '2022-10-11', 'running')]" ] &&
	ok "its publication ends on 2022-10-11: 09-30, the make-up days 10-08 and 10-09, 10-10, 10-11" || not_ok "publication due" "$out"
run site show 2 --json --as xianju
[ "$(jq_out 'd["application"]["published_on"], d["application"]["publication_due"]')" = "('2022-09-29', '2022-10-11')" ] && ok "the application keeps both days" || not_ok "application days" "$out"
refused "an objection without its content" content case step 1 object --field objector=居民 --today 2022-09-30 --as xianju
run case step 1 object --field content=施工围挡占用人行道 --field objector=附近居民 --today 2022-09-30 --as xianju
expect_out publication "an objection is recorded; the publication goes on"
refused "listing before the publication ends" today case step 1 list --today 2022-10-11 --as xianju
refused "listing with an objection pending" objection case step 1 list --today 2022-10-12 --as xianju
refused "an objection after the publication ended" today case step 1 object --field content=晚了 --today 2022-10-12 --as xianju
refused "dismissing an objection that is none" objection case step 1 dismiss_objection --field objection=99 --reason 无 --today 2022-10-12 --as xianju
run case step 1 dismiss_objection --reason 围挡已调整，不属扬尘防治问题 --today 2022-10-12 --as xianju
expect_out publication "the objection is dismissed"
refused "a second decision: none pending" objection case step 1 dismiss_objection --reason 无 --today 2022-10-12 --as xianju
run case step 1 list --today 2022-10-12 --as xianju
expect_out listed "listed the day after the publication ended"
run site show 2 --json --as jiaoyu
[ "$(jq_out 'd["listed"], d["listed_on"], d["case_state"], [(o["status"], o["content"], o["decision"]) for o in d["objections"]]')" = \
	"(True, '2022-10-12', 'listed', [('dismissed', '施工围挡占用人行道', '围挡已调整，不属扬尘防治问题')])" ] && ok "the site is listed, its objection kept with its decision" || not_ok "listed" "$out"

# --- an objection upheld stops the listing (the builder's own site)

run case step 2 joint_township --today 2022-09-13 --as zhen
run case step 2 joint_housing --today 2022-09-13 --as zhujian
run case step 2 joint_branch --today 2022-09-13 --as xianju
run case step 2 publish --today 2022-09-14 --as daqiban
expect_out publication "the air-pollution office (a list lead) publishes the builder's site"
run case step 2 object --field content=夜间土方作业扬尘严重 --today 2022-09-15 --as xianju
run case step 2 uphold_objection --reason 经核实属实 --today 2022-09-22 --as xianju
expect_out objection_upheld "an objection upheld: not listed"
run site show 1 --json --as qiye
[ "$(jq_out 'd["listed"], d["case_id"], d["objections"]')" = "(False, None, [])" ] && ok "the builder's site stays off the list" || not_ok "upheld" "$out"

# --- inspections of a listed site (少检查、少打扰)

refused "a routine inspection of a listed site" reason site inspect 2 --reason routine --on 2022-10-20 --today 2022-10-20 --as xianju
expect_match err 'm8\.listed_benefits' "the refusal cites the list's benefits"
expect_match err 'm8\.listed_inspection_reasons' "and the reasons the list allows"
refused "a random inspection named in Chinese" reason site inspect 2 --reason “双随机”抽查 --on 2022-10-20 --today 2022-10-20 --as zhen
run site inspect 2 --reason complaint --note 接群众投诉 --on 2022-10-20 --today 2022-10-20 --as xianju
expect_rc 0 "an inspection on a complaint is recorded"
run site inspect 2 --reason 重污染天气预警期间检查 --on 2022-11-25 --today 2022-11-25 --as zhen
expect_rc 0 "the township checks it during an alert"
run site inspect 4 --reason routine --on 2022-10-20 --today 2022-10-20 --as xianju
expect_rc 0 "an unlisted site may be inspected for any reason"
run site list --as xianju
expect_match out $'^2\t.*已列入清单.*检查 3 次（在清单期间 2 次）$' "the listed site's inspections counted, two while listed"
expect_match out $'^4\t.*检查 2 次（在清单期间 0 次）$' "and the unlisted one's, none while listed"
run site inspections 2 --json --as jiaoyu
[ "$(jq_out '[(i["reason"], i["unit"], i["listed"]) for i in d]')" = "[('alert_check', '平山镇', True), ('complaint', 'county_branch', True), ('dust_recheck', 'urban_management', False)]" ] &&
	ok "each with its reason, unit and whether it was listed that day" || not_ok "inspections" "$out"

# --- adjustments by the list's leads

refused "a listed site is not changed by update" id site update 2 --project 新名 --today 2022-10-21 --as xianju
refused "an adjustment without its reason" reason case step 1 adjust --field earthwork_m2=3800 --today 2022-10-21 --as xianju
refused "an adjustment to a negative area" earthwork_m2 case step 1 adjust --field earthwork_m2=-1 --reason 复核 --today 2022-10-21 --as xianju
refused "an adjustment that changes nothing" fields case step 1 adjust --field earthwork_m2=4000 --reason 复核 --today 2022-10-21 --as xianju
refused "an adjustment by a department that does not lead" role case step 1 adjust --field earthwork_m2=3800 --reason 复核 --today 2022-10-21 --as jiaoyu
run case step 1 adjust --field earthwork_m2=3800 --reason 土方量复核 --today 2022-10-21 --as xianju
expect_out listed "the branch adjusts the area"
run case step 1 adjust --field project=平山县第三中学体育馆及看台 --reason 项目名称以批复为准 --today 2022-10-24 --as daqiban
expect_out listed "the air-pollution office the project's name"
run site show 2 --json --as xianju
[ "$(jq_out 'd["project"], d["earthwork_m2"], [(c["field"], c["from"], c["to"], c["reason"], c["case_id"]) for c in d["changes"][-2:]]')" = \
	"('平山县第三中学体育馆及看台', 3800, [('earthwork_m2', '4000', '3800', '土方量复核', 1), ('project', '平山县第三中学体育馆', '平山县第三中学体育馆及看台', '项目名称以批复为准', 1)])" ] &&
	ok "each adjustment recorded with its reason and case" || not_ok "adjustments" "$out"

# --- the public list: only what is listed, nothing private

run site public --json
[ "$(jq_out 'd')" = "[{'project': '平山县第三中学体育馆及看台', 'category': 'school', 'category_name_zh': '学校', 'category_name_en': 'School', 'township': '平山镇', 'township_name_en': 'Pingshan', 'builder_name': '平山县教育局', 'listed_on': '2022-10-12'}]" ] &&
	ok "the public list: the listed site's project, category, township, builder's name and day, nothing else" || not_ok "public" "$out"

# --- removal by a failed dust check

refused "a failed dust check by a department that does not verify" dust_result site inspect 2 --reason dust_recheck --dust failed --note 裸土 --on 2022-11-28 --today 2022-11-28 --as jiaoyu
run site inspect 2 --reason dust_recheck --dust failed --note 裸土未覆盖，车辆未冲洗 --on 2022-11-28 --today 2022-11-28 --as chengguan
expect_match out '已移出正面清单' "a failed dust check takes the listed site off the list"
run site show 2 --json --as xianju
[ "$(jq_out 'd["listed"], d["dust_control"], d["removed_on"], d["removed_reason"], d["applications"][0]["state"], d["inspections_made"][0]["dust_result"], d["inspections_made"][0]["case_id"]')" = \
	"(False, 'failed', '2022-11-28', '扬尘防治核查不合格：裸土未覆盖，车辆未冲洗', 'removed', 'failed', 1)" ] && ok "removed with what was found, the check an inspection of the step" || not_ok "dust removed" "$out"
[ "$(state_of 1)" = removed ] && ok "the application is closed as removed" || not_ok "case 1 state"
run site public --json
[ "$(jq_out 'd')" = "[]" ] && ok "and the public list is empty again" || not_ok "public after removal" "$out"
refused "an application while dust control is failed" dust_control site apply 2 "${D[@]}" --today 2022-11-29 --as xianju

# --- a removal by a list lead; a finished site; a withdrawal

walk_to_list() { # SITE CASE DEPT TOWN
	local site=$1 id=$2 dept=$3 town=$4
	run site apply "$site" "${D[@]}" --today 2022-11-01 --as xianju
	[ "$out" = "$id" ] || not_ok "apply $site" "$out" "$err"
	for s in "dept_pass $dept" "joint_township $town" "joint_housing zhujian" "joint_branch xianju"; do
		run case step "$id" ${s% *} --today 2022-11-02 --as ${s#* }
	done
	run case step "$id" publish --today 2022-11-03 --as xianju
	run case step "$id" list --today 2022-11-11 --as xianju
	[ "$out" = listed ] || not_ok "list $site" "$out" "$err"
}
walk_to_list 5 4 jiaoyu zhen
walk_to_list 4 5 chengguan zhen
refused "a removal without its reason" reason case step 4 remove --today 2022-11-20 --as xianju
run case step 4 remove --reason 项目已停工 --today 2022-11-20 --as xianju
expect_out removed "the branch removes a listed site with its reason"
run site finish 4 --note 竣工验收 --today 2022-11-30 --as xianju
expect_rc 0 "the park is finished"
run site show 4 --json --as xianju
[ "$(jq_out 'd["status"], d["finished_on"], d["listed"], d["applications"][-1]["state"]')" = "('finished', '2022-11-30', False, 'finished')" ] && ok "finished: off the list by the step finish" || not_ok "finished" "$out"
refused "finished twice" id site finish 4 --today 2022-12-01 --as xianju
refused "a finished site is inspected no more" id site inspect 4 --reason complaint --today 2022-12-01 --as xianju
run site apply 3 "${D[@]}" --today 2022-11-01 --as xianju
expect_out 6 "the refused hospital applies anew"
run case step 6 withdraw --reason 设计变更 --today 2022-11-02 --as xianju
expect_out withdrawn "and its applicant withdraws it"
run site public
[ -z "$out" ] && ok "nothing is on the public list now" || not_ok "public" "$out"

# --- the record

run audit verify
expect_rc 0 "the audit chain and every seal verify"
sql "UPDATE sites SET listed = 1 WHERE id = 2"
run audit verify
expect_rc 1 "a site put back on the list by hand is found"
expect_match err '施工工地 2' "and named as a site"

done_testing
