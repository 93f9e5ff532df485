#!/usr/bin/env bash
# Operation: health, metrics, the access log, the web app's files with the SPA fallback, their
# precompressed forms and caching, connection limits and the idle timeout, and a graceful stop on SIGTERM that lets a request in flight finish
# and exits 0.
. "$(dirname "$0")/lib.sh"
setup_db admin
mkdir -p "$WORK/web/assets"
echo '<!doctype html><title>绿色通道</title>' >"$WORK/web/index.html"
echo 'console.log(1)' >"$WORK/web/assets/app.js"
# A hashed asset as the build leaves it: the plain file with its gzip and brotli forms beside it.
printf 'console.log("%s");\n' $(seq 1 200) >"$WORK/web/assets/index-Ab12Cd34.js"
gzip -9 -k "$WORK/web/assets/index-Ab12Cd34.js"
printf 'not really brotli' >"$WORK/web/assets/index-Ab12Cd34.js.br"
start_server --web "$WORK/web" --max-per-ip 3 --timeout 2

req GET /healthz
expect_status 200 "/healthz answers"
expect_body '"status":"ok"' "/healthz says ok"
expect_body '"schema":[0-9]+' "/healthz gives the schema version"

req GET /
expect_status 200 "/ serves the web app"
expect_body '绿色通道' "/ is index.html"
expect_header '^Content-Type: text/html' "index.html as text/html"
req GET /work/enterprises/91130131MA0000000A
expect_body '绿色通道' "a web app route falls back to index.html"
req GET /assets/app.js
expect_body 'console.log' "an asset is served"
expect_header '^Content-Type: text/javascript' "with its content type"
req GET /assets/missing.js
expect_error 404 not_found "" "a missing asset is 404, not index.html"
req GET /../../etc/passwd --path-as-is
expect_status 404 "a path climbing out of the web directory is 404"
req GET /api/v1/nothing
expect_error 404 not_found "" "unknown API paths stay JSON 404 beside the web app"
req POST /
expect_error 404 not_found "" "a write to a web path is 404"

req GET /metrics
expect_status 200 "/metrics answers"
expect_header '^Content-Type: text/plain; version=0.0.4' "in the Prometheus text format"
expect_body 'greenlane_http_requests_total\{method="GET",route="/healthz",status="200"\} 1' "requests by route and status"
expect_body 'greenlane_http_requests_total\{method="any",route="static",status="200"\} 3' "static files are counted together"
expect_body 'greenlane_http_errors_total\{method="any",route="unmatched",class="4xx"\} 2' "errors by route"
expect_body 'greenlane_http_request_duration_seconds_bucket\{method="GET",route="/healthz",le="\+Inf"\} 1' "a latency histogram"
expect_body 'greenlane_http_request_duration_seconds_count\{method="GET",route="/healthz"\} 1' "with its count"

n=$(grep -c '"GET /healthz" 200' "$WORK/server.log")
[ "$n" = 1 ] && ok "one access-log line per request" || not_ok "access log" "$(cat "$WORK/server.log")"
grep -q '^[0-9T:-]*Z 127.0.0.1 "GET /assets/app.js" 200 15 [0-9.]*ms -$' "$WORK/server.log" \
	&& ok "the line has time, address, request, status, bytes, duration, user" || not_ok "access log format" "$(tail -3 "$WORK/server.log")"

# Precompressed forms and caching (after the metrics, which count the requests above).
asset=/assets/index-Ab12Cd34.js
req GET $asset -H 'Accept-Encoding: gzip'
expect_status 200 "a hashed asset asked for with gzip"
expect_header '^Content-Encoding: gzip' "comes gzip-encoded"
expect_header "^Content-Length: $(stat -c %s "$WORK/web$asset.gz")"$'\r'"?\$" "with the compressed length"
expect_header '^Content-Type: text/javascript' "with the plain file's content type"
expect_header '^Vary: Accept-Encoding' "and Vary: Accept-Encoding"
expect_header '^Cache-Control: public, max-age=31536000, immutable' "cached for a year as immutable"
if cmp -s <(gunzip -c "$WORK/body") "$WORK/web$asset"; then ok "the gzip form unpacks to the file"; else not_ok "the gzip form unpacks to the file"; fi
req GET $asset -H 'Accept-Encoding: gzip, deflate, br'
expect_header '^Content-Encoding: br' "brotli is preferred when both are accepted"
req GET $asset -H 'Accept-Encoding: gzip;q=0, deflate'
if grep -qi '^Content-Encoding' "$WORK/headers"; then not_ok "a refused coding is not sent" "$(cat "$WORK/headers")"; else ok "a refused coding is not sent"; fi
req GET $asset
if grep -qi '^Content-Encoding' "$WORK/headers"; then not_ok "without Accept-Encoding the plain file" "$(cat "$WORK/headers")"; else ok "without Accept-Encoding the plain file"; fi
cmp -s "$WORK/body" "$WORK/web$asset" && ok "its bytes are the file's" || not_ok "its bytes are the file's"
expect_header "^Content-Length: $(stat -c %s "$WORK/web$asset")"$'\r'"?\$" "with the plain length"
expect_header '^Cache-Control: public, max-age=31536000, immutable' "and the same caching"
expect_header '^Vary: Accept-Encoding' "and the same Vary"
req HEAD $asset -H 'Accept-Encoding: gzip'
expect_header "^Content-Length: $(stat -c %s "$WORK/web$asset.gz")"$'\r'"?\$" "HEAD gives the compressed length"
req GET / -H 'Accept-Encoding: gzip'
expect_header '^Cache-Control: no-cache' "index.html is revalidated each time"
if grep -qi '^Content-Encoding' "$WORK/headers"; then not_ok "index.html without a gzip form is plain" "$(cat "$WORK/headers")"; else ok "index.html without a gzip form is plain"; fi
req GET /work/dashboard
expect_header '^Cache-Control: no-cache' "so is a web app route answered with index.html"
req GET /assets/../../etc/passwd --path-as-is -H 'Accept-Encoding: gzip'
expect_status 404 "a climbing path stays 404 with Accept-Encoding"
req GET /assets/missing.js -H 'Accept-Encoding: gzip'
expect_status 404 "so does a missing asset"

# Connection limits: with --max-per-ip 3, a fourth connection from the same address is refused
# while three are open; the idle ones are closed by the timeout.
port=${BASE##*:}
exec 5<>"/dev/tcp/127.0.0.1/$port" 6<>"/dev/tcp/127.0.0.1/$port" 7<>"/dev/tcp/127.0.0.1/$port"
curl -s -o /dev/null --max-time 5 "$BASE/healthz"
[ $? -ne 0 ] && ok "a connection over the per-address limit is refused" || not_ok "per-address limit"
if read -r -t 10 -u 5 _; then not_ok "an idle connection is closed" "it sent data"; else
	[ $? -le 128 ] && ok "an idle connection is closed after the timeout" || not_ok "an idle connection is closed" "still open after 10 s"
fi
exec 5>&- 6>&- 7>&-
req GET /healthz
expect_status 200 "connections are accepted again once the others are gone"

# Graceful stop: a sign-in whose body is half sent when SIGTERM arrives is still answered.
first='{"username":"u_admin",'
rest="\"password\":\"$PASSWORD\"}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
	$((${#first} + ${#rest})) "$first" >&3
for _ in $(seq 1 200); do
	curl -s "$BASE/metrics" | grep -q '^greenlane_http_requests_in_flight [2-9]' && break
	sleep 0.05
done
kill -TERM "$SERVER_PID"
for _ in $(seq 1 200); do grep -q 'stopping' "$WORK/server.log" && break; sleep 0.05; done
grep -q 'stopping' "$WORK/server.log" && ok "SIGTERM starts the stop" || not_ok "SIGTERM starts the stop"
printf '%s' "$rest" >&3
answer=$(cat <&3)
exec 3>&-
printf '%s' "$answer" | head -1 | grep -q '^HTTP/1.1 200' && ok "the request in flight is answered" || not_ok "the request in flight is answered" "$answer"
printf '%s' "$answer" | grep -q '"token":"' && ok "with its result" || not_ok "with its result" "$answer"
wait "$SERVER_PID"
rc=$?
SERVER_PID=
[ "$rc" = 0 ] && ok "the server exits 0" || not_ok "the server exits 0" "exit $rc"

done_testing
