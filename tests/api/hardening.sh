#!/usr/bin/env bash
# What a hostile client sends that the server must refuse before anything reads it: a NUL, a
# control character or bytes that are not UTF-8 in the path or the query (a NUL used to cut the
# path short unseen), a length said twice (request smuggling), an id past the range of int64; and
# that the access log cannot be forged through a decoded path. Also: the last administrator stays.
. "$(dirname "$0")/lib.sh"
setup_db admin county_officer dept_officer enterprise
start_server
sign_in u_admin
ADMIN=(-H "Authorization: Bearer $TOKEN")
sign_in u_county_officer
OFFICER=(-H "Authorization: Bearer $TOKEN")
OFFICER_TOKEN=$TOKEN
sign_in u_dept_officer
DEPT=(-H "Authorization: Bearer $TOKEN")
sign_in u_enterprise
CLERK_TOKEN=$TOKEN
audit_count() { sql "SELECT COUNT(*) FROM audit_log"; }
before=$(audit_count)

# curl sends the path as written (--path-as-is keeps it from being normalized).
req GET '/api/v1/policies%00/anything' --path-as-is
expect_error 400 invalid path "a NUL in the path is refused, not cut short"
req GET '/api/v1/enterprises?search=%00x' "${OFFICER[@]}"
expect_error 400 invalid query "a NUL in a query value is refused"
req GET '/api/v1/enterprises?search%00=x' "${OFFICER[@]}"
expect_error 400 invalid query "a NUL in a query name is refused"
req GET '/api/v1/policies%ff'
expect_error 400 invalid path "bytes that are not UTF-8 in the path are refused"
req GET '/api/v1/enterprises?search=%0d%0a' "${OFFICER[@]}"
expect_error 400 invalid query "a line break in a query value is refused"
# Text in Chinese is text: a search for 钢铁 is answered.
req GET '/api/v1/enterprises?search=%E9%92%A2%E9%93%81' "${OFFICER[@]}"
expect_status 200 "a query in Chinese is answered"
expect_body '甲钢铁有限公司' "and finds the enterprise"

# The access log: a decoded path with a line break and a quote stays on its one line.
req GET '/api/v1/x%0a2026-01-01T00:00:00Z%20forged%20%22GET%20/%22%20200'
expect_error 400 invalid path "a line break in the path is refused"
sleep 0.2
if grep -q '^2026-01-01T00:00:00Z forged' "$WORK/server.log"; then
	not_ok "the access log cannot be forged" "$(tail -3 "$WORK/server.log")"
else
	ok "the access log cannot be forged"
fi
grep -q '"GET /api/v1/x\\x0a2026-01-01T00:00:00Z forged \\x22GET /\\x22 200" 400' "$WORK/server.log" \
	&& ok "the line shows the control characters and quotes escaped" || not_ok "escaped log line" "$(tail -3 "$WORK/server.log")"

# A length said twice, or beside chunked encoding, is how a request is smuggled past a proxy.
port=${BASE##*:}
raw() { # the status line of a raw request
	python3 - "$port" "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
s.settimeout(5)
data = b""
try:
    while b"\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
except OSError:
    pass
print(data.split(b"\r\n")[0].decode())
PY
}
got=$(raw 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\nConnection: close\r\n\r\n{}')
[ "$got" = "HTTP/1.1 400 Bad Request" ] && ok "two Content-Length headers are refused" || not_ok "two Content-Length" "$got"
got=$(raw 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{}')
[ "$got" = "HTTP/1.1 400 Bad Request" ] && ok "Content-Length beside Transfer-Encoding is refused" || not_ok "CL and TE" "$got"
got=$(raw 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
[ "$got" = "HTTP/1.1 200 OK" ] && ok "a plain request is answered" || not_ok "plain request" "$got"

# An id past 2^63 names nothing; it is not read as the largest id.
req GET /api/v1/cases/9223372036854775808 "${OFFICER[@]}"
expect_error 404 not_found id "an id past the range of int64 is not found"
req GET /api/v1/cases/9223372036854775807 "${OFFICER[@]}"
expect_error 404 not_found id "the largest id is looked up"
expect_body '9223372036854775807 不存在' "as itself"

# A sector department sees the registry, not an enterprise's accounts.
req GET "/api/v1/enterprises/$ENT_A" "${DEPT[@]}"
expect_status 200 "a department officer reads the registry entry"
req GET "/api/v1/enterprises/$ENT_A/annual" "${DEPT[@]}"
expect_code 403 forbidden "but not the enterprise's taxes and revenue"
req GET "/api/v1/incentive?year=2023" "${DEPT[@]}"
expect_code 403 forbidden "nor the grading they give"
req GET "/api/v1/enterprises/$ENT_A/incentive?year=2023" "${DEPT[@]}"
expect_code 403 forbidden "nor one enterprise's"

# A large upload is answered before it is read when the case is not the user's to act on, and one
# user sends only two at once: the headers of a 10 MB body go out, the body does not.
python3 - "${BASE##*:}" "$OFFICER_TOKEN" "$CLERK_TOKEN" >"$WORK/uploads" <<'PY'
import socket, sys, time
port, officer, clerk = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def start(path, token):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(("POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
               "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{\"a" % (path, token)).encode())
    return s
def status(s, wait=2):
    s.settimeout(wait)
    try:
        return s.recv(64).split(b"\r\n")[0].decode()
    except socket.timeout:
        return "no answer yet"
t = time.time()
print("missing", status(start("/api/v1/cases/999/steps", officer)), round(time.time() - t, 1))
first, second = start("/api/v1/cases", clerk), start("/api/v1/cases", clerk)
time.sleep(0.3)
third = start("/api/v1/cases", clerk)
print("third", status(third))
print("first", status(first, 0.5))
first.close(); second.close()
time.sleep(0.5)
print("later", status(start("/api/v1/cases", clerk), 0.5))
PY
grep -q '^missing HTTP/1.1 404 Not Found [01]\.' "$WORK/uploads" && ok "a large step on a case the user cannot see is 404 before its body is read" || not_ok "upload precheck" "$(cat "$WORK/uploads")"
grep -q '^third HTTP/1.1 429' "$WORK/uploads" && ok "a third upload at once from one user is 429" || not_ok "upload cap" "$(cat "$WORK/uploads")"
grep -q '^first no answer yet' "$WORK/uploads" && ok "the two before it are still being received" || not_ok "uploads in progress" "$(cat "$WORK/uploads")"
grep -q '^later no answer yet' "$WORK/uploads" && ok "once they end, the user may upload again" || not_ok "upload after" "$(cat "$WORK/uploads")"

# Someone must be left to manage users.
req POST /api/v1/users/u_admin/disable "${ADMIN[@]}"
expect_code 409 wrong_state "the last administrator cannot be disabled"
expect_body '最后一个系统管理员' "and the answer says why"

[ "$(audit_count)" = "$before" ] && ok "nothing refused was written" || not_ok "audit grew" "$before -> $(audit_count)"

# /metrics: open to a scraper on this machine, to an administrator from anywhere else. Seen from
# another address of this machine (the client's address is then not loopback).
req GET /metrics
expect_status 200 "/metrics answers a caller on this machine"
addr=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$' | grep -v '^127\.' | head -1)
if [ -n "$addr" ]; then
	"$GREENLANE" serve --listen "$addr:0" >"$WORK/ready2" 2>"$WORK/server2.log" &
	pid2=$!
	for _ in $(seq 1 200); do grep -q 'listening on' "$WORK/ready2" && break; sleep 0.05; done
	port2=$(sed -n 's/.*:\([0-9][0-9]*\)\/$/\1/p' "$WORK/ready2")
	far=$(curl -s -o /dev/null -w '%{http_code}' "http://$addr:$port2/metrics")
	[ "$far" = 401 ] && ok "/metrics asks another machine's caller to sign in" || not_ok "/metrics from afar" "status $far"
	far=$(curl -s -o /dev/null -w '%{http_code}' "${OFFICER[@]}" "http://$addr:$port2/metrics")
	[ "$far" = 403 ] && ok "an officer elsewhere may not read /metrics" || not_ok "/metrics officer from afar" "status $far"
	far=$(curl -s -o /dev/null -w '%{http_code}' "${ADMIN[@]}" "http://$addr:$port2/metrics")
	[ "$far" = 200 ] && ok "an administrator elsewhere may" || not_ok "/metrics admin from afar" "status $far"
	# Listening beyond loopback, the session cookie is Secure (a browser reaches it over TLS).
	curl -s -o /dev/null -D "$WORK/h2" -H 'Content-Type: application/json' \
		--data "{\"username\":\"u_admin\",\"password\":\"$PASSWORD\"}" "http://$addr:$port2/api/v1/session"
	grep -qi '^set-cookie: gl_session=.*; Secure' "$WORK/h2" && ok "beyond loopback the session cookie is Secure" \
		|| not_ok "Secure beyond loopback" "$(cat "$WORK/h2")"
	kill -TERM "$pid2"
	wait "$pid2" 2>/dev/null
else
	for what in "/metrics asks another machine's caller to sign in" "an officer elsewhere may not read /metrics" "an administrator elsewhere may" "beyond loopback the session cookie is Secure"; do
		ok "$what # SKIP this machine has no address but loopback"
	done
fi

# Slow clients: a head or a body trickled in is cut at its deadline, whatever arrives meanwhile;
# refused connections do not flood the log. Deadlines of a second or two here (--head-timeout,
# --body-timeout); 30 and 120 s by default.
"$GREENLANE" serve --listen 127.0.0.1:0 --head-timeout 1 --body-timeout 2 --max-per-ip 3 \
	>"$WORK/ready4" 2>"$WORK/server4.log" &
pid4=$!
for _ in $(seq 1 200); do grep -q 'listening on' "$WORK/ready4" && break; sleep 0.05; done
port4=$(sed -n 's/.*:\([0-9][0-9]*\)\/$/\1/p' "$WORK/ready4")
python3 - "$port4" >"$WORK/slow" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
def trickle(first, piece, every, seconds):
    """Sends first, then piece every `every` s; how long until the server cut it (None: never)."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(first)
    start = time.time()
    while time.time() - start < seconds:
        time.sleep(every)
        try:
            s.sendall(piece)
            s.setblocking(False)
            if s.recv(1) == b"":
                return time.time() - start
        except BlockingIOError:
            pass
        except OSError:
            return time.time() - start
        finally:
            s.setblocking(True)
    return None
def answered():
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    s.settimeout(3)
    return s.recv(15) == b"HTTP/1.1 200 OK"
head = trickle(b"GET /healthz HTTP/1.1\r\nHost: x\r\n", b"X-Slow: 1\r\n", 0.2, 6)
body = trickle(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               b"Content-Length: 1000\r\n\r\n", b" ", 0.2, 8)
print("head", "cut" if head is not None and head < 3 else "held", round(head or -1, 1))
print("body", "cut" if body is not None and body < 4.5 else "held", round(body or -1, 1))
print("honest", "answered" if answered() else "refused")
# An address over its limit: every refusal would be a log line.
held = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
for h in held:
    h.sendall(b"GET /healthz HTTP/1.1\r\n")
time.sleep(0.2)
for _ in range(200):
    try:
        s = socket.create_connection(("127.0.0.1", port))
        s.close()
    except OSError:
        pass
time.sleep(1.5)
print("after", "answered" if answered() else "refused")
PY
grep -q '^head cut' "$WORK/slow" && ok "a head trickled in is cut at its deadline" || not_ok "slow head" "$(cat "$WORK/slow")"
grep -q '^body cut' "$WORK/slow" && ok "a body trickled in is cut at its deadline" || not_ok "slow body" "$(cat "$WORK/slow")"
grep -q '^honest answered' "$WORK/slow" && ok "an honest request is answered meanwhile" || not_ok "honest" "$(cat "$WORK/slow")"
grep -q '^after answered' "$WORK/slow" && ok "the address is served again once its slow connections are cut" || not_ok "after" "$(cat "$WORK/slow")"
lines=$(grep -c 'libmicrohttpd' "$WORK/server4.log")
[ "$lines" -le 20 ] && ok "200 refused connections write a handful of log lines ($lines)" || not_ok "log flood" "$lines lines"
kill -TERM "$pid4"
wait "$pid4" 2>/dev/null

# On loopback the cookie is plain (the demo over http://127.0.0.1), unless told otherwise (a TLS
# proxy in front).
req_json POST /api/v1/session "{\"username\":\"u_admin\",\"password\":\"$PASSWORD\"}"
grep -qi '^set-cookie: gl_session=' "$WORK/headers" && ! grep -qi '^set-cookie: .*Secure' "$WORK/headers" \
	&& ok "on loopback the session cookie is not Secure by default" || not_ok "loopback cookie" "$(cat "$WORK/headers")"
"$GREENLANE" serve --listen 127.0.0.1:0 --secure-cookie on >"$WORK/ready3" 2>/dev/null &
pid3=$!
for _ in $(seq 1 200); do grep -q 'listening on' "$WORK/ready3" && break; sleep 0.05; done
port3=$(sed -n 's/.*:\([0-9][0-9]*\)\/$/\1/p' "$WORK/ready3")
curl -s -o /dev/null -D "$WORK/h3" -H 'Content-Type: application/json' \
	--data "{\"username\":\"u_admin\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$port3/api/v1/session"
grep -qi '^set-cookie: gl_session=.*; Secure' "$WORK/h3" && ok "--secure-cookie on sets Secure on loopback too" \
	|| not_ok "--secure-cookie on" "$(cat "$WORK/h3")"
kill -TERM "$pid3"
wait "$pid3" 2>/dev/null
"$GREENLANE" serve --listen 127.0.0.1:0 --secure-cookie sometimes >/dev/null 2>&1
[ $? = 2 ] && ok "a bad --secure-cookie is a usage error" || not_ok "bad --secure-cookie"

done_testing
