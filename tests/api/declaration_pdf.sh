#!/usr/bin/env bash
# The declaration form over HTTP: GET /api/v1/declarations/{id}/form.pdf answers the PDF
# (application/pdf, %PDF-, a Content-Disposition naming it) to the enterprise that declared and to
# the county officer, with the enterprise's name and USCC in it; another enterprise is told there
# is no such declaration (404), as when it reads the declaration itself; so is everyone for an id
# that does not exist; without a credential, 401.
. "$(dirname "$0")/lib.sh"
setup_db enterprise county_officer
# A second long-process steel enterprise, so that ENT_A (grade B) beats its industry's average.
sql "INSERT INTO enterprises (uscc, name, industry, township, grade, updated_at) VALUES
	('91130131M10000012G', '丙钢铁有限公司', 'steel_long', '平山镇', 'C', 'x');
INSERT INTO annual_figures (uscc, year, tax_fen, so2_g, nox_g, pm_g, vocs_g, updated_at) VALUES
	('$ENT_A', 2021, 100000000, 4000000, 3000000, 2000000, 1000000, 'x'),
	('91130131M10000012G', 2021, 10000000, 4000000, 3000000, 2000000, 1000000, 'x');" || exit 1
start_server

declare -A TOK
for u in enterprise enterprise_b county_officer; do
	sign_in "u_$u"
	TOK[$u]=$TOKEN
done
as() { # USER PATH
	req GET "$2" -H "Authorization: Bearer ${TOK[$1]}"
}

FORM=$(printf '申报表' | base64)
req_json POST /api/v1/declarations "{\"year\":2021,\"documents\":[{\"name\":\"申报表\",\"file_name\":\"form.pdf\",\"content_base64\":\"$FORM\"},{\"name\":\"证明材料\",\"file_name\":\"evidence.pdf\",\"content_base64\":\"$FORM\"}]}" \
	-H "Authorization: Bearer ${TOK[enterprise]}"
expect_status 201 "the enterprise declares"
ID=$(json 'd["declaration"]["id"]')

for who in enterprise county_officer; do
	as $who "/api/v1/declarations/$ID/form.pdf"
	expect_status 200 "$who: 200"
	expect_header '^Content-Type: application/pdf' "$who: application/pdf"
	expect_header "^Content-Disposition: inline; filename=\"declaration-$ID.pdf\"" "$who: Content-Disposition names the file"
	[ "$(head -c 5 "$WORK/body")" = "%PDF-" ] && ok "$who: the body is a PDF" || not_ok "$who: the body is a PDF" "$(head -c 40 "$WORK/body" | od -c | head -2)"
	text=$(pdftotext "$WORK/body" - 2>&1)
	for want in 激励性生态环境绩效分级申报表 甲钢铁有限公司 "$ENT_A"; do
		[[ "$text" == *"$want"* ]] && ok "$who: the form shows $want" || not_ok "$who: the form shows $want" "$text"
	done
done

as enterprise_b "/api/v1/declarations/$ID/form.pdf"
expect_code 404 not_found "another enterprise: 404"
as county_officer /api/v1/declarations/999999/form.pdf
expect_code 404 not_found "no such declaration: 404"
req GET "/api/v1/declarations/$ID/form.pdf"
expect_code 401 unauthenticated "no credential: 401"

done_testing
