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

# Every bad field of a bad row is reported, each on its own line: an unknown industry does not hide
# a grade that is on no ladder of the pack, nor a bad flag.
printf 'uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list\n91130131000009996Q,两处错误公司,no_such_industry,平山镇,Z,1,0,0\n91130131005772931P,正确公司,铸造,平山镇,C,1,0,0\n' > two-bad.csv
run import enterprises two-bad.csv
expect_rc 1 "a row with two bad fields exits 1"
[ "$(printf '%s\n' "$err" | grep -c '^two-bad.csv:2: ')" -eq 2 ] &&
	expect_match err "two-bad.csv:2: industry: 政策包中没有行业 'no_such_industry'" "the unknown industry is one error" &&
	expect_match err "two-bad.csv:2: grade: 'Z' 不是政策包中任何行业的绩效等级" "the grade on no ladder is the other" ||
	not_ok "two bad fields, two errors" "$err"
expect_match err '2 处错误, 未导入任何数据' "two errors, and nothing imported"
run enterprise show 91130131005772931P
expect_rc 1 "the good row of the file was not imported"
printf 'industry,year,tax_per_tonne_yuan,rd_share_percent\n铸造,1999,-5,\n' > two-bad-averages.csv
run import averages two-bad-averages.csv
expect_rc 1 "a row of averages with two bad fields exits 1"
[ "$(printf '%s\n' "$err" | grep -c '^two-bad-averages.csv:2: ')" -eq 2 ] &&
	expect_match err 'two-bad-averages.csv:2: year: ' "the bad year is one error" &&
	expect_match err 'two-bad-averages.csv:2: tax_per_tonne_yuan: 不接受负数' "the negative average is the other" ||
	not_ok "two bad fields of averages, two errors" "$err"

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

# Import templates: the CSV is UTF-8 with a byte-order mark and the header row of the importer's
# Chinese headers; filled with one valid row it imports. The workbook has the same headers on its
# first sheet, its columns formatted for their values, and a sheet of notes with an example.
TPL_ENTERPRISES='统一社会信用代码,企业名称,行业,乡镇,绩效等级,涉气,重点排污单位,正面清单,行政区划代码'
TPL_ANNUAL='统一社会信用代码,年度,税收(元),研发投入(元),营业收入(元),二氧化硫(吨),氮氧化物(吨),颗粒物(吨),挥发性有机物(吨),化学需氧量(吨),氨氮(吨)'
TPL_AVERAGES='行业,年度,单位污染物排放量税收贡献（元/吨）,研发投入占营业收入比重（%）'
for kind in enterprises annual averages; do
	run import template "$kind" --csv "tpl-$kind.csv"
	expect_rc 0 "import template $kind --csv exits 0"
done
check_template() { # FILE EXPECTED-HEADER
	[ "$(head -c 3 "$1" | od -An -tx1 | tr -d ' ')" = efbbbf ] &&
		[ "$(tail -c +4 "$1")" = "$(printf '%s\r' "$2")" ]
}
check_template tpl-enterprises.csv "$TPL_ENTERPRISES" && ok "the enterprises template: BOM and the Chinese headers" \
	|| not_ok "the enterprises template" "$(od -c tpl-enterprises.csv | head -3)"
check_template tpl-annual.csv "$TPL_ANNUAL" && ok "the annual template: BOM and the Chinese headers" \
	|| not_ok "the annual template" "$(cat tpl-annual.csv)"
check_template tpl-averages.csv "$TPL_AVERAGES" && ok "the averages template: BOM and the Chinese headers" \
	|| not_ok "the averages template" "$(cat tpl-averages.csv)"
run import template enterprises
[ "$rc" = 0 ] && [ "$out" = "$(cat tpl-enterprises.csv)" ] && ok "without a file the CSV template goes to stdout" \
	|| not_ok "the CSV template on stdout" "$out"

printf '91130131005772931P,平山县示例企业有限公司,铸造,平山镇,C,是,否,否,130131\r\n' >> tpl-enterprises.csv
run import enterprises tpl-enterprises.csv
expect_rc 0 "the enterprises template with one row imports"
expect_out "导入完成: 新增 1, 更新 0, 未变 0" "the template's row is added"
printf '91130131005772931P,2025,"1,234,567.89",50000,20000000,0.75,1.535,2.569,1.037,,\r\n' >> tpl-annual.csv
run import annual tpl-annual.csv
expect_rc 0 "the annual template with one row imports"
expect_out "导入完成: 新增 1, 更新 0, 未变 0" "the template's figures are added"
printf '铸造,2025,250000,1.5\r\n' >> tpl-averages.csv
run import averages tpl-averages.csv
expect_rc 0 "the averages template with one row imports"
run enterprise show 91130131005772931P --json
expect_match out '"tax_fen": 123456789' "the figures of the template's row are stored"

run import template annual --xlsx tpl-annual.xlsx
expect_rc 0 "import template annual --xlsx exits 0"
python3 -c '
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
book = z.read("xl/workbook.xml").decode()
assert re.findall(r"<sheet name=\"([^\"]*)\"", book) == ["导入数据", "填写说明"], book
styles = z.read("xl/styles.xml").decode()
formats = {"49": "@", "0": "General"}
formats.update(re.findall(r"<numFmt numFmtId=\"(\d+)\" formatCode=\"([^\"]*)\"", styles))
xfs = re.findall(r"<xf numFmtId=\"(\d+)\"", re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1))
sheet = z.read("xl/worksheets/sheet1.xml").decode()
header = re.findall(r"<t[^>]*>([^<]*)</t>", sheet)
assert ",".join(header) == sys.argv[2], header
cols = dict((int(a), formats[xfs[int(s)]]) for a, s in re.findall(r"<col min=\"(\d+)\" max=\"\d+\"[^>]*style=\"(\d+)\"", sheet))
assert cols[1] == "@", cols  # the USCC stays text
assert cols[2] == "0", cols  # the year, an integer
assert cols[3] == "#,##0.00" and cols[5] == "#,##0.00", cols  # yuan with two decimals
assert cols[6] == "General", cols  # tonnes keep every decimal
notes = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/worksheets/sheet2.xml").decode())
assert notes[:5] == ["列名", "英文列名", "是否必填", "填写说明", "示例"], notes[:5]
assert "tax_yuan" in notes and "91130131005772931P" in notes and "1234567.89" in notes, notes
assert any("CSV UTF-8" in n for n in notes), notes
' tpl-annual.xlsx "$TPL_ANNUAL" && ok "the XLSX template: headers, column formats and a notes sheet with examples" \
	|| not_ok "the XLSX template"
run import template suppliers --csv x.csv
expect_rc 2 "a template of an unknown kind is a usage error"
run import template annual --csv a.csv --xlsx a.xlsx
expect_rc 2 "--csv and --xlsx together are a usage error"
run import template annual --xlsx no/such/dir/a.xlsx
expect_rc 1 "a template that cannot be written exits 1"

# Into an empty table an import goes by the bulk load, which finds duplicates and enterprises
# missing from the registry once the file is read: still every one by line, in line order and, on
# one line, in the order of the columns; a row without a year is looked for in the registry but is
# no duplicate of another without one; and nothing is written.
A=914403001922038216 B=91440300708461136T
run --db "$WORK/bulk.db" init
run --db "$WORK/bulk.db" import enterprises "$DATA/enterprises.csv"
expect_rc 0 "a fresh database takes the registry"
printf 'uscc,year,tax_yuan,rd_yuan,revenue_yuan,so2_t,nox_t,pm_t,vocs_t\n%s,2025,1,1,1,1,1,1,1\n%s,2025,x,1,1,1,1,1,1\n%s,2025,1,1,1,1,1,1,1\n%s,2025,1,1,1,1,1,1,1\n%s,20x5,1,1,1,1,1,1,1\n%s,20x5,1,1,1,1,1,1,1\n' \
	$A $B $A $B $B $B >bulk-bad.csv
run --db "$WORK/bulk.db" import annual bulk-bad.csv
expect_rc 1 "a bulk import with bad rows exits 1"
want="bulk-bad.csv:3: uscc: 登记册中没有企业 $B
bulk-bad.csv:3: tax_yuan:
bulk-bad.csv:4: year: $A 的 2025 年度与第 2 行重复
bulk-bad.csv:5: uscc: 登记册中没有企业 $B
bulk-bad.csv:5: year: $B 的 2025 年度与第 3 行重复
bulk-bad.csv:6: uscc: 登记册中没有企业 $B
bulk-bad.csv:6: year: '20x5' 不是年份
bulk-bad.csv:7: uscc: 登记册中没有企业 $B
bulk-bad.csv:7: year: '20x5' 不是年份"
got=$(printf '%s\n' "$err" | grep '^bulk-bad.csv:' | while IFS= read -r l; do
	case "$l" in *tax_yuan:*) echo "${l%%tax_yuan:*}tax_yuan:" ;; *) echo "$l" ;; esac
done | sed -E 's/ \((no such|duplicate|not a).*$//; s/, 请先导入企业$//')
[ "$got" = "$want" ] && ok "the bulk import's problems come by line, then column" ||
	not_ok "the bulk import's problems come by line, then column" "$got"
expect_match err '9 处错误, 未导入任何数据' "nine problems, nothing imported"
[ "$(sqlite3 "$WORK/bulk.db" 'SELECT count(*) FROM annual_figures')" = 0 ] &&
	ok "the bulk import wrote nothing" || not_ok "the bulk import wrote nothing" "$out"

# A bulk load's rows reach the table in the order of its key, whatever the file's order, and as
# they were: 60,000 enterprises in the generator's (random) order, more than one part of the
# load's reordering (4 MB each), then two years of their figures. The table's rows, read in the
# order they were written, are the file's rows sorted; the seals hold.
if [ -z "${GREENLANE_TEST_PG:-}" ]; then
	mkdir -p "$WORK/gen"
	"$GEN_REGISTRY" --years 2 --first-year 2024 60000 "$WORK/gen" >/dev/null
	run --db "$WORK/order.db" init
	run --db "$WORK/order.db" import enterprises "$WORK/gen/enterprises.csv"
	expect_rc 0 "60,000 enterprises go in by the bulk load"
	run --db "$WORK/order.db" import annual "$WORK/gen/annual.csv"
	expect_rc 0 "and two years of their figures"
	tail -n +2 "$WORK/gen/enterprises.csv" | LC_ALL=C sort >want-ent.csv
	sqlite3 -list -separator , "$WORK/order.db" "SELECT uscc, name, industry, township, ifnull(grade, ''), air_emitter, key_air_emitter, positive_list FROM enterprises ORDER BY rowid" >got-ent.csv
	[ "$(wc -l <got-ent.csv)" = 60000 ] && cmp -s want-ent.csv got-ent.csv && ok "the enterprises are written in USCC order, each as the file has it" ||
		not_ok "the enterprises are written in USCC order, each as the file has it" "$(diff want-ent.csv got-ent.csv | head -5)"
	[ "$(sqlite3 "$WORK/order.db" "SELECT count(*) FROM enterprises WHERE grade = ''")" = 0 ] &&
		ok "an empty grade is stored as none (NULL)" || not_ok "an empty grade is stored as none (NULL)"
	sqlite3 "$WORK/order.db" "SELECT uscc || ',' || year FROM annual_figures ORDER BY rowid" >got-ann.txt
	sqlite3 "$WORK/order.db" "SELECT uscc || ',' || year FROM annual_figures ORDER BY uscc, year" >want-ann.txt
	[ "$(wc -l <got-ann.txt)" = "$(($(wc -l <"$WORK/gen/annual.csv") - 1))" ] && cmp -s want-ann.txt got-ann.txt &&
		ok "the figures are written in the order of USCC and year" ||
		not_ok "the figures are written in the order of USCC and year" "$(diff want-ann.txt got-ann.txt | head -5)"
	run --db "$WORK/order.db" audit verify
	expect_rc 0 "every row's seal holds after the reordered load"
fi

done_testing
