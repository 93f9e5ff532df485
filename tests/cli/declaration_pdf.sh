#!/usr/bin/env bash
# The printed declaration form at the command line: `declaration pdf ID --out FILE` writes an A4
# PDF that poppler reads back with the enterprise, its USCC, the form's title, the grade sought
# and the steps taken; another enterprise's clerk is told there is no such declaration (exit 1)
# and no file is written; a file that cannot be written leaves nothing behind.
. "$(dirname "$0")/lib.sh"

KEY=91130131M10000012G # foundry, grade C, tax per tonne well above the average: key incentive
OTHER=91130131M10000020B
NAME=甲铸造有限公司

run init
expect_rc 0 "init"
cat >enterprises.csv <<CSV
uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list
$KEY,$NAME,foundry,平山镇,C,1,1,0
$OTHER,乙铸造有限公司,foundry,温塘镇,C,1,0,0
CSV
cat >annual.csv <<CSV
uscc,year,tax_yuan,rd_yuan,revenue_yuan,so2_t,nox_t,pm_t,vocs_t
$KEY,2021,12345678,,,4,3,2,1
$OTHER,2021,100000,,,4,3,2,1
CSV
run import enterprises enterprises.csv
expect_rc 0 "import enterprises"
run import annual annual.csv
expect_rc 0 "import annual figures"
printf '申报表' >form.doc
echo test-password-1 | "$GREENLANE" user add clerk --role enterprise --enterprise $KEY >/dev/null
echo test-password-1 | "$GREENLANE" user add other --role enterprise --enterprise $OTHER >/dev/null
echo test-password-1 | "$GREENLANE" user add officer --role county_officer >/dev/null

run declaration submit $KEY --year 2021 --grade-sought B- --document 申报表=form.doc --document 证明材料=form.doc --today 2022-09-28 --as clerk
expect_rc 0 "the clerk submits"
run declaration review 1 --approve --reason 材料齐全，同意上报 --today 2022-10-10 --as officer
expect_rc 0 "the county approves"

run declaration pdf 1 --out form.pdf --today 2022-10-11 --as clerk
expect_rc 0 "the clerk prints the form"
expect_match out 'form.pdf' "says where the form is"
info=$(pdfinfo form.pdf 2>&1)
pages=$(printf '%s\n' "$info" | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -ge 1 ] && ok "pdfinfo reads $pages page(s)" || not_ok "pdfinfo reads pages" "$info"
printf '%s\n' "$info" | grep -Eq '^Page size: +595(\.[0-9]+)? x 84[12](\.[0-9]+)? pts' &&
	ok "the page is A4" || not_ok "the page is A4" "$info"
text=$(pdftotext -layout form.pdf - 2>&1)
for want in 激励性生态环境绩效分级申报表 "$NAME" "$KEY" 平山镇 "申请晋级等级 +B-" "现绩效等级 +C" \
	"1,234,567\.80" "税收贡献（元/吨）" 重点激励 材料齐全，同意上报 "第 ?1 ?页 ?共 ?$pages ?页"; do
	printf '%s' "$text" | grep -Eq -- "$want" && ok "the form shows $want" ||
		not_ok "the form shows $want" "$text"
done

run declaration pdf 1 --out form.pdf --as officer
expect_rc 0 "the county officer prints the form"

run declaration pdf 1 --out other.pdf --as other
expect_rc 1 "another enterprise's clerk: exit 1"
expect_match err '不存在' "another enterprise's clerk: not found"
[ ! -e other.pdf ] && ok "another enterprise's clerk: no file" || not_ok "another enterprise's clerk: no file"

run declaration pdf 9 --out none.pdf
expect_rc 1 "no such declaration: exit 1"
[ ! -e none.pdf ] && ok "no such declaration: no file" || not_ok "no such declaration: no file"

run declaration pdf 1 --out no-such-dir/form.pdf
expect_rc 1 "an unwritable path: exit 1"
expect_match err 'no-such-dir/form.pdf' "an unwritable path is named"

run declaration pdf 1
expect_rc 2 "pdf without --out is a usage error"

done_testing
