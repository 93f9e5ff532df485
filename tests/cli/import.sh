#!/usr/bin/env bash
# The import and enterprise commands: exit statuses, every bad row on stderr, a second import
# changes nothing, GB18030 files, and `enterprise show` of a missing USCC.
. "$(dirname "$0")/lib.sh"
DATA="$SOURCE_ROOT/tests/data"

run import enterprises "$DATA/enterprises.csv"
expect_rc 0 "import enterprises exits 0"
expect_out "导入完成: 新增 2, 更新 0, 未变 0" "the summary counts two new enterprises"

run import enterprises "$DATA/enterprises.csv"
expect_rc 0 "importing the same file again exits 0"
expect_out "导入完成: 新增 0, 更新 0, 未变 2" "the second import changes nothing"
run audit list --entity enterprises
[ "$(printf '%s\n' "$out" | grep -c enterprise.import)" -eq 1 ] \
	&& ok "one audit record for two imports of the same file" \
	|| not_ok "one audit record for two imports of the same file" "$out"
expect_match out '"inserted":2' "the audit record counts the rows"

run import enterprises "$DATA/enterprises_bad.csv"
expect_rc 1 "a file with bad rows exits 1"
expect_match err 'enterprises_bad.csv:3: uscc: 校验码错误' "a wrong check character is named by line and column"
expect_match err 'enterprises_bad.csv:4: uscc: 914403001922038216 与第 2 行重复' "a duplicate USCC names the earlier line"
expect_match err "enterprises_bad.csv:5: grade: 'B-' 不是石灰窑行业的绩效等级" "a grade off the ladder is named"
expect_match err '3 处错误, 未导入任何数据' "the failure says nothing was imported"
run enterprise show 91350100M000100Y43
expect_match out '温塘铸造厂, 二分厂' "the good rows of the bad file were not imported"

run import annual "$DATA/annual.csv"
expect_rc 0 "import annual exits 0"
expect_out "导入完成: 新增 2, 更新 0, 未变 0" "two years of figures imported"
run import annual "$DATA/annual.csv"
expect_out "导入完成: 新增 0, 更新 0, 未变 2" "annual figures twice change nothing"

printf 'uscc,year,tax_yuan,rd_yuan,revenue_yuan,so2_t,nox_t,pm_t,vocs_t\n91440300708461136T,2023,1,1,1,1,1,1,1\n914403001922038216,1999,1,1,1,1,1,1,-1\n' > unknown.csv
run import annual unknown.csv
expect_rc 1 "annual figures for an unknown enterprise exit 1"
expect_match err 'unknown.csv:2: uscc: 登记册中没有企业 91440300708461136T' "the unknown enterprise is named"
expect_match err 'unknown.csv:3: year: 年度 1999 超出范围' "a year out of range is named"
expect_match err 'unknown.csv:3: vocs_t: 不接受负数' "a negative amount is named"

iconv -f UTF-8 -t GB18030 "$DATA/enterprises_zh.csv" > zh_gb.csv
run import enterprises zh_gb.csv
expect_rc 0 "a GB18030 file with Chinese headers is detected and imported"
run enterprise show 91440300708461136T
expect_match out '下槐镇陶瓷有限公司' "the GB18030 name reads back as UTF-8"
expect_match out '行业 \(industry\): 陶瓷 \(ceramics\)' "the Chinese industry name is stored as its code"
run import enterprises zh_gb.csv --encoding utf-8
expect_rc 1 "forcing UTF-8 on a GB18030 file exits 1"
expect_match err 'zh_gb.csv:1: 不是有效的 UTF-8' "the undecodable line is named"
run import enterprises zh_gb.csv --encoding latin1
expect_rc 2 "an unknown encoding is a usage error"
run import things x.csv
expect_rc 2 "an unknown import kind is a usage error"
run import enterprises
expect_rc 2 "a missing file argument is a usage error"
run import enterprises no-such-file.csv
expect_rc 1 "a missing file exits 1"
expect_match err 'no-such-file.csv' "the missing file is named"

run enterprise show 914403001922038216
expect_rc 0 "enterprise show exits 0"
expect_match out '2023	1234567.89	50000.00	20000000.00	0.1	0.2	-	3	-' "show lists the annual figures exactly"
run enterprise show 91130131MA0000011X
expect_rc 1 "enterprise show of a missing USCC exits 1"
expect_match err 'no such enterprise' "the missing enterprise is reported"
run enterprise show 914403001922038216 --json
expect_match out '"tax_fen": 123456789' "JSON carries amounts in fen"
expect_match out '"so2_g": 100000' "JSON carries emissions in grams"

run enterprise list
expect_rc 0 "enterprise list exits 0"
expect_match out '共 3 家企业' "three enterprises are listed"
run enterprise list --industry 铸造 --json
expect_match out '"uscc": "91350100M000100Y43"' "--industry accepts the Chinese name"
[ "$(printf '%s\n' "$out" | grep -c '"uscc"')" -eq 1 ] && ok "--industry filters" || not_ok "--industry filters" "$out"
run enterprise list --grade none
expect_match out '共 1 家企业' "--grade none finds enterprises without a grade"
run enterprise list --limit 0
expect_rc 2 "--limit 0 is a usage error"
run enterprise frob
expect_rc 2 "an unknown enterprise subcommand is a usage error"

run audit verify
expect_rc 0 "the audit chain is intact after the imports"

done_testing
