#!/usr/bin/env bash
# The same answers from both backends (the PostgreSQL pass only): the demo county made twice with
# the same seed, once in an SQLite file and once in the test's PostgreSQL database, each served by
# its own greenlane; every GET route without a path parameter, and every case's view, asked of both
# as each demo login. Status and body must be the same, but for the moments the two demos were
# written (timestamps), the sessions' own tokens and the hashes each database keys with its own
# audit key (the chain's, a visit's notes).
. "$(dirname "$0")/lib.sh"
if [ -z "$TEST_PG_DB" ]; then
	echo "1..0 # SKIP PostgreSQL only: it compares the two backends"
	exit 0
fi

env -u GREENLANE_AUDIT_KEY -u GREENLANE_AUDIT_ANCHORS "$GREENLANE" --db "$WORK/sq.db" demo >/dev/null ||
	{ echo "Bail out! the SQLite demo"; exit 1; }
"$GREENLANE" demo >/dev/null || { echo "Bail out! the PostgreSQL demo"; exit 1; }
ok "the demo county on SQLite and on PostgreSQL"

start_server
PG=$BASE
start_other_server env -u GREENLANE_AUDIT_KEY -u GREENLANE_AUDIT_ANCHORS "$GREENLANE" --db "$WORK/sq.db"
SQ=$OTHER_BASE
"$GREENLANE" serve --print-routes | awk '$1 == "GET" && $2 !~ /[{]/ && $2 != "/metrics" { print $2 }' >"$WORK/routes"
[ "$(wc -l <"$WORK/routes")" -gt 30 ] && ok "the routes to ask ($(wc -l <"$WORK/routes"))" || not_ok "routes"
cases=$(sql "SELECT COUNT(*) FROM cases")

python3 - "$SQ" "$PG" "$WORK/routes" "$cases" >"$WORK/compare" <<'PY'
import json, re, sys, urllib.request, urllib.error
sq, pg, routes, ncases = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().split(), int(sys.argv[4])
users = ["qiye1", "qiye2", "xianju", "fazhi", "lingdao", "shiju", "zhuanjia", "shuiwu", "shenpi",
         "zhujian", "jiaoyu", "chengguan", "xiangzhen", "admin"]
stamp = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z?")
# A session's own secret, and digests keyed with each database's own audit key (a visit's notes).
secret = re.compile(rb'"csrf_token":"[0-9a-f]+"')
keyed = re.compile(rb"blake2b:[0-9a-f]{64}")
chained = re.compile(rb'"(hash|head_hash|prev_hash)":"[0-9a-f]+"')  # the audit chain's, keyed too
def call(base, path, token=None, body=None):
    rq = urllib.request.Request(base + path, data=body, headers={"Content-Type": "application/json"})
    if token:
        rq.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(rq) as r:
            return r.status, r.read(), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers.get("Content-Type", "")
def token(base, user):
    _, b, _ = call(base, "/api/v1/session", body=json.dumps({"username": user, "password": "greenlane-demo"}).encode())
    return json.loads(b)["token"]
def norm(body, ctype):
    if "json" not in ctype:
        return (ctype, len(body) > 0)  # a workbook or a PDF: its kind, not its bytes
    body = secret.sub(b'"csrf_token":"S"', stamp.sub(b"T", body))
    return chained.sub(rb'"\1":"H"', keyed.sub(b"blake2b:K", body))
asked = differ = 0
paths = routes + ["/api/v1/cases/%d" % i for i in range(1, ncases + 1)] + [
    "/api/v1/work?today=2022-06-20", "/api/v1/cases?open=1", "/api/v1/enterprises?limit=500",
    "/api/v1/incentive?year=2021", "/api/v1/audit?limit=1000"]
for user in users:
    ts, tp = token(sq, user), token(pg, user)
    for path in paths:
        a, b = call(sq, path, ts), call(pg, path, tp)
        asked += 1
        if a[0] != b[0] or norm(a[1], a[2]) != norm(b[1], b[2]):
            differ += 1
            if differ <= 12:
                print("DIFF %s %s: %s vs %s" % (user, path, a[0], b[0]))
                x, y = norm(a[1], a[2]), norm(b[1], b[2])
                if isinstance(x, bytes):
                    i = next((k for k in range(min(len(x), len(y))) if x[k] != y[k]), min(len(x), len(y)))
                    print("  sqlite:     ...%s" % x[max(0, i - 80):i + 80].decode("utf-8", "replace"))
                    print("  postgresql: ...%s" % y[max(0, i - 80):i + 80].decode("utf-8", "replace"))
print("asked %d differ %d" % (asked, differ))
PY
summary=$(tail -n 1 "$WORK/compare")
[[ "$summary" == *" differ 0" ]] && ok "every answer the same from both ($summary)" || not_ok "answers differ ($summary)" "$(head -n 20 "$WORK/compare")"
done_testing
