#!/usr/bin/env bash
# POST /api/v1/imports/{kind}: a good file is imported and reported; a file with bad rows imports
# nothing and names every bad field of every row; names, encodings and kinds that cannot be are
# refused; who may import which kind. Also GET /api/v1/pack, which the web app reads the pack's
# industries and measure-1 industries from.
. "$(dirname "$0")/lib.sh"
setup_db county_officer tax_officer enterprise
start_server
b64() { base64 -w0; }
count_enterprises() { sql "SELECT COUNT(*) FROM enterprises"; }
audit_count() { sql "SELECT COUNT(*) FROM audit_log"; }

sign_in u_county_officer
OFFICER=(-H "Authorization: Bearer $TOKEN")
HEADER='uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list'
NEW_A=91130131005772931P # valid USCCs (GB 32100-2015) not yet in the registry
NEW_B=911301310124644431

good=$(printf '%s\n%s\n' "$HEADER" "$NEW_A,丙钢铁有限公司,steel_long,平山镇,B-,1,1,0" | b64)
req_json POST /api/v1/imports/enterprises "{\"file_name\":\"名录.csv\",\"content_base64\":\"$good\"}" "${OFFICER[@]}"
expect_status 200 "a good file is imported"
[ "$(json 'd["inserted"], d["rows"], d["file"], d["encoding"]')" = "(1, 1, '名录.csv', 'utf-8')" ] &&
	ok "the answer counts the rows and names the file" || not_ok "import counts" "body: $body"
[ "$(sql "SELECT grade FROM enterprises WHERE uscc='$NEW_A'")" = B- ] &&
	ok "the import changed the registry" || not_ok "the import changed the registry"

before_rows=$(count_enterprises)
before_audit=$(audit_count)
bad=$(printf '%s\n%s\n%s\n' "$HEADER" "91130131MA0000000X,坏代码公司,foundry,平山镇,B,1,0,0" \
	"91130131MA0000001C,等级错误公司,foundry,平山镇,Z,是,否,maybe" | b64)
req_json POST /api/v1/imports/enterprises "{\"file_name\":\"bad.csv\",\"content_base64\":\"$bad\"}" "${OFFICER[@]}"
expect_status 400 "a file with bad rows is refused"
[ "$(json 'd["error"]["code"], d["error"]["field"]')" = "('invalid', 'file')" ] &&
	ok "the refusal has the error shape with field file" || not_ok "refusal shape" "body: $body"
[ "$(json 'sorted({e["line"] for e in d["error"]["errors"]})')" = "[2, 3]" ] &&
	ok "every bad row is named by its line" || not_ok "bad rows by line" "body: $body"
[ "$(json 'sorted(e["column"] for e in d["error"]["errors"] if e["line"] == 3)')" = '["grade", "positive_list", "uscc"]' ] &&
	ok "every bad field of a row is named by its column" || not_ok "bad fields by column" "body: $body"
[ "$(count_enterprises)" = "$before_rows" ] && [ "$(audit_count)" = "$before_audit" ] &&
	ok "a refused file changes nothing" || not_ok "a refused file changes nothing"
two=$(printf '%s\n%s\n' "$HEADER" "91130131000009996Q,两处错误公司,no_such_industry,平山镇,Z,1,0,0" | b64)
req_json POST /api/v1/imports/enterprises "{\"file_name\":\"two.csv\",\"content_base64\":\"$two\"}" "${OFFICER[@]}"
[ "$status" = 400 ] && [ "$(json '[(e["line"], e["column"]) for e in d["error"]["errors"]]')" = '[[2, "industry"], [2, "grade"]]' ] &&
	ok "a row with two bad fields gets two errors in the list" || not_ok "two bad fields, two errors" "status $status" "body: $body"

req_json POST /api/v1/imports/suppliers "{\"file_name\":\"a.csv\",\"content_base64\":\"$good\"}" "${OFFICER[@]}"
expect_error 404 not_found kind "an unknown kind is 404 naming the kind"
req_json POST /api/v1/imports/enterprises "{\"file_name\":\"../a.csv\",\"content_base64\":\"$good\"}" "${OFFICER[@]}"
expect_error 400 invalid file_name "a file name with a directory is refused"
req_json POST /api/v1/imports/enterprises "{\"file_name\":\".hidden\",\"content_base64\":\"$good\"}" "${OFFICER[@]}"
expect_error 400 invalid file_name "a hidden file name is refused"
req_json POST /api/v1/imports/enterprises '{"file_name":"a.csv","content_base64":"not base64!"}' "${OFFICER[@]}"
expect_error 400 invalid content_base64 "content that is not base64 is refused"
req_json POST /api/v1/imports/enterprises "{\"file_name\":\"a.csv\",\"content_base64\":\"$good\",\"encoding\":\"latin1\"}" "${OFFICER[@]}"
expect_error 400 invalid encoding "an unknown encoding is refused"
gbk=$(printf '%s\n%s\n' "$HEADER" "$NEW_B,丁水泥有限公司,水泥,温塘镇,B,1,0,0" | iconv -f UTF-8 -t GB18030 | b64)
req_json POST /api/v1/imports/enterprises "{\"file_name\":\"gb.csv\",\"content_base64\":\"$gbk\"}" "${OFFICER[@]}"
[ "$status" = 200 ] && [ "$(json 'd["encoding"]')" = gb18030 ] &&
	ok "a GB18030 file is detected and imported" || not_ok "GB18030 import" "status $status" "body: $body"

# GET /api/v1/imports/{kind}/template: the CSV template is the importer's Chinese header row after
# a byte-order mark, sent as an attachment; filled with one valid row it imports through the API.
NEW_C=91130131000009996Q
req GET /api/v1/imports/enterprises/template "${OFFICER[@]}"
expect_status 200 "the enterprises template is served"
expect_header '^Content-Type: text/csv; charset=utf-8' "the CSV template is text/csv in UTF-8"
expect_header '^Content-Disposition: attachment; filename="enterprises-template.csv"' "the template is a download with its file name"
[ "$(head -c 3 "$WORK/body" | od -An -tx1 | tr -d ' ')" = efbbbf ] &&
	[ "$(tail -c +4 "$WORK/body")" = "$(printf '统一社会信用代码,企业名称,行业,乡镇,绩效等级,涉气,重点排污单位,正面清单,行政区划代码\r')" ] &&
	ok "the CSV template is a BOM and the Chinese headers" || not_ok "the CSV template" "$(od -c "$WORK/body" | head -4)"
filled=$( (cat "$WORK/body"; printf '%s\r\n' "$NEW_C,平山县模板测试有限公司,铸造,平山镇,C,是,否,否,") | b64)
req_json POST /api/v1/imports/enterprises "{\"file_name\":\"enterprises-template.csv\",\"content_base64\":\"$filled\"}" "${OFFICER[@]}"
[ "$status" = 200 ] && [ "$(json 'd["inserted"]')" = 1 ] && ok "the downloaded template filled with one row imports" ||
	not_ok "the filled template imports" "status $status" "body: $body"
req GET '/api/v1/imports/averages/template?format=csv' "${OFFICER[@]}"
expect_status 200 "the averages template is served"
filled=$( (cat "$WORK/body"; printf '铸造,2024,250000,1.5\r\n') | b64)
req_json POST /api/v1/imports/averages "{\"file_name\":\"averages-template.csv\",\"content_base64\":\"$filled\"}" "${OFFICER[@]}"
[ "$status" = 200 ] && [ "$(json 'd["kind"], d["inserted"]')" = "('averages', 1)" ] &&
	ok "industry averages import through the API from their template" || not_ok "averages from the template" "status $status" "body: $body"
req GET '/api/v1/imports/annual/template?format=xlsx' "${OFFICER[@]}"
expect_status 200 "the XLSX template is served"
expect_header '^Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' "the XLSX template has the workbook type"
expect_header 'filename="annual-template.xlsx"' "the XLSX template's file name"
python3 -c '
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert re.findall(r"<sheet name=\"([^\"]*)\"", z.read("xl/workbook.xml").decode()) == ["导入数据", "填写说明"]
header = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/worksheets/sheet1.xml").decode())
assert header[:3] == ["统一社会信用代码", "年度", "税收(元)"], header
' "$WORK/body" && ok "the XLSX template is a workbook with the headers and a notes sheet" || not_ok "the XLSX template"
req GET '/api/v1/imports/annual/template?format=pdf' "${OFFICER[@]}"
expect_error 400 invalid format "a template format other than csv or xlsx is refused"
req GET /api/v1/imports/suppliers/template "${OFFICER[@]}"
expect_error 404 not_found kind "the template of an unknown kind is 404"

sign_in u_tax_officer
req_json POST /api/v1/imports/enterprises "{\"file_name\":\"a.csv\",\"content_base64\":\"$good\"}" -H "Authorization: Bearer $TOKEN"
expect_code 403 forbidden "the tax department may not import the registry"
annual=$(printf 'uscc,year,tax_yuan,rd_yuan,revenue_yuan,so2_t,nox_t,pm_t,vocs_t\n%s,2024,1000000,50000,9000000,1.5,2.5,0.5,0.25\n' "$NEW_A" | b64)
req_json POST /api/v1/imports/annual "{\"file_name\":\"tax.csv\",\"content_base64\":\"$annual\"}" -H "Authorization: Bearer $TOKEN"
expect_status 200 "the tax department imports annual figures"
[ "$(sql "SELECT tax_confirmed FROM annual_figures WHERE uscc='$NEW_A' AND year=2024")" = 1 ] &&
	ok "figures the tax department imports are confirmed" || not_ok "tax_confirmed"

sign_in u_enterprise
req_json POST /api/v1/imports/annual "{\"file_name\":\"a.csv\",\"content_base64\":\"$annual\"}" -H "Authorization: Bearer $TOKEN"
expect_code 403 forbidden "an enterprise user may not import"
req GET /api/v1/imports/annual/template -H "Authorization: Bearer $TOKEN"
expect_code 403 forbidden "an enterprise user may not download a template"

req GET /api/v1/pack
expect_status 200 "the pack's industries and parameters are public"
[ "$(json '"foundry" in d["parameters"]["m1.industries"]["values"][-1]["value"] and any(i["code"] == "steel_long" and i["ladder"][0] == "D" for i in d["industries"])')" = true ] &&
	ok "the pack names the measure-1 industries and each industry's ladder" || not_ok "pack content" "body: ${body:0:400}"

# Files larger than the 64 KiB of ordinary bodies travel on the upload route (up to 16 MiB).
mkdir -p "$WORK/gen"
"$GEN_REGISTRY" --seed 7 2000 "$WORK/gen" >/dev/null
printf '{"file_name":"large.csv","content_base64":"%s"}' "$(b64 <"$WORK/gen/enterprises.csv")" >"$WORK/large.json"
[ "$(stat -c %s "$WORK/large.json")" -gt 65536 ] && ok "the large import body is over 64 KiB" ||
	not_ok "the large import body is over 64 KiB"
before_rows=$(count_enterprises)
req POST /api/v1/imports/enterprises -H 'Content-Type: application/json' --data-binary @"$WORK/large.json" "${OFFICER[@]}"
expect_status 200 "an import body over 64 KiB is accepted on the upload route"
[ "$(count_enterprises)" -eq $((before_rows + 2000)) ] && ok "all 2000 rows of the large file are imported" ||
	not_ok "all 2000 rows of the large file are imported" "body: ${body:0:300}"
head -c $((16 * 1024 * 1024 + 10)) /dev/zero | tr '\0' ' ' >"$WORK/huge.json"
req POST /api/v1/imports/enterprises -H 'Content-Type: application/json' --data-binary @"$WORK/huge.json" "${OFFICER[@]}"
expect_error 413 payload_too_large body "a body over 16 MiB is 413 even on the upload route"

done_testing
