#!/usr/bin/env bash
# Large uploads (bodies past 64 KiB on the routes that carry documents). The server receives one
# into a file that has no name in its $TMPDIR rather than into memory: while the body arrives the
# server holds a descriptor of a deleted file there and the directory lists nothing; the document
# arrives intact (its digest read back through .../content); afterwards no descriptor is left and
# the directory is empty, also after an upload abandoned half-way. A body the server has no room
# for is 507, one it can make no file for is 503, and neither changes anything. The check made
# before a large step is read refuses only what no day could allow: a step dated back to a day on
# which its action was enabled is received and taken; one whose action no day since the case's
# last step enables, or that the user's role never takes from the case's state, is refused before
# its body is read.
. "$(dirname "$0")/lib.sh"
setup_db enterprise county_officer city_officer city_expert
# A second long-process steel enterprise, so that ENT_A (grade B) beats its industry's average.
sql "INSERT INTO enterprises (uscc, name, industry, township, grade, updated_at) VALUES
	('91130131M10000012G', '丙钢铁有限公司', 'steel_long', '平山镇', 'C', 'x');
INSERT INTO annual_figures (uscc, year, tax_fen, so2_g, nox_g, pm_g, vocs_g, updated_at) VALUES
	('$ENT_A', 2021, 100000000, 4000000, 3000000, 2000000, 1000000, 'x'),
	('91130131M10000012G', 2021, 10000000, 4000000, 3000000, 2000000, 1000000, 'x');" || exit 1
SPOOL=$WORK/spool
mkdir "$SPOOL"
# A connection idle for 5 s is closed: libmicrohttpd may miss the end of a connection dropped while
# it reads a large body, which then stays until that timeout (30 s by default).
TMPDIR=$SPOOL start_server --timeout 5
declare -A TOK
for u in enterprise county_officer city_officer city_expert; do
	sign_in "u_$u"
	TOK[$u]=$TOKEN
done
as() { # USER METHOD PATH [JSON]
	local user=$1 method=$2 path=$3
	if [ $# -ge 4 ]; then
		req_json "$method" "$path" "$4" -H "Authorization: Bearer ${TOK[$user]}"
	else
		req "$method" "$path" -H "Authorization: Bearer ${TOK[$user]}"
	fi
}
cases() { sql "SELECT COUNT(*) FROM cases"; }
audit_count() { sql "SELECT COUNT(*) FROM audit_log"; }

# document NAME FILE: one document of the body, its content FILE in base64.
document() {
	printf '{"name":"%s","file_name":"%s.bin","content_base64":"%s"}' "$1" "$1" "$(base64 -w0 "$2")"
}
head -c 6000000 /dev/urandom >"$WORK/evidence.bin"
printf '申报表' >"$WORK/form.txt"
printf '{"procedure":"m1.declaration","action":"submit","fields":{"year":2021},"today":"2022-09-28","documents":[%s,%s]}' \
	"$(document 申报表 "$WORK/form.txt")" "$(document 证明材料 "$WORK/evidence.bin")" >"$WORK/open.json"

# upload.py PORT PID USER_TOKEN PATH BODY_FILE [abandon]: sends the body in two halves; after the
# first, how many descriptors the server holds of deleted files in $SPOOL and how many names the
# directory lists; then the status of the answer (its body in $WORK/answer.json), or, with
# abandon, closes the connection instead; then the same counts again once the request is over.
cat >"$WORK/upload.py" <<'PY'
import os, socket, sys, time
port, pid, spool, token, path, body_file = sys.argv[1:7]
abandon = len(sys.argv) > 7
body = open(body_file, "rb").read()
def spooled():
    n = 0
    for fd in os.listdir("/proc/%s/fd" % pid):
        try:
            target = os.readlink("/proc/%s/fd/%s" % (pid, fd))
        except OSError:
            continue
        n += target.startswith(spool + "/") and target.endswith(" (deleted)")
    return n
def settled(want):
    for _ in range(200):
        if spooled() == want:
            break
        time.sleep(0.05)
    return "%d %d" % (spooled(), len(os.listdir(spool)))
s = socket.create_connection(("127.0.0.1", int(port)))
s.sendall(("POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
           "Content-Length: %d\r\nConnection: close\r\n\r\n" % (path, token, len(body))).encode())
s.sendall(body[: len(body) // 2])
print("during", settled(1))
if abandon:
    s.close()
    print("status none")
else:
    s.sendall(body[len(body) // 2 :])
    answer = b""
    while True:
        piece = s.recv(65536)
        if not piece:
            break
        answer += piece
    head, _, rest = answer.partition(b"\r\n\r\n")
    print("status", head.split(b" ")[1].decode())
    open(os.path.join(os.path.dirname(body_file), "answer.json"), "wb").write(rest)
print("after", settled(0))
PY
# precheck.py PORT TOKEN PATH: the status line answered to the head of a 10 MB body, within 2 s.
cat >"$WORK/precheck.py" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(("POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
           "Content-Length: 10000000\r\n\r\n{\"a" % (sys.argv[3], sys.argv[2])).encode())
s.settimeout(2)
try:
    print(s.recv(64).split(b"\r\n")[0].decode())
except socket.timeout:
    print("no answer yet")
PY
precheck() { python3 "$WORK/precheck.py" "${BASE##*:}" "${TOK[$1]}" "$2"; }
spool_empty() { [ -z "$(ls -A "$SPOOL")" ]; }

# No file can be made for the spool (its directory is gone): 503, and no case is opened.
cases_before=$(cases)
audit_before=$(audit_count)
rmdir "$SPOOL"
req POST /api/v1/cases -H "Authorization: Bearer ${TOK[enterprise]}" -H 'Content-Type: application/json' \
	--data-binary @"$WORK/open.json"
expect_error 503 unavailable body "a body for which no temporary file can be made is 503"
expect_body '请稍后重试' "and says to try again later"
mkdir "$SPOOL"
[ "$(cases)/$(audit_count)" = "$cases_before/$audit_before" ] && ok "and changes nothing" || not_ok "503 changed something" "cases $(cases), audit $(audit_count)"
grep -q 'POST /api/v1/cases: 请求正文未能暂存 (the body could not be spooled): No such file or directory' "$WORK/server.log" \
	&& ok "the server's log says why" || not_ok "503 log line" "$(tail -3 "$WORK/server.log")"

# No room for the spool: the file size limit of a second server on the same database stands for a
# full disk (its spool fails past 4 MiB; the database and the log stay well below that).
(
	trap '' XFSZ
	ulimit -f 4096
	TMPDIR=$SPOOL exec "$GREENLANE" serve --listen 127.0.0.1:0
) >"$WORK/ready2" 2>"$WORK/server2.log" &
pid2=$!
for _ in $(seq 1 200); do grep -q 'listening on' "$WORK/ready2" && break; sleep 0.05; done
port2=$(sed -n 's/.*:\([0-9][0-9]*\)\/$/\1/p' "$WORK/ready2")
status=$(curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer ${TOK[enterprise]}" \
	-H 'Content-Type: application/json' --data-binary @"$WORK/open.json" "http://127.0.0.1:$port2/api/v1/cases")
body=$(cat "$WORK/body")
expect_error 507 insufficient_storage body "a body the server has no room to keep is 507"
[ "$(json 'd["error"]["message_en"]')" = "no room on the server for the body; try again later" ] \
	&& ok "the message is in both languages" || not_ok "507 message" "$body"
[ "$(cases)/$(audit_count)" = "$cases_before/$audit_before" ] && ok "and changes nothing" || not_ok "507 changed something" "cases $(cases), audit $(audit_count)"
kill -TERM "$pid2"
wait "$pid2" 2>/dev/null
spool_empty && ok "neither leaves a file in \$TMPDIR" || not_ok "files left in the spool directory" "$(ls -A "$SPOOL")"

# A large upload end to end: spooled to a file without a name, the document read back intact.
got=$(python3 "$WORK/upload.py" "${BASE##*:}" "$SERVER_PID" "$SPOOL" "${TOK[enterprise]}" /api/v1/cases "$WORK/open.json")
[ "$(sed -n 's/^during //p' <<<"$got")" = "1 0" ] && ok "while an 8 MB body arrives the server holds one deleted file in \$TMPDIR, which lists nothing" \
	|| not_ok "spooled while arriving" "$got"
[ "$(sed -n 's/^status //p' <<<"$got")" = 201 ] && ok "the declaration is opened" || not_ok "large open" "$got" "$(head -c 300 "$WORK/answer.json")"
[ "$(sed -n 's/^after //p' <<<"$got")" = "0 0" ] && ok "afterwards the file is closed and nothing is left" || not_ok "spool after" "$got"
body=$(cat "$WORK/answer.json")
ID=$(json 'd["case"]["id"]')
DOC=$(json '[x["id"] for x in d["documents"] if x["name"] == "证明材料"][0]')
[ "$(json '[x["size"] for x in d["documents"] if x["name"] == "证明材料"][0]')" = 6000000 ] && ok "the document is stored whole" || not_ok "stored size" "$body"
curl -s -o "$WORK/back.bin" -H "Authorization: Bearer ${TOK[county_officer]}" "$BASE/api/v1/cases/$ID/documents/$DOC/content"
[ "$(sha256sum <"$WORK/back.bin")" = "$(sha256sum <"$WORK/evidence.bin")" ] && ok "its content reads back with the digest it was sent with" \
	|| not_ok "content digest" "$(wc -c <"$WORK/back.bin") bytes back"

# A client that goes away half-way: its spool goes with it.
got=$(python3 "$WORK/upload.py" "${BASE##*:}" "$SERVER_PID" "$SPOOL" "${TOK[enterprise]}" /api/v1/cases "$WORK/open.json" abandon)
[ "$(sed -n 's/^during //p' <<<"$got")/$(sed -n 's/^after //p' <<<"$got")" = "1 0/0 0" ] \
	&& ok "an upload abandoned half-way leaves no descriptor and no file" || not_ok "abandoned upload" "$got"
[ "$(cases)" = $((cases_before + 1)) ] && ok "and opens nothing" || not_ok "abandoned upload opened a case" "$(cases)"

# To the city's review: 2022-10-10 approved, 2022-10-14 both city reviews (version 4).
as county_officer POST "/api/v1/cases/$ID/steps" '{"action":"approve","version":1,"reason":"材料齐全","today":"2022-10-10"}'
as city_expert POST "/api/v1/cases/$ID/steps" '{"action":"preliminary_review","version":2,"reason":"材料齐全","today":"2022-10-12"}'
as city_expert POST "/api/v1/cases/$ID/steps" '{"action":"site_verification","version":3,"reason":"现场一致","today":"2022-10-14"}'
[ "$status $(json 'd["case"]["state"]')" = "200 city_reviewed" ] && ok "the case is with the city" || not_ok "city_reviewed" "$body"
got=$(precheck city_expert "/api/v1/cases/$ID/steps")
[[ "$got" == "HTTP/1.1 409"* ]] && ok "a large step by a role that takes none from the state is 409 before its body is read" \
	|| not_ok "precheck by role" "$got"
stop_server

# A pack under which the city's experts may return a declaration to the county with a report, in
# 2022 only (m1.city_may_return is 1 in 2022, 0 from 2023).
python3 - "$SOURCE_ROOT/policy/pingshan-2022.json" "$WORK/pack.json" <<'PY'
import json, sys
pack = json.load(open(sys.argv[1]))
action = next(a for a in pack["procedures"]["m1.declaration"]["actions"] if a["name"] == "return_to_county")
action["roles"].append("city_expert")
action["documents"] = 0
pack["parameters"]["m1.city_may_return"]["values"] = [
    {"from": "2022-01-01", "to": "2022-12-31", "value": 1}, {"from": "2023-01-01", "value": 0}]
json.dump(pack, open(sys.argv[2], "w"), ensure_ascii=False)
PY
GREENLANE_POLICY=$WORK/pack.json TMPDIR=$SPOOL start_server
as city_expert GET "/api/v1/cases/$ID?today=2022-11-15"
[ "$(json '" ".join(o["name"] for o in d["offers"])')" = return_to_county ] && ok "on 2022-11-15 the expert is offered the return" || not_ok "offers in 2022" "$body"
as city_expert GET "/api/v1/cases/$ID"
[ "$(json '" ".join(o["name"] for o in d["offers"])')" = "" ] && ok "today nothing" || not_ok "offers today" "$body"
head -c 150000 /dev/urandom >"$WORK/report.bin"
printf '{"action":"return_to_county","version":4,"reason":"核查报告附后","today":"2022-11-15","documents":[%s]}' \
	"$(document 核查报告 "$WORK/report.bin")" >"$WORK/return.json"
got=$(precheck city_expert "/api/v1/cases/$ID/steps")
[ "$got" = "no answer yet" ] && ok "a large step dated back to a day its action was enabled is not refused before its body" \
	|| not_ok "back-dated precheck" "$got"
req POST "/api/v1/cases/$ID/steps" -H "Authorization: Bearer ${TOK[city_expert]}" -H 'Content-Type: application/json' \
	--data-binary @"$WORK/return.json"
[ "$status $(json 'd["case"]["state"]')" = "200 submitted" ] && ok "it is received and taken" || not_ok "back-dated large step" "status $status" "$body"
DOC=$(json '[x["id"] for x in d["documents"] if x["name"] == "核查报告"][0]')
curl -s -o "$WORK/back.bin" -H "Authorization: Bearer ${TOK[city_expert]}" "$BASE/api/v1/cases/$ID/documents/$DOC/content"
cmp -s "$WORK/back.bin" "$WORK/report.bin" && ok "with its report intact" || not_ok "report content"
# Back with the city, reviewed in 2023: no day since then enables the return.
as county_officer POST "/api/v1/cases/$ID/steps" '{"action":"approve","version":5,"reason":"已补正","today":"2023-01-10"}'
as city_expert POST "/api/v1/cases/$ID/steps" '{"action":"preliminary_review","version":6,"reason":"材料齐全","today":"2023-01-11"}'
as city_expert POST "/api/v1/cases/$ID/steps" '{"action":"site_verification","version":7,"reason":"现场一致","today":"2023-01-12"}'
[ "$status $(json 'd["case"]["state"]')" = "200 city_reviewed" ] && ok "the case is with the city again, last stepped on 2023-01-12" || not_ok "city_reviewed again" "$body"
got=$(precheck city_expert "/api/v1/cases/$ID/steps")
[[ "$got" == "HTTP/1.1 409"* ]] && ok "a large step whose action no day since the last step enables is 409 before its body is read" \
	|| not_ok "precheck by date" "$got"
sleep 0.2
spool_empty && ok "the spool directory is empty at the end" || not_ok "files left in the spool directory" "$(ls -A "$SPOOL")"

done_testing
